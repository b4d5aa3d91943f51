// Exposure arithmetic: how an intent splits against a position, what it costs, what a market
// has at risk.
#include "antevorta/risk/exposure.hpp"

#include <gtest/gtest.h>

#include "unit/risk/risk_fixture.hpp"

namespace antevorta::risk::testing {
namespace {

using kalshi::OutcomeSide;
using strategy::Action;

strategy::OrderIntent order(OutcomeSide side, Action action, std::string_view count,
                            std::string_view price) {
  strategy::OrderIntent i;
  i.side = side;
  i.action = action;
  i.count = qty(count);
  i.limit_price = px(price);
  return i;
}

TEST(SplitIntent, ReducesOnlyAgainstThePositionAndOnlyDownToZero) {
  struct Case {
    OutcomeSide side;
    Action action;
    const char* count;
    const char* position;
    const char* reducing;
    const char* opening;
  };
  const Case cases[] = {
      {OutcomeSide::yes, Action::buy, "10", "0", "0", "10"},       // flat: all opens
      {OutcomeSide::yes, Action::buy, "3", "5", "0", "3"},         // extends a long
      {OutcomeSide::yes, Action::sell, "10", "4", "4", "6"},       // crosses zero: 4 + 6
      {OutcomeSide::yes, Action::buy, "10", "-15", "10", "0"},     // buys back NO exposure
      {OutcomeSide::no, Action::buy, "5", "5", "5", "0"},          // NO buy against a YES long
      {OutcomeSide::no, Action::sell, "2", "-5", "2", "0"},        // NO sell shrinks a NO long
      {OutcomeSide::no, Action::sell, "2.5", "0.01", "0", "2.5"},  // NO sell adds to a YES long
  };
  for (const auto& c : cases) {
    const auto split = split_intent(order(c.side, c.action, c.count, "0.50"), qty(c.position));
    EXPECT_EQ(split.reducing, qty(c.reducing)) << c.count << " vs " << c.position;
    EXPECT_EQ(split.opening, qty(c.opening)) << c.count << " vs " << c.position;
  }
  EXPECT_TRUE(
      split_intent(order(OutcomeSide::yes, Action::sell, "4", "0.5"), qty("4")).reduces_only());
  EXPECT_FALSE(
      split_intent(order(OutcomeSide::yes, Action::sell, "4.01", "0.5"), qty("4")).reduces_only());
}

TEST(OpeningPrice, IsTheLimitForABuyAndItsComplementForASell) {
  EXPECT_EQ(opening_price(order(OutcomeSide::no, Action::buy, "1", "0.40")), px("0.40"));
  // Selling YES at 0.60 buys NO at 0.40.
  EXPECT_EQ(opening_price(order(OutcomeSide::yes, Action::sell, "1", "0.60")), px("0.40"));
}

TEST(IntentCost, OpeningCostPlusTakerFeeRoundedUpToTheCent) {
  const kalshi::FeeSchedule fees;  // quadratic × 1
  // Buy 10 YES at 0.50: 10 × 0.50 = 5.00; fee 0.07 × 10 × 0.5 × 0.5 = 0.175 → 0.18.
  auto cost = intent_cost(order(OutcomeSide::yes, Action::buy, "10", "0.50"), qty("0"), fees);
  ASSERT_TRUE(cost);
  EXPECT_EQ(cost->opening_cost, usd("5.00"));
  EXPECT_EQ(cost->fee, usd("0.18"));
  EXPECT_EQ(cost->order_cost(), usd("5.18"));
  EXPECT_EQ(cost->added_exposure(), usd("5.18"));

  // Sell 10 YES at 0.70 holding 4: 4 reduce, 6 open NO at 0.30 = 1.80;
  // fee 0.07 × 10 × 0.7 × 0.3 = 0.147 → 0.15; order cost 1.95.
  cost = intent_cost(order(OutcomeSide::yes, Action::sell, "10", "0.70"), qty("4"), fees);
  ASSERT_TRUE(cost);
  EXPECT_EQ(cost->opening_cost, usd("1.80"));
  EXPECT_EQ(cost->fee, usd("0.15"));
  EXPECT_EQ(cost->added_exposure(), usd("1.95"));

  // Sell the 4 held: fee 0.07 × 4 × 0.21 = 0.0588 → 0.06 is spent, but nothing is added.
  cost = intent_cost(order(OutcomeSide::yes, Action::sell, "4", "0.70"), qty("4"), fees);
  ASSERT_TRUE(cost);
  EXPECT_EQ(cost->order_cost(), usd("0.06"));
  EXPECT_EQ(cost->added_exposure(), Money::zero());

  // 3 contracts at 0.0001 (sub-penny grid): 0.0003 rounded up; fee rounds up to 0.01.
  cost = intent_cost(order(OutcomeSide::yes, Action::buy, "3", "0.0001"), qty("0"), fees);
  ASSERT_TRUE(cost);
  EXPECT_EQ(cost->opening_cost, usd("0.0003"));
  EXPECT_EQ(cost->fee, usd("0.01"));
}

TEST(IntentCost, UnknownWhenTheScheduleHasNoFormula) {
  kalshi::FeeSchedule flat;
  flat.type = kalshi::FeeType::flat;
  EXPECT_FALSE(intent_cost(order(OutcomeSide::yes, Action::buy, "1", "0.5"), qty("0"), flat));
}

TEST(MarketExposure, PositionPlusTheLargerRestingDirection) {
  RestingOrders resting;
  resting.towards_yes_cost = usd("2.00");
  resting.towards_no_cost = usd("5.00");
  // 3.00 + max(2.00, 5.00) = 8.00
  EXPECT_EQ(market_exposure({qty("10"), usd("3.00")}, resting), usd("8.00"));
  EXPECT_EQ(market_exposure({qty("10"), usd("3.00")}, RestingOrders{}), usd("3.00"));
}

}  // namespace
}  // namespace antevorta::risk::testing
