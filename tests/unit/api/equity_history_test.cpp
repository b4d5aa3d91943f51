// EquityHistory: one sample per interval at most, the oldest dropped at capacity, and the
// JSON the dashboard loads.
#include "antevorta/api/equity_history.hpp"

#include <gtest/gtest.h>

#include "antevorta/api/encode.hpp"

namespace antevorta::api {
namespace {

using namespace std::chrono_literals;

const Timestamp t0 = from_unix_ms(1'795'219'200'000);  // 2026-11-21T00:00:00Z

Money usd(std::int64_t dollars) { return Money::from_centicents(dollars * Money::kDollar); }

TEST(EquityHistory, KeepsOneSampleAnIntervalAtMost) {
  EquityHistory h(60s, 10);
  EXPECT_TRUE(h.record(t0, usd(100)));
  EXPECT_FALSE(h.record(t0 + 59s, usd(101)));  // inside the interval: ignored
  EXPECT_TRUE(h.record(t0 + 60s, usd(102)));   // exactly one interval later: kept
  ASSERT_EQ(h.points().size(), 2u);
  EXPECT_EQ(h.points()[1].at, t0 + 60s);
  EXPECT_EQ(h.points()[1].equity, usd(102));
}

TEST(EquityHistory, DropsTheOldestAtCapacity) {
  EquityHistory h(1s, 3);
  for (int i = 0; i < 5; ++i) h.record(t0 + std::chrono::seconds(i), usd(i));
  ASSERT_EQ(h.points().size(), 3u);
  EXPECT_EQ(h.points().front().equity, usd(2));
  EXPECT_EQ(h.points().back().equity, usd(4));
}

TEST(EquityHistory, JsonIsOldestFirstInFixedPointDollars) {
  EquityHistory h(60s, 10);
  h.record(t0, Money::from_centicents(100'001'234));  // $10,000.1234
  h.record(t0 + 2min, Money::from_centicents(-5'000));
  const auto j = equity_json(h);
  EXPECT_EQ(j["interval_seconds"], 60);
  ASSERT_EQ(j["points"].size(), 2u);
  EXPECT_EQ(j["points"][0]["equity"], "10000.1234");
  EXPECT_EQ(j["points"][0]["at"], "2026-11-21T00:00:00.000Z");
  EXPECT_EQ(j["points"][1]["equity"], "-0.5000");
}

}  // namespace
}  // namespace antevorta::api
