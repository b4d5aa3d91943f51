#include "antevorta/core/fixed.hpp"

#include <cstdint>
#include <limits>

#include <gtest/gtest.h>

namespace antevorta {
namespace {

TEST(PriceParse, AcceptsKalshiForms) {
  EXPECT_EQ(Price::parse("0.56")->centicents(), 5600);
  EXPECT_EQ(Price::parse("0.5600")->centicents(), 5600);
  EXPECT_EQ(Price::parse("0.0010")->centicents(), 10);
  EXPECT_EQ(Price::parse("0.0001")->centicents(), 1);
  EXPECT_EQ(Price::parse("1")->centicents(), 10000);
  EXPECT_EQ(Price::parse("1.0000")->centicents(), 10000);
  EXPECT_EQ(Price::parse("0")->centicents(), 0);
  EXPECT_EQ(Price::parse("-0")->centicents(), 0);
}

TEST(PriceParse, RejectsMalformedInput) {
  for (const char* bad :
       {".5", "5.", "+0.5", " 0.5", "0.5 ", "0,5", "1e-2", "abc", "0.5.1", "-", "0x1", "0.-5"}) {
    auto p = Price::parse(bad);
    ASSERT_FALSE(p.has_value()) << bad;
    EXPECT_EQ(p.error().code, NumberError::malformed) << bad;
  }
  EXPECT_EQ(Price::parse("").error().code, NumberError::empty);
}

TEST(PriceParse, RejectsFiveOrMoreDecimals) {
  EXPECT_EQ(Price::parse("0.12345").error().code, NumberError::too_many_decimals);
  EXPECT_EQ(Price::parse("0.560000").error().code, NumberError::too_many_decimals);
}

TEST(DecimalParse, ZeroPaddingOnlyWhenAllowed) {
  EXPECT_EQ(detail::parse_decimal("0.960000", 4, false, 6).value(), 9600);
  EXPECT_EQ(detail::parse_decimal("0.96", 4, false, 6).value(), 9600);
  EXPECT_EQ(detail::parse_decimal("0.960001", 4, false, 6).error(), NumberError::too_many_decimals);
  EXPECT_EQ(detail::parse_decimal("0.9600000", 4, false, 6).error(),
            NumberError::too_many_decimals);
  EXPECT_EQ(detail::parse_decimal("0.960000", 4, false).error(), NumberError::too_many_decimals);
}

TEST(PriceParse, RejectsNegativeAndAboveOne) {
  EXPECT_EQ(Price::parse("-0.01").error().code, NumberError::negative);
  EXPECT_EQ(Price::parse("1.0001").error().code, NumberError::out_of_range);
  EXPECT_EQ(Price::parse("99999999999999999999").error().code, NumberError::out_of_range);
  EXPECT_FALSE(Price::from_centicents(10001).has_value());
  EXPECT_FALSE(Price::from_centicents(-1).has_value());
  EXPECT_THROW(Price::of(10001), std::out_of_range);
}

TEST(PriceParse, ErrorMessageNamesInputAndReason) {
  auto p = Price::parse("0.12345");
  EXPECT_EQ(p.error().message(), "invalid price \"0.12345\": too many decimal places");
}

TEST(PriceFormat, CanonicalFourDecimals) {
  EXPECT_EQ(Price::parse("0.56")->to_string(), "0.5600");
  EXPECT_EQ(Price::parse("1")->to_string(), "1.0000");
  EXPECT_EQ(Price::zero().to_string(), "0.0000");
  EXPECT_EQ(Price::parse("0.001")->to_string(), "0.0010");
  EXPECT_EQ(fmt::format("{}", Price::of(4321)), "0.4321");
}

TEST(PriceLegacy, IntegerCents) {
  EXPECT_EQ(Price::from_cents(56)->centicents(), 5600);
  EXPECT_FALSE(Price::from_cents(101).has_value());
}

TEST(Price, ComplementIsOtherLeg) {
  EXPECT_EQ(Price::parse("0.56")->complement(), *Price::parse("0.44"));
  EXPECT_EQ(Price::one().complement(), Price::zero());
}

TEST(CountParse, AcceptsZeroToTwoDecimalsAndSign) {
  EXPECT_EQ(Count::parse("10.00")->centi(), 1000);
  EXPECT_EQ(Count::parse("10")->centi(), 1000);
  EXPECT_EQ(Count::parse("0.5")->centi(), 50);
  EXPECT_EQ(Count::parse("0.01")->centi(), 1);
  EXPECT_EQ(Count::parse("-3.00")->centi(), -300);
  EXPECT_EQ(Count::parse("0.001").error().code, NumberError::too_many_decimals);
  EXPECT_EQ(Count::parse_non_negative("-1").error().code, NumberError::negative);
  EXPECT_EQ(Count::parse(".5").error().code, NumberError::malformed);
}

TEST(CountParse, OverflowIsAnError) {
  // INT64_MAX / 100 whole contracts fit; one more digit does not.
  EXPECT_TRUE(Count::parse("92233720368547758.07").has_value());
  EXPECT_EQ(Count::parse("92233720368547758.08").error().code, NumberError::out_of_range);
  EXPECT_EQ(Count::parse("922337203685477581").error().code, NumberError::out_of_range);
}

TEST(CountFormat, CanonicalTwoDecimals) {
  EXPECT_EQ(Count::parse("10")->to_string(), "10.00");
  EXPECT_EQ(Count::parse("-0.5")->to_string(), "-0.50");
  EXPECT_EQ(Count::from_centi(std::numeric_limits<std::int64_t>::min()).to_string(),
            "-92233720368547758.08");
}

TEST(CountArithmetic, CheckedOverflowThrows) {
  const Count max = Count::from_centi(std::numeric_limits<std::int64_t>::max());
  EXPECT_THROW((void)(max + Count::from_centi(1)), ArithmeticOverflow);
  EXPECT_THROW((void)(-Count::from_centi(std::numeric_limits<std::int64_t>::min())),
               ArithmeticOverflow);
  EXPECT_THROW(Count::contracts(std::numeric_limits<std::int64_t>::max() / 10), ArithmeticOverflow);
  EXPECT_EQ(Count::contracts(3) - Count::contracts(5), *Count::parse("-2"));
  EXPECT_EQ(Count::parse("-2")->abs(), Count::contracts(2));
}

TEST(MoneyParseFormat, SignedFourDecimals) {
  EXPECT_EQ(Money::parse("1.75")->centicents(), 17500);
  EXPECT_EQ(Money::parse("-0.0175")->centicents(), -175);
  EXPECT_EQ(Money::parse("12")->to_string(), "12.0000");
  EXPECT_EQ(Money::parse("-0.0175")->to_string(), "-0.0175");
  EXPECT_EQ(Money::parse("0.00001").error().code, NumberError::too_many_decimals);
  EXPECT_EQ(Money::from_cents(-250).to_string(), "-2.5000");
}

TEST(MoneyArithmetic, CheckedOverflowThrows) {
  const Money max = Money::from_centicents(std::numeric_limits<std::int64_t>::max());
  EXPECT_THROW((void)(max + Money::from_centicents(1)), ArithmeticOverflow);
  EXPECT_THROW((void)(max * 2), ArithmeticOverflow);
  EXPECT_THROW(Money::from_cents(std::numeric_limits<std::int64_t>::max()), ArithmeticOverflow);
  EXPECT_EQ(*Money::parse("1.25") - *Money::parse("2"), *Money::parse("-0.75"));
}

TEST(MoneyRounding, ToCentInEachDirection) {
  const Money m = *Money::parse("0.0175");
  EXPECT_EQ(m.round_to_cent(Rounding::up).to_string(), "0.0200");
  EXPECT_EQ(m.round_to_cent(Rounding::down).to_string(), "0.0100");
  EXPECT_EQ(m.round_to_cent(Rounding::nearest).to_string(), "0.0200");
  const Money neg = *Money::parse("-0.0175");
  EXPECT_EQ(neg.round_to_cent(Rounding::up).to_string(), "-0.0100");
  EXPECT_EQ(neg.round_to_cent(Rounding::down).to_string(), "-0.0200");
  EXPECT_EQ(Money::parse("0.0300")->round_to_cent(Rounding::up).to_string(), "0.0300");
}

TEST(Notional, PriceTimesCount) {
  EXPECT_EQ(notional(*Price::parse("0.56"), *Count::parse("10"), Rounding::down).to_string(),
            "5.6000");
  // 0.5555 × 0.01 = 0.005555 USD: not a whole centi-cent.
  const Price p = *Price::parse("0.5555");
  const Count c = *Count::parse("0.01");
  EXPECT_EQ(notional(p, c, Rounding::down).to_string(), "0.0055");
  EXPECT_EQ(notional(p, c, Rounding::up).to_string(), "0.0056");
  EXPECT_EQ(notional(p, -c, Rounding::down).to_string(), "-0.0056");
}

}  // namespace
}  // namespace antevorta
