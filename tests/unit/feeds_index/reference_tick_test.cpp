// to_reference_tick and the quarter-hour arithmetic of the 15-minute markets.
#include "antevorta/feeds/reference_tick.hpp"

#include <gtest/gtest.h>

#include "unit/feeds_index/test_support.hpp"

namespace antevorta::feeds::testing {
namespace {

using namespace std::chrono_literals;

// 2024-03-09T16:00:00Z = 1710000000 s (the AsyncAPI example's neighbourhood).
const Timestamp k1600 = from_unix_ms(1'710'000'000'000);

TEST(QuarterClose, TheCloseSecondBelongsToItsOwnQuarter) {
  EXPECT_EQ(quarter_close_of(k1600), k1600);               // :00.000 → the close tick (60)
  EXPECT_EQ(quarter_close_of(k1600 + 123ms), k1600);       // :00.123 is still second :00
  EXPECT_EQ(quarter_close_of(k1600 - 1ms), k1600);         // 15:59:59.999 → 16:00
  EXPECT_EQ(quarter_close_of(k1600 - 59s), k1600);         // 15:59:01 → count 1 of 16:00
  EXPECT_EQ(quarter_close_of(k1600 + 1s), k1600 + 15min);  // 16:00:01 → 16:15
  EXPECT_EQ(floor_to_second(k1600 + 999ms), k1600);
  EXPECT_EQ(floor_to_second(k1600 - 1ns), k1600 - 1s);
}

TEST(ToReferenceTick, CopiesValuesAndDerivesTheAccumulatorsClose) {
  kalshi::CfBenchmarksValue v;
  v.index_id = "BRTI";
  v.received_at_ms = 1'710'000'000'123;
  v.value = D("68000.12");
  v.time_ms = 1'709'999'999'400;  // 15:59:59.400: second :59, the 59th of the window
  v.avg_60s = {D("68000.11"), 3, 1'709'999'939'400, 1'709'999'999'400};
  v.last_60s_windowed_average_15min =
      kalshi::CfBenchmarksAverage{D("68000.23"), 59, 1'709'999'940'000, 1'709'999'999'400};
  const Timestamp received = k1600 + 5ms;
  const ReferenceTick t = to_reference_tick(v, "BTC", received);
  EXPECT_EQ(t.index_id, "BRTI");
  EXPECT_EQ(t.asset, "BTC");
  EXPECT_EQ(t.value, D("68000.12"));
  EXPECT_EQ(t.index_time, from_unix_ms(1'709'999'999'400));
  EXPECT_EQ(t.received_at, received);
  EXPECT_EQ(t.avg_60s, D("68000.11"));
  ASSERT_TRUE(t.final_minute.has_value());
  EXPECT_EQ(t.final_minute->value, D("68000.23"));
  EXPECT_EQ(t.final_minute->count, 59);
  EXPECT_EQ(t.final_minute->window_end, k1600);

  v.last_60s_windowed_average_15min.reset();
  EXPECT_FALSE(to_reference_tick(v, "BTC", received).final_minute.has_value());
}

}  // namespace
}  // namespace antevorta::feeds::testing
