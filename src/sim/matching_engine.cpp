// Order entry and matching. Modifications are in matching_engine_modify.cpp, queries in
// matching_engine_query.cpp.
#include "antevorta/sim/matching_engine.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace antevorta::sim {

namespace {
bool expired(const Order& o, Timestamp now) noexcept {
  return o.expiration.has_value() && *o.expiration <= now;
}
}  // namespace

MatchingEngine::MatchingEngine(MarketTicker ticker, kalshi::PriceGrid grid, IdGenerator& ids)
    : ticker_(std::move(ticker)), grid_(std::move(grid)), ids_(ids) {
  bids_.resize(grid_.level_count());
  asks_.resize(grid_.level_count());
}

std::string MatchingEngine::client_key(const AccountId& owner, const ClientOrderId& id) {
  std::string key;
  key.reserve(owner.str().size() + 1 + id.str().size());
  key.append(owner.str()).push_back('\0');
  key.append(id.str());
  return key;
}

std::uint32_t MatchingEngine::level_of(Price p) const noexcept {
  const auto level = grid_.level_of(p);
  assert(level.has_value());
  return *level;
}

bool MatchingEngine::would_take(BookSide side, Price price) const noexcept {
  const std::int64_t best = best_level(opposite(side));
  return best != kNone && crosses(side, level_of(price), static_cast<std::uint32_t>(best));
}

std::vector<PreviewFill> MatchingEngine::preview(const AccountId& owner,
                                                 const OrderRequest& request, Count count,
                                                 Timestamp now) const {
  // The same walk as match(), read-only.
  std::vector<PreviewFill> fills;
  const BookSide maker_side = opposite(request.side);
  const auto& book = levels(maker_side);
  const std::uint32_t taker_level = level_of(request.price);
  const std::int64_t step = maker_side == BookSide::ask ? 1 : -1;
  Count left = count;
  for (std::int64_t l = best_level(maker_side);
       l != kNone && l >= 0 && l < static_cast<std::int64_t>(book.size()) &&
       crosses(request.side, taker_level, static_cast<std::uint32_t>(l)) && left > Count{};
       l += step) {
    for (const Order* maker : book[static_cast<std::size_t>(l)].queue) {
      if (expired(*maker, now)) continue;
      if (maker->owner == owner) {
        if (request.self_trade_prevention == SelfTradePrevention::taker_at_cross) return fills;
        continue;
      }
      const Count qty = std::min(left, maker->remaining_count);
      fills.push_back(PreviewFill{maker->id, maker->owner, maker->price, qty});
      left -= qty;
      if (left.is_zero()) return fills;
    }
  }
  return fills;
}

Expected<Count, RejectReason> MatchingEngine::check(const AccountId& owner,
                                                    const OrderRequest& request, Count position,
                                                    Timestamp now) const {
  if (!grid_.tradable(request.price)) return unexpected(RejectReason::invalid_price);
  if (request.count <= Count{} || request.count > Count::contracts(kMaxContracts)) {
    return unexpected(RejectReason::invalid_count);
  }
  const bool gtc = request.time_in_force == TimeInForce::good_till_canceled;
  if (request.expiration) {
    if (!gtc) return unexpected(RejectReason::expiration_not_allowed);
    if (*request.expiration <= now) return unexpected(RejectReason::expiration_in_past);
  }
  if (request.post_only && !gtc) return unexpected(RejectReason::post_only_not_allowed);
  if (request.client_order_id &&
      by_client_id_.contains(client_key(owner, *request.client_order_id))) {
    return unexpected(RejectReason::order_already_exists);
  }
  Count count = request.count;
  if (request.reduce_only) {
    // A bid buys YES, which reduces a NO (negative) position; an ask reduces a YES one.
    const Count reducible = request.side == BookSide::bid ? -position : position;
    if (reducible <= Count{}) return unexpected(RejectReason::reduce_only_no_position);
    count = std::min(count, reducible);
  }
  if (request.post_only && would_take(request.side, request.price)) {
    return unexpected(RejectReason::post_only_cross);
  }
  if (request.time_in_force == TimeInForce::fill_or_kill) {
    Count volume;
    for (const PreviewFill& f : preview(owner, request, count, now)) volume += f.count;
    if (volume < count) return unexpected(RejectReason::fok_insufficient_volume);
  }
  return count;
}

Expected<EngineResult, RejectReason> MatchingEngine::submit(const AccountId& owner,
                                                            const OrderRequest& request,
                                                            Count position, Timestamp now) {
  auto count = check(owner, request, position, now);
  if (!count) return unexpected(count.error());

  Order order;
  order.id = ids_.next_order_id();
  order.ticker = ticker_;
  order.owner = owner;
  order.client_order_id = request.client_order_id;
  order.side = request.side;
  order.price = request.price;
  order.initial_count = *count;
  order.remaining_count = *count;
  order.time_in_force = request.time_in_force;
  order.expiration = request.expiration;
  order.post_only = request.post_only;
  order.reduce_only = request.reduce_only;
  order.cancel_order_on_pause = request.cancel_order_on_pause;
  order.self_trade_prevention = request.self_trade_prevention;
  order.created_time = now;
  order.last_update_time = now;

  EngineResult out;
  out.order_id = order.id;
  const bool stopped = match(order, now, out);
  finish_taker(std::move(order), stopped, UpdateReason::placed, now, out);
  return out;
}

bool MatchingEngine::match(Order& taker, Timestamp now, EngineResult& out) {
  const BookSide maker_side = opposite(taker.side);
  auto& book = levels(maker_side);
  const std::uint32_t taker_level = level_of(taker.price);
  while (taker.remaining_count > Count{}) {
    const std::int64_t best = best_level(maker_side);
    if (best == kNone || !crosses(taker.side, taker_level, static_cast<std::uint32_t>(best))) {
      break;
    }
    Order* maker = book[static_cast<std::size_t>(best)].queue.front();
    const OrderId maker_id = maker->id;
    if (expired(*maker, now)) {
      remove(maker_id, OrderStatus::canceled, UpdateReason::expired, now, out);
      continue;
    }
    if (maker->owner == taker.owner) {
      if (taker.self_trade_prevention == SelfTradePrevention::taker_at_cross) return true;
      remove(maker_id, OrderStatus::canceled, UpdateReason::self_trade_prevented, now, out);
      continue;
    }
    const Count qty = std::min(taker.remaining_count, maker->remaining_count);
    Fill fill{ids_.next_trade_id(), ticker_,      maker_id, maker->owner, taker.id,
              taker.owner,          maker->price, qty,      taker.side,   now};
    out.trades.push_back(public_trade(fill));
    out.fills.push_back(std::move(fill));
    taker.fill_count += qty;
    taker.remaining_count -= qty;
    maker->fill_count += qty;
    if (qty == maker->remaining_count) {
      remove(maker_id, OrderStatus::executed, UpdateReason::filled, now, out);
    } else {
      Entry& entry = orders_.at(maker_id);
      change_remaining(entry, maker->remaining_count - qty, out);
      maker->last_update_reason = UpdateReason::filled;
      maker->last_update_time = now;
      out.updates.push_back(OrderUpdate{*maker, UpdateReason::filled});
    }
  }
  return false;
}

void MatchingEngine::finish_taker(Order taker, bool stp_stopped, UpdateReason rest_reason,
                                  Timestamp now, EngineResult& out) {
  taker.last_update_time = now;
  UpdateReason reason = rest_reason;
  if (taker.remaining_count.is_zero()) {
    taker.status = OrderStatus::executed;
    reason = UpdateReason::filled;
  } else if (stp_stopped || taker.time_in_force != TimeInForce::good_till_canceled) {
    // FOK was checked against the crossable volume, so only STP can stop it short.
    assert(stp_stopped || taker.time_in_force == TimeInForce::immediate_or_cancel);
    taker.status = OrderStatus::canceled;
    taker.remaining_count = Count{};
    reason = stp_stopped ? UpdateReason::self_trade_prevented : UpdateReason::ioc_unfilled;
  } else {
    taker.status = OrderStatus::resting;
  }
  taker.last_update_reason = reason;
  if (taker.status == OrderStatus::resting) insert(taker, out);
  out.updates.push_back(OrderUpdate{std::move(taker), reason});
}

void MatchingEngine::insert(Order order, EngineResult& out) {
  const std::uint32_t level = level_of(order.price);
  const BookSide side = order.side;
  const OrderId id = order.id;
  if (order.client_order_id) {
    by_client_id_.emplace(client_key(order.owner, *order.client_order_id), id);
  }
  auto [it, inserted] = orders_.emplace(id, Entry{std::move(order), level, {}});
  assert(inserted);
  Entry& entry = it->second;
  Level& lv = levels(side)[level];
  entry.position = lv.queue.insert(lv.queue.end(), &entry.order);
  lv.total += entry.order.remaining_count.centi();
  add_book_change(entry.order, entry.order.remaining_count, out);
  std::int64_t& best = side == BookSide::bid ? best_bid_ : best_ask_;
  const auto l = static_cast<std::int64_t>(level);
  if (best == kNone || (side == BookSide::bid ? l > best : l < best)) best = l;
}

Order MatchingEngine::detach(const OrderId& id, EngineResult& out) {
  auto it = orders_.find(id);
  assert(it != orders_.end());
  Entry& entry = it->second;
  Level& lv = levels(entry.order.side)[entry.level];
  lv.queue.erase(entry.position);
  lv.total -= entry.order.remaining_count.centi();
  add_book_change(entry.order, -entry.order.remaining_count, out);
  if (entry.order.client_order_id) {
    by_client_id_.erase(client_key(entry.order.owner, *entry.order.client_order_id));
  }
  Order order = std::move(entry.order);
  const bool level_empty = lv.queue.empty();
  orders_.erase(it);
  if (level_empty) refresh_best(order.side);
  return order;
}

Count MatchingEngine::remove(const OrderId& id, OrderStatus status, UpdateReason reason,
                             Timestamp now, EngineResult& out) {
  Order order = detach(id, out);
  const Count removed = order.remaining_count;
  order.status = status;
  order.remaining_count = Count{};
  order.last_update_reason = reason;
  order.last_update_time = now;
  out.updates.push_back(OrderUpdate{std::move(order), reason});
  return removed;
}

void MatchingEngine::change_remaining(Entry& entry, Count new_remaining, EngineResult& out) {
  assert(new_remaining > Count{});
  const Count delta = new_remaining - entry.order.remaining_count;
  levels(entry.order.side)[entry.level].total += delta.centi();
  entry.order.remaining_count = new_remaining;
  add_book_change(entry.order, delta, out);
}

void MatchingEngine::refresh_best(BookSide side) noexcept {
  std::int64_t& best = side == BookSide::bid ? best_bid_ : best_ask_;
  const auto& book = levels(side);
  const std::int64_t step = side == BookSide::bid ? -1 : 1;
  // The best pointer never sits past an occupied level, so scanning away from it suffices.
  while (best != kNone && book[static_cast<std::size_t>(best)].queue.empty()) {
    best += step;
    if (best < 0 || best >= static_cast<std::int64_t>(book.size())) best = kNone;
  }
}

void MatchingEngine::add_book_change(const Order& order, Count delta, EngineResult& out) const {
  if (delta.is_zero()) return;
  BookChange change;
  if (order.side == BookSide::bid) {
    change.side = kalshi::OutcomeSide::yes;
    change.price = order.price;
  } else {
    change.side = kalshi::OutcomeSide::no;
    change.price = order.price.complement();
  }
  change.delta = delta;
  change.order_id = order.id;
  change.owner = order.owner;
  change.client_order_id = order.client_order_id;
  out.book_changes.push_back(std::move(change));
}

}  // namespace antevorta::sim
