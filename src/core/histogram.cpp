#include "antevorta/core/histogram.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <chrono>
#include <functional>
#include <limits>

namespace antevorta {

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr std::array<Duration, 11> kDefaultLatencyBounds{
    milliseconds(5),    milliseconds(10),  milliseconds(25),  milliseconds(50),
    milliseconds(100),  milliseconds(250), milliseconds(500), seconds(1),
    milliseconds(2500), seconds(5),        seconds(10)};

}  // namespace

std::span<const Duration> Histogram::default_latency_bounds() noexcept {
  return kDefaultLatencyBounds;
}

Histogram::Histogram(std::span<const Duration> bounds)
    : bounds_(bounds.begin(), bounds.end()), counts_(bounds.size() + 1, 0) {
  assert(!bounds_.empty() && "a histogram needs at least one bucket bound");
  assert(bounds_.front() >= Duration::zero() && "bucket bounds are not negative");
  assert(std::adjacent_find(bounds_.begin(), bounds_.end(), std::greater_equal<>()) ==
             bounds_.end() &&
         "bucket bounds strictly increase");
}

void Histogram::observe(Duration d) noexcept {
  d = std::max(d, Duration::zero());
  // The first bound >= d: `le` is inclusive.
  const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), d);
  ++counts_[static_cast<std::size_t>(it - bounds_.begin())];
  ++count_;
  if (__builtin_add_overflow(sum_ns_, d.count(), &sum_ns_)) {
    sum_ns_ = std::numeric_limits<std::int64_t>::max();
  }
}

std::uint64_t Histogram::cumulative(std::size_t i) const noexcept {
  assert(i < counts_.size());
  std::uint64_t total = 0;
  for (std::size_t k = 0; k <= i; ++k) total += counts_[k];
  return total;
}

}  // namespace antevorta
