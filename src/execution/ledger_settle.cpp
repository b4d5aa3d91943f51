// Ledger: settlement and valuation at a mark.
#include <cassert>

#include "antevorta/execution/ledger.hpp"

namespace antevorta::execution {

namespace {
// What one YES contract pays, or nullopt for an unusable result.
std::optional<Price> yes_payout(const Settlement& s) {
  switch (s.result) {
    case kalshi::MarketResult::yes:
      return Price::one();
    case kalshi::MarketResult::no:
      return Price::zero();
    case kalshi::MarketResult::scalar:
      return s.yes_value;
    case kalshi::MarketResult::unknown:
      break;
  }
  return std::nullopt;
}
}  // namespace

Expected<SettlementEffect, LedgerError> Ledger::apply(const Settlement& settlement) {
  auto it = markets_.find(settlement.ticker);
  if (it == markets_.end()) return unexpected(LedgerError::unknown_market);
  const std::optional<Price> yes_value = yes_payout(settlement);
  if (!yes_value) return unexpected(LedgerError::invalid_result);

  MarketState& market = it->second;
  MarketPosition& pos = market.pos;
  SettlementEffect e;
  if (pos.position.is_zero()) return e;

  const Price per_contract = pos.position > Count{} ? *yes_value : yes_value->complement();
  e.settled = true;
  e.position = pos.position;
  e.cost_basis = pos.cost_basis;
  e.payout = notional(per_contract, pos.position.abs(), Rounding::down);
  e.realized_before_fees = e.payout - e.cost_basis;

  // Each holding gets its own payout, rounded down; the remainder (a few centi-cents at most)
  // goes to the largest holding, the first in id order on ties.
  Money paid;
  auto largest = market.holdings.end();
  std::map<strategy::StrategyId, Money> payouts;
  for (auto h = market.holdings.begin(); h != market.holdings.end(); ++h) {
    const Money p = notional(per_contract, h->second.contracts, Rounding::down);
    payouts[h->first] = p;
    paid += p;
    if (largest == market.holdings.end() || h->second.contracts > largest->second.contracts) {
      largest = h;
    }
  }
  assert(largest != market.holdings.end());
  payouts[largest->first] += e.payout - paid;
  for (const auto& [id, h] : market.holdings) {
    StrategyTotals& s = strategies_[id];
    s.settlement_payouts += payouts[id];
    s.realized_before_fees += payouts[id] - h.cost_basis;
  }
  market.holdings.clear();

  pos.position = Count{};
  pos.cost_basis = Money::zero();
  pos.realized_before_fees += e.realized_before_fees;
  pos.settlement_payouts += e.payout;

  DayTotals& d = days_[utc_day(settlement.time)];
  d.realized_before_fees += e.realized_before_fees;
  d.settlement_payouts += e.payout;

  cash_[pos.shard] += e.payout;
  return e;
}

Valuation Ledger::unrealized(const MarketTicker& ticker, const Mark& mark) const {
  Valuation v;
  auto it = markets_.find(ticker);
  if (it == markets_.end() || it->second.pos.position.is_zero()) {
    v.has_bid = true;  // nothing to sell: valued exactly
    return v;
  }
  const MarketPosition& pos = it->second.pos;
  v.position = pos.position;
  v.cost_basis = pos.cost_basis;
  // The held leg's bid: YES bid for YES, NO bid = 1 − YES ask for NO.
  std::optional<Price> bid;
  if (pos.position > Count{}) {
    bid = mark.yes_bid;
  } else if (mark.yes_ask) {
    bid = mark.yes_ask->complement();
  }
  if (bid) {
    v.has_bid = true;
    v.value = notional(*bid, pos.position.abs(), Rounding::down);
  }
  v.unrealized = v.value - v.cost_basis;
  return v;
}

Money Ledger::equity(const std::function<Mark(const MarketTicker&)>& mark_of) const {
  Money total = cash();
  for (const auto& [ticker, market] : markets_) {
    if (market.pos.position.is_zero()) continue;
    total += unrealized(ticker, mark_of(ticker)).value;
  }
  return total;
}

}  // namespace antevorta::execution
