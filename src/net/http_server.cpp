#include "antevorta/net/http_server.hpp"

#include <strings.h>
#include <unordered_map>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#include <fmt/format.h>

#include "http_server_ws.hpp"

namespace antevorta::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

const std::string* ServerRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && ::strncasecmp(k.data(), name.data(), k.size()) == 0) return &v;
  }
  return nullptr;
}

struct HttpServer::State {
  State(asio::any_io_executor ex, Logger log, HttpServerOptions opts, Handler h, UpgradeCheck u,
        WsAccept w)
      : executor(ex),
        logger(std::move(log)),
        options(std::move(opts)),
        handler(std::move(h)),
        upgrade_check(std::move(u)),
        ws_accept(std::move(w)),
        acceptor(ex) {}

  asio::any_io_executor executor;
  Logger logger;
  HttpServerOptions options;
  Handler handler;
  UpgradeCheck upgrade_check;
  WsAccept ws_accept;
  tcp::acceptor acceptor;
  std::uint16_t port = 0;
  bool started = false;
  bool stopped = false;
  std::uint64_t next_id = 0;
  std::size_t connections = 0;
  std::unordered_map<std::uint64_t, std::weak_ptr<beast::tcp_stream>> http_streams;
  std::unordered_map<std::uint64_t, std::weak_ptr<ServerWebSocket::Impl>> websockets;
};

namespace {

using State = HttpServer::State;
constexpr std::size_t kMaxHeaderBytes = 64 * 1024;

http::response<http::string_body> to_beast(const ServerResponse& res, unsigned version,
                                           bool keep_alive) {
  http::response<http::string_body> out{static_cast<http::status>(res.status), version};
  out.set(http::field::server, "antevorta");
  if (!res.body.empty() && !res.content_type.empty()) {
    out.set(http::field::content_type, res.content_type);
  }
  for (const auto& [k, v] : res.headers) out.set(k, v);
  out.body() = res.body;
  out.keep_alive(keep_alive);
  out.prepare_payload();
  return out;
}

// The server's own answers, in the same shape as the application's errors:
// {"error": code, "message": sentence} (code and message are fixed ASCII, no escaping).
ServerResponse error_response(unsigned status, std::string_view code, std::string_view message) {
  ServerResponse r;
  r.status = status;
  r.body = fmt::format(R"({{"error":"{}","message":"{}"}})", code, message);
  return r;
}

ServerRequest to_request(const http::request<http::string_body>& msg, const std::string& remote) {
  ServerRequest req;
  req.method = std::string(msg.method_string());
  req.target = std::string(msg.target());
  req.headers.reserve(16);
  for (const auto& field : msg) {
    req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  req.body = msg.body();
  req.remote = remote;
  return req;
}

// Writes a final response and closes the connection (the unread rest of the request makes
// the connection unusable).
asio::awaitable<void> reply_and_close(State& s, beast::tcp_stream& stream,
                                      const ServerResponse& res, unsigned version) {
  auto msg = to_beast(res, version, false);
  stream.expires_after(s.options.write_timeout);
  auto [ec, n] = co_await http::async_write(stream, msg, asio::as_tuple(asio::use_awaitable));
  (void)ec;
  (void)n;
  error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.close();
}

asio::awaitable<void> run_http(std::shared_ptr<State> s, std::shared_ptr<beast::tcp_stream> stream,
                               std::uint64_t id, std::string remote) {
  bool handed_over = false;  // the connection became a WebSocket
  beast::flat_buffer buffer;
  while (!s->stopped) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(s->options.max_body);
    parser.header_limit(kMaxHeaderBytes);
    stream->expires_after(s->options.read_timeout);
    auto [ec, n] =
        co_await http::async_read(*stream, buffer, parser, asio::as_tuple(asio::use_awaitable));
    (void)n;
    if (s->stopped) break;
    if (ec == http::error::body_limit) {
      s->logger->info("http_body_too_large remote={} target={} limit={}", remote,
                      log_value(parser.get().target()), s->options.max_body);
      const auto too_large = error_response(
          413, "payload_too_large",
          fmt::format("the request body is over the limit of {} bytes", s->options.max_body));
      co_await reply_and_close(*s, *stream, too_large, parser.get().version());
      break;
    }
    if (ec) {
      const bool bad = parser.got_some() && ec != beast::error::timeout &&
                       ec != asio::error::operation_aborted && ec != asio::error::eof &&
                       ec != asio::error::connection_reset && ec != http::error::partial_message;
      if (bad) {
        s->logger->info("http_bad_request remote={} error={}", remote, log_value(ec.message()));
        const auto bad_request = error_response(400, "bad_request", "malformed HTTP request");
        co_await reply_and_close(*s, *stream, bad_request, 11);
      }
      break;
    }
    const auto& msg = parser.get();
    ServerRequest req = to_request(msg, remote);

    if (beast::websocket::is_upgrade(msg)) {
      if (!s->ws_accept) {
        const auto not_found = error_response(404, "not_found", "no WebSocket here");
        co_await reply_and_close(*s, *stream, not_found, msg.version());
        break;
      }
      if (s->upgrade_check) {
        std::optional<ServerResponse> refusal;
        try {
          refusal = s->upgrade_check(req);
        } catch (const std::exception& e) {
          s->logger->error("ws_upgrade_check_failed remote={} error={}", remote,
                           log_value(e.what()));
          refusal = error_response(500, "internal_error", "the upgrade check failed");
        }
        if (refusal) {
          s->logger->info("ws_upgrade_refused remote={} target={} status={}", remote,
                          log_value(req.target), refusal->status);
          co_await reply_and_close(*s, *stream, *refusal, msg.version());
          break;
        }
      }
      stream->expires_never();
      s->http_streams.erase(id);
      handed_over = true;
      const detail::ServerWsSettings settings{
          s->options.read_timeout, s->options.write_timeout, s->options.ws_ping_interval,
          s->options.ws_outbox_limit, s->options.ws_max_message_bytes};
      // The connection stays counted until the WebSocket ends.
      auto release = [s, id] {
        --s->connections;
        s->websockets.erase(id);
      };
      s->websockets[id] =
          detail::start_server_websocket(std::move(*stream), parser.release(), std::move(req),
                                         settings, s->logger, s->ws_accept, std::move(release));
      break;
    }

    ServerResponse res;
    if (!s->handler) {
      res = error_response(404, "not_found", "no such route");
    } else {
      try {
        res = co_await s->handler(req);
      } catch (const std::exception& e) {
        s->logger->error("http_handler_failed remote={} method={} target={} error={}", remote,
                         req.method, log_value(req.target), log_value(e.what()));
        res = error_response(500, "internal_error", "the request failed; see the log");
      }
    }
    if (s->stopped) break;
    const bool keep_alive = msg.keep_alive();
    auto out = to_beast(res, msg.version(), keep_alive);
    stream->expires_after(s->options.write_timeout);
    auto [wec, w] = co_await http::async_write(*stream, out, asio::as_tuple(asio::use_awaitable));
    (void)w;
    if (wec) break;
    if (!keep_alive) {
      error_code ignored;
      stream->socket().shutdown(tcp::socket::shutdown_send, ignored);
      break;
    }
  }
  if (!handed_over) {
    stream->close();
    s->http_streams.erase(id);
    --s->connections;
  }
}

asio::awaitable<void> run_acceptor(std::shared_ptr<State> s) {
  while (!s->stopped) {
    auto [ec, socket] = co_await s->acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
    if (s->stopped) break;
    if (ec) {
      // E.g. out of file descriptors: back off briefly instead of spinning.
      s->logger->warn("http_accept_failed port={} error={}", s->port, log_value(ec.message()));
      asio::steady_timer pause(s->executor, std::chrono::milliseconds(100));
      co_await pause.async_wait(asio::as_tuple(asio::use_awaitable));
      continue;
    }
    error_code rec;
    const auto peer = socket.remote_endpoint(rec);
    std::string remote =
        rec ? "unknown" : fmt::format("{}:{}", peer.address().to_string(), peer.port());
    if (s->connections >= s->options.max_connections) {
      s->logger->warn("http_connection_refused remote={} reason=max_connections limit={}", remote,
                      s->options.max_connections);
      error_code ignored;
      socket.close(ignored);
      continue;
    }
    const std::uint64_t id = s->next_id++;
    ++s->connections;
    auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
    s->http_streams[id] = stream;
    asio::co_spawn(s->executor, run_http(s, std::move(stream), id, std::move(remote)),
                   asio::detached);
  }
}

}  // namespace

HttpServer::HttpServer(asio::any_io_executor executor, Logger logger, HttpServerOptions options,
                       Handler handler, UpgradeCheck upgrade_check, WsAccept ws_accept)
    : state_(std::make_shared<State>(std::move(executor), std::move(logger), std::move(options),
                                     std::move(handler), std::move(upgrade_check),
                                     std::move(ws_accept))) {}

HttpServer::~HttpServer() { stop(); }

void HttpServer::start() {
  State& s = *state_;
  if (s.started) return;
  const std::string where = fmt::format("{}:{}", s.options.host, s.options.port);
  try {
    const tcp::endpoint ep(asio::ip::make_address(s.options.host), s.options.port);
    s.acceptor.open(ep.protocol());
    s.acceptor.set_option(tcp::acceptor::reuse_address(true));
    s.acceptor.bind(ep);
    s.acceptor.listen(asio::socket_base::max_listen_connections);
    s.port = s.acceptor.local_endpoint().port();
  } catch (const boost::system::system_error& e) {
    error_code ignored;
    s.acceptor.close(ignored);
    throw std::runtime_error(fmt::format("cannot listen on {}: {}", where, e.code().message()));
  }
  s.started = true;
  s.logger->info("http_listening host={} port={}", s.options.host, s.port);
  asio::co_spawn(s.executor, run_acceptor(state_), asio::detached);
}

std::uint16_t HttpServer::port() const noexcept { return state_->port; }

void HttpServer::stop() {
  State& s = *state_;
  if (s.stopped) return;
  s.stopped = true;
  error_code ignored;
  s.acceptor.close(ignored);
  // Closing ends the sessions, which erase themselves from these maps: iterate over copies.
  auto streams = std::exchange(s.http_streams, {});
  for (auto& [id, weak] : streams) {
    if (auto stream = weak.lock()) stream->close();
  }
  auto websockets = std::exchange(s.websockets, {});
  for (auto& [id, weak] : websockets) {
    if (auto ws = weak.lock()) detail::abort_server_websocket(*ws, true);
  }
  if (s.started) s.logger->info("http_stopped port={}", s.port);
}

std::size_t HttpServer::connection_count() const noexcept { return state_->connections; }
std::size_t HttpServer::websocket_count() const noexcept { return state_->websockets.size(); }

void HttpServer::drop_websockets() {
  State& s = *state_;
  auto websockets = s.websockets;  // aborting erases entries
  for (auto& [id, weak] : websockets) {
    if (auto ws = weak.lock()) detail::abort_server_websocket(*ws, false);
  }
}

}  // namespace antevorta::net
