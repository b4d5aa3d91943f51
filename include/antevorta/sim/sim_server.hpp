// The Kalshi exchange simulator as a server on loopback: one HTTP port carrying the REST API
// under /trade-api/v2 and the WebSocket API at /trade-api/ws/v2, both authenticated with
// Kalshi's request signatures, over a SimExchange that a periodic task advances (lifecycle,
// liquidity providers) every tick.
//
// The same port serves the simulated crypto venues' public feeds (feed_hub.hpp) on their own
// paths without authentication; feed_url() names them. A second periodic task (every
// feed_interval) steps the simulated indices and lets the venues quote and trade.
//
// Used three ways: in-process by `antevorta run` when kalshi.environment is sim (with a key
// generated at start), standalone by `antevorta sim --port N`, and by component tests (with
// faults: RestApi::add_fault, WsHub::skip_seq / inject / fail_channel, drop_websockets(),
// feeds().drop / set_silent / set_price_offset, exchange().indices() jumps).
//
// Errors: the constructor throws std::runtime_error when index_path cannot be read; start()
// throws std::runtime_error naming host:port when it cannot listen.
// Threading: one io_context thread. Lifetime: the clock must outlive the server.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/net/http_server.hpp"
#include "antevorta/net/periodic_task.hpp"
#include "antevorta/sim/access.hpp"
#include "antevorta/sim/feed_hub.hpp"
#include "antevorta/sim/rest_api.hpp"
#include "antevorta/sim/sim_exchange.hpp"

namespace antevorta::sim {

struct SimServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 = any free port
  std::uint64_t seed = 1;
  Duration tick_interval = std::chrono::seconds(1);
  // The crypto windows' length (sim.crypto_window_seconds): 15 minutes like Kalshi's.
  Duration crypto_window = std::chrono::minutes(15);
  // A recorded index path (sim.index_path, CSV `unix_ms,asset,value`); empty = random walk.
  std::filesystem::path index_path;
  Duration feed_interval = std::chrono::milliseconds(250);
  FeedOptions feeds{};
  SimExchangeOptions exchange{};
  AccessControl::Options access{};
  net::HttpServerOptions http{};  // host and port are taken from above
};

class SimServer {
 public:
  SimServer(boost::asio::any_io_executor executor, Clock& clock, Logger logger,
            SimServerOptions options);
  ~SimServer();
  SimServer(const SimServer&) = delete;
  SimServer& operator=(const SimServer&) = delete;

  void start();
  void stop();
  std::uint16_t port() const noexcept;
  std::string rest_url() const;  // http://host:port/trade-api/v2
  std::string ws_url() const;    // ws://host:port/trade-api/ws/v2
  // The URL of a simulated feed: "coinbase_advanced" (ws://host:port/feeds/coinbase-advanced),
  // "coinbase_exchange" (…/feeds/coinbase-exchange), "binance" (the base …/feeds/binance; the
  // client appends /stream?streams=… or /ws), "kraken" (…/feeds/kraken/v2). Empty for an
  // unknown protocol.
  std::string feed_url(std::string_view protocol) const;

  // Lets a key sign requests for `account`, funding each of shards 0 and 2 with `funding`
  // the first time the account is seen. Returns the problem when the key does not parse.
  std::optional<std::string> add_api_key(const std::string& key_id,
                                         const std::string& public_key_pem, AccountId account,
                                         Money funding = Money::from_centicents(100'000'000));

  SimExchange& exchange() noexcept { return exchange_; }
  RestApi& rest() noexcept { return rest_; }
  AccessControl& access() noexcept { return access_; }
  FeedHub& feeds() noexcept { return feeds_; }
  // Aborts every WebSocket connection (clients see a dropped socket).
  void drop_websockets();
  std::size_t websocket_count() const noexcept;

 private:
  // Hands a WebSocket upgraded on a feed path to the feed hub; false for other paths.
  bool accept_feed(const std::shared_ptr<net::ServerWebSocket>& ws);

  boost::asio::any_io_executor executor_;
  Clock& clock_;
  Logger logger_;
  SimServerOptions options_;
  SimExchange exchange_;
  AccessControl access_;
  RestApi rest_;
  FeedHub feeds_;
  std::unique_ptr<net::HttpServer> http_;
  std::unique_ptr<net::PeriodicTask> ticker_;
  std::unique_ptr<net::PeriodicTask> feed_ticker_;
  std::set<AccountId> funded_;
};

}  // namespace antevorta::sim
