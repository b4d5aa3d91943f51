// The market directory: what the daemon knows about the events and series of the markets it
// follows, beyond the Market itself — the series' fee type and multiplier and category, the
// event's fee override and whether its markets are mutually exclusive. Risk and execution
// need these for every order (fees, event exposure), so they are fetched once per event and
// series and kept.
//
// Feeding: a MarketChanged{listed} bus event (from the MarketScanner) makes the directory
// fetch the market's event (GET /events/{ticker}) and then its series (GET /series/{ticker})
// unless known or in flight; a failed fetch is retried with backoff (retry_delay, doubling,
// at most max_attempts sends) and then logged as an error. event_fee_update messages (wire
// on_message to the StreamClient's message tap) change an event's override in place.
//
// fees(): the market's effective schedule (the event's override wins over the series'), or
// nullopt while either is unknown, or when a fee type is not one this build knows (callers
// fail closed).
// Threading: io_context thread. Lifetime: bus, clock and REST client outlive the directory;
// it may be destroyed right after stop().
#pragma once

#include <map>
#include <memory>
#include <optional>

#include <boost/asio/any_io_executor.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/market_scanner.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/kalshi/ws_messages.hpp"

namespace antevorta::kalshi {

struct DirectoryOptions {
  Duration retry_delay = std::chrono::seconds(2);
  int max_attempts = 5;
};

class MarketDirectory {
 public:
  MarketDirectory(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock, Logger logger,
                  RestClient& rest, DirectoryOptions options = {});
  ~MarketDirectory();
  MarketDirectory(const MarketDirectory&) = delete;
  MarketDirectory& operator=(const MarketDirectory&) = delete;

  void stop();
  // Loads the event (and its series) of `market` unless known or in flight.
  void learn(const Market& market);
  void on_message(const WsMessage& message, Timestamp at);

  const Event* event(const EventTicker& ticker) const noexcept;
  const Series* series(const SeriesTicker& ticker) const noexcept;
  // The effective fee schedule of a market of `event`; see the top of this file.
  std::optional<FeeSchedule> fees(const EventTicker& event) const noexcept;
  std::size_t pending_fetches() const noexcept;

  struct State;

 private:
  boost::asio::any_io_executor executor_;
  std::shared_ptr<State> state_;
  Subscription subscription_;
};

}  // namespace antevorta::kalshi
