// LiveVenue: execution_mode `live`. Orders go to the configured exchange (Kalshi, or the
// simulator, which counts as an exchange) through the REST client's V2 order endpoints:
// create with the order's client_order_id (the client retries timeouts and 5xx with the
// same id and resolves a 409 by reading the order back, rest_client.hpp), cancel with the
// market's ticker so the exchange routes it to the market's shard.
//
// Fills and order updates come from the WS `fill` and `user_orders` channels (the engine's
// on_ws_message) and from reconciliation's REST reads, not from here.
// Errors: outcomes are values (see venue.hpp). Threading: io_context thread. Lifetime: the
// REST client outlives the venue.
#pragma once

#include "antevorta/execution/venue.hpp"
#include "antevorta/kalshi/rest_client.hpp"

namespace antevorta::execution {

class LiveVenue final : public Venue {
 public:
  explicit LiveVenue(kalshi::RestClient& rest) : rest_(rest) {}

  boost::asio::awaitable<kalshi::OrderWriteResult> create(kalshi::CreateOrderRequest request,
                                                          Count position) override;
  boost::asio::awaitable<kalshi::CancelResult> cancel(OrderId order_id,
                                                      MarketTicker ticker) override;
  boost::asio::awaitable<kalshi::OrderWriteResult> decrease(OrderId order_id, MarketTicker ticker,
                                                            Count reduce_to) override;

 private:
  kalshi::RestClient& rest_;
};

}  // namespace antevorta::execution
