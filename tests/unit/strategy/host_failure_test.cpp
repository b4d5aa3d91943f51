// StrategyHost: a throwing strategy is disabled without harming the others or the bus, and
// strategy handlers are never re-entered.
#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/strategy/host.hpp"

#include "unit/strategy/host_fixture.hpp"

namespace antevorta::strategy::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST_F(HostTest, ThrowingStrategyIsDisabledAndTheOthersGoOn) {
  RecordingStrategy::Script boom;
  boom.throw_on = "book";
  // "aaa" comes first, so "zed" is called after the failure within the same event.
  make_host({{strategy_config("aaa", true, {"KXBTC"}), boom},
             {strategy_config("zed", true, {"KXBTC"}), {}}});
  host->start();
  take_log();
  states.clear();
  clock.advance(3s);

  publish_book("KXBTC-26JAN01-B1");
  EXPECT_THAT(take_log(),
              ElementsAre("aaa:book:KXBTC-26JAN01-B1", "aaa:stop", "zed:book:KXBTC-26JAN01-B1"));
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(states[0].name, StrategyId("aaa"));
  EXPECT_FALSE(states[0].enabled);
  EXPECT_EQ(states[0].reason, StateChangeReason::failed);
  EXPECT_EQ(states[0].detail, "boom in book");
  EXPECT_EQ(states[0].at, kStart + 3s);
  EXPECT_EQ(host->enabled("aaa"), false);
  EXPECT_EQ(host->status()[0].last_error, "boom in book");
  EXPECT_THAT(log_text.str(), HasSubstr("strategy_failed name=aaa error=\"boom in book\""));
  EXPECT_EQ(bus.handler_errors(), 0u);  // the host caught it, not the bus

  publish_book("KXBTC-26JAN01-B1");
  EXPECT_THAT(take_log(), ElementsAre("zed:book:KXBTC-26JAN01-B1"));

  // The operator may try again: on_start runs, the error is cleared.
  EXPECT_EQ(host->set_enabled("aaa", true), SetEnabledResult::changed);
  EXPECT_THAT(take_log(), ElementsAre("aaa:start", "aaa:start_done"));
  EXPECT_EQ(host->status()[0].last_error, std::nullopt);
}

TEST_F(HostTest, StrategyFailingToStartStaysDisabled) {
  RecordingStrategy::Script boom;
  boom.throw_on = "start";
  make_host({{strategy_config("alpha", false, {"KXBTC"}), boom}});
  host->start();
  EXPECT_EQ(host->set_enabled("alpha", true), SetEnabledResult::failed);
  EXPECT_EQ(host->enabled("alpha"), false);
  // on_stop still runs so that a half-started strategy can clean up.
  EXPECT_THAT(take_log(), ElementsAre("alpha:start", "alpha:start_done", "alpha:stop"));
  ASSERT_EQ(states.size(), 2u);
  EXPECT_TRUE(states[0].enabled);
  EXPECT_EQ(states[0].reason, StateChangeReason::operator_request);
  EXPECT_FALSE(states[1].enabled);
  EXPECT_EQ(states[1].reason, StateChangeReason::failed);
  publish_book("KXBTC-26JAN01-B1");
  EXPECT_THAT(log, IsEmpty());
}

TEST_F(HostTest, ThrowingOnStopWhenDisabledIsReportedAsAFailure) {
  RecordingStrategy::Script boom;
  boom.throw_on = "stop";
  make_host({{strategy_config("alpha", true, {"KXBTC"}), boom}});
  host->start();
  take_log();
  EXPECT_EQ(host->set_enabled("alpha", false), SetEnabledResult::changed);
  EXPECT_THAT(take_log(), ElementsAre("alpha:stop"));  // once, not again by the failure
  ASSERT_EQ(states.size(), 3u);                        // config, operator, failed
  EXPECT_EQ(states[2].reason, StateChangeReason::failed);
  EXPECT_EQ(states[2].detail, "boom in stop");
}

TEST_F(HostTest, ThrowingTimerDisablesTheStrategy) {
  RecordingStrategy::Script boom;
  boom.throw_on = "timer";
  boom.timer_after = 1s;
  make_host({{strategy_config("alpha", true, {"KXBTC"}), boom}});
  host->start();
  take_log();
  clock.advance(1s);
  EXPECT_THAT(take_log(), ElementsAre("alpha:timer:1000", "alpha:timer_done", "alpha:stop"));
  EXPECT_EQ(host->enabled("alpha"), false);
}

// A service that answers a submit at once on the bus, from outside any bus dispatch (on_start
// via set_enabled, on_timer from the clock): the answer must wait until the handler returns.
TEST_F(HostTest, AnswersToASubmitArriveAfterTheHandlerReturns) {
  services.on_submit = [this](const OrderIntent& intent) {
    StrategyOrderUpdate denied;
    denied.order.strategy = intent.strategy;
    denied.order.intent = intent.id;
    denied.order.state = OrderState::denied;
    bus.publish(denied);
  };
  RecordingStrategy::Script script;
  script.submit_on_start = true;
  script.submit_on_timer = true;
  script.timer_after = 1s;
  make_host({{strategy_config("alpha", false, {"KXBTC"}), script}});
  host->start();
  ASSERT_EQ(host->set_enabled("alpha", true), SetEnabledResult::changed);
  EXPECT_THAT(take_log(),
              ElementsAre("alpha:start", "alpha:start_done", "alpha:order:alpha-S-1:denied"));
  clock.advance(1s);
  EXPECT_THAT(take_log(),
              ElementsAre("alpha:timer:1000", "alpha:timer_done", "alpha:order:alpha-S-2:denied"));
}

TEST_F(HostTest, ThrowingOnOrderDisablesOnlyThatStrategy) {
  RecordingStrategy::Script boom;
  boom.throw_on = "order";
  make_host({{strategy_config("alpha", true, {"KXBTC"}), boom},
             {strategy_config("beta", true, {"KXBTC"}), {}}});
  host->start();
  take_log();
  StrategyOrderUpdate update;
  update.order.strategy = StrategyId("alpha");
  update.order.intent = IntentId("alpha-S-1");
  update.order.state = OrderState::filled;
  bus.publish(update);
  EXPECT_THAT(take_log(), ElementsAre("alpha:order:alpha-S-1:filled", "alpha:stop"));
  EXPECT_EQ(host->enabled("alpha"), false);
  EXPECT_EQ(host->enabled("beta"), true);
}

}  // namespace
}  // namespace antevorta::strategy::testing
