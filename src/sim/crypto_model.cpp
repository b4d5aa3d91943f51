#include "antevorta/sim/crypto_model.hpp"

#include <algorithm>
#include <cmath>

namespace antevorta::sim {

namespace {

constexpr double kSecondsPerYear = 365.25 * 24 * 3600;

double normal_cdf(double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

}  // namespace

IndexAverage settlement_average(const IndexPath& index, std::int64_t close_s) {
  return index.average(close_s - kSettlementSeconds + 1, close_s);
}

std::optional<std::int64_t> final_minute_close(std::int64_t unix_s, std::int64_t window_s) {
  if (window_s <= 0) return std::nullopt;
  std::int64_t close = unix_s / window_s * window_s;
  if (close < unix_s) close += window_s;
  if (close - unix_s < kSettlementSeconds) return close;
  return std::nullopt;
}

double digital_probability(const DigitalInputs& in) {
  const auto n = static_cast<double>(in.accumulated_count);
  const double m = static_cast<double>(kSettlementSeconds) - n;
  if (m <= 0.0) {
    return in.accumulated_sum / static_cast<double>(kSettlementSeconds) >= in.target ? 1.0 : 0.0;
  }
  // The mean the remaining m samples must reach.
  const double threshold =
      (static_cast<double>(kSettlementSeconds) * in.target - in.accumulated_sum) / m;
  if (threshold <= 0.0) return 1.0;
  if (in.spot <= 0.0) return 0.0;
  const double g = std::max(0.0, in.seconds_to_close - (m - 1.0));
  const double var_seconds = g + (m - 1.0) * (2.0 * m - 1.0) / (6.0 * m);
  const double v = in.annual_vol * in.annual_vol * var_seconds / kSecondsPerYear;
  if (!(v > 1e-18)) return in.spot >= threshold ? 1.0 : 0.0;
  const double d = (std::log(in.spot / threshold) - 0.5 * v) / std::sqrt(v);
  return normal_cdf(d);
}

}  // namespace antevorta::sim
