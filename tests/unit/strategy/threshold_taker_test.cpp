// threshold_taker: submits exactly when the ask of its side reaches max_price, once per
// cooldown per market, under a ManualClock; and end to end through the registry and host.
#include "antevorta/strategy/threshold_taker.hpp"

#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/core/event_bus.hpp"
#include "antevorta/kalshi/events.hpp"
#include "antevorta/strategy/host.hpp"
#include "antevorta/strategy/registry.hpp"

#include "unit/strategy/strategy_test_support.hpp"

namespace antevorta::strategy::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::IsEmpty;
using ::testing::StartsWith;

const std::string kBtc = "KXBTC15M-26JAN010015-15";
const std::string kSol = "KXSOL15M-26JAN010015-15";

ThresholdTakerParams params(const char* max_price, kalshi::OutcomeSide side,
                            std::chrono::seconds cooldown) {
  ThresholdTakerParams p;
  p.max_price = P(max_price);
  p.count = C("3");
  p.side = side;
  p.cooldown = cooldown;
  return p;
}

class ThresholdTakerTest : public ::testing::Test {
 protected:
  void start(ThresholdTakerParams p) {
    taker = std::make_unique<ThresholdTaker>(StrategyId("threshold_taker"), p);
    taker->on_start(context);
  }
  // A book whose best YES ask is 1 − no_bid and best NO ask is 1 − yes_bid.
  void book(const std::string& ticker, std::optional<Price> yes_bid, std::optional<Price> no_bid) {
    const auto b = make_book(ticker, yes_bid, no_bid);
    taker->on_book(*b, context.clock_.now());
  }

  FakeContext context{"threshold_taker"};
  std::unique_ptr<ThresholdTaker> taker;
};

TEST_F(ThresholdTakerTest, SubmitsWhenTheAskReachesMaxPrice) {
  start(params("0.40", kalshi::OutcomeSide::yes, 60s));
  book(kBtc, std::nullopt, P("0.59"));  // YES ask = 1 − 0.59 = 0.41 > 0.40
  EXPECT_THAT(context.submitted, IsEmpty());
  book(kBtc, std::nullopt, P("0.60"));  // YES ask = 1 − 0.60 = 0.40: at the limit, buys
  ASSERT_EQ(context.submitted.size(), 1u);
  const OrderIntent& i = context.submitted[0];
  EXPECT_EQ(i.ticker, MarketTicker(kBtc));
  EXPECT_EQ(i.side, kalshi::OutcomeSide::yes);
  EXPECT_EQ(i.action, Action::buy);
  EXPECT_EQ(i.count, C("3"));
  EXPECT_EQ(i.limit_price, P("0.40"));
  EXPECT_EQ(i.time_in_force, kalshi::TimeInForce::immediate_or_cancel);
  EXPECT_FALSE(i.post_only);
  EXPECT_FALSE(i.reduce_only);
  EXPECT_EQ(i.evidence.reason, "ask <= max_price (ask 0.4000, max_price 0.4000)");
  ASSERT_TRUE(i.evidence.probability.has_value());  // its belief: YES is worth max_price
  EXPECT_DOUBLE_EQ(*i.evidence.probability, 0.40);
}

TEST_F(ThresholdTakerTest, BuysBelowTheLimitAtTheAskNotAtTheLimit) {
  start(params("0.40", kalshi::OutcomeSide::yes, 60s));
  book(kBtc, std::nullopt, P("0.75"));  // YES ask = 1 − 0.75 = 0.25
  ASSERT_EQ(context.submitted.size(), 1u);
  EXPECT_EQ(context.submitted[0].limit_price, P("0.25"));
}

TEST_F(ThresholdTakerTest, NoSideUsesTheNoAsk) {
  start(params("0.40", kalshi::OutcomeSide::no, 60s));
  book(kBtc, P("0.59"), P("0.30"));  // NO ask = 1 − 0.59 = 0.41; YES ask 0.70: nothing
  EXPECT_THAT(context.submitted, IsEmpty());
  book(kBtc, P("0.65"), std::nullopt);  // NO ask = 1 − 0.65 = 0.35 <= 0.40
  ASSERT_EQ(context.submitted.size(), 1u);
  EXPECT_EQ(context.submitted[0].side, kalshi::OutcomeSide::no);
  EXPECT_EQ(context.submitted[0].limit_price, P("0.35"));
  EXPECT_THAT(context.submitted[0].evidence.reason, StartsWith("ask <= max_price"));
  // NO is worth max_price 0.40, so P(YES) = 1 − 0.40.
  ASSERT_TRUE(context.submitted[0].evidence.probability.has_value());
  EXPECT_DOUBLE_EQ(*context.submitted[0].evidence.probability, 0.60);
}

TEST_F(ThresholdTakerTest, CooldownIsPerMarketAndEndsExactlyAfterItsLength) {
  start(params("0.40", kalshi::OutcomeSide::yes, 30s));
  book(kBtc, std::nullopt, P("0.70"));  // t = 0: submits
  ASSERT_EQ(context.submitted.size(), 1u);
  book(kBtc, std::nullopt, P("0.70"));  // t = 0 again: cooling down
  context.clock_.advance(29s);
  book(kBtc, std::nullopt, P("0.70"));  // t = 29 s < 30 s: still cooling down
  EXPECT_EQ(context.submitted.size(), 1u);
  book(kSol, std::nullopt, P("0.70"));  // another market has its own cooldown
  EXPECT_EQ(context.submitted.size(), 2u);
  context.clock_.advance(1s);
  book(kBtc, std::nullopt, P("0.70"));  // t = 30 s = 0 + cooldown: allowed
  ASSERT_EQ(context.submitted.size(), 3u);
  EXPECT_EQ(context.submitted[2].ticker, MarketTicker(kBtc));
  EXPECT_EQ(context.submitted[2].created_at, kStart + 30s);
  context.clock_.advance(29s);
  book(kBtc, std::nullopt, P("0.70"));  // t = 59 s, 29 s after the last: no
  EXPECT_EQ(context.submitted.size(), 3u);
}

TEST_F(ThresholdTakerTest, ZeroCooldownSubmitsOnEveryCrossingUpdate) {
  start(params("0.40", kalshi::OutcomeSide::yes, 0s));
  book(kBtc, std::nullopt, P("0.70"));
  book(kBtc, std::nullopt, P("0.70"));
  EXPECT_EQ(context.submitted.size(), 2u);
}

TEST_F(ThresholdTakerTest, IgnoresStaleBooksMissingAsksAndInactiveMarkets) {
  start(params("0.40", kalshi::OutcomeSide::yes, 0s));
  auto stale = make_book(kBtc, std::nullopt, P("0.70"));
  stale->mark_stale(kalshi::StaleReason::sequence_gap);
  taker->on_book(*stale, kStart);
  book(kBtc, P("0.10"), std::nullopt);  // YES bids only: no YES ask
  context.services.markets[MarketTicker(kSol)] =
      market(kSol, "KXSOL15M-26JAN010015", kalshi::MarketStatus::closed);
  book(kSol, std::nullopt, P("0.70"));
  EXPECT_THAT(context.submitted, IsEmpty());
  context.services.markets[MarketTicker(kSol)].status = kalshi::MarketStatus::active;
  book(kSol, std::nullopt, P("0.70"));
  EXPECT_EQ(context.submitted.size(), 1u);
}

TEST_F(ThresholdTakerTest, DoesNothingBeforeStart) {
  taker = std::make_unique<ThresholdTaker>(StrategyId("threshold_taker"),
                                           params("0.40", kalshi::OutcomeSide::yes, 0s));
  const auto b = make_book(kBtc, std::nullopt, P("0.70"));
  taker->on_book(*b, kStart);
  EXPECT_THAT(context.submitted, IsEmpty());
}

// From YAML to an intent at the services: registry, host, bus, context stamping.
TEST(ThresholdTakerEndToEnd, CreatedFromConfigItTradesThroughTheHost) {
  std::vector<config::ConfigError> errors;
  const config::Node tree = config::parse_yaml(
      "strategies:\n"
      "  threshold_taker:\n"
      "    params:\n"
      "      max_price: 0.45\n"
      "      count: 1\n"
      "      cooldown_seconds: 10\n",
      "strategies/threshold_taker.yaml", errors);
  ASSERT_THAT(errors, IsEmpty());
  config::StrategyConfig c = strategy_config("threshold_taker", true, {"KXBTC15M"});
  c.params = *tree.find_path("strategies.threshold_taker.params");
  CreateResult created = builtin_registry().create_all({{c.name, c}}, &tree);
  ASSERT_TRUE(created.ok());

  EventBus bus;
  ManualClock clock(kStart);
  FakeServices services;
  HostOptions options;
  options.session = "S";
  StrategyHost host(bus, clock, null_logger(), services, std::move(created.strategies),
                    std::move(options));
  host.start();

  const auto crossing = make_book(kBtc, std::nullopt, P("0.56"));   // YES ask 0.44 <= 0.45
  const auto elsewhere = make_book(kSol, std::nullopt, P("0.90"));  // not followed
  bus.publish(kalshi::BookUpdated{elsewhere.get(), clock.now(), false});
  bus.publish(kalshi::BookUpdated{crossing.get(), clock.now(), false});
  clock.advance(9s);
  bus.publish(kalshi::BookUpdated{crossing.get(), clock.now(), false});  // cooling down
  clock.advance(1s);
  bus.publish(kalshi::BookUpdated{crossing.get(), clock.now(), false});  // 10 s: again

  ASSERT_EQ(services.submitted.size(), 2u);
  EXPECT_EQ(services.submitted[0].id, IntentId("threshold_taker-S-1"));
  EXPECT_EQ(services.submitted[0].strategy, StrategyId("threshold_taker"));
  EXPECT_EQ(services.submitted[0].ticker, MarketTicker(kBtc));
  EXPECT_EQ(services.submitted[0].limit_price, P("0.44"));
  EXPECT_EQ(services.submitted[0].created_at, kStart);
  EXPECT_EQ(services.submitted[1].id, IntentId("threshold_taker-S-2"));
  EXPECT_EQ(services.submitted[1].created_at, kStart + 10s);

  // Disabled at runtime: the same crossing book no longer trades.
  ASSERT_EQ(host.set_enabled("threshold_taker", false), SetEnabledResult::changed);
  clock.advance(60s);
  bus.publish(kalshi::BookUpdated{crossing.get(), clock.now(), false});
  EXPECT_EQ(services.submitted.size(), 2u);
}

}  // namespace
}  // namespace antevorta::strategy::testing
