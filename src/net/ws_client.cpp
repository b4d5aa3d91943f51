#include "antevorta/net/ws_client.hpp"

#include <algorithm>
#include <cassert>
#include <deque>
#include <optional>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <fmt/format.h>

#include "antevorta/net/tls.hpp"

namespace antevorta::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

using PlainWs = websocket::stream<beast::tcp_stream>;
using TlsWs = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

constexpr std::size_t kMaxRejectedBody = 4096;
constexpr std::size_t kMaxCloseReason = 123;  // RFC 6455: control payload 125 minus the code

bool is_closed_error(const error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == asio::ssl::error::stream_truncated ||
         ec == asio::error::operation_aborted || ec == websocket::error::closed;
}

}  // namespace

std::string_view to_string(WsErrorKind kind) noexcept {
  switch (kind) {
    case WsErrorKind::resolve:
      return "resolve";
    case WsErrorKind::connect:
      return "connect";
    case WsErrorKind::tls:
      return "tls";
    case WsErrorKind::handshake:
      return "handshake";
    case WsErrorKind::rejected:
      return "rejected";
    case WsErrorKind::timeout:
      return "timeout";
    case WsErrorKind::idle:
      return "idle";
    case WsErrorKind::closed:
      return "closed";
    case WsErrorKind::read:
      return "read";
    case WsErrorKind::write:
      return "write";
    case WsErrorKind::too_large:
      return "too_large";
  }
  return "unknown";
}

struct WsConnection::State {
  State(asio::any_io_executor ex, Clock& c, Logger log, WsOptions opts, std::string w)
      : executor(ex),
        clock(c),
        logger(std::move(log)),
        options(std::move(opts)),
        where(std::move(w)),
        wake(ex),
        watch(ex),
        write_deadline(ex) {}

  asio::any_io_executor executor;
  Clock& clock;
  Logger logger;
  WsOptions options;
  std::string where;
  std::shared_ptr<asio::ssl::context> tls;
  std::unique_ptr<PlainWs> plain;
  std::unique_ptr<TlsWs> secure;

  beast::flat_buffer buffer;  // the last message read()
  std::deque<std::string> outbox;
  asio::steady_timer wake;            // the writer sleeps on it; cancel() wakes it
  asio::steady_timer watch;           // ping / idle watchdog
  asio::steady_timer write_deadline;  // armed while the writer has an operation in flight
  std::uint64_t write_generation = 0;
  std::optional<WsError> failure;  // set once: the connection is dead
  bool closing = false;
  std::string close_reason;
  bool ping_due = false;
  bool reading = false;
  SteadyClock::time_point last_received = SteadyClock::now();
  SteadyClock::time_point read_started = last_received;
  SteadyClock::time_point last_ping = last_received;
  std::uint64_t sent = 0;
  std::uint64_t received = 0;
  std::uint64_t pings = 0;

  template <class F>
  decltype(auto) visit(F&& f) {
    return secure ? f(*secure) : f(*plain);
  }
  beast::tcp_stream& lowest() {
    return secure ? beast::get_lowest_layer(*secure) : beast::get_lowest_layer(*plain);
  }

  // Marks the connection dead and aborts the socket: every pending operation completes.
  void fail(WsError error) {
    if (failure) return;
    const auto kind = error.kind();
    if (kind == WsErrorKind::closed) {
      logger->info("ws_closed endpoint={} code={} detail={}", log_value(where), error.close_code(),
                   log_value(error.what()));
    } else {
      logger->warn("ws_failed endpoint={} kind={} error={}", log_value(where), to_string(kind),
                   log_value(error.what()));
    }
    failure.emplace(std::move(error));
    if (plain || secure) lowest().close();
    wake.cancel();
    watch.cancel();
    write_deadline.cancel();
  }

  WsError closed_error(std::string_view how) {
    const auto& reason =
        visit([](auto& ws) -> const websocket::close_reason& { return ws.reason(); });
    const auto code = static_cast<std::uint16_t>(reason.code);
    std::string text(reason.reason.data(), reason.reason.size());
    return WsError(WsErrorKind::closed,
                   code == 0 ? fmt::format("{}: {}", where, how)
                             : fmt::format("{}: {} (code {} {})", where, how, code, text),
                   0, {}, code, std::move(text));
  }

  WsError read_error(const error_code& ec) {
    if (ec == websocket::error::closed) return closed_error("closed by peer");
    if (ec == websocket::error::message_too_big) {
      return WsError(WsErrorKind::too_large,
                     fmt::format("{}: incoming message larger than {} bytes", where,
                                 options.max_message_bytes),
                     0, {}, static_cast<std::uint16_t>(websocket::close_code::too_big));
    }
    if (is_closed_error(ec)) {
      return WsError(WsErrorKind::closed,
                     fmt::format("{}: connection ended: {}", where, ec.message()));
    }
    return WsError(WsErrorKind::read, fmt::format("{}: read failed: {}", where, ec.message()));
  }

  WsError write_error(const error_code& ec) {
    if (is_closed_error(ec)) {
      return WsError(WsErrorKind::closed,
                     fmt::format("{}: connection ended while writing: {}", where, ec.message()));
    }
    return WsError(WsErrorKind::write, fmt::format("{}: write failed: {}", where, ec.message()));
  }

  // The writer's operations get write_timeout; a missed deadline fails the connection with
  // `kind`. The generation makes a deadline that fired just as the operation completed
  // harmless.
  void arm_write_deadline(const std::shared_ptr<State>& self, WsErrorKind kind,
                          std::string_view what) {
    const auto generation = ++write_generation;
    write_deadline.expires_after(options.write_timeout);
    write_deadline.async_wait([weak = std::weak_ptr<State>(self), generation, kind,
                               what = std::string(what)](error_code ec) {
      if (ec) return;
      auto s = weak.lock();
      if (!s || s->write_generation != generation) return;
      s->fail(WsError(kind, fmt::format("{}: {}", s->where, what)));
    });
  }
  void disarm_write_deadline() {
    ++write_generation;
    write_deadline.cancel();
  }
};

namespace {

using State = WsConnection::State;

asio::awaitable<void> run_writer(std::shared_ptr<State> st) {
  while (!st->failure) {
    if (st->ping_due) {
      st->ping_due = false;
      st->arm_write_deadline(st, WsErrorKind::timeout, "ping write timed out");
      auto [ec] = co_await st->visit([](auto& ws) {
        return ws.async_ping(websocket::ping_data{}, asio::as_tuple(asio::use_awaitable));
      });
      st->disarm_write_deadline();
      if (ec) {
        st->fail(st->write_error(ec));
        break;
      }
      ++st->pings;
      continue;
    }
    if (!st->outbox.empty()) {
      st->arm_write_deadline(st, WsErrorKind::timeout, "write timed out");
      auto [ec, n] = co_await st->visit([&st](auto& ws) {
        ws.text(true);
        return ws.async_write(asio::buffer(st->outbox.front()),
                              asio::as_tuple(asio::use_awaitable));
      });
      (void)n;
      st->disarm_write_deadline();
      if (ec) {
        st->fail(st->write_error(ec));
        break;
      }
      st->outbox.pop_front();
      ++st->sent;
      continue;
    }
    if (st->closing) {
      // async_close sends our close frame and waits for the peer's (or for the pending
      // read() to receive it).
      st->arm_write_deadline(st, WsErrorKind::closed, "close handshake timed out");
      auto [ec] = co_await st->visit([&st](auto& ws) {
        return ws.async_close(
            websocket::close_reason(websocket::close_code::normal, st->close_reason),
            asio::as_tuple(asio::use_awaitable));
      });
      st->disarm_write_deadline();
      if (ec && !is_closed_error(ec)) {
        st->fail(st->write_error(ec));
      } else {
        st->fail(st->closed_error("closed locally"));
      }
      break;
    }
    st->wake.expires_at(asio::steady_timer::time_point::max());
    co_await st->wake.async_wait(asio::as_tuple(asio::use_awaitable));
  }
  st->outbox.clear();
}

// Sends pings when nothing was received for ping_interval and fails a pending read() when
// nothing was received for idle_timeout.
asio::awaitable<void> run_watchdog(std::shared_ptr<State> st) {
  const auto idle = st->options.idle_timeout;
  const auto ping = st->options.ping_interval;
  while (!st->failure) {
    const auto now = SteadyClock::now();
    auto next = now + (idle.count() > 0 ? idle : std::chrono::hours(1));
    if (st->reading && idle.count() > 0) {
      const auto deadline = std::max(st->last_received, st->read_started) + idle;
      if (now >= deadline) {
        st->fail(WsError(WsErrorKind::idle,
                         fmt::format("{}: nothing received for {} ms", st->where,
                                     std::chrono::duration_cast<std::chrono::milliseconds>(
                                         now - st->last_received)
                                         .count())));
        co_return;
      }
      next = std::min(next, deadline);
    }
    if (ping.count() > 0) {
      auto due = std::max(st->last_received, st->last_ping) + ping;
      if (now >= due) {
        st->ping_due = true;
        st->last_ping = now;
        st->wake.cancel();
        due = now + ping;
      }
      next = std::min(next, due);
    }
    st->watch.expires_at(next);
    co_await st->watch.async_wait(asio::as_tuple(asio::use_awaitable));
  }
}

template <class Ws>
void configure(Ws& ws, State& st, const HeaderList& headers) {
  ws.set_option(websocket::stream_base::timeout{websocket::stream_base::none(),
                                                websocket::stream_base::none(), false});
  ws.set_option(websocket::stream_base::decorator(
      [ua = st.options.user_agent, headers](websocket::request_type& req) {
        req.set(beast::http::field::user_agent, ua);
        for (const auto& [k, v] : headers) req.set(k, v);
      }));
  ws.read_message_max(st.options.max_message_bytes);
  ws.auto_fragment(false);
  // The callback lives in the stream, which State owns: the raw pointer cannot dangle.
  ws.control_callback([raw = &st](websocket::frame_type, beast::string_view) {
    raw->last_received = SteadyClock::now();
  });
}

}  // namespace

asio::awaitable<std::unique_ptr<WsConnection>> WsConnection::connect(
    asio::any_io_executor executor, Clock& clock, Logger logger, Endpoint endpoint,
    std::string target, HeaderList headers, WsOptions options,
    std::shared_ptr<asio::ssl::context> tls) {
  if (target.empty()) target = "/";
  auto st = std::make_shared<State>(executor, clock, std::move(logger), std::move(options),
                                    endpoint.origin() + target);
  const std::string& where = st->where;
  const Duration connect_timeout = st->options.connect_timeout;

  tcp::resolver resolver(executor);
  asio::steady_timer resolve_deadline(executor);
  resolve_deadline.expires_after(connect_timeout);
  resolve_deadline.async_wait([&resolver](error_code ec) {
    if (!ec) resolver.cancel();
  });
  auto [rec, results] = co_await resolver.async_resolve(
      endpoint.host, std::to_string(endpoint.port), asio::as_tuple(asio::use_awaitable));
  resolve_deadline.cancel();
  if (rec) {
    const bool timed_out = rec == asio::error::operation_aborted;
    throw WsError(timed_out ? WsErrorKind::timeout : WsErrorKind::resolve,
                  fmt::format("{}: cannot resolve {}: {}", where, endpoint.host,
                              timed_out ? "timed out" : rec.message()));
  }

  if (endpoint.tls()) {
    st->tls = tls ? std::move(tls) : make_client_tls_context();
    st->secure = std::make_unique<TlsWs>(executor, *st->tls);
  } else {
    st->plain = std::make_unique<PlainWs>(executor);
  }
  auto& tcp_layer = st->lowest();
  tcp_layer.expires_after(connect_timeout);
  auto [cec, ep] = co_await tcp_layer.async_connect(results, asio::as_tuple(asio::use_awaitable));
  (void)ep;
  if (cec) {
    const bool timed_out = cec == beast::error::timeout;
    throw WsError(timed_out ? WsErrorKind::timeout : WsErrorKind::connect,
                  fmt::format("{}: cannot connect: {}", where, cec.message()));
  }
  tcp_layer.socket().set_option(tcp::no_delay(true));

  if (st->secure) {
    auto& ssl = st->secure->next_layer();
    if (!prepare_tls_session(ssl.native_handle(), endpoint.host)) {
      throw WsError(WsErrorKind::tls, fmt::format("{}: cannot set TLS host name", where));
    }
    tcp_layer.expires_after(connect_timeout);
    auto [hec] = co_await ssl.async_handshake(asio::ssl::stream_base::client,
                                              asio::as_tuple(asio::use_awaitable));
    if (hec) {
      const bool timed_out = hec == beast::error::timeout;
      throw WsError(timed_out ? WsErrorKind::timeout : WsErrorKind::tls,
                    fmt::format("{}: TLS handshake failed: {}", where, hec.message()));
    }
  }

  const std::string host =
      endpoint.port == (endpoint.tls() ? 443 : 80) ? endpoint.host : endpoint.authority();
  websocket::response_type res;
  tcp_layer.expires_after(connect_timeout);
  auto [uec] = co_await st->visit([&](auto& ws) {
    configure(ws, *st, headers);
    return ws.async_handshake(res, host, target, asio::as_tuple(asio::use_awaitable));
  });
  if (uec) {
    if (uec == websocket::error::upgrade_declined) {
      std::string body = res.body().substr(0, kMaxRejectedBody);
      throw WsError(WsErrorKind::rejected,
                    fmt::format("{}: upgrade rejected with HTTP {}: {}", where, res.result_int(),
                                log_value(body, 256)),
                    res.result_int(), std::move(body));
    }
    const bool timed_out = uec == beast::error::timeout;
    throw WsError(timed_out ? WsErrorKind::timeout : WsErrorKind::handshake,
                  fmt::format("{}: WebSocket upgrade failed: {}", where, uec.message()));
  }
  tcp_layer.expires_never();

  st->last_received = st->read_started = st->last_ping = SteadyClock::now();
  st->logger->info("ws_connected endpoint={} tls={}", log_value(where), endpoint.tls());
  asio::co_spawn(executor, run_writer(st), asio::detached);
  asio::co_spawn(executor, run_watchdog(st), asio::detached);
  co_return std::unique_ptr<WsConnection>(new WsConnection(std::move(st)));
}

WsConnection::WsConnection(std::shared_ptr<State> state) : state_(std::move(state)) {}

WsConnection::~WsConnection() {
  if (!state_->failure) {
    state_->logger->debug("ws_destroyed endpoint={}", log_value(state_->where));
    state_->failure.emplace(WsErrorKind::closed,
                            fmt::format("{}: connection destroyed", state_->where));
    // fail() would log again; do its work quietly.
    state_->lowest().close();
    state_->wake.cancel();
    state_->watch.cancel();
    state_->write_deadline.cancel();
  }
}

asio::awaitable<WsIncoming> WsConnection::read() {
  // Held by the frame: the connection may be destroyed while this read is pending.
  std::shared_ptr<State> st = state_;
  if (st->failure) throw *st->failure;
  assert(!st->reading && "one read() at a time");
  st->buffer.consume(st->buffer.size());
  st->reading = true;
  st->read_started = SteadyClock::now();
  auto [ec, n] = co_await st->visit(
      [&st](auto& ws) { return ws.async_read(st->buffer, asio::as_tuple(asio::use_awaitable)); });
  (void)n;
  st->reading = false;
  if (ec) {
    if (!st->failure) st->fail(st->read_error(ec));
    throw *st->failure;
  }
  st->last_received = SteadyClock::now();
  ++st->received;
  const auto data = st->buffer.cdata();
  WsIncoming out;
  out.text = std::string_view(static_cast<const char*>(data.data()), data.size());
  out.received_at = st->clock.now();
  out.binary = st->visit([](auto& ws) { return ws.got_binary(); });
  co_return out;
}

bool WsConnection::send(std::string text) {
  State& st = *state_;
  if (st.failure || st.closing || st.outbox.size() >= st.options.outbox_limit) return false;
  st.outbox.push_back(std::move(text));
  st.wake.cancel();
  return true;
}

void WsConnection::close(std::string_view reason) {
  State& st = *state_;
  if (st.failure || st.closing) return;
  st.closing = true;
  st.close_reason = std::string(reason.substr(0, kMaxCloseReason));
  st.wake.cancel();
}

bool WsConnection::is_open() const noexcept { return !state_->failure && !state_->closing; }
std::size_t WsConnection::outbox_size() const noexcept { return state_->outbox.size(); }
std::uint64_t WsConnection::messages_sent() const noexcept { return state_->sent; }
std::uint64_t WsConnection::messages_received() const noexcept { return state_->received; }
std::uint64_t WsConnection::pings_sent() const noexcept { return state_->pings; }
const std::string& WsConnection::where() const noexcept { return state_->where; }

}  // namespace antevorta::net
