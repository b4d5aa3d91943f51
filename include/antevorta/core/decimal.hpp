// Decimal: an exact signed decimal with 8 fractional digits, for values that are neither
// prices nor counts: index and spot prices of crypto assets ("68000.12000000"), strikes
// (`floor_strike` 78934.67), settlement averages. Stored as an int64 scaled by 1e8, so
// magnitudes up to about 9.2e10 are exact.
//
// Errors: parsing returns Expected<Decimal, ParseError>. Text with more than 8 decimals is
// accepted only when the extra digits are zeros. from_double() exists for JSON numbers read
// through a double (nlohmann): it is exact only for values with at most 15 significant
// digits, and refuses anything else rather than guessing.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "antevorta/core/fixed.hpp"

namespace antevorta {

class Decimal {
 public:
  static constexpr int kDecimals = 8;
  static constexpr std::int64_t kOne = 100'000'000;

  constexpr Decimal() noexcept = default;
  static Expected<Decimal, ParseError> parse(std::string_view text);
  static Expected<Decimal, ParseError> from_double(double value);
  static constexpr Decimal from_scaled(std::int64_t scaled) noexcept { return Decimal(scaled); }
  static Decimal from_integer(std::int64_t whole);  // throws ArithmeticOverflow

  constexpr std::int64_t scaled() const noexcept { return scaled_; }
  // For indicators and models only (volatility, probabilities), never for money.
  double to_double() const noexcept { return static_cast<double>(scaled_) / kOne; }
  // Canonical text: no trailing zeros past the point, at least one digit ("68000.12", "5").
  std::string to_string() const;

  friend constexpr auto operator<=>(Decimal, Decimal) noexcept = default;
  friend Decimal operator+(Decimal a, Decimal b) {
    return Decimal(detail::checked_add(a.scaled_, b.scaled_));
  }
  friend Decimal operator-(Decimal a, Decimal b) {
    return Decimal(detail::checked_sub(a.scaled_, b.scaled_));
  }

 private:
  constexpr explicit Decimal(std::int64_t scaled) noexcept : scaled_(scaled) {}
  std::int64_t scaled_ = 0;
};

}  // namespace antevorta

template <>
struct fmt::formatter<antevorta::Decimal> : fmt::formatter<std::string_view> {
  auto format(antevorta::Decimal v, format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(v.to_string(), ctx);
  }
};
