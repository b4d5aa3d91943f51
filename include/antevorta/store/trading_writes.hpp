// The statements that write the trading tables, built from rows (trading_rows.hpp). Each
// function returns a critical Write (or the group of Writes one event makes) with constant
// SQL, for Store::enqueue / enqueue_group, TradingStore, or async_commit when the caller
// must wait for the commit (a new order, before it is sent):
//
//   co_await async_commit(store, writes::order_group(order, transition), ex, use_awaitable);
//
// Keys and idempotency: intents (intent_id), fills (trade_id) and settlements (ticker) are
// plain INSERTs, so writing a known key fails, and with it the rest of its group: a fill
// group replayed after a restart cannot count its P&L twice. Orders and positions are
// upserts of the whole row; daily_pnl adds its delta; decisions, transitions and
// adjustments append.
//
// Errors: none here; failures happen at commit (store.hpp). Threading: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "antevorta/store/store.hpp"
#include "antevorta/store/trading_rows.hpp"

namespace antevorta::store::writes {

Write intent(const IntentRow& row);
Write decision(const DecisionRow& row);
Write order(const OrderRow& row);
Write transition(const TransitionRow& row);
Write fill(const FillRow& row);
Write position(const PositionRow& row);
Write daily_pnl_delta(const DailyPnlRow& delta);
Write adjustment(const AdjustmentRow& row);
Write settlement(const SettlementRow& row);
// The risk manager's JSON state, one kv_state row under kRiskStateKey.
Write risk_state(std::string_view json, std::int64_t at_ns);

// The order row, then its transition (if any).
std::vector<Write> order_group(const OrderRow& order,
                               const std::optional<TransitionRow>& transition);
// The fill first (its key guards the rest), then position, daily delta, order, transition.
std::vector<Write> fill_group(const FillWithLedger& f);
// The settlement first (its key guards the rest), then the position and one delta per
// strategy that held the market.
std::vector<Write> settlement_group(const SettlementRow& settlement, const PositionRow& position,
                                    const std::vector<DailyPnlRow>& daily_deltas);
// The adjustment, then the position it set (position adjustments).
std::vector<Write> adjustment_group(const AdjustmentRow& adjustment,
                                    const std::optional<PositionRow>& position);

}  // namespace antevorta::store::writes
