// The daemon's ledger: cash per shard, signed positions, cost basis, fees, realized and
// unrealized P&L per market, strategy and UTC day, settlement payouts. Pure bookkeeping in
// centi-cents, no I/O. In live mode it is compared with the exchange's positions and
// balances after fills; set_cash / set_position take the exchange's word and record the
// difference as an Adjustment.
//
// Netting, as Kalshi does it (API-NOTES §5.2, §9.3). A position is a signed YES-equivalent
// count (+ YES, − NO). Every fill buys one leg: buying YES at p, or selling NO at 1 − p,
// buys YES at p; buying NO at x, or selling YES at 1 − x, buys NO at x. Buying a leg while
// holding the other first closes held contracts pairwise, and each pair returns $1:
//   cash_delta = closed × $1 − bought_price × count − fee.
// So selling YES at x against a long YES receives x per contract, as expected. A flip (long
// 5 YES, sell 8 YES) closes 5 and opens 3 NO. Fees always reduce cash and are kept apart.
//
// Rounding (the simulator's rules, sim/ledger.hpp, so both agree to the centi-cent):
// - bought_price × count is exact unless a sub-cent price meets a fractional count; then a
//   taker's leg rounds down and a maker's up. (The simulator rounds a maker's leg per order,
//   cumulatively; a maker order filled in several such pieces can differ here by < 1
//   centi-cent per fill, which reconciliation absorbs.)
// - Cost basis: the open contracts' cost in the held leg's terms. A partial close removes
//   floor(basis × closed / held) of a holding; closing all of it removes exactly what is
//   left, so no centi-cent is ever lost. A flip's opened part costs
//   round_half_up(leg_value × opened / count); the closed part's proceeds are
//   closed × $1 − (leg_value − that). realized = proceeds − basis removed.
// - Settlement pays yes_payout × |position| rounded down (NO: (1 − yes_payout) × |position|),
//   realizes payout − basis and closes the position; with no position it is a no-op.
//
// Attribution to strategies. Each market's open contracts are split into holdings per
// strategy (Σ contracts = |position|, Σ basis = cost_basis). Opening adds to the filling
// strategy's holding. A closing fill takes contracts from its own strategy's holding first,
// then from the others in id order, and its realized P&L goes to the closing fill's strategy.
// Settlement settles every holding: each strategy realizes its own payout − its own basis
// (payouts rounded down per holding; the rounding remainder goes to the largest holding, so
// they sum to the market's payout). With one strategy per market this is plain average cost.
// set_position() replaces the holdings by one holding of kReconciliationStrategy.
//
// Valuation: unrealized(ticker, mark) sells into the bid: a long YES at the YES bid, a NO
// position at the NO bid = 1 − YES ask; no bid values the position at 0 (conservative: an
// unquoted position cannot be sold). Exit fees are not deducted. equity = cash + Σ values.
//
// Days are UTC calendar days of the event's own timestamp (fill time, settlement time).
//
// Idempotency: apply(fill) remembers every trade id; a repeat with the same content is
// ignored and reported as FillStatus::duplicate; a repeat with other content is an error.
// The remembered ids grow with the fills of the ledger's lifetime.
//
// Errors: invalid or unknown input is a LedgerError value and changes nothing. Broken
// invariants (holdings not summing to the position) assert; overflow throws
// ArithmeticOverflow (core/fixed.hpp). Threading: not thread-safe; one owner.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "antevorta/core/expected.hpp"
#include "antevorta/execution/ledger_types.hpp"

namespace antevorta::execution {

inline const strategy::StrategyId kReconciliationStrategy{"reconciliation"};

class Ledger {
 public:
  // Markets must be known (with their shard, Market.exchange_index) before fills, settlements
  // or corrections refer to them. Re-adding with the same shard is a no-op.
  std::optional<LedgerError> add_market(const MarketTicker& ticker, ExchangeIndex shard);
  bool has_market(const MarketTicker& ticker) const { return markets_.contains(ticker); }

  Expected<FillEffect, LedgerError> apply(const LedgerFill& fill);
  Expected<SettlementEffect, LedgerError> apply(const Settlement& settlement);

  // Reconciliation: take the exchange's cash of a shard (the first call is the opening
  // balance), or a market's position and cost basis. Each change is recorded as an
  // Adjustment; setting the current value records nothing. Cash is not moved by
  // set_position, and realized P&L is not touched by either.
  void set_cash(ExchangeIndex shard, Money cash, Timestamp time);
  std::optional<LedgerError> set_position(const MarketTicker& ticker, Count position,
                                          Money cost_basis, Timestamp time);

  // Restart: a market's account exactly as it was stored (position, basis, realized, fees,
  // payouts, volume), with no Adjustment recorded (it is our own record, not a correction).
  // The open contracts become one holding of kReconciliationStrategy (per-strategy shares
  // are not stored). The market must be known with the same shard; a basis with no position
  // or a negative one is invalid_basis.
  std::optional<LedgerError> restore(const MarketTicker& ticker, const MarketPosition& account);

  Money cash() const;  // all shards
  Money cash(ExchangeIndex shard) const;
  std::vector<std::pair<ExchangeIndex, Money>> cash_by_shard() const;  // shards ascending

  // Zero when unknown.
  MarketPosition position(const MarketTicker& ticker) const;
  // Every known market, tickers ascending.
  std::vector<std::pair<MarketTicker, MarketPosition>> positions() const;
  // The market's open contracts by strategy, ids ascending.
  std::vector<std::pair<strategy::StrategyId, Holding>> holdings(const MarketTicker& ticker) const;
  StrategyTotals strategy(const strategy::StrategyId& id) const;
  DayTotals day(UtcDay day) const;
  const std::vector<Adjustment>& adjustments() const noexcept { return adjustments_; }
  LedgerTotals totals() const;
  bool knows_trade(const TradeId& id) const { return trades_.contains(id); }

  Valuation unrealized(const MarketTicker& ticker, const Mark& mark) const;
  // cash + Σ values of the open positions; `mark_of` is asked once per open position.
  Money equity(const std::function<Mark(const MarketTicker&)>& mark_of) const;

  LedgerSnapshot snapshot() const;

 private:
  struct MarketState {
    MarketPosition pos;
    std::map<strategy::StrategyId, Holding> holdings;
  };
  // What identifies a trade's economic content, for telling duplicates from conflicts.
  struct TradeKey {
    MarketTicker ticker;
    kalshi::OutcomeSide bought = kalshi::OutcomeSide::yes;
    Price bought_price;
    Count count;
    Money fee;
    friend bool operator==(const TradeKey&, const TradeKey&) = default;
  };

  std::optional<LedgerError> validate(const LedgerFill& fill) const;
  // Takes `closed` contracts out of the holdings (the closing strategy's first); returns the
  // basis removed.
  static Money remove_from_holdings(MarketState& market, const strategy::StrategyId& closer,
                                    Count closed);
  static void check_holdings(const MarketState& market);

  std::map<MarketTicker, MarketState> markets_;
  std::map<ExchangeIndex, Money> cash_;
  std::map<strategy::StrategyId, StrategyTotals> strategies_;
  std::map<UtcDay, DayTotals> days_;
  std::vector<Adjustment> adjustments_;
  std::unordered_map<TradeId, TradeKey> trades_;
  std::int64_t fills_ = 0;
  std::int64_t duplicates_ = 0;
};

}  // namespace antevorta::execution
