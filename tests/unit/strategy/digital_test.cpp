// The digital on the settlement average (digital.hpp) and the EWMA volatility
// (volatility.hpp): hand-computed values, the rule's edges, and sanity (at the money ≈ 0.5,
// deep in or out → 1 or 0, monotonic in distance and time).
#include "antevorta/strategy/digital.hpp"

#include <chrono>
#include <cmath>

#include <gtest/gtest.h>

#include "antevorta/strategy/volatility.hpp"

#include "unit/strategy/strategy_test_support.hpp"

namespace antevorta::strategy::testing {
namespace {

using namespace std::chrono_literals;

AverageDigitalInput before_window(double index, double target, double seconds_to_close) {
  AverageDigitalInput in;
  in.index = index;
  in.target = target;
  in.sigma = 1e-3;  // per √second (≈ 5.6 per year: volatile, so the numbers are readable)
  in.seconds_to_close = seconds_to_close;
  return in;
}

TEST(Digital, NormalCdf) {
  EXPECT_DOUBLE_EQ(normal_cdf(0), 0.5);
  EXPECT_NEAR(normal_cdf(1.96), 0.975002, 1e-6);
  EXPECT_NEAR(normal_cdf(-1), 0.158655, 1e-6);
}

TEST(Digital, BeforeTheWindowMatchesTheFormula) {
  // S = 101, K = 100, σ = 0.001/√s, 120 s to close: the window starts in τ = 60 s, so
  // v = σ²(τ + 60/3) = 1e-6 × 80 = 8e-5; z = (ln 1.01 − 4e-5) / √8e-5 = 1.108009;
  // Φ(z) = 0.866071.
  const auto p = average_digital_probability(before_window(101, 100, 120));
  ASSERT_TRUE(p);
  EXPECT_NEAR(*p, 0.866071, 1e-6);
}

TEST(Digital, InsideTheWindowTheKnownSamplesCount) {
  // 30 of 60 samples known, averaging 102; K = 100: the other 30 must average at least
  // F* = (60 × 100 − 30 × 102) / 30 = 98. S = 98.5 with 30 s left: v = 1e-6 × 30 / 3 = 1e-5,
  // z = (ln(98.5/98) − 5e-6) / √1e-5 = 1.607724, Φ(z) = 0.946052. Without the known part
  // (S = 98.5 < K = 100) it would be almost surely NO.
  AverageDigitalInput in = before_window(98.5, 100, 30);
  in.samples = 30;
  in.running_average = 102;
  const auto p = average_digital_probability(in);
  ASSERT_TRUE(p);
  EXPECT_NEAR(*p, 0.946052, 1e-6);
  in.samples = 0;
  EXPECT_LT(*average_digital_probability(in), 0.01);
}

TEST(Digital, DecidedOutcomesFollowTheRuleAndATieIsYes) {
  AverageDigitalInput in = before_window(90, 100, 0.5);
  in.samples = 60;
  in.running_average = 100;  // every sample known, average == target: YES
  EXPECT_EQ(*average_digital_probability(in), 1.0);
  in.running_average = 99.99;
  EXPECT_EQ(*average_digital_probability(in), 0.0);
  // Closed with nothing sampled: the index itself decides.
  AverageDigitalInput closed = before_window(100, 100, 0);
  EXPECT_EQ(*average_digital_probability(closed), 1.0);
  closed.index = 99.99;
  EXPECT_EQ(*average_digital_probability(closed), 0.0);
  // Enough already banked that any positive future average wins: F* = (6000 − 59×110)/1 < 0.
  AverageDigitalInput banked = before_window(1, 100, 1);
  banked.samples = 59;
  banked.running_average = 110;
  EXPECT_EQ(*average_digital_probability(banked), 1.0);
}

TEST(Digital, AtTheMoneyIsAboutHalfAndDeepInOrOutIsCertain) {
  EXPECT_NEAR(*average_digital_probability(before_window(100, 100, 600)), 0.5, 0.01);
  EXPECT_GT(*average_digital_probability(before_window(120, 100, 600)), 0.999);
  EXPECT_LT(*average_digital_probability(before_window(80, 100, 600)), 0.001);
}

TEST(Digital, MonotonicInDistanceAndTime) {
  double previous = 0;
  for (double s = 95; s <= 105; s += 0.5) {
    const double p = *average_digital_probability(before_window(s, 100, 300));
    EXPECT_GT(p, previous) << "index " << s;
    previous = p;
  }
  // Above the target, more time means more chance to fall back: p decreases toward 0.5;
  // below it, p increases toward 0.5.
  double above = 1;
  double below = 0;
  for (double t = 30; t <= 900; t += 30) {
    const double pa = *average_digital_probability(before_window(100.5, 100, t));
    const double pb = *average_digital_probability(before_window(99.5, 100, t));
    EXPECT_LT(pa, above) << t;
    EXPECT_GT(pb, below) << t;
    EXPECT_GT(pa, 0.5);
    EXPECT_LT(pb, 0.5);
    above = pa;
    below = pb;
  }
}

TEST(Digital, NonsenseInputIsRefused) {
  EXPECT_FALSE(average_digital_probability(before_window(0, 100, 60)));
  EXPECT_FALSE(average_digital_probability(before_window(100, -1, 60)));
  AverageDigitalInput in = before_window(100, 100, 60);
  in.sigma = -1;
  EXPECT_FALSE(average_digital_probability(in));
  in.sigma = std::nan("");
  EXPECT_FALSE(average_digital_probability(in));
}

TEST(Digital, VolatilityUnits) {
  // 365 days = 31,536,000 s; √ = 5615.69: 0.5 a year is 8.9037e-5 per √second.
  EXPECT_NEAR(per_second_volatility(0.5), 8.9037e-5, 1e-9);
  EXPECT_NEAR(annualised_volatility(per_second_volatility(0.8)), 0.8, 1e-12);
}

// ---- EwmaVolatility ------------------------------------------------------------------------

TEST(EwmaVolatility, ConstantSizedReturnsGiveThatVolatility) {
  // Alternating ±0.1% one-second log returns: r² / Δt = 1e-6 every time, so the EWMA is
  // 1e-6 whatever its weights and σ = 1e-3 per √second.
  EwmaVolatilityOptions o;
  o.min_samples = 5;
  EwmaVolatility vol(o);
  double v = 100;
  for (int i = 0; i <= 6; ++i) {
    // Two observations per second: only the last of each second is the sample.
    vol.observe(v * 1.5, kStart + std::chrono::seconds(i) + 100ms);
    vol.observe(v, kStart + std::chrono::seconds(i) + 900ms);
    v *= std::exp(i % 2 == 0 ? 1e-3 : -1e-3);
  }
  // Seconds 0..6 observed; the sample of second 6 completes at the next second: 6 samples
  // 0..5 give 5 returns.
  EXPECT_EQ(vol.samples(), 5);
  ASSERT_TRUE(vol.sigma());
  EXPECT_NEAR(*vol.sigma(), 1e-3, 1e-9);
}

TEST(EwmaVolatility, NotReadyBeforeMinSamplesAndGapsAreSkipped) {
  EwmaVolatilityOptions o;
  o.min_samples = 3;
  o.max_gap = 5s;
  EwmaVolatility vol(o);
  EXPECT_FALSE(vol.raw_sigma());
  vol.observe(100, kStart);
  vol.observe(101, kStart + 1s);
  vol.observe(102, kStart + 2s);  // completes second 1: one return, ln(101/100)
  EXPECT_EQ(vol.samples(), 1);
  EXPECT_TRUE(vol.raw_sigma());
  EXPECT_FALSE(vol.sigma());
  vol.observe(150, kStart + 20s);  // completes second 2 (a return); then an 18 s gap
  vol.observe(150, kStart + 21s);  // completes second 20: the jump over the gap is skipped
  EXPECT_EQ(vol.samples(), 2);
  vol.observe(1, kStart + 10s);  // older than what was seen: ignored
  EXPECT_EQ(vol.samples(), 2);
}

}  // namespace
}  // namespace antevorta::strategy::testing
