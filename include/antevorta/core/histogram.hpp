// A fixed-bucket latency histogram: the bucket upper bounds are given at construction, each
// observation increments the one bucket it falls in, the total count and the sum. Storage is
// integers only (counts, nanoseconds); the Prometheus writer turns it into seconds.
//
// Buckets follow Prometheus `le` semantics: an observation d goes in the first bucket whose
// bound b satisfies d <= b (a bound is inclusive), or in the overflow bucket past the last
// bound (the part of `+Inf` that no finite bucket holds).
//
// Errors: bounds that are empty, negative or not strictly increasing are a broken invariant
// (assert). A negative observation (a wall clock stepped back between two reads) counts as
// zero. The sum saturates at the largest Duration (~292 years) instead of wrapping.
// Cost: the constructor allocates; observe() is O(log buckets) and never allocates.
// Threading: none; one owner (the io_context thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "antevorta/core/clock.hpp"

namespace antevorta {

class Histogram {
 public:
  // 5, 10, 25, 50, 100, 250, 500 ms, 1, 2.5, 5, 10 s.
  static std::span<const Duration> default_latency_bounds() noexcept;

  Histogram() : Histogram(default_latency_bounds()) {}
  explicit Histogram(std::span<const Duration> bounds);

  void observe(Duration d) noexcept;

  std::span<const Duration> bounds() const noexcept { return bounds_; }
  // bounds().size() + 1 entries, not cumulative: counts()[i] holds the observations in
  // (bounds[i-1], bounds[i]]; the last entry those above the last bound.
  std::span<const std::uint64_t> counts() const noexcept { return counts_; }
  // Observations <= bounds()[i] (the Prometheus `_bucket{le=bounds[i]}` value).
  std::uint64_t cumulative(std::size_t i) const noexcept;
  std::uint64_t count() const noexcept { return count_; }
  Duration sum() const noexcept { return Duration(sum_ns_); }

 private:
  std::vector<Duration> bounds_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::int64_t sum_ns_ = 0;
};

}  // namespace antevorta
