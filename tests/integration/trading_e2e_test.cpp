// End to end: the `antevorta` binary trades with the built-in test strategy threshold_taker
// in sim mode, and what it recorded agrees with the exchange.
//  - live against a standalone `antevorta sim`: every fill, position, order fill count and
//    the day's fees in the daemon's database equal the simulator's own account, read over
//    its REST API with the key it printed; the cash the database implies equals the
//    simulator's balance;
//  - paper in the built-in simulator: nothing leaves the process, so the database is checked
//    against itself (fills ↔ orders ↔ positions ↔ daily P&L, every intent decided);
//  - a restart against the same simulator and database: no order is sent twice, and the
//    second run reconciles first.
// Risk limits: the shipped config/risk.yaml, except the close window (trading_env()):
// threshold_taker's orders of 2 contracts at about $0.50 pass every other limit (it states
// its belief, max_price, as evidence for min_edge_after_fees).
// Each daemon runs with its own temp directory (config copy, database, key), the operator
// API on 127.0.0.1:0, and is stopped with SIGTERM sent to its own pid only.
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "process.hpp"
#include "trading_e2e_checks.hpp"
#include "trading_e2e_support.hpp"

namespace antevorta::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

// Generous: the asan build runs several times slower, and the strategy waits for live books.
constexpr auto kStartTimeout = 30s;
constexpr auto kFillTimeout = 60s;
constexpr auto kStopTimeout = 30s;

constexpr const char* kPrefix = "av1-";  // execution.client_order_id_prefix (base.yaml)
// `antevorta sim --funding 1000`: $1000 on each of shards 0 and 2 = 2 × 1000 × 10'000
// centi-cents.
constexpr const char* kFunding = "1000";
constexpr std::int64_t kStartingCash = 2 * 1000 * 10'000;

// Why the daemon did not trade: the risk decisions it logged (for failure messages).
std::string denials(const std::string& log) {
  std::string out;
  for (const auto& line : lines_with(log, "risk_denied")) out += line + "\n";
  return out.empty() ? "(no risk_denied lines)\n" : out;
}

class TradingE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    stay_clear_of_the_quarter_hour();
    dir_ = make_temp_dir("antevorta-e2e");
    fs::copy(source_dir() / "config", dir_ / "config", fs::copy_options::recursive);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // The simulator's KXBTC15M windows close on the wall clock's quarter hours, and a daemon
  // started mid-window does not pick up the window that opens next (it was listed before the
  // daemon started, and opening sends no lifecycle event): a test that starts less than 20 s
  // before a quarter hour waits until 3 s after it, so no test's market closes or settles
  // while it runs.
  static void stay_clear_of_the_quarter_hour() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    const auto into_quarter = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch) %
                              std::chrono::minutes(15);
    const auto left = std::chrono::minutes(15) - into_quarter;
    if (left < 20s) std::this_thread::sleep_for(left + 3s);
  }

  // `antevorta sim` on a free loopback port, listening; settings_ holds what it printed.
  std::unique_ptr<Process> start_sim() {
    auto sim = std::make_unique<Process>(
        std::vector<std::string>{"sim", "--port", "0", "--funding", kFunding}, dir_);
    EXPECT_TRUE(sim->wait_for_stderr("sim_listening", kStartTimeout)) << sim->err();
    settings_ = settings_of(sim->out());
    EXPECT_TRUE(settings_.contains("rest_url") && settings_.contains("ws_url") &&
                settings_.contains("api_key_id") && settings_.contains("private_key_path"))
        << sim->out();
    return sim;
  }

  // The strategy and the limits it needs, shared by every daemon of these tests.
  static std::map<std::string, std::string> trading_env() {
    return {
        {"ANTEVORTA__HTTP__LISTEN", "127.0.0.1:0"},
        {"ANTEVORTA__SCANNER__SERIES", "[KXBTC15M]"},
        {"ANTEVORTA__STRATEGIES__THRESHOLD_TAKER__ENABLED", "true"},
        // Every ask is at most 0.99: the strategy buys as soon as a book is live.
        {"ANTEVORTA__STRATEGIES__THRESHOLD_TAKER__PARAMS__MAX_PRICE", "0.99"},
        // 2 contracts, so a count stored in the wrong unit cannot pass for 1.
        {"ANTEVORTA__STRATEGIES__THRESHOLD_TAKER__PARAMS__COUNT", "2"},
        {"ANTEVORTA__STRATEGIES__THRESHOLD_TAKER__PARAMS__COOLDOWN_SECONDS", "10"},
        // The simulator lists one KXBTC15M window at a time. With the shipped 60 s of no
        // entries before close (risk.no_entry_before_close_seconds and
        // execution.reduce_only_before_close_seconds), a test started in a quarter's last
        // minute could not trade until the next window: 5 s keeps every test bounded.
        {"ANTEVORTA__RISK__NO_ENTRY_BEFORE_CLOSE_SECONDS", "5"},
        {"ANTEVORTA__EXECUTION__REDUCE_ONLY_BEFORE_CLOSE_SECONDS", "5"},
        {"ANTEVORTA__EXECUTION__CANCEL_ALL_BEFORE_CLOSE_SECONDS", "2"},
    };
  }

  // Live against the standalone simulator, database in the temp directory.
  std::map<std::string, std::string> live_env() const {
    auto env = trading_env();
    env["ANTEVORTA__KALSHI__ENVIRONMENT"] = "sim";
    env["ANTEVORTA__KALSHI__EXECUTION_MODE"] = "live";
    env["ANTEVORTA__KALSHI__REST_URL"] = settings_.at("rest_url");
    env["ANTEVORTA__KALSHI__WS_URL"] = settings_.at("ws_url");
    env["ANTEVORTA__KALSHI__API_KEY_ID"] = settings_.at("api_key_id");
    env["ANTEVORTA__KALSHI__PRIVATE_KEY_PATH"] = settings_.at("private_key_path");
    env["ANTEVORTA__DATABASE__PATH"] = "data/e2e_live.db";
    // Reconcile often, so that a restart's first round comes early in the test.
    env["ANTEVORTA__EXECUTION__RECONCILE_INTERVAL_SECONDS"] = "5";
    return env;
  }

  std::unique_ptr<Process> start_daemon(const std::map<std::string, std::string>& env) {
    auto daemon = std::make_unique<Process>(std::vector<std::string>{"run"}, dir_, env);
    EXPECT_TRUE(daemon->wait_for_stderr("runtime_started", kStartTimeout)) << daemon->err();
    return daemon;
  }

  // SIGTERM to this process only; it must exit 0.
  static void stop(Process& p, const char* what) {
    p.signal(SIGTERM);
    const auto code = p.wait(kStopTimeout);
    ASSERT_TRUE(code.has_value()) << what << " did not stop within 30 s\n" << p.err();
    EXPECT_EQ(*code, 0) << what << "\n" << p.err();
  }

  // Runs a daemon until its log shows `needle` (at most kFillTimeout), then stops it; its log.
  std::string run_until(const std::map<std::string, std::string>& env, const std::string& needle,
                        const char* what) {
    auto daemon = start_daemon(env);
    if (!HasFailure()) {
      EXPECT_TRUE(daemon->wait_for_stderr(needle, kFillTimeout))
          << what << ": no \"" << needle << "\" within 60 s; risk said:\n"
          << denials(daemon->err()) << "\nlog:\n"
          << daemon->err();
    }
    stop(*daemon, what);
    return daemon->err();
  }

  // A crash right after the first order is placed: the live daemon's ordinary rows wait
  // 10 s for their batch (database.flush_interval_ms), so when it is killed (SIGKILL, its
  // own pid) only the order row committed before sending is on disk, still `pending`; the
  // fill is at the exchange only. Then a second daemon starts on the same database and runs
  // until its first reconciliation (plus up to 5 s for it to act on it). Returns
  // {the crashed order's client_order_id, the second daemon's log}.
  std::pair<std::string, std::string> crash_after_an_order_then_restart() {
    auto env = live_env();
    env["ANTEVORTA__DATABASE__FLUSH_INTERVAL_MS"] = "10000";
    std::string id;
    {
      auto daemon = start_daemon(env);
      if (HasFailure()) return {};
      EXPECT_TRUE(daemon->wait_for_stderr("order_placed client_order_id=", kFillTimeout))
          << denials(daemon->err()) << daemon->err();
      daemon->signal(SIGKILL);
      EXPECT_EQ(daemon->wait(kStopTimeout), std::optional<int>(-1));
      const auto placed = lines_with(daemon->err(), "order_placed client_order_id=");
      if (placed.empty()) return {};
      const auto at = placed.front().find("client_order_id=") + 16;
      id = placed.front().substr(at, placed.front().find(' ', at) - at);
    }
    const DbState crashed = read_db(dir_ / "data/e2e_live.db");
    EXPECT_EQ(crashed.orders.size(), 1u);
    EXPECT_TRUE(crashed.fills.empty()) << "the kill came too late to test a lost fill";
    auto daemon = start_daemon(live_env());
    if (HasFailure()) return {};
    EXPECT_TRUE(daemon->wait_for_stderr("reconciled_first corrections=", kFillTimeout))
        << daemon->err();
    poll_until([&] { return count_of(daemon->err(), "threshold_crossed") >= 1; }, 5s);
    stop(*daemon, "daemon after the crash");
    return {id, daemon->err()};
  }

  static MatchOptions match(bool market_totals = true) {
    return MatchOptions{
        .prefix = kPrefix, .starting_cash = kStartingCash, .market_totals = market_totals};
  }

  ExchangeState exchange() const {
    return read_exchange(settings_.at("rest_url"), settings_.at("api_key_id"),
                         dir_ / settings_.at("private_key_path"));
  }

  fs::path dir_;
  std::map<std::string, std::string> settings_;
};

// The harness itself: a fresh account read over REST with the printed key is empty and
// holds the funding on two shards (the starting cash the comparisons below assume).
TEST_F(TradingE2e, FreshSimulatorAccountReadsAsFunded) {
  auto sim = start_sim();
  ASSERT_FALSE(HasFailure());
  const ExchangeState ex = exchange();
  EXPECT_TRUE(ex.fills.empty());
  EXPECT_TRUE(ex.orders.empty());
  EXPECT_TRUE(ex.positions.empty());
  EXPECT_EQ(ex.balance.balance.centicents(), kStartingCash);  // $2000.0000
  stop(*sim, "simulator");
}

TEST_F(TradingE2e, LiveAgainstStandaloneSimulatorAgreesWithTheExchange) {
  auto sim = start_sim();
  ASSERT_FALSE(HasFailure());
  const std::string log = run_until(live_env(), " fill trade_id=", "daemon");
  ASSERT_FALSE(HasFailure());
  EXPECT_THAT(log, HasSubstr("execution_started mode=live"));
  EXPECT_THAT(log, HasSubstr("reconciled_first corrections="));
  EXPECT_THAT(log, ContainsRegex("order_placed client_order_id=av1-"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("sim_started")))
      << "the daemon started its own simulator instead of trading on the standalone one";

  const ExchangeState ex = exchange();
  const DbState db = read_db(dir_ / "data/e2e_live.db");
  ASSERT_FALSE(ex.fills.empty()) << "the exchange has no fill of the account";
  ASSERT_FALSE(db.fills.empty());
  expect_db_matches_exchange(db, ex, match());
  expect_db_consistent(db);
  // threshold_taker buys `count` = 2 contracts per order: each fill is 1..200 centi.
  for (const auto& f : db.fills) {
    EXPECT_EQ(f.strategy, "threshold_taker");
    EXPECT_EQ(f.action, "buy");
    EXPECT_GT(f.count, 0);
    EXPECT_LE(f.count, 200);
  }
  stop(*sim, "simulator");
}

TEST_F(TradingE2e, PaperInTheBuiltInSimulatorIsConsistent) {
  // base.yaml: environment sim (the daemon's own simulator), execution_mode paper.
  const std::string log = run_until(trading_env(), " fill trade_id=", "daemon");
  ASSERT_FALSE(HasFailure());
  EXPECT_THAT(log, HasSubstr("runtime_mode_resolved environment=sim execution_mode=paper"));
  EXPECT_THAT(log, HasSubstr("execution_started mode=paper"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("mode=live")));
  // Paper orders never reach the exchange: their ids are the paper venue's.
  EXPECT_THAT(log, ContainsRegex("order_placed client_order_id=av1-[a-z0-9]+ order_id=paper-"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("rest_create_order")));

  const DbState db = read_db(dir_ / "data/antevorta_paper.db");
  ASSERT_FALSE(db.fills.empty());
  ASSERT_FALSE(db.intents.empty());
  expect_db_consistent(db);
  for (const auto& f : db.fills) {
    EXPECT_EQ(f.strategy, "threshold_taker");
    EXPECT_TRUE(f.is_taker) << "an immediate-or-cancel buy at the ask takes";
  }
  // No reconciliation in paper: nothing to compare with, so nothing corrected.
  EXPECT_TRUE(db.adjustments.empty());
}

TEST_F(TradingE2e, RestartSendsNoOrderTwiceAndReconcilesFirst) {
  auto sim = start_sim();
  ASSERT_FALSE(HasFailure());
  run_until(live_env(), " fill trade_id=", "first daemon");
  ASSERT_FALSE(HasFailure());
  const DbState before = read_db(dir_ / "data/e2e_live.db");
  ASSERT_FALSE(before.orders.empty());

  auto daemon = start_daemon(live_env());
  ASSERT_FALSE(HasFailure());
  ASSERT_TRUE(daemon->wait_for_stderr("reconciled_first corrections=", kFillTimeout))
      << daemon->err();
  // Let it trade on for a while (bounded): a new order or 15 s.
  poll_until([&] { return count_of(daemon->err(), "order_placed client_order_id=") >= 1; }, 15s);
  stop(*daemon, "second daemon");
  const std::string second_log = daemon->err();
  EXPECT_THAT(second_log, HasSubstr("execution_started mode=live"));

  // No order of the first run was sent again.
  for (const auto& o : before.orders) {
    EXPECT_THAT(second_log,
                ::testing::Not(HasSubstr("client_order_id=" + o.client_order_id + " outcome=")))
        << o.client_order_id << " sent again after the restart";
    EXPECT_THAT(
        second_log,
        ::testing::Not(HasSubstr("order_placed client_order_id=" + o.client_order_id + " ")))
        << o.client_order_id << " placed again after the restart";
  }

  const ExchangeState ex = exchange();
  const DbState db = read_db(dir_ / "data/e2e_live.db");
  // Our orders at the exchange are exactly the database's orders that reached it.
  std::multiset<std::string> at_exchange;
  for (const auto& o : ex.orders) {
    if (o.client_order_id.str().starts_with(kPrefix)) at_exchange.insert(o.client_order_id.str());
  }
  std::multiset<std::string> sent;
  for (const auto& o : db.orders) {
    if (o.exchange_order_id) sent.insert(o.client_order_id);
  }
  EXPECT_EQ(at_exchange.size(), sent.size());
  EXPECT_EQ(at_exchange, sent);
  EXPECT_EQ(std::set<std::string>(at_exchange.begin(), at_exchange.end()).size(),
            at_exchange.size())
      << "a client_order_id twice at the exchange";
  for (const auto& o : db.orders) {
    EXPECT_FALSE(o.state == "pending" || o.state == "unknown")
        << o.client_order_id << " still " << o.state << " after reconciliation";
  }
  // The first run's rows are still there.
  for (const auto& f : before.fills) {
    EXPECT_TRUE(std::any_of(db.fills.begin(), db.fills.end(), [&](const auto& g) {
      return g.trade_id == f.trade_id;
    })) << f.trade_id;
  }
  // Each market's totals carry over the restart (see also the tests below).
  expect_db_matches_exchange(db, ex, match(/*market_totals=*/true));
  expect_db_consistent(db, /*market_totals=*/true);
  stop(*sim, "simulator");
}

// A crash between placing an order and recording its fill: the order left `pending` is
// resolved from the exchange (not sent again), and the position is the exchange's.
TEST_F(TradingE2e, CrashAfterPlacingResolvesThePendingOrderWithoutResending) {
  auto sim = start_sim();
  ASSERT_FALSE(HasFailure());
  const auto [id, log] = crash_after_an_order_then_restart();
  ASSERT_FALSE(HasFailure());
  EXPECT_THAT(log, HasSubstr("order_unknown_outcome client_order_id=" + id));
  EXPECT_THAT(log, HasSubstr("reconciled_first corrections="));
  // The REST client logs every create it sends: none for the crashed order.
  EXPECT_THAT(log, ::testing::Not(HasSubstr("client_order_id=" + id + " outcome=")));

  const ExchangeState ex = exchange();
  const DbState db = read_db(dir_ / "data/e2e_live.db");
  std::size_t ours = 0;
  for (const auto& o : ex.orders) {
    if (o.client_order_id.str() != id) continue;
    ++ours;
    const auto row = std::find_if(db.orders.begin(), db.orders.end(),
                                  [&](const auto& r) { return r.client_order_id == id; });
    ASSERT_NE(row, db.orders.end());
    EXPECT_EQ(row->filled, o.fill_count.centi());
    EXPECT_EQ(row->exchange_order_id, std::optional<std::string>(o.order_id.str()));
    EXPECT_TRUE(row->state == "filled" || row->state == "canceled") << row->state;
  }
  EXPECT_EQ(ours, 1u) << "the crashed order at the exchange";
  for (const auto& p : ex.positions) {
    const auto row = std::find_if(db.positions.begin(), db.positions.end(),
                                  [&](const auto& r) { return r.ticker == p.ticker.str(); });
    ASSERT_NE(row, db.positions.end()) << p.ticker.str();
    EXPECT_EQ(row->position, p.position.centi()) << p.ticker.str();
    EXPECT_EQ(row->cost_basis, p.market_exposure.centicents()) << p.ticker.str();
  }
  stop(*sim, "simulator");
}

// After that crash the fill must be recovered as a fill (not papered over by a position
// correction: `fills` and `daily_pnl` must have it), and the first rounds must not compute
// equity from a shard whose cash is still deferred (it once latched the kill switch and the
// circuit breaker at start-up).
TEST_F(TradingE2e, CrashAfterPlacingRecoversTheFillAndKeepsTrading) {
  auto sim = start_sim();
  ASSERT_FALSE(HasFailure());
  const auto [id, log] = crash_after_an_order_then_restart();
  ASSERT_FALSE(HasFailure());
  const auto denied = lines_with(log, "risk_denied");
  EXPECT_EQ(
      count_of(log, "reason=kill_switch_engaged") + count_of(log, "reason=circuit_breaker_tripped"),
      0u)
      << (denied.empty() ? std::string() : denied.front());
  const ExchangeState ex = exchange();
  const DbState db = read_db(dir_ / "data/e2e_live.db");
  ASSERT_FALSE(ex.fills.empty());
  expect_db_matches_exchange(db, ex, match());
  expect_db_consistent(db);
  stop(*sim, "simulator");
}

// A restart restores each market's whole account (fees, volume, realized P&L, flat markets
// too), so the first fill after it does not rewrite the positions row with the new
// session's totals alone.
TEST_F(TradingE2e, LiveRestartKeepsEachMarketsFeesAndVolume) {
  auto sim = start_sim();
  ASSERT_FALSE(HasFailure());
  run_until(live_env(), " fill trade_id=", "first daemon");
  run_until(live_env(), " fill trade_id=", "second daemon");
  ASSERT_FALSE(HasFailure());
  const ExchangeState ex = exchange();
  const DbState db = read_db(dir_ / "data/e2e_live.db");
  ASSERT_GE(ex.fills.size(), 2u);
  expect_db_matches_exchange(db, ex, match());
  expect_db_consistent(db);
  stop(*sim, "simulator");
}

// The same in paper, where it also decides the cash: at the next start the paper cash is
// rebuilt from the rows (starting balance + realized − cost basis − fees).
TEST_F(TradingE2e, PaperRestartKeepsEachMarketsFeesAndVolume) {
  run_until(trading_env(), " fill trade_id=", "first daemon");
  run_until(trading_env(), " fill trade_id=", "second daemon");
  ASSERT_FALSE(HasFailure());
  const DbState db = read_db(dir_ / "data/antevorta_paper.db");
  ASSERT_GE(db.fills.size(), 2u);
  expect_db_consistent(db);
}

}  // namespace
}  // namespace antevorta::test
