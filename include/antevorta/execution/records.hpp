// The execution layer's facts as store rows (store/trading_rows.hpp), and back: what the
// engine writes for an intent, a risk decision, an order and its transitions, a fill with
// its ledger effect, a settlement and a reconciliation adjustment, and the TrackedOrder a
// stored order row restores at restart.
//
// Units follow trading_rows.hpp (centi-cents, centi-contracts, unix nanoseconds); the
// conversions are exact. Restoring an order keeps what a row holds: counts (filled and
// remaining, so effective_count = filled + remaining), state, ids and the request; the
// applied trade ids are not in the row (the ledger and the fills table de-duplicate after a
// restart), so fills_count starts at the stored filled count.
//
// Errors: row_to_order returns std::nullopt for a row this build cannot read (an unknown
// state, side or time in force); the caller logs it and keeps it out of the tracker.
// Threading: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "antevorta/execution/ledger_types.hpp"
#include "antevorta/execution/order.hpp"
#include "antevorta/risk/decision.hpp"
#include "antevorta/store/trading_rows.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::execution {

store::IntentRow intent_row(const strategy::OrderIntent& intent);
store::DecisionRow decision_row(const strategy::IntentId& intent, const risk::RiskDecision& d,
                                Timestamp at);
store::OrderRow order_row(const TrackedOrder& order);
store::TransitionRow transition_row(const TrackedOrder& order, std::optional<OrderState> from,
                                    std::string reason, Timestamp at);
store::PositionRow position_row(const MarketTicker& ticker, const MarketPosition& position,
                                Timestamp at);
// The fill's share of its UTC day for `strategy`: realized before fees, fee, volume, 1 fill.
store::DailyPnlRow daily_fill_delta(const LedgerFill& fill, const FillEffect& effect);
store::AdjustmentRow adjustment_row(const Adjustment& adjustment, std::string note);

std::optional<TrackedOrder> row_to_order(const store::OrderRow& row);

}  // namespace antevorta::execution
