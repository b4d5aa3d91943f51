// Paper orders: markets, entry through the simulator's matching engine, cancels, queries.
// The reaction to observed books and trades is in paper_observe.cpp.
#include "antevorta/execution/paper_exchange.hpp"

#include <algorithm>
#include <cassert>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "antevorta/sim/id_generator.hpp"
#include "antevorta/sim/matching_engine.hpp"

namespace antevorta::execution {

namespace {

sim::BookSide to_sim(kalshi::BookSide s) noexcept {
  return s == kalshi::BookSide::bid ? sim::BookSide::bid : sim::BookSide::ask;
}

sim::TimeInForce to_sim(kalshi::TimeInForce t) noexcept {
  switch (t) {
    case kalshi::TimeInForce::fill_or_kill:
      return sim::TimeInForce::fill_or_kill;
    case kalshi::TimeInForce::immediate_or_cancel:
      return sim::TimeInForce::immediate_or_cancel;
    case kalshi::TimeInForce::good_till_canceled:
      break;
  }
  return sim::TimeInForce::good_till_canceled;
}

sim::SelfTradePrevention to_sim(kalshi::SelfTradePrevention s) noexcept {
  return s == kalshi::SelfTradePrevention::maker ? sim::SelfTradePrevention::maker
                                                 : sim::SelfTradePrevention::taker_at_cross;
}

kalshi::OrderStatus to_kalshi(sim::OrderStatus s) noexcept {
  switch (s) {
    case sim::OrderStatus::resting:
      return kalshi::OrderStatus::resting;
    case sim::OrderStatus::canceled:
      return kalshi::OrderStatus::canceled;
    case sim::OrderStatus::executed:
      return kalshi::OrderStatus::executed;
  }
  return kalshi::OrderStatus::unknown;
}

kalshi::BookSide other(kalshi::BookSide s) noexcept {
  return s == kalshi::BookSide::bid ? kalshi::BookSide::ask : kalshi::BookSide::bid;
}

Unexpected<PaperRejection> reject(PaperError e, sim::RejectReason rule = {}) {
  return unexpected(PaperRejection{e, rule});
}

}  // namespace

PaperExchange::PaperExchange(Options options) : options_(std::move(options)) {}

bool PaperExchange::add_market(MarketTicker ticker, kalshi::PriceGrid grid,
                               kalshi::FeeSchedule fees) {
  if (markets_.contains(ticker)) return false;
  if (!kalshi::trading_fee(fees, kalshi::Liquidity::taker, Price::of(5000), Count::contracts(1),
                           options_.fee_rounding)) {
    return false;
  }
  MarketTicker key = ticker;
  markets_.emplace(std::piecewise_construct, std::forward_as_tuple(std::move(key)),
                   std::forward_as_tuple(std::move(ticker), std::move(grid), fees));
  return true;
}

PaperExchange::Market* PaperExchange::market(const MarketTicker& ticker) {
  auto it = markets_.find(ticker);
  return it == markets_.end() ? nullptr : &it->second;
}

const PaperExchange::Market* PaperExchange::market(const MarketTicker& ticker) const {
  auto it = markets_.find(ticker);
  return it == markets_.end() ? nullptr : &it->second;
}

const kalshi::OrderBook* PaperExchange::book(const MarketTicker& ticker) const {
  const Market* m = market(ticker);
  return m ? &m->book : nullptr;
}

OrderId PaperExchange::next_order_id() {
  ++order_seq_;
  if (options_.session.empty()) return OrderId(fmt::format("paper-order-{}", order_seq_));
  return OrderId(fmt::format("paper-order-{}-{}", options_.session, order_seq_));
}

TradeId PaperExchange::next_trade_id() {
  ++trade_seq_;
  if (options_.session.empty()) return TradeId(fmt::format("paper-{}", trade_seq_));
  return TradeId(fmt::format("paper-{}-{}", options_.session, trade_seq_));
}

Count PaperExchange::visible(const Market& m, kalshi::BookSide side, Price yes_price) {
  return side == kalshi::BookSide::bid
             ? m.book.bid_size_at(kalshi::OutcomeSide::yes, yes_price)
             : m.book.bid_size_at(kalshi::OutcomeSide::no, yes_price.complement());
}

void PaperExchange::clamp_consumed(Market& m, const LevelKey& key, Count visible) {
  auto it = m.consumed.find(key);
  if (it == m.consumed.end()) return;
  if (visible <= Count{}) {
    m.consumed.erase(it);
  } else {
    it->second = std::min(it->second, visible);
  }
}

Count PaperExchange::available(const Market& m, kalshi::BookSide side, Price yes_price) const {
  const Count seen = visible(m, side, yes_price);
  const auto level = m.book.grid().level_of(yes_price);
  if (!level) return Count{};
  auto it = m.consumed.find({side, *level});
  const Count taken = it == m.consumed.end() ? Count{} : it->second;
  return std::max(Count{}, seen - taken);
}

PaperSubmitResult PaperExchange::submit(const kalshi::CreateOrderRequest& request, Count position,
                                        Timestamp now) {
  Market* m = market(request.ticker);
  if (m == nullptr) return reject(PaperError::market_not_found);
  if (!request.client_order_id.empty()) {
    if (auto it = by_client_id_.find(request.client_order_id); it != by_client_id_.end()) {
      PaperResult out;
      out.order = orders_.at(it->second);
      out.already_existed = true;
      return out;
    }
  }
  if (m->book.stale()) return reject(PaperError::book_stale);
  return cross_on_entry(*m, request, position, now);
}

PaperSubmitResult PaperExchange::cross_on_entry(Market& m, const kalshi::CreateOrderRequest& req,
                                                Count position, Timestamp now) {
  const kalshi::PriceGrid& grid = m.book.grid();
  const kalshi::BookSide maker_side = other(req.side);
  const bool taker_bid = req.side == kalshi::BookSide::bid;
  const auto crosses = [&](Price p) { return taker_bid ? p <= req.price : p >= req.price; };

  // The crossable part of the observed book, plus our own resting orders on that side at
  // their queue places. A post-only order sees the visible sizes: it must be refused when
  // it would cross anything the exchange still shows, consumed by paper or not.
  struct Plan {
    Count crowd;
    std::vector<Resting*> own;
  };
  std::map<Price, Plan> plan;
  const auto levels = taker_bid ? m.book.ask_depth(kalshi::OutcomeSide::yes, grid.level_count())
                                : m.book.bid_depth(kalshi::OutcomeSide::yes, grid.level_count());
  for (const kalshi::BookLevel& l : levels) {
    if (!crosses(l.price)) break;
    if (!grid.tradable(l.price)) continue;
    plan[l.price].crowd = req.post_only ? l.size : available(m, maker_side, l.price);
  }
  for (Resting& r : m.resting) {
    const PaperOrder& o = order(r.id);
    if (o.side == maker_side && crosses(o.yes_price)) plan[o.yes_price].own.push_back(&r);
  }

  sim::IdGenerator ids;
  sim::MatchingEngine engine(m.book.ticker(), grid, ids);
  const sim::AccountId crowd("crowd");
  const sim::AccountId paper("paper");
  std::unordered_map<OrderId, Resting*> own_ids;  // engine id → our resting order
  const Count max_size = Count::contracts(sim::MatchingEngine::kMaxContracts);
  const auto place = [&](const sim::AccountId& owner, Price price, Count count) {
    sim::OrderRequest o;
    o.side = to_sim(maker_side);
    o.price = price;
    o.count = std::min(count, max_size);
    auto placed = engine.submit(owner, o, Count{}, now);
    assert(placed.has_value());  // one side only: nothing can match, every price is on grid
    return placed->order_id;
  };
  for (auto& [price, p] : plan) {
    std::sort(p.own.begin(), p.own.end(), [this](const Resting* a, const Resting* b) {
      const Count qa = orders_.at(a->id).queue_ahead, qb = orders_.at(b->id).queue_ahead;
      return qa != qb ? qa < qb : a->seq < b->seq;
    });
    Count placed;
    for (Resting* r : p.own) {
      const Count ahead = std::min(order(r->id).queue_ahead, p.crowd);
      if (ahead > placed) {
        place(crowd, price, ahead - placed);
        placed = ahead;
      }
      own_ids.emplace(place(paper, price, order(r->id).remaining_count), r);
    }
    if (p.crowd > placed) place(crowd, price, p.crowd - placed);
  }

  sim::OrderRequest taker;
  taker.side = to_sim(req.side);
  taker.price = req.price;
  taker.count = req.count;
  taker.time_in_force = to_sim(req.time_in_force);
  taker.expiration = req.expiration_time;
  taker.post_only = req.post_only;
  taker.reduce_only = req.reduce_only;
  taker.cancel_order_on_pause = req.cancel_order_on_pause;
  taker.self_trade_prevention = to_sim(req.self_trade_prevention);
  auto result = engine.submit(paper, taker, position, now);
  if (!result) return reject(PaperError::rule, result.error());

  PaperOrder o;
  o.id = next_order_id();
  o.client_order_id = req.client_order_id;
  o.ticker = req.ticker;
  o.side = req.side;
  o.yes_price = req.price;
  o.time_in_force = req.time_in_force;
  o.post_only = req.post_only;
  o.reduce_only = req.reduce_only;
  o.expiration = req.expiration_time;
  o.created_time = now;
  o.last_update_time = now;

  PaperResult out;
  for (const sim::Fill& f : result->fills) {
    // The incoming order is the taker of every fill; our own resting orders never trade
    // with it (self-trade prevention), so every maker is the observed crowd.
    assert(f.taker_order_id == result->order_id && f.maker_owner == crowd);
    const auto level = grid.level_of(f.price);
    assert(level.has_value());
    m.consumed[{maker_side, *level}] += f.count;
    const Money fee = kalshi::trading_fee(m.fees, kalshi::Liquidity::taker, f.price, f.count,
                                          options_.fee_rounding)
                          .value_or(Money::zero());
    o.fill_count += f.count;
    o.taker_fees += fee;
    out.fills.push_back(PaperFill{next_trade_id(), o.id, o.client_order_id, o.ticker, o.side,
                                  f.price, f.count, kalshi::Liquidity::taker, fee,
                                  PaperFillCause::taker, now});
  }
  for (const sim::OrderUpdate& u : result->updates) {
    auto it = own_ids.find(u.order.id);
    if (it != own_ids.end() && u.order.status == sim::OrderStatus::canceled) {
      finish(*it->second, kalshi::OrderStatus::canceled, u.reason, now, out);
    }
  }
  const sim::OrderUpdate* final_state = result->last_update_of(result->order_id);
  assert(final_state != nullptr);
  o.initial_count = final_state->order.initial_count;  // after a reduce-only cap
  o.remaining_count = final_state->order.remaining_count;
  o.status = to_kalshi(final_state->order.status);
  o.last_update_reason = final_state->reason;
  if (o.status == kalshi::OrderStatus::resting) {
    o.queue_ahead = visible(m, o.side, o.yes_price);
    m.resting.push_back(Resting{o.id, ++rest_seq_, {}, {}, {}, {}, {}});
  }
  if (!o.client_order_id.empty()) by_client_id_.emplace(o.client_order_id, o.id);
  orders_.emplace(o.id, o);
  drop_finished(m);
  out.updates.push_back(o);
  out.order = std::move(o);
  return out;
}

PaperSubmitResult PaperExchange::cancel(const OrderId& id, Timestamp now) {
  auto it = orders_.find(id);
  if (it == orders_.end() || it->second.status != kalshi::OrderStatus::resting) {
    return reject(PaperError::order_not_found);
  }
  Market* m = market(it->second.ticker);
  assert(m != nullptr);
  PaperResult out;
  for (Resting& r : m->resting) {
    if (r.id != id) continue;
    out.reduced_by = it->second.remaining_count;
    finish(r, kalshi::OrderStatus::canceled, sim::UpdateReason::canceled_by_user, now, out);
    break;
  }
  drop_finished(*m);
  out.order = it->second;
  return out;
}

PaperSubmitResult PaperExchange::decrease(const OrderId& id, Count reduce_to, Timestamp now) {
  auto it = orders_.find(id);
  if (it == orders_.end() || it->second.status != kalshi::OrderStatus::resting) {
    return reject(PaperError::order_not_found);
  }
  if (reduce_to < Count{} || reduce_to >= it->second.remaining_count) {
    return reject(PaperError::rule, sim::RejectReason::invalid_count);
  }
  if (reduce_to.is_zero()) return cancel(id, now);
  PaperOrder& o = it->second;
  PaperResult out;
  out.reduced_by = o.remaining_count - reduce_to;
  o.remaining_count = reduce_to;
  o.last_update_reason = sim::UpdateReason::decreased;
  o.last_update_time = now;
  out.updates.push_back(o);
  out.order = o;
  return out;
}

PaperResult PaperExchange::cancel_all(const MarketTicker& ticker, Timestamp now) {
  PaperResult out;
  Market* m = market(ticker);
  if (m == nullptr) return out;
  for (Resting& r : m->resting) {
    out.reduced_by += order(r.id).remaining_count;
    finish(r, kalshi::OrderStatus::canceled, sim::UpdateReason::market_closed, now, out);
  }
  drop_finished(*m);
  return out;
}

PaperResult PaperExchange::expire(Timestamp now) {
  PaperResult out;
  for (auto& [ticker, m] : markets_) {
    for (Resting& r : m.resting) {
      const PaperOrder& o = order(r.id);
      if (o.expiration && *o.expiration <= now) {
        finish(r, kalshi::OrderStatus::canceled, sim::UpdateReason::expired, now, out);
      }
    }
    drop_finished(m);
  }
  return out;
}

void PaperExchange::finish(Resting& r, kalshi::OrderStatus status, sim::UpdateReason reason,
                           Timestamp at, PaperResult& out) {
  PaperOrder& o = order(r.id);
  o.status = status;
  o.remaining_count = Count{};
  o.queue_ahead = Count{};
  o.last_update_reason = reason;
  o.last_update_time = at;
  out.updates.push_back(o);
}

void PaperExchange::drop_finished(Market& m) const {
  std::erase_if(m.resting, [this](const Resting& r) {
    return orders_.at(r.id).status != kalshi::OrderStatus::resting;
  });
}

const PaperOrder* PaperExchange::find(const OrderId& id) const {
  auto it = orders_.find(id);
  return it == orders_.end() ? nullptr : &it->second;
}

const PaperOrder* PaperExchange::find(const ClientOrderId& id) const {
  auto it = by_client_id_.find(id);
  return it == by_client_id_.end() ? nullptr : find(it->second);
}

std::vector<PaperOrder> PaperExchange::resting_orders(const MarketTicker& ticker) const {
  std::vector<PaperOrder> out;
  const Market* m = market(ticker);
  if (m == nullptr) return out;
  std::vector<std::pair<const PaperOrder*, std::uint64_t>> sorted;
  for (const Resting& r : m->resting) sorted.emplace_back(&orders_.at(r.id), r.seq);
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
    const PaperOrder& x = *a.first;
    const PaperOrder& y = *b.first;
    if (x.side != y.side) return x.side == kalshi::BookSide::bid;
    if (x.yes_price != y.yes_price) {
      return x.side == kalshi::BookSide::bid ? x.yes_price > y.yes_price
                                             : x.yes_price < y.yes_price;
    }
    return a.second < b.second;
  });
  for (const auto& [o, seq] : sorted) out.push_back(*o);
  return out;
}

Count PaperExchange::consumed(const MarketTicker& ticker, kalshi::BookSide side,
                              Price yes_price) const {
  const Market* m = market(ticker);
  if (m == nullptr) return Count{};
  const auto level = m->book.grid().level_of(yes_price);
  if (!level) return Count{};
  auto it = m->consumed.find({side, *level});
  return it == m->consumed.end() ? Count{} : it->second;
}

}  // namespace antevorta::execution
