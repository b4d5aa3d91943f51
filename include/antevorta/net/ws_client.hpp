// A WebSocket client connection (ws:// and wss://) on Boost.Beast coroutines.
//
// - connect(): resolve, TCP connect, TLS handshake (SNI + peer/host verification) for wss,
//   then the HTTP upgrade with the caller's headers. Each step has connect_timeout.
// - Reading: one read() at a time returns the next data message. Control frames are handled
//   inside: pings are answered with pongs, pings/pongs/data all count as activity.
// - Liveness: a ping is sent when nothing was received for ping_interval; when a read() is
//   pending and nothing was received for idle_timeout the connection fails with `idle`.
//   These deadlines are real time (Asio steady timers), not the injected Clock: they guard
//   the socket, which lives in real time even during a replay. received_at uses the Clock.
// - Writing: send() queues into a bounded outbox (outbox_limit, counting the message being
//   written); one writer coroutine sends it in order with one write in flight, each write
//   bounded by write_timeout. Overflow policy is the caller's: send() returns false.
// - close(): the queued messages are still sent, then a close frame (1000, reason); the
//   writer waits at most write_timeout for the peer's close frame, then aborts the socket.
//
// Errors: connect() and read() throw WsError. After read() threw, or after close(), the
// connection is dead: send() returns false and later read() calls throw the same error.
// Threading: one executor, no strands (the daemon's io_context is single-threaded); every
// member function must be called on that executor's thread.
// Lifetime: the connection may be destroyed at any time, even with a read() or a write
// pending. The socket is aborted; pending operations finish with WsError{closed} without
// touching the destroyed object (internal state is shared with the coroutines). The Clock
// must outlive the connection.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/net/http_client.hpp"
#include "antevorta/net/url.hpp"

namespace antevorta::net {

// resolve/connect/tls/handshake: that connect step failed. rejected: the server answered
// the upgrade with a non-101 status. timeout: a connect step or a write missed its deadline.
// idle: nothing received for idle_timeout. closed: the peer closed (close frame or TCP end),
// or the connection was closed locally. read/write: other socket errors. too_large: an
// incoming message exceeded max_message_bytes.
enum class WsErrorKind {
  resolve,
  connect,
  tls,
  handshake,
  rejected,
  timeout,
  idle,
  closed,
  read,
  write,
  too_large
};
std::string_view to_string(WsErrorKind kind) noexcept;

class WsError : public std::runtime_error {
 public:
  WsError(WsErrorKind kind, const std::string& what, unsigned http_status = 0,
          std::string http_body = {}, std::uint16_t close_code = 0, std::string close_reason = {})
      : std::runtime_error(what),
        kind_(kind),
        http_status_(http_status),
        http_body_(std::move(http_body)),
        close_code_(close_code),
        close_reason_(std::move(close_reason)) {}

  WsErrorKind kind() const noexcept { return kind_; }
  // For `rejected` (the server answered the upgrade with a non-101 status, e.g. 401 from
  // Kalshi with body {"code":"token_authentication_failure"}): that status and body (body
  // capped at 4 KB). 0 and empty otherwise.
  unsigned http_status() const noexcept { return http_status_; }
  const std::string& http_body() const noexcept { return http_body_; }
  // For `closed` (and `too_large`, where the client closes with 1009): the close code the
  // peer sent (0 if the TCP connection just ended) and its reason.
  std::uint16_t close_code() const noexcept { return close_code_; }
  const std::string& close_reason() const noexcept { return close_reason_; }

 private:
  WsErrorKind kind_;
  unsigned http_status_;
  std::string http_body_;
  std::uint16_t close_code_;
  std::string close_reason_;
};

struct WsOptions {
  Duration connect_timeout = std::chrono::seconds(10);  // each of resolve/connect/TLS/upgrade
  Duration idle_timeout = std::chrono::seconds(30);     // nothing received while reading → idle
  Duration ping_interval = std::chrono::seconds(10);    // ping when nothing received; 0 = never
  Duration write_timeout = std::chrono::seconds(10);    // a slower write fails the connection
  std::size_t max_message_bytes = 16 * 1024 * 1024;     // larger incoming message → too_large
  std::size_t outbox_limit = 4096;                      // queued outgoing messages
  std::string user_agent = "antevorta";
};

struct WsIncoming {
  std::string_view text;  // valid until the next read() on the same connection
  Timestamp received_at;  // from the injected Clock, when the whole message was read
  bool binary = false;
};

class WsConnection {
 public:
  // Resolves, connects, TLS handshake when endpoint.tls(), then the HTTP upgrade to `target`
  // (e.g. "/trade-api/ws/v2") with `headers` added to the upgrade request. Throws WsError.
  // tls may be null (a default client context is made for wss). The endpoint is taken by
  // value: a coroutine keeps references, and the awaitable may be awaited after a temporary
  // argument is gone.
  static boost::asio::awaitable<std::unique_ptr<WsConnection>> connect(
      boost::asio::any_io_executor executor, Clock& clock, Logger logger, Endpoint endpoint,
      std::string target, HeaderList headers, WsOptions options = {},
      std::shared_ptr<boost::asio::ssl::context> tls = nullptr);

  ~WsConnection();  // aborts the socket; safe while a read() or the writer is pending
  WsConnection(const WsConnection&) = delete;
  WsConnection& operator=(const WsConnection&) = delete;

  // Next data message. One read() at a time. Throws WsError (closed / idle / read /
  // too_large / timeout) — after that the connection is dead.
  boost::asio::awaitable<WsIncoming> read();

  // Queues a text message. Returns false (nothing queued) when the connection is closed or
  // closing, or the outbox holds outbox_limit messages.
  bool send(std::string text);

  // Starts a graceful close (after the queued messages, a close frame with code 1000 and
  // `reason`); a pending read() ends with WsError{closed}. Idempotent.
  void close(std::string_view reason = {});

  // True until close() is called or the connection failed.
  bool is_open() const noexcept;
  // Messages queued and not completely written yet (the one being written included).
  std::size_t outbox_size() const noexcept;
  std::uint64_t messages_sent() const noexcept;
  std::uint64_t messages_received() const noexcept;
  std::uint64_t pings_sent() const noexcept;
  // "ws://127.0.0.1:1234/path", for logs.
  const std::string& where() const noexcept;

  struct State;  // shared with the connection's coroutines; defined in the .cpp

 private:
  explicit WsConnection(std::shared_ptr<State> state);
  std::shared_ptr<State> state_;
};

}  // namespace antevorta::net
