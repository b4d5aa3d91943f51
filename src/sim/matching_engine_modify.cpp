// Cancel, decrease, amend and the bulk cancels of the matching engine.
#include <algorithm>
#include <utility>

#include "antevorta/sim/matching_engine.hpp"

namespace antevorta::sim {

template <class Pred>
EngineResult MatchingEngine::cancel_where(Pred pred, UpdateReason reason, Timestamp now) {
  // Collect first (book order: bids then asks, by level, then time), then remove.
  std::vector<OrderId> ids;
  for (const auto* book : {&bids_, &asks_}) {
    for (const Level& lv : *book) {
      for (const Order* o : lv.queue) {
        if (pred(*o)) ids.push_back(o->id);
      }
    }
  }
  EngineResult out;
  for (const OrderId& id : ids) {
    out.reduced_by += remove(id, OrderStatus::canceled, reason, now, out);
  }
  return out;
}

Expected<EngineResult, RejectReason> MatchingEngine::cancel(const OrderId& id, Timestamp now,
                                                            UpdateReason reason) {
  if (!orders_.contains(id)) return unexpected(RejectReason::order_not_found);
  EngineResult out;
  out.order_id = id;
  out.reduced_by = remove(id, OrderStatus::canceled, reason, now, out);
  return out;
}

Expected<EngineResult, RejectReason> MatchingEngine::decrease(const OrderId& id,
                                                              const DecreaseRequest& request,
                                                              Timestamp now) {
  auto it = orders_.find(id);
  if (it == orders_.end()) return unexpected(RejectReason::order_not_found);
  Entry& entry = it->second;
  const Count remaining = entry.order.remaining_count;
  Count target;
  if (const auto* by = std::get_if<ReduceBy>(&request)) {
    if (by->amount <= Count{}) return unexpected(RejectReason::invalid_count);
    target = std::max(Count{}, remaining - std::min(by->amount, remaining));
  } else {
    const Count to = std::get<ReduceTo>(request).remaining;
    if (to < Count{} || to > remaining) return unexpected(RejectReason::invalid_count);
    target = to;
  }
  EngineResult out;
  out.order_id = id;
  if (target.is_zero()) {
    out.reduced_by = remove(id, OrderStatus::canceled, UpdateReason::canceled_by_user, now, out);
    return out;
  }
  out.reduced_by = remaining - target;
  if (!out.reduced_by.is_zero()) change_remaining(entry, target, out);
  entry.order.last_update_reason = UpdateReason::decreased;
  entry.order.last_update_time = now;
  out.updates.push_back(OrderUpdate{entry.order, UpdateReason::decreased});
  return out;
}

Expected<EngineResult, RejectReason> MatchingEngine::amend(const OrderId& id,
                                                           const AmendRequest& request,
                                                           Timestamp now) {
  auto it = orders_.find(id);
  if (it == orders_.end()) return unexpected(RejectReason::order_not_found);
  Entry& entry = it->second;
  Order& order = entry.order;
  if (!grid_.tradable(request.price)) return unexpected(RejectReason::invalid_price);
  if (request.total_count <= order.fill_count ||
      request.total_count > Count::contracts(kMaxContracts)) {
    return unexpected(RejectReason::invalid_count);
  }
  const bool new_client_id =
      request.new_client_order_id && request.new_client_order_id != order.client_order_id;
  if (new_client_id &&
      by_client_id_.contains(client_key(order.owner, *request.new_client_order_id))) {
    return unexpected(RejectReason::order_already_exists);
  }
  const Count new_remaining = request.total_count - order.fill_count;
  const bool keeps_priority =
      request.price == order.price && new_remaining <= order.remaining_count;
  if (!keeps_priority && order.post_only && request.price != order.price &&
      would_take(order.side, request.price)) {
    return unexpected(RejectReason::post_only_cross);
  }

  EngineResult out;
  out.order_id = id;
  if (keeps_priority) {
    if (new_client_id) {
      if (order.client_order_id)
        by_client_id_.erase(client_key(order.owner, *order.client_order_id));
      order.client_order_id = request.new_client_order_id;
      by_client_id_.emplace(client_key(order.owner, *order.client_order_id), id);
    }
    if (new_remaining != order.remaining_count) change_remaining(entry, new_remaining, out);
    order.initial_count = request.total_count;
    order.last_update_reason = UpdateReason::amended;
    order.last_update_time = now;
    out.updates.push_back(OrderUpdate{order, UpdateReason::amended});
    return out;
  }
  // Loses its place: out of the book, then back in as an incoming order at the new price.
  Order moved = detach(id, out);
  if (new_client_id) moved.client_order_id = request.new_client_order_id;
  moved.price = request.price;
  moved.remaining_count = new_remaining;
  moved.initial_count = request.total_count;
  const bool stopped = match(moved, now, out);
  finish_taker(std::move(moved), stopped, UpdateReason::amended, now, out);
  return out;
}

EngineResult MatchingEngine::expire(Timestamp now) {
  return cancel_where(
      [now](const Order& o) { return o.expiration.has_value() && *o.expiration <= now; },
      UpdateReason::expired, now);
}

EngineResult MatchingEngine::cancel_all(UpdateReason reason, Timestamp now) {
  return cancel_where([](const Order&) { return true; }, reason, now);
}

EngineResult MatchingEngine::cancel_on_pause(Timestamp now) {
  return cancel_where([](const Order& o) { return o.cancel_order_on_pause; },
                      UpdateReason::market_paused, now);
}

}  // namespace antevorta::sim
