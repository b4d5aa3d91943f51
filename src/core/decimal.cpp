#include "antevorta/core/decimal.hpp"

#include <cmath>
#include <cstdlib>

namespace antevorta {

Expected<Decimal, ParseError> Decimal::parse(std::string_view text) {
  auto scaled = detail::parse_decimal(text, kDecimals, /*allow_negative=*/true,
                                      /*max_decimals=*/18);
  if (!scaled) return unexpected(ParseError{scaled.error(), "decimal", std::string(text)});
  return Decimal(*scaled);
}

Expected<Decimal, ParseError> Decimal::from_double(double value) {
  // %.15g prints the shortest text with 15 significant digits; for a double that came from
  // a decimal literal of <= 15 significant digits this is that literal again.
  if (!std::isfinite(value)) {
    return unexpected(ParseError{NumberError::malformed, "decimal", fmt::format("{}", value)});
  }
  std::string text = fmt::format("{:.15g}", value);
  if (text.find_first_of("eE") != std::string::npos) {
    // 1e-05 or 1e+20: either below the 8-decimal resolution or beyond the range.
    const bool tiny = std::fabs(value) < 1.0;
    if (tiny && value == 0.0) return Decimal(0);
    return unexpected(ParseError{tiny ? NumberError::too_many_decimals : NumberError::out_of_range,
                                 "decimal", text});
  }
  auto parsed = parse(text);
  if (!parsed) return parsed;
  // Reject values whose 15-digit rendering is not the double itself (more precision than a
  // decimal literal of 15 digits can carry): converting back must give the same double.
  if (std::strtod(text.c_str(), nullptr) != value) {
    return unexpected(ParseError{NumberError::too_many_decimals, "decimal", text});
  }
  return parsed;
}

Decimal Decimal::from_integer(std::int64_t whole) {
  return Decimal(detail::checked_mul(whole, kOne));
}

std::string Decimal::to_string() const {
  std::string text = detail::format_decimal(scaled_, kDecimals);
  const auto dot = text.find('.');
  if (dot != std::string::npos) {
    auto end = text.find_last_not_of('0');
    if (end == dot) --end;
    text.erase(end + 1);
  }
  return text;
}

}  // namespace antevorta
