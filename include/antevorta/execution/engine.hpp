// Engine: execution for every strategy and the operator — intents in, orders out, fills
// into the ledger and the store. It implements strategy::StrategyServices.
//
// An intent's path (submit):
//   1. The intent is recorded (store), always, so every decision has its intent on record.
//   2. An intent whose derived client_order_id is already tracked is not sent again (the
//      strategy hears the order's current state).
//   3. The risk gate evaluates it against the PortfolioView (fail closed: before the
//      positions are known every intent is denied as unknown_input). The decision is
//      recorded and published with its intent as IntentDecided; a denial is also published
//      as StrategyOrderUpdate{state denied, reason}.
//   4. Approved: the order is created in the tracker (pending; risk counts it as open from
//      here), persisted with its first transition and *committed* (async_commit) before the
//      request leaves. If the commit fails, nothing is sent and the order is rejected.
//   5. The venue's answer moves the order (accepted → resting / filled / canceled, rejected,
//      unknown). An unknown outcome is re-sent with the same client_order_id (the exchange's
//      duplicate check makes it safe) up to EngineOptions::max_create_attempts times, then
//      left `unknown` (counted as open by risk) for reconciliation to resolve.
// Each state change is persisted (order row + transition) and published as a
// StrategyOrderUpdate; logs: order_placed, order_rejected, order_unknown_outcome,
// order_canceled, order_filled.
//
// Repricing (reprice): only an acknowledged resting order. The same price and fewer
// contracts left → a decrease at the venue (the queue place is kept; the answer's remaining
// count becomes the order's); zero contracts → a cancel; a new price or more contracts →
// cancel-replace: the order is cancelled and a replacement intent with the same leg, action,
// time in force and flags goes through the whole path above (risk counts the old order as
// open until its cancel is confirmed: fail closed).
//
// Cancels: cancel() records the request and sends it once the order has an exchange id
// (a cancel asked for while the create is in flight goes out when the create is answered).
//
// Fills (on_fill, on_ws_message): de-duplicated by trade id (tracker, ledger, then the
// fills table for trades from before a restart), applied to the order, then to the ledger;
// the fill, the market's position row, the day's P&L delta and the order's new state are
// written in one transaction. A fill of an order we do not track (placed by hand at the
// exchange, or before our records began) still moves the ledger, attributed to strategy
// "external". A WS fill without fee_cost is priced with the market's fee schedule. After a
// fill the equity is observed by the risk manager (daily loss, drawdown).
//
// Reconciliation (live; reconcile()): reads the exchange's resting orders, positions and
// balances, recovers fills the WS may have missed (REST fills since the last successful
// round, or since the newest stored fill at the first one), plans the corrections
// (reconcile.hpp) and applies them: order updates, adoption of our orders unknown here,
// missing orders resolved one by one, positions and cash set to the exchange's (a position
// the exchange no longer lists is settled from /portfolio/settlements when it settled). Each
// correction is logged (`reconcile_correction`), stored as an adjustment and counted. The
// first complete round (no shard or market deferred because REST may lag a fresh fill)
// makes the positions known (risk stops denying as unknown_input; equity becomes known).
// After that, a position that differs or cash that differs by more than
// EngineOptions::ledger_drift_tolerance is drift: the kill switch engages (ledger_drift).
//
// Settlement: kalshi::MarketChanged{settled} (with the result the scanner kept from
// `determined`) settles the market's position into the ledger and the store.
//
// Markets: a followed market (MarketChanged listed / updated) is added to the ledger with
// its shard. In paper mode each shard starts with EngineOptions::paper_starting_balance;
// at start() the ledger is rebuilt from the stored positions (paper cash = starting balance
// + Σ realized − open cost basis − fees of that shard's markets) and the open orders are
// restored into the tracker (a `pending` one gets OutcomeUnknown: it may have left before
// the process stopped). Paper positions are known from the start; live positions become
// known when reconciliation says so (set_positions_known).
//
// Errors: expected outcomes are values and events; an exception inside an order task is
// caught there, logged, and the order treated as an unknown outcome. Threading: the
// io_context thread only. Lifetime: everything passed to the constructor outlives the
// engine; tasks still in flight when it is destroyed do nothing when they resume.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/execution/expiry.hpp"
#include "antevorta/execution/ledger.hpp"
#include "antevorta/execution/order_tracker.hpp"
#include "antevorta/execution/portfolio_view.hpp"
#include "antevorta/execution/venue.hpp"
#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/kalshi/ws_messages.hpp"
#include "antevorta/risk/decision.hpp"
#include "antevorta/risk/manager.hpp"
#include "antevorta/store/trading_store.hpp"
#include "antevorta/strategy/context.hpp"

namespace antevorta::execution {

inline const strategy::StrategyId kExternalStrategy{"external"};

// Every intent that reached a decision (the expiry gate's or the risk manager's), with its
// evidence: the operator API's `signal` and `decision` stream events.
struct IntentDecided {
  strategy::OrderIntent intent;
  risk::RiskDecision decision;
  Timestamp at{};
};

struct EngineOptions {
  ClientIdPrefix prefix = *ClientIdPrefix::make("av1-");
  bool paper = true;
  Money paper_starting_balance = Money::from_centicents(10'000 * Money::kDollar);
  int max_create_attempts = 3;                      // sends of one create, unknown outcomes
  Duration resend_delay = std::chrono::seconds(2);  // before re-sending an unknown create
  // Final orders are dropped from memory this long after their last change (the store
  // keeps them).
  Duration forget_final_after = std::chrono::hours(1);
  // Live reconciliation: cash drift beyond this (after the first round) engages the kill
  // switch; REST data younger than settle_grace is not trusted (reconcile.hpp).
  Money ledger_drift_tolerance = Money::from_centicents(500);  // $0.05
  Duration settle_grace = std::chrono::seconds(5);
  // The feeds each intent depends on, for the risk manager (PortfolioView::FeedLookup);
  // empty: none.
  PortfolioView::FeedLookup feeds;
};

// What one reconciliation round found and did.
struct ReconcileReport {
  bool ok = false;    // the exchange was read and the plan applied
  std::string error;  // why not
  std::size_t fills_recovered = 0;
  std::size_t order_updates = 0;
  std::size_t adopted = 0;
  std::size_t resolved = 0;  // missing orders resolved
  std::size_t settled = 0;   // positions settled from the exchange's settlements
  std::size_t position_fixes = 0;
  std::size_t cash_fixes = 0;
  std::size_t foreign_orders = 0;
  std::size_t conflicts = 0;
  std::size_t deferred = 0;
  bool drift = false;     // the kill switch was engaged for ledger drift
  bool complete = false;  // nothing was deferred (see reconcile())
  std::size_t corrections() const noexcept {
    return order_updates + adopted + resolved + settled + position_fixes + cash_fixes;
  }
};

struct EngineStats {
  std::uint64_t intents = 0;
  std::uint64_t approved = 0;
  std::uint64_t denied = 0;
  std::uint64_t resubmitted = 0;  // intents whose order already existed
  std::uint64_t creates_sent = 0;
  std::uint64_t rejected = 0;
  std::uint64_t unknown_outcomes = 0;
  std::uint64_t cancels_sent = 0;
  std::uint64_t fills = 0;
  std::uint64_t duplicate_fills = 0;
  std::uint64_t external_fills = 0;
  std::uint64_t settlements = 0;
  std::uint64_t illegal_events = 0;   // order events the state machine refused
  std::uint64_t store_failures = 0;   // orders not sent because their commit failed
  std::uint64_t reconciliations = 0;  // successful rounds
  std::uint64_t corrections = 0;      // applied by reconciliation, all rounds
};

class Engine final : public strategy::StrategyServices {
 public:
  using MarketLookup = std::function<const kalshi::Market*(const MarketTicker&)>;

  Engine(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock, Logger logger,
         store::TradingStore& store, risk::RiskManager& risk, Venue& venue,
         const kalshi::BookStore& books, MarketLookup markets,
         const kalshi::MarketDirectory& directory, const kalshi::ExchangeStatusMonitor& exchange,
         EngineOptions options = {});
  ~Engine() override;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Restores the ledger and the open orders from the store, subscribes to the bus.
  void start();
  void stop();

  // strategy::StrategyServices
  const kalshi::OrderBook* book(const MarketTicker& ticker) const override;
  const kalshi::Market* market(const MarketTicker& ticker) const override;
  std::optional<kalshi::FeeSchedule> fees(const MarketTicker& ticker) const override;
  Count position(const strategy::StrategyId& strategy, const MarketTicker& ticker) const override;
  std::vector<strategy::StrategyOrder> open_orders(
      const strategy::StrategyId& strategy) const override;
  Money bankroll(const strategy::StrategyId& strategy) const override;
  void submit(const strategy::OrderIntent& intent) override;
  bool cancel(const strategy::StrategyId& strategy, const ClientOrderId& id) override;
  std::size_t cancel_all(const strategy::StrategyId& strategy, const MarketTicker& ticker) override;
  strategy::RepriceOutcome reprice(const strategy::StrategyId& strategy, const ClientOrderId& id,
                                   Price limit_price, Count count,
                                   const strategy::IntentId& replacement) override;

  // The same path with an explicit purpose (the operator's flatten passes the latches).
  // Returns the decision (approved: the order was created and is being sent).
  risk::RiskDecision submit(const strategy::OrderIntent& intent, risk::IntentPurpose purpose);
  // Cancels any open order by id (operator, kill switch); false when it is not open.
  bool cancel_order(const ClientOrderId& id, std::string_view why);
  // Cancels every open order; how many cancels were requested.
  std::size_t cancel_everything(std::string_view why);

  // What the exchange or the paper venue reports.
  void on_fill(const ExchangeFill& fill, Timestamp received_at);
  void on_order_update(const ExchangeUpdate& update, const std::optional<ClientOrderId>& id);
  // WS `fill` and `user_order` messages (other messages are ignored).
  void on_ws_message(const kalshi::WsMessage& message, Timestamp received_at);

  // The expiry sequence (expiry.hpp): with a phase lookup set, an intent in a market past
  // `normal` is denied (close_window, before the risk manager) unless the phase allows
  // reducing and the intent only reduces the position.
  using PhaseLookup = std::function<std::optional<MarketPhase>(const MarketTicker&)>;
  void set_phase_lookup(PhaseLookup lookup);

  // One reconciliation round against the exchange (live mode; see the header comment).
  boost::asio::awaitable<ReconcileReport> reconcile(kalshi::RestClient& rest);

  // The latest P(YES) a strategy's intents gave as evidence for a market (exit rules).
  std::optional<double> fair_value(const strategy::StrategyId& strategy,
                                   const MarketTicker& ticker) const;

  // Positions are known (paper: from start; live: after reconciliation).
  void set_positions_known(bool known);
  bool positions_known() const noexcept;

  const Ledger& ledger() const noexcept;
  const OrderTracker& orders() const noexcept;
  const PortfolioView& view() const noexcept;
  const EngineStats& stats() const noexcept;

  struct State;

 private:
  std::shared_ptr<State> state_;
};

// The strategy-facing view of a tracked order.
strategy::StrategyOrder strategy_order(const TrackedOrder& order);
strategy::OrderState strategy_state(OrderState state) noexcept;

}  // namespace antevorta::execution
