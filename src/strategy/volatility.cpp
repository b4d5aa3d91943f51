#include "antevorta/strategy/volatility.hpp"

#include <cmath>

namespace antevorta::strategy {

void EwmaVolatility::observe(double value, Timestamp at) noexcept {
  if (!(value > 0) || !std::isfinite(value)) return;
  const std::int64_t bucket = at.time_since_epoch() / options_.interval;
  if (bucket_ && bucket < *bucket_) return;  // older than what we have
  if (bucket_ && bucket > *bucket_) add_sample(bucket_value_, *bucket_);
  bucket_ = bucket;
  bucket_value_ = value;
}

void EwmaVolatility::add_sample(double value, std::int64_t bucket) noexcept {
  if (sample_bucket_) {
    const std::int64_t steps = bucket - *sample_bucket_;
    const double dt =
        std::chrono::duration<double>(options_.interval).count() * static_cast<double>(steps);
    if (options_.interval * steps <= options_.max_gap && dt > 0) {
      const double r = std::log(value / sample_value_);
      const double half_life = std::chrono::duration<double>(options_.half_life).count();
      const double alpha = samples_ == 0 ? 1.0 : 1.0 - std::exp2(-dt / half_life);
      variance_ = alpha * (r * r / dt) + (1 - alpha) * variance_;
      ++samples_;
    }
  }
  sample_bucket_ = bucket;
  sample_value_ = value;
}

std::optional<double> EwmaVolatility::sigma() const noexcept {
  if (samples_ < options_.min_samples) return std::nullopt;
  return raw_sigma();
}

std::optional<double> EwmaVolatility::raw_sigma() const noexcept {
  if (samples_ == 0) return std::nullopt;
  return std::sqrt(variance_);
}

}  // namespace antevorta::strategy
