// ForecastRecorder: the forecast record. Stores every ForecastPublished and every market's
// yes/no outcome in the database (tables `forecasts` and `market_outcomes`, store migration
// 3), and keeps the scores of the forecasts against the outcomes in memory
// (ForecastScorer: Brier, log loss, hit rate per model and time-to-close bucket).
//
// Events: strategy::ForecastPublished → a `forecasts` row (best_effort: dropped with the
// other signal rows when the store's queue is full; the in-memory scores still count it) and
// the scorer. kalshi::MarketChanged determined/settled whose Market has result yes or no →
// a `market_outcomes` row (critical; INSERT OR IGNORE, the first result of a ticker wins)
// and the scorer. Scalar and unknown results are not outcomes of a binary forecast: ignored.
// A forecast with a probability outside [0, 1] (or NaN), an empty model or ticker, or no
// close_time is rejected: counted and logged, not stored.
//
// Restart: start() rebuilds the scores from the database (every outcome, then every
// forecast) before it subscribes, so scores survive restarts; the rebuild reads every
// forecast row once (O(rows) at start). Afterwards scores() costs a walk over the
// (model, bucket) cells — cheap enough for every metrics scrape.
//
// Errors: start() throws store::StoreError when the database cannot be read. Writes that fail
// later are logged and counted by the Store. Threading: the io_context thread (the Store's
// owning thread, whose read connection start() uses). Lifetime: bus, clock and store outlive
// the recorder; stop() (or the destructor) unsubscribes.
#pragma once

#include <cstdint>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/feeds/forecast_score.hpp"
#include "antevorta/kalshi/market_scanner.hpp"
#include "antevorta/store/store.hpp"
#include "antevorta/strategy/forecast.hpp"

namespace antevorta::feeds {

struct ForecastRecorderStats {
  std::uint64_t forecasts = 0;          // accepted (stored and scored)
  std::uint64_t rejected = 0;           // invalid probability, model, ticker or close_time
  std::uint64_t outcomes = 0;           // yes/no outcomes accepted (first per ticker)
  std::uint64_t dropped_writes = 0;     // rows the store refused (queue full or closed)
  std::uint64_t rebuilt_forecasts = 0;  // forecast rows read at start
  std::uint64_t rebuilt_outcomes = 0;   // outcome rows read at start
};

class ForecastRecorder {
 public:
  ForecastRecorder(EventBus& bus, Clock& clock, Logger logger, store::Store& store);
  ~ForecastRecorder();
  ForecastRecorder(const ForecastRecorder&) = delete;
  ForecastRecorder& operator=(const ForecastRecorder&) = delete;

  void start();
  void stop();

  // Per model: its buckets with n > 0 ("0-1m" … "15m+"), then "all".
  std::vector<ForecastScore> scores() const { return scorer_.scores(); }
  const ForecastRecorderStats& stats() const noexcept { return stats_; }
  const ForecastScorer& scorer() const noexcept { return scorer_; }

  // Pure record building, exposed for tests.
  static store::Write forecast_write(const strategy::ForecastPublished& f);
  static store::Write outcome_write(const MarketTicker& ticker, bool yes, Timestamp at);

 private:
  void rebuild();
  void on_forecast(const strategy::ForecastPublished& f);
  void on_market(const kalshi::MarketChanged& e);

  EventBus& bus_;
  Clock& clock_;
  Logger logger_;
  store::Store& store_;
  ForecastScorer scorer_;
  ForecastRecorderStats stats_;
  std::vector<Subscription> subscriptions_;
  bool running_ = false;
};

}  // namespace antevorta::feeds
