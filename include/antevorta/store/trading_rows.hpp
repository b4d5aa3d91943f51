// The rows of the trading tables (migration 2, "trading"): intents, risk decisions, orders
// and their transitions, fills, positions, daily P&L, ledger adjustments and settlements.
//
// These are storage shapes, not domain types: the store does not depend on strategy, risk
// or execution, which convert their own types to and from these rows. Units, everywhere:
//   prices      INTEGER centi-cents (1e-4 USD, 0..10000), in the leg's own terms
//   counts      INTEGER centi-contracts (positions signed: + YES, − NO)
//   money       INTEGER centi-cents (signed)
//   times       INTEGER unix nanoseconds (UTC)
//   side        "yes" | "no";  action "buy" | "sell" (the schema checks both)
//   tif         kalshi::to_string(TimeInForce): "good_till_canceled", …
//   utc_date    "YYYY-MM-DD" (utc_date() below)
// double is used for probabilities, edges and confidences only.
//
// Order states are the execution component's names. The store only needs to know which
// ones are open (open_orders() at restart): kOpenOrderStates.
//
// Errors: none (plain data). Threading: values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace antevorta::store {

// States of an order that may still rest on, or be unknown to, the exchange.
inline constexpr std::array<std::string_view, 4> kOpenOrderStates = {"pending", "resting",
                                                                     "partially_filled", "unknown"};
bool is_open_order_state(std::string_view state) noexcept;

// The UTC calendar date of a unix-nanosecond time, "YYYY-MM-DD" (floor: -1 ns is 1969-12-31).
std::string utc_date(std::int64_t unix_ns);

// The kv_state key of the risk manager's JSON state (risk/state.hpp).
inline constexpr std::string_view kRiskStateKey = "risk_state";

// What a strategy (or the operator) asked for, before risk. Invalid intents are stored too:
// a denial must always have its intent on record.
struct IntentRow {
  std::string intent_id;
  std::string strategy;
  std::string ticker;
  std::string side;
  std::string action;
  std::int64_t count = 0;
  std::int64_t limit_price = 0;
  std::string tif;
  bool post_only = false;
  bool reduce_only = false;
  std::optional<double> probability;
  std::optional<double> edge;  // after fees, per contract, in dollars
  std::optional<double> confidence;
  std::string reason;
  std::int64_t created_ns = 0;
  friend bool operator==(const IntentRow&, const IntentRow&) = default;
};

// One risk check of one intent.
struct DecisionRow {
  std::int64_t id = 0;  // assigned by the database; ignored when writing
  std::string intent_id;
  bool approved = false;
  std::string reason;       // risk::to_string(DenyReason); "" when approved
  std::string rule;         // the rule's config key
  std::string limit_text;   // "25.0000"
  std::string actual_text;  // "27.1800"
  std::string missing;      // unknown_input only
  std::string detail;       // a sentence for people
  std::int64_t at_ns = 0;
  friend bool operator==(const DecisionRow&, const DecisionRow&) = default;
};

// An order as execution knows it. Written whole (upsert): every column becomes what the row
// says, except created_ns, which keeps its first value.
struct OrderRow {
  std::string client_order_id;
  std::optional<std::string> intent_id;  // none for an order found only on the exchange
  std::string strategy;
  std::string ticker;
  std::string side;
  std::string action;
  std::int64_t price = 0;
  std::int64_t count = 0;
  std::int64_t filled = 0;
  std::int64_t remaining = 0;
  std::string state;
  std::optional<std::string> exchange_order_id;
  std::string tif;
  bool post_only = false;
  bool reduce_only = false;
  std::int64_t created_ns = 0;
  std::int64_t updated_ns = 0;
  std::string reason;  // why it is in its state ("" when nothing to say)
  friend bool operator==(const OrderRow&, const OrderRow&) = default;
};

struct TransitionRow {
  std::int64_t id = 0;  // assigned by the database; ignored when writing
  std::string client_order_id;
  std::optional<std::string> from_state;  // none for the first state
  std::string to_state;
  std::string reason;
  std::int64_t at_ns = 0;
  friend bool operator==(const TransitionRow&, const TransitionRow&) = default;
};

// One execution, as the exchange reported it; trade_id is the key (inserting a known one
// fails, and with it the fill's whole group).
struct FillRow {
  std::string trade_id;
  std::optional<std::string> client_order_id;  // none for a fill of an unknown order
  std::optional<std::string> exchange_order_id;
  std::string ticker;
  std::string strategy;
  std::string side;
  std::string action;
  std::int64_t price = 0;
  std::int64_t count = 0;
  std::int64_t fee = 0;
  bool is_taker = true;
  std::int64_t at_ns = 0;
  friend bool operator==(const FillRow&, const FillRow&) = default;
};

// A market's account after the event that wrote it (absolute values: the ledger's
// MarketPosition). Written whole (upsert).
struct PositionRow {
  std::string ticker;
  std::int64_t shard = 0;       // the exchange shard (Market.exchange_index)
  std::int64_t position = 0;    // signed centi-contracts
  std::int64_t cost_basis = 0;  // of the open contracts
  std::int64_t realized = 0;    // before fees: closing fills and settlement
  std::int64_t fees = 0;
  std::int64_t payouts = 0;  // settlement payouts
  std::int64_t volume = 0;   // centi-contracts traded
  std::int64_t updated_ns = 0;
  friend bool operator==(const PositionRow&, const PositionRow&) = default;
};

// One strategy's P&L on one UTC day. Written as a delta (added to the stored row, which
// starts at zero), read as the totals: the fill's or settlement's key makes the delta
// count once, because the delta is in the same transaction as that key.
struct DailyPnlRow {
  std::string utc_date;
  std::string strategy;
  std::int64_t realized = 0;  // before fees
  std::int64_t fees = 0;
  std::int64_t payouts = 0;
  std::int64_t volume = 0;  // centi-contracts
  std::int64_t fills = 0;
  friend bool operator==(const DailyPnlRow&, const DailyPnlRow&) = default;
};

// A correction from reconciliation (the ledger's Adjustment), kept so it stays visible.
struct AdjustmentRow {
  std::int64_t id = 0;  // assigned by the database; ignored when writing
  std::string kind;     // "cash" | "position"
  std::int64_t shard = 0;
  std::optional<std::string> ticker;  // position only
  std::int64_t cash_delta = 0;
  std::int64_t position_delta = 0;
  std::int64_t basis_delta = 0;
  std::int64_t at_ns = 0;
  std::string note;
  friend bool operator==(const AdjustmentRow&, const AdjustmentRow&) = default;
};

// A market's settlement; ticker is the key (a second one fails its group).
struct SettlementRow {
  std::string ticker;
  std::string result;         // kalshi::to_string(MarketResult)
  std::int64_t position = 0;  // signed, before settlement
  std::int64_t payout = 0;    // credited
  std::int64_t realized = 0;  // payout − cost basis, before fees
  std::int64_t at_ns = 0;
  friend bool operator==(const SettlementRow&, const SettlementRow&) = default;
};

// A fill with everything it changes, committed in one transaction.
struct FillWithLedger {
  FillRow fill;
  std::optional<PositionRow> position;      // the market's account after the fill
  std::optional<DailyPnlRow> daily_delta;   // the fill's share of its day and strategy
  std::optional<OrderRow> order;            // the order after the fill (filled, state)
  std::optional<TransitionRow> transition;  // its state change, if any
};

}  // namespace antevorta::store
