// The gate on the bus, the denial counters and the stable names of the reasons.
#include "antevorta/risk/gate.hpp"

#include <chrono>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/core/event_bus.hpp"
#include "antevorta/risk/events.hpp"

#include "unit/risk/risk_fixture.hpp"

namespace antevorta::risk::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(RiskTest, GatePublishesEveryDecisionWithItsNumbers) {
  config.max_order_count = qty("5");
  EventBus bus;
  ManualClock clock(now);
  RiskManager risk(config, RiskState{}, bus_hooks(bus));
  RiskGate gate(bus, clock, risk, view);
  std::vector<RiskDenied> denied;
  std::vector<RiskApproved> approved;
  auto s1 = bus.subscribe<RiskDenied>([&](const RiskDenied& e) { denied.push_back(e); });
  auto s2 = bus.subscribe<RiskApproved>([&](const RiskApproved& e) { approved.push_back(e); });

  EXPECT_FALSE(gate.submit(intent()));  // 10 > 5
  ASSERT_EQ(denied.size(), 1u);
  EXPECT_EQ(denied[0].intent, strategy::IntentId("i-1"));
  EXPECT_EQ(denied[0].strategy, strategy::StrategyId("alpha"));
  EXPECT_EQ(denied[0].ticker, kMarket);
  EXPECT_EQ(denied[0].reason, DenyReason::max_order_count);
  EXPECT_EQ(denied[0].rule, "max_order_count");
  EXPECT_EQ(denied[0].limit, "5.00");
  EXPECT_EQ(denied[0].actual, "10.00");
  EXPECT_EQ(denied[0].at, now);

  clock.advance(1s);
  EXPECT_TRUE(gate.submit(intent(kalshi::OutcomeSide::yes, strategy::Action::buy, "5")));
  ASSERT_EQ(approved.size(), 1u);
  EXPECT_EQ(approved[0].intent.count, qty("5"));
  EXPECT_EQ(approved[0].at, now + 1s);
  EXPECT_EQ(denied.size(), 1u);
}

TEST_F(RiskTest, BusHooksPublishLatchAndStateChanges) {
  EventBus bus;
  RiskManager risk(config, RiskState{}, bus_hooks(bus));
  std::vector<KillSwitchChanged> kills;
  std::vector<CircuitBreakerChanged> breakers;
  std::vector<RiskStateChanged> states;
  auto s1 = bus.subscribe<KillSwitchChanged>([&](const auto& e) { kills.push_back(e); });
  auto s2 = bus.subscribe<CircuitBreakerChanged>([&](const auto& e) { breakers.push_back(e); });
  auto s3 = bus.subscribe<RiskStateChanged>([&](const auto& e) { states.push_back(e); });
  risk.engage_kill_switch(LatchReason::manual, "api", now);
  risk.trip_circuit_breaker(LatchReason::ledger_drift, "drift", now + 1s);
  ASSERT_EQ(kills.size(), 1u);
  EXPECT_EQ(kills[0].latch.detail, "api");
  ASSERT_EQ(breakers.size(), 1u);
  EXPECT_EQ(breakers[0].latch.reason, LatchReason::ledger_drift);
  ASSERT_EQ(states.size(), 2u);
  EXPECT_TRUE(states[1].state.kill_switch.engaged);
  EXPECT_TRUE(states[1].state.circuit_breaker.engaged);
}

TEST_F(RiskTest, DenialsAreCountedByReason) {
  config.max_order_count = qty("5");
  EXPECT_TRUE(Denied(evaluate(intent()), DenyReason::max_order_count));
  EXPECT_TRUE(Denied(evaluate(intent()), DenyReason::max_order_count));
  view.trading_active = false;
  EXPECT_TRUE(Denied(evaluate(intent()), DenyReason::exchange_inactive));
  const auto& counts = manager().denial_counts();
  EXPECT_EQ(counts[static_cast<std::size_t>(DenyReason::max_order_count)], 2u);
  EXPECT_EQ(counts[static_cast<std::size_t>(DenyReason::exchange_inactive)], 1u);
  EXPECT_EQ(manager().approval_count(), 0u);
}

TEST(DenyReasonNames, AreStableSnakeCaseAndRoundTrip) {
  EXPECT_EQ(to_string(DenyReason::kill_switch_engaged), "kill_switch_engaged");
  EXPECT_EQ(to_string(DenyReason::unknown_input), "unknown_input");
  EXPECT_EQ(to_string(DenyReason::max_portfolio_exposure_share), "max_portfolio_exposure_share");
  EXPECT_EQ(to_string(DenyReason::price_band), "price_band");
  for (std::size_t i = 0; i < kDenyReasonCount; ++i) {
    const auto reason = static_cast<DenyReason>(i);
    const auto name = to_string(reason);
    EXPECT_EQ(parse_deny_reason(name), reason) << name;
    for (const char c : name) EXPECT_TRUE((c >= 'a' && c <= 'z') || c == '_') << name;
  }
  EXPECT_FALSE(parse_deny_reason("Price_Band"));
  EXPECT_EQ(to_string(LatchReason::daily_loss_limit), "daily_loss_limit");
  EXPECT_EQ(parse_latch_reason("drawdown"), LatchReason::drawdown);
}

}  // namespace
}  // namespace antevorta::risk::testing
