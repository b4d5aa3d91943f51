// The strategy layer's bus events and what a strategy learns about its own orders.
//
//   StrategyStateChanged — a strategy was enabled or disabled: from its configuration at
//                          start, by the operator, or because it failed. The host publishes it.
//   StrategyOrderUpdate  — one of a strategy's orders changed state.
//   StrategyFill         — one execution of a strategy's order.
//
// StrategyOrderUpdate and StrategyFill are published by the execution layer (and, for risk
// denials, by whatever bridges risk::RiskDenied into an update with state `denied`: risk
// depends on this component, so the host cannot subscribe to it). The StrategyHost
// subscribes to both and routes each to the strategy named in it; updates for "manual" or
// for unknown names are not delivered to any strategy.
//
// Errors: none (plain data). Threading: values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::strategy {

// Where an intent's order stands. An unknown outcome (a timeout, a 5xx) is `unknown`, not
// `rejected`: execution resolves it from the exchange and sends another update.
enum class OrderState : std::uint8_t {
  pending,   // approved by risk, not yet acknowledged by the exchange (or paper engine)
  resting,   // on the book; may be partly filled
  filled,    // completely filled
  canceled,  // canceled: by us, by the exchange, or an IOC's unfilled rest (filled may be > 0)
  denied,    // the risk manager refused the intent; nothing was sent
  rejected,  // the exchange refused the order
  unknown,   // the outcome is not known yet; treat as possibly live
};
std::string_view to_string(OrderState state) noexcept;
// pending, resting and unknown: the order may still trade.
constexpr bool is_open(OrderState state) noexcept {
  return state == OrderState::pending || state == OrderState::resting ||
         state == OrderState::unknown;
}

// One order of a strategy, as execution knows it.
struct StrategyOrder {
  StrategyId strategy;
  IntentId intent;
  ClientOrderId client_order_id;  // empty until execution has derived it
  MarketTicker ticker;
  kalshi::OutcomeSide side = kalshi::OutcomeSide::yes;
  Action action = Action::buy;
  Price limit_price;  // in the leg's own terms
  Count count;        // ordered
  Count filled;       // so far
  kalshi::TimeInForce time_in_force = kalshi::TimeInForce::good_till_canceled;
  OrderState state = OrderState::pending;

  Count remaining() const { return count - filled; }
};

// What a reprice request did (StrategyContext::reprice).
enum class RepriceOutcome : std::uint8_t {
  not_open,        // not an open, acknowledged order of this strategy: nothing was sent
  unchanged,       // the same price and size: nothing was sent
  decrease,        // same price, smaller size: decreased in place, keeping its queue place
  cancel_replace,  // a new price or a larger size: cancelled, and a new intent submitted
  dropped,         // the strategy is disabled: nothing was sent
};
std::string_view to_string(RepriceOutcome outcome) noexcept;

struct StrategyOrderUpdate {
  StrategyOrder order;  // after the change
  std::string reason;   // for people: the risk rule, the exchange's error; may be empty
  Timestamp at{};
};

struct StrategyFill {
  StrategyId strategy;
  IntentId intent;
  ClientOrderId client_order_id;
  TradeId trade_id;
  MarketTicker ticker;
  kalshi::OutcomeSide side = kalshi::OutcomeSide::yes;
  Action action = Action::buy;
  Price price;  // in the leg's own terms
  Count count;
  Money fee;
  kalshi::Liquidity liquidity = kalshi::Liquidity::taker;
  Timestamp at{};
};

// Why a strategy's enabled state changed.
enum class StateChangeReason : std::uint8_t {
  config,            // host start: the strategy is enabled in its configuration
  operator_request,  // set_enabled() (the operator API)
  failed,            // a handler threw; `detail` says what
};
std::string_view to_string(StateChangeReason reason) noexcept;

struct StrategyStateChanged {
  StrategyId name;
  bool enabled = false;  // after the change
  StateChangeReason reason = StateChangeReason::operator_request;
  std::string detail;  // the error when failed
  Timestamp at{};
};

}  // namespace antevorta::strategy
