// The tracker of our orders: lookups, routing of events, the risk view of resting orders.
#include "antevorta/execution/order_tracker.hpp"

#include <algorithm>
#include <utility>

namespace antevorta::execution {

OrderTracker::Created OrderTracker::create(const strategy::OrderIntent& intent, Timestamp now) {
  ClientOrderId id = derive_client_order_id(intent, prefix_);
  if (auto it = orders_.find(id); it != orders_.end()) return Created{&it->second, true};
  TrackedOrder order = make_tracked_order(intent, id, now);
  auto [it, inserted] = orders_.emplace(std::move(id), std::move(order));
  return Created{&it->second, false};
}

bool OrderTracker::restore(TrackedOrder order) {
  if (orders_.contains(order.client_order_id)) return false;
  if (order.order_id) by_order_id_.emplace(*order.order_id, order.client_order_id);
  for (const TradeId& t : order.trade_ids) seen_trades_.insert(t);
  const ClientOrderId id = order.client_order_id;
  orders_.emplace(id, std::move(order));
  return true;
}

const TrackedOrder* OrderTracker::find(const ClientOrderId& id) const noexcept {
  auto it = orders_.find(id);
  return it == orders_.end() ? nullptr : &it->second;
}

const TrackedOrder* OrderTracker::find(const OrderId& id) const noexcept {
  auto it = by_order_id_.find(id);
  return it == by_order_id_.end() ? nullptr : find(it->second);
}

TrackerResult OrderTracker::apply(const ClientOrderId& id, const OrderEvent& event) {
  auto it = orders_.find(id);
  if (it == orders_.end()) return TrackerResult{};
  return apply_to(it->second, event);
}

TrackerResult OrderTracker::apply(const OrderId& id, const OrderEvent& event) {
  auto it = by_order_id_.find(id);
  if (it == by_order_id_.end()) return TrackerResult{};
  return apply(it->second, event);
}

TrackerResult OrderTracker::apply_fill(const Filled& fill,
                                       const std::optional<ClientOrderId>& client_id) {
  TrackedOrder* order = nullptr;
  if (fill.order_id) {
    if (auto it = by_order_id_.find(*fill.order_id); it != by_order_id_.end()) {
      order = &orders_.at(it->second);
    }
  }
  if (order == nullptr && client_id) {
    if (auto it = orders_.find(*client_id); it != orders_.end()) order = &it->second;
  }
  if (seen_trades_.contains(fill.trade_id)) {
    TrackerResult r;
    r.found = order != nullptr;
    r.order = order;
    const OrderState s = order ? order->state : OrderState::filled;
    r.transition =
        TransitionResult{TransitionKind::duplicate, TransitionNote::duplicate_trade, s, s};
    return r;
  }
  if (order == nullptr) return TrackerResult{};
  return apply_to(*order, fill);
}

TrackerResult OrderTracker::apply_to(TrackedOrder& order, const OrderEvent& event) {
  const TransitionResult t = execution::apply(order, event);
  if (t.changed()) {
    if (order.order_id) by_order_id_.emplace(*order.order_id, order.client_order_id);
    if (const auto* f = std::get_if<Filled>(&event)) seen_trades_.insert(f->trade_id);
  }
  return TrackerResult{true, t, &order};
}

std::size_t OrderTracker::open_count() const noexcept {
  return static_cast<std::size_t>(std::count_if(
      orders_.begin(), orders_.end(), [](const auto& kv) { return is_open(kv.second.state); }));
}

namespace {

template <class Pred>
std::vector<const TrackedOrder*> sorted_where(
    const std::unordered_map<ClientOrderId, TrackedOrder>& orders, Pred pred) {
  std::vector<const TrackedOrder*> out;
  for (const auto& [id, order] : orders) {
    if (pred(order)) out.push_back(&order);
  }
  std::sort(out.begin(), out.end(), [](const TrackedOrder* a, const TrackedOrder* b) {
    return a->client_order_id < b->client_order_id;
  });
  return out;
}

}  // namespace

std::vector<const TrackedOrder*> OrderTracker::in_state(OrderState state) const {
  return sorted_where(orders_, [state](const TrackedOrder& o) { return o.state == state; });
}

std::vector<const TrackedOrder*> OrderTracker::open() const {
  return sorted_where(orders_, [](const TrackedOrder& o) { return is_open(o.state); });
}

risk::OpenOrders OrderTracker::open_orders() const {
  risk::OpenOrders out;
  for (const auto& [id, order] : orders_) {
    if (!is_open(order.state) || order.remaining <= Count{}) continue;
    risk::RestingOrders& r = out.by_market[order.ticker];
    ++r.orders;
    ++out.total;
    const Price yes = strategy::yes_price(order.side, order.limit_price);
    if (order.direction() > 0) {
      r.towards_yes += order.remaining;
      r.towards_yes_cost += notional(yes, order.remaining, Rounding::up);
    } else {
      r.towards_no += order.remaining;
      r.towards_no_cost += notional(yes.complement(), order.remaining, Rounding::up);
    }
  }
  return out;
}

std::size_t OrderTracker::forget_final(Timestamp cutoff) {
  std::size_t dropped = 0;
  for (auto it = orders_.begin(); it != orders_.end();) {
    const TrackedOrder& o = it->second;
    if (is_final(o.state) && o.updated_at < cutoff) {
      if (o.order_id) by_order_id_.erase(*o.order_id);
      it = orders_.erase(it);
      ++dropped;
    } else {
      ++it;
    }
  }
  return dropped;
}

}  // namespace antevorta::execution
