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
// Each daemon runs with its own temp directory (config copy, database, key), the operator
// API on 127.0.0.1:0, and is stopped with SIGTERM sent to its own pid only.
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "process.hpp"
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

class TradingE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("antevorta-e2e");
    fs::copy(source_dir() / "config", dir_ / "config", fs::copy_options::recursive);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
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

  ExchangeState exchange() const {
    return read_exchange(settings_.at("rest_url"), settings_.at("api_key_id"),
                         dir_ / settings_.at("private_key_path"));
  }

  fs::path dir_;
  std::map<std::string, std::string> settings_;
};

// Why the daemon did not trade: the risk decisions it logged (for failure messages).
std::string denials(const std::string& log) {
  std::string out;
  for (const auto& line : lines_with(log, "risk_denied")) out += line + "\n";
  return out.empty() ? "(no risk_denied lines)\n" : out;
}

std::int64_t signed_count(const store::FillRow& f) {
  const bool adds_yes = (f.side == "yes") == (f.action == "buy");
  return adds_yes ? f.count : -f.count;
}

// The database after a live run against the exchange's account (nothing else trades on it).
void expect_db_matches_exchange(const DbState& db, const ExchangeState& ex) {
  // Fills: the same trades, one for one, with count, leg price and fee.
  std::map<std::string, const store::FillRow*> fills;
  for (const auto& f : db.fills) fills[f.trade_id] = &f;
  EXPECT_EQ(db.fills.size(), ex.fills.size()) << "fills in the database vs at the exchange";
  std::int64_t exchange_fees = 0;
  for (const kalshi::Fill& f : ex.fills) {
    exchange_fees += f.fee_cost.centicents();
    const auto it = fills.find(f.trade_id.str());
    if (it == fills.end()) {
      ADD_FAILURE() << "exchange fill " << f.trade_id.str() << " (" << f.ticker.str()
                    << ") is not in fills";
      continue;
    }
    const store::FillRow& r = *it->second;
    SCOPED_TRACE("trade " + r.trade_id);
    EXPECT_EQ(r.ticker, f.ticker.str());
    EXPECT_EQ(r.count, f.count.centi());
    // Stored in the leg's own terms: a NO leg at 1 − the YES price.
    EXPECT_EQ(r.price, (r.side == "yes" ? f.yes_price : f.no_price).centicents()) << r.side;
    if (r.action == "buy") {
      EXPECT_EQ(r.side, kalshi::to_string(f.outcome_side));
    }
    EXPECT_EQ(r.fee, f.fee_cost.centicents());
    EXPECT_EQ(r.is_taker, f.is_taker);
    EXPECT_EQ(r.exchange_order_id, std::optional<std::string>(f.order_id.str()));
  }

  // Positions: the open ones agree in both directions (a settled market leaves the
  // exchange's list and is flat in ours).
  std::map<std::string, const store::PositionRow*> positions;
  for (const auto& p : db.positions) positions[p.ticker] = &p;
  for (const kalshi::MarketPosition& p : ex.positions) {
    SCOPED_TRACE("exchange position " + p.ticker.str());
    const auto it = positions.find(p.ticker.str());
    if (it == positions.end()) {
      EXPECT_TRUE(p.position.is_zero()) << "an exchange position missing from positions";
      continue;
    }
    EXPECT_EQ(it->second->position, p.position.centi());
    EXPECT_EQ(it->second->cost_basis, p.market_exposure.centicents());
    EXPECT_EQ(it->second->fees, p.fees_paid.centicents());
  }
  for (const auto& p : db.positions) {
    if (p.position == 0) continue;
    const bool listed = std::any_of(ex.positions.begin(), ex.positions.end(), [&](const auto& e) {
      return e.ticker.str() == p.ticker && !e.position.is_zero();
    });
    EXPECT_TRUE(listed) << "position " << p.ticker << " = " << p.position
                        << " centi-contracts is not open at the exchange";
  }

  // Orders: every order of ours at the exchange is in orders, with its fill count.
  std::map<std::string, const store::OrderRow*> orders;
  for (const auto& o : db.orders) orders[o.client_order_id] = &o;
  for (const kalshi::Order& o : ex.orders) {
    const std::string id = o.client_order_id.str();
    if (!id.starts_with(kPrefix)) continue;
    SCOPED_TRACE("order " + id);
    const auto it = orders.find(id);
    if (it == orders.end()) {
      ADD_FAILURE() << "exchange order " << o.order_id.str() << " is not in orders";
      continue;
    }
    EXPECT_EQ(it->second->filled, o.fill_count.centi());
    EXPECT_EQ(it->second->exchange_order_id, std::optional<std::string>(o.order_id.str()));
    if (o.status == kalshi::OrderStatus::executed) {
      EXPECT_EQ(it->second->state, "filled");
    } else if (o.status == kalshi::OrderStatus::canceled) {
      EXPECT_EQ(it->second->state, "canceled");
    }
  }

  // The day's fees (all days, all strategies) are the exchange's fees.
  std::int64_t db_fees = 0;
  for (const auto& d : db.daily_pnl) db_fees += d.fees;
  EXPECT_EQ(db_fees, exchange_fees) << "daily_pnl fees vs Σ exchange fee_cost";

  // Cash: funding + realized − the open contracts' cost − fees, over every market, is the
  // exchange's balance (all shards; IOC orders leave nothing reserved).
  std::int64_t implied = kStartingCash;
  for (const auto& p : db.positions) implied += p.realized - p.cost_basis - p.fees;
  EXPECT_EQ(implied, ex.balance.balance.centicents()) << "cash implied by positions vs balance";
}

// The fills, orders, positions and daily P&L of one database agree with one another.
void expect_db_consistent(const DbState& db) {
  std::map<std::string, const store::OrderRow*> orders;
  for (const auto& o : db.orders) orders[o.client_order_id] = &o;
  std::map<std::string, std::int64_t> filled_by_order;
  std::map<std::string, std::int64_t> position_by_market;
  std::map<std::string, std::int64_t> buy_cost_by_market;
  std::int64_t fees = 0;
  std::int64_t volume = 0;
  for (const auto& f : db.fills) {
    SCOPED_TRACE("fill " + f.trade_id);
    ASSERT_TRUE(f.client_order_id.has_value()) << "a fill without its order";
    const auto it = orders.find(*f.client_order_id);
    ASSERT_NE(it, orders.end()) << "fill of an order not in orders: " << *f.client_order_id;
    EXPECT_EQ(f.ticker, it->second->ticker);
    EXPECT_EQ(f.side, it->second->side);
    EXPECT_EQ(f.action, it->second->action);
    filled_by_order[*f.client_order_id] += f.count;
    position_by_market[f.ticker] += signed_count(f);
    // price (centi-cents) × count (centi-contracts) / 100 = centi-cents.
    if (f.action == "buy") buy_cost_by_market[f.ticker] += f.price * f.count / 100;
    fees += f.fee;
    volume += f.count;
  }
  for (const auto& o : db.orders) {
    SCOPED_TRACE("order " + o.client_order_id);
    const auto it = filled_by_order.find(o.client_order_id);
    EXPECT_EQ(o.filled, it == filled_by_order.end() ? 0 : it->second);
    EXPECT_LE(o.filled + o.remaining, o.count);
  }
  std::set<std::string> settled;
  for (const auto& s : db.settlements) settled.insert(s.ticker);
  for (const auto& p : db.positions) {
    SCOPED_TRACE("position " + p.ticker);
    if (settled.contains(p.ticker)) {
      EXPECT_EQ(p.position, 0) << "a settled market still holds contracts";
      continue;
    }
    EXPECT_EQ(p.position, position_by_market[p.ticker]);
    // Only buys, no settlement: the cost basis is what the fills paid.
    EXPECT_EQ(p.cost_basis, buy_cost_by_market[p.ticker]);
  }
  for (const auto& [ticker, position] : position_by_market) {
    const bool has_row = std::any_of(db.positions.begin(), db.positions.end(),
                                     [&](const auto& p) { return p.ticker == ticker; });
    EXPECT_TRUE(has_row) << "fills in " << ticker << " but no positions row";
  }
  std::int64_t daily_fees = 0;
  std::int64_t daily_volume = 0;
  std::int64_t daily_fills = 0;
  for (const auto& d : db.daily_pnl) {
    daily_fees += d.fees;
    daily_volume += d.volume;
    daily_fills += d.fills;
  }
  EXPECT_EQ(daily_fees, fees);
  EXPECT_EQ(daily_volume, volume);
  EXPECT_EQ(daily_fills, static_cast<std::int64_t>(db.fills.size()));

  // Every intent has a decision, and every order of an intent was approved.
  std::map<std::string, bool> approved;
  for (const auto& d : db.decisions) approved[d.intent_id] = approved[d.intent_id] || d.approved;
  for (const auto& i : db.intents) {
    EXPECT_TRUE(approved.contains(i.intent_id)) << "intent without a decision: " << i.intent_id;
  }
  for (const auto& o : db.orders) {
    if (!o.intent_id) continue;
    EXPECT_TRUE(approved[*o.intent_id]) << "order " << o.client_order_id << " of an intent "
                                        << *o.intent_id << " that was never approved";
  }
}

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
  auto daemon = start_daemon(live_env());
  ASSERT_FALSE(HasFailure());
  const bool filled = daemon->wait_for_stderr(" fill trade_id=", kFillTimeout);
  ASSERT_TRUE(filled) << "no fill within 60 s; risk said:\n"
                      << denials(daemon->err()) << "\nlog:\n"
                      << daemon->err();
  stop(*daemon, "daemon");
  const std::string log = daemon->err();
  EXPECT_THAT(log, HasSubstr("execution_started mode=live"));
  EXPECT_THAT(log, HasSubstr("reconciled_first corrections="));
  EXPECT_THAT(log, ContainsRegex("order_placed client_order_id=av1-"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("sim_started")))
      << "the daemon started its own simulator instead of trading on the standalone one";

  const ExchangeState ex = exchange();
  const DbState db = read_db(dir_ / "data/e2e_live.db");
  ASSERT_FALSE(ex.fills.empty()) << "the exchange has no fill of the account";
  ASSERT_FALSE(db.fills.empty());
  expect_db_matches_exchange(db, ex);
  expect_db_consistent(db);
  // threshold_taker buys `count` = 2 contracts per order: each fill is at most 200 centi.
  for (const auto& f : db.fills) {
    EXPECT_EQ(f.strategy, "threshold_taker");
    EXPECT_EQ(f.action, "buy");
    EXPECT_GT(f.count, 0);
    EXPECT_LE(f.count, 200);
  }
  stop(*sim, "simulator");
}

TEST_F(TradingE2e, PaperInTheBuiltInSimulatorIsConsistent) {
  auto daemon = start_daemon(trading_env());  // base.yaml: environment sim, paper
  ASSERT_FALSE(HasFailure());
  const bool filled = daemon->wait_for_stderr(" fill trade_id=", kFillTimeout);
  ASSERT_TRUE(filled) << "no paper fill within 60 s; risk said:\n"
                      << denials(daemon->err()) << "\nlog:\n"
                      << daemon->err();
  stop(*daemon, "daemon");
  const std::string log = daemon->err();
  EXPECT_THAT(log, HasSubstr("runtime_mode_resolved environment=sim execution_mode=paper"));
  EXPECT_THAT(log, HasSubstr("execution_started mode=paper"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("mode=live")));

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
  std::string first_log;
  {
    auto daemon = start_daemon(live_env());
    ASSERT_FALSE(HasFailure());
    ASSERT_TRUE(daemon->wait_for_stderr(" fill trade_id=", kFillTimeout))
        << denials(daemon->err()) << daemon->err();
    stop(*daemon, "first daemon");
    first_log = daemon->err();
  }
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

  // No order of the first run was placed again.
  for (const auto& o : before.orders) {
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
    EXPECT_TRUE(std::any_of(db.fills.begin(), db.fills.end(),
                            [&](const auto& g) { return g.trade_id == f.trade_id; }));
  }
  expect_db_matches_exchange(db, ex);
  expect_db_consistent(db);
  stop(*sim, "simulator");
}

}  // namespace
}  // namespace antevorta::test
