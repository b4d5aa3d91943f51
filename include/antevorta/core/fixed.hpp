// Fixed-point value types for Kalshi prices, contract counts and money.
//
// Kalshi sends prices as decimal-dollar strings ("0.5600") and counts as strings with two
// decimals ("10.00"). Internally:
//   Price  — centi-cents (1e-4 USD), 0..10000, one YES (or NO) contract price.
//   Count  — centi-contracts (0.01 contract), signed 64-bit (positions are signed).
//   Money  — centi-cents (1e-4 USD), signed 64-bit.
//
// Errors: parsing returns Expected<T, ParseError> (bad input is an expected outcome).
// Arithmetic that overflows throws ArithmeticOverflow: the values involved are far outside
// anything a market can produce, so it is a broken invariant, never a silent wrap.
#pragma once

#include <compare>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "antevorta/core/expected.hpp"

namespace antevorta {

enum class NumberError {
  empty,              // ""
  malformed,          // not [-]digits[.digits]
  too_many_decimals,  // more decimal places than the type holds
  negative,           // a negative value where the type forbids it
  out_of_range,       // outside the type's range (e.g. a price above 1)
};

std::string_view to_string(NumberError e) noexcept;

struct ParseError {
  NumberError code;
  std::string what;             // "price", "count", "money"
  std::string input;            // the rejected text
  std::string message() const;  // e.g. `invalid price "0.12345": more than 4 decimal places`
};

class ArithmeticOverflow : public std::overflow_error {
 public:
  using std::overflow_error::overflow_error;
};

enum class Rounding { down, up, nearest };

namespace detail {
// 128-bit intermediate for products of two 64-bit fixed-point values (GCC/Clang builtin).
__extension__ typedef __int128 int128;

// Parses "[-]digits[.digits]" into an integer scaled by 10^decimals. No sign '+', no
// exponent, no whitespace, no leading or trailing dot. Digits past `decimals` are accepted
// only when they are zeros and there are at most `max_decimals` of them in all (wire
// formats pad some fields to six places: "0.960000"); by default none are.
Expected<std::int64_t, NumberError> parse_decimal(std::string_view text, int decimals,
                                                  bool allow_negative,
                                                  int max_decimals = 0) noexcept;
std::string format_decimal(std::int64_t scaled, int decimals);
std::int64_t checked_add(std::int64_t a, std::int64_t b);
std::int64_t checked_sub(std::int64_t a, std::int64_t b);
std::int64_t checked_mul(std::int64_t a, std::int64_t b);
// a / b rounded as asked; b > 0.
std::int64_t divide(int128 a, int128 b, Rounding r);
}  // namespace detail

class Money;

// A contract price in centi-cents: 0 (= $0) .. 10000 (= $1).
class Price {
 public:
  static constexpr int kDecimals = 4;
  static constexpr std::int64_t kOne = 10000;

  constexpr Price() noexcept = default;

  // "0.56", "0.5600", "1", "0" (at most 4 decimals, 0 <= p <= 1).
  static Expected<Price, ParseError> parse(std::string_view text);
  static Expected<Price, ParseError> from_centicents(std::int64_t cc);
  // Legacy integer-cent payloads (0..100).
  static Expected<Price, ParseError> from_cents(std::int64_t cents);
  // For constants known to be valid; throws std::out_of_range otherwise.
  static Price of(std::int64_t cc);

  static constexpr Price zero() noexcept { return Price(0); }
  static constexpr Price one() noexcept { return Price(kOne); }

  constexpr std::int64_t centicents() const noexcept { return cc_; }
  // The other leg: a YES price x corresponds to a NO price 1 - x.
  constexpr Price complement() const noexcept { return Price(kOne - cc_); }
  // Canonical Kalshi form, four decimals: "0.5600".
  std::string to_string() const;

  friend constexpr auto operator<=>(Price, Price) noexcept = default;

 private:
  constexpr explicit Price(std::int64_t cc) noexcept : cc_(cc) {}
  std::int64_t cc_ = 0;
};

// A number of contracts in hundredths of a contract. Signed: a position can be short.
class Count {
 public:
  static constexpr int kDecimals = 2;
  static constexpr std::int64_t kOne = 100;

  constexpr Count() noexcept = default;

  // "10.00", "10", "0.5", "-3.00" (at most 2 decimals).
  static Expected<Count, ParseError> parse(std::string_view text);
  // Like parse, but a negative count is an error (order sizes, limits).
  static Expected<Count, ParseError> parse_non_negative(std::string_view text);
  static constexpr Count from_centi(std::int64_t centi) noexcept { return Count(centi); }
  static Count contracts(std::int64_t whole);  // throws ArithmeticOverflow

  constexpr std::int64_t centi() const noexcept { return centi_; }
  constexpr bool is_zero() const noexcept { return centi_ == 0; }
  Count abs() const;
  // Canonical Kalshi form, two decimals: "10.00".
  std::string to_string() const;

  friend constexpr auto operator<=>(Count, Count) noexcept = default;
  friend Count operator+(Count a, Count b) {
    return Count(detail::checked_add(a.centi_, b.centi_));
  }
  friend Count operator-(Count a, Count b) {
    return Count(detail::checked_sub(a.centi_, b.centi_));
  }
  Count operator-() const { return Count(detail::checked_sub(0, centi_)); }
  Count& operator+=(Count o) { return *this = *this + o; }
  Count& operator-=(Count o) { return *this = *this - o; }

 private:
  constexpr explicit Count(std::int64_t centi) noexcept : centi_(centi) {}
  std::int64_t centi_ = 0;
};

// An amount of US dollars in centi-cents (1e-4 USD), signed.
class Money {
 public:
  static constexpr int kDecimals = 4;
  static constexpr std::int64_t kDollar = 10000;
  static constexpr std::int64_t kCent = 100;

  constexpr Money() noexcept = default;

  // "1.75", "-0.0175", "12" (at most 4 decimals).
  static Expected<Money, ParseError> parse(std::string_view text);
  static constexpr Money from_centicents(std::int64_t cc) noexcept { return Money(cc); }
  static Money from_cents(std::int64_t cents);  // legacy integer-cent fields; throws on overflow
  static constexpr Money zero() noexcept { return Money(0); }

  constexpr std::int64_t centicents() const noexcept { return cc_; }
  constexpr bool is_zero() const noexcept { return cc_ == 0; }
  Money abs() const;
  // Rounds to a whole cent. Up/down are towards +inf/-inf.
  Money round_to_cent(Rounding r) const;
  // Canonical form, four decimals: "1.7500", "-0.0175".
  std::string to_string() const;

  friend constexpr auto operator<=>(Money, Money) noexcept = default;
  friend Money operator+(Money a, Money b) { return Money(detail::checked_add(a.cc_, b.cc_)); }
  friend Money operator-(Money a, Money b) { return Money(detail::checked_sub(a.cc_, b.cc_)); }
  friend Money operator*(Money a, std::int64_t k) { return Money(detail::checked_mul(a.cc_, k)); }
  Money operator-() const { return Money(detail::checked_sub(0, cc_)); }
  Money& operator+=(Money o) { return *this = *this + o; }
  Money& operator-=(Money o) { return *this = *this - o; }

 private:
  constexpr explicit Money(std::int64_t cc) noexcept : cc_(cc) {}
  std::int64_t cc_ = 0;
};

// price × count, e.g. the cost of buying `count` contracts at `price`. Exact when the
// product is a whole centi-cent; otherwise rounded as asked.
Money notional(Price price, Count count, Rounding rounding);

}  // namespace antevorta

template <>
struct std::hash<antevorta::Price> {
  std::size_t operator()(antevorta::Price p) const noexcept {
    return std::hash<std::int64_t>{}(p.centicents());
  }
};

template <>
struct fmt::formatter<antevorta::Price> : fmt::formatter<std::string_view> {
  auto format(antevorta::Price v, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(v.to_string(), ctx);
  }
};
template <>
struct fmt::formatter<antevorta::Count> : fmt::formatter<std::string_view> {
  auto format(antevorta::Count v, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(v.to_string(), ctx);
  }
};
template <>
struct fmt::formatter<antevorta::Money> : fmt::formatter<std::string_view> {
  auto format(antevorta::Money v, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(v.to_string(), ctx);
  }
};
