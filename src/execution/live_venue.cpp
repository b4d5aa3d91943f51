// The live venue over the REST client, and the WS fill message as an owned fill.
#include "antevorta/execution/live_venue.hpp"

namespace antevorta::execution {

ExchangeFill exchange_fill(const kalshi::FillMessage& m) {
  ExchangeFill out;
  kalshi::Fill& f = out.fill;
  f.trade_id = TradeId(std::string(m.trade_id));
  f.order_id = OrderId(std::string(m.order_id));
  f.ticker = MarketTicker(std::string(m.market_ticker));
  f.outcome_side = m.outcome_side;
  f.book_side = m.book_side;
  f.count = m.count;
  f.yes_price = m.yes_price;
  f.no_price = m.yes_price.complement();
  f.is_taker = m.is_taker;
  f.fee_cost = m.fee_cost.value_or(Money{});
  if (m.ts_ms != 0) f.created_time = from_unix_ms(m.ts_ms);
  if (m.exchange_index) f.exchange_index = static_cast<int>(*m.exchange_index);
  if (m.subaccount) f.subaccount = static_cast<int>(*m.subaccount);
  if (m.client_order_id) out.client_order_id = ClientOrderId(std::string(*m.client_order_id));
  out.fee_known = m.fee_cost.has_value();
  return out;
}

boost::asio::awaitable<kalshi::OrderWriteResult> LiveVenue::create(
    kalshi::CreateOrderRequest request, Count /*position: the exchange knows its own*/) {
  co_return co_await rest_.create_order(std::move(request));
}

boost::asio::awaitable<kalshi::CancelResult> LiveVenue::cancel(OrderId order_id,
                                                               MarketTicker ticker) {
  kalshi::CancelOrderRequest request;
  request.order_id = std::move(order_id);
  request.market_ticker = std::move(ticker);
  co_return co_await rest_.cancel_order(std::move(request));
}

boost::asio::awaitable<kalshi::OrderWriteResult> LiveVenue::decrease(OrderId order_id,
                                                                     MarketTicker ticker,
                                                                     Count reduce_to) {
  kalshi::DecreaseOrderRequest request;
  request.order_id = std::move(order_id);
  request.market_ticker = std::move(ticker);
  request.reduce_to = reduce_to;
  co_return co_await rest_.decrease_order(std::move(request));
}

}  // namespace antevorta::execution
