// SettlementTracker without a bus: which markets are followed, results that are not
// compared, late-listed markets, and markets that never get a result.
#include "antevorta/feeds/settlement_tracker.hpp"

#include <gtest/gtest.h>

#include "unit/feeds_index/test_support.hpp"

namespace antevorta::feeds::testing {
namespace {

using namespace std::chrono_literals;
using kalshi::MarketChange;
using kalshi::MarketResult;

const Timestamp t0 = from_unix_ms(1'767'225'600'000);  // 2026-01-01T00:00:00Z
const Timestamp close = t0 + 15min;

IndexUpdated ok(std::string_view value, Timestamp at) {
  IndexUpdated u;
  u.asset = "BTC";
  u.status = IndexStatus::ok;
  u.reason = IndexUnavailableReason::none;
  u.value = D(value);
  u.at = at;
  return u;
}

TEST(SettlementTracker, FollowsOnlyConfiguredSeriesWithACloseTime) {
  SettlementTracker t(two_assets());
  EXPECT_TRUE(t.on_market(market_event(MarketChange::listed, "KXBTC15M-26JAN010015-15", close,
                                       "100", std::nullopt, t0),
                          t0)
                  .followed);
  EXPECT_FALSE(t.on_market(market_event(MarketChange::listed, "KXETH15M-26JAN010015-15", close,
                                        "100", std::nullopt, t0),
                           t0)
                   .followed);
  EXPECT_FALSE(t.on_market(market_event(MarketChange::listed, "KXSOL15M-26JAN010015-15",
                                        std::nullopt, "100", std::nullopt, t0),
                           t0)
                   .followed);
  EXPECT_EQ(t.stats().followed, 1u);
}

TEST(SettlementTracker, ScalarResultsAndMissingTargetsAreNotCompared) {
  SettlementTracker t(two_assets());
  t.on_market(
      market_event(MarketChange::listed, "KXBTC15M-26JAN010015-15", close, "100", std::nullopt, t0),
      t0);
  t.on_market(market_event(MarketChange::listed, "KXBTC15M-26JAN010015-16", close, std::nullopt,
                           std::nullopt, t0),
              t0);
  const auto scalar =
      t.on_market(market_event(MarketChange::determined, "KXBTC15M-26JAN010015-15", close,
                               std::nullopt, MarketResult::scalar, close + 2s),
                  close + 2s);
  EXPECT_FALSE(scalar.checked.has_value());
  EXPECT_EQ(scalar.ignored_result, MarketResult::scalar);
  const auto no_target =
      t.on_market(market_event(MarketChange::determined, "KXBTC15M-26JAN010015-16", close,
                               std::nullopt, MarketResult::yes, close + 2s),
                  close + 2s);
  EXPECT_FALSE(no_target.checked.has_value());
  EXPECT_TRUE(no_target.missing_target);
  EXPECT_EQ(t.stats().ignored_results, 1u);
  EXPECT_EQ(t.stats().missing_target, 1u);
  EXPECT_EQ(t.stats().checked, 0u);
  EXPECT_EQ(t.stats().unobserved, 0u);
}

TEST(SettlementTracker, AMarketFirstSeenWithItsResultUsesTheSamplesStillKept) {
  SettlementTracker t(two_assets());
  t.on_second(t0);
  t.on_index(ok("200", close - 30s), close - 30s);
  t.on_second(close + 3s);
  // Never listed (the daemon started late); its result comes with metadata.
  const auto e = t.on_market(market_event(MarketChange::determined, "KXBTC15M-26JAN010015-15",
                                          close, "150", MarketResult::yes, close + 3s),
                             close + 3s);
  ASSERT_TRUE(e.checked.has_value());
  // Seconds close − 30 s (the update came at exactly that second) … close: 31 samples of
  // 200 → incomplete, still compared.
  EXPECT_EQ(e.checked->check.samples, 31);
  EXPECT_EQ(e.checked->check.computed_average, D("200"));
  EXPECT_TRUE(e.checked->check.agree);
  EXPECT_EQ(t.stats().incomplete, 1u);
}

TEST(SettlementTracker, CloseTimeUpdatesMoveTheWindow) {
  SettlementTracker t(two_assets());
  const std::string ticker = "KXBTC15M-26JAN010015-15";
  t.on_market(market_event(MarketChange::listed, ticker, close + 15min, "100", std::nullopt, t0),
              t0);
  t.on_market(market_event(MarketChange::updated, ticker, close, std::nullopt, std::nullopt, t0),
              t0);
  t.on_second(t0);
  t.on_index(ok("99", close - 100s), close - 100s);
  t.on_second(close + 2s);
  const auto p = t.progress(close + 1s);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].close_time, close);
  EXPECT_EQ(p[0].target, D("100"));  // kept from the listing
  EXPECT_EQ(p[0].samples, 60);
  EXPECT_FALSE(p[0].implied_yes);
}

TEST(SettlementTracker, MarketsWithoutAResultAreDroppedSixHoursAfterClose) {
  SettlementTracker t(two_assets());
  const std::string ticker = "KXBTC15M-26JAN010015-15";
  t.on_market(market_event(MarketChange::listed, ticker, close, "100", std::nullopt, t0), t0);
  EXPECT_TRUE(t.on_second(close + 6h).empty());  // exactly 6 h: still waiting
  const auto dropped = t.on_second(close + 6h + 1s);
  ASSERT_EQ(dropped.size(), 1u);
  EXPECT_EQ(dropped[0], MarketTicker(ticker));
  EXPECT_EQ(t.stats().results_missing, 1u);
  EXPECT_EQ(t.stats().followed, 0u);
}

}  // namespace
}  // namespace antevorta::feeds::testing
