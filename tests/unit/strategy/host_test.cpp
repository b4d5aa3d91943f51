// StrategyHost: delivery to enabled strategies of followed markets only, routing of order
// and fill events, runtime enable/disable with its events, timers, intent stamping.
#include "antevorta/strategy/host.hpp"

#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/strategy/host_fixture.hpp"

namespace antevorta::strategy::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// alpha follows the KXBTC series, beta one KXETH market, gamma KXBTC too but is disabled.
std::vector<HostTest::Spec> three() {
  return {{strategy_config("alpha", true, {"KXBTC"}), {}},
          {strategy_config("beta", true, {}, {"KXETH-26JAN01-T1"}), {}},
          {strategy_config("gamma", false, {"KXBTC"}), {}}};
}

TEST_F(HostTest, StartCallsOnStartForEnabledAndPublishesConfigEvents) {
  make_host(three());
  EXPECT_THAT(log, IsEmpty());  // nothing before start()
  host->start();
  EXPECT_THAT(take_log(),
              ElementsAre("alpha:start", "alpha:start_done", "beta:start", "beta:start_done"));
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(states[0].name, StrategyId("alpha"));
  EXPECT_TRUE(states[0].enabled);
  EXPECT_EQ(states[0].reason, StateChangeReason::config);
  EXPECT_EQ(states[0].at, kStart);
  EXPECT_EQ(states[1].name, StrategyId("beta"));

  host->stop();
  EXPECT_THAT(take_log(), ElementsAre("alpha:stop", "beta:stop"));
  EXPECT_EQ(states.size(), 2u);             // stop publishes nothing
  EXPECT_EQ(host->enabled("alpha"), true);  // and keeps the flags
}

TEST_F(HostTest, BooksReachOnlyEnabledStrategiesThatFollowTheMarket) {
  make_host(three());
  host->start();
  take_log();

  publish_book("KXBTC-26JAN01-B100000");  // series KXBTC: alpha (gamma is disabled)
  publish_book("KXETH-26JAN01-T1");       // beta's market
  publish_book("KXETH-26JAN01-T2");       // same event, not in beta's list
  publish_book("KXBTCD-26JAN01-T1");      // "KXBTC" is a prefix of the series, not the series
  publish_book("KXSOL-26JAN01-T1");       // nobody
  EXPECT_THAT(take_log(),
              ElementsAre("alpha:book:KXBTC-26JAN01-B100000", "beta:book:KXETH-26JAN01-T1"));
  EXPECT_EQ(bus.handler_errors(), 0u);
}

TEST_F(HostTest, SeriesComesFromTheEventTickerWhenKnown) {
  make_host(three());
  // An odd market ticker whose event belongs to KXBTC, and a KXBTC-looking ticker whose
  // event does not.
  services.markets[MarketTicker("ODD-1")] = market("ODD-1", "KXBTC-26JAN01");
  services.markets[MarketTicker("KXBTC-X")] = market("KXBTC-X", "OTHER-26JAN01");
  host->start();
  take_log();
  publish_book("ODD-1");
  publish_book("KXBTC-X");
  EXPECT_THAT(take_log(), ElementsAre("alpha:book:ODD-1"));
  EXPECT_TRUE(host->follows("alpha", MarketTicker("ODD-1")));
  EXPECT_FALSE(host->follows("alpha", MarketTicker("KXBTC-X")));
  EXPECT_FALSE(host->follows("nobody", MarketTicker("ODD-1")));
  // None of these trades on the price index (so no feed age applies to them).
  EXPECT_FALSE(host->trades_on_index("alpha"));
  EXPECT_FALSE(host->trades_on_index("nobody"));
}

TEST_F(HostTest, StrategyWithoutSeriesOrMarketsFollowsNothingAndSaysSo) {
  make_host({{strategy_config("idle", true, {}), {}}});
  host->start();
  take_log();
  EXPECT_NE(log_text.str().find("strategy_follows_nothing name=idle"), std::string::npos);
  publish_book("KXBTC-26JAN01-B1");
  EXPECT_THAT(log, IsEmpty());
}

TEST_F(HostTest, MarketChangesAreFilteredAndRefreshTheSeries) {
  make_host(three());
  host->start();
  take_log();
  // First seen as a book with no metadata: "NEW" is not KXBTC.
  publish_book("NEW-1");
  // Then listed with its event: from now on alpha follows it.
  bus.publish(kalshi::MarketChanged{kalshi::MarketChange::listed, MarketTicker("NEW-1"),
                                    market("NEW-1", "KXBTC-26JAN02"), clock.now()});
  publish_book("NEW-1");
  bus.publish(kalshi::MarketChanged{kalshi::MarketChange::closed, MarketTicker("KXSOL-1"),
                                    std::nullopt, clock.now()});
  EXPECT_THAT(take_log(), ElementsAre("alpha:market:NEW-1:listed", "alpha:book:NEW-1"));
}

TEST_F(HostTest, OrdersAndFillsGoToTheNamedEnabledStrategyOnly) {
  make_host(three());
  host->start();
  take_log();
  StrategyOrderUpdate update;
  update.order.strategy = StrategyId("alpha");
  update.order.intent = IntentId("alpha-S-1");
  update.order.state = OrderState::denied;
  bus.publish(update);
  update.order.strategy = kManualStrategy;
  bus.publish(update);
  update.order.strategy = StrategyId("gamma");  // disabled
  bus.publish(update);
  StrategyFill fill;
  fill.strategy = StrategyId("beta");
  fill.trade_id = TradeId("t-1");
  fill.count = C("2.5");
  bus.publish(fill);
  EXPECT_THAT(take_log(), ElementsAre("alpha:order:alpha-S-1:denied", "beta:fill:t-1:2.50"));
}

TEST_F(HostTest, RuntimeEnableAndDisable) {
  make_host(three());
  host->start();
  take_log();
  states.clear();
  clock.advance(10s);

  EXPECT_EQ(host->set_enabled("gamma", true), SetEnabledResult::changed);
  EXPECT_THAT(take_log(), ElementsAre("gamma:start", "gamma:start_done"));
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(states[0].name, StrategyId("gamma"));
  EXPECT_TRUE(states[0].enabled);
  EXPECT_EQ(states[0].reason, StateChangeReason::operator_request);
  EXPECT_EQ(states[0].at, kStart + 10s);

  EXPECT_EQ(host->set_enabled("gamma", true), SetEnabledResult::unchanged);
  EXPECT_EQ(states.size(), 1u);
  EXPECT_THAT(log, IsEmpty());

  EXPECT_EQ(host->set_enabled("alpha", false), SetEnabledResult::changed);
  EXPECT_THAT(take_log(), ElementsAre("alpha:stop"));
  ASSERT_EQ(states.size(), 2u);
  EXPECT_FALSE(states[1].enabled);

  publish_book("KXBTC-26JAN01-B1");  // now gamma's, no longer alpha's
  EXPECT_THAT(take_log(), ElementsAre("gamma:book:KXBTC-26JAN01-B1"));

  EXPECT_EQ(host->set_enabled("delta", true), SetEnabledResult::unknown_strategy);
  EXPECT_EQ(host->enabled("delta"), std::nullopt);
  EXPECT_EQ(host->enabled("alpha"), false);
  EXPECT_EQ(states.size(), 2u);
  EXPECT_NE(log_text.str().find("strategy_disabled name=alpha by=operator"), std::string::npos);
}

TEST_F(HostTest, SetEnabledBeforeStartOnlyFlipsTheFlag) {
  make_host(three());
  EXPECT_EQ(host->set_enabled("gamma", true), SetEnabledResult::changed);
  EXPECT_THAT(log, IsEmpty());
  ASSERT_EQ(states.size(), 1u);
  host->start();
  EXPECT_THAT(take_log(), ElementsAre("alpha:start", "alpha:start_done", "beta:start",
                                      "beta:start_done", "gamma:start", "gamma:start_done"));
}

TEST_F(HostTest, StatusListsEveryStrategyInNameOrder) {
  make_host(three());
  const auto status = host->status();
  ASSERT_EQ(status.size(), 3u);
  EXPECT_EQ(status[0].name, StrategyId("alpha"));
  EXPECT_TRUE(status[0].enabled);
  EXPECT_EQ(status[0].series, std::vector<SeriesTicker>{SeriesTicker("KXBTC")});
  EXPECT_EQ(status[1].markets, std::vector<MarketTicker>{MarketTicker("KXETH-26JAN01-T1")});
  EXPECT_FALSE(status[2].enabled);
  EXPECT_EQ(status[2].last_error, std::nullopt);
}

TEST_F(HostTest, TimerFiresAfterItsDelayAndIsDroppedWhenDisabled) {
  RecordingStrategy::Script script;
  script.timer_after = 5s;
  make_host({{strategy_config("alpha", true, {"KXBTC"}), script},
             {strategy_config("beta", true, {"KXETH"}), script}});
  host->start();
  take_log();
  clock.advance(4999ms);
  EXPECT_THAT(log, IsEmpty());
  EXPECT_EQ(host->set_enabled("beta", false), SetEnabledResult::changed);
  take_log();
  clock.advance(1ms);  // 5000 ms after start: alpha's fires, beta's was dropped
  EXPECT_THAT(take_log(), ElementsAre("alpha:timer:5000", "alpha:timer_done"));
  clock.advance(60s);
  EXPECT_THAT(log, IsEmpty());
}

TEST_F(HostTest, ContextStampsIntentsAndManualUsesTheSamePath) {
  RecordingStrategy::Script script;
  script.submit_on_start = true;
  make_host({{strategy_config("alpha", true, {"KXBTC"}), script},
             {strategy_config("beta", false, {"KXBTC"}), {}}});
  clock.advance(2s);
  host->start();
  ASSERT_EQ(services.submitted.size(), 1u);
  EXPECT_EQ(services.submitted[0].id, IntentId("alpha-S-1"));
  EXPECT_EQ(services.submitted[0].strategy, StrategyId("alpha"));
  EXPECT_EQ(services.submitted[0].created_at, kStart + 2s);

  OrderIntent manual;
  manual.id = IntentId("made-up");
  manual.strategy = StrategyId("alpha");  // overwritten: the context decides who it is
  manual.ticker = MarketTicker("KXBTC-26JAN01-B1");
  clock.advance(1s);
  EXPECT_EQ(host->manual().submit(manual), IntentId("manual-S-1"));
  EXPECT_EQ(host->manual().submit(manual), IntentId("manual-S-2"));
  ASSERT_EQ(services.submitted.size(), 3u);
  EXPECT_EQ(services.submitted[1].strategy, kManualStrategy);
  EXPECT_EQ(services.submitted[1].id, IntentId("manual-S-1"));
  EXPECT_EQ(services.submitted[1].created_at, kStart + 3s);
  EXPECT_EQ(services.submitted[2].id, IntentId("manual-S-2"));

  EXPECT_EQ(host->manual().strategy(), kManualStrategy);
}

TEST_F(HostTest, DefaultSessionIsTheClockInUnixMilliseconds) {
  clock.advance(1500ms);
  StrategyHost plain(bus, clock, null_logger(), services, {});
  // kStart = 1767225600000 ms, plus 1500 ms.
  EXPECT_EQ(plain.manual().submit(OrderIntent{}), IntentId("manual-1767225601500-1"));
}

TEST_F(HostTest, DisabledContextDropsSubmitsButNotCancels) {
  make_host({{strategy_config("alpha", true, {"KXBTC"}), {}}});
  host->start();
  StrategyContext* context = recorders.at("alpha")->context;
  ASSERT_NE(context, nullptr);
  EXPECT_EQ(context->strategy(), StrategyId("alpha"));
  EXPECT_EQ(context->config().series, std::vector<SeriesTicker>{SeriesTicker("KXBTC")});
  ASSERT_EQ(host->set_enabled("alpha", false), SetEnabledResult::changed);

  // A plugin that kept its context past on_stop: its intents go nowhere.
  OrderIntent intent;
  intent.ticker = MarketTicker("KXBTC-26JAN01-B1");
  EXPECT_EQ(context->submit(intent), IntentId{});
  EXPECT_THAT(services.submitted, IsEmpty());
  EXPECT_TRUE(context->cancel(ClientOrderId("c-1")));
  ASSERT_EQ(services.cancels.size(), 1u);
  EXPECT_EQ(services.cancels[0].first, StrategyId("alpha"));
  EXPECT_EQ(services.cancels[0].second, ClientOrderId("c-1"));

  // Enabled again, the numbering goes on.
  ASSERT_EQ(host->set_enabled("alpha", true), SetEnabledResult::changed);
  EXPECT_EQ(context->submit(intent), IntentId("alpha-S-1"));
}

}  // namespace
}  // namespace antevorta::strategy::testing
