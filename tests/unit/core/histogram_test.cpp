#include "antevorta/core/histogram.hpp"

#include <array>
#include <chrono>
#include <cstdint>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

namespace antevorta {
namespace {

using namespace std::chrono_literals;

std::vector<std::uint64_t> counts_of(const Histogram& h) {
  return {h.counts().begin(), h.counts().end()};
}

TEST(Histogram, DefaultLatencyBoundsRunFrom5msTo10s) {
  const std::vector<Duration> expected{5ms,   10ms,   25ms,   50ms, 100ms, 250ms,
                                       500ms, 1000ms, 2500ms, 5s,   10s};
  const auto bounds = Histogram::default_latency_bounds();
  EXPECT_EQ(std::vector<Duration>(bounds.begin(), bounds.end()), expected);
  const Histogram h;
  EXPECT_EQ(h.bounds().size(), 11u);
  EXPECT_EQ(h.counts().size(), 12u);  // 11 bounds + the overflow bucket
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.sum(), Duration::zero());
}

TEST(Histogram, AnObservationAtABoundGoesInThatBucket) {
  const std::array<Duration, 3> bounds{5ms, 10ms, 25ms};
  Histogram h(bounds);
  h.observe(0ns);         // bucket 0: 0 <= 5ms
  h.observe(5ms);         // bucket 0: le is inclusive
  h.observe(5ms + 1ns);   // bucket 1: just above 5ms
  h.observe(10ms);        // bucket 1
  h.observe(25ms);        // bucket 2
  h.observe(25ms + 1ns);  // overflow: above the last bound
  h.observe(3600s);       // overflow
  EXPECT_EQ(counts_of(h), (std::vector<std::uint64_t>{2, 2, 1, 2}));
  EXPECT_EQ(h.count(), 7u);
  // 0 + 5ms + (5ms + 1ns) + 10ms + 25ms + (25ms + 1ns) + 3600s = 3600.070000002 s
  EXPECT_EQ(h.sum(), 3600s + 70ms + 2ns);
  // Cumulative: le=5ms → 2, le=10ms → 2+2 = 4, le=25ms → 4+1 = 5, overflow → 5+2 = 7.
  EXPECT_EQ(h.cumulative(0), 2u);
  EXPECT_EQ(h.cumulative(1), 4u);
  EXPECT_EQ(h.cumulative(2), 5u);
  EXPECT_EQ(h.cumulative(3), 7u);
}

TEST(Histogram, NegativeObservationCountsAsZero) {
  const std::array<Duration, 2> bounds{0ns, 1ms};
  Histogram h(bounds);
  h.observe(-3ms);  // a wall clock stepped back: counted in the le=0 bucket, adds nothing
  h.observe(1ns);
  EXPECT_EQ(counts_of(h), (std::vector<std::uint64_t>{1, 1, 0}));
  EXPECT_EQ(h.count(), 2u);
  EXPECT_EQ(h.sum(), 1ns);
}

TEST(Histogram, SumSaturatesInsteadOfWrapping) {
  const std::array<Duration, 1> bounds{1s};
  Histogram h(bounds);
  const Duration max = Duration::max();
  h.observe(max);
  h.observe(1ns);  // max + 1ns would wrap to the most negative value
  h.observe(max);
  EXPECT_EQ(h.sum(), max);
  EXPECT_EQ(h.count(), 3u);
  EXPECT_EQ(counts_of(h), (std::vector<std::uint64_t>{1, 2}));
}

TEST(Histogram, CopiesItsBounds) {
  std::vector<Duration> bounds{1ms, 2ms};
  Histogram h(bounds);
  bounds[0] = 100ms;  // the caller's storage changes; the histogram's does not
  h.observe(1500us);
  EXPECT_EQ(h.bounds()[0], 1ms);
  EXPECT_EQ(counts_of(h), (std::vector<std::uint64_t>{0, 1, 0}));
}

#ifndef NDEBUG
TEST(HistogramDeathTest, BoundsMustStrictlyIncrease) {
  const std::array<Duration, 2> same{5ms, 5ms};
  EXPECT_DEATH(Histogram{same}, "strictly increase");
  EXPECT_DEATH(Histogram{std::span<const Duration>{}}, "at least one");
}
#endif

}  // namespace
}  // namespace antevorta
