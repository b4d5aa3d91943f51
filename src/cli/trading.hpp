// The daemon's trading side, composed for `run` over a started KalshiLink and the open store:
// the risk manager (its latches loaded from the store and persisted on every change), the
// venue (paper: the PaperExchange fed by the stream's books and public trades; live: the
// REST client, with the WS `fill` and `user_orders` channels), the execution engine, the
// strategies (config/strategies/*.yaml) under a StrategyHost, and the periodic duties:
//   - live reconciliation every execution.reconcile_interval_seconds (the first round at
//     start; until it succeeds the positions are unknown and risk denies every intent);
//   - once a second: the expiry sequence of every followed market (entries stop at
//     reduce_only, open orders are cancelled at cancel_all and close), resting orders older
//     than execution.order_timeout_seconds cancelled, and the strategies' exit rules
//     (strategies.<name>.exits) turned into reducing IOC orders through the same risk path.
// Strategies that trade on the price index (Strategy::trades_on_index) depend on the index of
// each market's asset: `index_feeds` answers which, for the risk manager's
// max_feed_age_seconds (empty: none).
// Errors: start() returns the reason it cannot start (strategies that fail to build).
// Threading: the io_context thread. Lifetime: the link, store, bus and clock outlive it.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/execution/engine.hpp"
#include "antevorta/risk/manager.hpp"
#include "antevorta/store/store.hpp"
#include "antevorta/store/trading_store.hpp"
#include "antevorta/strategy/host.hpp"

#include "cli/kalshi_link.hpp"

namespace antevorta::cli {

class Trading {
 public:
  using IndexFeeds =
      std::function<std::optional<std::vector<risk::FeedState>>(const MarketTicker&)>;

  Trading(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock,
          const Logging& logging, const config::AppConfig& cfg, store::Store& store,
          KalshiLink& link, IndexFeeds index_feeds = {});
  ~Trading();
  Trading(const Trading&) = delete;
  Trading& operator=(const Trading&) = delete;

  std::optional<std::string> start();
  void stop();

  // Valid after a successful start(), until destruction (the operator API's backend).
  execution::Engine& engine();
  risk::RiskManager& risk();
  strategy::StrategyHost& host();
  store::TradingStore& store();
  const std::string& session() const;  // this run's id in intent ids (unix ms at start)

  struct Parts;

 private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace antevorta::cli
