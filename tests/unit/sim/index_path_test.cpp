// The simulated index: a deterministic GBM with volatility regimes, the replay of a recorded
// path, the one-second history and its averages, and the decimal helpers.
#include "antevorta/sim/index_path.hpp"

#include <set>

#include <gtest/gtest.h>

namespace antevorta::sim {
namespace {

using namespace std::chrono_literals;

Decimal D(const char* text) { return Decimal::parse(text).value(); }

// 2026-01-01T00:00:00Z, a whole second.
Timestamp t0() { return from_unix_ms(1'767'225'600'000); }
constexpr std::int64_t kT0 = 1'767'225'600;

IndexSpec btc() { return IndexSpec{"BTC", "BRTI", D("98000"), 2, 1.0}; }

TEST(DecimalText, RoundsHalfAwayFromZero) {
  EXPECT_EQ(round_decimals(D("78934.675"), 2), D("78934.68"));
  EXPECT_EQ(round_decimals(D("78934.67499999"), 2), D("78934.67"));
  EXPECT_EQ(round_decimals(D("-1.005"), 2), D("-1.01"));
  EXPECT_EQ(round_decimals(D("140.12345"), 4), D("140.1235"));
  EXPECT_EQ(fixed_text(D("68000.1"), 2), "68000.10");
  EXPECT_EQ(fixed_text(D("68000.12"), 8), "68000.12000000");
  EXPECT_EQ(fixed_text(D("0.00000001"), 8), "0.00000001");
  EXPECT_EQ(fixed_text(D("-0.5"), 0), "-1");
  EXPECT_EQ(fixed_text(D("140"), 4), "140.0000");
}

TEST(IndexPath, RandomWalkIsDeterministicForASeed) {
  IndexPath a(btc(), {}, 7, t0());
  IndexPath b(btc(), {}, 7, t0());
  IndexPath c(btc(), {}, 8, t0());
  a.advance_to(t0() + 120s);
  b.advance_to(t0() + 60s);
  b.advance_to(t0() + 120s);  // the same path whatever the advance steps
  c.advance_to(t0() + 120s);
  ASSERT_EQ(a.history().size(), 121u);  // seconds 0..120
  bool differs = false;
  for (std::size_t i = 0; i < a.history().size(); ++i) {
    EXPECT_EQ(a.history()[i].unix_s, kT0 + static_cast<std::int64_t>(i));
    EXPECT_EQ(a.history()[i].value, b.history()[i].value);
    differs = differs || a.history()[i].value != c.history()[i].value;
    // BTC values have two decimals: scaled by 1e8, a multiple of 1e6.
    EXPECT_EQ(a.history()[i].value.scaled() % 1'000'000, 0);
  }
  EXPECT_TRUE(differs);
  EXPECT_EQ(a.history().front().value, D("98000"));
  EXPECT_NE(a.value(), D("98000"));  // it moved
}

TEST(IndexPath, RegimesSwitchWithTheirProbability) {
  IndexModelOptions never;
  never.switch_probability = 0.0;
  IndexPath still(btc(), never, 1, t0());
  still.advance_to(t0() + 600s);
  EXPECT_EQ(still.regime(), VolRegime::normal);
  EXPECT_DOUBLE_EQ(still.annual_vol(), 0.50);

  IndexModelOptions often;
  often.switch_probability = 0.5;
  IndexPath busy(btc(), often, 1, t0());
  std::set<VolRegime> seen;
  for (int i = 1; i <= 200; ++i) {
    busy.advance_to(t0() + i * 250ms);
    seen.insert(busy.regime());
  }
  EXPECT_EQ(seen.size(), 3u);  // calm, normal and turbulent all occurred
  // vol_scale multiplies the regime's vol: SOL at 1.6 × normal.
  IndexPath sol(IndexSpec{"SOL", "SOLUSD_RTI", D("140"), 4, 1.6}, never, 1, t0());
  EXPECT_DOUBLE_EQ(sol.annual_vol(), 0.80);
}

TEST(IndexPath, ZeroVolatilityHoldsAndJumpsAreRecordedFromTheNextSecond) {
  IndexModelOptions flat;
  flat.regime_vols = {0.0, 0.0, 0.0};
  IndexPath p(btc(), flat, 1, t0() + 100ms);  // floored to the 250 ms grid: t0 + 0
  EXPECT_EQ(p.time(), t0());
  p.advance_to(t0() + 2s);
  p.jump_to(D("98100.005"));  // rounded to 98100.01
  p.advance_to(t0() + 3s + 900ms);
  EXPECT_EQ(p.second_value(kT0 + 2), D("98000"));
  EXPECT_EQ(p.second_value(kT0 + 3), D("98100.01"));
  EXPECT_FALSE(p.second_value(kT0 + 4).has_value());  // not reached yet
  // Averages of the seconds in the history: (98000 × 3 + 98100.01) / 4 = 392100.01 / 4
  // = 98025.0025.
  const IndexAverage avg = p.average(kT0 - 10, kT0 + 3);
  EXPECT_EQ(avg.count, 4);
  EXPECT_EQ(avg.sum, D("392100.01"));
  EXPECT_EQ(avg.value, D("98025.0025"));
  EXPECT_EQ(p.average(kT0 + 10, kT0 + 20).count, 0);
}

TEST(IndexPath, AveragesRoundToEightDecimals) {
  IndexModelOptions flat;
  flat.regime_vols = {0.0, 0.0, 0.0};
  IndexPath p(IndexSpec{"SOL", "SOLUSD_RTI", D("140.0001"), 4, 1.0}, flat, 1, t0());
  p.advance_to(t0() + 1s);
  p.jump_to(D("140.0002"));
  p.advance_to(t0() + 2s);
  // (140.0001 + 140.0001 + 140.0002) / 3 = 420.0004 / 3 = 140.000133333… → 140.00013333.
  EXPECT_EQ(p.average(kT0, kT0 + 2).value, D("140.00013333"));
}

TEST(IndexPath, HistoryKeepsItsLength) {
  IndexModelOptions o;
  o.history = 90s;
  IndexPath p(btc(), o, 1, t0());
  p.advance_to(t0() + 300s);
  EXPECT_EQ(p.history().front().unix_s, kT0 + 300 - 90);
  EXPECT_EQ(p.history().back().unix_s, kT0 + 300);
}

TEST(IndexPath, RecordedPathReplaysRelativeToTheStart) {
  // Recorded at 10:00:00.000, .500, 10:00:02.000 (BTC) and one SOL point that is ignored.
  const std::vector<RecordedPoint> points{{1'700'000'000'000, "BTC", D("50000.10")},
                                          {1'700'000'000'500, "BTC", D("50000.30")},
                                          {1'700'000'002'000, "BTC", D("50001.005")}};
  IndexPath p(btc(), {}, points, t0());
  EXPECT_TRUE(p.recorded());
  p.advance_to(t0() + 5s);
  // Second 0 → the first point; second 1 → the latest at or before +1 s (the .500 one);
  // second 2 → 50001.005 rounded to 50001.01; after the recording the last value holds.
  EXPECT_EQ(p.second_value(kT0), D("50000.10"));
  EXPECT_EQ(p.second_value(kT0 + 1), D("50000.30"));
  EXPECT_EQ(p.second_value(kT0 + 2), D("50001.01"));
  EXPECT_EQ(p.second_value(kT0 + 5), D("50001.01"));
  // The same recording replays the same way from another start.
  IndexPath q(btc(), {}, points, t0() + 3600s);
  q.advance_to(t0() + 3602s);
  EXPECT_EQ(q.second_value(kT0 + 3601), D("50000.30"));
}

TEST(IndexRecording, ParsesCsvWithHeaderAndComments) {
  const auto points = parse_index_recording(
      "unix_ms,asset,value\n"
      "# a comment\n"
      "1700000000000,BTC,50000.10\r\n"
      "\n"
      "1700000001000, SOL , 140.1234\n");
  ASSERT_TRUE(points.has_value()) << points.error();
  ASSERT_EQ(points->size(), 2u);
  EXPECT_EQ((*points)[0].unix_ms, 1'700'000'000'000);
  EXPECT_EQ((*points)[0].asset, "BTC");
  EXPECT_EQ((*points)[0].value, D("50000.10"));
  EXPECT_EQ((*points)[1].asset, "SOL");
  EXPECT_EQ((*points)[1].value, D("140.1234"));
}

TEST(IndexRecording, ReportsTheBadLine) {
  auto bad_value = parse_index_recording("1700000000000,BTC,50000\n1700000001000,BTC,abc\n");
  ASSERT_FALSE(bad_value.has_value());
  EXPECT_NE(bad_value.error().find("line 2"), std::string::npos) << bad_value.error();
  auto bad_time = parse_index_recording("1700000000000,BTC,1\nsoon,BTC,2\n");
  ASSERT_FALSE(bad_time.has_value());
  EXPECT_NE(bad_time.error().find("line 2"), std::string::npos) << bad_time.error();
  auto short_line = parse_index_recording("1700000000000,BTC\n");
  ASSERT_FALSE(short_line.has_value());
  EXPECT_NE(short_line.error().find("line 1"), std::string::npos);
  auto missing = load_index_recording("/nonexistent/index.csv");
  ASSERT_FALSE(missing.has_value());
  EXPECT_NE(missing.error().find("/nonexistent/index.csv"), std::string::npos);
}

}  // namespace
}  // namespace antevorta::sim
