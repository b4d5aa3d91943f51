// The ledger's aggregates (strategies, UTC days, shards), valuation, reconciliation
// adjustments and the rejection of invalid input.
#include <gtest/gtest.h>

#include "antevorta/execution/ledger.hpp"

#include "unit/execution/ledger_test_support.hpp"

namespace antevorta::execution {
namespace {

using namespace test;  // NOLINT
using kalshi::MarketResult;

class LedgerAggregates : public ::testing::Test {
 protected:
  Ledger ledger;
  void SetUp() override {
    ASSERT_FALSE(ledger.add_market(kMkt, 0));
    ledger.set_cash(0, M("100"), T());
  }
};

TEST_F(LedgerAggregates, RealizedGoesToTheClosingStrategyAndSettlementToHolders) {
  ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10", "0.17", kS1)));
  ok(ledger.apply(fill("t2", OutcomeSide::yes, Action::buy, "0.60", "10", "0.17", kS2)));
  // s2 sells 15 YES at 0.50: its own 10 first (basis 6.00), then 5 of s1's (4.00 × 5/10 =
  // 2.00). Realized to s2: 15 × 0.50 - 8.00 = -0.50.
  const FillEffect e =
      ok(ledger.apply(fill("t3", OutcomeSide::yes, Action::sell, "0.50", "15", "0.20", kS2)));
  EXPECT_EQ(e.basis_removed, M("8.00"));
  EXPECT_EQ(e.realized_before_fees, M("-0.50"));
  const auto holdings = ledger.holdings(kMkt);
  ASSERT_EQ(holdings.size(), 1u);
  EXPECT_EQ(holdings[0].first, kS1);
  EXPECT_EQ(holdings[0].second, (Holding{C("5"), M("2.00")}));

  // Settles YES: s1's 5 pay 5.00, realized 5.00 - 2.00 = 3.00.
  ok(ledger.apply(settlement(MarketResult::yes)));
  const StrategyTotals s1 = ledger.strategy(kS1);
  EXPECT_EQ(s1.realized_before_fees, M("3.00"));
  EXPECT_EQ(s1.settlement_payouts, M("5.00"));
  EXPECT_EQ(s1.fees_paid, M("0.17"));
  EXPECT_EQ(s1.realized_after_fees(), M("2.83"));
  EXPECT_EQ(s1.fills, 1);
  const StrategyTotals s2 = ledger.strategy(kS2);
  EXPECT_EQ(s2.realized_before_fees, M("-0.50"));
  EXPECT_EQ(s2.fees_paid, M("0.37"));  // 0.17 + 0.20
  EXPECT_EQ(s2.volume, C("25"));
  EXPECT_EQ(s2.fills, 2);
  // The market's figures are the strategies' sums: 2.50 realized, 0.54 fees.
  EXPECT_EQ(ledger.position(kMkt).realized_before_fees, M("2.50"));
  EXPECT_EQ(ledger.totals().realized_after_fees(), M("1.96"));
  EXPECT_EQ(ledger.cash(), M("101.96"));  // 100 - 4.17 - 6.17 + 7.30 + 5.00
  EXPECT_EQ(ledger.strategy(StrategyId("nobody")), StrategyTotals{});
}

TEST_F(LedgerAggregates, SettlementRoundingRemainderGoesToTheLargestHolding) {
  ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.50", "0.01", "0", kS1)));
  ok(ledger.apply(fill("t2", OutcomeSide::yes, Action::buy, "0.50", "0.01", "0", kS2)));
  // Scalar 0.5555: the market pays floor(0.5555 × 0.02) = floor(0.01111) = 0.0111; each
  // holding floor(0.005555) = 0.0055, so 0.0001 is left over: it goes to s1 (a tie, first id).
  const SettlementEffect s = ok(ledger.apply(settlement(MarketResult::scalar, P("0.5555"))));
  EXPECT_EQ(s.payout, M("0.0111"));
  EXPECT_EQ(ledger.strategy(kS1).settlement_payouts, M("0.0056"));
  EXPECT_EQ(ledger.strategy(kS2).settlement_payouts, M("0.0055"));
  EXPECT_EQ(ledger.strategy(kS1).realized_before_fees, M("0.0006"));  // 0.0056 - 0.0050
  EXPECT_EQ(ledger.strategy(kS2).realized_before_fees, M("0.0005"));
  EXPECT_EQ(ledger.position(kMkt).realized_before_fees, M("0.0011"));  // 0.0111 - 0.0100
}

TEST_F(LedgerAggregates, DaysAreUtcCalendarDays) {
  const Timestamp before_midnight = T(86'400) - std::chrono::milliseconds(1);  // 01-01 23:59:59.999
  const Timestamp midnight = T(86'400);                                        // 01-02 00:00:00
  ok(ledger.apply(
      fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10", "0.17", kS1, before_midnight)));
  ok(ledger.apply(fill("t2", OutcomeSide::yes, Action::sell, "0.50", "4", "0.07", kS1, midnight)));
  ok(ledger.apply(settlement(MarketResult::yes, std::nullopt, midnight + std::chrono::hours(23))));

  using std::chrono::January;
  const UtcDay jan1 = std::chrono::year{2026} / January / 1;
  const UtcDay jan2 = std::chrono::year{2026} / January / 2;
  EXPECT_EQ(utc_day(before_midnight), jan1);
  EXPECT_EQ(utc_day(midnight), jan2);
  const DayTotals d1 = ledger.day(jan1);
  EXPECT_EQ(d1.fees_paid, M("0.17"));
  EXPECT_EQ(d1.realized_before_fees, M("0"));
  EXPECT_EQ(d1.fills, 1);
  EXPECT_EQ(d1.volume, C("10"));
  // Jan 2: the close realizes 4 × (0.50 - 0.40) = 0.40, settlement 6.00 - 2.40 = 3.60.
  const DayTotals d2 = ledger.day(jan2);
  EXPECT_EQ(d2.realized_before_fees, M("4.00"));
  EXPECT_EQ(d2.fees_paid, M("0.07"));
  EXPECT_EQ(d2.settlement_payouts, M("6.00"));
  EXPECT_EQ(d2.realized_after_fees(), M("3.93"));
  EXPECT_EQ(ledger.day(std::chrono::year{2026} / January / 3), DayTotals{});
  const LedgerSnapshot snap = ledger.snapshot();
  ASSERT_EQ(snap.days.size(), 2u);
  EXPECT_EQ(snap.days[0].first, jan1);
  EXPECT_EQ(snap.days[1].second, d2);
}

TEST_F(LedgerAggregates, UnrealizedSellsIntoTheBid) {
  ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10")));  // basis 4.00
  Valuation v = ledger.unrealized(kMkt, Mark{P("0.45"), P("0.47")});
  EXPECT_TRUE(v.has_bid);
  EXPECT_EQ(v.value, M("4.50"));  // 10 × YES bid 0.45
  EXPECT_EQ(v.unrealized, M("0.50"));
  v = ledger.unrealized(kMkt, Mark{std::nullopt, P("0.47")});  // no YES bid: worth 0
  EXPECT_FALSE(v.has_bid);
  EXPECT_EQ(v.value, M("0"));
  EXPECT_EQ(v.unrealized, M("-4.00"));

  Ledger l;
  ASSERT_FALSE(l.add_market(kMkt, 0));
  ok(l.apply(fill("t1", OutcomeSide::no, Action::buy, "0.60", "10")));  // -10, basis 6.00
  v = l.unrealized(kMkt, Mark{P("0.33"), P("0.35")});                   // NO bid = 1 - 0.35 = 0.65
  EXPECT_EQ(v.value, M("6.50"));
  EXPECT_EQ(v.unrealized, M("0.50"));
  v = l.unrealized(kMkt, Mark{P("0.33"), std::nullopt});  // no YES ask = no NO bid
  EXPECT_FALSE(v.has_bid);
  EXPECT_EQ(v.unrealized, M("-6.00"));
  EXPECT_EQ(l.unrealized(MarketTicker("FLAT"), Mark{}).value, M("0"));

  // Equity: 96.00 cash + 4.50 marked; unquoted positions count as 0.
  EXPECT_EQ(ledger.equity([](const MarketTicker&) {
    return Mark{P("0.45"), P("0.47")};
  }),
            M("100.50"));
  EXPECT_EQ(ledger.equity([](const MarketTicker&) { return Mark{}; }), M("96.00"));
}

TEST_F(LedgerAggregates, CashPerShard) {
  const MarketTicker crypto("KXBTC15M-26JAN010015-15");
  ASSERT_FALSE(ledger.add_market(crypto, 2));
  EXPECT_FALSE(ledger.add_market(crypto, 2));
  EXPECT_EQ(ledger.add_market(crypto, 0), LedgerError::shard_conflict);
  ledger.set_cash(2, M("50"), T());
  LedgerFill f = fill("c1", OutcomeSide::yes, Action::buy, "0.25", "4");
  f.ticker = crypto;
  ok(ledger.apply(f));
  EXPECT_EQ(ledger.cash(2), M("49.00"));
  EXPECT_EQ(ledger.cash(0), M("100"));
  EXPECT_EQ(ledger.cash(), M("149.00"));
  EXPECT_EQ(ledger.cash_by_shard(),
            (std::vector<std::pair<ExchangeIndex, Money>>{{0, M("100")}, {2, M("49.00")}}));
  EXPECT_EQ(ledger.position(crypto).shard, 2);
}

TEST_F(LedgerAggregates, ReconciliationIsRecordedAsAdjustments) {
  ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10", "0.17")));
  ledger.set_cash(0, M("95.83"), T(1));  // agrees: nothing recorded
  ledger.set_cash(0, M("95.80"), T(2));  // the exchange says 0.03 less
  EXPECT_EQ(ledger.cash(), M("95.80"));
  ASSERT_FALSE(ledger.set_position(kMkt, C("10"), M("4.00"), T(3)));  // agrees
  ASSERT_FALSE(ledger.set_position(kMkt, C("12"), M("4.90"), T(4)));
  EXPECT_EQ(ledger.position(kMkt).position, C("12"));
  EXPECT_EQ(ledger.position(kMkt).cost_basis, M("4.90"));
  EXPECT_EQ(ledger.holdings(kMkt), (std::vector<std::pair<StrategyId, Holding>>{
                                       {kReconciliationStrategy, Holding{C("12"), M("4.90")}}}));
  const auto& adj = ledger.adjustments();
  ASSERT_EQ(adj.size(), 3u);  // opening 100, -0.03, the position
  EXPECT_EQ(adj[0].cash_delta, M("100"));
  EXPECT_EQ(adj[1].kind, AdjustmentKind::cash);
  EXPECT_EQ(adj[1].cash_delta, M("-0.03"));
  EXPECT_EQ(adj[1].time, T(2));
  EXPECT_EQ(adj[2].kind, AdjustmentKind::position);
  EXPECT_EQ(adj[2].ticker, kMkt);
  EXPECT_EQ(adj[2].position_delta, C("2"));
  EXPECT_EQ(adj[2].basis_delta, M("0.90"));
  EXPECT_EQ(ledger.totals().cash_adjustments, M("99.97"));
  EXPECT_EQ(ledger.position(kMkt).realized_before_fees, M("0"));
  // Later fills net against the corrected position.
  const FillEffect e = ok(ledger.apply(fill("t2", OutcomeSide::yes, Action::sell, "0.50", "12")));
  EXPECT_EQ(e.realized_before_fees, M("1.10"));  // 6.00 - 4.90
  EXPECT_EQ(ledger.strategy(kS1).realized_before_fees, M("1.10"));

  EXPECT_EQ(ledger.set_position(kMkt, C("0"), M("1"), T()), LedgerError::invalid_basis);
  EXPECT_EQ(ledger.set_position(kMkt, C("1"), M("-1"), T()), LedgerError::invalid_basis);
  EXPECT_EQ(ledger.set_position(MarketTicker("NOPE"), C("1"), M("1"), T()),
            LedgerError::unknown_market);
  EXPECT_EQ(ledger.adjustments().size(), 3u);
}

TEST_F(LedgerAggregates, InvalidInputChangesNothing) {
  const auto rejected = [&](LedgerFill f) { return failed(ledger.apply(f)); };
  LedgerFill f = fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10");
  f.ticker = MarketTicker("NOPE");
  EXPECT_EQ(rejected(f), LedgerError::unknown_market);
  EXPECT_EQ(rejected(fill("", OutcomeSide::yes, Action::buy, "0.40", "10")),
            LedgerError::empty_trade_id);
  EXPECT_EQ(rejected(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10", "0", StrategyId())),
            LedgerError::empty_strategy);
  EXPECT_EQ(rejected(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "0")),
            LedgerError::invalid_count);
  EXPECT_EQ(rejected(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "-1")),
            LedgerError::invalid_count);
  EXPECT_EQ(rejected(fill("t1", OutcomeSide::yes, Action::buy, "0", "1")),
            LedgerError::invalid_price);
  EXPECT_EQ(rejected(fill("t1", OutcomeSide::no, Action::sell, "1", "1")),
            LedgerError::invalid_price);
  EXPECT_EQ(rejected(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "1", "-0.01")),
            LedgerError::negative_fee);
  EXPECT_EQ(failed(ledger.apply(settlement(MarketResult::scalar))), LedgerError::invalid_result);
  EXPECT_EQ(failed(ledger.apply(settlement(MarketResult::unknown))), LedgerError::invalid_result);
  EXPECT_EQ(failed(ledger.apply(Settlement{MarketTicker("NOPE"), MarketResult::yes, {}, T()})),
            LedgerError::unknown_market);
  EXPECT_FALSE(ledger.knows_trade(TradeId("t1")));
  EXPECT_EQ(ledger.cash(), M("100"));
  EXPECT_EQ(ledger.position(kMkt), (MarketPosition{}));
  EXPECT_EQ(ledger.totals().fills, 0);
  // Boundary prices just inside (0, 1) are accepted.
  ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.0001", "1")));
  ok(ledger.apply(fill("t2", OutcomeSide::yes, Action::buy, "0.9999", "1")));
  EXPECT_EQ(ledger.cash(), M("99.00"));  // 100 - 0.0001 - 0.9999
}

TEST_F(LedgerAggregates, SnapshotListsEverything) {
  ok(ledger.apply(fill("t1", OutcomeSide::yes, Action::buy, "0.40", "10", "0.17", kS2)));
  ok(ledger.apply(fill("t2", OutcomeSide::yes, Action::sell, "0.50", "5", "0.05", kS1)));
  const LedgerSnapshot s = ledger.snapshot();
  EXPECT_EQ(s.totals.cash, M("98.28"));  // 100 - 4.17 + (5 - 2.50 - 0.05)
  EXPECT_EQ(s.totals.realized_before_fees, M("0.50"));
  EXPECT_EQ(s.totals.fees_paid, M("0.22"));
  EXPECT_EQ(s.totals.fills, 2);
  ASSERT_EQ(s.markets.size(), 1u);
  EXPECT_EQ(s.markets[0].second.position, C("5"));
  ASSERT_EQ(s.strategies.size(), 2u);
  EXPECT_EQ(s.strategies[0].first, kS1);  // ascending ids
  EXPECT_EQ(s.strategies[0].second.realized_before_fees, M("0.50"));
  EXPECT_EQ(s.cash.size(), 1u);
  EXPECT_EQ(s.adjustments.size(), 1u);
}

}  // namespace
}  // namespace antevorta::execution
