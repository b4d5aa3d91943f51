// The simulator's accounts: cash per shard, positions, fees, collateral for resting orders,
// and settlement (API-NOTES §5.1–5.2, §8, §9). Pure bookkeeping, no I/O.
//
// Money is exact in centi-cents. Positions are signed (+ YES, - NO). A fill is a pair of
// purchases: the bid side buys YES at p, the ask side buys NO at 1 - p; together they put
// up exactly count × $1, which backs the contracts until settlement. Buying a leg while
// holding the other first closes (nets) the held leg: each netted pair returns $1, so
// buying YES at p against k NO contracts yields k × (1 - p) in cash. Invariant (tested):
//   Σ cash + $1 × open YES contracts + fees collected   is constant across trades,
// and a yes/no settlement pays out exactly the open contracts' $1.
//
// Rounding of a fill's price × count to centi-cents: the maker's leg is charged per order
// cumulatively, ceil(q × filled_after) - ceil(q × filled_before) for its leg price q, so an
// order's total never exceeds ceil(q × its size); the taker pays count × $1 minus that.
// Fees: kalshi::trading_fee with the ledger's FeeRounding. The taker pays per fill; the
// maker (by fee type) pays per order cumulatively like Kalshi's fee accumulator, so a
// resting order's total fee equals the fee of one fill of its whole size.
//
// Collateral. Each resting order's reservation is the exact cost (leg value and maker fee)
// of filling its remainder. Per owner and market and side, the orders' total minus $1 per
// contract they would close of the held opposite leg (floored at 0); the market reserves the
// larger side; a shard reserves the sum of its markets. available = cash - reserved.
// check_order() simulates an incoming order's taker fills exactly (the engine's preview)
// and the reservation of its resting remainder: cash never goes negative, and available
// stays >= 0 after an accepted order.
//
// Realized P&L is before fees (fees_paid is separate); cost is what the open contracts cost.
//
// Errors: expected outcomes are RejectReason values; an unknown market in apply_fill is a
// value too. Threading: not thread-safe; one owner.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <unordered_map>
#include <vector>

#include "antevorta/core/expected.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/sim/types.hpp"

namespace antevorta::sim {

using ExchangeIndex = std::int32_t;

struct Position {
  Count position;      // + YES, - NO
  Money cost;          // paid for the open contracts (>= 0)
  Money realized_pnl;  // from closing and settling, before fees
  Money fees_paid;     // trading fees
  Count volume;        // contracts traded
  friend bool operator==(const Position&, const Position&) = default;
};

// One side of a fill as booked.
struct FillLeg {
  AccountId owner;
  OrderId order_id;
  kalshi::Liquidity liquidity = kalshi::Liquidity::taker;
  kalshi::OutcomeSide bought = kalshi::OutcomeSide::yes;
  Count closed;     // contracts of the other leg netted by this fill
  Money leg_value;  // price × count paid for the bought leg
  Money fee;
  Money cash_delta;      // closed × $1 - leg_value - fee
  Money realized_pnl;    // realized by the closing part, before fees
  Count position_after;  // Kalshi `post_position_fp`
};

struct FillAccounting {
  TradeId trade_id;
  FillLeg taker;
  FillLeg maker;
};

enum class ResultKind : std::uint8_t { yes, no, scalar };
struct MarketResult {
  ResultKind kind = ResultKind::yes;
  Price value;  // scalar: what one YES contract pays (NO pays 1 - value)
  static MarketResult yes() noexcept { return {ResultKind::yes, Price::one()}; }
  static MarketResult no() noexcept { return {ResultKind::no, Price::zero()}; }
  static MarketResult scalar(Price yes_value) noexcept { return {ResultKind::scalar, yes_value}; }
  // What one YES contract pays.
  Price yes_payout() const noexcept { return value; }
};
std::string_view to_string(ResultKind kind) noexcept;

struct SettlementEntry {
  AccountId owner;
  Count position;      // before settlement
  Money cost;          // of the settled contracts
  Money payout;        // credited to cash
  Money realized_pnl;  // payout - cost
};

class Ledger {
 public:
  explicit Ledger(kalshi::FeeRounding rounding = kalshi::FeeRounding::fill_centicent);

  // Markets must be known before orders or fills refer to them. Re-adding updates the fee
  // schedule (and must keep the shard).
  void add_market(const MarketTicker& ticker, ExchangeIndex shard, kalshi::FeeSchedule fees);
  bool has_market(const MarketTicker& ticker) const noexcept { return markets_.contains(ticker); }

  // Funding. Amounts must be > 0 (invalid_amount); a transfer moves available cash only
  // (insufficient_balance).
  std::optional<RejectReason> deposit(const AccountId& owner, ExchangeIndex shard, Money amount);
  std::optional<RejectReason> transfer(const AccountId& owner, ExchangeIndex from, ExchangeIndex to,
                                       Money amount);

  Money cash(const AccountId& owner, ExchangeIndex shard) const;
  Money reserved(const AccountId& owner, ExchangeIndex shard) const;
  Money available(const AccountId& owner, ExchangeIndex shard) const {
    return cash(owner, shard) - reserved(owner, shard);
  }
  // Cash per shard, shards ascending (Kalshi balance_breakdown).
  std::vector<std::pair<ExchangeIndex, Money>> balances(const AccountId& owner) const;
  Position position(const AccountId& owner, const MarketTicker& market) const;
  // The owner's positions with a non-zero position or any history, tickers ascending.
  std::vector<std::pair<MarketTicker, Position>> positions(const AccountId& owner) const;
  std::vector<AccountId> accounts() const;
  Money fees_collected() const noexcept { return fees_collected_; }
  // Σ cash over every account and shard.
  Money total_cash() const;
  // Σ positive positions (= Σ |negative positions|) over every account in a market.
  Count open_interest(const MarketTicker& market) const;

  // Resting orders (from the engine's order updates): a resting order is (re)registered with
  // its remaining size; any other status removes it. A price change restarts its cumulative
  // maker rounding.
  void track(const Order& order);
  void track(const EngineResult& result);

  // Whether `owner` can afford an incoming order: its previewed taker fills (exactly as
  // apply_fill would book them) and the reservation for `resting` left on the book.
  // For an amend, `replaces` is the order being amended: its reservation is left out.
  std::optional<RejectReason> check_order(const AccountId& owner, const MarketTicker& market,
                                          BookSide side, Price price,
                                          std::span<const PreviewFill> fills, Count resting,
                                          const OrderId* replaces = nullptr) const;

  // Books both sides of a fill. Call with the engine's fills in order, then track() the
  // result's updates.
  Expected<FillAccounting, RejectReason> apply_fill(const Fill& fill);

  // Pays every open position of the market (YES: value × position, NO: (1 - value) × |pos|,
  // rounded down to the centi-cent), zeroes it and realizes P&L. Resting orders of the market
  // must have been cancelled first. Entries ascending by owner.
  Expected<std::vector<SettlementEntry>, RejectReason> settle(const MarketTicker& market,
                                                              MarketResult result);

 private:
  struct Resting {
    BookSide side = BookSide::bid;
    Price price;
    Count remaining;
    Count maker_filled;  // filled as a maker at this price (cumulative rounding base)
  };
  struct MarketAccount {
    Position pos;
    std::map<OrderId, Resting> orders;
    Money reserve;  // cached: max over sides, see the header comment
  };
  struct Account {
    std::map<ExchangeIndex, Money> cash;
    std::map<ExchangeIndex, Money> reserved;  // Σ of the shard's MarketAccount::reserve
    std::map<MarketTicker, MarketAccount> markets;
  };
  struct MarketInfo {
    ExchangeIndex shard = 0;
    kalshi::FeeSchedule fees;
  };

  // Leg value and fee of a maker fill of `count` after `filled_before` at its own price.
  Money maker_leg_value(BookSide side, Price price, Count filled_before, Count count) const;
  Money maker_fee(const MarketInfo& info, Price price, Count filled_before, Count count) const;
  Money taker_fee(const MarketInfo& info, Price price, Count count) const;
  Money side_requirement(const MarketInfo& info, const MarketAccount& account, BookSide side,
                         const Resting* extra) const;
  Money market_reserve(const MarketInfo& info, const MarketAccount& account,
                       const Resting* extra) const;
  void refresh_reserve(const AccountId& owner, const MarketTicker& market);
  const Resting* find_resting(const AccountId& owner, const MarketTicker& market,
                              const OrderId& id) const;

  kalshi::FeeRounding rounding_;
  std::unordered_map<MarketTicker, MarketInfo> markets_;
  std::map<AccountId, Account> accounts_;
  Money fees_collected_;
};

// Books one purchase of `count` of the leg `bought` for `leg_value` and `fee` into a
// position and a cash balance (closing the other leg first). Exposed for paper execution
// and tests.
struct LegResult {
  Count closed;
  Money realized_pnl;
  Money cash_delta;
};
LegResult book_purchase(Position& position, Money& cash, kalshi::OutcomeSide bought, Count count,
                        Money leg_value, Money fee);

}  // namespace antevorta::sim
