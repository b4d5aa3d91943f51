// Reconciliation planning: the exchange's view (resting orders, positions, balances) against
// the daemon's (OrderTracker, Ledger), turned into a plan of corrections. The exchange wins;
// each correction is an entry the caller applies, logs and counts. This is the pure part:
// the caller reads the exchange (REST, all pages), calls plan_reconciliation(), applies the
// plan (tracker and store writes, bus events) and resolves the `missing` orders one by one
// with resolve_missing(). No I/O, no clock, no logging here: values in, values out.
//
// Orders (the snapshot's `resting_orders`, GET /portfolio/orders?status=resting; an entry
// with another status is ignored):
//  - Ours and known to the tracker (by client_order_id, else by order id): the ExchangeUpdate
//    stamped `requested_at`, listed in `updates` only when applying it changes the order
//    (decided by applying it to a copy), so an applied plan plans to nothing.
//  - Ours (execution::is_ours: our prefix and a derived suffix) and unknown: `adopt`, a
//    TrackedOrder of strategy kAdoptedStrategy with an empty intent id, good-till-cancelled.
//    Direction: a bid buys YES at the YES price; an ask buys NO at 1 − YES price (the
//    direction table, API-NOTES §3: the V2 book side says which leg the order adds; a sell
//    of the other leg is the same order on the single YES book). Counts and state come
//    from the exchange's view applied to it (order.hpp rule 6). Without any price the order
//    cannot be tracked: a conflict (`unpriced`).
//  - Not ours (no client_order_id, another prefix, or our prefix without a derived suffix):
//    `foreign`; never touched.
//  - Ours, tracked, and final locally (filled / canceled / rejected) with its last change
//    before `requested_at`: a conflict (`final_locally`, or `illegal_update` for rejected);
//    the exchange says it can still fill. A final order changed at or after `requested_at`
//    is skipped: the snapshot predates what we know.
//  - An update the state machine refuses (order id mismatch, counts beyond the order): a
//    conflict (`illegal_update`, with the state machine's note).
// Local open orders (pending / resting / partially_filled / unknown) created before
// `requested_at` that the snapshot does not list: `missing` (filled, cancelled, or never
// placed). Created at or after `requested_at`: skipped (the snapshot predates them). Final
// local orders are never missing.
//
// Positions (GET /portfolio/positions, unsettled only): signed counts (+ YES / − NO) per
// market, over the ledger's markets and the exchange's list. A fix only where the counts
// differ (a cost-basis-only difference is not corrected: both sides compute the same basis,
// see below, and a sub-centi-cent rounding difference is no drift). A market the ledger holds
// but the exchange does not list is fixed to 0 with `absent_at_exchange` (the caller checks
// settlements first: a settled market leaves the list). A market the ledger does not know is
// `known_locally = false`: add_market(ticker, shard) before set_position.
// Cost basis: MarketPosition.market_exposure, "cost of the aggregate market position". The
// simulator reports its ledger's Position::cost there (src/sim/rest_api_portfolio.cpp): what
// the open contracts cost in the held leg's terms, fees excluded, reduced pro rata on
// partial closes — the same quantity as Ledger's cost_basis (the cross-check test
// execution_sim_crosscheck_tests holds them equal). Clamped to >= 0, and 0 for no position.
//
// Cash (GET /portfolio/balance, balance_breakdown): Kalshi's balance is the *available*
// balance, cash minus the collateral held for resting orders (OpenAPI GetBalanceResponse;
// the simulator: available = cash − reserved). The Ledger's cash is not reduced by resting
// orders, so the exchange's cash of a shard is taken as available + resting_collateral()
// of the snapshot's resting orders (all of them: foreign orders hold collateral too) on
// that shard. Only shards the breakdown lists are compared (a missing entry is not a zero).
// A shard with an unpriced resting order cannot be valued: its cash is deferred.
//
// Recent activity. REST portfolio data lags the exchange's events (API-NOTES §4.6), so
// - a market whose last local fill is recent has an untrustworthy REST position: a
//   differing position is `deferred`, not fixed;
// - a shard with a recent fill, or a local order created or changed recently (the
//   collateral and balance reads may straddle it), has its differing cash deferred
//   (`cash_deferred`).
// "Recent" means strictly after requested_at − settle_grace: an event exactly settle_grace
// before requested_at is old enough, and its market is reconciled.
//
// Shards: an order's own exchange_index, else the ledger's shard of the market, else the
// exchange position's exchange_index, else 0.
//
// Determinism: every list is sorted by its key (client_order_id, order id, ticker, shard);
// duplicate entries in the snapshot (an order id, ticker or shard listed twice) count once,
// the first one. Idempotency: after applying the plan (tracker apply / restore, ledger
// add_market / set_position / set_cash, the missing orders resolved) the same snapshot
// plans no corrections (tested).
//
// Errors: none; odd exchange data becomes conflicts or deferrals. Overflow throws
// ArithmeticOverflow (core/fixed.hpp). Threading: pure functions over values; the tracker
// and ledger are only read.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/execution/ledger.hpp"
#include "antevorta/execution/order.hpp"
#include "antevorta/execution/order_events.hpp"
#include "antevorta/execution/order_tracker.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/models.hpp"

namespace antevorta::execution {

// The strategy of orders adopted from the exchange (ours by prefix, unknown locally).
inline const strategy::StrategyId kAdoptedStrategy{"adopted"};

struct ExchangeSnapshot {
  Timestamp requested_at{};                       // when the first REST read of it was sent
  std::vector<kalshi::Order> resting_orders;      // GET /portfolio/orders?status=resting
  std::vector<kalshi::MarketPosition> positions;  // GET /portfolio/positions
  // Available balance per shard (GET /portfolio/balance, balance_breakdown).
  std::vector<std::pair<ExchangeIndex, Money>> cash;
};

struct ReconcileOptions {
  // See "Recent activity" above.
  Duration settle_grace = std::chrono::seconds(5);
  // The market's fee schedule, for the maker fee included in a resting order's collateral;
  // unset, or nullopt for a market, counts no maker fee (right for `quadratic` series).
  std::function<std::optional<kalshi::FeeSchedule>(const MarketTicker&)> fee_schedule;
  kalshi::FeeRounding fee_rounding = kalshi::FeeRounding::fill_centicent;
};

enum class ConflictReason : std::uint8_t {
  final_locally,   // filled / canceled here before the snapshot, resting at the exchange
  illegal_update,  // the state machine refuses the exchange's view (see the note)
  unpriced,        // ours and unknown, but the exchange sent no price: not adoptable
};
std::string_view to_string(ConflictReason r) noexcept;

struct OrderConflict {
  ClientOrderId client_order_id;
  OrderId order_id;
  ConflictReason reason = ConflictReason::final_locally;
  std::optional<OrderState> local_state;  // nullopt when not tracked
  TransitionNote note = TransitionNote::none;
  friend bool operator==(const OrderConflict&, const OrderConflict&) = default;
};

struct PositionFix {
  MarketTicker ticker;
  ExchangeIndex shard = 0;
  Count local;     // signed, + YES / − NO
  Count exchange;  // signed; 0 when absent
  Money exchange_cost_basis;
  bool absent_at_exchange = false;  // the exchange lists no position for the market
  bool known_locally = true;        // false: the ledger needs add_market(ticker, shard) first
  friend bool operator==(const PositionFix&, const PositionFix&) = default;
};

struct CashFix {
  ExchangeIndex shard = 0;
  Money local;               // Ledger::cash(shard)
  Money exchange;            // available + reserved: what set_cash takes
  Money exchange_available;  // as the exchange reported it
  Money reserved;            // resting_collateral() of the shard's resting orders
  friend bool operator==(const CashFix&, const CashFix&) = default;
};

struct ReconcilePlan {
  std::vector<std::pair<ClientOrderId, ExchangeUpdate>> updates;
  std::vector<TrackedOrder> adopt;
  std::vector<ClientOrderId> missing;
  std::vector<OrderId> foreign;
  std::vector<OrderConflict> conflicts;
  std::vector<PositionFix> positions;
  std::vector<CashFix> cash;
  std::vector<MarketTicker> deferred;        // a differing position left for the next round
  std::vector<ExchangeIndex> cash_deferred;  // a differing cash left for the next round

  // Nothing for the caller to apply or look up (foreign orders, conflicts and deferrals are
  // reports only).
  bool nothing_to_apply() const noexcept {
    return updates.empty() && adopt.empty() && missing.empty() && positions.empty() && cash.empty();
  }
};

// `last_local_fill(ticker)`: the time of the market's latest fill the daemon applied, if
// any. Called once per market of the ledger or the exchange's positions.
ReconcilePlan plan_reconciliation(
    const ExchangeSnapshot& exchange, const OrderTracker& tracker, const Ledger& ledger,
    const ReconcileOptions& options,
    const std::function<std::optional<Timestamp>(const MarketTicker&)>& last_local_fill);

// The event that resolves one `missing` order from the exchange's answer (the order found by
// its id, or by client_order_id among the market's orders): found → its ExchangeUpdate;
// not found → NotFound for an `unknown` order (it was never placed); std::nullopt otherwise:
// a confirmed order that vanished (the caller logs it), a `pending` one whose request is
// still in flight (ask again next round), or a final one (nothing to resolve).
std::optional<OrderEvent> resolve_missing(const TrackedOrder& local,
                                          const std::optional<kalshi::Order>& found, Timestamp at);

// The collateral the exchange holds for one market's resting orders (the simulator's rule,
// sim/ledger.hpp): per book side, Σ over orders of the leg value and maker fee of filling
// the remainder, minus $1 per contract that would close the held opposite leg (floored at
// 0); the market holds the larger side. A bid's leg is YES at its price, an ask's NO at
// 1 − price. Leg values round up per order cumulatively: ceil(q × (base + remaining)) −
// ceil(q × base), base = the order's fill count when it has no taker fills (its fills were
// made resting), else 0 — exact unless an order has both kinds of fill at a sub-cent price
// and fractional counts (then < 1 centi-cent per order). Orders not resting or with
// nothing remaining hold nothing. std::nullopt when an order has neither price.
// `position` is the exchange's signed position in the market.
std::optional<Money> resting_collateral(const std::vector<const kalshi::Order*>& orders,
                                        Count position,
                                        const std::optional<kalshi::FeeSchedule>& fees,
                                        kalshi::FeeRounding rounding);

}  // namespace antevorta::execution
