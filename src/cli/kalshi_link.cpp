#include "cli/kalshi_link.hpp"

#include <fmt/format.h>

#include "antevorta/kalshi/book_store.hpp"
#include "antevorta/kalshi/market_directory.hpp"
#include "antevorta/kalshi/market_scanner.hpp"
#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/kalshi/signer.hpp"
#include "antevorta/kalshi/stream_client.hpp"
#include "antevorta/kalshi/verifier.hpp"
#include "antevorta/net/http_client.hpp"
#include "antevorta/net/periodic_task.hpp"
#include "antevorta/net/tls.hpp"
#include "antevorta/net/url.hpp"
#include "antevorta/sim/sim_server.hpp"

namespace antevorta::cli {

namespace asio = boost::asio;

namespace {

kalshi::ScannerOptions scanner_options(const config::ScannerConfig& c) {
  kalshi::ScannerOptions o;
  o.series = c.series;
  o.created_within = c.created_within;
  o.min_time_to_close = c.min_time_to_close;
  o.max_time_to_close = c.max_time_to_close;
  o.min_volume = c.min_volume;
  o.min_open_interest = c.min_open_interest;
  o.include_multivariate = c.include_multivariate;
  o.max_markets = static_cast<std::size_t>(c.max_markets);
  return o;
}

}  // namespace

struct KalshiLink::Parts {
  Parts(asio::any_io_executor ex, EventBus& b, Clock& c, const Logging& l,
        const config::AppConfig& config)
      : executor(std::move(ex)),
        bus(b),
        clock(c),
        logging(l),
        cfg(config),
        log(l.make_logger("kalshi")),
        rest_url(config.kalshi.rest_url),
        ws_url(config.kalshi.ws_url) {}

  asio::any_io_executor executor;
  EventBus& bus;
  Clock& clock;
  const Logging& logging;
  const config::AppConfig& cfg;
  Logger log;
  std::string rest_url;
  std::string ws_url;
  std::unique_ptr<sim::SimServer> sim;
  std::optional<kalshi::Signer> signer;
  std::shared_ptr<asio::ssl::context> tls;
  std::unique_ptr<net::HttpClient> http;
  std::unique_ptr<kalshi::RestClient> rest;
  kalshi::BookStore books;
  std::unique_ptr<kalshi::StreamClient> stream;
  std::unique_ptr<kalshi::MarketScanner> scanner;
  std::unique_ptr<kalshi::MarketDirectory> directory;
  std::unique_ptr<kalshi::ExchangeStatusMonitor> exchange_status;
  std::vector<kalshi::StreamClient::MessageTap> taps;
  std::unique_ptr<net::PeriodicTask> summary;
};

KalshiLink::KalshiLink(asio::any_io_executor executor, EventBus& bus, Clock& clock,
                       const Logging& logging, const config::AppConfig& cfg)
    : parts_(std::make_unique<Parts>(std::move(executor), bus, clock, logging, cfg)) {}

KalshiLink::~KalshiLink() { stop(); }

const std::string& KalshiLink::rest_url() const noexcept { return parts_->rest_url; }
const std::string& KalshiLink::ws_url() const noexcept { return parts_->ws_url; }

kalshi::RestClient& KalshiLink::rest() { return *parts_->rest; }
kalshi::StreamClient& KalshiLink::stream() { return *parts_->stream; }
const kalshi::BookStore& KalshiLink::books() const { return parts_->books; }
const kalshi::MarketScanner& KalshiLink::scanner() const { return *parts_->scanner; }
const kalshi::MarketDirectory& KalshiLink::directory() const { return *parts_->directory; }
const kalshi::ExchangeStatusMonitor& KalshiLink::exchange_status() const {
  return *parts_->exchange_status;
}
sim::SimServer* KalshiLink::sim() noexcept { return parts_->sim.get(); }

void KalshiLink::add_message_tap(kalshi::StreamClient::MessageTap tap) {
  parts_->taps.push_back(std::move(tap));
}

std::optional<std::string> KalshiLink::start() {
  auto& p = *parts_;
  const auto& k = p.cfg.kalshi;
  try {
    if (k.environment == config::Environment::sim &&
        !(k.rest_url_overridden && k.ws_url_overridden)) {
      sim::SimServerOptions options;
      options.host = p.cfg.sim.host;
      options.port = p.cfg.sim.port;  // 0 = a free port
      options.seed = static_cast<std::uint64_t>(p.cfg.sim.seed);
      options.crypto_window = std::chrono::seconds(p.cfg.sim.crypto_window_seconds);
      options.index_path = p.cfg.sim.index_path;
      p.sim = std::make_unique<sim::SimServer>(p.executor, p.clock, p.logging.make_logger("sim"),
                                               options);
      p.sim->start();
      auto key =
          kalshi::Signer::from_pem(kalshi::generate_private_key_pem(kalshi::KeyType::ed25519),
                                   Secret("sim-daemon"), "generated simulator key");
      if (!key) return key.error().message;
      p.signer.emplace(std::move(*key));
      if (auto problem = p.sim->add_api_key("sim-daemon", p.signer->public_key_pem(),
                                            sim::AccountId("daemon"))) {
        return *problem;
      }
      if (!k.rest_url_overridden) p.rest_url = p.sim->rest_url();
      if (!k.ws_url_overridden) p.ws_url = p.sim->ws_url();
    } else {
      auto key = kalshi::Signer::load(k.private_key_path, k.api_key_id);
      if (!key) return key.error().message;
      for (const auto& w : key->warnings()) p.log->warn("kalshi_key_warning {}", log_value(w));
      p.signer.emplace(std::move(*key));
    }
    auto rest_endpoint = net::parse_endpoint(p.rest_url);
    auto ws_endpoint = net::parse_endpoint(p.ws_url);
    if (!rest_endpoint) return "kalshi.rest_url: " + rest_endpoint.error();
    if (!ws_endpoint) return "kalshi.ws_url: " + ws_endpoint.error();
    if (rest_endpoint->tls() || ws_endpoint->tls()) p.tls = net::make_client_tls_context(k.ca_file);
    p.http = std::make_unique<net::HttpClient>(p.executor, p.clock, p.logging.make_logger("http"),
                                               *rest_endpoint, net::HttpClientOptions{}, p.tls);
    kalshi::RestOptions rest_options;
    rest_options.base_path = rest_endpoint->path;
    p.rest = std::make_unique<kalshi::RestClient>(p.executor, p.clock, p.log, *p.http, &*p.signer,
                                                  rest_options);
    p.stream = std::make_unique<kalshi::StreamClient>(
        p.executor, p.bus, p.clock, p.logging.make_logger("kalshi_ws"), *ws_endpoint, &*p.signer,
        p.books, kalshi::StreamOptions{}, p.tls);
    p.scanner = std::make_unique<kalshi::MarketScanner>(p.executor, p.bus, p.clock,
                                                        p.logging.make_logger("scanner"), *p.rest,
                                                        *p.stream, scanner_options(p.cfg.scanner));
    p.directory = std::make_unique<kalshi::MarketDirectory>(
        p.executor, p.bus, p.clock, p.logging.make_logger("directory"), *p.rest);
    p.exchange_status = std::make_unique<kalshi::ExchangeStatusMonitor>(
        p.executor, p.bus, p.clock, p.logging.make_logger("exchange_status"), *p.rest);
    p.stream->set_message_tap([&p](const kalshi::WsMessage& m, Timestamp at) {
      p.scanner->on_message(m, at);
      p.directory->on_message(m, at);
      for (const auto& tap : p.taps) tap(m, at);
    });
  } catch (const std::exception& e) {
    return e.what();
  }
  p.log->info("kalshi_link_starting rest_url={} ws_url={} key_type={}", p.rest_url, p.ws_url,
              to_string(p.signer->key_type()));
  p.stream->start();
  p.scanner->start();
  p.exchange_status->start();
  p.summary = std::make_unique<net::PeriodicTask>(
      p.executor, p.clock, p.log, "kalshi.summary",
      net::PeriodicOptions{std::chrono::seconds(10), 0.0, false, {}},
      [&p]() -> asio::awaitable<void> {
        const auto& st = p.stream->stats();
        p.log->info(
            "kalshi_books books={} fresh={} state={} frames={} snapshots={} deltas={} "
            "gaps={} reconnects={}",
            p.books.size(), p.books.fresh_count(), to_string(p.stream->state()), st.frames,
            st.snapshots, st.deltas, st.gaps, st.connects > 0 ? st.connects - 1 : 0);
        co_return;
      });
  p.summary->start();
  return std::nullopt;
}

void KalshiLink::stop() {
  auto& p = *parts_;
  if (p.summary) p.summary->stop();
  if (p.exchange_status) p.exchange_status->stop();
  if (p.directory) p.directory->stop();
  if (p.scanner) p.scanner->stop();
  if (p.stream) p.stream->stop();
  if (p.sim) p.sim->stop();
}

RestHealth rest_health(const kalshi::RestClient& rest) {
  if (const auto& failure = rest.auth_failure()) return {false, "auth_failed", failure->describe()};
  const auto& stats = rest.stats();
  if (stats.failures_in_a_row() > 0) {
    return {false, "unreachable",
            fmt::format("{} requests in a row without an answer", stats.failures_in_a_row())};
  }
  if (!stats.answered()) return {false, "connecting", ""};
  return {true, "ok", ""};
}

}  // namespace antevorta::cli
