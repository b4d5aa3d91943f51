// Ledger: markets, reconciliation adjustments, queries and the snapshot. Fills are in
// ledger_fills.cpp, settlement and valuation in ledger_settle.cpp.
#include "antevorta/execution/ledger.hpp"

namespace antevorta::execution {

std::string_view to_string(LedgerError e) noexcept {
  switch (e) {
    case LedgerError::unknown_market:
      return "unknown_market";
    case LedgerError::shard_conflict:
      return "shard_conflict";
    case LedgerError::empty_trade_id:
      return "empty_trade_id";
    case LedgerError::empty_strategy:
      return "empty_strategy";
    case LedgerError::invalid_count:
      return "invalid_count";
    case LedgerError::invalid_price:
      return "invalid_price";
    case LedgerError::negative_fee:
      return "negative_fee";
    case LedgerError::trade_id_conflict:
      return "trade_id_conflict";
    case LedgerError::invalid_result:
      return "invalid_result";
    case LedgerError::invalid_basis:
      return "invalid_basis";
  }
  return "unknown";
}

std::string_view to_string(FillStatus s) noexcept {
  return s == FillStatus::applied ? "applied" : "duplicate";
}

std::string_view to_string(AdjustmentKind k) noexcept {
  return k == AdjustmentKind::cash ? "cash" : "position";
}

std::optional<LedgerError> Ledger::add_market(const MarketTicker& ticker, ExchangeIndex shard) {
  auto [it, inserted] = markets_.try_emplace(ticker);
  if (inserted) {
    it->second.pos.shard = shard;
    return std::nullopt;
  }
  if (it->second.pos.shard != shard) return LedgerError::shard_conflict;
  return std::nullopt;
}

void Ledger::set_cash(ExchangeIndex shard, Money cash, Timestamp time) {
  Money& current = cash_[shard];
  if (current == cash) return;
  Adjustment a;
  a.kind = AdjustmentKind::cash;
  a.time = time;
  a.shard = shard;
  a.cash_delta = cash - current;
  adjustments_.push_back(std::move(a));
  current = cash;
}

std::optional<LedgerError> Ledger::set_position(const MarketTicker& ticker, Count position,
                                                Money cost_basis, Timestamp time) {
  auto it = markets_.find(ticker);
  if (it == markets_.end()) return LedgerError::unknown_market;
  if (cost_basis < Money::zero() || (position.is_zero() && !cost_basis.is_zero())) {
    return LedgerError::invalid_basis;
  }
  MarketState& market = it->second;
  if (market.pos.position == position && market.pos.cost_basis == cost_basis) return std::nullopt;

  Adjustment a;
  a.kind = AdjustmentKind::position;
  a.time = time;
  a.shard = market.pos.shard;
  a.ticker = ticker;
  a.position_delta = position - market.pos.position;
  a.basis_delta = cost_basis - market.pos.cost_basis;
  adjustments_.push_back(std::move(a));

  market.pos.position = position;
  market.pos.cost_basis = cost_basis;
  market.holdings.clear();
  if (!position.is_zero()) market.holdings[kReconciliationStrategy] = {position.abs(), cost_basis};
  check_holdings(market);
  return std::nullopt;
}

std::optional<LedgerError> Ledger::restore(const MarketTicker& ticker,
                                           const MarketPosition& account) {
  auto it = markets_.find(ticker);
  if (it == markets_.end()) return LedgerError::unknown_market;
  MarketState& market = it->second;
  if (account.shard != market.pos.shard) return LedgerError::shard_conflict;
  if (account.cost_basis < Money::zero() ||
      (account.position.is_zero() && !account.cost_basis.is_zero())) {
    return LedgerError::invalid_basis;
  }
  market.pos = account;
  market.holdings.clear();
  if (!account.position.is_zero()) {
    market.holdings[kReconciliationStrategy] = {account.position.abs(), account.cost_basis};
  }
  check_holdings(market);
  return std::nullopt;
}

Money Ledger::cash() const {
  Money total;
  for (const auto& [shard, money] : cash_) total += money;
  return total;
}

Money Ledger::cash(ExchangeIndex shard) const {
  auto it = cash_.find(shard);
  return it == cash_.end() ? Money::zero() : it->second;
}

std::vector<std::pair<ExchangeIndex, Money>> Ledger::cash_by_shard() const {
  return {cash_.begin(), cash_.end()};
}

MarketPosition Ledger::position(const MarketTicker& ticker) const {
  auto it = markets_.find(ticker);
  return it == markets_.end() ? MarketPosition{} : it->second.pos;
}

std::vector<std::pair<MarketTicker, MarketPosition>> Ledger::positions() const {
  std::vector<std::pair<MarketTicker, MarketPosition>> out;
  out.reserve(markets_.size());
  for (const auto& [ticker, market] : markets_) out.emplace_back(ticker, market.pos);
  return out;
}

std::vector<std::pair<strategy::StrategyId, Holding>> Ledger::holdings(
    const MarketTicker& ticker) const {
  auto it = markets_.find(ticker);
  if (it == markets_.end()) return {};
  return {it->second.holdings.begin(), it->second.holdings.end()};
}

StrategyTotals Ledger::strategy(const strategy::StrategyId& id) const {
  auto it = strategies_.find(id);
  return it == strategies_.end() ? StrategyTotals{} : it->second;
}

DayTotals Ledger::day(UtcDay day) const {
  auto it = days_.find(day);
  return it == days_.end() ? DayTotals{} : it->second;
}

LedgerTotals Ledger::totals() const {
  LedgerTotals t;
  t.cash = cash();
  for (const auto& [ticker, market] : markets_) {
    t.realized_before_fees += market.pos.realized_before_fees;
    t.fees_paid += market.pos.fees_paid;
    t.settlement_payouts += market.pos.settlement_payouts;
  }
  for (const Adjustment& a : adjustments_) t.cash_adjustments += a.cash_delta;
  t.fills = fills_;
  t.duplicates = duplicates_;
  return t;
}

LedgerSnapshot Ledger::snapshot() const {
  LedgerSnapshot s;
  s.totals = totals();
  s.cash = cash_by_shard();
  s.markets = positions();
  s.strategies.assign(strategies_.begin(), strategies_.end());
  s.days.assign(days_.begin(), days_.end());
  s.adjustments = adjustments_;
  return s;
}

}  // namespace antevorta::execution
