// Ledger: collateral for resting orders and the affordability check of new orders.
#include <algorithm>

#include "antevorta/sim/ledger.hpp"

namespace antevorta::sim {

namespace {
Money dollars(Count count) { return notional(Price::one(), count, Rounding::down); }
}  // namespace

Money Ledger::side_requirement(const MarketInfo& info, const MarketAccount& account, BookSide side,
                               const Resting* extra) const {
  // Filling every order of one side costs Σ (leg value + maker fee); the first contracts
  // bought net the held opposite leg and return $1 each, and those closing fills come first
  // (positions net), so the cash low point is at the end: value - $1 × closable.
  Money value;
  Count quantity;
  const auto add = [&](const Resting& r) {
    if (r.side != side) return;
    value += maker_leg_value(side, r.price, r.maker_filled, r.remaining);
    value += maker_fee(info, r.price, r.maker_filled, r.remaining);
    quantity += r.remaining;
  };
  for (const auto& [id, r] : account.orders) add(r);
  if (extra) add(*extra);
  const Count held_other =
      std::max(Count{}, side == BookSide::bid ? -account.pos.position : account.pos.position);
  return std::max(Money::zero(), value - dollars(std::min(quantity, held_other)));
}

Money Ledger::market_reserve(const MarketInfo& info, const MarketAccount& account,
                             const Resting* extra) const {
  // One side's fills only ever add to what the other side could close, so the worse side
  // bounds the cash either can draw.
  return std::max(side_requirement(info, account, BookSide::bid, extra),
                  side_requirement(info, account, BookSide::ask, extra));
}

void Ledger::refresh_reserve(const AccountId& owner, const MarketTicker& market) {
  auto info = markets_.find(market);
  if (info == markets_.end()) return;
  Account& account = accounts_[owner];
  MarketAccount& m = account.markets[market];
  const Money fresh = market_reserve(info->second, m, nullptr);
  if (fresh != m.reserve) {
    account.reserved[info->second.shard] += fresh - m.reserve;
    m.reserve = fresh;
  }
}

std::optional<RejectReason> Ledger::check_order(const AccountId& owner, const MarketTicker& market,
                                                BookSide side, Price price,
                                                std::span<const PreviewFill> fills, Count resting,
                                                const OrderId* replaces) const {
  auto info_it = markets_.find(market);
  if (info_it == markets_.end()) return RejectReason::market_not_found;
  const MarketInfo& info = info_it->second;

  MarketAccount scratch;
  if (auto a = accounts_.find(owner); a != accounts_.end()) {
    if (auto m = a->second.markets.find(market); m != a->second.markets.end()) scratch = m->second;
  }
  const Money reserved_before = reserved(owner, info.shard);
  const Money market_reserve_before = scratch.reserve;
  if (replaces) scratch.orders.erase(*replaces);
  Money cash_now = cash(owner, info.shard);
  Money low = cash_now;
  for (const PreviewFill& f : fills) {
    const Resting* maker = find_resting(f.maker_owner, market, f.maker_order_id);
    const Count maker_filled = maker ? maker->maker_filled : Count{};
    const Money maker_value = maker_leg_value(opposite(side), f.price, maker_filled, f.count);
    book_purchase(scratch.pos, cash_now, bought_leg(side), f.count, dollars(f.count) - maker_value,
                  taker_fee(info, f.price, f.count));
    low = std::min(low, cash_now);
  }
  if (low < Money::zero()) return RejectReason::insufficient_balance;

  std::optional<Resting> extra;
  if (resting > Count{}) extra = Resting{side, price, resting, Count{}};
  const Money reserve_after = market_reserve(info, scratch, extra ? &*extra : nullptr);
  const Money reserved_after = reserved_before - market_reserve_before + reserve_after;
  if (cash_now < reserved_after) return RejectReason::insufficient_balance;
  return std::nullopt;
}

}  // namespace antevorta::sim
