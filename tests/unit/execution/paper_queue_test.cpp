// Resting paper orders against the observed book: queue position, trades at and through
// their price (in either order with their deltas), cancels, book crossings, maker fees,
// priority among our own orders, stale books, cancel / expire, ids.
#include <ostream>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/execution/paper_exchange.hpp"

#include "unit/execution/literals.hpp"
#include "unit/kalshi/printers.hpp"

namespace antevorta::execution {
namespace {

using namespace test;  // NOLINT: P, C, M, T

using kalshi::BookLevel;
using kalshi::BookSide;
using kalshi::OrderStatus;
using kalshi::OutcomeSide;
using kalshi::TimeInForce;

const MarketTicker kMkt("KXTEST-26JAN01");

kalshi::CreateOrderRequest order(BookSide side, const char* price, const char* count) {
  kalshi::CreateOrderRequest r;
  r.ticker = kMkt;
  r.side = side;
  r.price = P(price);
  r.count = C(count);
  return r;
}

class PaperQueue : public ::testing::Test {
 protected:
  PaperExchange paper;

  void open(kalshi::FeeSchedule fees = {}) {
    ASSERT_TRUE(paper.add_market(kMkt, kalshi::PriceGrid::linear_cent(), fees));
    // YES bids 0.41 × 50, 0.40 × 100; YES asks 0.44 × 20 (NO bid 0.56), 0.45 × 30 (NO 0.55).
    const std::vector<BookLevel> yes{{P("0.40"), C("100")}, {P("0.41"), C("50")}};
    const std::vector<BookLevel> no{{P("0.55"), C("30")}, {P("0.56"), C("20")}};
    paper.on_snapshot(kMkt, yes, no, T());
  }
  void SetUp() override { open(); }

  PaperOrder rest(BookSide side, const char* price, const char* count) {
    PaperSubmitResult r = paper.submit(order(side, price, count), Count{}, T());
    EXPECT_TRUE(r.has_value());
    EXPECT_TRUE(r->fills.empty());
    EXPECT_EQ(r->order->status, OrderStatus::resting);
    return *r->order;
  }
  const PaperOrder& now(const PaperOrder& o) { return *paper.find(o.id); }
  // A seller hitting bids (taker ask) or a buyer lifting asks (taker bid).
  PaperResult sold(const char* price, const char* count, double at) {
    return paper.on_trade(kMkt, P(price), C(count), BookSide::ask, T(at));
  }
  PaperResult bought(const char* price, const char* count, double at) {
    return paper.on_trade(kMkt, P(price), C(count), BookSide::bid, T(at));
  }
  PaperResult yes_delta(const char* price, const char* delta, double at) {
    return paper.on_delta(kMkt, OutcomeSide::yes, P(price), C(delta), T(at));
  }
  PaperResult no_delta(const char* price, const char* delta, double at) {
    return paper.on_delta(kMkt, OutcomeSide::no, P(price), C(delta), T(at));
  }
};

void expect_maker_fill(const PaperFill& f, const PaperOrder& o, const char* count,
                       PaperFillCause cause) {
  EXPECT_EQ(f.order_id, o.id);
  EXPECT_EQ(f.yes_price, o.yes_price);  // always its own price
  EXPECT_EQ(f.count, C(count));
  EXPECT_EQ(f.liquidity, kalshi::Liquidity::maker);
  EXPECT_EQ(f.cause, cause);
}

TEST_F(PaperQueue, AnOrderAtTheBidDoesNotFillUntilTheBookTradesThroughIt) {
  const PaperOrder bid = rest(BookSide::bid, "0.41", "10");
  EXPECT_EQ(bid.queue_ahead, C("50"));
  // The book moves everywhere else; buyers lift the asks; a new ask at 0.43 (NO 0.57) stays
  // above the bid. The mid moves too (0.425 → 0.42), and nothing fills at it.
  for (const PaperResult& r :
       {yes_delta("0.40", "-30", 1), yes_delta("0.39", "20", 1.5), no_delta("0.56", "-5", 2),
        no_delta("0.57", "15", 3), bought("0.44", "5", 3.5), bought("0.43", "15", 4),
        yes_delta("0.40", "10", 5), yes_delta("0.41", "7", 6)}) {
    EXPECT_TRUE(r.fills.empty());
  }
  EXPECT_EQ(now(bid).fill_count, C("0"));
  EXPECT_EQ(now(bid).queue_ahead, C("50"));  // the 7 added at 0.41 are behind it
  // A seller trades at 0.40, below the bid: the 0.41 level was swept, the bid with it.
  PaperResult r = sold("0.40", "3", 7);
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], bid, "3", PaperFillCause::trade_through);
  EXPECT_EQ(now(bid).queue_ahead, C("0"));
  r = sold("0.39", "30", 8);
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], bid, "7", PaperFillCause::trade_through);
  EXPECT_EQ(now(bid).status, OrderStatus::executed);
  EXPECT_EQ(now(bid).fill_count, C("10"));
  EXPECT_TRUE(paper.resting_orders(kMkt).empty());
}

TEST_F(PaperQueue, ADecreaseKeepsTheQueuePlaceAndCapsLaterFills) {
  const PaperOrder bid = rest(BookSide::bid, "0.41", "10");
  EXPECT_FALSE(paper.decrease(bid.id, C("10"), T(0.5)).has_value());  // not smaller: refused
  PaperSubmitResult d = paper.decrease(bid.id, C("4"), T(1));
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->reduced_by, C("6"));
  EXPECT_EQ(now(bid).remaining_count, C("4"));
  EXPECT_EQ(now(bid).queue_ahead, C("50"));  // still behind the same 50, not at the back
  // 60 trade at 0.41: 50 ahead, then 10 for the bid, of which only 4 remain.
  PaperResult r = sold("0.41", "60", 2);
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], bid, "4", PaperFillCause::queue);
  EXPECT_EQ(now(bid).status, OrderStatus::executed);
  EXPECT_FALSE(paper.decrease(bid.id, C("1"), T(3)).has_value());  // no longer resting
}

TEST_F(PaperQueue, TradesAtItsPriceConsumeTheQueueThenFillIt_TradeFirst) {
  const PaperOrder bid = rest(BookSide::bid, "0.41", "10");
  // 30 trade at 0.41: 50 - 30 = 20 still ahead; then the trade's own delta.
  EXPECT_TRUE(sold("0.41", "30", 1).fills.empty());
  EXPECT_TRUE(yes_delta("0.41", "-30", 1.01).fills.empty());
  EXPECT_EQ(now(bid).queue_ahead, C("20"));  // the delta was the trade's, not a cancel
  yes_delta("0.41", "40", 2);                // behind
  // 25 trade: 20 ahead, 5 for the bid.
  PaperResult r = sold("0.41", "25", 3);
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], bid, "5", PaperFillCause::queue);
  yes_delta("0.41", "-25", 3.01);
  EXPECT_EQ(now(bid).status, OrderStatus::resting);
  EXPECT_EQ(now(bid).remaining_count, C("5"));
  EXPECT_EQ(now(bid).queue_ahead, C("0"));
  r = sold("0.41", "3", 4);
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], bid, "3", PaperFillCause::queue);
  yes_delta("0.41", "-3", 4.01);
  r = sold("0.41", "10", 5);
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], bid, "2", PaperFillCause::queue);  // only 2 were left
  EXPECT_EQ(now(bid).status, OrderStatus::executed);
}

TEST_F(PaperQueue, TradesAtItsPriceConsumeTheQueueThenFillIt_DeltaFirst) {
  // The same story with every delta before its trade (the simulator's order).
  const PaperOrder bid = rest(BookSide::bid, "0.41", "10");
  EXPECT_TRUE(yes_delta("0.41", "-30", 1).fills.empty());
  EXPECT_TRUE(sold("0.41", "30", 1.01).fills.empty());
  EXPECT_EQ(now(bid).queue_ahead, C("20"));  // counted once, not 50 - 30 - 30
  yes_delta("0.41", "40", 2);
  yes_delta("0.41", "-25", 3);
  PaperResult r = sold("0.41", "25", 3.01);
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], bid, "5", PaperFillCause::queue);
  EXPECT_EQ(now(bid).queue_ahead, C("0"));
}

TEST_F(PaperQueue, CancelsComeFromBehindUnlessTheLevelShrinksBelowTheQueue) {
  const PaperOrder bid = rest(BookSide::bid, "0.41", "10");
  yes_delta("0.41", "-20", 1);  // no trade: a cancel, assumed behind us
  EXPECT_EQ(now(bid).queue_ahead, C("50"));
  // Within the pairing window a trade may still claim that decrease: 25 trade, 20 of them
  // possibly the decrease just seen, so up to 30 + 20 = 50 may have been ahead: no fill.
  EXPECT_TRUE(sold("0.41", "25", 2).fills.empty());
  EXPECT_EQ(now(bid).queue_ahead, C("25"));
  yes_delta("0.41", "-25", 2.01);  // its delta: 5 left

  ASSERT_TRUE(paper.cancel(bid.id, T(2.5)).has_value());

  // Cancels take a level below the queue thought ahead: at most the level can be ahead.
  const PaperOrder other = rest(BookSide::bid, "0.40", "4");
  EXPECT_EQ(other.queue_ahead, C("100"));
  yes_delta("0.40", "-90", 3);  // cancels: 10 left
  // 5 s later (beyond the 2 s window) a trade of 12 at 0.40: 10 ahead at most, 2 for us.
  const PaperResult r = sold("0.40", "12", 8);
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], other, "2", PaperFillCause::queue);
}

TEST_F(PaperQueue, SizeAddedAfterJoiningIsBehind) {
  const PaperOrder bid = rest(BookSide::bid, "0.41", "10");
  yes_delta("0.41", "100", 1);
  EXPECT_TRUE(sold("0.41", "50", 2).fills.empty());  // exactly the 50 ahead
  EXPECT_EQ(now(bid).queue_ahead, C("0"));
  const PaperResult r = sold("0.41", "1", 3);
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], bid, "1", PaperFillCause::queue);
}

TEST_F(PaperQueue, TradesWhoseTakerIsOnItsOwnSideDoNotFillIt) {
  const PaperOrder bid = rest(BookSide::bid, "0.41", "10");
  EXPECT_TRUE(bought("0.41", "80", 1).fills.empty());
  EXPECT_TRUE(bought("0.40", "80", 2).fills.empty());
  EXPECT_EQ(now(bid).queue_ahead, C("50"));
}

TEST_F(PaperQueue, AsksAreTheMirrorImage) {
  // An ask at 0.44 joins the 20 asked there (NO bids at 0.56).
  const PaperOrder ask = rest(BookSide::ask, "0.44", "10");
  EXPECT_EQ(ask.queue_ahead, C("20"));
  EXPECT_TRUE(sold("0.44", "50", 1).fills.empty());  // sellers do not lift asks
  PaperResult r = bought("0.44", "25", 2);
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], ask, "5", PaperFillCause::queue);
  r = bought("0.46", "10", 3);  // a buyer paid above the ask: swept
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], ask, "5", PaperFillCause::trade_through);
  EXPECT_EQ(now(ask).status, OrderStatus::executed);
}

TEST_F(PaperQueue, OurOrdersShareATradeInPriceTimePriority) {
  const PaperOrder a = rest(BookSide::bid, "0.41", "5");
  const PaperOrder b = rest(BookSide::bid, "0.41", "5");
  EXPECT_EQ(b.queue_ahead, C("50"));  // the visible crowd; `a` is ahead of it in our world
  // 57 at 0.41: 50 crowd, then a (5), then 2 for b.
  PaperResult r = sold("0.41", "57", 1);
  ASSERT_EQ(r.fills.size(), 2u);
  expect_maker_fill(r.fills[0], a, "5", PaperFillCause::queue);
  expect_maker_fill(r.fills[1], b, "2", PaperFillCause::queue);

  // Better prices first: a bid at 0.42 (nothing ahead) and b's 3 left at 0.41; a seller's
  // 4 at 0.40 go to 0.42 (3) and then 1 to b.
  const PaperOrder c = rest(BookSide::bid, "0.42", "3");
  r = sold("0.40", "4", 2);
  ASSERT_EQ(r.fills.size(), 2u);
  expect_maker_fill(r.fills[0], c, "3", PaperFillCause::trade_through);
  expect_maker_fill(r.fills[1], b, "1", PaperFillCause::trade_through);
}

TEST_F(PaperQueue, BookCrossingFillsAtItsOwnPriceWithCumulativeMakerFees) {
  PaperExchange& p = paper;
  const MarketTicker fee_market("KXFEES-26JAN01");
  ASSERT_TRUE(
      p.add_market(fee_market, kalshi::PriceGrid::linear_cent(),
                   kalshi::FeeSchedule{.type = kalshi::FeeType::quadratic_with_maker_fees}));
  const std::vector<BookLevel> yes{{P("0.41"), C("50")}};
  const std::vector<BookLevel> no{{P("0.56"), C("20")}};
  p.on_snapshot(fee_market, yes, no, T());
  kalshi::CreateOrderRequest req = order(BookSide::bid, "0.42", "10");
  req.ticker = fee_market;
  const PaperOrder bid = *p.submit(req, Count{}, T())->order;
  EXPECT_EQ(bid.queue_ahead, C("0"));
  // Someone offers 3 at 0.42 (a NO bid at 0.58): they would have hit our bid.
  PaperResult r = p.on_delta(fee_market, OutcomeSide::no, P("0.58"), C("3"), T(1));
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], bid, "3", PaperFillCause::book_cross);
  // Maker fee 0.0175 × 3 × 0.42 × 0.58 = 0.012789 → 0.0128.
  EXPECT_EQ(r.fills[0].fee, M("0.0128"));
  EXPECT_EQ(p.consumed(fee_market, BookSide::ask, P("0.42")), C("3"));
  // The same 3 in a snapshot are not taken again.
  const std::vector<BookLevel> no2{{P("0.56"), C("20")}, {P("0.58"), C("3")}};
  EXPECT_TRUE(p.on_snapshot(fee_market, yes, no2, T(2)).fills.empty());
  // An offer through the bid (0.41, NO 0.59): filled at the bid's own 0.42, not 0.41.
  r = p.on_delta(fee_market, OutcomeSide::no, P("0.59"), C("20"), T(3));
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], bid, "7", PaperFillCause::book_cross);
  // Cumulative: fee(10) - fee(3) = 0.0427 - 0.0128 = 0.0299 (0.0175 × 10 × 0.2436 = 0.04263).
  EXPECT_EQ(r.fills[0].fee, M("0.0299"));
  EXPECT_EQ(p.find(bid.id)->maker_fees, M("0.0427"));
  EXPECT_EQ(p.consumed(fee_market, BookSide::ask, P("0.41")), C("7"));
}

TEST_F(PaperQueue, MakerFillsAreFreeOnQuadraticSeries) {
  const PaperOrder bid = rest(BookSide::bid, "0.41", "10");
  const PaperResult r = sold("0.40", "10", 1);
  ASSERT_EQ(r.fills.size(), 1u);
  EXPECT_EQ(r.fills[0].fee, M("0"));
  EXPECT_EQ(now(bid).maker_fees, M("0"));
}

TEST_F(PaperQueue, AStaleBookDoesNotCrossButTradesStillCount) {
  const PaperOrder bid = rest(BookSide::bid, "0.42", "10");
  paper.mark_stale(kMkt, kalshi::StaleReason::sequence_gap);
  EXPECT_TRUE(no_delta("0.58", "3", 1).fills.empty());
  PaperResult r = sold("0.41", "2", 2);
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], bid, "2", PaperFillCause::trade_through);
  // The resync snapshot shows the offer at 0.42: now it crosses.
  const std::vector<BookLevel> yes{{P("0.41"), C("50")}};
  const std::vector<BookLevel> no{{P("0.58"), C("3")}};
  r = paper.on_snapshot(kMkt, yes, no, T(3));
  ASSERT_EQ(r.fills.size(), 1u);
  expect_maker_fill(r.fills[0], bid, "3", PaperFillCause::book_cross);
  EXPECT_EQ(now(bid).remaining_count, C("5"));
}

TEST_F(PaperQueue, SnapshotClampsTheQueue) {
  const PaperOrder bid = rest(BookSide::bid, "0.41", "10");
  yes_delta("0.41", "-10", 1);  // within the window: still 50 ahead
  EXPECT_EQ(now(bid).queue_ahead, C("50"));
  const std::vector<BookLevel> yes{{P("0.41"), C("12")}};
  paper.on_snapshot(kMkt, yes, {}, T(1.5));
  EXPECT_EQ(now(bid).queue_ahead, C("12"));
}

TEST_F(PaperQueue, CancelCancelAllAndExpire) {
  const PaperOrder a = rest(BookSide::bid, "0.41", "10");
  PaperSubmitResult c = paper.cancel(a.id, T(1));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->reduced_by, C("10"));
  ASSERT_EQ(c->updates.size(), 1u);
  EXPECT_EQ(c->updates[0].status, OrderStatus::canceled);
  EXPECT_EQ(c->updates[0].last_update_reason, sim::UpdateReason::canceled_by_user);
  EXPECT_EQ(paper.cancel(a.id, T(2)).error().error, PaperError::order_not_found);
  EXPECT_EQ(paper.cancel(OrderId("nope"), T(2)).error().error, PaperError::order_not_found);
  EXPECT_TRUE(sold("0.39", "100", 3).fills.empty());  // a cancelled order never fills

  rest(BookSide::bid, "0.41", "1");
  rest(BookSide::ask, "0.50", "2");
  const PaperResult all = paper.cancel_all(kMkt, T(4));
  EXPECT_EQ(all.updates.size(), 2u);
  EXPECT_EQ(all.reduced_by, C("3"));
  EXPECT_TRUE(paper.resting_orders(kMkt).empty());

  kalshi::CreateOrderRequest gtt = order(BookSide::bid, "0.41", "1");
  gtt.expiration_time = T(10);
  const OrderId e = paper.submit(gtt, Count{}, T(5))->order->id;
  EXPECT_TRUE(paper.expire(T(9)).updates.empty());
  const PaperResult expired = paper.expire(T(10));
  ASSERT_EQ(expired.updates.size(), 1u);
  EXPECT_EQ(expired.updates[0].id, e);
  EXPECT_EQ(expired.updates[0].last_update_reason, sim::UpdateReason::expired);
}

TEST(PaperIds, SessionMakesIdsUniqueAcrossRestarts) {
  PaperExchange paper(PaperExchange::Options{.session = "s7"});
  ASSERT_TRUE(paper.add_market(kMkt, kalshi::PriceGrid::linear_cent(), kalshi::FeeSchedule{}));
  const std::vector<BookLevel> no{{P("0.56"), C("20")}};
  paper.on_snapshot(kMkt, {}, no, T());
  const PaperSubmitResult r = paper.submit(order(BookSide::bid, "0.44", "1"), Count{}, T());
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->order->id, OrderId("paper-order-s7-1"));
  ASSERT_EQ(r->fills.size(), 1u);
  EXPECT_EQ(r->fills[0].trade_id, TradeId("paper-s7-1"));
}

}  // namespace
}  // namespace antevorta::execution
