// Order flow and price rules: rates per rolling minute, the duplicate cooldown, the minimum
// edge after fees, the price band.
#include <chrono>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "unit/risk/risk_fixture.hpp"

namespace antevorta::risk::testing {
namespace {

using namespace std::chrono_literals;
using kalshi::OutcomeSide;
using strategy::Action;

strategy::OrderIntent in_market(strategy::OrderIntent i, const char* strategy_name, int n) {
  i.strategy = strategy::StrategyId(strategy_name);
  i.id = strategy::IntentId(fmt::format("{}-{}", strategy_name, n));
  return i;
}

TEST_F(RiskTest, GlobalRateCountsApprovalsInARollingMinute) {
  config.max_orders_per_minute = 2;
  const auto t0 = now;
  EXPECT_TRUE(Approved(evaluate_at(in_market(intent(), "a", 1), t0)));
  EXPECT_TRUE(Approved(evaluate_at(in_market(intent(), "b", 2), t0 + 1s)));
  auto d = evaluate_at(in_market(intent(), "c", 3), t0 + 59999ms);
  EXPECT_TRUE(Denied(d, DenyReason::max_orders_per_minute));
  EXPECT_EQ(d.limit, "2");
  EXPECT_EQ(d.actual, "3");
  // At t0 + 60 s the first approval has left the window (now − 60 s, now].
  EXPECT_TRUE(Approved(evaluate_at(in_market(intent(), "c", 4), t0 + 60s)));
  EXPECT_TRUE(Denied(evaluate_at(in_market(intent(), "d", 5), t0 + 60s),
                     DenyReason::max_orders_per_minute));
}

TEST_F(RiskTest, DeniedIntentsDoNotUseTheRate) {
  config.max_orders_per_minute = 1;
  config.max_order_count = qty("5");
  EXPECT_TRUE(Denied(evaluate(intent()), DenyReason::max_order_count));  // 10 > 5
  EXPECT_TRUE(Approved(evaluate(intent(OutcomeSide::yes, Action::buy, "5"))));
}

TEST_F(RiskTest, PerStrategyRate) {
  config.max_orders_per_minute_per_strategy = 1;
  EXPECT_TRUE(Approved(evaluate(in_market(intent(), "alpha", 1))));
  auto d = evaluate_at(in_market(sell_yes("1"), "alpha", 2), now + 30s);
  EXPECT_TRUE(Denied(d, DenyReason::max_orders_per_minute_per_strategy));
  EXPECT_EQ(d.actual, "2");
  EXPECT_TRUE(Approved(evaluate_at(in_market(intent(), "beta", 3), now + 30s)));
  EXPECT_TRUE(Approved(evaluate_at(in_market(sell_yes("1"), "alpha", 4), now + 60s)));
}

TEST_F(RiskTest, DuplicateIntentCooldown) {
  config.duplicate_intent_cooldown_seconds = 5s;
  EXPECT_TRUE(Approved(evaluate(intent())));
  auto later =
      intent(OutcomeSide::yes, Action::buy, "3", "0.51");  // same strategy, market, leg, action
  const auto d = evaluate_at(later, now + 4999ms);
  EXPECT_TRUE(Denied(d, DenyReason::duplicate_intent));
  EXPECT_EQ(d.limit, "5.000s");
  EXPECT_EQ(d.actual, "4.999s");
  // Another leg, action or strategy is not a duplicate.
  EXPECT_TRUE(Approved(evaluate_at(intent(OutcomeSide::no), now + 1s)));
  EXPECT_TRUE(Approved(evaluate_at(sell_yes("1"), now + 1s)));
  EXPECT_TRUE(Approved(evaluate_at(in_market(intent(), "beta", 9), now + 1s)));
  EXPECT_TRUE(Approved(evaluate_at(later, now + 5s)));  // the cooldown has elapsed
}

// Edge = P(leg wins) − price − fee per contract. Buying 10 YES at 0.50 costs a fee of 0.18,
// 0.018 per contract, so the edge is p − 0.518.
TEST_F(RiskTest, MinEdgeAfterFeesFromTheProbability) {
  config.min_edge_after_fees = usd("0.05");
  auto i = intent();
  i.evidence.probability = 0.568;  // 0.568 − 0.518 = 0.050000
  EXPECT_TRUE(Approved(evaluate(i)));
  i.evidence.probability = 0.567999;
  const auto d = evaluate(i);
  EXPECT_TRUE(Denied(d, DenyReason::min_edge_after_fees));
  EXPECT_EQ(d.limit, "0.050000");
  EXPECT_EQ(d.actual, "0.049999");
}

TEST_F(RiskTest, MinEdgeUsesTheLegTheIntentOpens) {
  config.min_edge_after_fees = usd("0.05");
  // Buy NO at 0.50: P(NO) = 1 − p; 1 − 0.432 − 0.518 = 0.05.
  auto i = intent(OutcomeSide::no);
  i.evidence.probability = 0.432;
  EXPECT_TRUE(Approved(evaluate(i)));
  i.evidence.probability = 0.432001;
  EXPECT_TRUE(Denied(evaluate(i), DenyReason::min_edge_after_fees));
  // Sell 10 YES at 0.60 = buy NO at 0.40; fee 0.07 × 10 × 0.6 × 0.4 = 0.168 → 0.17, 0.017
  // per contract: (1 − p) − 0.40 − 0.017 = 0.05 at p = 0.533.
  i = sell_yes("10", "0.60");
  i.evidence.probability = 0.533;
  EXPECT_TRUE(Approved(evaluate(i)));
  i.evidence.probability = 0.533001;
  EXPECT_TRUE(Denied(evaluate(i), DenyReason::min_edge_after_fees));
}

TEST_F(RiskTest, MinEdgeFallsBackToTheStrategysEdgeAndOtherwiseDenies) {
  config.min_edge_after_fees = usd("0.05");
  auto i = intent();
  i.evidence.probability.reset();
  i.evidence.edge_after_fees = 0.05;
  EXPECT_TRUE(Approved(evaluate(i)));
  i.evidence.edge_after_fees = 0.0499;
  EXPECT_TRUE(Denied(evaluate(i), DenyReason::min_edge_after_fees));
  i.evidence.edge_after_fees.reset();
  EXPECT_TRUE(Unknown(evaluate(i), "probability"));
  i.strategy = strategy::kManualStrategy;  // the operator has no model: not checked
  EXPECT_TRUE(Approved(evaluate(i)));
}

TEST_F(RiskTest, MinEdgeDoesNotApplyToReducingIntents) {
  config.min_edge_after_fees = usd("0.05");
  view.hold(kMarket, "10", "5.00");
  auto i = sell_yes("10");
  i.evidence.probability = 0.99;  // selling a likely winner: a deliberate exit
  EXPECT_TRUE(Approved(evaluate(i)));
  view.markets[kMarket].fees.reset();
  i = intent();
  EXPECT_TRUE(Unknown(evaluate(i), "fee_schedule"));
}

// Book: YES bid 0.48, YES ask 0.52.
TEST_F(RiskTest, PriceBandLimitsHowFarALimitReachesThroughTheBook) {
  config.price_band = px("0.02");
  EXPECT_TRUE(Approved(evaluate(intent(OutcomeSide::yes, Action::buy, "1", "0.54"))));
  auto d = evaluate(intent(OutcomeSide::yes, Action::buy, "1", "0.5401"));
  EXPECT_TRUE(Denied(d, DenyReason::price_band));
  EXPECT_EQ(d.limit, "0.0200");
  EXPECT_EQ(d.actual, "0.0201");
  EXPECT_TRUE(Approved(evaluate(sell_yes("1", "0.46"))));
  EXPECT_TRUE(Denied(evaluate(sell_yes("1", "0.4599")), DenyReason::price_band));
  // Buying NO at 0.54 sells YES at 0.46: 0.02 below the bid.
  EXPECT_TRUE(Approved(evaluate(intent(OutcomeSide::no, Action::buy, "1", "0.54"))));
  EXPECT_TRUE(Denied(evaluate(intent(OutcomeSide::no, Action::buy, "1", "0.5401")),
                     DenyReason::price_band));
  // A passive limit is never through the book.
  EXPECT_TRUE(Approved(evaluate(intent(OutcomeSide::yes, Action::buy, "1", "0.10"))));
}

TEST_F(RiskTest, PriceBandNeedsAFreshBookWithAnOppositeQuote) {
  config.price_band = px("0.02");
  view.books[kMarket].yes_ask.reset();
  EXPECT_TRUE(Unknown(evaluate(intent()), "best_yes_ask"));
  view.books[kMarket].fresh = false;
  const auto d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::stale_book));
  EXPECT_EQ(d.rule, "price_band");
}

}  // namespace
}  // namespace antevorta::risk::testing
