// TradingStore's writers: each one enqueues the statements of trading_writes.hpp.
#include "antevorta/store/trading_store.hpp"

#include "antevorta/store/trading_writes.hpp"

namespace antevorta::store {

bool TradingStore::record_intent(const IntentRow& row) {
  return store_.enqueue(writes::intent(row));
}

bool TradingStore::record_decision(const DecisionRow& row) {
  return store_.enqueue(writes::decision(row));
}

bool TradingStore::upsert_order(const OrderRow& row) { return store_.enqueue(writes::order(row)); }

bool TradingStore::record_transition(const TransitionRow& row) {
  return store_.enqueue(writes::transition(row));
}

bool TradingStore::save_order(const OrderRow& order,
                              const std::optional<TransitionRow>& transition) {
  return store_.enqueue_group(writes::order_group(order, transition));
}

bool TradingStore::record_fill(const FillWithLedger& f) {
  return store_.enqueue_group(writes::fill_group(f));
}

bool TradingStore::record_fill_with_ledger(const FillRow& fill, const PositionRow& position,
                                           const DailyPnlRow& daily_delta) {
  return record_fill(FillWithLedger{fill, position, daily_delta, std::nullopt, std::nullopt});
}

bool TradingStore::upsert_position(const PositionRow& row) {
  return store_.enqueue(writes::position(row));
}

bool TradingStore::record_settlement(const SettlementRow& settlement, const PositionRow& position,
                                     const std::vector<DailyPnlRow>& daily_deltas) {
  return store_.enqueue_group(writes::settlement_group(settlement, position, daily_deltas));
}

bool TradingStore::record_adjustment(const AdjustmentRow& adjustment,
                                     const std::optional<PositionRow>& position) {
  return store_.enqueue_group(writes::adjustment_group(adjustment, position));
}

bool TradingStore::save_risk_state(std::string_view json, std::int64_t at_ns) {
  return store_.enqueue(writes::risk_state(json, at_ns));
}

std::optional<std::string> TradingStore::load_risk_state() {
  return store_.get_state(kRiskStateKey);
}

}  // namespace antevorta::store
