// Where execution sends orders: the exchange over REST (LiveVenue, live_venue.hpp) or the
// in-process paper exchange (PaperVenue, paper_venue.hpp). The engine (engine.hpp) talks to
// both through this interface, and both report back in the same shapes: the create answer
// as kalshi::OrderWriteResult, order changes as kalshi::Order / ExchangeUpdate, fills as
// ExchangeFill. So live and paper run the same state machine, ledger and store code.
//
// Contract of a venue:
//  - create() sends the V2 create request and answers with the exchange's outcome:
//    accepted (an ack, or the order found after a 409), rejected (nothing was placed), or
//    unknown (it may have been placed; the engine resolves it, never guesses). The request
//    carries the order's client_order_id, so a re-send cannot place a second order.
//  - cancel() cancels by exchange order id, decrease() shrinks a resting order in place; `ticker`
//  routes it to the market's shard
//    (API-NOTES §5.5: a cancel without market_ticker or exchange_index goes to shard 0).
//  - Fills and order updates that are not answers (WS `fill` / `user_order`, paper fills
//    when the observed book trades through a resting order) reach the engine through its
//    on_fill / on_order_update, never by re-entering a create or cancel caller.
//
// Errors: outcomes are values; an exception from a venue is an infrastructure failure,
// caught by the engine's task and turned into an unknown outcome. Threading: io_context
// thread only.
#pragma once

#include <optional>

#include <boost/asio/awaitable.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/kalshi/ws_user_messages.hpp"

namespace antevorta::execution {

// One execution reported by a venue. `fill` is in the exchange's REST shape (YES price, the
// leg bought as outcome_side); `fee_known` is false when the report carried no fee (a WS
// fill without fee_cost), in which case fill.fee_cost is zero and the engine prices it
// from the market's fee schedule.
struct ExchangeFill {
  kalshi::Fill fill;
  std::optional<ClientOrderId> client_order_id;
  bool fee_known = true;
};

// A WS `fill` message as an owned ExchangeFill (created_time from ts_ms).
ExchangeFill exchange_fill(const kalshi::FillMessage& message);

class Venue {
 public:
  virtual ~Venue() = default;
  // `position` is the market's signed position (+YES / −NO), for reduce-only checks that a
  // paper venue performs itself; the exchange knows its own.
  virtual boost::asio::awaitable<kalshi::OrderWriteResult> create(
      kalshi::CreateOrderRequest request, Count position) = 0;
  virtual boost::asio::awaitable<kalshi::CancelResult> cancel(OrderId order_id,
                                                              MarketTicker ticker) = 0;
  // Shrinks a resting order to `reduce_to` contracts left to fill, keeping its queue place.
  virtual boost::asio::awaitable<kalshi::OrderWriteResult> decrease(OrderId order_id,
                                                                    MarketTicker ticker,
                                                                    Count reduce_to) = 0;
};

}  // namespace antevorta::execution
