#include "antevorta/core/fixed.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace antevorta {

std::string_view to_string(NumberError e) noexcept {
  switch (e) {
    case NumberError::empty:
      return "empty";
    case NumberError::malformed:
      return "not a decimal number";
    case NumberError::too_many_decimals:
      return "too many decimal places";
    case NumberError::negative:
      return "must not be negative";
    case NumberError::out_of_range:
      return "out of range";
  }
  return "invalid";
}

std::string ParseError::message() const {
  return fmt::format("invalid {} \"{}\": {}", what, input, to_string(code));
}

namespace detail {

namespace {
constexpr std::int64_t pow10(int n) {
  std::int64_t r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}
}  // namespace

Expected<std::int64_t, NumberError> parse_decimal(std::string_view text, int decimals,
                                                  bool allow_negative, int max_decimals) noexcept {
  if (text.empty()) return unexpected(NumberError::empty);
  std::size_t i = 0;
  bool negative = false;
  if (text[0] == '-') {
    negative = true;
    i = 1;
  }
  // Integer part: at least one digit.
  const std::size_t int_begin = i;
  std::int64_t value = 0;
  bool overflow = false;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    if (__builtin_mul_overflow(value, std::int64_t{10}, &value) ||
        __builtin_add_overflow(value, std::int64_t{text[i] - '0'}, &value)) {
      overflow = true;
    }
    ++i;
  }
  if (i == int_begin) return unexpected(NumberError::malformed);
  int frac_digits = 0;
  std::int64_t frac = 0;
  bool too_many = false;
  if (i < text.size()) {
    if (text[i] != '.') return unexpected(NumberError::malformed);
    ++i;
    const std::size_t frac_begin = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      if (frac_digits < decimals) {
        frac = frac * 10 + (text[i] - '0');
      } else if (text[i] != '0' || frac_digits >= std::max(decimals, max_decimals)) {
        too_many = true;
      }
      ++frac_digits;
      ++i;
    }
    if (i == frac_begin || i != text.size()) return unexpected(NumberError::malformed);
  }
  if (too_many) return unexpected(NumberError::too_many_decimals);
  frac_digits = std::min(frac_digits, decimals);
  std::int64_t scaled = 0;
  if (overflow || __builtin_mul_overflow(value, pow10(decimals), &scaled) ||
      __builtin_add_overflow(scaled, frac * pow10(decimals - frac_digits), &scaled)) {
    return unexpected(NumberError::out_of_range);
  }
  if (negative && scaled != 0) {
    if (!allow_negative) return unexpected(NumberError::negative);
    scaled = -scaled;
  }
  return scaled;
}

std::string format_decimal(std::int64_t scaled, int decimals) {
  const std::int64_t unit = pow10(decimals);
  // Work on the unsigned magnitude so that INT64_MIN formats correctly.
  const bool negative = scaled < 0;
  const std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(scaled)
                                           : static_cast<std::uint64_t>(scaled);
  const auto u = static_cast<std::uint64_t>(unit);
  return fmt::format("{}{}.{:0{}}", negative ? "-" : "", magnitude / u, magnitude % u, decimals);
}

std::int64_t checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) throw ArithmeticOverflow("fixed-point addition overflow");
  return r;
}

std::int64_t checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_sub_overflow(a, b, &r)) {
    throw ArithmeticOverflow("fixed-point subtraction overflow");
  }
  return r;
}

std::int64_t checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t r = 0;
  if (__builtin_mul_overflow(a, b, &r)) {
    throw ArithmeticOverflow("fixed-point multiplication overflow");
  }
  return r;
}

std::int64_t divide(int128 a, int128 b, Rounding r) {
  int128 q = a / b;
  const int128 rem = a % b;
  if (rem != 0) {
    switch (r) {
      case Rounding::down:
        if (a < 0) --q;  // C++ truncates towards zero; floor wants -inf.
        break;
      case Rounding::up:
        if (a > 0) ++q;
        break;
      case Rounding::nearest: {
        const int128 twice = (rem < 0 ? -rem : rem) * 2;
        if (twice >= b) q += (a < 0 ? -1 : 1);  // half away from zero
        break;
      }
    }
  }
  if (q > std::numeric_limits<std::int64_t>::max() ||
      q < std::numeric_limits<std::int64_t>::min()) {
    throw ArithmeticOverflow("fixed-point division result out of range");
  }
  return static_cast<std::int64_t>(q);
}

}  // namespace detail

// ---- Price ------------------------------------------------------------------------------

Expected<Price, ParseError> Price::parse(std::string_view text) {
  auto v = detail::parse_decimal(text, kDecimals, /*allow_negative=*/false);
  if (!v) return unexpected(ParseError{v.error(), "price", std::string(text)});
  if (*v > kOne)
    return unexpected(ParseError{NumberError::out_of_range, "price", std::string(text)});
  return Price(*v);
}

Expected<Price, ParseError> Price::from_centicents(std::int64_t cc) {
  if (cc < 0) return unexpected(ParseError{NumberError::negative, "price", std::to_string(cc)});
  if (cc > kOne)
    return unexpected(ParseError{NumberError::out_of_range, "price", std::to_string(cc)});
  return Price(cc);
}

Expected<Price, ParseError> Price::from_cents(std::int64_t cents) {
  if (cents < 0)
    return unexpected(ParseError{NumberError::negative, "price", std::to_string(cents)});
  if (cents > 100) {
    return unexpected(ParseError{NumberError::out_of_range, "price", std::to_string(cents)});
  }
  return Price(cents * 100);
}

Price Price::of(std::int64_t cc) {
  if (cc < 0 || cc > kOne) throw std::out_of_range(fmt::format("price {} centi-cents", cc));
  return Price(cc);
}

std::string Price::to_string() const { return detail::format_decimal(cc_, kDecimals); }

// ---- Count ------------------------------------------------------------------------------

Expected<Count, ParseError> Count::parse(std::string_view text) {
  auto v = detail::parse_decimal(text, kDecimals, /*allow_negative=*/true);
  if (!v) return unexpected(ParseError{v.error(), "count", std::string(text)});
  return Count(*v);
}

Expected<Count, ParseError> Count::parse_non_negative(std::string_view text) {
  auto v = detail::parse_decimal(text, kDecimals, /*allow_negative=*/false);
  if (!v) return unexpected(ParseError{v.error(), "count", std::string(text)});
  return Count(*v);
}

Count Count::contracts(std::int64_t whole) { return Count(detail::checked_mul(whole, kOne)); }

Count Count::abs() const { return centi_ < 0 ? -*this : *this; }

std::string Count::to_string() const { return detail::format_decimal(centi_, kDecimals); }

// ---- Money ------------------------------------------------------------------------------

Expected<Money, ParseError> Money::parse(std::string_view text) {
  auto v = detail::parse_decimal(text, kDecimals, /*allow_negative=*/true);
  if (!v) return unexpected(ParseError{v.error(), "money", std::string(text)});
  return Money(*v);
}

Money Money::from_cents(std::int64_t cents) { return Money(detail::checked_mul(cents, kCent)); }

Money Money::abs() const { return cc_ < 0 ? -*this : *this; }

Money Money::round_to_cent(Rounding r) const {
  return Money(detail::checked_mul(detail::divide(cc_, kCent, r), kCent));
}

std::string Money::to_string() const { return detail::format_decimal(cc_, kDecimals); }

Money notional(Price price, Count count, Rounding rounding) {
  // centi-cents × centi-contracts = 1e-6 USD; one hundredth of that is a centi-cent.
  const detail::int128 product = static_cast<detail::int128>(price.centicents()) * count.centi();
  return Money::from_centicents(detail::divide(product, Count::kOne, rounding));
}

}  // namespace antevorta
