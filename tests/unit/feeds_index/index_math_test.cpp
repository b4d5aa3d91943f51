// Exact index arithmetic: half-even rounding, medians, spreads in basis points, sample sums.
#include "antevorta/feeds/index_math.hpp"

#include <gtest/gtest.h>

#include "unit/feeds_index/test_support.hpp"

namespace antevorta::feeds::testing {
namespace {

TEST(IndexMath, DivideRoundsHalfEvenAt1e8) {
  // 5 / 2 units of 1e-8 = 2.5 → 2 (even); 7 / 2 = 3.5 → 4 (even); 7 / 3 = 2.33 → 2; 8 / 3 → 3.
  EXPECT_EQ(divide_half_even(5, 2).scaled(), 2);
  EXPECT_EQ(divide_half_even(7, 2).scaled(), 4);
  EXPECT_EQ(divide_half_even(7, 3).scaled(), 2);
  EXPECT_EQ(divide_half_even(8, 3).scaled(), 3);
  // Negative sums round the same way around zero: −5/2 = −2.5 → −2, −7/2 = −3.5 → −4.
  EXPECT_EQ(divide_half_even(-5, 2).scaled(), -2);
  EXPECT_EQ(divide_half_even(-7, 2).scaled(), -4);
  EXPECT_EQ(divide_half_even(-8, 3).scaled(), -3);  // −2.67 → −3
}

TEST(IndexMath, MedianOfOddAndEvenCounts) {
  std::vector<Decimal> odd{D("101"), D("99"), D("100")};
  EXPECT_EQ(median_in_place(odd), D("100"));
  EXPECT_EQ(odd.front(), D("99"));  // sorted in place
  EXPECT_EQ(odd.back(), D("101"));
  std::vector<Decimal> even{D("68000.10"), D("68000.20"), D("67999"), D("68001")};
  // Middle two 68000.10 and 68000.20 → 68000.15 exactly.
  EXPECT_EQ(median_in_place(even), D("68000.15"));
  std::vector<Decimal> one{D("42")};
  EXPECT_EQ(median_in_place(one), D("42"));
}

TEST(IndexMath, EvenMedianBelowTheResolutionRoundsHalfEven) {
  // (0.00000001 + 0.00000002) / 2 = 0.000000015 → 0.00000002 (2 is even).
  std::vector<Decimal> a{D("0.00000001"), D("0.00000002")};
  EXPECT_EQ(median_in_place(a), D("0.00000002"));
  // (0.00000002 + 0.00000003) / 2 = 0.000000025 → 0.00000002.
  std::vector<Decimal> b{D("0.00000003"), D("0.00000002")};
  EXPECT_EQ(median_in_place(b), D("0.00000002"));
}

TEST(IndexMath, SpreadInBasisPointsIsTheCeilingAndTheLimitIsExact) {
  // (100.50 − 100) / 100 × 10000 = 50 bps exactly: not above a 50 bps limit.
  EXPECT_EQ(spread_bps_ceil(D("100"), D("100.50"), D("100")), 50);
  EXPECT_FALSE(spread_exceeds(D("100"), D("100.50"), D("100"), 50));
  // 100.50000001 → 50.000001 bps: reported 51, and above 50.
  EXPECT_EQ(spread_bps_ceil(D("100"), D("100.50000001"), D("100")), 51);
  EXPECT_TRUE(spread_exceeds(D("100"), D("100.50000001"), D("100"), 50));
  EXPECT_EQ(spread_bps_ceil(D("100"), D("100"), D("100")), 0);
}

TEST(IndexMath, SampleSumAverageAndExactComparison) {
  SampleSum s;
  s.add(D("1"));
  s.add(D("2"));
  s.add(D("2"));
  // 5 / 3 = 1.666666666… → 1.66666667 (rounded), but the comparison is exact:
  // Σ = 5 >= 1.66666667 × 3 = 5.00000001? No.
  EXPECT_EQ(s.average(), D("1.66666667"));
  EXPECT_FALSE(s.at_least(D("1.66666667")));
  EXPECT_TRUE(s.at_least(D("1.66666666")));  // 4.99999998 <= 5
  SampleSum tie;
  tie.add(D("100"));
  tie.add(D("102"));
  EXPECT_TRUE(tie.at_least(D("101")));  // 202 >= 202: a tie is YES
  EXPECT_FALSE(tie.at_least(D("101.00000001")));
}

}  // namespace
}  // namespace antevorta::feeds::testing
