// Internal: the WebSocket side of HttpServer (http_server_ws.cpp), used by http_server.cpp.
#pragma once

#include <functional>
#include <memory>

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "antevorta/net/http_server.hpp"

namespace antevorta::net::detail {

struct ServerWsSettings {
  Duration handshake_timeout;
  Duration write_timeout;
  Duration ping_interval;
  std::size_t outbox_limit;
  std::size_t max_message_bytes;
};

// Completes the upgrade on `stream`, then calls `accept` with the session and runs it.
// `release` runs exactly once when the connection ends (also when the handshake fails).
std::shared_ptr<ServerWebSocket::Impl> start_server_websocket(
    boost::beast::tcp_stream stream,
    boost::beast::http::request<boost::beast::http::string_body> upgrade, ServerRequest request,
    ServerWsSettings settings, Logger logger, HttpServer::WsAccept accept,
    std::function<void()> release);

// Aborts the connection (as ServerWebSocket::drop()). With notify_now, on_closed runs before
// this returns and the handlers are released (HttpServer::stop()); otherwise the session's
// reader runs it later.
void abort_server_websocket(ServerWebSocket::Impl& impl, bool notify_now);

}  // namespace antevorta::net::detail
