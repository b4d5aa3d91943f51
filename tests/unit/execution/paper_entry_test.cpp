// Paper orders on entry: walking the observed book through the simulator's matching engine
// (levels, limit, IOC, FOK, post-only, reduce-only, self-trade prevention), consumed
// liquidity, rejections, and the answer as the REST client would give it, end to end into
// the order tracker.
#include <ostream>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/execution/order_tracker.hpp"
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

kalshi::CreateOrderRequest order(BookSide side, const char* price, const char* count,
                                 TimeInForce tif = TimeInForce::good_till_canceled,
                                 const char* client_id = "") {
  kalshi::CreateOrderRequest r;
  r.ticker = kMkt;
  r.client_order_id = ClientOrderId(client_id);
  r.side = side;
  r.price = P(price);
  r.count = C(count);
  r.time_in_force = tif;
  return r;
}

class PaperEntry : public ::testing::Test {
 protected:
  PaperExchange paper;

  void SetUp() override {
    ASSERT_TRUE(paper.add_market(kMkt, kalshi::PriceGrid::linear_cent(), kalshi::FeeSchedule{}));
    // YES bids 0.41 × 50, 0.40 × 100. NO bids 0.56 × 20 and 0.55 × 30, i.e. YES asks
    // 0.44 × 20 and 0.45 × 30. The mid is 0.425.
    const std::vector<BookLevel> yes{{P("0.40"), C("100")}, {P("0.41"), C("50")}};
    const std::vector<BookLevel> no{{P("0.55"), C("30")}, {P("0.56"), C("20")}};
    paper.on_snapshot(kMkt, yes, no, T());
  }

  PaperResult ok(const kalshi::CreateOrderRequest& r, Count position = {}) {
    PaperSubmitResult result = paper.submit(r, position, T(1));
    EXPECT_TRUE(result.has_value()) << (result ? "" : result.error().describe());
    if (!result) return PaperResult{};
    return std::move(result).value();
  }
  PaperRejection rejected(const kalshi::CreateOrderRequest& r, Count position = {}) {
    PaperSubmitResult result = paper.submit(r, position, T(1));
    EXPECT_FALSE(result.has_value());
    if (result) return PaperRejection{};
    return result.error();
  }
};

TEST_F(PaperEntry, MarketableOrderWalksTwoLevelsAndStopsAtItsLimit) {
  const PaperResult r = ok(order(BookSide::bid, "0.45", "60", TimeInForce::immediate_or_cancel));
  ASSERT_EQ(r.fills.size(), 2u);
  EXPECT_EQ(r.fills[0].yes_price, P("0.44"));  // the level's price, never the limit or mid
  EXPECT_EQ(r.fills[0].count, C("20"));
  EXPECT_EQ(r.fills[1].yes_price, P("0.45"));
  EXPECT_EQ(r.fills[1].count, C("30"));
  for (const PaperFill& f : r.fills) {
    EXPECT_EQ(f.liquidity, kalshi::Liquidity::taker);
    EXPECT_EQ(f.cause, PaperFillCause::taker);
    EXPECT_EQ(f.side, BookSide::bid);
    EXPECT_EQ(f.order_id, r.order->id);
  }
  // Taker fees per fill, rounded up to $0.0001: 0.07 × 20 × 0.44 × 0.56 = 0.34496 → 0.3450;
  // 0.07 × 30 × 0.45 × 0.55 = 0.51975 → 0.5198.
  EXPECT_EQ(r.fills[0].fee, M("0.3450"));
  EXPECT_EQ(r.fills[1].fee, M("0.5198"));
  EXPECT_EQ(r.fills[0].trade_id, TradeId("paper-1"));
  EXPECT_EQ(r.fills[1].trade_id, TradeId("paper-2"));
  // IOC: the 10 left over are cancelled, not rested.
  ASSERT_TRUE(r.order.has_value());
  EXPECT_EQ(r.order->status, OrderStatus::canceled);
  EXPECT_EQ(r.order->last_update_reason, sim::UpdateReason::ioc_unfilled);
  EXPECT_EQ(r.order->fill_count, C("50"));
  EXPECT_EQ(r.order->remaining_count, C("0"));
  EXPECT_EQ(r.order->taker_fees, M("0.8648"));  // 0.3450 + 0.5198
  EXPECT_TRUE(paper.resting_orders(kMkt).empty());
}

TEST_F(PaperEntry, GtcRemainderRestsAtItsLimitBehindTheVisibleQueue) {
  // Limit 0.44: takes the 20 at 0.44, not the 0.45 level; 80 rest at 0.44.
  const PaperResult r = ok(order(BookSide::bid, "0.44", "100"));
  ASSERT_EQ(r.fills.size(), 1u);
  EXPECT_EQ(r.fills[0].yes_price, P("0.44"));
  EXPECT_EQ(r.fills[0].count, C("20"));
  EXPECT_EQ(r.order->status, OrderStatus::resting);
  EXPECT_EQ(r.order->remaining_count, C("80"));
  EXPECT_EQ(r.order->queue_ahead, C("0"));  // no YES bids at 0.44

  // A bid at the best bid joins behind its 50.
  const PaperResult q = ok(order(BookSide::bid, "0.41", "5"));
  EXPECT_TRUE(q.fills.empty());
  EXPECT_EQ(q.order->queue_ahead, C("50"));
  EXPECT_EQ(paper.resting_orders(kMkt).size(), 2u);
}

TEST_F(PaperEntry, SellsWalkTheBidsDownToTheirLimit) {
  const PaperResult r = ok(order(BookSide::ask, "0.40", "120", TimeInForce::immediate_or_cancel));
  ASSERT_EQ(r.fills.size(), 2u);
  EXPECT_EQ(r.fills[0].yes_price, P("0.41"));
  EXPECT_EQ(r.fills[0].count, C("50"));
  EXPECT_EQ(r.fills[1].yes_price, P("0.40"));
  EXPECT_EQ(r.fills[1].count, C("70"));
  // 0.07 × 50 × 0.41 × 0.59 = 0.84665 → 0.8467; 0.07 × 70 × 0.40 × 0.60 = 1.176.
  EXPECT_EQ(r.fills[0].fee, M("0.8467"));
  EXPECT_EQ(r.fills[1].fee, M("1.1760"));
  EXPECT_EQ(r.order->status, OrderStatus::executed);
  EXPECT_EQ(paper.consumed(kMkt, BookSide::bid, P("0.40")), C("70"));
}

TEST_F(PaperEntry, FillOrKillIsAllOrNothing) {
  // 20 + 30 = 50 crossable up to 0.45: 51 is refused and nothing is consumed.
  const PaperRejection no = rejected(order(BookSide::bid, "0.45", "51", TimeInForce::fill_or_kill));
  EXPECT_EQ(no.error, PaperError::rule);
  EXPECT_EQ(no.rule, sim::RejectReason::fok_insufficient_volume);
  EXPECT_EQ(paper.consumed(kMkt, BookSide::ask, P("0.44")), C("0"));
  const PaperResult all = ok(order(BookSide::bid, "0.45", "50", TimeInForce::fill_or_kill));
  EXPECT_EQ(all.order->status, OrderStatus::executed);
  EXPECT_EQ(all.order->fill_count, C("50"));
}

TEST_F(PaperEntry, ConsumedLiquidityIsNotTakenTwice) {
  ok(order(BookSide::bid, "0.44", "20", TimeInForce::immediate_or_cancel));
  EXPECT_EQ(paper.consumed(kMkt, BookSide::ask, P("0.44")), C("20"));
  // The exchange still shows 20 at 0.44, but paper took them.
  EXPECT_TRUE(
      ok(order(BookSide::bid, "0.44", "5", TimeInForce::immediate_or_cancel)).fills.empty());
  // The level shrinks by 8 (someone else traded or cancelled): 12 visible, all counted as ours.
  paper.on_delta(kMkt, OutcomeSide::no, P("0.56"), C("-8"), T(2));
  EXPECT_EQ(paper.consumed(kMkt, BookSide::ask, P("0.44")), C("12"));
  EXPECT_TRUE(
      ok(order(BookSide::bid, "0.44", "5", TimeInForce::immediate_or_cancel)).fills.empty());
  // 5 new contracts arrive: those are fresh.
  paper.on_delta(kMkt, OutcomeSide::no, P("0.56"), C("5"), T(3));
  const PaperResult r = ok(order(BookSide::bid, "0.44", "9", TimeInForce::immediate_or_cancel));
  ASSERT_EQ(r.fills.size(), 1u);
  EXPECT_EQ(r.fills[0].count, C("5"));
  // The level empties: its consumption is forgotten; new size there is all available.
  paper.on_delta(kMkt, OutcomeSide::no, P("0.56"), C("-17"), T(4));
  EXPECT_EQ(paper.consumed(kMkt, BookSide::ask, P("0.44")), C("0"));
  paper.on_delta(kMkt, OutcomeSide::no, P("0.56"), C("4"), T(5));
  EXPECT_EQ(
      ok(order(BookSide::bid, "0.44", "9", TimeInForce::immediate_or_cancel)).order->fill_count,
      C("4"));
}

TEST_F(PaperEntry, SnapshotKeepsConsumptionClampedToTheNewSizes) {
  ok(order(BookSide::bid, "0.45", "50", TimeInForce::immediate_or_cancel));
  const std::vector<BookLevel> yes{{P("0.41"), C("50")}};
  const std::vector<BookLevel> no{{P("0.55"), C("10")}, {P("0.56"), C("40")}};
  paper.on_snapshot(kMkt, yes, no, T(2));
  EXPECT_EQ(paper.consumed(kMkt, BookSide::ask, P("0.44")), C("20"));  // min(20, 40)
  EXPECT_EQ(paper.consumed(kMkt, BookSide::ask, P("0.45")), C("10"));  // min(30, 10)
  // Available: 0.44 has 40 - 20 = 20, 0.45 has 10 - 10 = 0.
  const PaperResult r = ok(order(BookSide::bid, "0.45", "30", TimeInForce::immediate_or_cancel));
  ASSERT_EQ(r.fills.size(), 1u);
  EXPECT_EQ(r.fills[0].yes_price, P("0.44"));
  EXPECT_EQ(r.fills[0].count, C("20"));
}

TEST_F(PaperEntry, PostOnlyIsCheckedAgainstTheVisibleBook) {
  kalshi::CreateOrderRequest p = order(BookSide::bid, "0.44", "1");
  p.post_only = true;
  EXPECT_EQ(rejected(p).rule, sim::RejectReason::post_only_cross);
  // Paper took all 20 at 0.44, but the exchange still shows them: still a cross.
  ok(order(BookSide::bid, "0.44", "20", TimeInForce::immediate_or_cancel));
  EXPECT_EQ(rejected(p).rule, sim::RejectReason::post_only_cross);
  p.price = P("0.43");
  const PaperResult r = ok(p);
  EXPECT_TRUE(r.fills.empty());
  EXPECT_EQ(r.order->status, OrderStatus::resting);
  p.time_in_force = TimeInForce::immediate_or_cancel;
  p.client_order_id = ClientOrderId("");
  EXPECT_EQ(rejected(p).rule, sim::RejectReason::post_only_not_allowed);
}

TEST_F(PaperEntry, RefusalsAreValues) {
  kalshi::CreateOrderRequest off_grid = order(BookSide::bid, "0.435", "1");
  EXPECT_EQ(rejected(off_grid).rule, sim::RejectReason::invalid_price);
  EXPECT_EQ(rejected(order(BookSide::bid, "0.44", "0")).rule, sim::RejectReason::invalid_count);
  EXPECT_EQ(rejected(order(BookSide::bid, "0", "1")).rule, sim::RejectReason::invalid_price);
  kalshi::CreateOrderRequest elsewhere = order(BookSide::bid, "0.44", "1");
  elsewhere.ticker = MarketTicker("KXOTHER");
  EXPECT_EQ(rejected(elsewhere).error, PaperError::market_not_found);
  paper.mark_stale(kMkt, kalshi::StaleReason::sequence_gap);
  EXPECT_EQ(rejected(order(BookSide::bid, "0.30", "1")).error, PaperError::book_stale);
  // A fresh snapshot clears it.
  const std::vector<BookLevel> yes{{P("0.41"), C("50")}};
  paper.on_snapshot(kMkt, yes, {}, T(2));
  EXPECT_EQ(ok(order(BookSide::bid, "0.30", "1")).order->status, OrderStatus::resting);
  // A flat fee schedule has no formula: no honest paper fills, so no market.
  EXPECT_FALSE(paper.add_market(MarketTicker("KXFLAT"), kalshi::PriceGrid::linear_cent(),
                                kalshi::FeeSchedule{.type = kalshi::FeeType::flat}));
  EXPECT_FALSE(paper.add_market(kMkt, kalshi::PriceGrid::linear_cent(), kalshi::FeeSchedule{}));
}

TEST_F(PaperEntry, ARetryWithTheSameClientIdReturnsTheSameOrder) {
  const auto r = order(BookSide::bid, "0.44", "30", TimeInForce::good_till_canceled, "av1-abc");
  const PaperResult first = ok(r);
  EXPECT_FALSE(first.already_existed);
  const PaperResult again = ok(r);
  EXPECT_TRUE(again.already_existed);
  EXPECT_TRUE(again.fills.empty());
  EXPECT_EQ(again.order->id, first.order->id);
  EXPECT_EQ(again.order->fill_count, C("20"));
  EXPECT_EQ(paper.find(ClientOrderId("av1-abc"))->id, first.order->id);
  EXPECT_EQ(paper.resting_orders(kMkt).size(), 1u);
}

TEST_F(PaperEntry, ReduceOnlyIsCappedAtThePosition) {
  kalshi::CreateOrderRequest r =
      order(BookSide::ask, "0.40", "10", TimeInForce::immediate_or_cancel);
  r.reduce_only = true;
  EXPECT_EQ(rejected(r, C("0")).rule, sim::RejectReason::reduce_only_no_position);
  EXPECT_EQ(rejected(r, C("-3")).rule, sim::RejectReason::reduce_only_no_position);  // short
  const PaperResult capped = ok(r, C("4"));  // long 4 YES: selling YES reduces it by 4 at most
  EXPECT_EQ(capped.order->initial_count, C("4"));
  EXPECT_EQ(capped.order->fill_count, C("4"));
}

TEST_F(PaperEntry, SelfTradePreventionAgainstOurOwnRestingOrders) {
  // Our ask rests at 0.46 (nothing visible there: queue 0).
  const OrderId own = ok(order(BookSide::ask, "0.46", "10")).order->id;
  // taker_at_cross: the bid takes 20 + 30 from the crowd, then meets our own ask and stops.
  PaperResult r = ok(order(BookSide::bid, "0.47", "100", TimeInForce::immediate_or_cancel));
  EXPECT_EQ(r.order->fill_count, C("50"));
  EXPECT_EQ(r.order->status, OrderStatus::canceled);
  EXPECT_EQ(r.order->last_update_reason, sim::UpdateReason::self_trade_prevented);
  EXPECT_EQ(paper.find(own)->status, OrderStatus::resting);

  // maker: our resting ask is cancelled instead and matching goes on (nothing left here).
  kalshi::CreateOrderRequest m =
      order(BookSide::bid, "0.47", "5", TimeInForce::immediate_or_cancel);
  m.self_trade_prevention = kalshi::SelfTradePrevention::maker;
  r = ok(m);
  EXPECT_EQ(paper.find(own)->status, OrderStatus::canceled);
  EXPECT_EQ(paper.find(own)->last_update_reason, sim::UpdateReason::self_trade_prevented);
  ASSERT_GE(r.updates.size(), 2u);
  EXPECT_EQ(r.updates[0].id, own);
  EXPECT_TRUE(paper.resting_orders(kMkt).empty());
}

TEST_F(PaperEntry, AnswersConvertLikeTheRestClientsAndDriveTheTracker) {
  OrderTracker tracker(*ClientIdPrefix::make("av1-"));
  strategy::OrderIntent i;
  i.id = strategy::IntentId("i1");
  i.strategy = strategy::StrategyId("s1");
  i.ticker = kMkt;
  // Sell NO at 0.56 = a bid at YES 0.44: takes the 20 asked there, 5 rest.
  i.side = OutcomeSide::no;
  i.action = strategy::Action::sell;
  i.count = C("25");
  i.limit_price = P("0.56");
  const ClientOrderId id = tracker.create(i, T()).order->client_order_id;
  const kalshi::CreateOrderRequest request = to_create_request(*tracker.find(id));
  ASSERT_EQ(request.side, BookSide::bid);
  ASSERT_EQ(request.price, P("0.44"));

  tracker.apply(id, Submitted{T(1)});
  const PaperSubmitResult result = paper.submit(request, Count{}, T(1));
  ASSERT_TRUE(result.has_value());
  const kalshi::OrderWriteResult answer = write_result(result, T(1));
  EXPECT_TRUE(answer.accepted());
  EXPECT_EQ(answer.ack->fill_count, C("20"));
  EXPECT_EQ(answer.ack->remaining_count, C("5"));
  EXPECT_EQ(tracker.apply(id, create_answer_event(answer, T(1))).transition.to,
            OrderState::partially_filled);
  // The fills, as the exchange's Fill objects, in the NO leg's terms: 1 - 0.44 = 0.56.
  for (const PaperFill& f : result->fills) {
    const TrackerResult r =
        tracker.apply_fill(fill_event(f.to_kalshi(), OutcomeSide::no, T(1)), f.client_order_id);
    EXPECT_TRUE(r.transition.changed());
    EXPECT_EQ(r.order->average_fill_price(), P("0.56"));
  }
  EXPECT_EQ(tracker.find(id)->filled_count(), C("20"));  // ack and fills counted once
  EXPECT_EQ(tracker.find(id)->remaining, C("5"));
  EXPECT_EQ(tracker.find(id)->fees_paid, M("0.3450"));

  // A refusal converts to the exchange's error.
  const PaperSubmitResult refused =
      paper.submit(order(BookSide::bid, "0.45", "999", TimeInForce::fill_or_kill), Count{}, T(2));
  const kalshi::OrderWriteResult no = write_result(refused, T(2));
  EXPECT_EQ(no.outcome, kalshi::WriteOutcome::rejected);
  EXPECT_EQ(no.error->status, 400u);
  EXPECT_FALSE(no.error->code.empty());
  // A retry answers with the existing order, like a resolved 409.
  const kalshi::OrderWriteResult retry = write_result(paper.submit(request, Count{}, T(3)), T(3));
  EXPECT_TRUE(retry.already_existed);
  ASSERT_TRUE(retry.order.has_value());
  EXPECT_EQ(retry.order->client_order_id, id);
  EXPECT_EQ(tracker.apply(id, create_answer_event(retry, T(3))).transition.kind,
            TransitionKind::duplicate);
}

}  // namespace
}  // namespace antevorta::execution
