#include "params.hpp"

#include <string>

#include <fmt/format.h>

#include "antevorta/core/decimal.hpp"

namespace antevorta::strategy::detail {

bool read_number(config::Reader& r, std::string_view key, double& out, double lo, double hi,
                 bool lo_open) {
  if (!r.has(key)) return true;
  std::string text;
  if (!r.read(key, text)) return false;
  const auto parsed = Decimal::parse(text);
  if (!parsed) {
    r.error(key, fmt::format("must be a decimal number, was \"{}\"", text));
    return false;
  }
  const double value = parsed->to_double();
  if ((lo_open ? value <= lo : value < lo) || value > hi) {
    r.error(key,
            fmt::format("must be {} {} and <= {}, was {}", lo_open ? ">" : ">=", lo, hi, text));
    return false;
  }
  out = value;
  return true;
}

bool read_seconds(config::Reader& r, std::string_view key, Duration& out, std::int64_t lo,
                  std::int64_t hi) {
  if (!r.has(key)) return true;
  std::int64_t seconds = 0;
  if (!r.read(key, seconds) || !r.check_between(key, seconds, lo, hi)) return false;
  out = std::chrono::seconds(seconds);
  return true;
}

bool read_entry_window(config::Reader& r, Duration& min_to_close, Duration& max_to_close,
                       std::int64_t limit) {
  bool ok = read_seconds(r, "min_seconds_to_close", min_to_close, 0, limit);
  ok = read_seconds(r, "max_seconds_to_close", max_to_close, 1, limit) && ok;
  if (ok && min_to_close >= max_to_close) {
    r.error("max_seconds_to_close", "must be greater than min_seconds_to_close");
    return false;
  }
  return ok;
}

}  // namespace antevorta::strategy::detail
