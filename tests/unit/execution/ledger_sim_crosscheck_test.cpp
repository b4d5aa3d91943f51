// The daemon's ledger against the simulator's exchange-side ledger: the same random fills
// (sub-cent prices, fractional counts, both liquidity roles, both ways of telling a trade)
// booked by both must agree to the centi-cent on cash, position, leg values, fees and volume.
// Cost basis and realized P&L agree exactly with one strategy, and on realized − basis (which
// the attribution rule cannot change) with two; some runs only reduce or flip the position,
// the others also add to it.
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "antevorta/execution/ledger.hpp"
#include "antevorta/sim/ledger.hpp"

#include "unit/execution/ledger_test_support.hpp"

namespace antevorta::execution {
namespace {

using namespace test;  // NOLINT

const sim::AccountId kUs("us");
const sim::AccountId kThem("them");

struct RandomRun {
  std::uint32_t seed;
  int strategies;
  kalshi::MarketResult result;
  bool only_reduce;  // every fill nets against the position (or opens from flat)
};

class CrossCheck : public ::testing::TestWithParam<RandomRun> {};

TEST_P(CrossCheck, SameFillsSameBooks) {
  const RandomRun run = GetParam();
  std::mt19937 rng(run.seed);
  const auto uniform = [&](int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
  };

  sim::Ledger exchange;
  exchange.add_market(kMkt, 2,
                      kalshi::FeeSchedule{kalshi::FeeType::quadratic_with_maker_fees,
                                          kalshi::FeeMultiplier::one()});
  ASSERT_FALSE(exchange.deposit(kUs, 2, M("1000")));
  ASSERT_FALSE(exchange.deposit(kThem, 2, M("1000")));
  Ledger ours;
  ASSERT_FALSE(ours.add_market(kMkt, 2));
  ours.set_cash(2, M("1000"), T());

  for (int i = 0; i < 400; ++i) {
    const std::string n = std::to_string(i);
    // Whole-cent prices half of the time, sub-cent otherwise; counts 0.01 .. 20.00.
    const std::int64_t cc = uniform(0, 1) ? uniform(1, 99) * 100 : uniform(1, 9999);
    const bool we_take = uniform(0, 1) == 1;
    const Count held = ours.position(kMkt).position;
    sim::BookSide our_side = uniform(0, 1) ? sim::BookSide::bid : sim::BookSide::ask;
    if (run.only_reduce && !held.is_zero()) {
      our_side = held > Count{} ? sim::BookSide::ask : sim::BookSide::bid;  // buy the other leg
    }
    sim::Fill f;
    f.trade_id = TradeId("t" + n);
    f.ticker = kMkt;
    f.maker_order_id = OrderId("m" + n);  // a fresh maker order each time
    f.taker_order_id = OrderId("k" + n);
    f.maker_owner = we_take ? kThem : kUs;
    f.taker_owner = we_take ? kUs : kThem;
    f.taker_side = we_take ? our_side : sim::opposite(our_side);
    f.price = Price::of(cc);
    f.count = Count::from_centi(uniform(1, 2000));
    f.time = T(i * 60);
    const sim::FillAccounting acc = exchange.apply_fill(f).value();
    const sim::FillLeg& leg = we_take ? acc.taker : acc.maker;

    // What the daemon hears: the leg it bought, told either as a buy of that leg or as a sell
    // of the other one, with the exchange's fee.
    const Price bought_price = leg.bought == OutcomeSide::yes ? f.price : f.price.complement();
    const bool as_sell = uniform(0, 1) == 1;
    LedgerFill ours_fill;
    ours_fill.trade_id = f.trade_id;
    ours_fill.ticker = kMkt;
    ours_fill.strategy = run.strategies == 1 || uniform(0, 1) ? kS1 : kS2;
    ours_fill.side = as_sell ? kalshi::other(leg.bought) : leg.bought;
    ours_fill.action = as_sell ? Action::sell : Action::buy;
    ours_fill.price = as_sell ? bought_price.complement() : bought_price;
    ours_fill.count = f.count;
    ours_fill.fee = leg.fee;
    ours_fill.liquidity = leg.liquidity;
    ours_fill.time = f.time;
    const FillEffect e = ok(ours.apply(ours_fill));
    ASSERT_EQ(e.leg_value, leg.leg_value) << "fill " << i;
    ASSERT_EQ(e.cash_delta, leg.cash_delta) << "fill " << i;
    ASSERT_EQ(e.closed, leg.closed) << "fill " << i;
    ASSERT_EQ(e.position_after, leg.position_after) << "fill " << i;

    const sim::Position theirs = exchange.position(kUs, kMkt);
    const MarketPosition mine = ours.position(kMkt);
    ASSERT_EQ(ours.cash(2), exchange.cash(kUs, 2)) << "fill " << i;
    ASSERT_EQ(mine.fees_paid, theirs.fees_paid);
    ASSERT_EQ(mine.volume, theirs.volume);
    ASSERT_EQ(mine.realized_before_fees - mine.cost_basis, theirs.realized_pnl - theirs.cost)
        << "fill " << i;
    if (run.strategies == 1) {
      ASSERT_EQ(mine.cost_basis, theirs.cost) << "fill " << i;
      ASSERT_EQ(mine.realized_before_fees, theirs.realized_pnl) << "fill " << i;
    }
  }

  const Price scalar_value = Price::of(uniform(1, 9999));
  const sim::MarketResult result =
      run.result == kalshi::MarketResult::yes  ? sim::MarketResult::yes()
      : run.result == kalshi::MarketResult::no ? sim::MarketResult::no()
                                               : sim::MarketResult::scalar(scalar_value);
  ASSERT_TRUE(exchange.settle(kMkt, result).has_value());
  ok(ours.apply(Settlement{kMkt, run.result, scalar_value, T(86'400)}));
  const sim::Position theirs = exchange.position(kUs, kMkt);
  const MarketPosition mine = ours.position(kMkt);
  EXPECT_EQ(ours.cash(2), exchange.cash(kUs, 2));
  EXPECT_EQ(mine.position, Count{});
  EXPECT_EQ(mine.realized_before_fees, theirs.realized_pnl);  // everything closed: exact
  // Every cash movement is a fee or realized P&L.
  EXPECT_EQ(ours.cash() - M("1000"), mine.realized_after_fees());
}

INSTANTIATE_TEST_SUITE_P(Seeds, CrossCheck,
                         ::testing::Values(RandomRun{1, 1, kalshi::MarketResult::yes, false},
                                           RandomRun{2, 2, kalshi::MarketResult::no, false},
                                           RandomRun{3, 1, kalshi::MarketResult::scalar, false},
                                           RandomRun{4, 1, kalshi::MarketResult::yes, true},
                                           RandomRun{5, 1, kalshi::MarketResult::no, true},
                                           RandomRun{6, 1, kalshi::MarketResult::scalar, true},
                                           RandomRun{7, 2, kalshi::MarketResult::yes, true},
                                           RandomRun{8, 2, kalshi::MarketResult::scalar, true}),
                         [](const ::testing::TestParamInfo<RandomRun>& param_info) {
                           const RandomRun& r = param_info.param;
                           return "seed" + std::to_string(r.seed) + "_strategies" +
                                  std::to_string(r.strategies) + "_" +
                                  std::string(kalshi::to_string(r.result)) +
                                  (r.only_reduce ? "_reducing" : "_adding");
                         });

// Regression: sim::book_purchase once took `closed == held_other` (both zero when a fill adds
// to the held leg) as "everything held is closed" and dropped the whole cost basis. Both
// ledgers keep it: 10 × 0.40 + 10 × 0.50 = 9.00.
TEST(CrossCheckRegression, SimKeepsTheCostWhenAddingToAPosition) {
  sim::Ledger exchange;
  exchange.add_market(kMkt, 0, kalshi::FeeSchedule{});
  ASSERT_FALSE(exchange.deposit(kUs, 0, M("100")));
  ASSERT_FALSE(exchange.deposit(kThem, 0, M("100")));
  for (const char* price : {"0.40", "0.50"}) {
    sim::Fill f{TradeId(price),
                kMkt,
                OrderId(std::string("m") + price),
                kThem,
                OrderId(std::string("k") + price),
                kUs,
                P(price),
                C("10"),
                sim::BookSide::bid,
                T()};
    ASSERT_TRUE(exchange.apply_fill(f).has_value());
  }
  EXPECT_EQ(exchange.position(kUs, kMkt).cost, M("9.00"));
}

}  // namespace
}  // namespace antevorta::execution
