// The daemon's connection to its exchange, composed for `run`: the in-process simulator
// (kalshi.environment: sim, on a free loopback port with a key generated at start), the
// signer, the REST client, the WebSocket stream client with its books, and the market
// scanner. Logs a book summary every 10 s.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"

namespace antevorta::cli {

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

  struct Parts;

 private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace antevorta::cli
