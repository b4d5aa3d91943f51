#include "cli/crypto_link.hpp"

#include <utility>

#include "antevorta/feeds/feed_client.hpp"
#include "antevorta/feeds/forecast_recorder.hpp"
#include "antevorta/feeds/index_config.hpp"
#include "antevorta/feeds/index_service.hpp"
#include "antevorta/feeds/reference_tick.hpp"
#include "antevorta/feeds/settlement_engine.hpp"
#include "antevorta/feeds/source_config.hpp"
#include "antevorta/net/tls.hpp"

namespace antevorta::cli {

namespace {

// The simulator's feed server for a protocol.
std::optional<std::string> sim_feed_url(sim::SimServer& sim, feeds::FeedProtocol protocol) {
  std::string url = sim.feed_url(feeds::to_string(protocol));
  if (url.empty()) return std::nullopt;
  return url;
}

}  // namespace

struct CryptoLink::Parts {
  Parts(boost::asio::any_io_executor ex, EventBus& b, Clock& c, const Logging& l,
        const config::AppConfig& config, KalshiLink& k, store::Store& s)
      : executor(std::move(ex)),
        bus(b),
        clock(c),
        logging(l),
        cfg(config),
        kalshi(k),
        store(s),
        log(l.make_logger("crypto")) {}

  boost::asio::any_io_executor executor;
  EventBus& bus;
  Clock& clock;
  const Logging& logging;
  const config::AppConfig& cfg;
  KalshiLink& kalshi;
  store::Store& store;
  Logger log;

  bool enabled = false;
  std::optional<feeds::IndexConfig> index_config;
  std::vector<std::unique_ptr<feeds::FeedClient>> clients;
  std::unique_ptr<feeds::IndexService> index;
  std::unique_ptr<feeds::SettlementEngine> settlement;
  std::unique_ptr<feeds::ForecastRecorder> forecasts;
  std::shared_ptr<boost::asio::ssl::context> tls;
};

CryptoLink::CryptoLink(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock,
                       const Logging& logging, const config::AppConfig& cfg, KalshiLink& kalshi,
                       store::Store& store)
    : parts_(
          std::make_unique<Parts>(std::move(executor), bus, clock, logging, cfg, kalshi, store)) {}

CryptoLink::~CryptoLink() { stop(); }

std::optional<std::string> CryptoLink::start() {
  auto& p = *parts_;
  config::SourceConfig index_source;
  index_source.name = "index";
  if (const auto it = p.cfg.sources.find("index"); it != p.cfg.sources.end()) {
    index_source = it->second;
  }
  if (!index_source.enabled) {
    p.log->info("crypto_disabled reason=index_source_disabled");
    return std::nullopt;
  }
  auto index_config = feeds::read_index_config(index_source);
  if (!index_config) return "sources.index: " + index_config.error().front().message;
  p.index_config = *index_config;
  p.enabled = true;

  // The forecast record first: it rebuilds its scores from the database.
  p.forecasts = std::make_unique<feeds::ForecastRecorder>(
      p.bus, p.clock, p.logging.make_logger("forecasts"), p.store);
  try {
    p.forecasts->start();
  } catch (const std::exception& e) {
    return std::string("forecast record: ") + e.what();
  }
  p.index = std::make_unique<feeds::IndexService>(p.bus, p.clock, p.logging.make_logger("index"),
                                                  *p.index_config);
  p.index->start();
  p.settlement = std::make_unique<feeds::SettlementEngine>(
      p.bus, p.clock, p.logging.make_logger("settlement"), *p.index_config);
  p.settlement->start();

  // Kalshi's CF Benchmarks channel: the authoritative index.
  if (p.index_config->use_reference) {
    kalshi::SubscriptionSpec spec;
    spec.channel = kalshi::Channel::cfbenchmarks_value;
    for (const auto& a : p.index_config->assets) {
      if (!a.reference.empty()) spec.index_ids.push_back(a.reference);
    }
    if (!spec.index_ids.empty()) {
      p.kalshi.stream().subscribe(spec);
      p.kalshi.add_message_tap([&p](const kalshi::WsMessage& m, Timestamp at) {
        const auto* v = std::get_if<kalshi::CfBenchmarksValue>(&m);
        if (v == nullptr) return;
        const auto* asset = p.index_config->asset_for_reference(v->index_id);
        if (asset == nullptr) return;
        p.bus.publish(feeds::to_reference_tick(*v, asset->asset, at));
      });
    }
  }

  // The exchange feeds; in sim mode they connect to the simulator's feed servers.
  sim::SimServer* sim = p.kalshi.sim();
  for (const auto& [name, source] : p.cfg.sources) {
    if (!feeds::is_feed_source(name) || !source.enabled) continue;
    auto feed = feeds::read_feed_source(source);
    if (!feed) return "sources." + name + ": " + feed.error().front().message;
    if (sim != nullptr) {
      const auto url = sim_feed_url(*sim, feed->protocol);
      if (!url) {
        p.log->info("feed_skipped source={} reason=no_simulated_feed", name);
        continue;
      }
      if (auto problem = feeds::set_url(*feed, *url)) {
        return "simulator feed url " + *url + ": " + *problem;
      }
    }
    if (feed->endpoint.tls() && !p.tls) p.tls = net::make_client_tls_context(p.cfg.kalshi.ca_file);
    p.log->info("feed_configured source={} protocol={} url={} symbols={}", name,
                feeds::to_string(feed->protocol), feed->url, feed->symbols.size());
    auto client = std::make_unique<feeds::FeedClient>(
        p.executor, p.bus, p.clock, p.logging.make_logger("feed." + name), std::move(*feed),
        feeds::FeedClientOptions{}, p.tls);
    client->start();
    p.clients.push_back(std::move(client));
  }
  p.log->info("crypto_started feeds={} assets={} reference={}", p.clients.size(),
              p.index_config->assets.size(), p.index_config->use_reference);
  return std::nullopt;
}

void CryptoLink::stop() {
  auto& p = *parts_;
  for (auto& c : p.clients) c->stop();
  if (p.settlement) p.settlement->stop();
  if (p.index) p.index->stop();
  if (p.forecasts) p.forecasts->stop();
}

bool CryptoLink::enabled() const noexcept { return parts_->enabled; }

std::vector<FeedStatus> CryptoLink::feeds() const {
  std::vector<FeedStatus> out;
  for (const auto& c : parts_->clients) {
    FeedStatus s;
    s.source = c->config().name;
    s.url = c->config().url;
    s.state = c->state();
    s.detail = c->last_error();
    const auto& st = c->stats();
    s.frames = st.frames;
    s.ticks = st.ticks;
    s.bad_frames = st.bad_frames;
    s.sent = st.sent;
    s.reconnects = st.reconnects;
    s.last_tick = st.last_tick;
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<feeds::IndexStats> CryptoLink::indices() const {
  return parts_->index ? parts_->index->stats() : std::vector<feeds::IndexStats>{};
}

std::optional<feeds::SettlementStats> CryptoLink::settlement() const {
  if (!parts_->settlement) return std::nullopt;
  return parts_->settlement->stats();
}

std::vector<feeds::SettlementProgress> CryptoLink::progress() const {
  return parts_->settlement ? parts_->settlement->progress()
                            : std::vector<feeds::SettlementProgress>{};
}

std::vector<feeds::SettlementRecord> CryptoLink::recent_checks() const {
  if (!parts_->settlement) return {};
  const auto& r = parts_->settlement->recent_checks();
  return {r.begin(), r.end()};
}

std::vector<feeds::ForecastScore> CryptoLink::forecast_scores() const {
  return parts_->forecasts ? parts_->forecasts->scores() : std::vector<feeds::ForecastScore>{};
}

std::optional<std::vector<risk::FeedState>> CryptoLink::index_feeds(
    const MarketTicker& ticker) const {
  const auto& p = *parts_;
  if (!p.enabled || !p.index) return std::vector<risk::FeedState>{{"index", std::nullopt}};
  const auto& markets = p.kalshi.scanner().markets();
  const auto it = markets.find(ticker);
  const auto* asset = p.index_config->asset_for_series(
      kalshi::series_of(ticker.str(), it == markets.end() ? nullptr : &it->second));
  if (asset == nullptr) return std::nullopt;
  const feeds::IndexStats* stats = p.index->stats(asset->asset);
  return std::vector<risk::FeedState>{
      {"index " + asset->asset, stats != nullptr ? stats->observed_at : std::nullopt}};
}

}  // namespace antevorta::cli
