// EwmaVolatility: an exponentially weighted estimate of an index's volatility, per √second.
//
// The index is sampled on a fixed grid (one value per `interval`, the last value seen in
// each interval, as the CF real-time indices are one-second series); each new sample adds
// its squared log return over the elapsed intervals, r² / Δt, to an EWMA whose weight decays
// with `half_life` of clock time: α = 1 − 2^(−Δt / half_life). A gap longer than `max_gap`
// (a feed outage) restarts the return chain without adding the jump. The estimate is ready
// after `min_samples` returns; before that (and with no data) it is nullopt.
//
// Errors: non-positive values are ignored. Threading: one owner; pure (time is an argument).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "antevorta/core/clock.hpp"

namespace antevorta::strategy {

struct EwmaVolatilityOptions {
  Duration interval = std::chrono::seconds(1);
  Duration half_life = std::chrono::seconds(300);
  Duration max_gap = std::chrono::seconds(30);
  int min_samples = 30;
};

class EwmaVolatility {
 public:
  explicit EwmaVolatility(EwmaVolatilityOptions options = {}) : options_(options) {}

  // The index was `value` at `at` (observations in time order; an older one is ignored).
  void observe(double value, Timestamp at) noexcept;

  // σ per √second, once min_samples returns were seen.
  std::optional<double> sigma() const noexcept;
  // The raw estimate, even before min_samples (nullopt without any return).
  std::optional<double> raw_sigma() const noexcept;
  int samples() const noexcept { return samples_; }

 private:
  void add_sample(double value, std::int64_t bucket) noexcept;

  EwmaVolatilityOptions options_;
  // The interval being filled and the last value seen in it.
  std::optional<std::int64_t> bucket_;
  double bucket_value_ = 0;
  // The last completed sample.
  std::optional<std::int64_t> sample_bucket_;
  double sample_value_ = 0;
  double variance_ = 0;  // per second
  int samples_ = 0;
};

}  // namespace antevorta::strategy
