// IndexAggregator: median of the fresh sources, freshness edges, too few sources,
// divergence episodes, the reference as the authoritative value, change-only updates.
#include "antevorta/feeds/index_aggregator.hpp"

#include <gtest/gtest.h>

#include "unit/feeds_index/test_support.hpp"

namespace antevorta::feeds::testing {
namespace {

using namespace std::chrono_literals;

const Timestamp t0 = from_unix_ms(1'767'225'600'000);  // 2026-01-01T00:00:00Z

class Aggregator : public ::testing::Test {
 protected:
  void price(const std::string& source, std::string_view value, Timestamp at) {
    agg.on_price(price_tick(source, "BTC", value, at));
  }
  IndexAggregator agg{"BTC", IndexParams{}};  // min 2, 50 bps, 5 s, reference on, 5 s
};

TEST_F(Aggregator, FirstEvaluationPublishesTheInitialUnavailableState) {
  const auto u = agg.evaluate(t0);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->asset, "BTC");
  EXPECT_EQ(u->status, IndexStatus::unavailable);
  EXPECT_EQ(u->reason, IndexUnavailableReason::too_few_sources);
  EXPECT_EQ(u->fresh_sources, 0);
  EXPECT_FALSE(u->median.has_value());
  EXPECT_FALSE(agg.evaluate(t0 + 1s).has_value());  // nothing changed
  EXPECT_EQ(agg.stats().updates, 1u);
  EXPECT_EQ(agg.stats().unavailable_episodes, 0u);  // the initial state is no episode
}

TEST_F(Aggregator, OddCountIsTheMiddleValue) {
  price("coinbase", "68010", t0);
  price("binance", "68000", t0);
  price("kraken", "68020", t0);
  const auto u = agg.evaluate(t0);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->status, IndexStatus::ok);
  EXPECT_EQ(u->basis, IndexBasis::median);
  EXPECT_EQ(u->value, D("68010"));
  EXPECT_EQ(u->median, D("68010"));
  EXPECT_EQ(u->fresh_sources, 3);
  // (68020 − 68000) / 68010 × 10000 = 2.94 bps → 3.
  EXPECT_EQ(u->spread_bps, 3);
  EXPECT_FALSE(u->reference.has_value());
}

TEST_F(Aggregator, EvenCountIsTheMeanOfTheMiddleTwo) {
  price("coinbase", "68000.01", t0);
  price("binance", "68000.02", t0);
  const auto u = agg.evaluate(t0);
  ASSERT_TRUE(u.has_value());
  // (68000.01 + 68000.02) / 2 = 68000.015 exactly (8 decimals hold it).
  EXPECT_EQ(u->value, D("68000.015"));
}

TEST_F(Aggregator, LatestTickOfASourceWinsWhetherTradeOrQuote) {
  price("coinbase", "100", t0);
  price("binance", "100", t0);
  PriceTick quote = price_tick("coinbase", "BTC", "100.2", t0 + 1s);  // mid of 100.1 / 100.3
  quote.kind = TickKind::quote;
  quote.bid = D("100.1");
  quote.ask = D("100.3");
  agg.on_price(quote);
  const auto u = agg.evaluate(t0 + 1s);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->value, D("100.1"));  // (100 + 100.2) / 2
}

TEST_F(Aggregator, FreshnessEdgeAndGoingStaleWithoutNewTicksIsPublished) {
  price("coinbase", "100", t0);
  price("binance", "100.2", t0 + 2s);
  ASSERT_TRUE(agg.evaluate(t0 + 2s).has_value());
  // coinbase is exactly 5 s old at t0 + 5 s: still fresh, nothing changed.
  EXPECT_FALSE(agg.evaluate(t0 + 5s).has_value());
  // One nanosecond later it is stale: one fresh source < min_sources 2.
  const auto u = agg.evaluate(t0 + 5s + 1ns);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->status, IndexStatus::unavailable);
  EXPECT_EQ(u->reason, IndexUnavailableReason::too_few_sources);
  EXPECT_EQ(u->fresh_sources, 1);
  EXPECT_EQ(u->median, D("100.2"));  // still reported
  EXPECT_EQ(u->value, Decimal{});
  EXPECT_TRUE(agg.last_transition().became_unavailable);
  EXPECT_EQ(agg.stats().unavailable_episodes, 1u);
  // Both stale: another change (fresh count 0, no median), but the same episode.
  const auto none = agg.evaluate(t0 + 8s);
  ASSERT_TRUE(none.has_value());
  EXPECT_EQ(none->fresh_sources, 0);
  EXPECT_FALSE(none->median.has_value());
  EXPECT_EQ(agg.stats().unavailable_episodes, 1u);
  // Back: ok again, then a second episode is counted.
  price("coinbase", "100", t0 + 9s);
  price("binance", "100", t0 + 9s);
  ASSERT_TRUE(agg.evaluate(t0 + 9s).has_value());
  EXPECT_TRUE(agg.last_transition().became_available);
  ASSERT_TRUE(agg.evaluate(t0 + 15s).has_value());
  EXPECT_EQ(agg.stats().unavailable_episodes, 2u);
}

TEST_F(Aggregator, DivergenceAtTheLimitIsFineAboveItUnavailableOncePerEpisode) {
  price("coinbase", "10000", t0);
  price("binance", "10000", t0);
  price("kraken", "10050", t0);
  // Median 10000; (10050 − 10000) / 10000 = 50 bps exactly: not above 50.
  auto u = agg.evaluate(t0);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->status, IndexStatus::ok);
  EXPECT_EQ(u->spread_bps, 50);
  price("kraken", "10050.00000001", t0);
  u = agg.evaluate(t0);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->status, IndexStatus::unavailable);
  EXPECT_EQ(u->reason, IndexUnavailableReason::divergent);
  EXPECT_EQ(u->spread_bps, 51);
  EXPECT_TRUE(agg.last_transition().divergence_started);
  EXPECT_EQ(agg.stats().divergence_alarms, 1u);
  price("kraken", "10060", t0);  // still divergent: a new value, the same episode
  ASSERT_TRUE(agg.evaluate(t0).has_value());
  EXPECT_FALSE(agg.last_transition().divergence_started);
  EXPECT_EQ(agg.stats().divergence_alarms, 1u);
  price("kraken", "10001", t0);
  ASSERT_TRUE(agg.evaluate(t0).has_value());
  EXPECT_TRUE(agg.last_transition().divergence_ended);
  price("kraken", "10100", t0);
  ASSERT_TRUE(agg.evaluate(t0).has_value());
  EXPECT_EQ(agg.stats().divergence_alarms, 2u);
  EXPECT_EQ(agg.stats().unavailable_episodes, 2u);
}

TEST_F(Aggregator, FreshReferenceIsTheIndexAndTheMedianTheCrossCheck) {
  price("coinbase", "68000", t0);
  price("binance", "68010", t0);
  agg.on_reference(reference_tick("BTC", "68100", t0));
  const auto u = agg.evaluate(t0);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->status, IndexStatus::ok);
  EXPECT_EQ(u->basis, IndexBasis::reference);
  EXPECT_EQ(u->value, D("68100"));
  EXPECT_EQ(u->reference, D("68100"));
  EXPECT_EQ(u->median, D("68005"));
  // Gap: (68100 − 68005) / 68005 × 10000 = 13.97 bps → 14, below 50: no alarm.
  EXPECT_EQ(agg.stats().reference_gap_bps, 14);
  EXPECT_EQ(agg.stats().reference_gap_alarms, 0u);
  // Only the reference ages: the exchanges tick again (same prices) at t0 + 5 s.
  price("coinbase", "68000", t0 + 5s);
  price("binance", "68010", t0 + 5s);
  EXPECT_FALSE(agg.evaluate(t0 + 5s).has_value());  // reference exactly 5 s old: fresh
  const auto fallback = agg.evaluate(t0 + 5s + 1ns);
  ASSERT_TRUE(fallback.has_value());
  EXPECT_EQ(fallback->basis, IndexBasis::median);
  EXPECT_EQ(fallback->value, D("68005"));
  EXPECT_FALSE(fallback->reference.has_value());
}

TEST_F(Aggregator, ReferenceAloneIsEnoughAndExchangeDivergenceOnlyAlarms) {
  agg.on_reference(reference_tick("BTC", "68000", t0));
  auto u = agg.evaluate(t0);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->status, IndexStatus::ok);  // no exchange source at all
  EXPECT_EQ(u->value, D("68000"));
  price("coinbase", "68000", t0);
  price("binance", "69000", t0);  // (69000 − 68000) / 68500 = 146 bps: divergent
  u = agg.evaluate(t0);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->status, IndexStatus::ok);
  EXPECT_EQ(u->basis, IndexBasis::reference);
  EXPECT_EQ(u->spread_bps, 146);  // 1000 / 68500 × 10000 = 145.99 → 146
  EXPECT_EQ(agg.stats().divergence_alarms, 1u);
  EXPECT_TRUE(agg.stats().divergent);
  // Reference 68000 vs median 68500: 72.99 → 73 bps > 50: a reference-gap episode.
  EXPECT_EQ(agg.stats().reference_gap_bps, 73);
  EXPECT_EQ(agg.stats().reference_gap_alarms, 1u);
  EXPECT_TRUE(agg.last_transition().reference_gap_started);
}

TEST_F(Aggregator, UseReferenceOffReportsItButUsesTheMedian) {
  IndexParams p;
  p.use_reference = false;
  IndexAggregator a("BTC", p);
  a.on_reference(reference_tick("BTC", "68000", t0));
  auto u = a.evaluate(t0);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->status, IndexStatus::unavailable);  // no exchange source
  EXPECT_EQ(u->reference, D("68000"));
  a.on_price(price_tick("coinbase", "BTC", "68010", t0));
  a.on_price(price_tick("binance", "BTC", "68020", t0));
  u = a.evaluate(t0);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->basis, IndexBasis::median);
  EXPECT_EQ(u->value, D("68015"));
}

TEST_F(Aggregator, ObservedAtIsTheNewestInputWhileOkAndKeptWhileUnavailable) {
  agg.evaluate(t0);
  EXPECT_FALSE(agg.stats().observed_at.has_value());  // never ok yet
  price("coinbase", "100", t0);
  agg.evaluate(t0);
  EXPECT_FALSE(agg.stats().observed_at.has_value());  // one source: still unavailable
  price("binance", "100", t0 + 2s);
  agg.evaluate(t0 + 2s);
  EXPECT_EQ(agg.stats().observed_at, t0 + 2s);  // the newest fresh source
  // coinbase goes stale: unavailable, and the last good observation stays (it ages).
  agg.evaluate(t0 + 6s);
  ASSERT_EQ(agg.stats().current.status, IndexStatus::unavailable);
  EXPECT_EQ(agg.stats().observed_at, t0 + 2s);
  // The reference makes it ok again: its own receive time counts, not the exchanges'.
  agg.on_reference(reference_tick("BTC", "100.1", t0 + 5s));
  agg.evaluate(t0 + 6s);
  ASSERT_EQ(agg.stats().current.basis, IndexBasis::reference);
  EXPECT_EQ(agg.stats().observed_at, t0 + 5s);
}

TEST_F(Aggregator, NonPositivePricesAreRejected) {
  price("coinbase", "0", t0);
  price("binance", "-1", t0);
  agg.on_reference(reference_tick("BTC", "0", t0));
  EXPECT_EQ(agg.stats().rejected_ticks, 3u);
  EXPECT_EQ(agg.stats().price_ticks, 0u);
  const auto u = agg.evaluate(t0);
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ(u->fresh_sources, 0);
  EXPECT_FALSE(u->reference.has_value());
}

}  // namespace
}  // namespace antevorta::feeds::testing
