// SettlementEngine on a bus and a ManualClock: the window (close − 60 s, close] with its
// edges, carried values, tie → YES, Kalshi's accumulator preferred, progress each second,
// agreement counting.
#include "antevorta/feeds/settlement_engine.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/feeds_index/test_support.hpp"

namespace antevorta::feeds::testing {
namespace {

using namespace std::chrono_literals;
using kalshi::MarketChange;
using kalshi::MarketResult;

const std::string kBtc = "KXBTC15M-26JAN010015-15";
const std::string kBtc2 = "KXBTC15M-26JAN010015-16";  // a second market on the same close
const std::string kSol = "KXSOL15M-26JAN010015-15";

class Engine : public ::testing::Test {
 protected:
  Engine() {
    subs.push_back(bus.subscribe<SettlementProgress>(
        [this](const SettlementProgress& p) { progress.push_back(p); }));
    subs.push_back(bus.subscribe<SettlementChecked>(
        [this](const SettlementChecked& c) { checked.push_back(c); }));
    engine.start();
  }
  void list(const std::string& ticker, std::optional<std::string_view> target) {
    bus.publish(
        market_event(MarketChange::listed, ticker, close, target, std::nullopt, clock.now()));
  }
  void result(const std::string& ticker, MarketResult r,
              MarketChange change = MarketChange::determined) {
    bus.publish(market_event(change, ticker, close, std::nullopt, r, clock.now()));
  }
  // The index of `asset` at the clock's now (ok), or unavailable.
  void index(std::string_view value, const std::string& asset = "BTC") {
    IndexUpdated u;
    u.asset = asset;
    u.status = IndexStatus::ok;
    u.reason = IndexUnavailableReason::none;
    u.value = D(value);
    u.at = clock.now();
    bus.publish(u);
  }
  void unavailable(const std::string& asset = "BTC") {
    IndexUpdated u;
    u.asset = asset;
    u.status = IndexStatus::unavailable;
    u.at = clock.now();
    bus.publish(u);
  }
  void accumulator(std::string_view value, std::int64_t count) {
    ReferenceTick t = reference_tick("BTC", value, clock.now());
    t.final_minute = ReferenceTick::FinalMinute{D(value), count, close};
    bus.publish(t);
  }
  std::vector<SettlementProgress> progress_of(const std::string& ticker) const {
    std::vector<SettlementProgress> out;
    for (const auto& p : progress) {
      if (p.ticker.str() == ticker) out.push_back(p);
    }
    return out;
  }

  ManualClock clock;  // 2026-01-01T00:00:00Z
  const Timestamp close = clock.now() + 15min;
  EventBus bus;
  SettlementEngine engine{bus, clock, null_logger(), two_assets()};
  std::vector<SettlementProgress> progress;
  std::vector<SettlementChecked> checked;
  std::vector<Subscription> subs;
};

TEST_F(Engine, WindowExcludesItsStartIncludesCloseCarriesValuesAndATieIsYes) {
  list(kBtc, "101");
  clock.advance_to(close - 61s);
  index("90");  // seconds up to close − 61
  clock.advance_to(close - 60s);
  index("40");  // the value of second close − 60: outside the window
  clock.advance_to(close - 59s - 500ms);
  index("100");  // carried through seconds close − 59 … close − 1 (59 samples)
  clock.advance_to(close);
  index("160");  // the value at exactly close: inside
  clock.advance_to(close + 500ms);
  index("1000");  // after close: outside
  clock.advance_to(close + 3s);
  result(kBtc, MarketResult::yes);

  ASSERT_EQ(checked.size(), 1u);
  const SettlementChecked& c = checked[0];
  EXPECT_EQ(c.ticker, MarketTicker(kBtc));
  EXPECT_EQ(c.asset, "BTC");
  // (59 × 100 + 160) / 60 = 6060 / 60 = 101 = the target: a tie, YES. With close − 60
  // inside and close outside it would be (40 + 5900) / 60 = 99 → NO; with both, 6100/61 = 100.
  EXPECT_EQ(c.computed_average, D("101"));
  EXPECT_EQ(c.samples, 60);
  EXPECT_TRUE(c.computed_yes);
  EXPECT_TRUE(c.kalshi_yes);
  EXPECT_TRUE(c.agree);
  EXPECT_EQ(c.at, close + 3s);
  EXPECT_EQ(engine.stats().checked, 1u);
  EXPECT_EQ(engine.stats().agreed, 1u);
  EXPECT_EQ(engine.stats().incomplete, 0u);
  ASSERT_EQ(engine.recent_checks().size(), 1u);
  EXPECT_FALSE(engine.recent_checks()[0].from_reference);
  EXPECT_EQ(engine.recent_checks()[0].target, D("101"));
}

TEST_F(Engine, ProgressEverySecondWithRunningAverageAndImpliedOutcome) {
  list(kBtc, "101");
  // Listed but no index yet: nothing to say.
  clock.advance_to(close - 120s);
  EXPECT_TRUE(progress_of(kBtc).empty());
  index("90");
  clock.advance_to(close - 119s);
  auto p = progress_of(kBtc);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].index, D("90"));
  EXPECT_EQ(p[0].target, D("101"));
  EXPECT_EQ(p[0].time_to_close, 119s);
  EXPECT_EQ(p[0].samples, 0);
  EXPECT_FALSE(p[0].running_average.has_value());
  EXPECT_FALSE(p[0].implied_yes);  // index 90 < 101
  EXPECT_EQ(p[0].close_time, close);

  clock.advance_to(close - 59s - 500ms);
  index("102");
  clock.advance_to(close - 30s);
  p = progress_of(kBtc);
  // One per second from close − 119 s to close − 30 s: 90 events.
  ASSERT_EQ(p.size(), 90u);
  const SettlementProgress& mid = p.back();
  // Seconds close − 59 … close − 31 sampled (before now): 29 samples of 102.
  EXPECT_EQ(mid.samples, 29);
  EXPECT_EQ(mid.running_average, D("102"));
  EXPECT_TRUE(mid.implied_yes);
  EXPECT_EQ(mid.time_to_close, 30s);
  EXPECT_EQ(mid.at, close - 30s);

  clock.advance_to(close + 5s);
  p = progress_of(kBtc);
  // The last one is one second after close, with the whole window; none after that.
  EXPECT_EQ(p.back().time_to_close, -1s);
  EXPECT_EQ(p.back().samples, 60);
  EXPECT_EQ(p.back().running_average, D("102"));
  EXPECT_EQ(p.size(), 90u + 31u);
}

TEST_F(Engine, MarketWaitsForItsTargetBeforeProgress) {
  list(kBtc, std::nullopt);
  index("100");
  clock.advance(3s);
  EXPECT_TRUE(progress_of(kBtc).empty());
  bus.publish(market_event(MarketChange::updated, kBtc, close, "99.5", std::nullopt, clock.now()));
  clock.advance(1s);
  ASSERT_EQ(progress_of(kBtc).size(), 1u);
  EXPECT_EQ(progress_of(kBtc)[0].target, D("99.5"));
  EXPECT_TRUE(progress_of(kBtc)[0].implied_yes);
}

TEST_F(Engine, KalshisAccumulatorIsPreferredWhenAtLeastAsComplete) {
  list(kBtc, "100.5");
  clock.advance_to(close - 61s);
  index("100");  // our 60 samples: 100 → NO against 100.5
  clock.advance_to(close - 30s);
  accumulator("100.4", 29);
  clock.advance_to(close);
  accumulator("100.5", 60);  // Kalshi's exact value: 100.5 → YES (a tie)
  clock.advance_to(close + 2s);
  result(kBtc, MarketResult::yes);
  ASSERT_EQ(checked.size(), 1u);
  EXPECT_EQ(checked[0].computed_average, D("100.5"));
  EXPECT_EQ(checked[0].samples, 60);
  EXPECT_TRUE(checked[0].computed_yes);
  EXPECT_TRUE(checked[0].agree);
  EXPECT_EQ(engine.stats().from_reference, 1u);
  EXPECT_TRUE(engine.recent_checks().back().from_reference);
}

TEST_F(Engine, OwnSamplesWinOverALessCompleteAccumulator) {
  list(kBtc, "100.5");
  clock.advance_to(close - 61s);
  index("100");
  clock.advance_to(close - 1s);
  accumulator("101", 59);  // the close tick never came: 59 < our 60
  clock.advance_to(close + 2s);
  result(kBtc, MarketResult::no);
  ASSERT_EQ(checked.size(), 1u);
  EXPECT_EQ(checked[0].computed_average, D("100"));
  EXPECT_EQ(checked[0].samples, 60);
  EXPECT_FALSE(checked[0].computed_yes);
  EXPECT_TRUE(checked[0].agree);
  EXPECT_EQ(engine.stats().from_reference, 0u);
}

TEST_F(Engine, AgreementCountingAcrossMarkets) {
  list(kBtc, "100");     // average 100.2 ≥ 100 → YES
  list(kBtc2, "100.3");  // 100.2 < 100.3 → NO
  list(kSol, "150");     // no SOL index at all: unobserved
  clock.advance_to(close - 61s);
  index("100.2");
  clock.advance_to(close + 2s);
  result(kBtc, MarketResult::yes);   // agrees
  result(kBtc2, MarketResult::yes);  // disagrees: we say NO
  result(kSol, MarketResult::no);
  result(kBtc, MarketResult::yes, MarketChange::settled);  // the second result: ignored
  ASSERT_EQ(checked.size(), 3u);
  EXPECT_TRUE(checked[0].agree);
  EXPECT_FALSE(checked[1].agree);
  EXPECT_FALSE(checked[1].computed_yes);
  EXPECT_TRUE(checked[1].kalshi_yes);
  EXPECT_EQ(checked[2].samples, 0);
  EXPECT_FALSE(checked[2].computed_average.has_value());
  EXPECT_FALSE(checked[2].agree);
  const SettlementStats& s = engine.stats();
  EXPECT_EQ(s.checked, 2u);
  EXPECT_EQ(s.agreed, 1u);
  EXPECT_DOUBLE_EQ(s.agreement_rate(), 0.5);
  EXPECT_EQ(s.unobserved, 1u);
  EXPECT_EQ(s.followed, 0u);
}

TEST_F(Engine, UnavailableSecondsAreNotSampledAndTheWindowIsFlaggedIncomplete) {
  list(kBtc, "100");
  clock.advance_to(close - 61s);
  index("101");
  clock.advance_to(close - 10s);
  unavailable();  // seconds close − 10 … close − 1 have no value
  clock.advance_to(close - 500ms);
  index("99");  // second close: 99
  clock.advance_to(close + 2s);
  result(kBtc, MarketResult::yes);
  ASSERT_EQ(checked.size(), 1u);
  // Seconds close − 59 … close − 11: 49 × 101, close: 99 → 50 samples, (4949 + 99) / 50 =
  // 100.96 ≥ 100.
  EXPECT_EQ(checked[0].samples, 50);
  EXPECT_EQ(checked[0].computed_average, D("100.96"));
  EXPECT_TRUE(checked[0].agree);
  EXPECT_EQ(engine.stats().incomplete, 1u);
  EXPECT_EQ(engine.stats().checked, 1u);
}

TEST_F(Engine, StopEndsTheTimer) {
  engine.stop();
  EXPECT_EQ(clock.pending_timers(), 0u);
  list(kBtc, "100");
  clock.advance(5s);
  EXPECT_TRUE(progress.empty());
}

}  // namespace
}  // namespace antevorta::feeds::testing
