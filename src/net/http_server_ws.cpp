// The WebSocket sessions of HttpServer: handshake, a reader delivering messages in order, and
// one writer (outbox, heartbeat pings, close).
#include "http_server_ws.hpp"

#include <cassert>
#include <deque>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

namespace antevorta::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using boost::system::error_code;

struct ServerWebSocket::Impl {
  Impl(beast::tcp_stream stream, ServerRequest req, detail::ServerWsSettings s, Logger log)
      : ws(std::move(stream)),
        request(std::move(req)),
        settings(s),
        logger(std::move(log)),
        wake(ws.get_executor()),
        write_deadline(ws.get_executor()) {}

  websocket::stream<beast::tcp_stream> ws;
  ServerRequest request;
  detail::ServerWsSettings settings;
  Logger logger;
  beast::flat_buffer buffer;
  std::deque<std::string> outbox;
  asio::steady_timer wake;  // the writer sleeps on it until the next ping; cancel() wakes it
  asio::steady_timer write_deadline;
  std::uint64_t write_generation = 0;
  bool open = false;  // handshake done
  bool closing = false;
  bool ended = false;
  bool in_handler = false;
  std::uint16_t close_code = 1000;
  std::string close_reason;
  std::function<void(std::string_view)> message_handler;
  std::function<void()> closed_handler;
  std::function<void()> release;
  std::uint64_t sent = 0;
  std::uint64_t received = 0;

  // Aborts the socket: the reader and writer finish; the reader then calls on_closed.
  void end() {
    if (ended) return;
    ended = true;
    open = false;
    beast::get_lowest_layer(ws).close();
    wake.cancel();
    write_deadline.cancel();
    if (release) std::exchange(release, nullptr)();
  }

  // Runs on_closed once, then releases both handlers (they may capture the session).
  void finish_handlers() {
    message_handler = nullptr;
    if (auto closed = std::exchange(closed_handler, nullptr)) {
      try {
        closed();
      } catch (const std::exception& e) {
        logger->error("ws_closed_handler_failed remote={} error={}", request.remote,
                      log_value(e.what()));
      }
    }
  }

  void begin_close(std::uint16_t code, std::string_view reason) {
    if (ended || closing) return;
    if (!open) return end();
    closing = true;
    close_code = code;
    close_reason = std::string(reason.substr(0, 123));
    wake.cancel();
  }

  void arm_write_deadline(const std::shared_ptr<Impl>& self) {
    const auto generation = ++write_generation;
    write_deadline.expires_after(settings.write_timeout);
    write_deadline.async_wait([weak = std::weak_ptr<Impl>(self), generation](error_code ec) {
      if (ec) return;
      auto s = weak.lock();
      if (!s || s->write_generation != generation) return;
      s->logger->warn("ws_write_timeout remote={} target={}", s->request.remote,
                      log_value(s->request.target));
      s->end();
    });
  }
  void disarm_write_deadline() {
    ++write_generation;
    write_deadline.cancel();
  }
};

namespace {

using Impl = ServerWebSocket::Impl;

asio::awaitable<void> run_writer(std::shared_ptr<Impl> im) {
  using Clock = std::chrono::steady_clock;
  const auto interval = im->settings.ping_interval;
  auto next_ping = Clock::now() + interval;
  while (!im->ended) {
    if (interval.count() > 0 && Clock::now() >= next_ping) {
      im->arm_write_deadline(im);
      auto [ec] = co_await im->ws.async_ping(websocket::ping_data("heartbeat"),
                                             asio::as_tuple(asio::use_awaitable));
      im->disarm_write_deadline();
      if (ec) break;
      next_ping = Clock::now() + interval;
      continue;
    }
    if (!im->outbox.empty()) {
      im->arm_write_deadline(im);
      im->ws.text(true);
      auto [ec, n] = co_await im->ws.async_write(asio::buffer(im->outbox.front()),
                                                 asio::as_tuple(asio::use_awaitable));
      (void)n;
      im->disarm_write_deadline();
      if (ec) break;
      im->outbox.pop_front();
      ++im->sent;
      continue;
    }
    if (im->closing) {
      im->arm_write_deadline(im);
      auto [ec] = co_await im->ws.async_close(
          websocket::close_reason(static_cast<websocket::close_code>(im->close_code),
                                  im->close_reason),
          asio::as_tuple(asio::use_awaitable));
      (void)ec;
      im->disarm_write_deadline();
      break;
    }
    im->wake.expires_at(interval.count() > 0 ? next_ping : asio::steady_timer::time_point::max());
    co_await im->wake.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  im->end();
  im->outbox.clear();
}

asio::awaitable<void> run_reader(std::shared_ptr<Impl> im) {
  while (!im->ended) {
    im->buffer.consume(im->buffer.size());
    auto [ec, n] = co_await im->ws.async_read(im->buffer, asio::as_tuple(asio::use_awaitable));
    (void)n;
    if (ec) {
      if (ec == websocket::error::closed) {
        im->logger->debug("ws_peer_closed remote={} code={}", im->request.remote,
                          static_cast<unsigned>(im->ws.reason().code));
      } else if (!im->ended) {
        im->logger->debug("ws_read_failed remote={} error={}", im->request.remote,
                          log_value(ec.message()));
      }
      break;
    }
    ++im->received;
    if (!im->message_handler || im->closing) continue;
    const auto data = im->buffer.cdata();
    const std::string_view text(static_cast<const char*>(data.data()), data.size());
    im->in_handler = true;
    try {
      im->message_handler(text);
    } catch (const std::exception& e) {
      im->logger->error("ws_handler_failed remote={} target={} error={}", im->request.remote,
                        log_value(im->request.target), log_value(e.what()));
      im->begin_close(static_cast<std::uint16_t>(websocket::close_code::internal_error),
                      "internal error");
    }
    im->in_handler = false;
  }
}

asio::awaitable<void> run_session(std::shared_ptr<Impl> im,
                                  http::request<http::string_body> upgrade,
                                  HttpServer::WsAccept accept) {
  auto& tcp_layer = beast::get_lowest_layer(im->ws);
  im->ws.set_option(websocket::stream_base::timeout{websocket::stream_base::none(),
                                                    websocket::stream_base::none(), false});
  im->ws.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "antevorta"); }));
  im->ws.read_message_max(im->settings.max_message_bytes);
  im->ws.auto_fragment(false);
  tcp_layer.expires_after(im->settings.handshake_timeout);
  auto [ec] = co_await im->ws.async_accept(upgrade, asio::as_tuple(asio::use_awaitable));
  if (ec || im->ended) {
    im->logger->debug("ws_handshake_failed remote={} error={}", im->request.remote,
                      log_value(ec.message()));
    im->end();
    co_return;
  }
  tcp_layer.expires_never();
  im->open = true;
  im->logger->info("ws_accepted remote={} target={}", im->request.remote,
                   log_value(im->request.target));
  try {
    accept(std::make_shared<ServerWebSocket>(im));
  } catch (const std::exception& e) {
    im->logger->error("ws_accept_failed remote={} error={}", im->request.remote,
                      log_value(e.what()));
    im->end();
  }
  if (!im->ended) {
    asio::co_spawn(im->ws.get_executor(), run_writer(im), asio::detached);
    co_await run_reader(im);
  }
  im->end();
  im->finish_handlers();
  im->logger->debug("ws_ended remote={} sent={} received={}", im->request.remote, im->sent,
                    im->received);
}

}  // namespace

namespace detail {

std::shared_ptr<ServerWebSocket::Impl> start_server_websocket(
    beast::tcp_stream stream, http::request<http::string_body> upgrade, ServerRequest request,
    ServerWsSettings settings, Logger logger, HttpServer::WsAccept accept,
    std::function<void()> release) {
  auto im =
      std::make_shared<Impl>(std::move(stream), std::move(request), settings, std::move(logger));
  im->release = std::move(release);
  asio::co_spawn(im->ws.get_executor(), run_session(im, std::move(upgrade), std::move(accept)),
                 asio::detached);
  return im;
}

void abort_server_websocket(ServerWebSocket::Impl& impl, bool notify_now) {
  impl.end();
  if (notify_now) impl.finish_handlers();
}

}  // namespace detail

ServerWebSocket::ServerWebSocket(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
ServerWebSocket::~ServerWebSocket() = default;

bool ServerWebSocket::send(std::string text) {
  Impl& im = *impl_;
  if (!im.open || im.closing || im.outbox.size() >= im.settings.outbox_limit) return false;
  im.outbox.push_back(std::move(text));
  im.wake.cancel();
  return true;
}

void ServerWebSocket::close(std::uint16_t code, std::string_view reason) {
  impl_->begin_close(code, reason);
}

void ServerWebSocket::drop() { impl_->end(); }

bool ServerWebSocket::is_open() const noexcept { return impl_->open && !impl_->closing; }

const ServerRequest& ServerWebSocket::upgrade_request() const noexcept { return impl_->request; }

void ServerWebSocket::on_message(std::function<void(std::string_view)> handler) {
  assert(!impl_->in_handler && "a message handler must not replace itself while it runs");
  impl_->message_handler = std::move(handler);
}

void ServerWebSocket::on_closed(std::function<void()> handler) {
  if (impl_->ended) return;  // on_closed already ran (or is running): never call it twice
  impl_->closed_handler = std::move(handler);
}

std::size_t ServerWebSocket::outbox_size() const noexcept { return impl_->outbox.size(); }
std::uint64_t ServerWebSocket::messages_sent() const noexcept { return impl_->sent; }
std::uint64_t ServerWebSocket::messages_received() const noexcept { return impl_->received; }

}  // namespace antevorta::net
