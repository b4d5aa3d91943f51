// Ledger: booking fills and settling markets.
#include <algorithm>
#include <cassert>

#include "antevorta/sim/ledger.hpp"

namespace antevorta::sim {

namespace {
// count × $1, exact.
Money dollars(Count count) { return notional(Price::one(), count, Rounding::down); }

Money fee_or_zero(std::optional<Money> fee) {
  // The `flat` fee type has no formula; the simulator charges nothing for it.
  return fee.value_or(Money::zero());
}
}  // namespace

LegResult book_purchase(Position& position, Money& cash, kalshi::OutcomeSide bought, Count count,
                        Money leg_value, Money fee) {
  assert(count > Count{});
  const bool yes = bought == kalshi::OutcomeSide::yes;
  const Count held_other = std::max(Count{}, yes ? -position.position : position.position);
  const Count closed = std::min(count, held_other);
  const Count opened = count - closed;

  Money basis_removed;  // adding to the held leg (nothing closed) removes nothing
  if (!closed.is_zero() && closed == held_other) {
    basis_removed = position.cost;  // everything held of the other leg is closed
  } else if (!closed.is_zero()) {
    basis_removed = Money::from_centicents(
        detail::divide(detail::int128{position.cost.centicents()} * closed.centi(),
                       held_other.centi(), Rounding::down));
  }
  const Money open_cost = closed.is_zero()
                              ? leg_value
                              : Money::from_centicents(detail::divide(
                                    detail::int128{leg_value.centicents()} * opened.centi(),
                                    count.centi(), Rounding::nearest));

  LegResult result;
  result.closed = closed;
  result.cash_delta = dollars(closed) - leg_value - fee;
  // What the closed contracts fetched: $1 per netted pair minus the part of the price paid
  // for them.
  const Money proceeds = dollars(closed) - (leg_value - open_cost);
  result.realized_pnl = closed.is_zero() ? Money::zero() : proceeds - basis_removed;

  position.cost = position.cost - basis_removed + open_cost;
  position.position = yes ? position.position + count : position.position - count;
  position.realized_pnl += result.realized_pnl;
  position.fees_paid += fee;
  position.volume += count;
  cash += result.cash_delta;
  return result;
}

Money Ledger::maker_leg_value(BookSide side, Price price, Count filled_before, Count count) const {
  const Price leg = side == BookSide::bid ? price : price.complement();
  return notional(leg, filled_before + count, Rounding::up) -
         notional(leg, filled_before, Rounding::up);
}

Money Ledger::maker_fee(const MarketInfo& info, Price price, Count filled_before,
                        Count count) const {
  const auto fee = [&](Count c) {
    return fee_or_zero(
        kalshi::trading_fee(info.fees, kalshi::Liquidity::maker, price, c, rounding_));
  };
  return fee(filled_before + count) - fee(filled_before);
}

Money Ledger::taker_fee(const MarketInfo& info, Price price, Count count) const {
  return fee_or_zero(
      kalshi::trading_fee(info.fees, kalshi::Liquidity::taker, price, count, rounding_));
}

Expected<FillAccounting, RejectReason> Ledger::apply_fill(const Fill& fill) {
  auto info_it = markets_.find(fill.ticker);
  if (info_it == markets_.end()) return unexpected(RejectReason::market_not_found);
  const MarketInfo& info = info_it->second;
  const BookSide maker_side = opposite(fill.taker_side);

  // The maker's cumulative base, when the order is tracked (it is, via the exchange core).
  Count maker_filled;
  MarketAccount& maker_account = accounts_[fill.maker_owner].markets[fill.ticker];
  auto resting = maker_account.orders.find(fill.maker_order_id);
  if (resting != maker_account.orders.end()) maker_filled = resting->second.maker_filled;

  const Money maker_value = maker_leg_value(maker_side, fill.price, maker_filled, fill.count);
  const Money maker_fee_paid = maker_fee(info, fill.price, maker_filled, fill.count);
  const Money taker_value = dollars(fill.count) - maker_value;
  const Money taker_fee_paid = taker_fee(info, fill.price, fill.count);

  if (resting != maker_account.orders.end()) {
    Resting& r = resting->second;
    r.maker_filled += fill.count;
    r.remaining = std::max(Count{}, r.remaining - fill.count);
    if (r.remaining.is_zero()) maker_account.orders.erase(resting);
  }

  const auto book = [&](const AccountId& owner, const OrderId& order, BookSide side,
                        kalshi::Liquidity liquidity, Money value, Money fee) {
    Account& account = accounts_[owner];
    MarketAccount& m = account.markets[fill.ticker];
    FillLeg leg;
    leg.owner = owner;
    leg.order_id = order;
    leg.liquidity = liquidity;
    leg.bought = bought_leg(side);
    leg.leg_value = value;
    leg.fee = fee;
    const LegResult r =
        book_purchase(m.pos, account.cash[info.shard], leg.bought, fill.count, value, fee);
    leg.closed = r.closed;
    leg.cash_delta = r.cash_delta;
    leg.realized_pnl = r.realized_pnl;
    leg.position_after = m.pos.position;
    fees_collected_ += fee;
    return leg;
  };

  FillAccounting out;
  out.trade_id = fill.trade_id;
  out.taker = book(fill.taker_owner, fill.taker_order_id, fill.taker_side, kalshi::Liquidity::taker,
                   taker_value, taker_fee_paid);
  out.maker = book(fill.maker_owner, fill.maker_order_id, maker_side, kalshi::Liquidity::maker,
                   maker_value, maker_fee_paid);
  refresh_reserve(fill.taker_owner, fill.ticker);
  refresh_reserve(fill.maker_owner, fill.ticker);
  return out;
}

Expected<std::vector<SettlementEntry>, RejectReason> Ledger::settle(const MarketTicker& market,
                                                                    MarketResult result) {
  auto info_it = markets_.find(market);
  if (info_it == markets_.end()) return unexpected(RejectReason::market_not_found);
  const ExchangeIndex shard = info_it->second.shard;
  std::vector<SettlementEntry> out;
  for (auto& [owner, account] : accounts_) {
    auto m = account.markets.find(market);
    if (m == account.markets.end()) continue;
    MarketAccount& ma = m->second;
    assert(ma.orders.empty() && "settle: cancel the market's resting orders first");
    ma.orders.clear();
    Position& pos = ma.pos;
    if (!pos.position.is_zero()) {
      const Price per_contract =
          pos.position > Count{} ? result.yes_payout() : result.yes_payout().complement();
      SettlementEntry entry;
      entry.owner = owner;
      entry.position = pos.position;
      entry.cost = pos.cost;
      entry.payout = notional(per_contract, pos.position.abs(), Rounding::down);
      entry.realized_pnl = entry.payout - pos.cost;
      pos.realized_pnl += entry.realized_pnl;
      pos.position = Count{};
      pos.cost = Money::zero();
      account.cash[shard] += entry.payout;
      out.push_back(std::move(entry));
    }
    refresh_reserve(owner, market);
  }
  return out;
}

}  // namespace antevorta::sim
