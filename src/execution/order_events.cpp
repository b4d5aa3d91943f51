// Order events from the exchange's answers and messages.
#include "antevorta/execution/order_events.hpp"

namespace antevorta::execution {

namespace {

Price leg_price(Price yes_price, kalshi::OutcomeSide leg) noexcept {
  return leg == kalshi::OutcomeSide::yes ? yes_price : yes_price.complement();
}

kalshi::OrderStatus order_status(kalshi::UserOrderStatus s) noexcept {
  switch (s) {
    case kalshi::UserOrderStatus::resting:
      return kalshi::OrderStatus::resting;
    case kalshi::UserOrderStatus::canceled:
      return kalshi::OrderStatus::canceled;
    case kalshi::UserOrderStatus::executed:
      return kalshi::OrderStatus::executed;
    case kalshi::UserOrderStatus::unknown:
      return kalshi::OrderStatus::unknown;
  }
  return kalshi::OrderStatus::unknown;
}

std::string describe(const std::optional<kalshi::RestError>& error, std::string_view fallback) {
  return error ? error->describe() : std::string(fallback);
}

}  // namespace

OrderEvent create_answer_event(const kalshi::OrderWriteResult& result, Timestamp at) {
  switch (result.outcome) {
    case kalshi::WriteOutcome::accepted:
      if (result.order) return exchange_update(*result.order, at);
      if (result.ack) {
        return Accepted{result.ack->order_id, result.ack->fill_count.value_or(Count{}),
                        result.ack->remaining_count, at};
      }
      // Accepted without an answer body cannot happen (the client requires an order id);
      // treat it as unknown rather than guess.
      return OutcomeUnknown{"accepted without an acknowledgement", at};
    case kalshi::WriteOutcome::rejected:
      return Rejected{describe(result.error, "rejected"), at};
    case kalshi::WriteOutcome::unknown:
      break;
  }
  return OutcomeUnknown{describe(result.error, "unknown outcome"), at};
}

ExchangeUpdate exchange_update(const kalshi::Order& order, Timestamp at) {
  return ExchangeUpdate{order.order_id, order.status, order.fill_count, order.remaining_count, at};
}

ExchangeUpdate exchange_update(const kalshi::UserOrderUpdate& update, Timestamp at) {
  return ExchangeUpdate{OrderId(update.order_id), order_status(update.status), update.fill_count,
                        update.remaining_count, at};
}

Filled fill_event(const kalshi::Fill& fill, kalshi::OutcomeSide leg, Timestamp at) {
  std::optional<OrderId> order_id;
  if (!fill.order_id.empty()) order_id = fill.order_id;
  return Filled{fill.trade_id, order_id,      fill.count, leg_price(fill.yes_price, leg),
                fill.fee_cost, fill.is_taker, at};
}

Filled fill_event(const kalshi::FillMessage& fill, kalshi::OutcomeSide leg, Timestamp at) {
  std::optional<OrderId> order_id;
  if (!fill.order_id.empty()) order_id = OrderId(fill.order_id);
  return Filled{TradeId(fill.trade_id),
                order_id,
                fill.count,
                leg_price(fill.yes_price, leg),
                fill.fee_cost.value_or(Money::zero()),
                fill.is_taker,
                at};
}

}  // namespace antevorta::execution
