// Property-style checks of paper execution over random books and event sequences: every
// fill is at the order's own price (maker) or at an observed level's price inside its limit
// (taker), so never at a mid; counts add up; consumption never exceeds what is visible; a
// trade never fills more than its own count.
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/execution/paper_exchange.hpp"

#include "unit/kalshi/printers.hpp"

namespace antevorta::execution {
namespace {

using kalshi::BookLevel;
using kalshi::BookSide;
using kalshi::OrderStatus;
using kalshi::OutcomeSide;

const MarketTicker kMkt("KXPROP-26JAN01");

struct Known {
  BookSide side = BookSide::bid;
  Price price;
  Count initial;
  Count filled;  // Σ of its paper fills
};

class Random {
 public:
  explicit Random(unsigned seed) : rng_(seed) {}
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(int percent) { return uniform(1, 100) <= percent; }

 private:
  std::mt19937 rng_;
};

class PaperProperty {
 public:
  explicit PaperProperty(unsigned seed)
      : rnd_(seed), grid_(*kalshi::PriceGrid::from_structure("deci_cent")) {
    EXPECT_TRUE(paper_.add_market(kMkt, grid_, kalshi::FeeSchedule{}));
  }

  void run(int steps) {
    snapshot();
    for (int i = 0; i < steps && !::testing::Test::HasFailure(); ++i) {
      at_ += std::chrono::milliseconds(rnd_.uniform(1, 3000));
      const int pick = rnd_.uniform(1, 100);
      if (pick <= 30) {
        submit();
      } else if (pick <= 65) {
        delta();
      } else if (pick <= 90) {
        trade();
      } else if (pick <= 96) {
        cancel();
      } else {
        snapshot();
      }
      check_orders();
    }
  }

 private:
  const kalshi::OrderBook& book() const { return *paper_.book(kMkt); }
  // A price in 0.20 .. 0.80, on the grid (whole cents mostly, tenths of a cent sometimes).
  Price price() {
    const int cents = rnd_.uniform(20, 80);
    const int tenth = rnd_.chance(25) ? rnd_.uniform(0, 9) : 0;
    return Price::of(cents * 100 + tenth * 10);
  }
  Count count() { return Count::contracts(rnd_.uniform(1, 60)); }

  void snapshot() {
    // A book that is not crossed: YES bids below `split`, NO bids above 1 - split.
    const int split = rnd_.uniform(35, 65);
    std::vector<BookLevel> yes, no;
    for (int i = 0; i < rnd_.uniform(0, 6); ++i) {
      yes.push_back({Price::of((split - rnd_.uniform(1, 15)) * 100), count()});
    }
    for (int i = 0; i < rnd_.uniform(0, 6); ++i) {
      no.push_back({Price::of((100 - split - rnd_.uniform(0, 15)) * 100), count()});
    }
    record(paper_.on_snapshot(kMkt, yes, no, at_));
  }

  void delta() {
    const OutcomeSide side = rnd_.chance(50) ? OutcomeSide::yes : OutcomeSide::no;
    const Price p = price();
    const Count size = book().bid_size_at(side, p);
    Count d = count();
    if (size > Count{} && rnd_.chance(50))
      d = -Count::from_centi(rnd_.uniform(1, static_cast<int>(size.centi())));
    record(paper_.on_delta(kMkt, side, p, d, at_));
  }

  void trade() {
    const BookSide taker = rnd_.chance(50) ? BookSide::bid : BookSide::ask;
    const Count c = count();
    const PaperResult r = paper_.on_trade(kMkt, price(), c, taker, at_);
    Count total;
    for (const PaperFill& f : r.fills) total += f.count;
    EXPECT_LE(total, c) << "a trade filled more than its own count";
    record(r);
  }

  void cancel() {
    const auto resting = paper_.resting_orders(kMkt);
    if (resting.empty()) return;
    const PaperOrder& o =
        resting[static_cast<std::size_t>(rnd_.uniform(0, static_cast<int>(resting.size()) - 1))];
    const PaperSubmitResult r = paper_.cancel(o.id, at_);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(paper_.find(o.id)->status, OrderStatus::canceled);
  }

  void submit() {
    kalshi::CreateOrderRequest req;
    req.ticker = kMkt;
    req.side = rnd_.chance(50) ? BookSide::bid : BookSide::ask;
    req.price = price();
    req.count = count();
    const int tif = rnd_.uniform(1, 10);
    req.time_in_force = tif <= 6   ? kalshi::TimeInForce::good_till_canceled
                        : tif <= 9 ? kalshi::TimeInForce::immediate_or_cancel
                                   : kalshi::TimeInForce::fill_or_kill;
    req.post_only = req.time_in_force == kalshi::TimeInForce::good_till_canceled && rnd_.chance(15);
    // The observed opposite side before the order, in YES prices, and its top.
    const bool bid = req.side == BookSide::bid;
    const auto levels = bid ? book().ask_depth(OutcomeSide::yes, grid_.level_count())
                            : book().bid_depth(OutcomeSide::yes, grid_.level_count());
    std::map<Price, Count> visible;
    for (const BookLevel& l : levels) visible[l.price] = l.size;
    const auto best_bid = book().best_yes_bid();
    const auto best_ask = book().best_yes_ask();

    const PaperSubmitResult r = paper_.submit(req, Count{}, at_);
    if (!r) return;  // refusals are values; nothing to check
    std::map<Price, Count> taken;
    for (const PaperFill& f : r->fills) {
      if (f.order_id != r->order->id) continue;  // (never: self-trade prevention)
      EXPECT_EQ(f.liquidity, kalshi::Liquidity::taker);
      EXPECT_FALSE(req.post_only);
      ASSERT_TRUE(visible.contains(f.yes_price))
          << "taker fill at " << f.yes_price.to_string() << ", not an observed level";
      EXPECT_TRUE(bid ? f.yes_price <= req.price : f.yes_price >= req.price);
      taken[f.yes_price] += f.count;
      EXPECT_LE(taken[f.yes_price], visible[f.yes_price]);
      // Never at (or inside) the mid: a buyer pays at least the best ask, a seller gets at
      // most the best bid.
      if (best_bid && best_ask && best_bid->price < best_ask->price) {
        EXPECT_TRUE(bid ? f.yes_price >= best_ask->price : f.yes_price <= best_bid->price);
      }
    }
    known_[r->order->id] = Known{req.side, req.price, r->order->initial_count, {}};
    record(*r);
  }

  void record(const PaperResult& r) {
    for (const PaperFill& f : r.fills) {
      auto it = known_.find(f.order_id);
      ASSERT_NE(it, known_.end());
      if (f.liquidity == kalshi::Liquidity::maker) {
        EXPECT_EQ(f.yes_price, it->second.price) << "maker fill away from the order's price";
      }
      EXPECT_GT(f.count, Count{});
      EXPECT_TRUE(trade_ids_.insert(f.trade_id.str()).second) << "trade id reused";
      it->second.filled += f.count;
    }
  }

  void check_orders() {
    for (const auto& [id, k] : known_) {
      const PaperOrder* o = paper_.find(id);
      ASSERT_NE(o, nullptr);
      EXPECT_EQ(o->fill_count, k.filled);
      EXPECT_LE(o->fill_count, o->initial_count);
      if (o->status == OrderStatus::resting) {
        EXPECT_EQ(o->fill_count + o->remaining_count, o->initial_count);
        EXPECT_GE(o->queue_ahead, Count{});
      } else {
        EXPECT_EQ(o->remaining_count, Count{});
      }
    }
    // Consumed never exceeds what the book shows, on every level of both sides.
    for (std::uint32_t l = 1; l + 1 < grid_.level_count(); l += 1) {
      const Price p = grid_.price_at(l);
      EXPECT_LE(paper_.consumed(kMkt, BookSide::bid, p), book().bid_size_at(OutcomeSide::yes, p));
      EXPECT_LE(paper_.consumed(kMkt, BookSide::ask, p),
                book().bid_size_at(OutcomeSide::no, p.complement()));
    }
  }

  Random rnd_;
  kalshi::PriceGrid grid_;
  PaperExchange paper_;
  Timestamp at_ = from_unix_ms(1'767'225'600'000);
  std::map<OrderId, Known> known_;
  std::set<std::string> trade_ids_;
};

TEST(PaperProperty, FillsAreAtOwnOrLevelPricesAndCountsAddUp) {
  for (unsigned seed = 1; seed <= 150 && !::testing::Test::HasFailure(); ++seed) {
    SCOPED_TRACE(seed);
    PaperProperty(seed).run(60);
  }
}

TEST(PaperProperty, AnOrderAtTheMidNeverFillsWithoutATradeOrAnOfferAtItsPrice) {
  // Spread 0.40 / 0.46 on a deci-cent grid: the mid 0.43 is a valid price.
  PaperExchange paper;
  ASSERT_TRUE(paper.add_market(kMkt, *kalshi::PriceGrid::from_structure("deci_cent"),
                               kalshi::FeeSchedule{}));
  const std::vector<BookLevel> yes{{Price::of(4000), Count::contracts(50)}};
  const std::vector<BookLevel> no{{Price::of(5400), Count::contracts(50)}};
  const Timestamp t0 = from_unix_ms(1'767'225'600'000);
  paper.on_snapshot(kMkt, yes, no, t0);
  kalshi::CreateOrderRequest req;
  req.ticker = kMkt;
  req.side = BookSide::bid;
  req.price = Price::of(4300);
  req.count = Count::contracts(10);
  const PaperSubmitResult r = paper.submit(req, Count{}, t0);
  ASSERT_TRUE(r.has_value());
  EXPECT_TRUE(r->fills.empty());
  // Trades at the touch on both sides and book changes away from 0.43: nothing.
  Random rnd(7);
  for (int i = 0; i < 200; ++i) {
    const Timestamp at = t0 + std::chrono::seconds(i + 1);
    EXPECT_TRUE(
        paper
            .on_trade(kMkt, Price::of(4600), Count::contracts(rnd.uniform(1, 9)), BookSide::bid, at)
            .fills.empty());
    EXPECT_TRUE(paper
                    .on_trade(kMkt, Price::of(4400 + 10 * rnd.uniform(0, 9)), Count::contracts(1),
                              BookSide::ask, at)
                    .fills.empty());  // sellers at prices above the bid
    // Offers between 0.431 and 0.46 (NO bids 0.540 .. 0.569): above the bid.
    EXPECT_TRUE(paper
                    .on_delta(kMkt, OutcomeSide::no, Price::of(5400 + 10 * rnd.uniform(0, 29)),
                              Count::contracts(rnd.uniform(1, 5)), at)
                    .fills.empty());
  }
  EXPECT_EQ(paper.find(r->order->id)->fill_count, Count{});
}

}  // namespace
}  // namespace antevorta::execution
