// The crypto side of `run`, composed after the Kalshi link: the exchange price feeds
// (sources coinbase, binance, kraken), Kalshi's cfbenchmarks_value channel as the
// authoritative reference, the aggregated index per asset, the settlement engine of the
// 15-minute markets and the forecast record. In sim mode every enabled feed connects to the
// in-process simulator's feed server of its protocol instead of the configured URL.
//
// Everything here is optional for trading: with the `index` source disabled nothing starts;
// a feed that cannot connect retries with backoff and the index says "unavailable".
// Errors: start() returns the reason when a configuration cannot be used (it was validated
// before, so this is rare). Threading: the io_context thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/feeds/forecast_score.hpp"
#include "antevorta/feeds/index_aggregator.hpp"
#include "antevorta/feeds/settlement_tracker.hpp"
#include "antevorta/risk/view.hpp"
#include "antevorta/store/store.hpp"

#include "cli/kalshi_link.hpp"

namespace antevorta::cli {

// One feed connection as the API and metrics show it.
struct FeedStatus {
  std::string source;
  std::string url;
  feeds::FeedState state = feeds::FeedState::connecting;
  std::string detail;
  std::uint64_t frames = 0;
  std::uint64_t ticks = 0;
  std::uint64_t bad_frames = 0;
  std::uint64_t sent = 0;
  std::uint64_t reconnects = 0;
  std::optional<Timestamp> last_tick;
};

class CryptoLink {
 public:
  CryptoLink(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock,
             const Logging& logging, const config::AppConfig& cfg, KalshiLink& kalshi,
             store::Store& store);
  ~CryptoLink();
  CryptoLink(const CryptoLink&) = delete;
  CryptoLink& operator=(const CryptoLink&) = delete;

  std::optional<std::string> start();
  void stop();

  bool enabled() const noexcept;
  std::vector<FeedStatus> feeds() const;
  std::vector<feeds::IndexStats> indices() const;
  std::optional<feeds::SettlementStats> settlement() const;
  std::vector<feeds::SettlementProgress> progress() const;
  std::vector<feeds::SettlementRecord> recent_checks() const;
  std::vector<feeds::ForecastScore> forecast_scores() const;
  // The price feed an intent on `ticker` depends on, for the risk manager's
  // max_feed_age_seconds: the index of the market's asset ("index BTC"), updated when it
  // last had a fresh value (IndexStats::observed_at). nullopt when the market's series is of
  // no configured asset; with the index source disabled, one feed "index" never updated.
  std::optional<std::vector<risk::FeedState>> index_feeds(const MarketTicker& ticker) const;

  struct Parts;

 private:
  std::unique_ptr<Parts> parts_;
};

}  // namespace antevorta::cli
