// Reconciliation planning against the ledger: signed position fixes, the grace window for
// recent fills and orders, cash per shard (available balance + collateral of resting
// orders), and the collateral rule itself.
#include <gtest/gtest.h>

#include "antevorta/execution/reconcile.hpp"

#include "unit/execution/reconcile_test_support.hpp"

namespace antevorta::execution::test {
namespace {

const MarketTicker kC("KXC-26JAN01");
const MarketTicker kD("KXD-26JAN01");

class Positions : public ReconcileTest {
 protected:
  void hold(const MarketTicker& t, ExchangeIndex shard, const char* position, const char* basis) {
    ASSERT_EQ(ledger.add_market(t, shard), std::nullopt);
    ASSERT_EQ(ledger.set_position(t, C(position), M(basis), T(1)), std::nullopt);
  }
};

TEST_F(Positions, SignedCountsDecideAndTheExchangeWins) {
  hold(kA, 0, "5", "2.00");      // long 5 YES here
  hold(kB, 0, "-2.50", "1.50");  // 2.50 NO here
  hold(kC, 0, "3", "1.20");      // agrees with the exchange
  hold(kD, 0, "1", "0.40");      // same count, another basis: no fix
  snapshot.positions = {exchange_position(kA, 0, "-3", "1.20"),  // 3 NO at the exchange
                        exchange_position(kC, 0, "3", "1.20"),
                        exchange_position(kD, 0, "1", "0.41")};
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.positions.size(), 2u);
  // A: +5 here, −3 there (a sign-blind |5| vs |3| check would also differ, but a −5 would not).
  EXPECT_EQ(p.positions[0], (PositionFix{kA, 0, C("5"), C("-3"), M("1.20"), false, true}));
  // B: not listed by the exchange → 0, flagged absent (check settlements first).
  EXPECT_EQ(p.positions[1], (PositionFix{kB, 0, C("-2.50"), C("0"), M("0"), true, true}));
  EXPECT_TRUE(p.deferred.empty());
}

TEST_F(Positions, OppositeSignsOfTheSameSizeDiffer) {
  hold(kA, 0, "4", "1.60");
  snapshot.positions = {exchange_position(kA, 0, "-4", "2.40")};
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.positions.size(), 1u);
  EXPECT_EQ(p.positions[0].exchange, C("-4"));
  EXPECT_EQ(p.positions[0].exchange_cost_basis, M("2.40"));
}

TEST_F(Positions, MarketsTheLedgerNeverHeardOf) {
  snapshot.positions = {exchange_position(kCrypto, 2, "1.25", "0.50"),
                        exchange_position(kB, std::nullopt, "-7", "3.10"),  // shard unknown → 0
                        exchange_position(kC, 0, "0", "0")};  // zero here and there: nothing
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.positions.size(), 2u);
  EXPECT_EQ(p.positions[0], (PositionFix{kB, 0, C("0"), C("-7"), M("3.10"), false, false}));
  EXPECT_EQ(p.positions[1], (PositionFix{kCrypto, 2, C("0"), C("1.25"), M("0.50"), false, false}));
}

TEST_F(Positions, ZeroListedAgainstAHoldingIsNotAbsent) {
  hold(kA, 0, "2", "0.80");
  hold(kB, 0, "0", "0");  // a known market with no position, not listed: nothing
  snapshot.positions = {exchange_position(kA, 0, "0", "0.35")};  // an exposure without a position
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.positions.size(), 1u);
  EXPECT_EQ(p.positions[0], (PositionFix{kA, 0, C("2"), C("0"), M("0"), false, true}));
}

TEST_F(Positions, GraceWindowBoundary) {
  options.settle_grace = std::chrono::seconds(5);  // requested_at T(100): the cut is T(95)
  hold(kA, 0, "1", "0.40");
  hold(kB, 0, "1", "0.40");
  hold(kC, 0, "1", "0.40");
  hold(kD, 0, "1", "0.40");
  last_fill[kA] = T(95);      // exactly settle_grace ago: old enough, fixed
  last_fill[kB] = T(95.001);  // 1 ms inside the window: deferred
  last_fill[kC] = T(101);     // after the request: deferred
  last_fill[kD] = T(99);      // recent, but the counts agree: nothing to defer
  snapshot.positions = {
      exchange_position(kA, 0, "2", "0.80"), exchange_position(kB, 0, "2", "0.80"),
      exchange_position(kC, 0, "2", "0.80"), exchange_position(kD, 0, "1", "0.40")};
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.positions.size(), 1u);
  EXPECT_EQ(p.positions[0].ticker, kA);
  EXPECT_EQ(p.deferred, (std::vector<MarketTicker>{kB, kC}));
}

TEST_F(Positions, DuplicateListingsCountOnceAndTheOrderIsByKey) {
  snapshot.positions = {exchange_position(kD, 0, "1", "0.10"),
                        exchange_position(kB, 0, "2", "0.20"),
                        exchange_position(kD, 0, "9", "0.90"),  // a repeated page: ignored
                        exchange_position(kA, 0, "3", "0.30")};
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.positions.size(), 3u);
  EXPECT_EQ(p.positions[0].ticker, kA);
  EXPECT_EQ(p.positions[1].ticker, kB);
  EXPECT_EQ(p.positions[2].ticker, kD);
  EXPECT_EQ(p.positions[2].exchange, C("1"));
}

// ---- Cash ---------------------------------------------------------------------------------

class Cash : public ReconcileTest {
 protected:
  void SetUp() override {
    ASSERT_EQ(ledger.add_market(kA, 0), std::nullopt);
    ASSERT_EQ(ledger.add_market(kCrypto, 2), std::nullopt);
  }
};

TEST_F(Cash, TwoShardsAvailablePlusCollateral) {
  ledger.set_cash(0, M("100.00"), T(1));
  ledger.set_cash(2, M("50.00"), T(1));
  // A foreign YES bid on the crypto shard: 10 × 0.40 = 4.00 held; a NO buy on shard 0
  // (ask at YES 0.70): 4 × 0.30 = 1.20 held.
  snapshot.resting_orders = {
      exchange_order("f1", ClientOrderId(), kCrypto, BookSide::bid, "0.40", "0", "10"),
      exchange_order("f2", ClientOrderId(), kA, BookSide::ask, "0.70", "0", "4")};
  snapshot.resting_orders[0].exchange_index = 2;
  snapshot.cash = {{2, M("46.00")},   // 46.00 + 4.00 = 50.00: agrees
                   {0, M("98.70")}};  // 98.70 + 1.20 = 99.90: 0.10 less than we think
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.cash.size(), 1u);
  EXPECT_EQ(p.cash[0], (CashFix{0, M("100.00"), M("99.90"), M("98.70"), M("1.20")}));
  EXPECT_TRUE(p.cash_deferred.empty());
}

TEST_F(Cash, OpeningBalanceAndShardsTheBreakdownOmits) {
  ledger.set_cash(3, M("10.00"), T(1));  // shard 3 not in the breakdown: not compared
  snapshot.cash = {{2, M("25.0001")}, {0, M("0")}};
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.cash.size(), 1u);  // shard 0: 0 here and there
  EXPECT_EQ(p.cash[0], (CashFix{2, M("0"), M("25.0001"), M("25.0001"), M("0")}));
}

TEST_F(Cash, RecentFillsAndOrdersDeferTheirShard) {
  options.settle_grace = std::chrono::seconds(5);
  snapshot.cash = {{0, M("10.00")}, {2, M("20.00")}};
  last_fill[kCrypto] = T(96);  // recent, on shard 2
  ReconcilePlan p = plan();
  ASSERT_EQ(p.cash.size(), 1u);
  EXPECT_EQ(p.cash[0].shard, 0);
  EXPECT_EQ(p.cash_deferred, (std::vector<ExchangeIndex>{2}));

  // An order created exactly settle_grace ago on shard 0 is old enough …
  resting(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "1"), "o1", T(95));
  snapshot.resting_orders = {exchange_order("o1", tracker.find(OrderId("o1"))->client_order_id, kA,
                                            BookSide::bid, "0.40", "0", "1")};
  snapshot.cash[0].second = M("9.60");  // 9.60 + 0.40 collateral = 10.00 as before
  p = plan();
  ASSERT_EQ(p.cash.size(), 1u);
  EXPECT_EQ(p.cash[0].exchange, M("10.00"));
  // … one created 1 ms later is not.
  pending(intent("i2", kA, OutcomeSide::yes, Action::buy, "0.41", "1"), T(95.001));
  p = plan();
  EXPECT_TRUE(p.cash.empty());
  EXPECT_EQ(p.cash_deferred, (std::vector<ExchangeIndex>{0, 2}));
}

TEST_F(Cash, AnUnpricedRestingOrderDefersItsShard) {
  kalshi::Order o = exchange_order("f1", ClientOrderId(), kA, BookSide::bid, "0.40", "0", "1");
  o.yes_price.reset();
  o.no_price.reset();
  snapshot.resting_orders = {o};
  snapshot.cash = {{0, M("5.00")}, {2, M("1.00")}};
  const ReconcilePlan p = plan();
  EXPECT_EQ(p.cash_deferred, (std::vector<ExchangeIndex>{0}));
  ASSERT_EQ(p.cash.size(), 1u);
  EXPECT_EQ(p.cash[0].shard, 2);
}

// ---- The collateral rule ----------------------------------------------------------------

std::optional<Money> held(const std::vector<kalshi::Order>& orders, const char* position,
                          std::optional<kalshi::FeeSchedule> fees = std::nullopt) {
  std::vector<const kalshi::Order*> ptrs;
  for (const auto& o : orders) ptrs.push_back(&o);
  return resting_collateral(ptrs, C(position), fees, kalshi::FeeRounding::fill_centicent);
}

TEST(RestingCollateral, LegValuesPerSideAndTheLargerSide) {
  const auto bid = exchange_order("o1", ClientOrderId(), kA, BookSide::bid, "0.40", "0", "10");
  const auto ask = exchange_order("o2", ClientOrderId(), kA, BookSide::ask, "0.70", "0", "4");
  EXPECT_EQ(held({bid}, "0"), M("4.00"));       // 10 × 0.40
  EXPECT_EQ(held({ask}, "0"), M("1.20"));       // 4 × (1 − 0.70)
  EXPECT_EQ(held({bid, ask}, "0"), M("4.00"));  // max(4.00, 1.20)
}

TEST(RestingCollateral, ClosingTheHeldOppositeLegReturnsADollarEach) {
  const auto bid = exchange_order("o1", ClientOrderId(), kA, BookSide::bid, "0.40", "0", "10");
  EXPECT_EQ(held({bid}, "-3"), M("1.00"));  // 4.00 − 3 × $1
  EXPECT_EQ(held({bid}, "-6"), M("0"));     // 4.00 − 6.00, floored at 0
  EXPECT_EQ(held({bid}, "6"), M("4.00"));   // holding YES: a bid closes nothing
  const auto ask = exchange_order("o2", ClientOrderId(), kA, BookSide::ask, "0.70", "0", "4");
  EXPECT_EQ(held({ask}, "1.50"), M("0"));  // 1.20 − 1.50 → 0
}

TEST(RestingCollateral, SubCentRoundingFollowsTheMakersCumulativeRule) {
  // 2.55 resting at YES 0.1235: 1235 cc × 2.55 = 3149.25 cc, up → 0.3150.
  auto o = exchange_order("o1", ClientOrderId(), kA, BookSide::bid, "0.1235", "0", "2.55");
  EXPECT_EQ(held({o}, "0"), M("0.3150"));
  // After 1.05 filled resting (maker, no taker cost): ceil(1235 × 3.60) − ceil(1235 × 1.05)
  // = 4446 − 1297 = 3149 cc.
  o.fill_count = C("1.05");
  EXPECT_EQ(held({o}, "0"), M("0.3149"));
  // The 1.05 filled on entry (taker): the maker rounding starts at 0 again.
  o.taker_fill_cost = M("0.1297");
  EXPECT_EQ(held({o}, "0"), M("0.3150"));
}

TEST(RestingCollateral, MakerFeesWhenTheSeriesChargesThem) {
  const auto bid = exchange_order("o1", ClientOrderId(), kA, BookSide::bid, "0.50", "0", "10");
  // 0.0175 × 10 × 0.50 × 0.50 = 0.04375 → up to $0.0001: 0.0438, plus 10 × 0.50 = 5.00.
  EXPECT_EQ(held({bid}, "0", kalshi::FeeSchedule{kalshi::FeeType::quadratic_with_maker_fees}),
            M("5.0438"));
  EXPECT_EQ(held({bid}, "0", kalshi::FeeSchedule{kalshi::FeeType::quadratic}), M("5.00"));
}

TEST(RestingCollateral, OnlyRestingRemaindersAndPricesNeeded) {
  auto done = exchange_order("o1", ClientOrderId(), kA, BookSide::bid, "0.40", "1", "0");
  auto cancelled = exchange_order("o2", ClientOrderId(), kA, BookSide::bid, "0.40", "0", "3");
  cancelled.status = OrderStatus::canceled;
  EXPECT_EQ(held({done, cancelled}, "0"), M("0"));
  auto unpriced = exchange_order("o3", ClientOrderId(), kA, BookSide::bid, "0.40", "0", "1");
  unpriced.yes_price.reset();
  EXPECT_EQ(held({unpriced}, "0"), M("0.40"));  // from the NO price: 1 − 0.60
  unpriced.no_price.reset();
  EXPECT_EQ(held({unpriced}, "0"), std::nullopt);
}

}  // namespace
}  // namespace antevorta::execution::test
