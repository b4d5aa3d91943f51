// mean_reversion: the rolling mid statistics, and fading a spike under a ManualClock.
#include "antevorta/strategy/mean_reversion.hpp"

#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/strategy/strategy_test_support.hpp"

namespace antevorta::strategy::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::IsEmpty;

const std::string kTicker = "KXBTC15M-26JAN010015-15";

TEST(RollingMid, MeanAndDeviationOverTheLookback) {
  RollingMid mid(10s);
  // One sample per second; two in the same second keep the last.
  mid.add(0.9, kStart);
  mid.add(0.4, kStart);
  mid.add(0.6, kStart + 1s);
  EXPECT_EQ(mid.size(), 2);
  EXPECT_DOUBLE_EQ(mid.mean(), 0.5);
  EXPECT_NEAR(mid.stddev(), 0.1, 1e-12);  // population sd of {0.4, 0.6}
  mid.add(0.5, kStart + 10s);             // second 0 falls out of (0, 10]
  EXPECT_EQ(mid.size(), 2);
  EXPECT_DOUBLE_EQ(mid.mean(), 0.55);
}

class MeanReversionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = market(kTicker, "KXBTC15M-26JAN010015");
    m.close_time = kStart + 1h;
    context.services.markets[MarketTicker(kTicker)] = m;
    MeanReversionParams p;
    p.lookback = 60s;
    p.min_samples = 10;
    p.entry_z = 2.0;
    p.min_std = 0.01;
    p.min_edge = 0.02;
    p.count = Count::contracts(2);
    strategy = std::make_unique<MeanReversion>(StrategyId("mean_reversion"), p);
    strategy->on_start(context);
  }
  // One book per second with the given YES bid / NO bid (YES ask = 1 − NO bid).
  void tick(const char* yes_bid, const char* no_bid) {
    context.clock_.advance(1s);
    const auto b = make_book(kTicker, P(yes_bid), P(no_bid));
    context.services.books[MarketTicker(kTicker)] = b.get();
    strategy->on_book(*b, context.clock_.now());
    context.services.books.erase(MarketTicker(kTicker));
  }

  FakeContext context{"mean_reversion"};
  std::unique_ptr<MeanReversion> strategy;
};

TEST_F(MeanReversionTest, FadesASpikeUpByBuyingNo) {
  // Ten seconds with mid 0.50 (bid 0.49, ask 0.51): sd 0 → min_std 0.01.
  for (int i = 0; i < 10; ++i) tick("0.49", "0.49");
  EXPECT_THAT(context.submitted, IsEmpty());
  // Mid jumps to 0.70 (bid 0.69, ask 0.71): with it the 11 samples have mean
  // (10 × 0.5 + 0.7) / 11 = 0.51818, sd = √(10 × 0.01818² + 0.18182²)/√11 = 0.05750, so
  // z = (0.70 − 0.51818) / 0.05750 = 3.16 ≥ 2. NO ask = 1 − 0.69 = 0.31; belief in NO
  // 1 − 0.51818 = 0.48182; fee of 2 at 0.31 = ⌈0.07 × 2 × 0.31 × 0.69⌉ = $0.03 → 0.015 each;
  // edge = 0.48182 − 0.31 − 0.015 = 0.1568 ≥ 0.02.
  tick("0.69", "0.29");
  ASSERT_EQ(context.submitted.size(), 1u);
  const OrderIntent& i = context.submitted[0];
  EXPECT_EQ(i.side, kalshi::OutcomeSide::no);
  EXPECT_EQ(i.limit_price, P("0.31"));
  EXPECT_EQ(i.count, Count::contracts(2));
  EXPECT_EQ(i.time_in_force, kalshi::TimeInForce::immediate_or_cancel);
  EXPECT_NEAR(*i.evidence.probability, 0.51818, 1e-5);
  EXPECT_NEAR(*i.evidence.edge_after_fees, 0.15682, 1e-4);
  EXPECT_FALSE(context.forecasts.empty());
  EXPECT_EQ(context.forecasts.back().model, "mean_reversion/rolling_mean");
  // Still extreme a second later, but inside the cooldown.
  tick("0.69", "0.29");
  EXPECT_EQ(context.submitted.size(), 1u);
}

TEST_F(MeanReversionTest, FadesADropByBuyingYesAndIgnoresSmallMoves) {
  for (int i = 0; i < 10; ++i) tick("0.49", "0.49");
  tick("0.50", "0.48");  // mid 0.51: z ≈ 1 < 2
  EXPECT_THAT(context.submitted, IsEmpty());
  tick("0.29", "0.69");  // mid 0.30: a drop; YES ask = 0.31
  ASSERT_EQ(context.submitted.size(), 1u);
  EXPECT_EQ(context.submitted[0].side, kalshi::OutcomeSide::yes);
  EXPECT_EQ(context.submitted[0].limit_price, P("0.31"));
}

TEST_F(MeanReversionTest, NeedsAnActiveMarketInsideTheWindowAndRoomForTheOrder) {
  context.services.markets[MarketTicker(kTicker)].status = kalshi::MarketStatus::closed;
  for (int i = 0; i < 10; ++i) tick("0.49", "0.49");
  tick("0.69", "0.29");
  EXPECT_THAT(context.submitted, IsEmpty());
  context.services.markets[MarketTicker(kTicker)].status = kalshi::MarketStatus::active;
  context.positions[MarketTicker(kTicker)] = -Count::contracts(4);  // NO held: 4 + 2 > 5
  tick("0.69", "0.29");
  EXPECT_THAT(context.submitted, IsEmpty());
}

}  // namespace
}  // namespace antevorta::strategy::testing
