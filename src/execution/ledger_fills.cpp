// Ledger: booking fills (netting, cost basis, attribution).
#include <algorithm>
#include <cassert>

#include "antevorta/execution/ledger.hpp"

namespace antevorta::execution {

namespace {
// count × $1, exact.
Money dollars(Count count) { return notional(Price::one(), count, Rounding::down); }

// a × num / den rounded as asked (den > 0), exact in 128 bits.
Money scale(Money a, Count num, Count den, Rounding r) {
  return Money::from_centicents(
      detail::divide(detail::int128{a.centicents()} * num.centi(), den.centi(), r));
}
}  // namespace

std::optional<LedgerError> Ledger::validate(const LedgerFill& fill) const {
  if (!markets_.contains(fill.ticker)) return LedgerError::unknown_market;
  if (fill.trade_id.empty()) return LedgerError::empty_trade_id;
  if (fill.strategy.empty()) return LedgerError::empty_strategy;
  if (fill.count <= Count{}) return LedgerError::invalid_count;
  if (fill.price <= Price::zero() || fill.price >= Price::one()) return LedgerError::invalid_price;
  if (fill.fee < Money::zero()) return LedgerError::negative_fee;
  return std::nullopt;
}

Money Ledger::remove_from_holdings(MarketState& market, const strategy::StrategyId& closer,
                                   Count closed) {
  Money removed;
  Count remaining = closed;
  const auto take = [&](std::map<strategy::StrategyId, Holding>::iterator it) {
    Holding& h = it->second;
    const Count k = std::min(remaining, h.contracts);
    const Money r =
        k == h.contracts ? h.cost_basis : scale(h.cost_basis, k, h.contracts, Rounding::down);
    h.contracts -= k;
    h.cost_basis -= r;
    removed += r;
    remaining -= k;
    if (h.contracts.is_zero()) {
      assert(h.cost_basis.is_zero());
      market.holdings.erase(it);
    }
  };
  if (auto own = market.holdings.find(closer); own != market.holdings.end()) take(own);
  while (remaining > Count{}) {
    assert(!market.holdings.empty() && "holdings must cover the position");
    if (market.holdings.empty()) break;
    take(market.holdings.begin());
  }
  return removed;
}

void Ledger::check_holdings([[maybe_unused]] const MarketState& market) {
#ifndef NDEBUG
  Count contracts;
  Money basis;
  for (const auto& [id, h] : market.holdings) {
    assert(h.contracts > Count{});
    contracts += h.contracts;
    basis += h.cost_basis;
  }
  assert(contracts == market.pos.position.abs());
  assert(basis == market.pos.cost_basis);
#endif
}

Expected<FillEffect, LedgerError> Ledger::apply(const LedgerFill& fill) {
  if (auto error = validate(fill)) return unexpected(*error);

  const bool buys_yes = strategy::position_direction(fill.side, fill.action) > 0;
  const kalshi::OutcomeSide bought = buys_yes ? kalshi::OutcomeSide::yes : kalshi::OutcomeSide::no;
  const Price bought_price =
      fill.action == strategy::Action::buy ? fill.price : fill.price.complement();

  TradeKey key{fill.ticker, bought, bought_price, fill.count, fill.fee};
  if (auto known = trades_.find(fill.trade_id); known != trades_.end()) {
    if (known->second != key) return unexpected(LedgerError::trade_id_conflict);
    ++duplicates_;
    FillEffect dup;
    dup.status = FillStatus::duplicate;
    return dup;
  }

  MarketState& market = markets_.at(fill.ticker);
  MarketPosition& pos = market.pos;

  FillEffect e;
  e.bought = bought;
  e.bought_price = bought_price;
  e.leg_value =
      notional(bought_price, fill.count,
               fill.liquidity == kalshi::Liquidity::taker ? Rounding::down : Rounding::up);
  const Count held_other = std::max(Count{}, buys_yes ? -pos.position : pos.position);
  e.closed = std::min(fill.count, held_other);
  e.opened = fill.count - e.closed;

  const Money open_cost = e.closed.is_zero()
                              ? e.leg_value
                              : scale(e.leg_value, e.opened, fill.count, Rounding::nearest);
  if (!e.closed.is_zero()) {
    e.basis_removed = remove_from_holdings(market, fill.strategy, e.closed);
    const Money proceeds = dollars(e.closed) - (e.leg_value - open_cost);
    e.realized_before_fees = proceeds - e.basis_removed;
  }
  if (!e.opened.is_zero()) {
    Holding& h = market.holdings[fill.strategy];
    h.contracts += e.opened;
    h.cost_basis += open_cost;
  }
  e.cash_delta = dollars(e.closed) - e.leg_value - fill.fee;

  pos.position = buys_yes ? pos.position + fill.count : pos.position - fill.count;
  pos.cost_basis = pos.cost_basis - e.basis_removed + open_cost;
  pos.realized_before_fees += e.realized_before_fees;
  pos.fees_paid += fill.fee;
  pos.volume += fill.count;
  e.position_after = pos.position;
  check_holdings(market);

  StrategyTotals& s = strategies_[fill.strategy];
  s.realized_before_fees += e.realized_before_fees;
  s.fees_paid += fill.fee;
  s.volume += fill.count;
  ++s.fills;

  DayTotals& d = days_[utc_day(fill.time)];
  d.realized_before_fees += e.realized_before_fees;
  d.fees_paid += fill.fee;
  d.volume += fill.count;
  ++d.fills;

  cash_[pos.shard] += e.cash_delta;
  trades_.emplace(fill.trade_id, std::move(key));
  ++fills_;
  return e;
}

}  // namespace antevorta::execution
