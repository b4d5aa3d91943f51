#include "antevorta/kalshi/fees.hpp"

#include <string>

#include <gtest/gtest.h>

namespace antevorta::kalshi {
namespace {

struct Case {
  const char* fee_type;
  const char* multiplier;
  Liquidity liquidity;
  const char* price;
  const char* count;
  const char* per_order;  // rounded up to the cent
  const char* per_fill;   // rounded up to $0.0001
};

class FeeTable : public ::testing::TestWithParam<Case> {};

TEST_P(FeeTable, KnownAnswers) {
  const Case& c = GetParam();
  const FeeSchedule schedule{*parse_fee_type(c.fee_type), *FeeMultiplier::parse(c.multiplier)};
  const Price price = *Price::parse(c.price);
  const Count count = *Count::parse(c.count);
  const auto order = trading_fee(schedule, c.liquidity, price, count, FeeRounding::order_cent);
  const auto fill = trading_fee(schedule, c.liquidity, price, count, FeeRounding::fill_centicent);
  ASSERT_TRUE(order.has_value());
  ASSERT_TRUE(fill.has_value());
  EXPECT_EQ(order->to_string(), c.per_order);
  EXPECT_EQ(fill->to_string(), c.per_fill);
}

constexpr auto T = Liquidity::taker;
constexpr auto M = Liquidity::maker;

INSTANTIATE_TEST_SUITE_P(
    Kalshi, FeeTable,
    ::testing::Values(
        // The fee schedule's own examples: max $0.0175 per contract at $0.50.
        Case{"quadratic", "1", T, "0.50", "1", "0.0200", "0.0175"},
        Case{"quadratic", "1", T, "0.50", "100", "1.7500", "1.7500"},
        // Makers pay nothing on quadratic series.
        Case{"quadratic", "1", M, "0.50", "100", "0.0000", "0.0000"},
        // Maker fees: a quarter of the taker fee, or half on combo series.
        Case{"quadratic_with_maker_fees", "1", M, "0.50", "100", "0.4400", "0.4375"},
        Case{"quadratic_with_maker_fees", "1", T, "0.50", "100", "1.7500", "1.7500"},
        Case{"quadratic_with_combo_maker_fees", "1", M, "0.50", "100", "0.8800", "0.8750"},
        // Multiplier 0.5 is the old 0.035 index rate; multiplier 0 means no fees.
        Case{"quadratic", "0.5", T, "0.50", "100", "0.8800", "0.8750"},
        Case{"quadratic", "0", T, "0.50", "100", "0.0000", "0.0000"},
        Case{"quadratic_with_maker_fees", "2", M, "0.50", "100", "0.8800", "0.8750"},
        // Off-centre prices, rounding up in both schemes.
        Case{"quadratic", "1", T, "0.45", "3", "0.0600", "0.0520"},
        Case{"quadratic", "1", T, "0.10", "10", "0.0700", "0.0630"},
        Case{"quadratic", "1", T, "0.01", "1", "0.0100", "0.0007"},
        Case{"quadratic", "1", T, "0.99", "1", "0.0100", "0.0007"},
        // Sub-penny grid and fractional contracts.
        Case{"quadratic", "1", T, "0.0010", "100", "0.0100", "0.0070"},
        Case{"quadratic", "1", T, "0.50", "0.01", "0.0100", "0.0002"},
        // Certain prices carry no fee.
        Case{"quadratic", "1", T, "0", "100", "0.0000", "0.0000"},
        Case{"quadratic", "1", T, "1", "100", "0.0000", "0.0000"},
        // A large order stays exact.
        Case{"quadratic", "1", T, "0.37", "1000000", "16317.0000", "16317.0000"}));

TEST(Fees, NegativeCountIsChargedLikeItsSize) {
  const FeeSchedule s{};
  EXPECT_EQ(trading_fee(s, T, *Price::parse("0.5"), *Count::parse("-100"), FeeRounding::order_cent),
            trading_fee(s, T, *Price::parse("0.5"), *Count::parse("100"), FeeRounding::order_cent));
}

TEST(Fees, FlatScheduleIsUnknownNotZero) {
  const FeeSchedule s{FeeType::flat, FeeMultiplier::one()};
  EXPECT_FALSE(trading_fee(s, T, *Price::parse("0.5"), Count::contracts(1), FeeRounding::order_cent)
                   .has_value());
}

TEST(Fees, ParseFeeTypes) {
  EXPECT_EQ(parse_fee_type("quadratic_with_combo_maker_fees"),
            FeeType::quadratic_with_combo_maker_fees);
  EXPECT_EQ(parse_fee_type("Quadratic"), std::nullopt);
  EXPECT_EQ(to_string(FeeType::quadratic_with_maker_fees), "quadratic_with_maker_fees");
}

TEST(Fees, MultiplierParsingAndFormatting) {
  EXPECT_EQ(FeeMultiplier::parse("0.035")->micros(), 35'000);
  EXPECT_EQ(FeeMultiplier::parse("1")->to_string(), "1");
  EXPECT_EQ(FeeMultiplier::parse("0.5")->to_string(), "0.5");
  EXPECT_FALSE(FeeMultiplier::parse("-1").has_value());
  EXPECT_EQ(FeeMultiplier::from_double(0.035)->micros(), 35'000);
  EXPECT_FALSE(FeeMultiplier::from_double(-0.5).has_value());
}

TEST(Fees, EventOverrideWins) {
  const auto half = *FeeMultiplier::parse("0.5");
  const auto s = FeeSchedule::effective(FeeType::quadratic, FeeMultiplier::one(),
                                        FeeType::quadratic_with_maker_fees, half);
  EXPECT_EQ(s.type, FeeType::quadratic_with_maker_fees);
  EXPECT_EQ(s.multiplier, half);
  const auto plain = FeeSchedule::effective(FeeType::quadratic, half, std::nullopt, std::nullopt);
  EXPECT_EQ(plain.type, FeeType::quadratic);
  EXPECT_EQ(plain.multiplier, half);
}

TEST(Fees, BreakEvenProbability) {
  // 100 @ 0.50 with $1.75 fee: (50 + 1.75) / 100.
  EXPECT_DOUBLE_EQ(
      *break_even_probability(*Price::parse("0.5"), Count::contracts(100), *Money::parse("1.75")),
      0.5175);
  EXPECT_FALSE(break_even_probability(*Price::parse("0.5"), Count{}, Money{}).has_value());
}

}  // namespace
}  // namespace antevorta::kalshi
