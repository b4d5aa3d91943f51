// Size and exposure rules. The default intent buys 10 YES at 0.50 and adds
// 10 × 0.50 + fee ⌈0.07 × 10 × 0.5 × 0.5 = 0.175⌉ = 5.00 + 0.18 = 5.18 of exposure.
#include <chrono>
#include <limits>

#include <gtest/gtest.h>

#include "unit/risk/risk_fixture.hpp"

namespace antevorta::risk::testing {
namespace {

using namespace std::chrono_literals;
using kalshi::OutcomeSide;
using strategy::Action;

const MarketTicker kSameEvent{"KXBTC-26JAN01-T110"};
const MarketTicker kSameSeries{"KXBTC-26JAN02-T100"};
const MarketTicker kSameCategory{"KXETH-26JAN01-T4"};
const MarketTicker kElsewhere{"KXFED-26JAN-T4"};

class ExposureTest : public RiskTest {
 protected:
  ExposureTest() {
    const auto close = now + 1h;
    view.markets[kSameEvent] = market_info(kEvent, kSeries, "Crypto", close);
    view.markets[kSameSeries] = market_info(EventTicker("KXBTC-26JAN02"), kSeries, "Crypto", close);
    view.markets[kSameCategory] =
        market_info(EventTicker("KXETH-26JAN01"), SeriesTicker("KXETH"), "Crypto", close);
    view.markets[kElsewhere] =
        market_info(EventTicker("KXFED-26JAN"), SeriesTicker("KXFED"), "Economics", close);
  }
};

TEST_F(RiskTest, MaxOrderCount) {
  config.max_order_count = qty("10");
  EXPECT_TRUE(Approved(evaluate(intent())));  // 10: at the limit
  const auto d = evaluate(intent(OutcomeSide::yes, Action::buy, "10.01"));
  EXPECT_TRUE(Denied(d, DenyReason::max_order_count));
  EXPECT_EQ(d.rule, "max_order_count");
  EXPECT_EQ(d.limit, "10.00");
  EXPECT_EQ(d.actual, "10.01");
}

TEST_F(RiskTest, MaxOrderCostIncludesTheFee) {
  config.max_order_cost = usd("5.18");  // 5.00 + 0.18
  EXPECT_TRUE(Approved(evaluate(intent())));
  manager_.reset();
  config.max_order_cost = usd("5.17");
  const auto d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::max_order_cost));
  EXPECT_EQ(d.limit, "5.1700");
  EXPECT_EQ(d.actual, "5.1800");
}

TEST_F(RiskTest, AnAbsurdCountThatOverflowsIsDeniedNotThrown) {
  config.max_order_cost = usd("100");
  // 9.2e16 contracts (the largest Count) at 0.50: the cost does not fit in Money.
  auto huge = intent();
  huge.count = Count::from_centi(std::numeric_limits<std::int64_t>::max());
  RiskDecision d;
  EXPECT_NO_THROW(d = evaluate(huge));
  EXPECT_TRUE(Denied(d, DenyReason::invalid_intent));
  EXPECT_NE(d.detail.find("overflow"), std::string::npos) << d.detail;
}

TEST_F(RiskTest, MaxOrderCostNeedsTheFeeSchedule) {
  config.max_order_cost = usd("100");
  view.markets[kMarket].fees.reset();
  EXPECT_TRUE(Unknown(evaluate(intent()), "fee_schedule"));
}

TEST_F(RiskTest, MaxPositionCountsRestingOrdersOnTheIntentsSide) {
  config.max_position_per_market = qty("20");
  view.hold(kMarket, "5", "2.50");
  view.rest(kMarket, RestingOrders{1, qty("5"), qty("3"), usd("2.50"), usd("1.50")});
  // YES side: 5 held + 5 resting + 10 = 20.
  EXPECT_TRUE(Approved(evaluate(intent())));
  auto d = evaluate(intent(OutcomeSide::yes, Action::buy, "10.01"));
  EXPECT_TRUE(Denied(d, DenyReason::max_position_per_market));
  EXPECT_EQ(d.limit, "20.00");
  EXPECT_EQ(d.actual, "20.01");
  // NO side: 5 − 3 resting − 22 = −20, |−20| = 20.
  EXPECT_TRUE(Approved(evaluate(intent(OutcomeSide::no, Action::buy, "22"))));
  d = evaluate(intent(OutcomeSide::no, Action::buy, "22.01"));
  EXPECT_TRUE(Denied(d, DenyReason::max_position_per_market));
  EXPECT_EQ(d.actual, "20.01");
}

TEST_F(RiskTest, MaxPositionLetsAnOversizedPositionShrink) {
  config.max_position_per_market = qty("20");
  view.hold(kMarket, "30", "15.00");
  EXPECT_TRUE(Approved(evaluate(sell_yes("10"))));
  EXPECT_TRUE(Denied(evaluate(intent(OutcomeSide::yes, Action::buy, "1")),
                     DenyReason::max_position_per_market));
  view.orders.reset();
  EXPECT_TRUE(Unknown(evaluate(intent()), "open_orders"));
}

TEST_F(RiskTest, MaxOpenOrders) {
  config.max_open_orders = 3;
  view.orders->total = 2;  // 2 + this one = 3
  EXPECT_TRUE(Approved(evaluate(intent())));
  view.orders->total = 3;
  const auto d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::max_open_orders));
  EXPECT_EQ(d.limit, "3");
  EXPECT_EQ(d.actual, "4");
  view.orders.reset();
  EXPECT_TRUE(Unknown(evaluate(intent()), "open_orders"));
}

TEST_F(ExposureTest, MaxConcurrentPositionsCountsMarketsWithPositionsOrOrders) {
  config.max_concurrent_positions = 2;
  view.hold(kSameEvent, "1", "0.50");
  EXPECT_TRUE(Approved(evaluate(intent())));  // kSameEvent + kMarket = 2
  view.rest(kElsewhere, RestingOrders{1, qty("1"), {}, usd("0.50"), {}});
  const auto d = evaluate(intent());  // 3 markets
  EXPECT_TRUE(Denied(d, DenyReason::max_concurrent_positions));
  EXPECT_EQ(d.limit, "2");
  EXPECT_EQ(d.actual, "3");
  view.hold(kMarket, "1", "0.50");  // already one of the markets: no new one
  view.orders->by_market.clear();
  EXPECT_TRUE(Approved(evaluate(intent())));
}

TEST_F(ExposureTest, EventExposureSumsTheEventsMarketsWithTheIntent) {
  config.max_event_exposure = usd("9.18");
  view.hold(kSameEvent, "-8", "4.00");        // same event: 4.00
  view.hold(kElsewhere, "100", "50.00");      // another event: not counted
  EXPECT_TRUE(Approved(evaluate(intent())));  // 4.00 + 5.18 = 9.18
  manager_.reset();
  config.max_event_exposure = usd("9.17");
  const auto d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::max_event_exposure));
  EXPECT_EQ(d.limit, "9.1700");
  EXPECT_EQ(d.actual, "9.1800");
}

TEST_F(ExposureTest, MutuallyExclusiveLegsCountTogether) {
  config.max_event_exposure = usd("9.17");
  view.markets[kMarket].mutually_exclusive = true;
  view.markets[kSameEvent].mutually_exclusive = true;
  view.hold(kSameEvent, "8", "4.00");
  EXPECT_TRUE(Denied(evaluate(intent()), DenyReason::max_event_exposure));
}

TEST_F(ExposureTest, RestingOrdersCountWithTheirLargerDirection) {
  config.max_event_exposure = usd("8.18");
  // kSameEvent: no position, resting 1.00 towards YES and 3.00 towards NO → 3.00.
  view.rest(kSameEvent, RestingOrders{2, qty("2"), qty("6"), usd("1.00"), usd("3.00")});
  EXPECT_TRUE(Approved(evaluate(intent())));  // 3.00 + 5.18 = 8.18
  view.rest(kSameEvent, RestingOrders{2, qty("2"), qty("6"), usd("1.00"), usd("3.01")});
  EXPECT_TRUE(Denied(evaluate(intent()), DenyReason::max_event_exposure));
}

TEST_F(ExposureTest, UnknownMarketInfoOfAHeldMarketDenies) {
  config.max_event_exposure = usd("100");
  view.hold(MarketTicker("UNLISTED"), "1", "0.50");
  const auto d = evaluate(intent());
  EXPECT_TRUE(Unknown(d, "market"));
  EXPECT_EQ(d.rule, "max_event_exposure");
  EXPECT_NE(d.detail.find("UNLISTED"), std::string::npos);
}

TEST_F(ExposureTest, SeriesExposure) {
  config.max_series_exposure = usd("9.18");
  view.hold(kSameSeries, "8", "4.00");
  view.hold(kSameCategory, "8", "4.00");  // another series
  EXPECT_TRUE(Approved(evaluate(intent())));
  manager_.reset();
  config.max_series_exposure = usd("9.17");
  EXPECT_TRUE(Denied(evaluate(intent()), DenyReason::max_series_exposure));
}

TEST_F(ExposureTest, CategoryExposure) {
  config.max_category_exposure = usd("13.18");
  view.hold(kSameSeries, "8", "4.00");
  view.hold(kSameCategory, "8", "4.00");
  view.hold(kElsewhere, "8", "4.00");         // Economics
  EXPECT_TRUE(Approved(evaluate(intent())));  // 4 + 4 + 5.18
  manager_.reset();
  config.max_category_exposure = usd("13.17");
  EXPECT_TRUE(Denied(evaluate(intent()), DenyReason::max_category_exposure));
  view.markets[kMarket].category.clear();
  EXPECT_TRUE(Unknown(evaluate(intent()), "category"));
}

TEST_F(ExposureTest, PortfolioExposure) {
  config.max_portfolio_exposure = usd("9.18");
  view.hold(kElsewhere, "8", "4.00");
  EXPECT_TRUE(Approved(evaluate(intent())));
  manager_.reset();
  config.max_portfolio_exposure = usd("9.17");
  const auto d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::max_portfolio_exposure));
  EXPECT_EQ(d.actual, "9.1800");
  view.positions_listed = false;
  EXPECT_TRUE(Unknown(evaluate(intent()), "positions"));
}

TEST_F(ExposureTest, PortfolioExposureShareOfEquityRoundsTheLimitDown) {
  config.max_portfolio_exposure_share = Decimal::parse("0.5").value();
  view.hold(kElsewhere, "8", "4.00");
  view.equity_value = usd("18.36");  // 0.5 × 18.36 = 9.18
  EXPECT_TRUE(Approved(evaluate(intent())));
  view.equity_value = usd("18.3499");  // 0.5 × 18.3499 = 9.17495 → 9.1749
  const auto d = evaluate(intent());
  EXPECT_TRUE(Denied(d, DenyReason::max_portfolio_exposure_share));
  EXPECT_EQ(d.limit, "9.1749");
  EXPECT_EQ(d.actual, "9.1800");
  view.equity_value.reset();
  EXPECT_TRUE(Unknown(evaluate(intent()), "equity"));
}

TEST_F(ExposureTest, ReducingIntentsSkipThePositionAndExposureLimits) {
  config.max_event_exposure = usd("1");
  config.max_portfolio_exposure = usd("1");
  config.max_concurrent_positions = 1;
  view.hold(kMarket, "10", "5.00");
  view.hold(kSameEvent, "100", "50.00");
  EXPECT_TRUE(Approved(evaluate(sell_yes("10"))));
  EXPECT_TRUE(Denied(evaluate(sell_yes("10.01")), DenyReason::max_concurrent_positions));
}

}  // namespace
}  // namespace antevorta::risk::testing
