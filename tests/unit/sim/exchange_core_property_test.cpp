// Property test of the exchange core with the ledger: a random (seeded) sequence of orders,
// cancels, amends and decreases by a few thinly funded accounts. After every step:
//   Σ cash + $1 × open interest + fees collected == Σ deposits   (money is conserved),
//   no account's cash or available balance is negative,
//   the ledger's positions net to zero.
// At the end the market settles and every dollar is accounted for.
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/sim/exchange_core.hpp"

#include "unit/sim/sim_test_support.hpp"

namespace antevorta::sim {
namespace {

using namespace test;  // NOLINT

struct Param {
  const char* structure;
  kalshi::FeeType fee_type;
  kalshi::FeeRounding rounding;
  std::uint32_t seed;
};

class CoreProperty : public ::testing::TestWithParam<Param> {};

TEST_P(CoreProperty, MoneyIsConservedAndNeverNegative) {
  const Param& param = GetParam();
  const MarketTicker ticker("KXPROP");
  ExchangeCore core(param.seed, param.rounding);
  MarketSpec spec;
  spec.ticker = ticker;
  spec.grid = *kalshi::PriceGrid::from_structure(param.structure);
  spec.fees = kalshi::FeeSchedule{param.fee_type, kalshi::FeeMultiplier::one()};
  spec.exchange_index = 2;
  ASSERT_TRUE(core.add_market(spec));

  std::mt19937 rng(param.seed);
  const auto uniform = [&](std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  };
  std::vector<AccountId> owners{AccountId("a"), AccountId("b"), AccountId("c"), AccountId("d")};
  const Money deposit = M("60");
  for (const AccountId& o : owners) ASSERT_FALSE(core.ledger().deposit(o, 2, deposit));
  const Money total = deposit * static_cast<std::int64_t>(owners.size());
  const auto& grid = spec.grid;
  const auto mid = static_cast<std::int64_t>(grid.level_count() / 2);
  const auto price = [&] {
    return grid.price_at(static_cast<std::uint32_t>(uniform(mid - 8, mid + 8)));
  };
  std::vector<OrderId> resting;
  Timestamp now = T0();
  std::size_t fills = 0, insufficient = 0;

  const auto track = [&](const CoreResult& r) {
    fills += r.engine.fills.size();
    for (const OrderUpdate& u : r.engine.updates) {
      std::erase(resting, u.order.id);
      if (u.order.status == OrderStatus::resting) resting.push_back(u.order.id);
    }
  };

  for (int step = 0; step < 3000; ++step) {
    const AccountId& owner = owners[static_cast<std::size_t>(uniform(0, 3))];
    const auto op = uniform(0, 99);
    if (op < 60 || resting.empty()) {
      OrderRequest req;
      req.side = uniform(0, 1) ? BookSide::bid : BookSide::ask;
      req.price = price();
      req.count = Count::from_centi(uniform(1, 3000));
      req.time_in_force =
          uniform(0, 4) == 0 ? TimeInForce::immediate_or_cancel : TimeInForce::good_till_canceled;
      req.self_trade_prevention =
          uniform(0, 1) ? SelfTradePrevention::maker : SelfTradePrevention::taker_at_cross;
      req.reduce_only = uniform(0, 9) == 0;
      auto r = core.submit(owner, ticker, req, now);
      if (r) {
        track(*r);
      } else if (r.error() == RejectReason::insufficient_balance) {
        ++insufficient;
      }
    } else {
      const OrderId id = resting[static_cast<std::size_t>(
          uniform(0, static_cast<std::int64_t>(resting.size()) - 1))];
      const Order* o = core.find_order(id);
      ASSERT_NE(o, nullptr);
      const AccountId order_owner = o->owner;
      if (op < 75) {
        track(ok(core.cancel(order_owner, id, now)));
      } else if (op < 85) {
        track(
            ok(core.decrease(order_owner, id, ReduceBy{Count::from_centi(uniform(1, 1000))}, now)));
      } else {
        const AmendRequest a{price(), o->fill_count + Count::from_centi(uniform(1, 3000)),
                             std::nullopt};
        auto r = core.amend(order_owner, id, a, now);
        if (r) track(*r);
      }
    }
    now += std::chrono::milliseconds(1);

    const Ledger& l = core.ledger();
    const Money oi = notional(Price::one(), l.open_interest(ticker), Rounding::down);
    ASSERT_EQ(l.total_cash() + oi + l.fees_collected(), total) << "step " << step;
    Count net;
    for (const AccountId& o : owners) {
      ASSERT_GE(l.cash(o, 2), Money::zero()) << o.str() << " step " << step;
      ASSERT_GE(l.available(o, 2), Money::zero()) << o.str() << " step " << step;
      net += l.position(o, ticker).position;
    }
    ASSERT_EQ(net, Count{}) << "step " << step;
  }
  EXPECT_GT(fills, 200u);
  EXPECT_GT(insufficient, 0u);  // the funding limit was exercised

  ok(core.determine(ticker, MarketResult::yes(), now));
  ok(core.settle(ticker));
  const Ledger& l = core.ledger();
  EXPECT_EQ(l.total_cash() + l.fees_collected(), total);
  for (const AccountId& o : owners) {
    EXPECT_EQ(l.reserved(o, 2), Money::zero());
    EXPECT_EQ(l.position(o, ticker).position, Count{});
    EXPECT_EQ(l.cash(o, 0), Money::zero());  // nothing leaked to another shard
  }
}

INSTANTIATE_TEST_SUITE_P(
    Markets, CoreProperty,
    ::testing::Values(
        Param{"linear_cent", kalshi::FeeType::quadratic, kalshi::FeeRounding::fill_centicent, 1},
        Param{"tapered_deci_cent", kalshi::FeeType::quadratic_with_maker_fees,
              kalshi::FeeRounding::fill_centicent, 2},
        Param{"center_centi_edge_centi_cent", kalshi::FeeType::quadratic_with_maker_fees,
              kalshi::FeeRounding::fill_centicent, 3},
        Param{"center_centi_edge_centi_cent", kalshi::FeeType::quadratic_with_maker_fees,
              kalshi::FeeRounding::order_cent, 4}));

}  // namespace
}  // namespace antevorta::sim
