// The operator surface of `run`, composed over the started KalshiLink and Trading: the
// operator API (http.listen, its token from http.token or the api_token file next to the
// database), the alert rules (AlertMonitor: Alert events on the bus, forwarded to the API's
// stream) and, when alerts.discord_webhook_url is set, the Discord notifier. REST
// authentication failures are checked every 5 s and reported to the alert rules.
// Errors: start() returns the reason it cannot start (token file, listen address, webhook
// URL). Threading: the io_context thread. Lifetime: everything passed in outlives it.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"

#include "cli/crypto_link.hpp"
#include "cli/kalshi_link.hpp"
#include "cli/trading.hpp"

namespace antevorta::cli {

class OperatorSurface {
 public:
  OperatorSurface(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock,
                  const Logging& logging, const config::AppConfig& cfg, KalshiLink& link,
                  Trading& trading, CryptoLink& crypto);
  ~OperatorSurface();
  OperatorSurface(const OperatorSurface&) = delete;
  OperatorSurface& operator=(const OperatorSurface&) = delete;

  std::optional<std::string> start();
  void stop();

  struct Parts;

 private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace antevorta::cli
