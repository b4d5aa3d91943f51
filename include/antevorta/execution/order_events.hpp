// The events that move a TrackedOrder (order.hpp), and their construction from what the
// exchange sends: the create answer (kalshi::OrderWriteResult), REST orders and fills
// (kalshi::Order, kalshi::Fill) and the WS `user_order` / `fill` messages. Paper execution
// speaks the same kalshi types (paper.hpp), so live and paper feed the state machine alike.
//
// Prices in events are in the order's leg terms (like TrackedOrder::limit_price); the
// converters turn the exchange's YES price into the leg's (NO at x = YES at 1 − x).
//
// Errors: none (plain data and pure functions). Threading: values.
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/kalshi/ws_user_messages.hpp"

namespace antevorta::execution {

// A create request was sent (first send or a re-send with the same client_order_id).
struct Submitted {
  Timestamp at{};
};

// The exchange's answer to the create: the order exists.
struct Accepted {
  OrderId order_id;
  Count filled;                    // filled on entry (`fill_count`)
  std::optional<Count> remaining;  // `remaining_count`; absent = count − filled
  Timestamp at{};
};

// The exchange refused the create (a 4xx, or a 2xx without an order).
struct Rejected {
  std::string reason;  // the exchange's words (RestError::describe())
  Timestamp at{};
};

// The create's fate is unknown (timeout, 5xx, connection lost after sending).
struct OutcomeUnknown {
  std::string reason;
  Timestamp at{};
};

// The exchange's view of the order (WS `user_order`, REST order reads, a resolution).
struct ExchangeUpdate {
  OrderId order_id;
  kalshi::OrderStatus status = kalshi::OrderStatus::unknown;
  Count filled;     // cumulative
  Count remaining;  // resting
  Timestamp at{};
};

// One execution of the order (WS `fill`, REST fills, a paper fill).
struct Filled {
  TradeId trade_id;
  std::optional<OrderId> order_id;
  Count count;
  Price price;  // leg terms
  Money fee;
  bool taker = false;
  Timestamp at{};
};

// We asked to cancel (the request may still be in flight).
struct CancelRequested {
  Timestamp at{};
};

// The cancel's answer: the order is off the book.
struct Canceled {
  Count reduced_by;
  Timestamp at{};
};

// Resolution of an unknown outcome: the exchange has no order with our client_order_id.
struct NotFound {
  Timestamp at{};
};

using OrderEvent = std::variant<Submitted, Accepted, Rejected, OutcomeUnknown, ExchangeUpdate,
                                Filled, CancelRequested, Canceled, NotFound>;

// The event for a create's answer: accepted → Accepted (or, after a 409 resolved by
// reading the orders, the ExchangeUpdate of the order found); rejected → Rejected;
// unknown → OutcomeUnknown.
OrderEvent create_answer_event(const kalshi::OrderWriteResult& result, Timestamp at);
ExchangeUpdate exchange_update(const kalshi::Order& order, Timestamp at);
ExchangeUpdate exchange_update(const kalshi::UserOrderUpdate& update, Timestamp at);
// `leg` is the tracked order's leg: the fill's YES price becomes the leg's price. A WS fill
// without `fee_cost` counts as a zero fee (reconciliation with REST fills corrects it).
Filled fill_event(const kalshi::Fill& fill, kalshi::OutcomeSide leg, Timestamp at);
Filled fill_event(const kalshi::FillMessage& fill, kalshi::OutcomeSide leg, Timestamp at);

}  // namespace antevorta::execution
