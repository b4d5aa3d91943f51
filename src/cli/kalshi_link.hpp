// The daemon's connection to its exchange, composed for `run`: the in-process simulator
// (kalshi.environment: sim, on a free loopback port with a key generated at start), the
// signer, the REST client, the WebSocket stream client with its books, and the market
// scanner, the market directory and the exchange status monitor. Logs a book summary every
// 10 s. The parts are reachable (after a successful start()) for the trading composition.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/kalshi/book_store.hpp"
#include "antevorta/kalshi/exchange_status.hpp"
#include "antevorta/kalshi/market_directory.hpp"
#include "antevorta/kalshi/market_scanner.hpp"
#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/kalshi/stream_client.hpp"
#include "antevorta/sim/sim_server.hpp"

namespace antevorta::cli {

// The REST connection as the operator sees it: auth_failed (Kalshi refused the key),
// unreachable (the last exchange got no answer: connect, TLS, timeout), ok (answered), or
// connecting (nothing answered yet).
struct RestHealth {
  bool up = false;
  std::string state;
  std::string detail;
};
RestHealth rest_health(const kalshi::RestClient& rest);

class KalshiLink {
 public:
  KalshiLink(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock,
             const Logging& logging, const config::AppConfig& cfg);
  ~KalshiLink();
  KalshiLink(const KalshiLink&) = delete;
  KalshiLink& operator=(const KalshiLink&) = delete;

  // Starts everything; the reason when it cannot (bad key, simulator port taken).
  std::optional<std::string> start();
  void stop();
  const std::string& rest_url() const noexcept;
  const std::string& ws_url() const noexcept;

  // Valid after a successful start(), until destruction.
  kalshi::RestClient& rest();
  kalshi::StreamClient& stream();
  const kalshi::BookStore& books() const;
  const kalshi::MarketScanner& scanner() const;
  const kalshi::MarketDirectory& directory() const;
  const kalshi::ExchangeStatusMonitor& exchange_status() const;
  // The in-process simulator (kalshi.environment sim without URL overrides); else nullptr.
  sim::SimServer* sim() noexcept;
  // Another reader of the stream's messages (after the scanner and the directory).
  void add_message_tap(kalshi::StreamClient::MessageTap tap);

  struct Parts;

 private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace antevorta::cli
