// Resting paper orders against what the daemon observes: book snapshots and deltas, public
// trades (queue position, trade-through, book crossing). Rules in paper_exchange.hpp.
#include <algorithm>

#include "antevorta/execution/paper_exchange.hpp"

namespace antevorta::execution {

namespace {

kalshi::BookSide liquidity_side(kalshi::OutcomeSide leg) noexcept {
  // YES bids are bids of the YES book; NO bids at x are asks at 1 - x.
  return leg == kalshi::OutcomeSide::yes ? kalshi::BookSide::bid : kalshi::BookSide::ask;
}

// True when `a` has price priority over `b` on `side` (higher bids, lower asks).
bool better(kalshi::BookSide side, Price a, Price b) noexcept {
  return side == kalshi::BookSide::bid ? a > b : a < b;
}

}  // namespace

PaperResult PaperExchange::on_snapshot(const MarketTicker& ticker,
                                       std::span<const kalshi::BookLevel> yes_bids,
                                       std::span<const kalshi::BookLevel> no_bids, Timestamp at) {
  PaperResult out;
  Market* m = market(ticker);
  if (m == nullptr) return out;
  m->book.apply_snapshot(yes_bids, no_bids, at);
  const kalshi::PriceGrid& grid = m->book.grid();
  for (auto it = m->consumed.begin(); it != m->consumed.end();) {
    const Count seen = visible(*m, it->first.first, grid.price_at(it->first.second));
    if (seen <= Count{}) {
      it = m->consumed.erase(it);
    } else {
      it->second = std::min(it->second, seen);
      ++it;
    }
  }
  // The snapshot is the truth: nothing is pending, and nobody can be ahead beyond the level.
  for (Resting& r : m->resting) {
    PaperOrder& o = order(r.id);
    r.recent_decrease = Count{};
    r.pending_trade = Count{};
    o.queue_ahead = std::min(o.queue_ahead, visible(*m, o.side, o.yes_price));
  }
  if (!m->book.stale()) cross_resting(*m, at, out);
  drop_finished(*m);
  return out;
}

PaperResult PaperExchange::on_delta(const MarketTicker& ticker, kalshi::OutcomeSide side,
                                    Price price, Count delta, Timestamp at) {
  PaperResult out;
  Market* m = market(ticker);
  if (m == nullptr) return out;
  const kalshi::BookSide liquidity = liquidity_side(side);
  const Price yes_price = side == kalshi::OutcomeSide::yes ? price : price.complement();
  const Count before = visible(*m, liquidity, yes_price);
  const kalshi::DeltaResult applied = m->book.apply_delta(side, price, delta, at);
  if (applied == kalshi::DeltaResult::off_grid || applied == kalshi::DeltaResult::overflow) {
    return out;  // nothing changed; the book is stale now
  }
  const Count now_visible = visible(*m, liquidity, yes_price);
  if (const auto level = m->book.grid().level_of(yes_price)) {
    clamp_consumed(*m, {liquidity, *level}, now_visible);
  }
  if (now_visible < before) {
    for (Resting& r : m->resting) {
      const PaperOrder& o = order(r.id);
      if (o.side == liquidity && o.yes_price == yes_price) {
        on_level_decrease(*m, r, before - now_visible, at);
      }
    }
  }
  if (!m->book.stale()) cross_resting(*m, at, out);
  drop_finished(*m);
  return out;
}

PaperResult PaperExchange::on_trade(const MarketTicker& ticker, Price yes_price, Count count,
                                    kalshi::BookSide taker_side, Timestamp at) {
  PaperResult out;
  Market* m = market(ticker);
  if (m == nullptr || count <= Count{}) return out;
  // The trade hit resting liquidity on the other side: our orders there are its candidates,
  // those priced through it (the level was swept past them) and those at its price.
  const kalshi::BookSide maker_side =
      taker_side == kalshi::BookSide::bid ? kalshi::BookSide::ask : kalshi::BookSide::bid;
  std::vector<Resting*> candidates;
  for (Resting& r : m->resting) {
    const PaperOrder& o = order(r.id);
    if (o.side == maker_side && !better(maker_side, yes_price, o.yes_price)) {
      candidates.push_back(&r);
    }
  }
  // The trade would have met them in price-time priority.
  std::sort(candidates.begin(), candidates.end(), [&](const Resting* a, const Resting* b) {
    const Price pa = order(a->id).yes_price, pb = order(b->id).yes_price;
    return pa != pb ? better(maker_side, pa, pb) : a->seq < b->seq;
  });

  Count met;          // trade volume our better-priced orders took first
  Count paper_ahead;  // remaining size of our orders ahead at the trade's level
  for (Resting* r : candidates) {
    PaperOrder& o = order(r->id);
    forget_old(*r, at);
    if (o.yes_price != yes_price) {
      // Through: the whole level was swept; fill up to what the trade leaves us.
      o.queue_ahead = Count{};
      r->recent_decrease = Count{};
      r->pending_trade = Count{};
      const Count fill = std::min(o.remaining_count, count - met);
      if (fill > Count{}) {
        met += fill;
        maker_fill(*m, *r, fill, PaperFillCause::trade_through, at, out);
      }
      continue;
    }
    // At its price: the part of a recent level decrease that this trade explains was its
    // own delta; the rest of the trade's delta is still to come.
    const Count explained = std::min(count, r->recent_decrease);
    r->recent_decrease -= explained;
    if (count > explained) {
      r->pending_trade += count - explained;
      r->pending_at = at;
    }
    const Count level_before = visible(*m, maker_side, yes_price) + explained;
    const Count ahead = std::min(o.queue_ahead, level_before);
    const Count reach = count - met - ahead - paper_ahead;
    const Count remaining_before = o.remaining_count;
    o.queue_ahead = std::max(Count{}, ahead - count);
    if (reach > Count{}) {
      maker_fill(*m, *r, std::min(reach, o.remaining_count), PaperFillCause::queue, at, out);
    }
    paper_ahead += remaining_before;
  }
  drop_finished(*m);
  return out;
}

void PaperExchange::mark_stale(const MarketTicker& ticker, kalshi::StaleReason reason) {
  if (Market* m = market(ticker)) m->book.mark_stale(reason);
}

void PaperExchange::forget_old(Resting& r, Timestamp at) const {
  if (r.recent_decrease > Count{} && at - r.recent_at > options_.pairing_window) {
    r.recent_decrease = Count{};  // no trade explained it: it was a cancel
  }
  if (r.pending_trade > Count{} && at - r.pending_at > options_.pairing_window) {
    r.pending_trade = Count{};
  }
}

void PaperExchange::on_level_decrease(Market& m, Resting& r, Count decrease, Timestamp at) {
  PaperOrder& o = order(r.id);
  forget_old(r, at);
  const Count absorbed = std::min(decrease, r.pending_trade);
  r.pending_trade -= absorbed;
  if (decrease > absorbed) {
    r.recent_decrease += decrease - absorbed;
    r.recent_at = at;
  }
  // A cancel comes from behind us unless the level is now smaller than our queue ahead;
  // decreases a trade may still explain count as still there.
  o.queue_ahead = std::min(o.queue_ahead, visible(m, o.side, o.yes_price) + r.recent_decrease);
}

void PaperExchange::cross_resting(Market& m, Timestamp at, PaperResult& out) {
  if (m.resting.empty()) return;
  std::vector<Resting*> sorted;
  for (Resting& r : m.resting) sorted.push_back(&r);
  std::sort(sorted.begin(), sorted.end(), [&](const Resting* a, const Resting* b) {
    const PaperOrder& x = order(a->id);
    const PaperOrder& y = order(b->id);
    if (x.side != y.side) return x.side == kalshi::BookSide::bid;
    return x.yes_price != y.yes_price ? better(x.side, x.yes_price, y.yes_price) : a->seq < b->seq;
  });
  const kalshi::PriceGrid& grid = m.book.grid();
  for (Resting* r : sorted) {
    PaperOrder& o = order(r->id);
    const bool bid = o.side == kalshi::BookSide::bid;
    const kalshi::BookSide liquidity = bid ? kalshi::BookSide::ask : kalshi::BookSide::bid;
    const auto crosses = [&](Price p) { return bid ? p <= o.yes_price : p >= o.yes_price; };
    const auto best = bid ? m.book.best_yes_ask() : m.book.best_yes_bid();
    if (!best || !crosses(best->price)) continue;  // nothing at or through its price
    const auto levels = bid ? m.book.ask_depth(kalshi::OutcomeSide::yes, grid.level_count())
                            : m.book.bid_depth(kalshi::OutcomeSide::yes, grid.level_count());
    for (const kalshi::BookLevel& l : levels) {
      if (!crosses(l.price) || o.remaining_count <= Count{}) break;
      const auto level = grid.level_of(l.price);
      if (!level) continue;  // cannot track its consumption: do not take it
      const Count take = std::min(available(m, liquidity, l.price), o.remaining_count);
      if (take <= Count{}) continue;
      m.consumed[{liquidity, *level}] += take;
      o.queue_ahead = Count{};
      maker_fill(m, *r, take, PaperFillCause::book_cross, at, out);
    }
  }
}

bool PaperExchange::maker_fill(Market& m, Resting& r, Count count, PaperFillCause cause,
                               Timestamp at, PaperResult& out) {
  PaperOrder& o = order(r.id);
  count = std::min(count, o.remaining_count);
  if (count <= Count{}) return false;
  const auto fee_for = [&](Count c) {
    return kalshi::trading_fee(m.fees, kalshi::Liquidity::maker, o.yes_price, c,
                               options_.fee_rounding)
        .value_or(Money::zero());
  };
  const Money fee = fee_for(r.maker_filled + count) - fee_for(r.maker_filled);
  r.maker_filled += count;
  o.fill_count += count;
  o.remaining_count -= count;
  o.maker_fees += fee;
  o.last_update_reason = sim::UpdateReason::filled;
  o.last_update_time = at;
  if (o.remaining_count.is_zero()) {
    o.status = kalshi::OrderStatus::executed;
    o.queue_ahead = Count{};
  }
  out.fills.push_back(PaperFill{next_trade_id(), o.id, o.client_order_id, o.ticker, o.side,
                                o.yes_price, count, kalshi::Liquidity::maker, fee, cause, at});
  out.updates.push_back(o);
  return o.status == kalshi::OrderStatus::executed;
}

}  // namespace antevorta::execution
