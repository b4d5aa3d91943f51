// One of our orders as execution tracks it, and the pure state machine that moves it.
//
// Life of an order. An intent becomes a TrackedOrder in `pending` with a client_order_id
// derived from the intent (order_request.hpp); the caller persists it *before* the request
// leaves, and every re-send uses the same id, so the exchange's duplicate check (409) makes
// retries safe. The answers and the exchange's messages are OrderEvents (order_events.hpp);
// apply() folds one event into the order and says what it did.
//
//   pending ──Accepted──▶ resting ──Filled──▶ partially_filled ──Filled──▶ filled
//      │  ╲                  │ ╲                     │
//      │   ╲─Rejected──▶ rejected                    └──Canceled──▶ canceled
//      │                     └──Canceled / ExchangeUpdate(canceled)──▶ canceled
//      └──OutcomeUnknown──▶ unknown ──Accepted / ExchangeUpdate / Filled──▶ (as above)
//                              ├──NotFound──▶ rejected
//                              └──Submitted (a re-send, same id)──▶ pending
//
// Rules (each one is tested):
//  1. Final states (filled, canceled, rejected) never change again. A late Accepted,
//     ExchangeUpdate, Canceled or OutcomeUnknown for a filled or canceled order is ignored
//     (`late_after_terminal`). Fills are facts: a fill after a cancel or after the exchange
//     said "executed" is applied (counts, fees) and the state stays where it is.
//  2. An exchange message about an order recorded as rejected (Accepted, ExchangeUpdate,
//     Filled, Canceled) is illegal (`contradicts_rejection`): a rejection is only recorded
//     when no attempt can have placed the order (rule 5), so this is a broken belief that
//     reconciliation must look at. Nothing changes.
//  3. Fills are de-duplicated by trade id (`duplicate_trade`). A fill that would take the
//     filled count past the order's count is illegal (`overfill`), as is an exchange view
//     whose filled count exceeds it. A fill with an empty trade id, a count <= 0, a price
//     outside (0, 1) or a negative fee is illegal (`invalid_fill`).
//  4. Counts. `exchange_filled` and `effective_count` (filled + remaining as the exchange
//     last said: what can ever fill; it only shrinks, e.g. a reduce-only cap) come from
//     Accepted / ExchangeUpdate; `fills_count` is the sum of applied fills. The filled
//     count is the larger of fills_count and exchange_filled, so an acknowledgement that
//     reports immediate fills and the fill messages of the same fills are never counted
//     twice; remaining = effective_count − filled (0 once final). Stale views (a smaller
//     filled count, a larger remainder) never move the counts backwards.
//  5. Unknown outcomes are resolved from the exchange, never guessed. OutcomeUnknown moves
//     a pending order to `unknown` and marks it `maybe_placed`. From `unknown` only the
//     exchange's word moves it: Accepted / ExchangeUpdate / Filled / Canceled (it exists),
//     NotFound (it does not: `rejected`), or a re-send (Submitted, back to `pending`). A
//     Rejected answer for an order that may have been placed by an earlier attempt moves it
//     to `unknown` (`rejection_needs_resolution`), not to `rejected`. NotFound is illegal
//     while a request is in flight (`pending`: `resolution_in_flight`) and for an order the
//     exchange confirmed (`not_found_but_known`). OutcomeUnknown after the exchange has
//     confirmed the order (e.g. the WS update beat the REST answer) is ignored.
//     On restart every persisted `pending` order must be given OutcomeUnknown: it may have
//     left before the process died.
//  6. ExchangeUpdate status: `executed` → filled, `canceled` → canceled, `resting` (or a
//     status this build does not know) → resting / partially_filled / filled by the counts.
//     Accepted with no remainder: filled when the whole count filled, else canceled for IOC
//     / FOK (the unfilled part was cancelled) and filled for GTC (a reduce-only cap).
//  7. An exchange order id, once known, is fixed: an event naming another id is illegal
//     (`order_id_mismatch`).
//  8. CancelRequested only records the request (state unchanged); it is a duplicate when
//     already requested and ignored once final. Canceled (the cancel answer) ends a live
//     order; for a filled order it is late (the fill won the race).
//  9. Submitted counts a send: in `pending` it increments `attempts`; in `unknown` it is a
//     re-send with the same id and moves back to `pending`; once the exchange confirmed the
//     order it is ignored (`already_known`).
//
// Errors: every outcome of apply() is a TransitionResult value; nothing throws except
// ArithmeticOverflow for counts far outside any market (core/fixed.hpp).
// Threading: plain values and a pure function.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/execution/order_events.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::execution {

enum class OrderState : std::uint8_t {
  pending,           // persisted; the create request is (about to be) in flight
  resting,           // on the book, nothing filled
  partially_filled,  // on the book, some filled
  filled,            // final: executed
  canceled,          // final: cancelled (by us, IOC remainder, expiry, close), maybe with fills
  rejected,          // final: the exchange refused it, or it was never placed
  unknown,           // the create's outcome is unknown: resolve from the exchange
};
std::string_view to_string(OrderState s) noexcept;
std::optional<OrderState> parse_order_state(std::string_view text) noexcept;
constexpr bool is_final(OrderState s) noexcept {
  return s == OrderState::filled || s == OrderState::canceled || s == OrderState::rejected;
}
// The order may still fill: pending, resting, partially_filled, unknown.
constexpr bool is_open(OrderState s) noexcept { return !is_final(s); }

struct TrackedOrder {
  ClientOrderId client_order_id;
  strategy::IntentId intent_id;
  strategy::StrategyId strategy;
  MarketTicker ticker;
  kalshi::OutcomeSide side = kalshi::OutcomeSide::yes;  // the leg
  strategy::Action action = strategy::Action::buy;
  Price limit_price;  // in the leg's own terms
  Count count;        // as requested
  kalshi::TimeInForce time_in_force = kalshi::TimeInForce::good_till_canceled;
  bool post_only = false;
  bool reduce_only = false;

  OrderState state = OrderState::pending;
  std::optional<OrderId> order_id;  // the exchange's id, once known
  Count fills_count;                // Σ applied fills
  Count exchange_filled;            // the exchange's last filled count (monotone)
  Count effective_count;            // what can ever fill (monotone down); starts at count
  Count remaining;                  // effective_count − filled_count(), 0 once final
  Money fees_paid;                  // Σ fees of applied fills
  // Σ price × count of applied fills in centi-cent × centi-contract units (exact).
  std::int64_t fill_value = 0;
  std::vector<TradeId> trade_ids;  // applied fills, for de-duplication
  int attempts = 0;                // sends (Submitted)
  bool maybe_placed = false;       // an earlier attempt's outcome was unknown
  bool cancel_requested = false;
  std::string last_reason;  // the exchange's words on the last rejection / unknown outcome
  Timestamp created_at{};
  Timestamp updated_at{};

  Count filled_count() const noexcept { return std::max(fills_count, exchange_filled); }
  // The volume-weighted price of the applied fills (leg terms, nearest centi-cent).
  std::optional<Price> average_fill_price() const;
  // The signed YES-equivalent position change per contract (+1 / −1).
  int direction() const noexcept { return strategy::position_direction(side, action); }
};

// A new pending order for an intent (no I/O; the caller persists it before sending).
TrackedOrder make_tracked_order(const strategy::OrderIntent& intent, ClientOrderId id,
                                Timestamp now);

enum class TransitionKind : std::uint8_t {
  applied,    // the order changed
  ignored,    // stale or late: nothing changed (see the note)
  duplicate,  // seen before: nothing changed
  illegal,    // contradicts what we know: nothing changed (see the note)
};
std::string_view to_string(TransitionKind k) noexcept;

enum class TransitionNote : std::uint8_t {
  none,
  late_after_terminal,         // ignored: a message about a filled / canceled order
  already_known,               // ignored: OutcomeUnknown / Submitted after confirmation
  nothing_new,                 // duplicate: a view or request that changes nothing
  duplicate_trade,             // duplicate: a fill whose trade id was applied
  rejection_needs_resolution,  // applied: a rejection after an unknown outcome → unknown
  overfill,                    // illegal: more filled than the order's count
  invalid_fill,                // illegal: empty trade id, count <= 0, price, fee < 0
  invalid_counts,              // illegal: negative counts, remaining beyond the count
  order_id_mismatch,           // illegal: another exchange order id
  contradicts_rejection,       // illegal: the exchange speaks of an order we call rejected
  not_found_but_known,         // illegal: NotFound for an order the exchange confirmed
  resolution_in_flight,        // illegal: NotFound while a request is in flight
};
std::string_view to_string(TransitionNote n) noexcept;

struct TransitionResult {
  TransitionKind kind = TransitionKind::applied;
  TransitionNote note = TransitionNote::none;
  OrderState from = OrderState::pending;
  OrderState to = OrderState::pending;
  bool changed() const noexcept { return kind == TransitionKind::applied; }
};

// Folds one event into the order (rules at the top). On anything but `applied` the order is
// left exactly as it was.
TransitionResult apply(TrackedOrder& order, const OrderEvent& event);

}  // namespace antevorta::execution
