#include "antevorta/feeds/forecast_recorder.hpp"

#include <cmath>
#include <utility>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

namespace antevorta::feeds {

namespace {

constexpr const char* kInsertForecast =
    "INSERT INTO forecasts (model, ticker, at_ns, probability, yes_bid, yes_ask, close_time_ns, "
    "seconds_to_close) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kInsertOutcome =
    "INSERT OR IGNORE INTO market_outcomes (ticker, result, at_ns) VALUES (?1, ?2, ?3)";

store::Value price_value(const std::optional<Price>& p) {
  if (!p) return nullptr;
  return p->centicents();
}

bool valid_probability(double p) { return std::isfinite(p) && p >= 0.0 && p <= 1.0; }

}  // namespace

ForecastRecorder::ForecastRecorder(EventBus& bus, Clock& clock, Logger logger, store::Store& store)
    : bus_(bus), clock_(clock), logger_(std::move(logger)), store_(store) {}

ForecastRecorder::~ForecastRecorder() { stop(); }

store::Write ForecastRecorder::forecast_write(const strategy::ForecastPublished& f) {
  const Duration to_close = f.close_time - f.at;
  store::Write w;
  w.sql = kInsertForecast;
  w.params = {f.model,
              f.ticker.str(),
              to_unix_ns(f.at),
              f.probability,
              price_value(f.yes_bid),
              price_value(f.yes_ask),
              to_unix_ns(f.close_time),
              std::chrono::duration<double>(to_close).count()};
  w.durability = store::Durability::best_effort;
  return w;
}

store::Write ForecastRecorder::outcome_write(const MarketTicker& ticker, bool yes, Timestamp at) {
  store::Write w;
  w.sql = kInsertOutcome;
  w.params = {ticker.str(), std::string(yes ? "yes" : "no"), to_unix_ns(at)};
  w.durability = store::Durability::critical;
  return w;
}

void ForecastRecorder::start() {
  if (running_) return;
  rebuild();
  running_ = true;
  subscriptions_.push_back(bus_.subscribe<strategy::ForecastPublished>(
      [this](const strategy::ForecastPublished& f) { on_forecast(f); }));
  subscriptions_.push_back(bus_.subscribe<kalshi::MarketChanged>(
      [this](const kalshi::MarketChanged& e) { on_market(e); }));
}

void ForecastRecorder::stop() {
  if (!running_) return;
  running_ = false;
  subscriptions_.clear();
}

void ForecastRecorder::rebuild() {
  try {
    SQLite::Database& db = store_.read();
    SQLite::Statement outcomes(db, "SELECT ticker, result FROM market_outcomes");
    while (outcomes.executeStep()) {
      scorer_.add_outcome(outcomes.getColumn(0).getString(),
                          outcomes.getColumn(1).getString() == "yes");
      ++stats_.rebuilt_outcomes;
    }
    SQLite::Statement forecasts(
        db, "SELECT model, ticker, probability, at_ns, close_time_ns FROM forecasts ORDER BY id");
    while (forecasts.executeStep()) {
      const double p = forecasts.getColumn(2).getDouble();
      if (!valid_probability(p)) continue;  // never written by this code; skip, do not assert
      const Duration to_close(forecasts.getColumn(4).getInt64() -
                              forecasts.getColumn(3).getInt64());
      scorer_.add_forecast(forecasts.getColumn(0).getString(), forecasts.getColumn(1).getString(),
                           p, to_close);
      ++stats_.rebuilt_forecasts;
    }
  } catch (const SQLite::Exception& e) {
    throw store::StoreError(fmt::format("database {}: cannot read the forecast record: {}",
                                        store_.path().string(), e.what()));
  }
  logger_->info("forecast_record_rebuilt forecasts={} outcomes={} scored={} pending_markets={}",
                stats_.rebuilt_forecasts, stats_.rebuilt_outcomes, scorer_.scored_forecasts(),
                scorer_.pending_markets());
}

void ForecastRecorder::on_forecast(const strategy::ForecastPublished& in) {
  if (!valid_probability(in.probability) || in.model.empty() || in.ticker.empty() ||
      in.close_time == Timestamp{}) {
    ++stats_.rejected;
    logger_->warn("forecast_rejected model={} ticker={} probability={}", log_value(in.model),
                  in.ticker, in.probability);
    return;
  }
  strategy::ForecastPublished f = in;
  if (f.at == Timestamp{}) f.at = clock_.now();
  ++stats_.forecasts;
  scorer_.add_forecast(f.model, f.ticker.str(), f.probability, f.close_time - f.at);
  if (!store_.enqueue(forecast_write(f))) ++stats_.dropped_writes;
}

void ForecastRecorder::on_market(const kalshi::MarketChanged& e) {
  if (e.change != kalshi::MarketChange::determined && e.change != kalshi::MarketChange::settled) {
    return;
  }
  if (!e.market || !e.market->result) return;
  const kalshi::MarketResult r = *e.market->result;
  if (r != kalshi::MarketResult::yes && r != kalshi::MarketResult::no) return;
  const bool yes = r == kalshi::MarketResult::yes;
  if (!scorer_.add_outcome(e.ticker.str(), yes)) return;  // determined, then settled: once
  ++stats_.outcomes;
  const Timestamp at = e.at == Timestamp{} ? clock_.now() : e.at;
  if (!store_.enqueue(outcome_write(e.ticker, yes, at))) ++stats_.dropped_writes;
  logger_->info("market_outcome_recorded ticker={} result={}", e.ticker, yes ? "yes" : "no");
}

}  // namespace antevorta::feeds
