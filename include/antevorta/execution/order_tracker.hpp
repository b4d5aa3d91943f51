// OrderTracker: every order execution knows about, by client_order_id, with an index by the
// exchange's order id, the trade ids seen (fill de-duplication across the tracker's whole
// lifetime, also for orders already forgotten), and the resting view the risk manager
// needs (risk::OpenOrders).
//
// create() is idempotent: an intent whose derived client_order_id is known returns the
// existing order (`already_existed`), so a re-submitted intent never makes a second order.
// The caller persists a new order before sending it (the tracker does no I/O) and, after a
// restart, restore()s the persisted orders and gives every `pending` one OutcomeUnknown.
//
// Open orders for risk: every order that may still fill (pending, resting,
// partially_filled, unknown), with its remaining count, counted in the direction it moves
// the position: towards YES (buy YES / sell NO) or towards NO (buy NO / sell YES). The cost
// of a direction is Σ price × remaining in the leg it buys (YES price for towards YES, NO
// price for towards NO), rounded up per order — fail closed: unknown and pending orders
// count in full.
//
// Errors: lookups of unknown orders are values (found = false); transitions as in
// order.hpp. Threading: not thread-safe; one owner (the io_context thread).
#pragma once

#include <cstddef>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/execution/order.hpp"
#include "antevorta/execution/order_request.hpp"
#include "antevorta/risk/view.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::execution {

struct TrackerResult {
  bool found = false;  // false: no such order here (not ours, or forgotten)
  TransitionResult transition;
  const TrackedOrder* order = nullptr;  // valid until the order is forgotten
};

class OrderTracker {
 public:
  explicit OrderTracker(ClientIdPrefix prefix) : prefix_(std::move(prefix)) {}
  OrderTracker(const OrderTracker&) = delete;
  OrderTracker& operator=(const OrderTracker&) = delete;

  const ClientIdPrefix& prefix() const noexcept { return prefix_; }

  struct Created {
    const TrackedOrder* order = nullptr;
    bool already_existed = false;
  };
  Created create(const strategy::OrderIntent& intent, Timestamp now);
  // A persisted order (restart); false when its client_order_id is known already.
  bool restore(TrackedOrder order);

  const TrackedOrder* find(const ClientOrderId& id) const noexcept;
  const TrackedOrder* find(const OrderId& id) const noexcept;

  TrackerResult apply(const ClientOrderId& id, const OrderEvent& event);
  TrackerResult apply(const OrderId& id, const OrderEvent& event);
  // A fill routed by its order id, else by its client_order_id (WS fills carry both; REST
  // fills only the order id). A trade id seen before is a duplicate even when its order
  // has been forgotten.
  TrackerResult apply_fill(const Filled& fill, const std::optional<ClientOrderId>& client_id);

  bool trade_seen(const TradeId& id) const { return seen_trades_.contains(id); }
  std::size_t size() const noexcept { return orders_.size(); }
  std::size_t open_count() const noexcept;
  // Orders in a state, in client_order_id order (e.g. the `unknown` ones to resolve).
  std::vector<const TrackedOrder*> in_state(OrderState state) const;
  // Every order that may still fill (is_open), in client_order_id order.
  std::vector<const TrackedOrder*> open() const;
  risk::OpenOrders open_orders() const;
  // Drops final orders last updated before `cutoff` (their history is in the store); the
  // seen trade ids stay. Returns how many were dropped.
  std::size_t forget_final(Timestamp cutoff);

 private:
  TrackerResult apply_to(TrackedOrder& order, const OrderEvent& event);

  ClientIdPrefix prefix_;
  std::unordered_map<ClientOrderId, TrackedOrder> orders_;
  std::unordered_map<OrderId, ClientOrderId> by_order_id_;
  std::unordered_set<TradeId> seen_trades_;
};

}  // namespace antevorta::execution
