#include "antevorta/net/http_client.hpp"

#include <optional>
#include <strings.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <fmt/format.h>

#include "antevorta/net/tls.hpp"

namespace antevorta::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string_view to_string(HttpErrorKind k) noexcept {
  switch (k) {
    case HttpErrorKind::resolve:
      return "resolve";
    case HttpErrorKind::connect:
      return "connect";
    case HttpErrorKind::tls:
      return "tls";
    case HttpErrorKind::write:
      return "write";
    case HttpErrorKind::read:
      return "read";
    case HttpErrorKind::timeout:
      return "timeout";
    case HttpErrorKind::body_too_large:
      return "body_too_large";
    case HttpErrorKind::closed:
      return "closed";
  }
  return "unknown";
}

const std::string* HttpResponse::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && ::strncasecmp(k.data(), name.data(), k.size()) == 0) return &v;
  }
  return nullptr;
}

class HttpClient::Connection {
 public:
  std::optional<beast::tcp_stream> plain;
  std::optional<beast::ssl_stream<beast::tcp_stream>> secure;
  beast::flat_buffer buffer;

  beast::tcp_stream& lowest() { return secure ? beast::get_lowest_layer(*secure) : *plain; }

  template <class F>
  auto with_stream(F&& f) {
    return secure ? f(*secure) : f(*plain);
  }
};

namespace {

bool is_closed_error(const boost::system::error_code& ec) {
  return ec == asio::error::eof || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe || ec == http::error::end_of_stream ||
         ec == asio::ssl::error::stream_truncated;
}

bool idempotent(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "PUT" || method == "DELETE" ||
         method == "OPTIONS";
}

}  // namespace

HttpClient::HttpClient(asio::any_io_executor executor, Clock& clock, Logger logger,
                       Endpoint endpoint, HttpClientOptions options,
                       std::shared_ptr<asio::ssl::context> tls)
    : executor_(std::move(executor)),
      clock_(clock),
      logger_(std::move(logger)),
      endpoint_(std::move(endpoint)),
      options_(std::move(options)),
      tls_(std::move(tls)) {
  if (endpoint_.tls() && !tls_) tls_ = make_client_tls_context();
}

HttpClient::~HttpClient() = default;

std::size_t HttpClient::idle_connections() const noexcept { return idle_.size(); }

void HttpClient::close_idle() { idle_.clear(); }

asio::awaitable<std::unique_ptr<HttpClient::Connection>> HttpClient::connect() {
  const std::string where = endpoint_.origin();
  tcp::resolver resolver(executor_);
  asio::steady_timer resolve_deadline(executor_);
  resolve_deadline.expires_after(options_.connect_timeout);
  resolve_deadline.async_wait([&resolver](boost::system::error_code ec) {
    if (!ec) resolver.cancel();
  });
  auto [rec, results] = co_await resolver.async_resolve(
      endpoint_.host, std::to_string(endpoint_.port), asio::as_tuple(asio::use_awaitable));
  resolve_deadline.cancel();
  if (rec) {
    const bool timed_out = rec == asio::error::operation_aborted;
    throw HttpError(timed_out ? HttpErrorKind::timeout : HttpErrorKind::resolve,
                    fmt::format("{}: cannot resolve {}: {}", where, endpoint_.host,
                                timed_out ? "timed out" : rec.message()),
                    false);
  }

  auto conn = std::make_unique<Connection>();
  if (endpoint_.tls()) {
    conn->secure.emplace(executor_, *tls_);
  } else {
    conn->plain.emplace(executor_);
  }
  auto& tcp_layer = conn->lowest();
  tcp_layer.expires_after(options_.connect_timeout);
  auto [cec, ep] = co_await tcp_layer.async_connect(results, asio::as_tuple(asio::use_awaitable));
  if (cec) {
    const bool timed_out = cec == beast::error::timeout;
    throw HttpError(timed_out ? HttpErrorKind::timeout : HttpErrorKind::connect,
                    fmt::format("{}: cannot connect: {}", where, cec.message()), false);
  }
  tcp_layer.socket().set_option(tcp::no_delay(true));
  if (conn->secure) {
    if (!prepare_tls_session(conn->secure->native_handle(), endpoint_.host)) {
      throw HttpError(HttpErrorKind::tls, fmt::format("{}: cannot set TLS host name", where),
                      false);
    }
    auto [hec] = co_await conn->secure->async_handshake(asio::ssl::stream_base::client,
                                                        asio::as_tuple(asio::use_awaitable));
    if (hec) {
      const bool timed_out = hec == beast::error::timeout;
      throw HttpError(timed_out ? HttpErrorKind::timeout : HttpErrorKind::tls,
                      fmt::format("{}: TLS handshake failed: {}", where, hec.message()), false);
    }
  }
  ++connections_opened_;
  logger_->debug("http_connected endpoint={} tls={}", where, endpoint_.tls());
  co_return conn;
}

asio::awaitable<HttpResponse> HttpClient::send(Connection& conn, const HttpRequest& req) {
  const std::string where = endpoint_.origin();
  http::request<http::string_body> msg;
  msg.method(http::string_to_verb(req.method));
  if (msg.method() == http::verb::unknown) msg.method_string(req.method);
  msg.target(req.target);
  msg.version(11);
  msg.set(http::field::host,
          endpoint_.port == (endpoint_.tls() ? 443 : 80) ? endpoint_.host : endpoint_.authority());
  msg.set(http::field::user_agent, options_.user_agent);
  msg.set(http::field::accept, "application/json");
  for (const auto& [k, v] : req.headers) msg.set(k, v);
  if (!req.body.empty()) {
    if (msg.find(http::field::content_type) == msg.end()) {
      msg.set(http::field::content_type, "application/json");
    }
    msg.body() = req.body;
  }
  msg.keep_alive(true);
  msg.prepare_payload();

  conn.lowest().expires_after(options_.request_timeout);
  auto [wec, written] = co_await conn.with_stream([&](auto& stream) {
    return http::async_write(stream, msg, asio::as_tuple(asio::use_awaitable));
  });
  (void)written;
  if (wec) {
    const auto kind = wec == beast::error::timeout ? HttpErrorKind::timeout
                      : is_closed_error(wec)       ? HttpErrorKind::closed
                                                   : HttpErrorKind::write;
    throw HttpError(
        kind,
        fmt::format("{}: {} {}: write failed: {}", where, req.method, req.target, wec.message()),
        false);
  }

  http::response_parser<http::string_body> parser;
  parser.body_limit(options_.max_body);
  parser.header_limit(64 * 1024);
  auto [rec, read] = co_await conn.with_stream([&](auto& stream) {
    return http::async_read(stream, conn.buffer, parser, asio::as_tuple(asio::use_awaitable));
  });
  (void)read;
  if (rec) {
    HttpErrorKind kind = HttpErrorKind::read;
    if (rec == beast::error::timeout) {
      kind = HttpErrorKind::timeout;
    } else if (rec == http::error::body_limit) {
      kind = HttpErrorKind::body_too_large;
    } else if (is_closed_error(rec) && !parser.got_some()) {
      kind = HttpErrorKind::closed;
    }
    throw HttpError(kind,
                    fmt::format("{}: {} {}: read failed: {}", where, req.method, req.target,
                                kind == HttpErrorKind::body_too_large
                                    ? fmt::format("body larger than {} bytes", options_.max_body)
                                    : rec.message()),
                    true);
  }
  auto res = parser.release();
  HttpResponse out;
  out.status = res.result_int();
  out.headers.reserve(16);
  for (const auto& field : res) {
    out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(res.body());
  out.received_at = clock_.now();
  if (!res.keep_alive()) conn.plain.reset(), conn.secure.reset();
  co_return out;
}

asio::awaitable<HttpResponse> HttpClient::request(HttpRequest req) {
  for (int attempt = 0;; ++attempt) {
    std::unique_ptr<Connection> conn;
    bool reused = false;
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
      reused = true;
    } else {
      conn = co_await connect();
    }
    try {
      HttpResponse res = co_await send(*conn, req);
      const bool open = conn->plain.has_value() || conn->secure.has_value();
      if (open && idle_.size() < options_.max_idle_connections) idle_.push_back(std::move(conn));
      co_return res;
    } catch (const HttpError& e) {
      // A keep-alive connection the server closed while it sat idle.
      const bool stale = reused && attempt == 0 && e.kind() == HttpErrorKind::closed &&
                         (!e.maybe_delivered() || idempotent(req.method));
      if (!stale) throw;
      logger_->debug("http_stale_connection endpoint={} retrying=true", endpoint_.origin());
    }
  }
}

}  // namespace antevorta::net
