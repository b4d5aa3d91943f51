// ForecastRecorder against a real SQLite file: rows written through the store's batched
// writer, rejected forecasts, outcomes once per ticker, and scores rebuilt after a restart.
#include "antevorta/feeds/forecast_recorder.hpp"

#include <cmath>
#include <limits>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/feeds_index/test_support.hpp"
#include "unit/store/store_test_support.hpp"

namespace antevorta::feeds::testing {
namespace {

using namespace std::chrono_literals;
using kalshi::MarketChange;
using kalshi::MarketResult;
using store::testing::count_rows;
using store::testing::options_for;
using store::testing::TempDir;

strategy::ForecastPublished forecast(std::string model, std::string ticker, double p, Timestamp at,
                                     Timestamp close) {
  strategy::ForecastPublished f;
  f.model = std::move(model);
  f.ticker = MarketTicker(ticker);
  f.probability = p;
  f.at = at;
  f.close_time = close;
  return f;
}

class Recorder : public ::testing::Test {
 protected:
  void publish_sample(EventBus& bus) {
    // Market A closes at close_a and resolves yes; B resolves no.
    auto f1 = forecast("ewma", "A", 0.8, close - 30s, close);  // 0-1m
    f1.yes_bid = Price::of(7500);
    f1.yes_ask = Price::of(7800);
    bus.publish(f1);
    bus.publish(forecast("ewma", "A", 0.6, close - 120s, close));  // 1-5m
    bus.publish(forecast("ewma", "B", 0.3, close - 30s, close));   // 0-1m
    bus.publish(forecast("ewma", "B", 0.5, close - 60s, close));   // exactly 60 s: 1-5m
    bus.publish(forecast("llm", "A", 0.9, close - 20min, close));  // 15m+
    bus.publish(market_event(MarketChange::determined, "A", close, std::nullopt, MarketResult::yes,
                             close + 2s));
    bus.publish(market_event(MarketChange::settled, "A", close, std::nullopt, MarketResult::no,
                             close + 9s));  // a later result never replaces the first
    bus.publish(market_event(MarketChange::determined, "B", close, std::nullopt, MarketResult::no,
                             close + 2s));
  }

  TempDir dir;
  ManualClock clock;
  const Timestamp close = clock.now() + 15min;
};

TEST_F(Recorder, WritesForecastAndOutcomeRows) {
  store::Store db(options_for(dir / "x.db"), null_logger());
  EventBus bus;
  ForecastRecorder recorder(bus, clock, null_logger(), db);
  recorder.start();
  publish_sample(bus);
  db.flush();
  EXPECT_EQ(count_rows(db.read(), "forecasts"), 5);
  EXPECT_EQ(count_rows(db.read(), "market_outcomes"), 2);
  EXPECT_EQ(count_rows(db.read(), "market_outcomes", "ticker = 'A' AND result = 'yes'"), 1);

  SQLite::Statement q(db.read(),
                      "SELECT model, ticker, at_ns, probability, yes_bid, yes_ask, close_time_ns, "
                      "seconds_to_close FROM forecasts ORDER BY id");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "ewma");
  EXPECT_EQ(q.getColumn(1).getString(), "A");
  EXPECT_EQ(q.getColumn(2).getInt64(), to_unix_ns(close - 30s));
  EXPECT_DOUBLE_EQ(q.getColumn(3).getDouble(), 0.8);
  EXPECT_EQ(q.getColumn(4).getInt64(), 7500);
  EXPECT_EQ(q.getColumn(5).getInt64(), 7800);
  EXPECT_EQ(q.getColumn(6).getInt64(), to_unix_ns(close));
  EXPECT_DOUBLE_EQ(q.getColumn(7).getDouble(), 30.0);
  ASSERT_TRUE(q.executeStep());
  EXPECT_TRUE(q.getColumn(4).isNull());  // no quote given
  EXPECT_TRUE(q.getColumn(5).isNull());
  EXPECT_EQ(recorder.stats().forecasts, 5u);
  EXPECT_EQ(recorder.stats().outcomes, 2u);
}

TEST_F(Recorder, InvalidForecastsAndNonBinaryResultsAreNotRecorded) {
  store::Store db(options_for(dir / "x.db"), null_logger());
  EventBus bus;
  ForecastRecorder recorder(bus, clock, null_logger(), db);
  recorder.start();
  bus.publish(forecast("m", "A", 1.5, clock.now(), close));
  bus.publish(forecast("m", "A", -0.1, clock.now(), close));
  bus.publish(forecast("m", "A", std::numeric_limits<double>::quiet_NaN(), clock.now(), close));
  bus.publish(forecast("", "A", 0.5, clock.now(), close));
  bus.publish(forecast("m", "A", 0.5, clock.now(), Timestamp{}));
  bus.publish(forecast("m", "A", 1.0, clock.now(), close));  // the edge is valid
  bus.publish(market_event(MarketChange::determined, "A", close, std::nullopt, MarketResult::scalar,
                           close));
  bus.publish(market_event(MarketChange::closed, "B", close, std::nullopt, MarketResult::yes,
                           close));  // not a result event
  db.flush();
  EXPECT_EQ(recorder.stats().rejected, 5u);
  EXPECT_EQ(recorder.stats().forecasts, 1u);
  EXPECT_EQ(count_rows(db.read(), "forecasts"), 1);
  EXPECT_EQ(count_rows(db.read(), "market_outcomes"), 0);
  EXPECT_TRUE(recorder.scores().empty());
}

TEST_F(Recorder, ScoresSurviveARestart) {
  const auto path = dir / "x.db";
  std::vector<ForecastScore> before;
  {
    store::Store db(options_for(path), null_logger());
    EventBus bus;
    ForecastRecorder recorder(bus, clock, null_logger(), db);
    recorder.start();
    publish_sample(bus);
    // A forecast for a market without an outcome yet stays pending across the restart.
    bus.publish(forecast("ewma", "C", 0.25, close - 10s, close));
    before = recorder.scores();
    recorder.stop();
    db.close();
  }
  // ewma 0-1m: A 0.8 (yes) 0.04, B 0.3 (no) 0.09 → Brier 0.065, hits 2/2.
  // ewma 1-5m: A 0.6 (yes) 0.16, B 0.5 (no) 0.25 → 0.205, hits 1/2.
  // llm 15m+: A 0.9 (yes) → 0.01.
  ASSERT_EQ(before.size(), 5u);
  EXPECT_EQ(before[0].bucket, "0-1m");
  EXPECT_NEAR(before[0].brier, 0.065, 1e-12);
  EXPECT_EQ(before[1].bucket, "1-5m");
  EXPECT_NEAR(before[1].brier, 0.205, 1e-12);
  EXPECT_DOUBLE_EQ(before[1].hit_rate, 0.5);
  EXPECT_EQ(before[3].model, "llm");
  EXPECT_NEAR(before[3].brier, 0.01, 1e-12);

  store::Store db(options_for(path), null_logger());
  EventBus bus;
  ForecastRecorder recorder(bus, clock, null_logger(), db);
  recorder.start();
  EXPECT_EQ(recorder.stats().rebuilt_forecasts, 6u);
  EXPECT_EQ(recorder.stats().rebuilt_outcomes, 2u);
  const auto after = recorder.scores();
  ASSERT_EQ(after.size(), before.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].model, before[i].model);
    EXPECT_EQ(after[i].bucket, before[i].bucket);
    EXPECT_EQ(after[i].n, before[i].n);
    EXPECT_NEAR(after[i].brier, before[i].brier, 1e-12);
    EXPECT_NEAR(after[i].log_loss, before[i].log_loss, 1e-12);
    EXPECT_DOUBLE_EQ(after[i].hit_rate, before[i].hit_rate);
  }
  // C's outcome arrives after the restart: its rebuilt pending forecast is scored now.
  // ewma 0-1m gains (0.25 − 0)² = 0.0625: (0.04 + 0.09 + 0.0625) / 3 = 0.064166…
  bus.publish(market_event(MarketChange::determined, "C", close, std::nullopt, MarketResult::no,
                           close + 2s));
  const auto scored = recorder.scores();
  EXPECT_EQ(scored[0].n, 3u);
  EXPECT_NEAR(scored[0].brier, 0.1925 / 3, 1e-12);
}

}  // namespace
}  // namespace antevorta::feeds::testing
