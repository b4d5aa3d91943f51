#include "antevorta/kalshi/fees.hpp"

#include <cmath>
#include <limits>

namespace antevorta::kalshi {

namespace {
struct Ratio {
  std::int64_t num;
  std::int64_t den;
};

std::optional<Ratio> liquidity_factor(FeeType type, Liquidity liquidity) {
  if (type == FeeType::flat) return std::nullopt;
  if (liquidity == Liquidity::taker) return Ratio{1, 1};
  switch (type) {
    case FeeType::quadratic:
      return Ratio{0, 1};
    case FeeType::quadratic_with_maker_fees:
      return Ratio{1, 4};
    case FeeType::quadratic_with_combo_maker_fees:
      return Ratio{1, 2};
    case FeeType::flat:
      break;
  }
  return std::nullopt;
}
}  // namespace

std::optional<FeeType> parse_fee_type(std::string_view text) noexcept {
  if (text == "quadratic") return FeeType::quadratic;
  if (text == "quadratic_with_maker_fees") return FeeType::quadratic_with_maker_fees;
  if (text == "quadratic_with_combo_maker_fees") return FeeType::quadratic_with_combo_maker_fees;
  if (text == "flat") return FeeType::flat;
  return std::nullopt;
}

std::string_view to_string(FeeType type) noexcept {
  switch (type) {
    case FeeType::quadratic:
      return "quadratic";
    case FeeType::quadratic_with_maker_fees:
      return "quadratic_with_maker_fees";
    case FeeType::quadratic_with_combo_maker_fees:
      return "quadratic_with_combo_maker_fees";
    case FeeType::flat:
      return "flat";
  }
  return "unknown";
}

Expected<FeeMultiplier, ParseError> FeeMultiplier::parse(std::string_view text) {
  auto v = detail::parse_decimal(text, 6, /*allow_negative=*/false);
  if (!v) return unexpected(ParseError{v.error(), "fee multiplier", std::string(text)});
  return FeeMultiplier(*v);
}

std::optional<FeeMultiplier> FeeMultiplier::from_double(double value) noexcept {
  if (!std::isfinite(value) || value < 0 || value > 1e6) return std::nullopt;
  return FeeMultiplier(std::llround(value * static_cast<double>(kOne)));
}

std::string FeeMultiplier::to_string() const {
  std::string s = detail::format_decimal(micros_, 6);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

FeeSchedule FeeSchedule::effective(
    FeeType series_type, FeeMultiplier series_multiplier,
    std::optional<FeeType> event_type_override,
    std::optional<FeeMultiplier> event_multiplier_override) noexcept {
  return FeeSchedule{event_type_override.value_or(series_type),
                     event_multiplier_override.value_or(series_multiplier)};
}

std::optional<Money> trading_fee(const FeeSchedule& schedule, Liquidity liquidity, Price price,
                                 Count count, FeeRounding rounding) {
  const auto k = liquidity_factor(schedule.type, liquidity);
  if (!k) return std::nullopt;
  using detail::int128;
  // centi-cents = M_micro × k × 7 × C_centi × P_cc × (1 − P)_cc / (1e6 × 100 × 100 × 1e4)
  const int128 numerator = int128{schedule.multiplier.micros()} * k->num * 7 * count.abs().centi() *
                           price.centicents() * price.complement().centicents();
  int128 denominator = int128{k->den} * 100'000'000'000'000;  // 1e14
  if (rounding == FeeRounding::order_cent) denominator *= Money::kCent;
  std::int64_t units = detail::divide(numerator, denominator, Rounding::up);
  if (rounding == FeeRounding::order_cent) units = detail::checked_mul(units, Money::kCent);
  return Money::from_centicents(units);
}

std::optional<double> break_even_probability(Price price, Count count, Money fee) noexcept {
  if (count.is_zero()) return std::nullopt;
  const double contracts = static_cast<double>(count.abs().centi()) / Count::kOne;
  const double cost = static_cast<double>(price.centicents()) / Price::kOne * contracts;
  return (cost + static_cast<double>(fee.centicents()) / Money::kDollar) / contracts;
}

}  // namespace antevorta::kalshi
