#include "antevorta/sim/ledger.hpp"

#include <string>

#include <gtest/gtest.h>

#include "unit/sim/sim_test_support.hpp"

namespace antevorta::sim {
namespace {

using namespace test;  // NOLINT
using kalshi::FeeMultiplier;
using kalshi::FeeSchedule;
using kalshi::FeeType;

const MarketTicker kMkt("KXTEST-26JAN01");
const AccountId A("alice"), B("bob"), Cc("carol");

FeeSchedule no_fees() { return FeeSchedule{FeeType::quadratic, *FeeMultiplier::parse("0")}; }

class LedgerTest : public ::testing::Test {
 protected:
  Ledger ledger;
  int next = 0;

  void SetUp() override {
    ledger.add_market(kMkt, 0, no_fees());
    for (const AccountId& o : {A, B, Cc}) ASSERT_FALSE(ledger.deposit(o, 0, M("1000")));
  }
  // `taker` takes from `maker` at a YES price: a bid taker buys YES, an ask taker buys NO.
  FillAccounting trade(const AccountId& taker, BookSide taker_side, const AccountId& maker,
                       const char* price, const char* count) {
    ++next;
    Fill f{TradeId("t" + std::to_string(next)),
           kMkt,
           OrderId("m" + std::to_string(next)),
           maker,
           OrderId("o" + std::to_string(next)),
           taker,
           P(price),
           C(count),
           taker_side,
           T0()};
    return ok(ledger.apply_fill(f));
  }
  Money conserved() const {
    return ledger.total_cash() +
           notional(Price::one(), ledger.open_interest(kMkt), Rounding::down) +
           ledger.fees_collected();
  }
};

TEST_F(LedgerTest, OpeningBothLegsLocksOneDollarPerContract) {
  const FillAccounting f = trade(A, BookSide::bid, B, "0.45", "10");
  EXPECT_EQ(f.taker.bought, kalshi::OutcomeSide::yes);
  EXPECT_EQ(f.taker.leg_value, M("4.50"));
  EXPECT_EQ(f.taker.cash_delta, M("-4.50"));
  EXPECT_EQ(f.taker.position_after, C("10"));
  EXPECT_EQ(f.maker.bought, kalshi::OutcomeSide::no);
  EXPECT_EQ(f.maker.leg_value, M("5.50"));
  EXPECT_EQ(f.maker.position_after, C("-10"));
  EXPECT_EQ(ledger.cash(A, 0), M("995.50"));
  EXPECT_EQ(ledger.cash(B, 0), M("994.50"));
  EXPECT_EQ(ledger.position(A, kMkt).cost, M("4.50"));
  EXPECT_EQ(ledger.position(B, kMkt).cost, M("5.50"));
  EXPECT_EQ(ledger.open_interest(kMkt), C("10"));
  EXPECT_EQ(conserved(), M("3000"));
}

TEST_F(LedgerTest, ClosingANoPositionByBuyingYes) {
  // A buys 10 NO at 0.60 (an ask at YES 0.40 taking C's bid).
  trade(A, BookSide::ask, Cc, "0.40", "10");
  EXPECT_EQ(ledger.position(A, kMkt).position, C("-10"));
  EXPECT_EQ(ledger.position(A, kMkt).cost, M("6.00"));
  EXPECT_EQ(ledger.cash(A, 0), M("994.00"));

  // Buying 4 YES at 0.45 nets 4 pairs: pays 1.80, gets $4 back -> +2.20 (NO sold at 0.55).
  FillAccounting f = trade(A, BookSide::bid, B, "0.45", "4");
  EXPECT_EQ(f.taker.closed, C("4"));
  EXPECT_EQ(f.taker.cash_delta, M("2.20"));
  EXPECT_EQ(f.taker.realized_pnl, M("-0.20"));  // 4 × (0.55 - 0.60)
  Position p = ledger.position(A, kMkt);
  EXPECT_EQ(p.position, C("-6"));
  EXPECT_EQ(p.cost, M("3.60"));
  EXPECT_EQ(ledger.cash(A, 0), M("996.20"));

  // Buying 10 more YES closes the last 6 and opens 4 YES.
  f = trade(A, BookSide::bid, B, "0.45", "10");
  EXPECT_EQ(f.taker.closed, C("6"));
  EXPECT_EQ(f.taker.cash_delta, M("1.50"));     // 6 × $1 - 10 × 0.45
  EXPECT_EQ(f.taker.realized_pnl, M("-0.30"));  // 6 × (0.55 - 0.60)
  p = ledger.position(A, kMkt);
  EXPECT_EQ(p.position, C("4"));
  EXPECT_EQ(p.cost, M("1.80"));
  EXPECT_EQ(p.realized_pnl, M("-0.50"));
  EXPECT_EQ(p.volume, C("24"));
  EXPECT_EQ(ledger.cash(A, 0), M("997.70"));
  EXPECT_EQ(conserved(), M("3000"));
}

TEST_F(LedgerTest, SellingYesAgainstABuyerMovesNoCollateral) {
  trade(A, BookSide::bid, B, "0.40", "10");  // A long 10 YES at 0.40
  // A sells YES at 0.55 (ask) to C: C opens YES, A closes. Open interest stays 10.
  const FillAccounting f = trade(A, BookSide::ask, Cc, "0.55", "10");
  EXPECT_EQ(f.taker.cash_delta, M("5.50"));
  EXPECT_EQ(f.taker.realized_pnl, M("1.50"));
  EXPECT_EQ(ledger.position(A, kMkt), (Position{C("0"), M("0"), M("1.50"), M("0"), C("20")}));
  EXPECT_EQ(ledger.position(Cc, kMkt).position, C("10"));
  EXPECT_EQ(ledger.open_interest(kMkt), C("10"));
  EXPECT_EQ(conserved(), M("3000"));
}

TEST_F(LedgerTest, SettlementPayouts) {
  const auto setup = [](Ledger& l) {
    l.add_market(kMkt, 0, no_fees());
    ASSERT_FALSE(l.deposit(A, 0, M("100")));
    ASSERT_FALSE(l.deposit(B, 0, M("100")));
    Fill f{TradeId("t"), kMkt,    OrderId("m"),  B,   OrderId("o"), A,
           P("0.45"),    C("10"), BookSide::bid, T0()};
    ASSERT_TRUE(l.apply_fill(f).has_value());  // A +10 YES (4.50), B -10 NO (5.50)
  };
  {
    Ledger l;
    setup(l);
    const auto entries = ok(l.settle(kMkt, MarketResult::yes()));
    ASSERT_EQ(entries.size(), 2u);
    EXPECT_EQ(entries[0].owner, A);
    EXPECT_EQ(entries[0].payout, M("10"));
    EXPECT_EQ(entries[0].realized_pnl, M("5.50"));
    EXPECT_EQ(entries[1].payout, M("0"));
    EXPECT_EQ(entries[1].realized_pnl, M("-5.50"));
    EXPECT_EQ(l.cash(A, 0), M("105.50"));
    EXPECT_EQ(l.cash(B, 0), M("94.50"));
    EXPECT_EQ(l.position(A, kMkt).position, C("0"));
    EXPECT_EQ(l.position(A, kMkt).cost, M("0"));
    EXPECT_EQ(l.position(A, kMkt).realized_pnl, M("5.50"));
    EXPECT_EQ(l.open_interest(kMkt), C("0"));
    EXPECT_EQ(l.total_cash(), M("200"));
  }
  {
    Ledger l;
    setup(l);
    ok(l.settle(kMkt, MarketResult::no()));
    EXPECT_EQ(l.cash(A, 0), M("95.50"));
    EXPECT_EQ(l.cash(B, 0), M("104.50"));
    EXPECT_EQ(l.position(B, kMkt).realized_pnl, M("4.50"));
  }
  {
    Ledger l;
    setup(l);
    const auto entries = ok(l.settle(kMkt, MarketResult::scalar(P("0.3"))));
    EXPECT_EQ(entries[0].payout, M("3.00"));
    EXPECT_EQ(entries[1].payout, M("7.00"));
    EXPECT_EQ(l.cash(A, 0), M("98.50"));
    EXPECT_EQ(l.cash(B, 0), M("101.50"));
    EXPECT_EQ(l.total_cash(), M("200"));
  }
  Ledger l;
  EXPECT_EQ(rejected(l.settle(MarketTicker("NOPE"), MarketResult::yes())),
            RejectReason::market_not_found);
}

struct FeeCase {
  FeeType type;
  const char* multiplier;
  kalshi::FeeRounding rounding;
  const char* price;
  const char* count;
  const char* taker_fee;
  const char* maker_fee;
};

class LedgerFees : public ::testing::TestWithParam<FeeCase> {};

TEST_P(LedgerFees, ChargedByFeeType) {
  const FeeCase& c = GetParam();
  Ledger l(c.rounding);
  l.add_market(kMkt, 0, FeeSchedule{c.type, *FeeMultiplier::parse(c.multiplier)});
  ASSERT_FALSE(l.deposit(A, 0, M("1000")));
  ASSERT_FALSE(l.deposit(B, 0, M("1000")));
  Fill f{TradeId("t"), kMkt,       OrderId("m"),  B,   OrderId("o"), A,
         P(c.price),   C(c.count), BookSide::bid, T0()};
  const FillAccounting acc = ok(l.apply_fill(f));
  EXPECT_EQ(acc.taker.fee, M(c.taker_fee));
  EXPECT_EQ(acc.maker.fee, M(c.maker_fee));
  EXPECT_EQ(acc.taker.liquidity, kalshi::Liquidity::taker);
  EXPECT_EQ(acc.maker.liquidity, kalshi::Liquidity::maker);
  const Money yes_cost = notional(P(c.price), C(c.count), Rounding::up);
  EXPECT_EQ(l.cash(A, 0), M("1000") - yes_cost - M(c.taker_fee));
  EXPECT_EQ(
      l.cash(B, 0),
      M("1000") - (notional(Price::one(), C(c.count), Rounding::down) - yes_cost) - M(c.maker_fee));
  EXPECT_EQ(l.position(A, kMkt).fees_paid, M(c.taker_fee));
  EXPECT_EQ(l.position(B, kMkt).fees_paid, M(c.maker_fee));
  EXPECT_EQ(l.fees_collected(), M(c.taker_fee) + M(c.maker_fee));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, LedgerFees,
    ::testing::Values(
        // 0.07 × 100 × 0.5 × 0.5 = 1.75; quadratic makers pay nothing.
        FeeCase{FeeType::quadratic, "1", kalshi::FeeRounding::fill_centicent, "0.50", "100", "1.75",
                "0"},
        // quadratic_with_maker_fees: maker 0.25 × taker.
        FeeCase{FeeType::quadratic_with_maker_fees, "1", kalshi::FeeRounding::fill_centicent,
                "0.50", "100", "1.75", "0.4375"},
        // One contract at 0.50: 0.0175 per fill (direct member) or 0.02 by the cent rule.
        FeeCase{FeeType::quadratic, "1", kalshi::FeeRounding::fill_centicent, "0.50", "1", "0.0175",
                "0"},
        FeeCase{FeeType::quadratic_with_maker_fees, "1", kalshi::FeeRounding::order_cent, "0.50",
                "1", "0.02", "0.01"},
        // Multiplier 0.5, 0.30 × 10: 0.5 × 0.07 × 10 × 0.21 = 0.0735.
        FeeCase{FeeType::quadratic, "0.5", kalshi::FeeRounding::fill_centicent, "0.30", "10",
                "0.0735", "0"},
        // No fees (multiplier 0).
        FeeCase{FeeType::quadratic_with_maker_fees, "0", kalshi::FeeRounding::fill_centicent,
                "0.30", "10", "0", "0"}));

TEST(LedgerRounding, MakerLegAndFeeAccumulatePerOrder) {
  // A sub-cent grid and 0.01-contract fills: per-fill rounding would overcharge the maker.
  Ledger l;
  l.add_market(kMkt, 0, FeeSchedule{FeeType::quadratic_with_maker_fees, FeeMultiplier::one()});
  ASSERT_FALSE(l.deposit(A, 0, M("10")));
  ASSERT_FALSE(l.deposit(B, 0, M("10")));
  Order maker;
  maker.id = OrderId("maker");
  maker.ticker = kMkt;
  maker.owner = B;
  maker.side = BookSide::ask;  // buys NO at 1 - 0.5555 = 0.4445
  maker.price = P("0.5555");
  maker.initial_count = C("1");
  maker.remaining_count = C("1");
  l.track(maker);
  // Reserved: the NO leg (0.4445) plus the maker fee of one fill of the whole contract:
  // 0.0175 × 0.5555 × 0.4445 = 0.00432..., rounded up to 0.0044.
  const Money fee_whole = *kalshi::trading_fee(
      FeeSchedule{FeeType::quadratic_with_maker_fees, FeeMultiplier::one()},
      kalshi::Liquidity::maker, P("0.5555"), C("1"), kalshi::FeeRounding::fill_centicent);
  EXPECT_EQ(fee_whole, M("0.0044"));
  EXPECT_EQ(l.reserved(B, 0), M("0.4445") + fee_whole);

  Money maker_paid, taker_paid, maker_fees;
  for (int i = 0; i < 100; ++i) {
    Fill f{TradeId("t" + std::to_string(i)),
           kMkt,
           maker.id,
           B,
           OrderId("o"),
           A,
           P("0.5555"),
           C("0.01"),
           BookSide::bid,
           T0()};
    const FillAccounting acc = ok(l.apply_fill(f));
    maker_paid += acc.maker.leg_value;
    maker_fees += acc.maker.fee;
    taker_paid += acc.taker.leg_value;
  }
  EXPECT_EQ(maker_paid, M("0.4445"));
  EXPECT_EQ(taker_paid, M("0.5555"));
  EXPECT_EQ(maker_fees, fee_whole);
  EXPECT_EQ(l.cash(B, 0), M("10") - M("0.4445") - fee_whole);
  EXPECT_EQ(l.reserved(B, 0), M("0"));  // filled: the order left the ledger
  EXPECT_EQ(l.position(B, kMkt).position, C("-1"));
}

TEST_F(LedgerTest, FundingAndShards) {
  Ledger l;
  EXPECT_EQ(l.deposit(A, 0, M("0")), RejectReason::invalid_amount);
  EXPECT_EQ(l.deposit(A, 0, M("-1")), RejectReason::invalid_amount);
  ASSERT_FALSE(l.deposit(A, 0, M("50")));
  EXPECT_EQ(l.transfer(A, 0, 2, M("50.0001")), RejectReason::insufficient_balance);
  ASSERT_FALSE(l.transfer(A, 0, 2, M("20")));
  EXPECT_EQ(l.cash(A, 0), M("30"));
  EXPECT_EQ(l.cash(A, 2), M("20"));
  EXPECT_EQ(l.balances(A),
            (std::vector<std::pair<ExchangeIndex, Money>>{{0, M("30")}, {2, M("20")}}));
  EXPECT_EQ(l.cash(B, 2), M("0"));
}

TEST_F(LedgerTest, ReservationNetsTheHeldOppositeLeg) {
  trade(A, BookSide::ask, Cc, "0.40", "10");  // A holds 10 NO
  Order o;
  o.id = OrderId("close");
  o.ticker = kMkt;
  o.owner = A;
  o.side = BookSide::bid;
  o.price = P("0.45");
  o.initial_count = o.remaining_count = C("10");
  ledger.track(o);  // closing 10 NO: gets money back, reserves nothing
  EXPECT_EQ(ledger.reserved(A, 0), M("0"));
  o.remaining_count = C("14");  // 4 beyond the position: 14 × 0.45 - $10 = -3.70 -> 0
  ledger.track(o);
  EXPECT_EQ(ledger.reserved(A, 0), M("0"));
  o.remaining_count = C("30");  // 30 × 0.45 - 10 = 3.50
  ledger.track(o);
  EXPECT_EQ(ledger.reserved(A, 0), M("3.50"));
  EXPECT_EQ(ledger.available(A, 0), ledger.cash(A, 0) - M("3.50"));
  o.status = OrderStatus::canceled;
  ledger.track(o);
  EXPECT_EQ(ledger.reserved(A, 0), M("0"));
}

TEST_F(LedgerTest, UnknownMarketFill) {
  Fill f{TradeId("t"), MarketTicker("NOPE"), OrderId("m"), B, OrderId("o"), A, P("0.5"),
         C("1"),       BookSide::bid,        T0()};
  EXPECT_EQ(rejected(ledger.apply_fill(f)), RejectReason::market_not_found);
}

}  // namespace
}  // namespace antevorta::sim
