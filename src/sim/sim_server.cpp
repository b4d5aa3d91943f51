#include "antevorta/sim/sim_server.hpp"

#include "antevorta/net/url.hpp"

namespace antevorta::sim {

namespace asio = boost::asio;

namespace {

constexpr std::string_view kWsPath = "/trade-api/ws/v2";

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

SimExchangeOptions exchange_options(const SimServerOptions& options) {
  SimExchangeOptions o = options.exchange;
  o.seed = options.seed;
  if (!options.index_path.empty()) {
    auto points = load_index_recording(options.index_path.string());
    if (!points) throw std::runtime_error(points.error());
    o.recorded_index = std::move(*points);
  }
  return o;
}

}  // namespace

SimServer::SimServer(asio::any_io_executor executor, Clock& clock, Logger logger,
                     SimServerOptions options)
    : executor_(std::move(executor)),
      clock_(clock),
      logger_(std::move(logger)),
      options_(std::move(options)),
      exchange_(clock_, logger_,
                Catalog::seeded(clock_.now(), options_.seed, options_.crypto_window),
                exchange_options(options_)),
      access_(clock_, options_.access),
      rest_(exchange_, access_),
      feeds_(clock_, exchange_.indices(), options_.feeds, options_.seed) {}

SimServer::~SimServer() { stop(); }

void SimServer::start() {
  if (http_) return;
  net::HttpServerOptions http = options_.http;
  http.host = options_.host;
  http.port = options_.port;
  http_ = std::make_unique<net::HttpServer>(
      executor_, logger_, http,
      [this](const net::ServerRequest& request) { return rest_.handle(request); },
      [this](const net::ServerRequest& request) -> std::optional<net::ServerResponse> {
        if (FeedHub::route(request.target)) return std::nullopt;  // public market data
        if (path_of(request.target) != kWsPath) {
          return net::ServerResponse{404, {}, R"({"error":{"code":"not_found"}})"};
        }
        auto account = access_.authenticate(request);
        if (!account) {
          return net::ServerResponse{401, {}, R"({"code":"token_authentication_failure"})"};
        }
        return std::nullopt;
      },
      [this](std::shared_ptr<net::ServerWebSocket> ws) {
        if (accept_feed(ws)) return;
        auto account = access_.authenticate(ws->upgrade_request());
        if (!account) {
          ws->close(1008, "authentication");
          return;
        }
        // The hub keeps the session until on_closed removes it (the server holds only the
        // session's internals).
        const auto id = exchange_.hub().open(
            *account, [ws](std::string text) { return ws->send(std::move(text)); });
        ws->on_message([this, id](std::string_view text) { exchange_.hub().on_command(id, text); });
        ws->on_closed([this, id] { exchange_.hub().close(id); });
        logger_->debug("sim_ws_connected account={} connection={}", *account, id);
      });
  http_->start();
  ticker_ = std::make_unique<net::PeriodicTask>(
      executor_, clock_, logger_, "sim.tick",
      net::PeriodicOptions{options_.tick_interval, 0.0, true, {}},
      [this]() -> asio::awaitable<void> {
        exchange_.tick();
        co_return;
      });
  ticker_->start();
  feed_ticker_ = std::make_unique<net::PeriodicTask>(
      executor_, clock_, logger_, "sim.feeds",
      net::PeriodicOptions{options_.feed_interval, 0.0, true, {}},
      [this]() -> asio::awaitable<void> {
        exchange_.advance_indices();
        feeds_.tick();
        co_return;
      });
  feed_ticker_->start();
  logger_->info("sim_started rest_url={} ws_url={} markets={} feeds={}", rest_url(), ws_url(),
                exchange_.catalog().market_order().size(), feed_url("coinbase_advanced"));
}

void SimServer::stop() {
  if (ticker_) ticker_->stop();
  if (feed_ticker_) feed_ticker_->stop();
  if (http_) http_->stop();
}

bool SimServer::accept_feed(const std::shared_ptr<net::ServerWebSocket>& ws) {
  const std::string& target = ws->upgrade_request().target;
  if (!FeedHub::route(target)) return false;
  const std::weak_ptr<net::ServerWebSocket> weak = ws;
  const auto id = feeds_.open(
      target, [ws](std::string text) { return ws->send(std::move(text)); },
      [weak] {
        if (auto s = weak.lock()) s->drop();
      });
  if (!id) return false;
  ws->on_message([this, id = *id](std::string_view text) { feeds_.on_message(id, text); });
  ws->on_closed([this, id = *id] { feeds_.close(id); });
  logger_->debug("sim_feed_connected target={} connection={}", target, *id);
  return true;
}

std::string SimServer::feed_url(std::string_view protocol) const {
  const auto p = feed_protocol_from(protocol);
  if (!p) return {};
  return net::Endpoint{"ws", options_.host, port(), {}}.origin() + std::string(feed_path(*p));
}

std::uint16_t SimServer::port() const noexcept { return http_ ? http_->port() : 0; }

std::string SimServer::rest_url() const {
  return net::Endpoint{"http", options_.host, port(), {}}.origin() + "/trade-api/v2";
}

std::string SimServer::ws_url() const {
  return net::Endpoint{"ws", options_.host, port(), {}}.origin() + std::string(kWsPath);
}

std::optional<std::string> SimServer::add_api_key(const std::string& key_id,
                                                  const std::string& public_key_pem,
                                                  AccountId account, Money funding) {
  if (auto problem = access_.add_key(key_id, public_key_pem, account)) return problem;
  if (funded_.insert(account).second) {
    exchange_.fund(account, 0, funding);
    exchange_.fund(account, 2, funding);
  }
  return std::nullopt;
}

void SimServer::drop_websockets() {
  if (http_) http_->drop_websockets();
}

std::size_t SimServer::websocket_count() const noexcept {
  return http_ ? http_->websocket_count() : 0;
}

}  // namespace antevorta::sim
