#include "antevorta/net/backoff.hpp"

#include <algorithm>
#include <cmath>

namespace antevorta::net {

Backoff::Backoff(BackoffOptions options, std::uint64_t seed) : options_(options), rng_(seed) {}

std::optional<Duration> Backoff::next_delay() {
  if (options_.max_attempts > 0 && attempts_ >= options_.max_attempts) return std::nullopt;
  const double max_ns = static_cast<double>(options_.max.count());
  const double base_ns = std::min(max_ns, static_cast<double>(options_.initial.count()) *
                                              std::pow(options_.multiplier, attempts_));
  ++attempts_;
  const double jitter = std::clamp(options_.jitter, 0.0, 1.0);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const double delay_ns = base_ns * (1.0 - jitter * unit(rng_));
  return Duration(static_cast<Duration::rep>(delay_ns));
}

void Backoff::on_success(Timestamp now) { connected_since_ = now; }

void Backoff::on_lost(Timestamp now) {
  if (connected_since_ && now - *connected_since_ >= options_.healthy_after) attempts_ = 0;
  connected_since_.reset();
}

}  // namespace antevorta::net
