// Rules on the intent and the market's state: validity, purpose, exchange and market status,
// stale book and feeds, the close window. Each: allowed, denied, and the boundary.
#include <chrono>
#include <limits>

#include <gtest/gtest.h>

#include "unit/risk/risk_fixture.hpp"

namespace antevorta::risk::testing {
namespace {

using namespace std::chrono_literals;
using kalshi::OutcomeSide;
using strategy::Action;

TEST_F(RiskTest, TheDefaultIntentInTheDefaultWorldIsApproved) {
  EXPECT_TRUE(Approved(evaluate(intent())));
  EXPECT_EQ(manager().approval_count(), 1u);
}

TEST_F(RiskTest, InvalidIntentsAreDenied) {
  auto i = intent();
  i.count = qty("0");
  EXPECT_TRUE(Denied(evaluate(i), DenyReason::invalid_intent));
  i = intent();
  i.count = qty("-1");
  EXPECT_TRUE(Denied(evaluate(i), DenyReason::invalid_intent));
  i = intent(OutcomeSide::yes, Action::buy, "10", "0");
  EXPECT_TRUE(Denied(evaluate(i), DenyReason::invalid_intent));
  i = intent(OutcomeSide::yes, Action::buy, "10", "1");
  EXPECT_TRUE(Denied(evaluate(i), DenyReason::invalid_intent));
  i = intent();
  i.id = strategy::IntentId();
  EXPECT_TRUE(Denied(evaluate(i), DenyReason::invalid_intent));
  i = intent();
  i.strategy = strategy::StrategyId();
  EXPECT_TRUE(Denied(evaluate(i), DenyReason::invalid_intent));
  i = intent();
  i.evidence.probability = 1.01;
  EXPECT_TRUE(Denied(evaluate(i), DenyReason::invalid_intent));
  i = intent();
  i.evidence.edge_after_fees = std::numeric_limits<double>::quiet_NaN();
  EXPECT_TRUE(Denied(evaluate(i), DenyReason::invalid_intent));
  i.evidence.edge_after_fees = 1.0001;  // more than a contract can pay
  EXPECT_TRUE(Denied(evaluate(i), DenyReason::invalid_intent));
  i.evidence.edge_after_fees = -1.0;
  EXPECT_TRUE(Approved(evaluate(i)));
  // The extreme prices inside (0, 1) are valid.
  EXPECT_TRUE(Approved(evaluate(intent(OutcomeSide::yes, Action::buy, "1", "0.0001"))));
  EXPECT_TRUE(Approved(evaluate(intent(OutcomeSide::yes, Action::buy, "1", "0.9999"))));
  EXPECT_EQ(manager().denial_count(DenyReason::invalid_intent), 9u);
}

TEST_F(RiskTest, AnUnknownPositionDenies) {
  view.unknown_positions.insert(kMarket);
  const auto d = evaluate(intent());
  EXPECT_TRUE(Unknown(d, "position"));
  EXPECT_EQ(d.rule, "intent");
}

TEST_F(RiskTest, ReduceOnlyAndReducePurposeMustReduceWithoutCrossingZero) {
  view.hold(kMarket, "10", "5.00");
  auto i = sell_yes("10");
  i.reduce_only = true;
  EXPECT_TRUE(Approved(evaluate(i)));
  i = sell_yes("10.01");  // would open 0.01 NO
  i.reduce_only = true;
  const auto d = evaluate(i);
  EXPECT_TRUE(Denied(d, DenyReason::invalid_intent));
  EXPECT_EQ(d.limit, "10.00");
  EXPECT_EQ(d.actual, "10.01");
  EXPECT_TRUE(Denied(evaluate(intent(), IntentPurpose::reduce), DenyReason::invalid_intent));
  EXPECT_TRUE(Approved(evaluate(sell_yes("4"), IntentPurpose::reduce)));
}

TEST_F(RiskTest, ExchangeNotTradingDenies) {
  view.trading_active = false;
  const auto d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::exchange_inactive));
  EXPECT_EQ(d.rule, "require_exchange_active");
  view.trading_active.reset();
  EXPECT_TRUE(Unknown(evaluate(intent()), "exchange_status"));
}

TEST_F(RiskTest, MarketNotActiveDenies) {
  view.markets[kMarket].status = kalshi::MarketStatus::closed;
  const auto d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::market_inactive));
  EXPECT_EQ(d.actual, "closed");
  view.markets.erase(kMarket);
  EXPECT_TRUE(Unknown(evaluate(intent()), "market"));
}

TEST_F(RiskTest, ExchangeGuardCanBeTurnedOff) {
  config.require_exchange_active = false;
  view.trading_active = false;
  view.markets[kMarket].status = kalshi::MarketStatus::inactive;
  EXPECT_TRUE(Approved(evaluate(intent())));
}

TEST_F(RiskTest, BookOlderThanTheLimitIsStale) {
  config.max_book_age_seconds = 10s;
  view.books[kMarket].confirmed_at = now - 10s;  // exactly at the limit: passes
  EXPECT_TRUE(Approved(evaluate(intent())));
  view.books[kMarket].confirmed_at = now - 10001ms;
  const auto d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::stale_book));
  EXPECT_EQ(d.rule, "max_book_age_seconds");
  EXPECT_EQ(d.limit, "10.000s");
  EXPECT_EQ(d.actual, "10.001s");
}

TEST_F(RiskTest, BookOutOfSyncOrUnknownDenies) {
  config.max_book_age_seconds = 10s;
  view.books[kMarket].fresh = false;
  EXPECT_TRUE(Denied(evaluate(intent()), DenyReason::stale_book));
  view.books.erase(kMarket);
  EXPECT_TRUE(Unknown(evaluate(intent()), "book"));
}

TEST_F(RiskTest, FeedsOlderThanTheLimitAreStale) {
  config.max_feed_age_seconds = 5s;
  view.feed_states = std::vector<FeedState>{{"coinbase", now - 1s}, {"kraken", now - 5s}};
  EXPECT_TRUE(Approved(evaluate(intent())));  // 5 s: at the limit
  (*view.feed_states)[1].updated_at = now - 6s;
  auto d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::stale_feed));
  EXPECT_EQ(d.actual, "6.000s");
  EXPECT_NE(d.detail.find("kraken"), std::string::npos);
  (*view.feed_states)[1].updated_at.reset();
  d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::stale_feed));
  EXPECT_EQ(d.actual, "never");
  view.feed_states->clear();  // a strategy without feeds
  EXPECT_TRUE(Approved(evaluate(intent())));
  view.feed_states.reset();
  EXPECT_TRUE(Unknown(evaluate(intent()), "feeds"));
}

TEST_F(RiskTest, NoEntriesWithinTheCloseWindow) {
  config.no_entry_before_close_seconds = 60s;
  view.markets[kMarket].close_time = now + 60s;  // exactly the window: passes
  EXPECT_TRUE(Approved(evaluate(intent())));
  view.markets[kMarket].close_time = now + 59s;
  const auto d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::close_window));
  EXPECT_EQ(d.limit, "60.000s");
  EXPECT_EQ(d.actual, "59.000s");
  view.markets[kMarket].close_time = now - 1s;  // already past the close
  EXPECT_TRUE(Denied(evaluate(intent()), DenyReason::close_window));
}

TEST_F(RiskTest, TheCloseWindowLetsReducingOrdersThrough) {
  config.no_entry_before_close_seconds = 60s;
  view.markets[kMarket].close_time = now + 10s;
  view.hold(kMarket, "10", "5.00");
  EXPECT_TRUE(Approved(evaluate(sell_yes("10"))));
  EXPECT_TRUE(Denied(evaluate(sell_yes("10.01")), DenyReason::close_window));  // opens 0.01
}

TEST_F(RiskTest, AnUnknownCloseTimeDeniesEntries) {
  config.no_entry_before_close_seconds = 60s;
  view.markets[kMarket].close_time.reset();
  EXPECT_TRUE(Unknown(evaluate(intent()), "close_time"));
}

}  // namespace
}  // namespace antevorta::risk::testing
