// An HTTP/1.1 + WebSocket server (plain TCP) for the exchange simulator and the operator API.
//
// - HTTP: keep-alive, one request at a time per connection, bodies up to max_body (413
//   beyond), malformed requests 400, a handler exception 500 (logged, the server goes on).
//   Each request read and each response write has read_timeout / write_timeout.
// - WebSocket: an upgrade request goes to the UpgradeCheck (refuse with any response, e.g.
//   401 + JSON body), then the handshake, then WsAccept receives the session. Without a
//   WsAccept, upgrade requests are answered 404.
// - Limits: at most max_connections open connections (HTTP or WebSocket); further
//   connections are accepted and closed at once (logged).
//
// Errors: start() throws std::runtime_error naming host:port. Network failures of a
// connection end that connection only (logged at debug level).
// Threading: everything on the one executor (single-threaded io_context); handlers run on it
// and must not block. Lifetime: stop() (also run by the destructor) closes every connection;
// coroutines still pending finish on their own without touching the HttpServer object. Once
// stop() returns no handler is called any more: WebSocket sessions run on_closed inside
// stop(). Only an HTTP handler coroutine already suspended resumes later (its owner must
// outlive it); its response is discarded.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/net/http_client.hpp"

namespace antevorta::net {

struct ServerRequest {
  std::string method;  // as sent, e.g. "GET"
  std::string target;  // path and query
  HeaderList headers;
  std::string body;
  std::string remote;  // "127.0.0.1:51234"

  const std::string* header(std::string_view name) const;  // case-insensitive; null if absent
};

struct ServerResponse {
  unsigned status = 200;
  HeaderList headers;
  std::string body;
  std::string content_type = "application/json";
};

// A WebSocket session the server accepted; handed to the application's WsAccept.
//
// Messages are delivered to on_message in order, one at a time (never re-entered); set the
// handlers inside WsAccept — messages that arrive while no handler is set are dropped, and a
// handler must not replace itself while it runs. on_closed runs once when the connection
// ends for any reason (peer close, close(), drop(), error; inside HttpServer::stop() when the
// server stops); the handlers are released after it, so they may capture the shared_ptr of
// this session. A handler that throws closes the session with 1011. Outgoing: a bounded outbox with
// one writer; the server pings every ws_ping_interval (payload "heartbeat").
class ServerWebSocket {
 public:
  struct Impl;
  explicit ServerWebSocket(std::shared_ptr<Impl> impl);
  ~ServerWebSocket();
  ServerWebSocket(const ServerWebSocket&) = delete;
  ServerWebSocket& operator=(const ServerWebSocket&) = delete;

  bool send(std::string text);  // false (nothing queued) when closed/closing or the outbox is full
  // After the queued messages, sends a close frame and ends the session. Idempotent.
  void close(std::uint16_t code = 1000, std::string_view reason = {});
  // Aborts the TCP connection without a close frame (fault injection).
  void drop();
  bool is_open() const noexcept;
  const ServerRequest& upgrade_request() const noexcept;
  void on_message(std::function<void(std::string_view)> handler);
  void on_closed(std::function<void()> handler);
  std::size_t outbox_size() const noexcept;
  std::uint64_t messages_sent() const noexcept;
  std::uint64_t messages_received() const noexcept;

 private:
  std::shared_ptr<Impl> impl_;
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 = any free port
  std::size_t max_body = 1 << 20;
  Duration read_timeout = std::chrono::seconds(30);   // one request (idle keep-alive included)
  Duration write_timeout = std::chrono::seconds(10);  // one response or WebSocket write
  std::size_t max_connections = 256;
  Duration ws_ping_interval = std::chrono::seconds(10);  // payload "heartbeat"; 0 = off
  std::size_t ws_outbox_limit = 4096;
  std::size_t ws_max_message_bytes = 1 << 20;  // a larger incoming message closes with 1009
};

class HttpServer {
 public:
  using Handler = std::function<boost::asio::awaitable<ServerResponse>(const ServerRequest&)>;
  // Decides an upgrade request: std::nullopt accepts it, a response refuses it (the client
  // sees that status and body).
  using UpgradeCheck = std::function<std::optional<ServerResponse>(const ServerRequest&)>;
  using WsAccept = std::function<void(std::shared_ptr<ServerWebSocket>)>;

  HttpServer(boost::asio::any_io_executor executor, Logger logger, HttpServerOptions options,
             Handler handler, UpgradeCheck upgrade_check = {}, WsAccept ws_accept = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  void start();  // binds and listens; throws std::runtime_error naming host:port on failure
  std::uint16_t port() const noexcept;  // the bound port (after start)
  void stop();                          // stops accepting, closes every connection; idempotent
  std::size_t connection_count() const noexcept;  // open HTTP and WebSocket connections
  std::size_t websocket_count() const noexcept;
  void drop_websockets();  // aborts every WebSocket (clients see a dropped socket)

  struct State;

 private:
  std::shared_ptr<State> state_;
};

}  // namespace antevorta::net
