#include "antevorta/store/trading_writes.hpp"

#include <string>
#include <utility>

namespace antevorta::store::writes {

namespace {

constexpr const char* kInsertIntent =
    "INSERT INTO intents (intent_id, strategy, ticker, side, action, count, limit_price, tif, "
    "post_only, reduce_only, probability, edge, confidence, reason, created_ns) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)";

constexpr const char* kInsertDecision =
    "INSERT INTO risk_decisions (intent_id, approved, reason, rule, limit_text, actual_text, "
    "missing, detail, at_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

constexpr const char* kUpsertOrder =
    "INSERT INTO orders (client_order_id, intent_id, strategy, ticker, side, action, price, "
    "count, filled, remaining, state, exchange_order_id, tif, post_only, reduce_only, "
    "created_ns, updated_ns, reason) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18) "
    "ON CONFLICT (client_order_id) DO UPDATE SET intent_id = excluded.intent_id, "
    "strategy = excluded.strategy, ticker = excluded.ticker, side = excluded.side, "
    "action = excluded.action, price = excluded.price, count = excluded.count, "
    "filled = excluded.filled, remaining = excluded.remaining, state = excluded.state, "
    "exchange_order_id = excluded.exchange_order_id, tif = excluded.tif, "
    "post_only = excluded.post_only, reduce_only = excluded.reduce_only, "
    "updated_ns = excluded.updated_ns, reason = excluded.reason";

constexpr const char* kInsertTransition =
    "INSERT INTO order_transitions (client_order_id, from_state, to_state, reason, at_ns) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";

constexpr const char* kInsertFill =
    "INSERT INTO fills (trade_id, client_order_id, exchange_order_id, ticker, strategy, side, "
    "action, price, count, fee, is_taker, at_ns) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";

constexpr const char* kUpsertPosition =
    "INSERT INTO positions (ticker, shard, position, cost_basis, realized, fees, payouts, "
    "volume, updated_ns) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
    "ON CONFLICT (ticker) DO UPDATE SET shard = excluded.shard, position = excluded.position, "
    "cost_basis = excluded.cost_basis, realized = excluded.realized, fees = excluded.fees, "
    "payouts = excluded.payouts, volume = excluded.volume, updated_ns = excluded.updated_ns";

constexpr const char* kAddDailyPnl =
    "INSERT INTO daily_pnl (utc_date, strategy, realized, fees, payouts, volume, fills) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
    "ON CONFLICT (utc_date, strategy) DO UPDATE SET realized = realized + excluded.realized, "
    "fees = fees + excluded.fees, payouts = payouts + excluded.payouts, "
    "volume = volume + excluded.volume, fills = fills + excluded.fills";

constexpr const char* kInsertAdjustment =
    "INSERT INTO ledger_adjustments (kind, shard, ticker, cash_delta, position_delta, "
    "basis_delta, at_ns, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";

constexpr const char* kInsertSettlement =
    "INSERT INTO settlements (ticker, result, position, payout, realized, at_ns) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";

constexpr const char* kPutState =
    "INSERT INTO kv_state (key, value, updated_at_ns) VALUES (?1, ?2, ?3) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
    "updated_at_ns = excluded.updated_at_ns";

Value text(const std::string& s) { return s; }
Value text(const std::optional<std::string>& s) { return s ? Value{*s} : Value{nullptr}; }
Value real(const std::optional<double>& d) { return d ? Value{*d} : Value{nullptr}; }
Value flag(bool b) { return std::int64_t{b ? 1 : 0}; }

Write critical(const char* sql, std::vector<Value> params) {
  return Write{sql, std::move(params), Durability::critical};
}

}  // namespace

Write intent(const IntentRow& r) {
  return critical(kInsertIntent, {text(r.intent_id), text(r.strategy), text(r.ticker), text(r.side),
                                  text(r.action), r.count, r.limit_price, text(r.tif),
                                  flag(r.post_only), flag(r.reduce_only), real(r.probability),
                                  real(r.edge), real(r.confidence), text(r.reason), r.created_ns});
}

Write decision(const DecisionRow& r) {
  return critical(kInsertDecision, {text(r.intent_id), flag(r.approved), text(r.reason),
                                    text(r.rule), text(r.limit_text), text(r.actual_text),
                                    text(r.missing), text(r.detail), r.at_ns});
}

Write order(const OrderRow& r) {
  return critical(kUpsertOrder,
                  {text(r.client_order_id), text(r.intent_id), text(r.strategy), text(r.ticker),
                   text(r.side), text(r.action), r.price, r.count, r.filled, r.remaining,
                   text(r.state), text(r.exchange_order_id), text(r.tif), flag(r.post_only),
                   flag(r.reduce_only), r.created_ns, r.updated_ns, text(r.reason)});
}

Write transition(const TransitionRow& r) {
  return critical(kInsertTransition, {text(r.client_order_id), text(r.from_state), text(r.to_state),
                                      text(r.reason), r.at_ns});
}

Write fill(const FillRow& r) {
  return critical(kInsertFill,
                  {text(r.trade_id), text(r.client_order_id), text(r.exchange_order_id),
                   text(r.ticker), text(r.strategy), text(r.side), text(r.action), r.price, r.count,
                   r.fee, flag(r.is_taker), r.at_ns});
}

Write position(const PositionRow& r) {
  return critical(kUpsertPosition, {text(r.ticker), r.shard, r.position, r.cost_basis, r.realized,
                                    r.fees, r.payouts, r.volume, r.updated_ns});
}

Write daily_pnl_delta(const DailyPnlRow& d) {
  return critical(kAddDailyPnl, {text(d.utc_date), text(d.strategy), d.realized, d.fees, d.payouts,
                                 d.volume, d.fills});
}

Write adjustment(const AdjustmentRow& r) {
  return critical(kInsertAdjustment, {text(r.kind), r.shard, text(r.ticker), r.cash_delta,
                                      r.position_delta, r.basis_delta, r.at_ns, text(r.note)});
}

Write settlement(const SettlementRow& r) {
  return critical(kInsertSettlement,
                  {text(r.ticker), text(r.result), r.position, r.payout, r.realized, r.at_ns});
}

Write risk_state(std::string_view json, std::int64_t at_ns) {
  return critical(kPutState, {std::string(kRiskStateKey), std::string(json), at_ns});
}

std::vector<Write> order_group(const OrderRow& o, const std::optional<TransitionRow>& t) {
  std::vector<Write> out;
  out.reserve(2);
  out.push_back(order(o));
  if (t) out.push_back(transition(*t));
  return out;
}

std::vector<Write> fill_group(const FillWithLedger& f) {
  std::vector<Write> out;
  out.reserve(5);
  out.push_back(fill(f.fill));
  if (f.position) out.push_back(position(*f.position));
  if (f.daily_delta) out.push_back(daily_pnl_delta(*f.daily_delta));
  if (f.order) out.push_back(order(*f.order));
  if (f.transition) out.push_back(transition(*f.transition));
  return out;
}

std::vector<Write> settlement_group(const SettlementRow& s, const PositionRow& p,
                                    const std::vector<DailyPnlRow>& deltas) {
  std::vector<Write> out;
  out.reserve(2 + deltas.size());
  out.push_back(settlement(s));
  out.push_back(position(p));
  for (const DailyPnlRow& d : deltas) out.push_back(daily_pnl_delta(d));
  return out;
}

std::vector<Write> adjustment_group(const AdjustmentRow& a, const std::optional<PositionRow>& p) {
  std::vector<Write> out;
  out.reserve(2);
  out.push_back(adjustment(a));
  if (p) out.push_back(position(*p));
  return out;
}

}  // namespace antevorta::store::writes
