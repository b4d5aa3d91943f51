#include "antevorta/net/backoff.hpp"

#include <gtest/gtest.h>

namespace antevorta::net {
namespace {

using namespace std::chrono_literals;

TEST(Backoff, GrowsExponentiallyToTheCapWithoutJitter) {
  Backoff b({.initial = 100ms, .max = 1s, .multiplier = 2.0, .jitter = 0.0});
  EXPECT_EQ(b.next_delay(), Duration(100ms));
  EXPECT_EQ(b.next_delay(), Duration(200ms));
  EXPECT_EQ(b.next_delay(), Duration(400ms));
  EXPECT_EQ(b.next_delay(), Duration(800ms));
  EXPECT_EQ(b.next_delay(), Duration(1s));
  EXPECT_EQ(b.next_delay(), Duration(1s));
  EXPECT_EQ(b.attempts(), 6);
}

TEST(Backoff, JitterStaysWithinBoundsAndVaries) {
  Backoff b({.initial = 1s, .max = 1s, .multiplier = 2.0, .jitter = 0.5}, 42);
  Duration lo = Duration::max();
  Duration hi = Duration::zero();
  for (int i = 0; i < 200; ++i) {
    const Duration d = *b.next_delay();
    ASSERT_GE(d, Duration(500ms));
    ASSERT_LE(d, Duration(1s));
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  EXPECT_LT(lo, Duration(600ms));
  EXPECT_GT(hi, Duration(900ms));
}

TEST(Backoff, SameSeedSameDelays) {
  Backoff a({}, 7);
  Backoff b({}, 7);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(a.next_delay(), b.next_delay());
}

TEST(Backoff, MaxAttemptsEndsRetries) {
  Backoff b({.jitter = 0.0, .max_attempts = 2});
  EXPECT_TRUE(b.next_delay().has_value());
  EXPECT_TRUE(b.next_delay().has_value());
  EXPECT_FALSE(b.next_delay().has_value());
}

TEST(Backoff, ResetsOnlyAfterAHealthyPeriod) {
  ManualClock clock;
  Backoff b({.initial = 100ms, .jitter = 0.0, .healthy_after = 60s});
  (void)b.next_delay();
  (void)b.next_delay();
  b.on_success(clock.now());
  clock.advance(10s);
  b.on_lost(clock.now());  // flapping: keep backing off
  EXPECT_EQ(b.attempts(), 2);
  EXPECT_EQ(b.next_delay(), Duration(400ms));
  b.on_success(clock.now());
  clock.advance(61s);
  b.on_lost(clock.now());  // was healthy: start again from the initial delay
  EXPECT_EQ(b.attempts(), 0);
  EXPECT_EQ(b.next_delay(), Duration(100ms));
}

}  // namespace
}  // namespace antevorta::net
