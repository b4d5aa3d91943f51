#include "antevorta/strategy/digital.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace antevorta::strategy {

namespace {

constexpr double kSecondsPerYear = 365.0 * 24 * 3600;

constexpr double kInf = std::numeric_limits<double>::infinity();

// (ln(s / k) − v/2) / √v; ±∞ (a step, a tie up) when there is no variance left.
double lognormal_z(double s, double k, double v) noexcept {
  if (v <= 0) return s >= k ? kInf : -kInf;
  return (std::log(s / k) - v / 2) / std::sqrt(v);
}

}  // namespace

double normal_cdf(double x) noexcept { return 0.5 * std::erfc(-x / std::sqrt(2.0)); }

double per_second_volatility(double annualised) noexcept {
  return annualised / std::sqrt(kSecondsPerYear);
}

double annualised_volatility(double per_second) noexcept {
  return per_second * std::sqrt(kSecondsPerYear);
}

std::optional<double> average_digital_z(const AverageDigitalInput& in) noexcept {
  const bool finite = std::isfinite(in.index) && std::isfinite(in.target) &&
                      std::isfinite(in.sigma) && std::isfinite(in.seconds_to_close) &&
                      std::isfinite(in.window_seconds) && std::isfinite(in.running_average);
  if (!finite || in.index <= 0 || in.target <= 0 || in.sigma < 0 || in.window_seconds <= 0 ||
      in.window_samples <= 0) {
    return std::nullopt;
  }
  const int n = in.window_samples;
  const int k = std::clamp(in.samples, 0, n);
  const double left = std::max(0.0, in.seconds_to_close);
  const double var_rate = in.sigma * in.sigma;

  if (k > 0 && (k == n || left <= 0)) return in.running_average >= in.target ? kInf : -kInf;
  if (left <= 0) return in.index >= in.target ? kInf : -kInf;

  if (left > in.window_seconds) {
    // The whole window is ahead: it starts τ = left − W from now.
    const double tau = left - in.window_seconds;
    return lognormal_z(in.index, in.target, var_rate * (tau + in.window_seconds / 3));
  }
  if (k == 0) {
    // Inside the window with nothing known of it: the remaining part is the whole window.
    return lognormal_z(in.index, in.target, var_rate * left / 3);
  }
  const int m = n - k;
  const double needed = (n * in.target - k * in.running_average) / m;
  if (needed <= 0) return kInf;
  return lognormal_z(in.index, needed, var_rate * left / 3);
}

std::optional<double> average_digital_probability(const AverageDigitalInput& in) noexcept {
  const auto z = average_digital_z(in);
  if (!z) return std::nullopt;
  return normal_cdf(*z);
}

}  // namespace antevorta::strategy
