// The operator API: an HTTP/1.1 + WebSocket server on `http.listen` over a Backend.
//
// Routes (README "Operator API"; shapes in encode.hpp):
//   GET  /                        the dashboard (index.html, app.js, style.css)
//   GET  /healthz                 the event loop answers: 200 {"status":"ok",…}
//   GET  /readyz                  200 when ready, else 503 with the reasons
//   GET  /metrics                 Prometheus text exposition
//   GET  /api/status | /api/markets | /api/books/{ticker} | /api/positions
//   GET  /api/orders?status=&limit= | /api/fills?limit= | /api/signals?limit= |
//        /api/decisions?limit= | /api/crypto | /api/forecasts | /api/equity
//   POST /api/orders  DELETE /api/orders/{client_order_id}  POST /api/kill-switch
//   POST /api/flatten  POST /api/circuit-breaker/reset  POST /api/strategies/{name}
//   GET  /api/stream              WebSocket of live events
// Mutating calls (POST, DELETE) need `Authorization: Bearer <token>`: 401 without it,
// checked before the body is parsed (the body is read first, up to the limit: an
// over-limit body is 413 whoever sends it). Errors are JSON {"error": code, "message": sentence}:
// 400 (malformed JSON, unknown fields, bad numbers, bad query), 401, 404 (unknown route or
// name), 405 (known path, other method; with Allow), 409 (an order that is not open), 413
// (body over ApiOptions::max_body), 422 (an order the risk manager denied), 500 (a store
// read failed; logged).
//
// Stream: each message is {"type", "at", "data"}; status_update every
// ApiOptions::status_interval, and signal / decision (execution::IntentDecided),
// order_update (strategy::StrategyOrderUpdate), fill (strategy::StrategyFill) and whatever
// broadcast() is given (alerts) as they happen. A client may send
// {"subscribe_books": ["TICKER", …]} (replaces its set; at most kMaxBookSubscriptions) and
// then gets `book` messages for those markets, at most one per market per book_interval.
// A slow client whose outbox fills is disconnected (the server's bounded outbox); trading
// never waits for it.
//
// Errors: start() throws std::runtime_error naming the address when it cannot listen.
// Threading: the io_context thread. Lifetime: the bus, clock and backend outlive the API.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <nlohmann/json.hpp>

#include "antevorta/api/backend.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/core/secret.hpp"
#include "antevorta/net/http_server.hpp"

namespace antevorta::api {

inline constexpr std::size_t kMaxBookSubscriptions = 20;

struct ApiOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8787;  // 0 = any free port
  std::size_t max_body = 64 * 1024;
  std::size_t max_connections = 64;
  std::size_t max_stream_clients = 16;
  Duration status_interval = std::chrono::seconds(2);
  Duration book_interval = std::chrono::milliseconds(500);
  std::size_t default_limit = 100;  // rows of the list endpoints
  std::size_t max_limit = 1000;
};

class OperatorApi {
 public:
  OperatorApi(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock, Logger logger,
              ApiOptions options, Secret token, Backend& backend);
  ~OperatorApi();
  OperatorApi(const OperatorApi&) = delete;
  OperatorApi& operator=(const OperatorApi&) = delete;

  void start();  // listens, subscribes, starts the stream's timers
  void stop();   // idempotent
  std::uint16_t port() const noexcept;
  std::size_t stream_clients() const noexcept;

  // Answers one request as the server would (the tests drive routes with it).
  net::ServerResponse handle(const net::ServerRequest& request);
  // Sends {"type": type, "at": now, "data": data} to every stream client.
  void broadcast(std::string_view type, const nlohmann::json& data);

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace antevorta::api
