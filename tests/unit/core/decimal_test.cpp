#include "antevorta/core/decimal.hpp"

#include <gtest/gtest.h>

namespace antevorta {
namespace {

TEST(Decimal, ParsesExactlyWithUpToEightDecimals) {
  EXPECT_EQ(Decimal::parse("68000.12").value().scaled(), 6'800'012'000'000);
  EXPECT_EQ(Decimal::parse("68000.12000000").value(), Decimal::parse("68000.12").value());
  EXPECT_EQ(Decimal::parse("-0.00000001").value().scaled(), -1);
  EXPECT_EQ(Decimal::parse("0.123456780000").value().scaled(), 12'345'678);
}

TEST(Decimal, RejectsWhatIsNotAnExactDecimal) {
  EXPECT_EQ(Decimal::parse("0.123456789").error().code, NumberError::too_many_decimals);
  EXPECT_EQ(Decimal::parse("1e5").error().code, NumberError::malformed);
  EXPECT_EQ(Decimal::parse("").error().code, NumberError::empty);
  EXPECT_EQ(Decimal::parse("99999999999999999999").error().code, NumberError::out_of_range);
}

TEST(Decimal, FromDoubleRecoversShortDecimalLiterals) {
  EXPECT_EQ(Decimal::from_double(78934.67).value(), Decimal::parse("78934.67").value());
  EXPECT_EQ(Decimal::from_double(4487).value(), Decimal::from_integer(4487));
  EXPECT_EQ(Decimal::from_double(0.1).value().scaled(), 10'000'000);
  EXPECT_EQ(Decimal::from_double(0.0).value().scaled(), 0);
  EXPECT_FALSE(Decimal::from_double(0.000000001).has_value());
  EXPECT_FALSE(Decimal::from_double(1e300).has_value());
  EXPECT_FALSE(Decimal::from_double(0.1 + 0.2).has_value());  // 0.30000000000000004
}

TEST(Decimal, CanonicalTextDropsTrailingZeros) {
  EXPECT_EQ(Decimal::parse("68000.12000000").value().to_string(), "68000.12");
  EXPECT_EQ(Decimal::parse("5.000").value().to_string(), "5");
  EXPECT_EQ(Decimal::parse("-0.5").value().to_string(), "-0.5");
  EXPECT_EQ(fmt::format("{}", Decimal::parse("0.00000001").value()), "0.00000001");
}

}  // namespace
}  // namespace antevorta
