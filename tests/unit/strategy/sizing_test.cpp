// Kelly sizing against hand-computed values.
#include "antevorta/strategy/sizing.hpp"

#include <cmath>
#include <limits>
#include <ostream>

#include <gtest/gtest.h>

namespace antevorta {
inline void PrintTo(Count c, std::ostream* os) { *os << c.to_string(); }
inline void PrintTo(Money m, std::ostream* os) { *os << m.to_string(); }
}  // namespace antevorta

namespace antevorta::strategy {
inline void PrintTo(SizeLimit l, std::ostream* os) { *os << to_string(l); }

namespace {

Price P(const char* text) { return *Price::parse(text); }
Count C(const char* text) { return *Count::parse(text); }
Money M(const char* text) { return *Money::parse(text); }

kalshi::FeeSchedule no_fee() {
  return {kalshi::FeeType::quadratic, *kalshi::FeeMultiplier::parse("0")};
}
kalshi::FeeSchedule quadratic() {
  return {kalshi::FeeType::quadratic, kalshi::FeeMultiplier::one()};
}

// p = 0.6, price 0.50, no fee, full Kelly, $1000.
KellyInput base() {
  KellyInput in;
  in.probability = 0.6;
  in.price = P("0.50");
  in.fees = no_fee();
  in.fraction = 1.0;
  in.confidence = 1.0;
  in.bankroll = M("1000");
  return in;
}

TEST(Kelly, FullKellyWithoutFee) {
  // f* = (0.6 - 0.5) / (1 - 0.5) = 0.2; stake 0.2 × 1000 = 200 buys 200 / 0.50 = 400.
  EXPECT_NEAR(kelly_fraction(0.6, 0.5), 0.2, 1e-12);
  const KellySize s = kelly_size(base());
  EXPECT_NEAR(s.kelly_fraction_full, 0.2, 1e-12);
  EXPECT_NEAR(s.edge_per_contract, 0.1, 1e-12);
  EXPECT_EQ(s.fee_per_contract, 0.0);
  EXPECT_EQ(s.count, C("400"));  // exact boundary: not 399 from binary rounding
  EXPECT_EQ(s.cost, M("200.00"));
  EXPECT_EQ(s.fee, M("0"));
  EXPECT_EQ(s.limited_by, SizeLimit::kelly);
}

TEST(Kelly, FractionAndConfidenceScale) {
  KellyInput in = base();
  in.fraction = 0.25;  // 0.25 × 0.2 × 1000 = 50 staked -> 100 contracts
  EXPECT_EQ(kelly_size(in).count, C("100"));
  EXPECT_NEAR(kelly_size(in).kelly_fraction_used, 0.05, 1e-12);
  in.confidence = 0.5;  // 0.5 × 0.25 × 0.2 × 1000 = 25 -> 50
  EXPECT_EQ(kelly_size(in).count, C("50"));
  in.confidence = 0.0;
  EXPECT_EQ(kelly_size(in).count, C("0"));
  EXPECT_EQ(kelly_size(in).limited_by, SizeLimit::below_lot);
}

TEST(Kelly, NoLegIsSizedInItsOwnTerms) {
  // Buy NO at 0.30 with P(NO) = 0.45: f* = 0.15 / 0.70 = 0.2142857; half Kelly of $100 stakes
  // 10.714, which buys 10.714 / 0.30 = 35.7 -> 35 contracts (10.50).
  KellyInput in = base();
  in.probability = 0.45;
  in.price = P("0.30");
  in.fraction = 0.5;
  in.bankroll = M("100");
  const KellySize s = kelly_size(in);
  EXPECT_NEAR(s.kelly_fraction_full, 0.15 / 0.70, 1e-12);
  EXPECT_EQ(s.count, C("35"));
  EXPECT_EQ(s.cost, M("10.50"));
}

TEST(Kelly, QuadraticTakerFee) {
  // Lowest fee per contract 0.07 × 0.5 × 0.5 = 0.0175: c = 0.5175,
  // f* = 0.0825 / 0.4825 = 0.170984, × 1000 / 0.5175 = 330.40 -> 330.
  // Fee of 330: 0.07 × 330 × 0.25 = 5.775 -> 5.78 (0.017515 each): c = 0.517515,
  // f* = 0.082485 / 0.482485 = 0.170958, × 1000 / 0.517515 = 330.34 >= 330: consistent.
  KellyInput in = base();
  in.fees = quadratic();
  const KellySize s = kelly_size(in);
  EXPECT_EQ(s.count, C("330"));
  EXPECT_EQ(s.fee, M("5.78"));
  EXPECT_EQ(s.cost, M("170.78"));  // 330 × 0.50 + 5.78
  EXPECT_NEAR(s.fee_per_contract, 5.78 / 330, 1e-12);
  EXPECT_NEAR(s.edge_per_contract, 0.1 - 5.78 / 330, 1e-12);
  EXPECT_NEAR(s.kelly_fraction_full, 0.170958, 1e-6);
  EXPECT_EQ(s.limited_by, SizeLimit::kelly);
}

TEST(Kelly, CentRoundingMakesSmallOrdersDearer) {
  // p = 0.53, price 0.50, $40. At 0.0175 per contract: f* = 0.0125 / 0.4825 = 0.025907,
  // × 40 / 0.5175 = 2.0025 -> 2.
  KellyInput in = base();
  in.probability = 0.53;
  in.bankroll = M("40");
  in.fees = quadratic();
  // Per fill to the centi-cent, 2 contracts pay 0.0350 (0.0175 each): 2 stands.
  in.fee_rounding = kalshi::FeeRounding::fill_centicent;
  KellySize s = kelly_size(in);
  EXPECT_EQ(s.count, C("2"));
  EXPECT_EQ(s.fee, M("0.0350"));
  // Per order to the cent, 2 pay 0.04 (0.02 each): c = 0.52, f* = 0.01 / 0.48 = 0.020833,
  // × 40 / 0.52 = 1.60 -> 1; 1 contract pays 0.0175 -> 0.02, the same 0.02 each: 1 stands.
  in.fee_rounding = kalshi::FeeRounding::order_cent;
  s = kelly_size(in);
  EXPECT_EQ(s.count, C("1"));
  EXPECT_EQ(s.fee, M("0.02"));
  EXPECT_NEAR(s.kelly_fraction_full, 0.01 / 0.48, 1e-12);
}

TEST(Kelly, CapsByCountAndCost) {
  KellyInput in = base();
  in.fraction = 0.25;  // 100 contracts uncapped
  in.max_count = C("30");
  KellySize s = kelly_size(in);
  EXPECT_EQ(s.count, C("30"));
  EXPECT_EQ(s.limited_by, SizeLimit::max_count);
  in.max_count = C("100");  // not binding at exactly the Kelly size
  EXPECT_EQ(kelly_size(in).limited_by, SizeLimit::kelly);
  in.max_count = C("0");
  EXPECT_EQ(kelly_size(in).count, C("0"));
  EXPECT_EQ(kelly_size(in).limited_by, SizeLimit::max_count);

  in.max_count.reset();
  in.max_cost = M("12.34");  // 12.34 / 0.50 = 24.68 -> 24 (12.00)
  s = kelly_size(in);
  EXPECT_EQ(s.count, C("24"));
  EXPECT_EQ(s.cost, M("12.00"));
  EXPECT_EQ(s.limited_by, SizeLimit::max_cost);

  // With the fee the cost includes it: 19 cost 9.50 + 0.3325 -> 0.34 = 9.84 <= 10;
  // 20 would cost 10.00 + 0.35.
  in.fees = quadratic();
  in.max_cost = M("10.00");
  s = kelly_size(in);
  EXPECT_EQ(s.count, C("19"));
  EXPECT_EQ(s.cost, M("9.84"));
  // One contract costs 0.50 + 0.02 = 0.52: 0.52 buys it, 0.5199 buys nothing.
  in.max_cost = M("0.52");
  EXPECT_EQ(kelly_size(in).count, C("1"));
  in.max_cost = M("0.5199");
  s = kelly_size(in);
  EXPECT_EQ(s.count, C("0"));
  EXPECT_EQ(s.limited_by, SizeLimit::max_cost);
}

TEST(Kelly, NoEdgeNoTrade) {
  KellyInput in = base();
  in.probability = 0.5;  // edge exactly 0 without a fee
  KellySize s = kelly_size(in);
  EXPECT_EQ(s.count, C("0"));
  EXPECT_EQ(s.limited_by, SizeLimit::no_edge);
  in.probability = 0.4;  // f* = -0.1 / 0.5 = -0.2
  s = kelly_size(in);
  EXPECT_EQ(s.count, C("0"));
  EXPECT_NEAR(s.kelly_fraction_full, -0.2, 1e-12);
  EXPECT_EQ(s.kelly_fraction_used, 0.0);
  EXPECT_EQ(s.limited_by, SizeLimit::no_edge);
  // 0.51 beats the price but not price + fee (0.5175 at best).
  in.probability = 0.51;
  in.fees = quadratic();
  s = kelly_size(in);
  EXPECT_EQ(s.count, C("0"));
  EXPECT_NEAR(s.edge_per_contract, 0.51 - 0.52, 1e-12);  // one contract's fee: 0.02
  EXPECT_EQ(s.limited_by, SizeLimit::no_edge);
}

TEST(Kelly, FractionalLots) {
  // 0.25 × 0.2 × $7 = 0.35 staked buys 0.70 contracts: in 0.01 lots, or none in whole ones.
  KellyInput in = base();
  in.fraction = 0.25;
  in.bankroll = M("7");
  EXPECT_EQ(kelly_size(in).count, C("0"));
  EXPECT_EQ(kelly_size(in).limited_by, SizeLimit::below_lot);
  in.lot = C("0.01");
  EXPECT_EQ(kelly_size(in).count, C("0.70"));
  EXPECT_EQ(kelly_size(in).cost, M("0.35"));
}

TEST(Kelly, InvalidInputAndUnknownFees) {
  const auto reason = [](KellyInput in) { return kelly_size(in).limited_by; };
  KellyInput in = base();
  in.probability = 1.1;
  EXPECT_EQ(reason(in), SizeLimit::invalid_input);
  in.probability = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(reason(in), SizeLimit::invalid_input);
  in = base();
  in.fraction = 1.5;
  EXPECT_EQ(reason(in), SizeLimit::invalid_input);
  in = base();
  in.confidence = -0.1;
  EXPECT_EQ(reason(in), SizeLimit::invalid_input);
  in = base();
  in.price = Price::zero();
  EXPECT_EQ(reason(in), SizeLimit::invalid_input);
  in.price = Price::one();
  EXPECT_EQ(reason(in), SizeLimit::invalid_input);
  in = base();
  in.bankroll = M("-1");
  EXPECT_EQ(reason(in), SizeLimit::invalid_input);
  in = base();
  in.lot = C("0");
  EXPECT_EQ(reason(in), SizeLimit::invalid_input);
  in = base();
  in.max_cost = M("-1");
  EXPECT_EQ(reason(in), SizeLimit::invalid_input);
  in = base();
  in.fees.type = kalshi::FeeType::flat;
  EXPECT_EQ(reason(in), SizeLimit::fee_unknown);
  EXPECT_EQ(kelly_size(in).count, C("0"));
  // A certain win stakes everything Kelly allows: f* = 1, 1000 / 0.50 = 2000.
  in = base();
  in.probability = 1.0;
  EXPECT_EQ(kelly_size(in).count, C("2000"));
}

}  // namespace
}  // namespace antevorta::strategy
