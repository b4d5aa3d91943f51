// The settlement rule's window arithmetic and the digital value of a crypto window.
#include "antevorta/sim/crypto_model.hpp"

#include <gtest/gtest.h>

namespace antevorta::sim {
namespace {

// 2026-01-01T00:00:00Z is a multiple of 900 s since the epoch (1767225600 / 900 = 1963584).
constexpr std::int64_t kClose = 1'767'225'600;

TEST(FinalMinute, IsTheSixtySecondsUpToAndIncludingTheClose) {
  EXPECT_FALSE(final_minute_close(kClose - 61, 900).has_value());
  EXPECT_FALSE(final_minute_close(kClose - 60, 900).has_value());  // close − 60 s: excluded
  EXPECT_EQ(final_minute_close(kClose - 59, 900), kClose);
  EXPECT_EQ(final_minute_close(kClose - 1, 900), kClose);
  EXPECT_EQ(final_minute_close(kClose, 900), kClose);  // the close: included
  EXPECT_FALSE(final_minute_close(kClose + 1, 900).has_value());
  EXPECT_EQ(final_minute_close(kClose + 899, 900), kClose + 900);
  // Windows of one minute: every second is in the final minute of the window it closes.
  EXPECT_EQ(final_minute_close(kClose + 1, 60), kClose + 60);
  EXPECT_EQ(final_minute_close(kClose + 60, 60), kClose + 60);
  EXPECT_EQ(final_minute_close(kClose + 61, 60), kClose + 120);
}

TEST(Digital, FarFromTheCloseDependsOnDistanceAndVolatility) {
  // 900 s to the close, nothing accumulated: m = 60, the first sample g = 900 − 59 = 841 s
  // away; variance seconds = 841 + 59·119/360 = 860.50278; v = 0.5² · 860.50278 / 31557600
  // = 6.81692e-6, √v = 0.00261092.
  DigitalInputs in;
  in.spot = 100.0;
  in.target = 100.0;
  in.annual_vol = 0.5;
  in.seconds_to_close = 900.0;
  // At the money: d = −√v/2 = −0.00130546 → Φ(d) = 0.499479.
  EXPECT_NEAR(digital_probability(in), 0.499479, 1e-6);
  // 0.1 % above: d = (ln 1.001 − v/2)/√v = (0.00099950 − 0.00000341)/0.00261092 = 0.381509
  // → Φ(d) = 0.648587.
  in.spot = 100.1;
  EXPECT_NEAR(digital_probability(in), 0.648587, 1e-6);
  in.spot = 110.0;
  EXPECT_GT(digital_probability(in), 0.999999);
  in.spot = 90.0;
  EXPECT_LT(digital_probability(in), 1e-6);
}

TEST(Digital, InsideTheFinalMinuteTheSamplesTakenCount) {
  // 30 samples of 100 taken, target 100.5: the other 30 must average
  // (60·100.5 − 3000)/30 = 101, exactly the spot: just under one half. 29.5 s to the close:
  // g = 29.5 − 29 = 0.5 s, variance seconds = 0.5 + 29·59/180 = 10.00556,
  // v = 0.25 · 10.00556 / 31557600 = 7.92642e-8, d = −√v/2 = −0.000140770 → 0.499944.
  DigitalInputs in;
  in.spot = 101.0;
  in.target = 100.5;
  in.annual_vol = 0.5;
  in.seconds_to_close = 29.5;
  in.accumulated_sum = 3000.0;
  in.accumulated_count = 30;
  EXPECT_NEAR(digital_probability(in), 0.499944, 1e-6);
  // What is taken already beats the target whatever comes: 30 · 250 = 7500 ≥ 60 · 100.5.
  in.accumulated_sum = 7500.0;
  EXPECT_EQ(digital_probability(in), 1.0);
}

TEST(Digital, AtTheCloseItIsTheRule) {
  DigitalInputs in;
  in.annual_vol = 0.5;
  in.accumulated_count = 60;
  in.accumulated_sum = 6000.0;  // average 100
  in.target = 100.0;
  EXPECT_EQ(digital_probability(in), 1.0);  // a tie is YES
  in.target = 100.01;
  EXPECT_EQ(digital_probability(in), 0.0);
  // Without volatility the spot decides.
  DigitalInputs flat;
  flat.annual_vol = 0.0;
  flat.seconds_to_close = 300.0;
  flat.spot = 100.0;
  flat.target = 100.0;
  EXPECT_EQ(digital_probability(flat), 1.0);
  flat.spot = 99.99;
  EXPECT_EQ(digital_probability(flat), 0.0);
}

}  // namespace
}  // namespace antevorta::sim
