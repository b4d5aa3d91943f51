// Kalshi trading fees (API-NOTES §9).
//
//   fee = M × k × 0.07 × C × P × (1 − P)
// C contracts at price P (dollars); M the fee multiplier (series `fee_multiplier`, or the
// event's `fee_multiplier_override`); k = 1 for the taker side, and for the maker side
// 0 / 0.25 / 0.5 by fee type (`quadratic` / `quadratic_with_maker_fees` /
// `quadratic_with_combo_maker_fees`).
//
// Two roundings, both upward: to the cent per order execution (the fee schedule), and to
// $0.0001 per fill (2026 mechanics for direct members). The exact product is computed in
// 128-bit integers, so rounding happens once, on the exact value.
//
// Errors: unknown fee types are values (std::nullopt); the `flat` type has no formula here
// and yields std::nullopt, which callers must treat as "fee unknown" (risk fails closed).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "antevorta/core/expected.hpp"
#include "antevorta/core/fixed.hpp"

namespace antevorta::kalshi {

enum class FeeType { quadratic, quadratic_with_maker_fees, quadratic_with_combo_maker_fees, flat };

std::optional<FeeType> parse_fee_type(std::string_view text) noexcept;
std::string_view to_string(FeeType type) noexcept;

// A non-negative fee multiplier with six decimals ("1", "0.5", "0.035").
class FeeMultiplier {
 public:
  static constexpr std::int64_t kOne = 1'000'000;
  constexpr FeeMultiplier() noexcept = default;
  static Expected<FeeMultiplier, ParseError> parse(std::string_view text);
  // The API sends the multiplier as a JSON number; it is rounded to six decimals.
  static std::optional<FeeMultiplier> from_double(double value) noexcept;
  static constexpr FeeMultiplier one() noexcept { return FeeMultiplier(kOne); }
  constexpr std::int64_t micros() const noexcept { return micros_; }
  std::string to_string() const;
  friend constexpr auto operator<=>(FeeMultiplier, FeeMultiplier) noexcept = default;

 private:
  constexpr explicit FeeMultiplier(std::int64_t micros) noexcept : micros_(micros) {}
  std::int64_t micros_ = kOne;
};

struct FeeSchedule {
  FeeType type = FeeType::quadratic;
  FeeMultiplier multiplier = FeeMultiplier::one();

  // The market's effective schedule: an event override, when present, wins.
  static FeeSchedule effective(FeeType series_type, FeeMultiplier series_multiplier,
                               std::optional<FeeType> event_type_override,
                               std::optional<FeeMultiplier> event_multiplier_override) noexcept;
};

enum class Liquidity { taker, maker };

enum class FeeRounding {
  order_cent,      // rounded up to $0.01 per order execution (fee schedule)
  fill_centicent,  // rounded up to $0.0001 per fill (direct members)
};

// The fee for trading `count` contracts (its absolute value) at `price`.
std::optional<Money> trading_fee(const FeeSchedule& schedule, Liquidity liquidity, Price price,
                                 Count count, FeeRounding rounding);

// The probability at which buying `count` contracts at `price` and paying `fee` breaks even:
// (C × P + fee) / C. Zero count yields std::nullopt.
std::optional<double> break_even_probability(Price price, Count count, Money fee) noexcept;

}  // namespace antevorta::kalshi
