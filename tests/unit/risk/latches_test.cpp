// The kill switch and the circuit breaker: what engages them, what they block, what
// releases them, and how the daily loss measure resets at 00:00 UTC while the breaker does not.
#include <chrono>
#include <vector>

#include <gtest/gtest.h>

#include "unit/risk/risk_fixture.hpp"

namespace antevorta::risk::testing {
namespace {

using namespace std::chrono_literals;

class LatchTest : public RiskTest {
 protected:
  // A manager that records every hook call.
  RiskManager& watched() {
    RiskHooks hooks;
    hooks.state_changed = [this](const RiskStateChanged& e) { states.push_back(e.state); };
    hooks.kill_switch_changed = [this](const KillSwitchChanged& e) { kills.push_back(e); };
    hooks.circuit_breaker_changed = [this](const CircuitBreakerChanged& e) {
      breakers.push_back(e);
    };
    manager_ = std::make_unique<RiskManager>(config, RiskState{}, std::move(hooks));
    return *manager_;
  }

  std::vector<RiskState> states;
  std::vector<KillSwitchChanged> kills;
  std::vector<CircuitBreakerChanged> breakers;
};

TEST_F(LatchTest, KillSwitchBlocksEverythingButTheOperatorsFlatten) {
  auto& m = watched();
  EXPECT_TRUE(m.engage_kill_switch(LatchReason::manual, "operator", now));
  EXPECT_FALSE(m.engage_kill_switch(LatchReason::ledger_drift, "drift", now + 1s));
  EXPECT_EQ(m.state().kill_switch.reason, LatchReason::manual);  // the first reason stays
  ASSERT_EQ(kills.size(), 1u);
  EXPECT_TRUE(kills[0].latch.engaged);
  EXPECT_EQ(kills[0].latch.since, now);

  view.hold(kMarket, "10", "5.00");
  const auto d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::kill_switch_engaged));
  EXPECT_EQ(d.actual, "manual");
  EXPECT_TRUE(Denied(evaluate(sell_yes("10")), DenyReason::kill_switch_engaged));  // even reducing
  EXPECT_TRUE(
      Denied(evaluate(sell_yes("10"), IntentPurpose::reduce), DenyReason::kill_switch_engaged));
  EXPECT_TRUE(Approved(evaluate(sell_yes("10"), IntentPurpose::flatten)));
  EXPECT_TRUE(Denied(evaluate(sell_yes("10.01"), IntentPurpose::flatten),
                     DenyReason::invalid_intent));  // a flatten must not open anything

  EXPECT_TRUE(m.release_kill_switch("operator released", now + 2s));
  EXPECT_FALSE(m.release_kill_switch("again", now + 3s));
  ASSERT_EQ(kills.size(), 2u);
  EXPECT_FALSE(kills[1].latch.engaged);
  EXPECT_TRUE(Approved(evaluate(intent())));
  EXPECT_EQ(m.denial_count(DenyReason::kill_switch_engaged), 3u);
}

TEST_F(LatchTest, FlattenStillNeedsATradingExchange) {
  auto& m = watched();
  m.trip_circuit_breaker(LatchReason::other, "test", now);
  view.hold(kMarket, "-10", "5.00");
  const auto flatten = intent(kalshi::OutcomeSide::no, strategy::Action::sell, "10");
  EXPECT_TRUE(Approved(evaluate(flatten, IntentPurpose::flatten)));
  view.trading_active = false;
  EXPECT_TRUE(Denied(evaluate(flatten, IntentPurpose::flatten), DenyReason::exchange_inactive));
}

TEST_F(LatchTest, DailyLossEngagesTheKillSwitchWhenTheLossReachesTheLimit) {
  config.daily_loss_limit = usd("100");
  auto& m = watched();
  m.observe_equity(usd("1000"), at("2026-01-01T09:00:00Z"));      // the day's baseline
  m.observe_equity(usd("900.0001"), at("2026-01-01T10:00:00Z"));  // lost 99.9999
  EXPECT_FALSE(m.state().kill_switch.engaged);
  m.observe_equity(usd("900"), at("2026-01-01T11:00:00Z"));  // lost 100.0000 = the limit
  EXPECT_TRUE(m.state().kill_switch.engaged);
  EXPECT_EQ(m.state().kill_switch.reason, LatchReason::daily_loss_limit);
  EXPECT_EQ(m.state().kill_switch.since, at("2026-01-01T11:00:00Z"));
  ASSERT_EQ(kills.size(), 1u);
  EXPECT_NE(kills[0].latch.detail.find("100.0000"), std::string::npos) << kills[0].latch.detail;
  // The state was persisted before the event: the last saved state is engaged.
  ASSERT_FALSE(states.empty());
  EXPECT_TRUE(states.back().kill_switch.engaged);
}

TEST_F(LatchTest, DailyLossMeasureResetsAtMidnightUtcButTheKillSwitchStaysEngaged) {
  config.daily_loss_limit = usd("100");
  auto& m = watched();
  m.observe_equity(usd("1000"), at("2026-01-01T10:00:00Z"));
  m.observe_equity(usd("950"), at("2026-01-01T23:59:59.999Z"));  // lost 50 today
  EXPECT_EQ(m.state().day_start_equity, usd("1000"));
  m.observe_equity(usd("950"), at("2026-01-02T00:00:00Z"));  // new UTC day: baseline 950
  EXPECT_EQ(m.state().day_start_equity, usd("950"));
  EXPECT_EQ(m.state().day, std::chrono::sys_days(std::chrono::year(2026) / 1 / 2));
  // 950 → 860 loses 90 today (140 since the previous day's baseline): no trip.
  m.observe_equity(usd("860"), at("2026-01-02T01:00:00Z"));
  EXPECT_FALSE(m.state().kill_switch.engaged);
  m.observe_equity(usd("850"), at("2026-01-02T02:00:00Z"));  // lost 100 today
  EXPECT_TRUE(m.state().kill_switch.engaged);
  // Next day: the measure resets, the latch does not.
  m.observe_equity(usd("850"), at("2026-01-03T00:00:00Z"));
  EXPECT_EQ(m.state().day_start_equity, usd("850"));
  EXPECT_TRUE(m.state().kill_switch.engaged);
  view.equity_value = usd("850");
  EXPECT_TRUE(
      Denied(evaluate_at(intent(), at("2026-01-03T00:00:01Z")), DenyReason::kill_switch_engaged));
}

TEST_F(LatchTest, AClockSteppingBackDoesNotMoveTheBaseline) {
  config.daily_loss_limit = usd("100");
  auto& m = watched();
  m.observe_equity(usd("1000"), at("2026-01-02T00:00:01Z"));
  m.observe_equity(usd("990"), at("2026-01-01T23:59:59Z"));
  EXPECT_EQ(m.state().day_start_equity, usd("1000"));
}

TEST_F(LatchTest, DrawdownTripsTheBreakerWhichMidnightDoesNotReset) {
  config.max_drawdown = usd("50");
  auto& m = watched();
  m.observe_equity(usd("900"), at("2026-01-01T09:00:00Z"));
  m.observe_equity(usd("1000"), at("2026-01-01T10:00:00Z"));      // the peak
  m.observe_equity(usd("950.0001"), at("2026-01-01T11:00:00Z"));  // 49.9999 below
  EXPECT_FALSE(m.state().circuit_breaker.engaged);
  m.observe_equity(usd("950"), at("2026-01-01T12:00:00Z"));  // 50 below the peak
  EXPECT_TRUE(m.state().circuit_breaker.engaged);
  EXPECT_EQ(m.state().circuit_breaker.reason, LatchReason::drawdown);
  ASSERT_EQ(breakers.size(), 1u);
  EXPECT_FALSE(m.state().kill_switch.engaged);

  m.observe_equity(usd("960"), at("2026-01-02T00:00:00Z"));
  m.observe_equity(usd("960"), at("2026-01-05T00:00:00Z"));
  EXPECT_TRUE(m.state().circuit_breaker.engaged);
  view.equity_value = usd("960");
  EXPECT_TRUE(Denied(evaluate_at(intent(), at("2026-01-05T00:00:01Z")),
                     DenyReason::circuit_breaker_tripped));

  EXPECT_TRUE(m.reset_circuit_breaker("operator reset", at("2026-01-05T00:00:02Z")));
  EXPECT_FALSE(m.state().equity_peak.has_value());  // a new peak starts with the next observation
  EXPECT_TRUE(Approved(evaluate_at(intent(), at("2026-01-05T00:00:03Z"))));
  EXPECT_EQ(m.state().equity_peak, usd("960"));
  EXPECT_FALSE(m.state().circuit_breaker.engaged);
  ASSERT_EQ(breakers.size(), 2u);
  EXPECT_FALSE(breakers[1].latch.engaged);
}

TEST_F(LatchTest, EvaluateObservesTheViewsEquity) {
  config.daily_loss_limit = usd("100");
  watched();
  view.equity_value = usd("1000");
  EXPECT_TRUE(Approved(evaluate(intent())));
  view.equity_value = usd("899.99");
  const auto d = evaluate_at(intent(), now + 1s);
  EXPECT_TRUE(Denied(d, DenyReason::kill_switch_engaged));
  EXPECT_EQ(d.actual, "daily_loss_limit");
  EXPECT_NE(d.detail.find("100.0100"), std::string::npos) << d.detail;
}

TEST_F(LatchTest, UnknownEquityDeniesWhenALossLimitIsSetExceptAFlatten) {
  config.max_drawdown = usd("50");
  watched();
  view.equity_value.reset();
  const auto d = evaluate(intent());
  EXPECT_TRUE(Unknown(d, "equity"));
  EXPECT_EQ(d.rule, "max_drawdown");
  view.hold(kMarket, "10", "5.00");
  EXPECT_TRUE(Approved(evaluate(sell_yes("10"), IntentPurpose::flatten)));
}

}  // namespace
}  // namespace antevorta::risk::testing
