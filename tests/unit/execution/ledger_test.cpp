// Worked examples of the ledger's arithmetic: fills, netting, flips, settlement, rounding.
#include "antevorta/execution/ledger.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "unit/execution/ledger_test_support.hpp"

namespace antevorta::execution {
namespace {

using namespace test;  // NOLINT
using kalshi::MarketResult;

class LedgerTest : public ::testing::Test {
 protected:
  Ledger ledger;
  void SetUp() override {
    ASSERT_FALSE(ledger.add_market(kMkt, 0));
    ledger.set_cash(0, M("100"), T());
  }
};

TEST_F(LedgerTest, BuyYesWithFeeSellPartSettleYes) {
  // Buy 10 YES at 0.40; fee 0.07 × 10 × 0.40 × 0.60 = 0.168 -> 0.17 (cent rule).
  FillEffect e = ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10", "0.17")));
  EXPECT_EQ(e.status, FillStatus::applied);
  EXPECT_EQ(e.leg_value, M("4.00"));
  EXPECT_EQ(e.cash_delta, M("-4.17"));  // -4.00 - 0.17
  EXPECT_EQ(e.position_after, C("10"));
  EXPECT_EQ(ledger.cash(), M("95.83"));
  EXPECT_EQ(ledger.position(kMkt).cost_basis, M("4.00"));

  // Sell 4 YES at 0.55 (= buy 4 NO at 0.45, netting 4 pairs); fee 0.07 × 4 × 0.55 × 0.45 =
  // 0.0693 -> 0.07. Cash: 4 × $1 - 4 × 0.45 - 0.07 = 2.13. Basis removed: 4.00 × 4/10 = 1.60;
  // proceeds 4 × 0.55 = 2.20; realized 0.60 before fees.
  e = ok(ledger.apply(fill("t2", OutcomeSide::yes, Action::sell, "0.55", "4", "0.07")));
  EXPECT_EQ(e.bought, OutcomeSide::no);
  EXPECT_EQ(e.bought_price, P("0.45"));
  EXPECT_EQ(e.closed, C("4"));
  EXPECT_EQ(e.opened, C("0"));
  EXPECT_EQ(e.cash_delta, M("2.13"));
  EXPECT_EQ(e.basis_removed, M("1.60"));
  EXPECT_EQ(e.realized_before_fees, M("0.60"));
  MarketPosition p = ledger.position(kMkt);
  EXPECT_EQ(p.position, C("6"));
  EXPECT_EQ(p.cost_basis, M("2.40"));
  EXPECT_EQ(p.fees_paid, M("0.24"));
  EXPECT_EQ(p.realized_after_fees(), M("0.36"));  // 0.60 - 0.24
  EXPECT_EQ(ledger.cash(), M("97.96"));           // 95.83 + 2.13

  // Settles YES: 6 × $1 = 6.00 paid; realized 6.00 - 2.40 = 3.60.
  const SettlementEffect s = ok(ledger.apply(settlement(MarketResult::yes)));
  EXPECT_TRUE(s.settled);
  EXPECT_EQ(s.position, C("6"));
  EXPECT_EQ(s.payout, M("6.00"));
  EXPECT_EQ(s.realized_before_fees, M("3.60"));
  p = ledger.position(kMkt);
  EXPECT_EQ(p.position, C("0"));
  EXPECT_EQ(p.cost_basis, M("0"));
  EXPECT_EQ(p.realized_before_fees, M("4.20"));   // 0.60 + 3.60
  EXPECT_EQ(p.realized_after_fees(), M("3.96"));  // 4.20 - 0.24
  EXPECT_EQ(p.settlement_payouts, M("6.00"));
  EXPECT_EQ(p.volume, C("14"));
  EXPECT_EQ(ledger.cash(), M("103.96"));  // 100 + 3.96: every dollar accounted for
  EXPECT_TRUE(ledger.holdings(kMkt).empty());
}

TEST_F(LedgerTest, RestoreBringsBackTheStoredAccountWithoutAnAdjustment) {
  MarketPosition stored;
  stored.shard = 0;
  stored.position = C("-3");  // 3 NO
  stored.cost_basis = M("1.20");
  stored.realized_before_fees = M("0.50");
  stored.fees_paid = M("0.09");
  stored.volume = C("7");
  ASSERT_FALSE(ledger.restore(kMkt, stored));
  EXPECT_EQ(ledger.position(kMkt), stored);
  EXPECT_TRUE(ledger.adjustments().size() == 1u);  // only the opening cash of SetUp
  // The next fill builds on the restored totals: sell 1 NO at 0.45 (fee 0.02) closes one of
  // three (basis removed 1.20 / 3 = 0.40, proceeds 0.45: realized +0.05).
  ok(ledger.apply(fill("t9", OutcomeSide::no, Action::sell, "0.45", "1", "0.02")));
  const MarketPosition p = ledger.position(kMkt);
  EXPECT_EQ(p.position, C("-2"));
  EXPECT_EQ(p.cost_basis, M("0.80"));
  EXPECT_EQ(p.realized_before_fees, M("0.55"));  // 0.50 + 0.05
  EXPECT_EQ(p.fees_paid, M("0.11"));             // 0.09 + 0.02
  EXPECT_EQ(p.volume, C("8"));
  // Another shard, or a basis without a position, is refused.
  stored.shard = 2;
  EXPECT_EQ(ledger.restore(kMkt, stored), LedgerError::shard_conflict);
  stored.shard = 0;
  stored.position = C("0");
  EXPECT_EQ(ledger.restore(kMkt, stored), LedgerError::invalid_basis);
}

TEST_F(LedgerTest, BuyNoInTwoPartialFillsSettleNo) {
  // 3 NO at 0.30 (0.90, fee 0.0441 -> 0.05) and 7 NO at 0.32 (2.24, fee 0.106624 -> 0.11).
  ok(ledger.apply(fill("t1", OutcomeSide::no, Action::buy, "0.30", "3", "0.05")));
  const FillEffect e =
      ok(ledger.apply(fill("t2", OutcomeSide::no, Action::buy, "0.32", "7", "0.11")));
  EXPECT_EQ(e.position_after, C("-10"));
  EXPECT_EQ(e.closed, C("0"));
  MarketPosition p = ledger.position(kMkt);
  EXPECT_EQ(p.cost_basis, M("3.14"));    // 0.90 + 2.24, in NO terms
  EXPECT_EQ(ledger.cash(), M("96.70"));  // 100 - 0.95 - 2.35
  const SettlementEffect s = ok(ledger.apply(settlement(MarketResult::no)));
  EXPECT_EQ(s.payout, M("10.00"));               // 10 NO × $1
  EXPECT_EQ(s.realized_before_fees, M("6.86"));  // 10.00 - 3.14
  p = ledger.position(kMkt);
  EXPECT_EQ(p.realized_after_fees(), M("6.70"));  // 6.86 - 0.16
  EXPECT_EQ(ledger.cash(), M("106.70"));
}

TEST_F(LedgerTest, SettleAgainstThePositionPaysNothing) {
  ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10")));
  const SettlementEffect s = ok(ledger.apply(settlement(MarketResult::no)));
  EXPECT_EQ(s.payout, M("0"));
  EXPECT_EQ(s.realized_before_fees, M("-4.00"));
  EXPECT_EQ(ledger.cash(), M("96.00"));
  EXPECT_EQ(ledger.position(kMkt).position, C("0"));
}

TEST_F(LedgerTest, BuyingNoWhileLongYesNetsAndReturnsADollarPerPair) {
  ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10")));  // cash 96.00
  // Buy 6 NO at 0.50: pays 3.00, 6 pairs return 6.00 -> +3.00, as selling YES at 0.50.
  // Basis removed 4.00 × 6/10 = 2.40; proceeds 6 - 3.00 = 3.00; realized 0.60.
  const FillEffect e = ok(ledger.apply(fill("t2", OutcomeSide::no, Action::buy, "0.50", "6")));
  EXPECT_EQ(e.closed, C("6"));
  EXPECT_EQ(e.cash_delta, M("3.00"));
  EXPECT_EQ(e.realized_before_fees, M("0.60"));
  EXPECT_EQ(ledger.cash(), M("99.00"));
  EXPECT_EQ(ledger.position(kMkt).position, C("4"));
  EXPECT_EQ(ledger.position(kMkt).cost_basis, M("1.60"));

  // The same as "sell 6 YES at 0.50" on a fresh ledger.
  Ledger other;
  ASSERT_FALSE(other.add_market(kMkt, 0));
  ok(other.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10")));
  const FillEffect sold = ok(other.apply(fill("t2", OutcomeSide::yes, Action::sell, "0.50", "6")));
  EXPECT_EQ(sold.cash_delta, e.cash_delta);
  EXPECT_EQ(sold.realized_before_fees, e.realized_before_fees);
  EXPECT_EQ(other.position(kMkt), ledger.position(kMkt));
}

TEST_F(LedgerTest, ShortNoClosedBySellingNo) {
  ok(ledger.apply(fill("t1", OutcomeSide::no, Action::buy, "0.60", "10")));  // -10, basis 6.00
  // Sell 4 NO at 0.70 (= buy 4 YES at 0.30): cash 4 - 1.20 = 2.80 = 4 × 0.70;
  // realized 2.80 - 6.00 × 4/10 = 0.40.
  const FillEffect e = ok(ledger.apply(fill("t2", OutcomeSide::no, Action::sell, "0.70", "4")));
  EXPECT_EQ(e.bought, OutcomeSide::yes);
  EXPECT_EQ(e.cash_delta, M("2.80"));
  EXPECT_EQ(e.realized_before_fees, M("0.40"));
  EXPECT_EQ(e.position_after, C("-6"));
  EXPECT_EQ(ledger.position(kMkt).cost_basis, M("3.60"));
}

TEST_F(LedgerTest, FlipClosesThenOpensTheOtherLeg) {
  ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "5")));  // +5, basis 2.00
  // Sell 8 YES at 0.60 = buy 8 NO at 0.40 (3.20): closes 5, opens 3 NO.
  // Opened part costs 3.20 × 3/8 = 1.20; proceeds 5 - (3.20 - 1.20) = 3.00 (= 5 × 0.60);
  // realized 3.00 - 2.00 = 1.00; cash 5 × $1 - 3.20 = +1.80.
  const FillEffect e = ok(ledger.apply(fill("t2", OutcomeSide::yes, Action::sell, "0.60", "8")));
  EXPECT_EQ(e.closed, C("5"));
  EXPECT_EQ(e.opened, C("3"));
  EXPECT_EQ(e.realized_before_fees, M("1.00"));
  EXPECT_EQ(e.cash_delta, M("1.80"));
  EXPECT_EQ(e.position_after, C("-3"));
  EXPECT_EQ(ledger.position(kMkt).cost_basis, M("1.20"));  // 3 NO at 0.40
  EXPECT_EQ(ledger.cash(), M("99.80"));                    // 100 - 2.00 + 1.80
  ASSERT_EQ(ledger.holdings(kMkt).size(), 1u);
  EXPECT_EQ(ledger.holdings(kMkt)[0].second, (Holding{C("3"), M("1.20")}));
}

TEST_F(LedgerTest, ScalarSettlement) {
  // Long 10 YES at 0.50; scalar 0.3700: YES pays 3.70, realized 3.70 - 5.00 = -1.30.
  ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.50", "10")));
  SettlementEffect s = ok(ledger.apply(settlement(MarketResult::scalar, P("0.3700"))));
  EXPECT_EQ(s.payout, M("3.70"));
  EXPECT_EQ(s.realized_before_fees, M("-1.30"));
  EXPECT_EQ(ledger.cash(), M("98.70"));

  // Holding 10 NO at 0.45 (basis 4.50): NO pays 1 - 0.37 = 0.63 -> 6.30, realized 1.80.
  Ledger l;
  ASSERT_FALSE(l.add_market(kMkt, 0));
  ok(l.apply(fill("t1", OutcomeSide::no, Action::buy, "0.45", "10")));
  s = ok(l.apply(settlement(MarketResult::scalar, P("0.3700"))));
  EXPECT_EQ(s.payout, M("6.30"));
  EXPECT_EQ(s.realized_before_fees, M("1.80"));
  EXPECT_EQ(l.cash(), M("1.80"));  // -4.50 + 6.30
}

TEST_F(LedgerTest, SettlementWithoutPositionIsANoOp) {
  const SettlementEffect s = ok(ledger.apply(settlement(MarketResult::yes)));
  EXPECT_FALSE(s.settled);
  EXPECT_EQ(s.payout, M("0"));
  EXPECT_EQ(ledger.cash(), M("100"));
  // Settling twice pays once.
  ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "1")));
  EXPECT_TRUE(ok(ledger.apply(settlement(MarketResult::yes))).settled);
  EXPECT_FALSE(ok(ledger.apply(settlement(MarketResult::yes))).settled);
  EXPECT_EQ(ledger.cash(), M("100.60"));
}

TEST_F(LedgerTest, DuplicateTradeIdIsIgnored) {
  const LedgerFill f = fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10", "0.17");
  ok(ledger.apply(f));
  const FillEffect again = ok(ledger.apply(f));
  EXPECT_EQ(again.status, FillStatus::duplicate);
  // The same trade told as "sell 10 NO at 0.60" is the same trade.
  EXPECT_EQ(
      ok(ledger.apply(fill("t1", OutcomeSide::no, Action::sell, "0.60", "10", "0.17"))).status,
      FillStatus::duplicate);
  EXPECT_EQ(ledger.position(kMkt).position, C("10"));
  EXPECT_EQ(ledger.cash(), M("95.83"));
  EXPECT_EQ(ledger.totals().fills, 1);
  EXPECT_EQ(ledger.totals().duplicates, 2);
  EXPECT_TRUE(ledger.knows_trade(TradeId("t1")));
  // The same id with other content is an error, and changes nothing.
  EXPECT_EQ(failed(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "11", "0.17"))),
            LedgerError::trade_id_conflict);
  EXPECT_EQ(failed(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10", "0.18"))),
            LedgerError::trade_id_conflict);
  EXPECT_EQ(ledger.position(kMkt).position, C("10"));
  EXPECT_EQ(ledger.cash(), M("95.83"));
}

TEST_F(LedgerTest, OddCentiCountsKeepEveryCentiCent) {
  // A sub-cent price and 0.33 contracts: 0.4567 × 0.33 = 0.150711.
  FillEffect a =
      ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.4567", "0.33", "0.0050")));
  EXPECT_EQ(a.leg_value, M("0.1507"));  // taker: rounded down
  LedgerFill maker = fill("t2", OutcomeSide::yes, Action::buy, "0.4567", "0.33");
  maker.liquidity = kalshi::Liquidity::maker;
  FillEffect b = ok(ledger.apply(maker));
  EXPECT_EQ(b.leg_value, M("0.1508"));  // maker: rounded up
  EXPECT_EQ(ledger.position(kMkt).cost_basis, M("0.3015"));
  // Sell 0.17 YES at 0.5123 = buy 0.17 NO at 0.4877: 0.082909 -> 0.0829.
  // Cash 0.17 - 0.0829 - 0.0010 = 0.0861; proceeds 0.17 - 0.0829 = 0.0871;
  // basis removed floor(0.3015 × 17/66) = floor(0.077659) = 0.0776; realized 0.0095.
  FillEffect c =
      ok(ledger.apply(fill("t3", OutcomeSide::yes, Action::sell, "0.5123", "0.17", "0.0010")));
  EXPECT_EQ(c.cash_delta, M("0.0861"));
  EXPECT_EQ(c.basis_removed, M("0.0776"));
  EXPECT_EQ(c.realized_before_fees, M("0.0095"));
  EXPECT_EQ(ledger.position(kMkt).cost_basis, M("0.2239"));  // 0.3015 - 0.0776
  // Scalar 0.3755 on 0.49 YES: 0.183995 -> 0.1839; realized 0.1839 - 0.2239 = -0.0400.
  SettlementEffect s = ok(ledger.apply(settlement(MarketResult::scalar, P("0.3755"))));
  EXPECT_EQ(s.payout, M("0.1839"));
  EXPECT_EQ(s.realized_before_fees, M("-0.0400"));

  // Σ cash flows == cash change == realized after fees (everything is closed).
  const Money flows = a.cash_delta + b.cash_delta + c.cash_delta + s.payout;
  EXPECT_EQ(flows, M("-0.0365"));  // -0.1557 - 0.1508 + 0.0861 + 0.1839
  EXPECT_EQ(ledger.cash() - M("100"), flows);
  EXPECT_EQ(ledger.position(kMkt).realized_after_fees(), flows);  // -0.0305 - 0.0060
}

TEST_F(LedgerTest, RepeatedPartialClosesLoseNoCentiCent) {
  // 1 YES at 0.33 and 2 at 0.34: basis 1.01 for 3. Closing one at a time removes
  // floor(1.01 / 3) = 0.3366, then floor(0.6734 / 2) = 0.3367, then the rest, 0.3367.
  ok(ledger.apply(fill("t0", OutcomeSide::yes, Action::buy, "0.33", "1")));
  ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.34", "2")));
  std::vector<Money> removed;
  for (const char* id : {"c1", "c2", "c3"}) {
    removed.push_back(
        ok(ledger.apply(fill(id, OutcomeSide::yes, Action::sell, "0.50", "1"))).basis_removed);
  }
  EXPECT_EQ(removed, (std::vector<Money>{M("0.3366"), M("0.3367"), M("0.3367")}));
  EXPECT_EQ(ledger.position(kMkt).cost_basis, M("0"));
  EXPECT_EQ(ledger.position(kMkt).realized_before_fees, M("0.49"));  // 3 × 0.50 - 1.01

  // NO side: 3 at 0.10 and 4 at 0.11, basis 0.74 for 7. Selling 3 removes
  // floor(0.74 × 3/7) = floor(0.317142) = 0.3171; selling the last 4 removes 0.4229.
  ok(ledger.apply(fill("u0", OutcomeSide::no, Action::buy, "0.10", "3")));
  ok(ledger.apply(fill("u1", OutcomeSide::no, Action::buy, "0.11", "4")));
  EXPECT_EQ(ok(ledger.apply(fill("u2", OutcomeSide::no, Action::sell, "0.20", "3"))).basis_removed,
            M("0.3171"));
  EXPECT_EQ(ok(ledger.apply(fill("u3", OutcomeSide::no, Action::sell, "0.20", "4"))).basis_removed,
            M("0.4229"));
  EXPECT_EQ(ledger.position(kMkt).cost_basis, M("0"));
}

}  // namespace
}  // namespace antevorta::execution
