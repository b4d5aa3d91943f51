// The risk manager's latches survive a restart through the real SQLite store, and a stored
// state that cannot be read starts the daemon fail-closed.
#include "antevorta/risk/persistence.hpp"

#include <gtest/gtest.h>

#include "unit/store/store_test_support.hpp"

namespace antevorta::risk {
namespace {

using store::testing::options_for;
using store::testing::TempDir;

const Timestamp kNow = from_unix_ms(1'767'225'600'000);

TEST(RiskPersistence, KillSwitchAndBreakerSurviveARestart) {
  TempDir dir;
  {
    store::Store db(options_for(dir.path() / "risk.db"), null_logger());
    store::TradingStore trading(db);
    const auto loaded = load_persisted_state(trading, kNow);
    EXPECT_FALSE(loaded.found);
    EXPECT_FALSE(loaded.state.kill_switch.engaged);
    RiskManager manager(config::RiskConfig{}, loaded.state, persisting_hooks(trading));
    ASSERT_TRUE(manager.engage_kill_switch(LatchReason::manual, "operator: news", kNow));
    ASSERT_TRUE(manager.trip_circuit_breaker(LatchReason::drawdown, "peak - 120", kNow));
    db.close();  // flushes the queued state row
  }
  store::Store db(options_for(dir.path() / "risk.db"), null_logger());
  store::TradingStore trading(db);
  const auto loaded = load_persisted_state(trading, kNow + std::chrono::hours(30));
  ASSERT_TRUE(loaded.found);
  EXPECT_FALSE(loaded.problem.has_value());
  RiskManager manager(config::RiskConfig{}, loaded.state);
  EXPECT_TRUE(manager.state().kill_switch.engaged);
  EXPECT_EQ(manager.state().kill_switch.reason, LatchReason::manual);
  EXPECT_EQ(manager.state().kill_switch.detail, "operator: news");
  EXPECT_TRUE(manager.state().circuit_breaker.engaged);
  EXPECT_EQ(manager.state().circuit_breaker.reason, LatchReason::drawdown);
}

TEST(RiskPersistence, ReleasingIsPersistedToo) {
  TempDir dir;
  {
    store::Store db(options_for(dir.path() / "risk.db"), null_logger());
    store::TradingStore trading(db);
    RiskManager manager(config::RiskConfig{}, {}, persisting_hooks(trading));
    ASSERT_TRUE(manager.engage_kill_switch(LatchReason::manual, "test", kNow));
    ASSERT_TRUE(manager.release_kill_switch("all clear", kNow));
    db.close();
  }
  store::Store db(options_for(dir.path() / "risk.db"), null_logger());
  store::TradingStore trading(db);
  EXPECT_FALSE(load_persisted_state(trading, kNow).state.kill_switch.engaged);
}

TEST(RiskPersistence, AnUnreadableStoredStateStartsFailClosed) {
  TempDir dir;
  store::Store db(options_for(dir.path() / "risk.db"), null_logger());
  store::TradingStore trading(db);
  for (const char* bad : {"{not json", R"({"version":1})"}) {
    ASSERT_TRUE(trading.save_risk_state(bad, 1));
    db.flush();
    const auto loaded = load_persisted_state(trading, kNow);
    EXPECT_TRUE(loaded.found) << bad;
    ASSERT_TRUE(loaded.problem.has_value()) << bad;
    EXPECT_TRUE(loaded.state.kill_switch.engaged) << bad;
    EXPECT_EQ(loaded.state.kill_switch.reason, LatchReason::state_unreadable) << bad;
  }
}

}  // namespace
}  // namespace antevorta::risk
