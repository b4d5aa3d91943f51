// TradingStore's readers: short queries on the Store's read connection.
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "antevorta/store/trading_store.hpp"

#include "store/open.hpp"

namespace antevorta::store {

namespace {

constexpr const char* kIntentColumns =
    "intent_id, strategy, ticker, side, action, count, limit_price, tif, post_only, "
    "reduce_only, probability, edge, confidence, reason, created_ns";
constexpr const char* kDecisionColumns =
    "id, intent_id, approved, reason, rule, limit_text, actual_text, missing, detail, at_ns";
constexpr const char* kOrderColumns =
    "client_order_id, intent_id, strategy, ticker, side, action, price, count, filled, "
    "remaining, state, exchange_order_id, tif, post_only, reduce_only, created_ns, updated_ns, "
    "reason";
constexpr const char* kTransitionColumns =
    "id, client_order_id, from_state, to_state, reason, at_ns";
constexpr const char* kFillColumns =
    "trade_id, client_order_id, exchange_order_id, ticker, strategy, side, action, price, "
    "count, fee, is_taker, at_ns";
constexpr const char* kPositionColumns =
    "ticker, shard, position, cost_basis, realized, fees, payouts, volume, updated_ns";
constexpr const char* kDailyColumns = "utc_date, strategy, realized, fees, payouts, volume, fills";
constexpr const char* kAdjustmentColumns =
    "id, kind, shard, ticker, cash_delta, position_delta, basis_delta, at_ns, note";
constexpr const char* kSettlementColumns = "ticker, result, position, payout, realized, at_ns";

// Reads the columns of one row in order.
class Cols {
 public:
  explicit Cols(SQLite::Statement& q) : q_(q) {}
  std::string text() { return q_.getColumn(i_++).getString(); }
  std::optional<std::string> opt_text() {
    auto c = q_.getColumn(i_++);
    return c.isNull() ? std::nullopt : std::optional<std::string>(c.getString());
  }
  std::int64_t integer() { return q_.getColumn(i_++).getInt64(); }
  bool flag() { return integer() != 0; }
  std::optional<double> opt_real() {
    auto c = q_.getColumn(i_++);
    return c.isNull() ? std::nullopt : std::optional<double>(c.getDouble());
  }

 private:
  SQLite::Statement& q_;
  int i_ = 0;
};

IntentRow intent_row(SQLite::Statement& q) {
  Cols c(q);
  IntentRow r;
  r.intent_id = c.text();
  r.strategy = c.text();
  r.ticker = c.text();
  r.side = c.text();
  r.action = c.text();
  r.count = c.integer();
  r.limit_price = c.integer();
  r.tif = c.text();
  r.post_only = c.flag();
  r.reduce_only = c.flag();
  r.probability = c.opt_real();
  r.edge = c.opt_real();
  r.confidence = c.opt_real();
  r.reason = c.text();
  r.created_ns = c.integer();
  return r;
}

DecisionRow decision_row(SQLite::Statement& q) {
  Cols c(q);
  DecisionRow r;
  r.id = c.integer();
  r.intent_id = c.text();
  r.approved = c.flag();
  r.reason = c.text();
  r.rule = c.text();
  r.limit_text = c.text();
  r.actual_text = c.text();
  r.missing = c.text();
  r.detail = c.text();
  r.at_ns = c.integer();
  return r;
}

OrderRow order_row(SQLite::Statement& q) {
  Cols c(q);
  OrderRow r;
  r.client_order_id = c.text();
  r.intent_id = c.opt_text();
  r.strategy = c.text();
  r.ticker = c.text();
  r.side = c.text();
  r.action = c.text();
  r.price = c.integer();
  r.count = c.integer();
  r.filled = c.integer();
  r.remaining = c.integer();
  r.state = c.text();
  r.exchange_order_id = c.opt_text();
  r.tif = c.text();
  r.post_only = c.flag();
  r.reduce_only = c.flag();
  r.created_ns = c.integer();
  r.updated_ns = c.integer();
  r.reason = c.text();
  return r;
}

TransitionRow transition_row(SQLite::Statement& q) {
  Cols c(q);
  TransitionRow r;
  r.id = c.integer();
  r.client_order_id = c.text();
  r.from_state = c.opt_text();
  r.to_state = c.text();
  r.reason = c.text();
  r.at_ns = c.integer();
  return r;
}

FillRow fill_row(SQLite::Statement& q) {
  Cols c(q);
  FillRow r;
  r.trade_id = c.text();
  r.client_order_id = c.opt_text();
  r.exchange_order_id = c.opt_text();
  r.ticker = c.text();
  r.strategy = c.text();
  r.side = c.text();
  r.action = c.text();
  r.price = c.integer();
  r.count = c.integer();
  r.fee = c.integer();
  r.is_taker = c.flag();
  r.at_ns = c.integer();
  return r;
}

PositionRow position_row(SQLite::Statement& q) {
  Cols c(q);
  PositionRow r;
  r.ticker = c.text();
  r.shard = c.integer();
  r.position = c.integer();
  r.cost_basis = c.integer();
  r.realized = c.integer();
  r.fees = c.integer();
  r.payouts = c.integer();
  r.volume = c.integer();
  r.updated_ns = c.integer();
  return r;
}

DailyPnlRow daily_row(SQLite::Statement& q) {
  Cols c(q);
  DailyPnlRow r;
  r.utc_date = c.text();
  r.strategy = c.text();
  r.realized = c.integer();
  r.fees = c.integer();
  r.payouts = c.integer();
  r.volume = c.integer();
  r.fills = c.integer();
  return r;
}

AdjustmentRow adjustment_row(SQLite::Statement& q) {
  Cols c(q);
  AdjustmentRow r;
  r.id = c.integer();
  r.kind = c.text();
  r.shard = c.integer();
  r.ticker = c.opt_text();
  r.cash_delta = c.integer();
  r.position_delta = c.integer();
  r.basis_delta = c.integer();
  r.at_ns = c.integer();
  r.note = c.text();
  return r;
}

SettlementRow settlement_row(SQLite::Statement& q) {
  Cols c(q);
  SettlementRow r;
  r.ticker = c.text();
  r.result = c.text();
  r.position = c.integer();
  r.payout = c.integer();
  r.realized = c.integer();
  r.at_ns = c.integer();
  return r;
}

using Param = std::variant<std::int64_t, std::string>;

std::int64_t capped(std::size_t limit) {
  return static_cast<std::int64_t>(std::min(limit, kMaxReadLimit));
}

// Runs `sql` with `params` bound to ?1, ?2, … and maps every result row.
template <class Row>
std::vector<Row> select(Store& store, std::string_view what, const std::string& sql,
                        const std::vector<Param>& params, Row (*map)(SQLite::Statement&)) {
  try {
    SQLite::Statement q(store.read(), sql);
    int index = 1;
    for (const Param& p : params) {
      std::visit([&](const auto& v) { q.bind(index, v); }, p);
      ++index;
    }
    std::vector<Row> out;
    while (q.executeStep()) out.push_back(map(q));
    return out;
  } catch (const SQLite::Exception& e) {
    throw StoreError(
        fmt::format("{}: {} failed: {}", detail::database_label(store.path()), what, e.what()));
  }
}

template <class Row>
std::optional<Row> first(std::vector<Row> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::string sql(const char* columns, const char* rest) {
  return fmt::format("SELECT {} {}", columns, rest);
}

}  // namespace

std::optional<IntentRow> TradingStore::intent(std::string_view intent_id) {
  return first(select(store_, "intent", sql(kIntentColumns, "FROM intents WHERE intent_id = ?1"),
                      {std::string(intent_id)}, intent_row));
}

std::vector<IntentRow> TradingStore::recent_intents(std::size_t limit) {
  return select(
      store_, "recent_intents",
      sql(kIntentColumns, "FROM intents ORDER BY created_ns DESC, intent_id DESC LIMIT ?1"),
      {capped(limit)}, intent_row);
}

std::vector<DecisionRow> TradingStore::recent_decisions(std::size_t limit) {
  return select(store_, "recent_decisions",
                sql(kDecisionColumns, "FROM risk_decisions ORDER BY at_ns DESC, id DESC LIMIT ?1"),
                {capped(limit)}, decision_row);
}

std::vector<DecisionRow> TradingStore::decisions_for(std::string_view intent_id) {
  return select(store_, "decisions_for",
                sql(kDecisionColumns, "FROM risk_decisions WHERE intent_id = ?1 ORDER BY id"),
                {std::string(intent_id)}, decision_row);
}

std::optional<OrderRow> TradingStore::order(std::string_view client_order_id) {
  return first(select(store_, "order", sql(kOrderColumns, "FROM orders WHERE client_order_id = ?1"),
                      {std::string(client_order_id)}, order_row));
}

std::vector<OrderRow> TradingStore::open_orders() {
  std::vector<Param> params;
  std::string in;
  for (std::string_view state : kOpenOrderStates) {
    params.emplace_back(std::string(state));
    in += fmt::format("{}?{}", in.empty() ? "" : ", ", params.size());
  }
  return select(store_, "open_orders",
                fmt::format("SELECT {} FROM orders WHERE state IN ({}) "
                            "ORDER BY created_ns, client_order_id",
                            kOrderColumns, in),
                params, order_row);
}

std::vector<OrderRow> TradingStore::orders(const OrderFilter& filter) {
  std::vector<Param> params;
  std::string where;
  const auto add = [&](const char* column, const std::optional<std::string>& value) {
    if (!value) return;
    params.emplace_back(*value);
    where += fmt::format("{} {} = ?{}", where.empty() ? "WHERE" : " AND", column, params.size());
  };
  add("state", filter.state);
  add("ticker", filter.ticker);
  add("strategy", filter.strategy);
  params.emplace_back(capped(filter.limit));
  return select(store_, "orders",
                fmt::format("SELECT {} FROM orders {} ORDER BY updated_ns DESC, "
                            "client_order_id DESC LIMIT ?{}",
                            kOrderColumns, where, params.size()),
                params, order_row);
}

std::vector<TransitionRow> TradingStore::transitions(std::string_view client_order_id) {
  return select(
      store_, "transitions",
      sql(kTransitionColumns, "FROM order_transitions WHERE client_order_id = ?1 ORDER BY id"),
      {std::string(client_order_id)}, transition_row);
}

bool TradingStore::has_fill(std::string_view trade_id) {
  const auto rows = select(
      store_, "has_fill", "SELECT 1 FROM fills WHERE trade_id = ?1", {std::string(trade_id)},
      +[](SQLite::Statement&) { return true; });
  return !rows.empty();
}

std::vector<std::string> TradingStore::fill_ids_since(std::int64_t since_ns) {
  return select(
      store_, "fill_ids_since", "SELECT trade_id FROM fills WHERE at_ns >= ?1 ORDER BY at_ns",
      {since_ns}, +[](SQLite::Statement& q) { return q.getColumn(0).getString(); });
}

std::vector<FillRow> TradingStore::recent_fills(std::size_t limit) {
  return select(store_, "recent_fills",
                sql(kFillColumns, "FROM fills ORDER BY at_ns DESC, rowid DESC LIMIT ?1"),
                {capped(limit)}, fill_row);
}

std::vector<PositionRow> TradingStore::positions() {
  return select(store_, "positions", sql(kPositionColumns, "FROM positions ORDER BY ticker"), {},
                position_row);
}

std::vector<DailyPnlRow> TradingStore::daily_pnl(std::string_view utc_date) {
  return select(store_, "daily_pnl",
                sql(kDailyColumns, "FROM daily_pnl WHERE utc_date = ?1 ORDER BY strategy"),
                {std::string(utc_date)}, daily_row);
}

std::optional<SettlementRow> TradingStore::settlement(std::string_view ticker) {
  return first(select(store_, "settlement",
                      sql(kSettlementColumns, "FROM settlements WHERE ticker = ?1"),
                      {std::string(ticker)}, settlement_row));
}

std::vector<AdjustmentRow> TradingStore::recent_adjustments(std::size_t limit) {
  return select(
      store_, "recent_adjustments",
      sql(kAdjustmentColumns, "FROM ledger_adjustments ORDER BY at_ns DESC, id DESC LIMIT ?1"),
      {capped(limit)}, adjustment_row);
}

}  // namespace antevorta::store
