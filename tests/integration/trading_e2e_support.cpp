// GCC 12 reports -Wmismatched-new-delete on the frame of the coroutine below (Asio's
// awaitable_frame_base pairs its own operator new and delete; a known false positive of GCC's
// coroutine lowering at -O2).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
#include "trading_e2e_support.hpp"

#include <exception>
#include <optional>
#include <sstream>
#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/kalshi/signer.hpp"
#include "antevorta/net/http_client.hpp"
#include "antevorta/net/url.hpp"

namespace antevorta::test {

namespace asio = boost::asio;
using namespace std::chrono_literals;

std::map<std::string, std::string> settings_of(const std::string& out) {
  std::map<std::string, std::string> m;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    const auto colon = line.find(": ");
    if (colon != std::string::npos) m[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return m;
}

namespace {

template <class T>
T value_or_throw(kalshi::RestResult<T> r, const char* what) {
  if (!r) throw std::runtime_error(std::string(what) + ": " + r.error().describe());
  return std::move(*r);
}

// Queries are named variables: GCC 12 mis-destroys a braced temporary argument of a
// coroutine inside a co_await expression.
asio::awaitable<ExchangeState> read_all(kalshi::RestClient& rest) {
  ExchangeState s;
  kalshi::FillQuery fills;
  auto f = co_await rest.all_fills(fills);
  s.fills = value_or_throw(std::move(f), "GET /portfolio/fills");
  kalshi::PositionQuery positions;
  auto p = co_await rest.all_positions(positions);
  s.positions = value_or_throw(std::move(p), "GET /portfolio/positions").market_positions;
  kalshi::OrderQuery orders;
  auto o = co_await rest.all_orders(orders);
  s.orders = value_or_throw(std::move(o), "GET /portfolio/orders");
  auto b = co_await rest.balance();
  s.balance = value_or_throw(std::move(b), "GET /portfolio/balance");
  co_return s;
}

}  // namespace

ExchangeState read_exchange(const std::string& rest_url, const std::string& api_key_id,
                            const std::filesystem::path& key_path) {
  const auto endpoint = net::parse_endpoint(rest_url);
  if (!endpoint) throw std::runtime_error("rest_url " + rest_url + ": " + endpoint.error());
  auto signer = kalshi::Signer::load(key_path, Secret(api_key_id));
  if (!signer) throw std::runtime_error("key " + key_path.string() + ": " + signer.error().message);

  asio::io_context io{1};
  LiveClock clock(io.get_executor());
  net::HttpClient http(io.get_executor(), clock, null_logger("e2e-http"), *endpoint);
  kalshi::RestClient rest(io.get_executor(), clock, null_logger("e2e-rest"), http, &*signer,
                          kalshi::rest_options_for(*endpoint));
  std::optional<ExchangeState> state;
  std::exception_ptr error;
  bool done = false;
  asio::co_spawn(io, read_all(rest), [&](std::exception_ptr e, ExchangeState s) {
    error = e;
    if (!e) state = std::move(s);
    done = true;
  });
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!done && std::chrono::steady_clock::now() < deadline) io.run_one_for(10ms);
  http.close_idle();
  if (!done) throw std::runtime_error("reading the simulator's account timed out");
  if (error) std::rethrow_exception(error);
  return std::move(*state);
}

namespace {

std::optional<std::string> opt_text(const SQLite::Column& c) {
  if (c.isNull()) return std::nullopt;
  return c.getString();
}

template <class Row, class Fill>
std::vector<Row> select_all(SQLite::Database& db, const char* sql, Fill fill) {
  std::vector<Row> rows;
  SQLite::Statement q(db, sql);
  while (q.executeStep()) fill(q, rows.emplace_back());
  return rows;
}

}  // namespace

DbState read_db(const std::filesystem::path& database) {
  try {
    SQLite::Database db(database.string(), SQLite::OPEN_READONLY);
    db.setBusyTimeout(5000);
    DbState s;
    s.intents = select_all<store::IntentRow>(
        db, "SELECT intent_id, strategy, ticker FROM intents ORDER BY created_ns",
        [](SQLite::Statement& q, store::IntentRow& r) {
          r.intent_id = q.getColumn(0).getString();
          r.strategy = q.getColumn(1).getString();
          r.ticker = q.getColumn(2).getString();
        });
    s.decisions = select_all<store::DecisionRow>(
        db,
        "SELECT id, intent_id, approved, reason, rule, limit_text, actual_text, detail, at_ns "
        "FROM risk_decisions ORDER BY id",
        [](SQLite::Statement& q, store::DecisionRow& r) {
          r.id = q.getColumn(0).getInt64();
          r.intent_id = q.getColumn(1).getString();
          r.approved = q.getColumn(2).getInt() != 0;
          r.reason = q.getColumn(3).getString();
          r.rule = q.getColumn(4).getString();
          r.limit_text = q.getColumn(5).getString();
          r.actual_text = q.getColumn(6).getString();
          r.detail = q.getColumn(7).getString();
          r.at_ns = q.getColumn(8).getInt64();
        });
    s.orders = select_all<store::OrderRow>(
        db,
        "SELECT client_order_id, intent_id, strategy, ticker, side, action, price, count, "
        "filled, remaining, state, exchange_order_id, tif, created_ns, updated_ns, reason "
        "FROM orders ORDER BY created_ns",
        [](SQLite::Statement& q, store::OrderRow& r) {
          r.client_order_id = q.getColumn(0).getString();
          r.intent_id = opt_text(q.getColumn(1));
          r.strategy = q.getColumn(2).getString();
          r.ticker = q.getColumn(3).getString();
          r.side = q.getColumn(4).getString();
          r.action = q.getColumn(5).getString();
          r.price = q.getColumn(6).getInt64();
          r.count = q.getColumn(7).getInt64();
          r.filled = q.getColumn(8).getInt64();
          r.remaining = q.getColumn(9).getInt64();
          r.state = q.getColumn(10).getString();
          r.exchange_order_id = opt_text(q.getColumn(11));
          r.tif = q.getColumn(12).getString();
          r.created_ns = q.getColumn(13).getInt64();
          r.updated_ns = q.getColumn(14).getInt64();
          r.reason = q.getColumn(15).getString();
        });
    s.fills = select_all<store::FillRow>(
        db,
        "SELECT trade_id, client_order_id, exchange_order_id, ticker, strategy, side, action, "
        "price, count, fee, is_taker, at_ns FROM fills ORDER BY at_ns",
        [](SQLite::Statement& q, store::FillRow& r) {
          r.trade_id = q.getColumn(0).getString();
          r.client_order_id = opt_text(q.getColumn(1));
          r.exchange_order_id = opt_text(q.getColumn(2));
          r.ticker = q.getColumn(3).getString();
          r.strategy = q.getColumn(4).getString();
          r.side = q.getColumn(5).getString();
          r.action = q.getColumn(6).getString();
          r.price = q.getColumn(7).getInt64();
          r.count = q.getColumn(8).getInt64();
          r.fee = q.getColumn(9).getInt64();
          r.is_taker = q.getColumn(10).getInt() != 0;
          r.at_ns = q.getColumn(11).getInt64();
        });
    s.positions = select_all<store::PositionRow>(
        db,
        "SELECT ticker, shard, position, cost_basis, realized, fees, payouts, volume, "
        "updated_ns FROM positions ORDER BY ticker",
        [](SQLite::Statement& q, store::PositionRow& r) {
          r.ticker = q.getColumn(0).getString();
          r.shard = q.getColumn(1).getInt64();
          r.position = q.getColumn(2).getInt64();
          r.cost_basis = q.getColumn(3).getInt64();
          r.realized = q.getColumn(4).getInt64();
          r.fees = q.getColumn(5).getInt64();
          r.payouts = q.getColumn(6).getInt64();
          r.volume = q.getColumn(7).getInt64();
          r.updated_ns = q.getColumn(8).getInt64();
        });
    s.daily_pnl = select_all<store::DailyPnlRow>(
        db,
        "SELECT utc_date, strategy, realized, fees, payouts, volume, fills FROM daily_pnl "
        "ORDER BY utc_date, strategy",
        [](SQLite::Statement& q, store::DailyPnlRow& r) {
          r.utc_date = q.getColumn(0).getString();
          r.strategy = q.getColumn(1).getString();
          r.realized = q.getColumn(2).getInt64();
          r.fees = q.getColumn(3).getInt64();
          r.payouts = q.getColumn(4).getInt64();
          r.volume = q.getColumn(5).getInt64();
          r.fills = q.getColumn(6).getInt64();
        });
    s.settlements = select_all<store::SettlementRow>(
        db, "SELECT ticker, result, position, payout, realized, at_ns FROM settlements",
        [](SQLite::Statement& q, store::SettlementRow& r) {
          r.ticker = q.getColumn(0).getString();
          r.result = q.getColumn(1).getString();
          r.position = q.getColumn(2).getInt64();
          r.payout = q.getColumn(3).getInt64();
          r.realized = q.getColumn(4).getInt64();
          r.at_ns = q.getColumn(5).getInt64();
        });
    s.adjustments = select_all<store::AdjustmentRow>(
        db,
        "SELECT id, kind, shard, ticker, cash_delta, position_delta, basis_delta, at_ns, note "
        "FROM ledger_adjustments ORDER BY id",
        [](SQLite::Statement& q, store::AdjustmentRow& r) {
          r.id = q.getColumn(0).getInt64();
          r.kind = q.getColumn(1).getString();
          r.shard = q.getColumn(2).getInt64();
          r.ticker = opt_text(q.getColumn(3));
          r.cash_delta = q.getColumn(4).getInt64();
          r.position_delta = q.getColumn(5).getInt64();
          r.basis_delta = q.getColumn(6).getInt64();
          r.at_ns = q.getColumn(7).getInt64();
          r.note = q.getColumn(8).getString();
        });
    return s;
  } catch (const SQLite::Exception& e) {
    throw std::runtime_error(database.string() + ": " + e.what());
  }
}

std::vector<std::string> lines_with(const std::string& log, const std::string& needle) {
  std::vector<std::string> out;
  std::istringstream lines(log);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.find(needle) != std::string::npos) out.push_back(line);
  }
  return out;
}

std::size_t count_of(const std::string& log, const std::string& needle) {
  return lines_with(log, needle).size();
}

}  // namespace antevorta::test
