// PaperVenue: execution_mode `paper` — the engine's Venue over a PaperExchange
// (paper_exchange.hpp). No order leaves the process.
//
// Observation. The paper exchange sees what the daemon's books see: on_ws_message() takes
// the stream's orderbook snapshots and deltas and the public `trade` channel (subscribe it
// for the followed markets: queue position advances only on trades), on_book_state() marks
// a market stale on a sequence gap or disconnect, on_market_changed() cancels a market's
// resting paper orders when it closes (Kalshi cancels resting orders after close).
//
// Markets join lazily, at their first order: the market's grid comes from the daemon's book
// and its fee schedule from the MarketDirectory (a market whose fees are not known yet
// refuses the order: a paper fill without its fee would be fiction), and the paper book is
// seeded from the daemon's current book when that is fresh, so the paper exchange never
// waits for the next WS snapshot. From then on it follows the deltas.
//
// Reporting. create() answers like the REST client (kalshi::OrderWriteResult; a rule the
// exchange would enforce is a rejection with the exchange's code). The fills and order
// updates of every paper operation and observation go to the sinks, posted to the executor
// so they arrive after the create answer that caused them, in order.
//
// Errors: outcomes are values. Threading: io_context thread. Lifetime: clock, books,
// directory and market lookup outlive the venue; posted reports hold only a shared flag
// and are dropped once the venue is destroyed.
#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <boost/asio/any_io_executor.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/execution/order_events.hpp"
#include "antevorta/execution/paper_exchange.hpp"
#include "antevorta/execution/venue.hpp"
#include "antevorta/kalshi/book_store.hpp"
#include "antevorta/kalshi/events.hpp"
#include "antevorta/kalshi/market_directory.hpp"
#include "antevorta/kalshi/market_scanner.hpp"
#include "antevorta/kalshi/ws_messages.hpp"

namespace antevorta::execution {

class PaperVenue final : public Venue {
 public:
  using MarketLookup = std::function<const kalshi::Market*(const MarketTicker&)>;
  struct Sinks {
    std::function<void(const ExchangeFill&, Timestamp)> fill;
    std::function<void(const ExchangeUpdate&, const std::optional<ClientOrderId>&)> order;
  };

  PaperVenue(boost::asio::any_io_executor executor, Clock& clock, Logger logger,
             const kalshi::BookStore& books, MarketLookup markets,
             const kalshi::MarketDirectory& directory, PaperExchange::Options options);
  ~PaperVenue() override;
  PaperVenue(const PaperVenue&) = delete;
  PaperVenue& operator=(const PaperVenue&) = delete;

  void set_sinks(Sinks sinks);

  boost::asio::awaitable<kalshi::OrderWriteResult> create(kalshi::CreateOrderRequest request,
                                                          Count position) override;
  boost::asio::awaitable<kalshi::CancelResult> cancel(OrderId order_id,
                                                      MarketTicker ticker) override;
  boost::asio::awaitable<kalshi::OrderWriteResult> decrease(OrderId order_id, MarketTicker ticker,
                                                            Count reduce_to) override;

  void on_ws_message(const kalshi::WsMessage& message, Timestamp received_at);
  void on_book_state(const kalshi::BookStateChanged& change);
  void on_market_changed(const kalshi::MarketChanged& change);

  const PaperExchange& exchange() const noexcept { return exchange_; }

 private:
  // Adds the market to the paper exchange (seeded from the daemon's book); false when it
  // cannot be priced yet.
  bool ensure_market(const MarketTicker& ticker, Timestamp now);
  void deliver(PaperResult result);

  boost::asio::any_io_executor executor_;
  Clock& clock_;
  Logger log_;
  const kalshi::BookStore& books_;
  MarketLookup markets_;
  const kalshi::MarketDirectory& directory_;
  PaperExchange exchange_;
  std::shared_ptr<Sinks> sinks_;
};

}  // namespace antevorta::execution
