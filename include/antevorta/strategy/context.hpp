// What a strategy sees of the world and how it acts on it.
//
// StrategyContext is the strategy's whole view: the clock, books, markets, its own
// position, open orders and bankroll, its configuration, its logger, and the two actions,
// submit and cancel. The StrategyHost gives each strategy its own context (and the operator
// API one for "manual" orders: host.hpp), built over one StrategyServices object, so that
// the stamping of intents lives in one place:
//
//   submit(intent) sets intent.id ("<strategy>-<session>-<n>", unique per session; the
//   client_order_id derives from it), intent.strategy (the context's strategy, whatever the
//   caller wrote) and intent.created_at (the clock's now), hands the intent to
//   StrategyServices::submit and returns the id. The outcome arrives later as
//   StrategyOrderUpdate events (denied, pending, resting, …) and StrategyFill events.
//   A context whose strategy is disabled forwards no intent and returns an empty id
//   (cancels still go through, so on_stop may cancel what it left open).
//
// StrategyServices is implemented by the execution layer: one object for every strategy.
// submit() must send the intent down the same path for strategies and the operator (risk
// gate → execution); answers come back as events, never by re-entering the caller.
//
// Errors: expected outcomes are values and events (an unknown book is nullptr, a denial is
// an update with state `denied`); an exception from a service inside a strategy handler
// disables that strategy (strategy.hpp). Threading: the io_context thread only.
// Lifetime: services, clock and host outlive every context.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/strategy/events.hpp"
#include "antevorta/strategy/forecast.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::strategy {

class StrategyContext {
 public:
  virtual ~StrategyContext() = default;

  virtual const StrategyId& strategy() const noexcept = 0;
  // Its configuration: name, series, markets and the raw params (already validated by the
  // factory). For "manual" an empty configuration.
  virtual const config::StrategyConfig& config() const noexcept = 0;
  virtual const Logger& logger() const noexcept = 0;

  virtual const Clock& clock() const noexcept = 0;
  Timestamp now() const noexcept { return clock().now(); }

  // The market's book / metadata; nullptr when the daemon does not follow it.
  virtual const kalshi::OrderBook* book(const MarketTicker& ticker) const = 0;
  virtual const kalshi::Market* market(const MarketTicker& ticker) const = 0;
  // The market's effective fee schedule (series fee and event overrides); nullopt when it
  // is not known yet or its fee type is unknown (then a strategy must not count on a fee).
  virtual std::optional<kalshi::FeeSchedule> fees(const MarketTicker& ticker) const = 0;
  // This strategy's signed position in YES-equivalent contracts (+ YES, − NO).
  virtual Count position(const MarketTicker& ticker) const = 0;
  // This strategy's orders that may still trade (is_open(state)).
  virtual std::vector<StrategyOrder> open_orders() const = 0;
  // The money this strategy may size against (for kelly_size).
  virtual Money bankroll() const = 0;

  // See the header comment. Returns the intent's id (empty when nothing was forwarded).
  virtual IntentId submit(OrderIntent intent) = 0;
  // Asks execution to cancel one of this strategy's orders; false when it is not an open
  // order of this strategy (nothing is sent). The outcome is a StrategyOrderUpdate.
  virtual bool cancel(const ClientOrderId& id) = 0;
  // Cancels this strategy's open orders in one market; how many cancels were requested.
  virtual std::size_t cancel_all(const MarketTicker& ticker) = 0;
  // Moves one of this strategy's resting orders to `limit_price` (leg terms) with `count`
  // contracts left to fill. Kalshi keeps an order's queue place only when it shrinks in
  // place (decrease); so the same price and a smaller count is a decrease, anything else a
  // cancel-replace: the order is cancelled and a new intent (stamped like submit(), the
  // same leg, action and flags) goes through risk. The outcome says which; the order's
  // updates arrive as events. A disabled strategy's reprice is dropped.
  virtual RepriceOutcome reprice(const ClientOrderId& id, Price limit_price, Count count) = 0;

  // Calls the strategy's on_timer once after `delay`, replacing a pending request. The
  // request is dropped when the strategy is disabled. (The manual context ignores it.)
  virtual void schedule(Duration delay) = 0;

  // Records a probability the strategy's model produced (the forecast record scores it once
  // the market settles). `model` and `at` are the caller's; published on the bus.
  virtual void publish(const ForecastPublished& forecast) = 0;
};

// Implemented by the execution layer; see the header comment.
class StrategyServices {
 public:
  virtual ~StrategyServices() = default;

  virtual const kalshi::OrderBook* book(const MarketTicker& ticker) const = 0;
  virtual const kalshi::Market* market(const MarketTicker& ticker) const = 0;
  virtual std::optional<kalshi::FeeSchedule> fees(const MarketTicker& ticker) const = 0;
  virtual Count position(const StrategyId& strategy, const MarketTicker& ticker) const = 0;
  virtual std::vector<StrategyOrder> open_orders(const StrategyId& strategy) const = 0;
  virtual Money bankroll(const StrategyId& strategy) const = 0;

  // A complete intent (id, strategy and created_at set). Outcomes come back as events.
  virtual void submit(const OrderIntent& intent) = 0;
  virtual bool cancel(const StrategyId& strategy, const ClientOrderId& id) = 0;
  virtual std::size_t cancel_all(const StrategyId& strategy, const MarketTicker& ticker) = 0;
  // `replacement` is the complete id of the intent a cancel-replace submits (the context
  // stamps it as it stamps submit()).
  virtual RepriceOutcome reprice(const StrategyId& strategy, const ClientOrderId& id,
                                 Price limit_price, Count count, const IntentId& replacement) = 0;
};

}  // namespace antevorta::strategy
