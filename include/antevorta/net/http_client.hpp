// An HTTP/1.1 client for one endpoint (scheme, host, port), on Boost.Beast coroutines.
//
// - http:// and https:// (TLS verifies the peer: system trust store + optional CA file, SNI,
//   host name or IP check).
// - Deadlines: resolve, connect, TLS handshake, write and read each have the connect or
//   request deadline, and the whole request has request_timeout.
// - Keep-alive: connections are reused. When a reused connection turns out to have been
//   closed by the server while idle, the request is sent once more on a new connection —
//   if it was never completely written, or if its method is idempotent. Nothing else is
//   retried here: retry policy belongs to the caller, which knows what the request means.
// - Response bodies larger than max_body are an error (body_too_large).
//
// Errors: infrastructure failures throw HttpError (kind + message naming the endpoint);
// any HTTP status, including 4xx/5xx, is a normal HttpResponse.
// Threading: one executor (strand-free: the daemon's io_context is single-threaded).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/net/url.hpp"

namespace antevorta::net {

enum class HttpErrorKind { resolve, connect, tls, write, read, timeout, body_too_large, closed };
std::string_view to_string(HttpErrorKind k) noexcept;

class HttpError : public std::runtime_error {
 public:
  HttpError(HttpErrorKind kind, const std::string& what, bool maybe_delivered)
      : std::runtime_error(what), kind_(kind), maybe_delivered_(maybe_delivered) {}
  HttpErrorKind kind() const noexcept { return kind_; }
  // True once the whole request was written: the server may have acted on it. For an
  // order this means the outcome is unknown, not rejected.
  bool maybe_delivered() const noexcept { return maybe_delivered_; }

 private:
  HttpErrorKind kind_;
  bool maybe_delivered_;
};

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method = "GET";  // upper case
  std::string target;          // path and query, e.g. "/trade-api/v2/markets?limit=5"
  HeaderList headers;
  std::string body;  // sent with Content-Type: application/json when not empty
};

struct HttpResponse {
  unsigned status = 0;
  HeaderList headers;
  std::string body;
  Timestamp received_at{};  // from the injected clock, when the body was complete

  const std::string* header(std::string_view name) const;  // case-insensitive
};

struct HttpClientOptions {
  Duration connect_timeout = std::chrono::seconds(5);
  Duration request_timeout = std::chrono::seconds(10);
  std::size_t max_body = 16 * 1024 * 1024;
  std::size_t max_idle_connections = 4;
  std::string user_agent = "antevorta";
};

class HttpClient {
 public:
  // tls may be null for http:// endpoints; required for https://.
  HttpClient(boost::asio::any_io_executor executor, Clock& clock, Logger logger, Endpoint endpoint,
             HttpClientOptions options = {},
             std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  boost::asio::awaitable<HttpResponse> request(HttpRequest req);

  // Closes idle connections; requests in flight finish on their own connection.
  void close_idle();

  const Endpoint& endpoint() const noexcept { return endpoint_; }
  std::uint64_t connections_opened() const noexcept { return connections_opened_; }
  std::size_t idle_connections() const noexcept;

 private:
  class Connection;
  boost::asio::awaitable<std::unique_ptr<Connection>> connect();
  boost::asio::awaitable<HttpResponse> send(Connection& conn, const HttpRequest& req);

  boost::asio::any_io_executor executor_;
  Clock& clock_;
  Logger logger_;
  Endpoint endpoint_;
  HttpClientOptions options_;
  std::shared_ptr<boost::asio::ssl::context> tls_;
  std::vector<std::unique_ptr<Connection>> idle_;
  std::uint64_t connections_opened_ = 0;
};

}  // namespace antevorta::net
