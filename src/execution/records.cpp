// Execution facts as store rows, and stored orders back as TrackedOrders.
#include "antevorta/execution/records.hpp"

#include <array>

namespace antevorta::execution {

namespace {

std::string text(std::string_view s) { return std::string(s); }

std::optional<kalshi::OutcomeSide> parse_side(std::string_view s) noexcept {
  for (auto side : {kalshi::OutcomeSide::yes, kalshi::OutcomeSide::no}) {
    if (kalshi::to_string(side) == s) return side;
  }
  return std::nullopt;
}

std::optional<kalshi::TimeInForce> parse_tif(std::string_view s) noexcept {
  for (auto tif : {kalshi::TimeInForce::fill_or_kill, kalshi::TimeInForce::good_till_canceled,
                   kalshi::TimeInForce::immediate_or_cancel}) {
    if (kalshi::to_string(tif) == s) return tif;
  }
  return std::nullopt;
}

}  // namespace

store::IntentRow intent_row(const strategy::OrderIntent& intent) {
  store::IntentRow r;
  r.intent_id = intent.id.str();
  r.strategy = intent.strategy.str();
  r.ticker = intent.ticker.str();
  r.side = text(kalshi::to_string(intent.side));
  r.action = text(strategy::to_string(intent.action));
  r.count = intent.count.centi();
  r.limit_price = intent.limit_price.centicents();
  r.tif = text(kalshi::to_string(intent.time_in_force));
  r.post_only = intent.post_only;
  r.reduce_only = intent.reduce_only;
  r.probability = intent.evidence.probability;
  r.edge = intent.evidence.edge_after_fees;
  r.confidence = intent.evidence.confidence;
  r.reason = intent.evidence.reason;
  r.created_ns = to_unix_ns(intent.created_at);
  return r;
}

store::DecisionRow decision_row(const strategy::IntentId& intent, const risk::RiskDecision& d,
                                Timestamp at) {
  store::DecisionRow r;
  r.intent_id = intent.str();
  r.approved = d.approved;
  if (!d.approved) r.reason = text(risk::to_string(d.reason));
  r.rule = d.rule;
  r.limit_text = d.limit;
  r.actual_text = d.actual;
  r.missing = d.missing;
  r.detail = d.detail;
  r.at_ns = to_unix_ns(at);
  return r;
}

store::OrderRow order_row(const TrackedOrder& o) {
  store::OrderRow r;
  r.client_order_id = o.client_order_id.str();
  if (!o.intent_id.empty()) r.intent_id = o.intent_id.str();
  r.strategy = o.strategy.str();
  r.ticker = o.ticker.str();
  r.side = text(kalshi::to_string(o.side));
  r.action = text(strategy::to_string(o.action));
  r.price = o.limit_price.centicents();
  r.count = o.count.centi();
  r.filled = o.filled_count().centi();
  r.remaining = o.remaining.centi();
  r.state = text(to_string(o.state));
  if (o.order_id) r.exchange_order_id = o.order_id->str();
  r.tif = text(kalshi::to_string(o.time_in_force));
  r.post_only = o.post_only;
  r.reduce_only = o.reduce_only;
  r.created_ns = to_unix_ns(o.created_at);
  r.updated_ns = to_unix_ns(o.updated_at);
  r.reason = o.last_reason;
  return r;
}

store::TransitionRow transition_row(const TrackedOrder& o, std::optional<OrderState> from,
                                    std::string reason, Timestamp at) {
  store::TransitionRow r;
  r.client_order_id = o.client_order_id.str();
  if (from) r.from_state = text(to_string(*from));
  r.to_state = text(to_string(o.state));
  r.reason = std::move(reason);
  r.at_ns = to_unix_ns(at);
  return r;
}

store::PositionRow position_row(const MarketTicker& ticker, const MarketPosition& p, Timestamp at) {
  store::PositionRow r;
  r.ticker = ticker.str();
  r.shard = p.shard;
  r.position = p.position.centi();
  r.cost_basis = p.cost_basis.centicents();
  r.realized = p.realized_before_fees.centicents();
  r.fees = p.fees_paid.centicents();
  r.payouts = p.settlement_payouts.centicents();
  r.volume = p.volume.centi();
  r.updated_ns = to_unix_ns(at);
  return r;
}

store::DailyPnlRow daily_fill_delta(const LedgerFill& fill, const FillEffect& effect) {
  store::DailyPnlRow r;
  r.utc_date = store::utc_date(to_unix_ns(fill.time));
  r.strategy = fill.strategy.str();
  r.realized = effect.realized_before_fees.centicents();
  r.fees = fill.fee.centicents();
  r.volume = fill.count.centi();
  r.fills = 1;
  return r;
}

store::AdjustmentRow adjustment_row(const Adjustment& a, std::string note) {
  store::AdjustmentRow r;
  r.kind = text(to_string(a.kind));
  r.shard = a.shard;
  if (a.kind == AdjustmentKind::position) r.ticker = a.ticker.str();
  r.cash_delta = a.cash_delta.centicents();
  r.position_delta = a.position_delta.centi();
  r.basis_delta = a.basis_delta.centicents();
  r.at_ns = to_unix_ns(a.time);
  r.note = std::move(note);
  return r;
}

std::optional<TrackedOrder> row_to_order(const store::OrderRow& row) {
  const auto state = parse_order_state(row.state);
  const auto side = parse_side(row.side);
  const auto action = strategy::parse_action(row.action);
  const auto tif = parse_tif(row.tif);
  const auto price = Price::from_centicents(row.price);
  if (!state || !side || !action || !tif || !price || row.count <= 0 || row.filled < 0 ||
      row.remaining < 0 || row.filled + row.remaining > row.count) {
    return std::nullopt;
  }
  TrackedOrder o;
  o.client_order_id = ClientOrderId(row.client_order_id);
  if (row.intent_id) o.intent_id = strategy::IntentId(*row.intent_id);
  o.strategy = strategy::StrategyId(row.strategy);
  o.ticker = MarketTicker(row.ticker);
  o.side = *side;
  o.action = *action;
  o.limit_price = *price;
  o.count = Count::from_centi(row.count);
  o.time_in_force = *tif;
  o.post_only = row.post_only;
  o.reduce_only = row.reduce_only;
  o.state = *state;
  if (row.exchange_order_id) o.order_id = OrderId(*row.exchange_order_id);
  o.fills_count = Count::from_centi(row.filled);
  o.exchange_filled = Count::from_centi(row.filled);
  o.effective_count =
      is_final(*state) ? o.fills_count : Count::from_centi(row.filled + row.remaining);
  o.remaining = Count::from_centi(row.remaining);
  o.last_reason = row.reason;
  o.created_at = from_unix_ns(row.created_ns);
  o.updated_at = from_unix_ns(row.updated_ns);
  return o;
}

}  // namespace antevorta::execution
