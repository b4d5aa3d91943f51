// Persistence of the latches and baselines: JSON round trip, "survives a restart", strict
// reading that fails closed.
#include <chrono>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "unit/risk/risk_fixture.hpp"

namespace antevorta::risk::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(RiskTest, KillSwitchAndBreakerSurviveARestart) {
  config.daily_loss_limit = usd("100");
  config.max_drawdown = usd("500");
  std::string saved;  // what the store would keep: the last state, as text
  RiskHooks hooks;
  hooks.state_changed = [&](const RiskStateChanged& e) { saved = e.state.to_json().dump(); };
  {
    RiskManager before(config, RiskState{}, hooks);
    before.observe_equity(usd("1000"), at("2026-01-01T09:00:00Z"));
    before.observe_equity(usd("880"), at("2026-01-01T10:00:00Z"));  // lost 120: kill switch
    before.trip_circuit_breaker(LatchReason::ledger_drift, "ledger 3 contracts off",
                                at("2026-01-01T10:00:01.123456789Z"));
    ASSERT_TRUE(before.state().kill_switch.engaged);
  }
  // Restart: a new manager from the stored text.
  const auto loaded = RiskState::from_json(nlohmann::json::parse(saved));
  ASSERT_TRUE(loaded) << loaded.error();
  RiskManager after(config, *loaded);
  EXPECT_TRUE(after.state().kill_switch.engaged);
  EXPECT_EQ(after.state().kill_switch.reason, LatchReason::daily_loss_limit);
  EXPECT_TRUE(after.state().circuit_breaker.engaged);
  EXPECT_EQ(after.state().circuit_breaker.since, at("2026-01-01T10:00:01.123456789Z"));
  EXPECT_EQ(after.state().day_start_equity, usd("1000"));
  EXPECT_EQ(after.state().equity_peak, usd("1000"));
  view.equity_value = usd("1000");  // even with the money back, the latches hold
  EXPECT_TRUE(Denied(after.evaluate(intent(), view, at("2026-01-01T10:05:00Z")),
                     DenyReason::kill_switch_engaged));
  after.release_kill_switch("operator", at("2026-01-01T10:06:00Z"));
  EXPECT_TRUE(Denied(after.evaluate(intent(), view, at("2026-01-01T10:07:00Z")),
                     DenyReason::circuit_breaker_tripped));
}

TEST(RiskState, JsonRoundTripIsExact) {
  RiskState state;
  state.kill_switch = {true, LatchReason::manual, "halt \"now\"",
                       at("2026-03-04T05:06:07.000000001Z")};
  state.circuit_breaker = {false, LatchReason::manual, "reset", at("2026-03-04T05:00:00Z")};
  state.day = std::chrono::sys_days(std::chrono::year(2026) / 3 / 4);
  state.day_start_equity = usd("1234.5678");
  state.equity_peak = usd("-0.0001");
  const auto json = state.to_json();
  EXPECT_EQ(json.at("day"), "2026-03-04");
  EXPECT_EQ(json.at("day_start_equity"), "1234.5678");
  EXPECT_EQ(json.at("kill_switch").at("reason"), "manual");
  const auto back = RiskState::from_json(nlohmann::json::parse(json.dump()));
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, state);

  const RiskState empty;
  const auto empty_json = empty.to_json();
  EXPECT_TRUE(empty_json.at("day").is_null());
  EXPECT_TRUE(empty_json.at("equity_peak").is_null());
  const auto empty_back = RiskState::from_json(empty_json);
  ASSERT_TRUE(empty_back);
  EXPECT_EQ(*empty_back, empty);
}

TEST(RiskState, UnreadableStateIsAnErrorAndTheFallbackIsEngaged) {
  const auto good = RiskState{}.to_json();
  const auto error_of = [](const nlohmann::json& j) {
    const auto r = RiskState::from_json(j);
    return r ? std::string("(no error)") : r.error();
  };
  auto j = good;
  j.erase("kill_switch");
  EXPECT_EQ(error_of(j), "risk state: kill_switch: missing");
  j = good;
  j["version"] = 2;
  EXPECT_EQ(error_of(j), "risk state: unsupported version 2");
  j = good;
  j["kill_switch"]["reason"] = "bored";
  EXPECT_EQ(error_of(j), "risk state: kill_switch.reason: unknown reason \"bored\"");
  j = good;
  j["equity_peak"] = 12.5;
  EXPECT_EQ(error_of(j),
            "risk state: equity_peak: expected an amount in dollars as a string or null");
  j = good;
  j["day"] = "2026-02-30";
  EXPECT_EQ(error_of(j), "risk state: day: expected YYYY-MM-DD or null");
  j = good;
  j["day"] = "2026-02-03";  // without day_start_equity
  EXPECT_EQ(error_of(j), "risk state: day and day_start_equity must be set together");
  EXPECT_EQ(error_of(nlohmann::json::array()), "risk state: expected an object");

  const auto fallback = RiskState::fail_closed("row unreadable", at("2026-01-01T00:00:00Z"));
  EXPECT_TRUE(fallback.kill_switch.engaged);
  EXPECT_EQ(fallback.kill_switch.reason, LatchReason::state_unreadable);
}

}  // namespace
}  // namespace antevorta::risk::testing
