// Value types of the daemon's ledger (execution::Ledger, ledger.hpp): its inputs (fills,
// settlements, marks), what it reports back for each, and its aggregates per market,
// strategy and UTC day. Money, prices and counts are fixed-point (core/fixed.hpp).
//
// Naming: `realized_before_fees` is P&L from closing and settling contracts; fees are
// tracked separately in `fees_paid`; `realized_after_fees()` is the difference.
//
// Errors: none here (plain data). Threading: values.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::execution {

// A Kalshi exchange shard (API-NOTES §8): collateral, and so cash, is per shard.
using ExchangeIndex = std::int32_t;
// The UTC calendar day of a timestamp.
using UtcDay = std::chrono::sys_days;
inline UtcDay utc_day(Timestamp t) noexcept { return std::chrono::floor<std::chrono::days>(t); }

// One execution of one of our orders, as the exchange reported it (WS `fill`, REST fills).
struct LedgerFill {
  TradeId trade_id;  // the idempotency key
  MarketTicker ticker;
  strategy::StrategyId strategy;  // who placed the order ("manual", or e.g. "external")
  kalshi::OutcomeSide side = kalshi::OutcomeSide::yes;
  strategy::Action action = strategy::Action::buy;
  Price price;  // in the leg's own terms, strictly between 0 and 1
  Count count;  // > 0
  Money fee;    // >= 0, as charged (Kalshi `fee_cost`)
  // Selects the rounding of a fractional price × count (see ledger.hpp); whole-cent prices
  // or whole contracts are exact either way.
  kalshi::Liquidity liquidity = kalshi::Liquidity::taker;
  Timestamp time{};
};

// A market's result (WS `market_lifecycle_v2` determined/settled, REST settlements).
struct Settlement {
  MarketTicker ticker;
  kalshi::MarketResult result = kalshi::MarketResult::yes;
  std::optional<Price> yes_value;  // scalar only: what one YES contract pays
  Timestamp time{};
};

// The top of a market's book in YES terms, for valuing a position (missing = no quote).
struct Mark {
  std::optional<Price> yes_bid;
  std::optional<Price> yes_ask;
};

enum class LedgerError : std::uint8_t {
  unknown_market,     // no add_market() for the ticker
  shard_conflict,     // add_market() with a different shard than before
  empty_trade_id,     // a fill without a trade id
  empty_strategy,     // a fill without a strategy
  invalid_count,      // fill count <= 0
  invalid_price,      // fill price not strictly between 0 and 1
  negative_fee,       // fee < 0
  trade_id_conflict,  // a known trade id with a different market, direction, price, count or fee
  invalid_result,     // result `unknown`, or `scalar` without a yes_value
  invalid_basis,      // set_position: basis < 0, or a basis without a position
};
std::string_view to_string(LedgerError e) noexcept;

enum class FillStatus : std::uint8_t { applied, duplicate };
std::string_view to_string(FillStatus s) noexcept;

// What apply(LedgerFill) did. For a duplicate only `status` is set.
struct FillEffect {
  FillStatus status = FillStatus::applied;
  kalshi::OutcomeSide bought = kalshi::OutcomeSide::yes;  // selling a leg buys the other
  Price bought_price;          // the bought leg's price (1 − price for a sell)
  Money leg_value;             // paid for the bought leg, bought_price × count
  Count closed;                // contracts of the held leg netted ($1 back each)
  Count opened;                // contracts added to the bought leg
  Money basis_removed;         // cost basis of the closed contracts
  Money realized_before_fees;  // proceeds of the closed contracts − basis_removed
  Money cash_delta;            // closed × $1 − leg_value − fee
  Count position_after;        // signed, + YES / − NO
};

// What apply(Settlement) did. A market with no position settles as a no-op (settled false).
struct SettlementEffect {
  bool settled = false;
  Count position;              // before settlement
  Money cost_basis;            // of the settled contracts
  Money payout;                // credited to cash
  Money realized_before_fees;  // payout − cost_basis
};

// One market's account.
struct MarketPosition {
  ExchangeIndex shard = 0;
  Count position;              // + YES contracts, − NO contracts
  Money cost_basis;            // paid for the open contracts, in the held leg's terms (>= 0)
  Money realized_before_fees;  // closing fills and settlement
  Money fees_paid;
  Money settlement_payouts;
  Count volume;  // contracts traded (fills)
  Money realized_after_fees() const { return realized_before_fees - fees_paid; }
  friend bool operator==(const MarketPosition&, const MarketPosition&) = default;
};

// A strategy's share of a market's open position (see ledger.hpp, attribution).
struct Holding {
  Count contracts;  // > 0, on the market's held leg
  Money cost_basis;
  friend bool operator==(const Holding&, const Holding&) = default;
};

struct StrategyTotals {
  Money realized_before_fees;
  Money fees_paid;
  Money settlement_payouts;
  Count volume;
  std::int64_t fills = 0;
  Money realized_after_fees() const { return realized_before_fees - fees_paid; }
  friend bool operator==(const StrategyTotals&, const StrategyTotals&) = default;
};

struct DayTotals {
  Money realized_before_fees;  // by the fill's or settlement's time
  Money fees_paid;
  Money settlement_payouts;
  Count volume;
  std::int64_t fills = 0;
  Money realized_after_fees() const { return realized_before_fees - fees_paid; }
  friend bool operator==(const DayTotals&, const DayTotals&) = default;
};

enum class AdjustmentKind : std::uint8_t { cash, position };
std::string_view to_string(AdjustmentKind k) noexcept;

// A correction from reconciliation (set_cash / set_position), kept so it stays visible.
struct Adjustment {
  AdjustmentKind kind = AdjustmentKind::cash;
  Timestamp time{};
  ExchangeIndex shard = 0;
  MarketTicker ticker;  // position only
  Money cash_delta;     // cash: new − old
  Count position_delta;
  Money basis_delta;
  friend bool operator==(const Adjustment&, const Adjustment&) = default;
};

// A position valued at a mark: what selling it into the bid would fetch (before exit fees).
struct Valuation {
  Count position;
  Money cost_basis;
  Money value;       // 0 when there is no bid for the held leg (conservative)
  Money unrealized;  // value − cost_basis
  bool has_bid = false;
};

struct LedgerTotals {
  Money cash;  // all shards
  Money realized_before_fees;
  Money fees_paid;
  Money settlement_payouts;
  Money cash_adjustments;  // Σ set_cash deltas (the first one is the opening balance)
  std::int64_t fills = 0;
  std::int64_t duplicates = 0;
  Money realized_after_fees() const { return realized_before_fees - fees_paid; }
};

// Everything the store and the operator API show, ordered by key.
struct LedgerSnapshot {
  LedgerTotals totals;
  std::vector<std::pair<ExchangeIndex, Money>> cash;
  std::vector<std::pair<MarketTicker, MarketPosition>> markets;
  std::vector<std::pair<strategy::StrategyId, StrategyTotals>> strategies;
  std::vector<std::pair<UtcDay, DayTotals>> days;
  std::vector<Adjustment> adjustments;
};

}  // namespace antevorta::execution
