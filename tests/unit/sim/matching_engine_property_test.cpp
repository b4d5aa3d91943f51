// Property test: after every step of a random (seeded) sequence of operations, a client book
// built only from the published book changes equals the engine's aggregated levels, the book
// is never crossed, and the levels equal the sum of the resting orders.
#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/sim/matching_engine.hpp"

#include "unit/sim/sim_test_support.hpp"

namespace antevorta::sim {
namespace {

using namespace test;  // NOLINT
using kalshi::BookLevel;
using kalshi::OutcomeSide;

struct RandomRun {
  explicit RandomRun(kalshi::PriceGrid grid, std::uint32_t seed)
      : engine(MarketTicker("KXPROP"), grid, ids), client(MarketTicker("KXPROP"), grid), rng(seed) {
    for (const char* o : {"u1", "u2", "u3"}) owners.emplace_back(o);
  }

  IdGenerator ids{1};
  MatchingEngine engine;
  kalshi::OrderBook client;
  std::mt19937 rng;
  std::vector<AccountId> owners;
  std::vector<OrderId> resting;
  Timestamp now = T0();

  std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
    return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
  }
  Price random_price() {
    // Around the middle of the grid so that orders cross often.
    const auto mid = static_cast<std::int64_t>(engine.grid().level_count() / 2);
    return engine.grid().price_at(static_cast<std::uint32_t>(uniform(mid - 6, mid + 6)));
  }
  Count random_count() { return Count::from_centi(uniform(1, 2000)); }

  void absorb(const EngineResult& r) {
    for (const BookChange& c : r.book_changes) {
      ASSERT_EQ(client.apply_delta(c.side, c.price, c.delta, now), kalshi::DeltaResult::ok);
    }
    for (const OrderUpdate& u : r.updates) {
      auto it = std::find(resting.begin(), resting.end(), u.order.id);
      if (u.order.status == OrderStatus::resting) {
        if (it == resting.end()) resting.push_back(u.order.id);
      } else if (it != resting.end()) {
        resting.erase(it);
      }
      EXPECT_EQ(u.order.fill_count + u.order.remaining_count <= u.order.initial_count, true);
    }
    for (const Fill& f : r.fills) {
      EXPECT_GT(f.count, Count{});
      EXPECT_NE(f.maker_owner, f.taker_owner);
    }
  }

  void step() {
    const auto op = uniform(0, 99);
    if (op < 55 || resting.empty()) {
      OrderRequest req;
      req.side = uniform(0, 1) ? BookSide::bid : BookSide::ask;
      req.price = random_price();
      req.count = random_count();
      const auto tif = uniform(0, 9);
      req.time_in_force = tif < 7   ? TimeInForce::good_till_canceled
                          : tif < 9 ? TimeInForce::immediate_or_cancel
                                    : TimeInForce::fill_or_kill;
      req.self_trade_prevention =
          uniform(0, 1) ? SelfTradePrevention::maker : SelfTradePrevention::taker_at_cross;
      if (req.time_in_force == TimeInForce::good_till_canceled) {
        req.post_only = uniform(0, 9) == 0;
        if (uniform(0, 9) == 0) req.expiration = now + std::chrono::seconds(uniform(1, 30));
      }
      const AccountId& owner = owners[static_cast<std::size_t>(uniform(0, 2))];
      auto r = engine.submit(owner, req, Count{}, now);
      if (r) absorb(*r);
      return;
    }
    const OrderId id = resting[static_cast<std::size_t>(
        uniform(0, static_cast<std::int64_t>(resting.size()) - 1))];
    if (op < 70) {
      absorb(ok(engine.cancel(id, now)));
    } else if (op < 82) {
      const DecreaseRequest d = uniform(0, 1) ? DecreaseRequest{ReduceBy{random_count()}}
                                              : DecreaseRequest{ReduceTo{Count::from_centi(
                                                    engine.find(id)->remaining_count.centi() / 2)}};
      absorb(ok(engine.decrease(id, d, now)));
    } else if (op < 95) {
      const Order* o = engine.find(id);
      const AmendRequest a{uniform(0, 1) ? o->price : random_price(),
                           o->fill_count + random_count(), std::nullopt};
      auto r = engine.amend(id, a, now);
      if (r)
        absorb(*r);
      else
        EXPECT_EQ(r.error(), RejectReason::post_only_cross);
    } else {
      now += std::chrono::seconds(uniform(1, 10));
      absorb(engine.expire(now));
    }
  }

  void check_invariants() {
    // Client book (from deltas) == engine levels; the client lists best first.
    std::vector<BookLevel> yes = client.bid_depth(OutcomeSide::yes, 100000);
    std::vector<BookLevel> no = client.bid_depth(OutcomeSide::no, 100000);
    std::reverse(yes.begin(), yes.end());
    std::reverse(no.begin(), no.end());
    ASSERT_EQ(yes, engine.yes_bids());
    ASSERT_EQ(no, engine.no_bids());
    // Never crossed.
    if (engine.best_bid() && engine.best_ask()) {
      ASSERT_LT(engine.best_bid()->price, engine.best_ask()->price);
    }
    // Levels are the sums of the resting orders.
    Count orders_total;
    std::size_t orders = 0;
    for (const AccountId& o : owners) {
      for (const Order& order : engine.resting_orders(o)) {
        orders_total += order.remaining_count;
        ++orders;
      }
    }
    Count levels_total =
        client.total_bid_size(OutcomeSide::yes) + client.total_bid_size(OutcomeSide::no);
    ASSERT_EQ(orders_total, levels_total);
    ASSERT_EQ(orders, engine.resting_count());
    ASSERT_EQ(orders, resting.size());
  }
};

class EngineProperty : public ::testing::TestWithParam<std::string> {};

TEST_P(EngineProperty, DeltasReproduceTheBook) {
  auto grid = GetParam() == "linear_cent" ? kalshi::PriceGrid::linear_cent()
                                          : *kalshi::PriceGrid::from_structure(GetParam());
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    RandomRun run(grid, seed);
    std::size_t fills_seen = 0;
    for (int i = 0; i < 1500; ++i) {
      const auto before = run.ids.trades_issued();
      run.step();
      fills_seen += run.ids.trades_issued() - before;
      run.check_invariants();
      if (::testing::Test::HasFatalFailure()) {
        FAIL() << "seed " << seed << " step " << i;
      }
    }
    // The sequence exercised matching, not just resting.
    EXPECT_GT(fills_seen, 100u) << "seed " << seed;
  }
}

INSTANTIATE_TEST_SUITE_P(Grids, EngineProperty,
                         ::testing::Values("linear_cent", "tapered_deci_cent",
                                           "center_half_edge_quint_cent"));

}  // namespace
}  // namespace antevorta::sim
