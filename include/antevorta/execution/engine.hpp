// Engine: execution for every strategy and the operator — intents in, orders out, fills
// into the ledger and the store. It implements strategy::StrategyServices.
//
// An intent's path (submit):
//   1. The intent is recorded (store), always, so every decision has its intent on record.
//   2. An intent whose derived client_order_id is already tracked is not sent again (the
//      strategy hears the order's current state).
//   3. The risk gate evaluates it against the PortfolioView (fail closed: before the
//      positions are known every intent is denied as unknown_input). The decision is
//      recorded; a denial is published as StrategyOrderUpdate{state denied, reason}.
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
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/execution/ledger.hpp"
#include "antevorta/execution/order_tracker.hpp"
#include "antevorta/execution/portfolio_view.hpp"
#include "antevorta/execution/venue.hpp"
#include "antevorta/kalshi/ws_messages.hpp"
#include "antevorta/risk/decision.hpp"
#include "antevorta/risk/manager.hpp"
#include "antevorta/store/trading_store.hpp"
#include "antevorta/strategy/context.hpp"

namespace antevorta::execution {

inline const strategy::StrategyId kExternalStrategy{"external"};

struct EngineOptions {
  ClientIdPrefix prefix = *ClientIdPrefix::make("av1-");
  bool paper = true;
  Money paper_starting_balance = Money::from_centicents(10'000 * Money::kDollar);
  int max_create_attempts = 3;                      // sends of one create, unknown outcomes
  Duration resend_delay = std::chrono::seconds(2);  // before re-sending an unknown create
  // Final orders are dropped from memory this long after their last change (the store
  // keeps them).
  Duration forget_final_after = std::chrono::hours(1);
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
  std::uint64_t illegal_events = 0;  // order events the state machine refused
  std::uint64_t store_failures = 0;  // orders not sent because their commit failed
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
  Count position(const strategy::StrategyId& strategy, const MarketTicker& ticker) const override;
  std::vector<strategy::StrategyOrder> open_orders(
      const strategy::StrategyId& strategy) const override;
  Money bankroll(const strategy::StrategyId& strategy) const override;
  void submit(const strategy::OrderIntent& intent) override;
  bool cancel(const strategy::StrategyId& strategy, const ClientOrderId& id) override;
  std::size_t cancel_all(const strategy::StrategyId& strategy, const MarketTicker& ticker) override;

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
