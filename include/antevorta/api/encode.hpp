// The operator API's JSON shapes (README "Operator API"): the daemon's records and events
// turned into the objects /api/* and /api/stream serve.
//
// Numbers keep Kalshi's fixed-point text: prices "0.4500" (dollars, 4 decimals), counts
// "2.00", money "-12.3400" (dollars, 4 decimals). Times are RFC 3339 UTC with milliseconds,
// or null when unset (0). Sides and actions are the leg terms ("yes"/"no", "buy"/"sell").
//
// Errors: none (pure functions over valid values). Threading: any.
#pragma once

#include <cstdint>
#include <optional>

#include <nlohmann/json.hpp>

#include "antevorta/api/equity_history.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/execution/engine.hpp"
#include "antevorta/execution/ledger_types.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/risk/state.hpp"
#include "antevorta/store/trading_rows.hpp"
#include "antevorta/strategy/events.hpp"

namespace antevorta::api {

using Json = nlohmann::json;

Json time_json(Timestamp t);              // null for the epoch (unset)
Json time_json_ns(std::int64_t unix_ns);  // null for 0
Json price_json(std::int64_t centicents);
Json count_json(std::int64_t centi);
Json money_json(std::int64_t centicents);

// Stored records (TradingStore rows).
Json order_json(const store::OrderRow& row);
Json fill_json(const store::FillRow& row);
Json signal_json(const store::IntentRow& row);
// A decision with its intent (the intent may be missing from an old database).
Json decision_json(const store::DecisionRow& row, const std::optional<store::IntentRow>& intent);

// Live state.
Json position_json(const MarketTicker& ticker, const execution::MarketPosition& p);
Json latch_json(const risk::LatchState& latch);
// GET /api/equity: {"interval_seconds", "points": [{"at", "equity"}, …]} oldest first.
Json equity_json(const EquityHistory& history);
// YES terms: bids best (highest) first, asks best (lowest) first; at most `depth` levels each.
Json book_json(const kalshi::OrderBook& book, std::size_t depth = 50);
Json market_json(const kalshi::Market& market, const kalshi::OrderBook* book);

// Bus events, in the same shapes as the records above.
Json order_update_json(const strategy::StrategyOrderUpdate& update);
Json fill_event_json(const strategy::StrategyFill& fill);
Json signal_event_json(const execution::IntentDecided& decided);
Json decision_event_json(const execution::IntentDecided& decided);

}  // namespace antevorta::api
