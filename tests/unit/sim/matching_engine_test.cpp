#include "antevorta/sim/matching_engine.hpp"

#include <regex>
#include <vector>

#include <gtest/gtest.h>

#include "unit/sim/sim_test_support.hpp"

namespace antevorta::sim {
namespace {

using namespace test;  // NOLINT
using kalshi::BookLevel;
using Levels = std::vector<BookLevel>;

class Engine : public ::testing::Test {
 protected:
  IdGenerator ids{7};
  MatchingEngine engine{MarketTicker("KXTEST-26JAN01"), kalshi::PriceGrid::linear_cent(), ids};
  Timestamp now = T0();
  const AccountId A{"alice"}, B{"bob"}, Cc{"carol"}, D{"dave"};

  EngineResult place(const AccountId& owner, const OrderRequest& r, Count position = {}) {
    return ok(engine.submit(owner, r, position, now));
  }
};

TEST_F(Engine, PriceTimePriorityAcrossSeveralMakers) {
  const OrderId a = place(A, ask("0.45", "10")).order_id;
  const OrderId b = place(B, ask("0.44", "5")).order_id;
  const OrderId c = place(Cc, ask("0.44", "7")).order_id;
  place(D, ask("0.46", "5"));
  EXPECT_EQ(engine.best_ask(), L("0.44", "12"));

  const EngineResult r = place(AccountId("erin"), bid("0.45", "20"));
  ASSERT_EQ(r.fills.size(), 3u);
  // Best price first, then time; each at the resting order's price.
  EXPECT_EQ(r.fills[0].maker_order_id, b);
  EXPECT_EQ(r.fills[0].price, P("0.44"));
  EXPECT_EQ(r.fills[0].count, C("5"));
  EXPECT_EQ(r.fills[1].maker_order_id, c);
  EXPECT_EQ(r.fills[1].price, P("0.44"));
  EXPECT_EQ(r.fills[1].count, C("7"));
  EXPECT_EQ(r.fills[2].maker_order_id, a);
  EXPECT_EQ(r.fills[2].price, P("0.45"));
  EXPECT_EQ(r.fills[2].count, C("8"));
  for (const Fill& f : r.fills) {
    EXPECT_EQ(f.taker_order_id, r.order_id);
    EXPECT_EQ(f.taker_side, BookSide::bid);
  }
  ASSERT_EQ(r.trades.size(), 3u);
  EXPECT_EQ(r.trades[2].yes_price, P("0.45"));
  EXPECT_EQ(r.trades[2].no_price(), P("0.55"));
  EXPECT_EQ(r.trades[2].taker_outcome_side(), kalshi::OutcomeSide::yes);
  EXPECT_NE(r.trades[0].trade_id, r.trades[1].trade_id);

  const OrderUpdate* taker = r.last_update_of(r.order_id);
  ASSERT_NE(taker, nullptr);
  EXPECT_EQ(taker->order.status, OrderStatus::executed);
  EXPECT_EQ(taker->order.fill_count, C("20"));
  EXPECT_EQ(taker->order.remaining_count, C("0"));
  EXPECT_EQ(r.last_update_of(b)->order.status, OrderStatus::executed);
  EXPECT_EQ(r.last_update_of(a)->order.status, OrderStatus::resting);
  EXPECT_EQ(r.last_update_of(a)->order.remaining_count, C("2"));
  EXPECT_EQ(r.last_update_of(a)->order.fill_count, C("8"));
  // NO bids = asks at the NO price, ascending.
  EXPECT_EQ(engine.no_bids(), (Levels{L("0.54", "5"), L("0.55", "2")}));
  EXPECT_EQ(engine.yes_bids(), Levels{});
  EXPECT_EQ(engine.resting_count(), 2u);
  EXPECT_EQ(engine.find(b), nullptr);
}

TEST_F(Engine, PartialFillRestsTheRemainder) {
  place(A, ask("0.40", "3"));
  const EngineResult r = place(B, bid("0.42", "10"));
  ASSERT_EQ(r.fills.size(), 1u);
  EXPECT_EQ(r.fills[0].price, P("0.40"));
  const Order* o = engine.find(r.order_id);
  ASSERT_NE(o, nullptr);
  EXPECT_EQ(o->status, OrderStatus::resting);
  EXPECT_EQ(o->fill_count, C("3"));
  EXPECT_EQ(o->remaining_count, C("7"));
  EXPECT_EQ(o->initial_count, C("10"));
  EXPECT_EQ(engine.best_bid(), L("0.42", "7"));
  EXPECT_EQ(engine.best_ask(), std::nullopt);
  // Book changes: the ask level leaves (NO 0.60), the bid rests (YES 0.42).
  ASSERT_EQ(r.book_changes.size(), 2u);
  EXPECT_EQ(r.book_changes[0].side, kalshi::OutcomeSide::no);
  EXPECT_EQ(r.book_changes[0].price, P("0.60"));
  EXPECT_EQ(r.book_changes[0].delta, C("-3"));
  EXPECT_EQ(r.book_changes[1].side, kalshi::OutcomeSide::yes);
  EXPECT_EQ(r.book_changes[1].price, P("0.42"));
  EXPECT_EQ(r.book_changes[1].delta, C("7"));
}

TEST_F(Engine, NoBuyerViaAskMatchesYesBid) {
  place(A, bid("0.42", "10"));  // buy YES at 0.42
  // Buying NO at 0.58 is an ask at 1 - 0.58 = 0.42.
  const EngineResult r = place(B, ask(P("0.58").complement().to_string().c_str(), "4"));
  ASSERT_EQ(r.fills.size(), 1u);
  EXPECT_EQ(r.fills[0].price, P("0.42"));
  EXPECT_EQ(r.fills[0].taker_side, BookSide::ask);
  EXPECT_EQ(r.trades[0].taker_outcome_side(), kalshi::OutcomeSide::no);
  EXPECT_EQ(r.trades[0].no_price(), P("0.58"));
  EXPECT_EQ(engine.yes_bids(), (Levels{L("0.42", "6")}));
  EXPECT_EQ(engine.no_bids(), Levels{});
  // A NO bid at 0.57 (ask at 0.43) does not cross YES 0.42: it rests on the NO leg only.
  place(B, ask("0.43", "2"));
  EXPECT_EQ(engine.no_bids(), (Levels{L("0.57", "2")}));
  EXPECT_EQ(engine.yes_bids(), (Levels{L("0.42", "6")}));
  EXPECT_EQ(engine.size_at(BookSide::bid, P("0.43")), C("0"));
  EXPECT_EQ(engine.best_ask(), L("0.43", "2"));
}

TEST_F(Engine, IocCancelsTheRemainder) {
  place(A, ask("0.50", "3"));
  const EngineResult r = place(B, with_tif(bid("0.55", "5"), TimeInForce::immediate_or_cancel));
  ASSERT_EQ(r.fills.size(), 1u);
  EXPECT_EQ(r.fills[0].count, C("3"));
  const OrderUpdate* u = r.last_update_of(r.order_id);
  EXPECT_EQ(u->order.status, OrderStatus::canceled);
  EXPECT_EQ(u->reason, UpdateReason::ioc_unfilled);
  EXPECT_EQ(u->order.fill_count, C("3"));
  EXPECT_EQ(u->order.remaining_count, C("0"));
  EXPECT_EQ(engine.yes_bids(), Levels{});
  EXPECT_EQ(engine.resting_count(), 0u);

  // Nothing crosses: no fill, no book change.
  const EngineResult none = place(B, with_tif(bid("0.30", "5"), TimeInForce::immediate_or_cancel));
  EXPECT_TRUE(none.fills.empty());
  EXPECT_TRUE(none.book_changes.empty());
  EXPECT_EQ(none.last_update_of(none.order_id)->order.status, OrderStatus::canceled);
}

TEST_F(Engine, FillOrKillIsAllOrNothing) {
  const OrderId a = place(A, ask("0.50", "3")).order_id;
  place(Cc, ask("0.52", "2"));
  const auto issued = ids.orders_issued();
  const auto fok = [](const char* p, const char* n) {
    return with_tif(bid(p, n), TimeInForce::fill_or_kill);
  };
  EXPECT_EQ(rejected(engine.submit(B, fok("0.52", "6"), {}, now)),
            RejectReason::fok_insufficient_volume);
  // The limit price bounds the volume too.
  EXPECT_EQ(rejected(engine.submit(B, fok("0.50", "4"), {}, now)),
            RejectReason::fok_insufficient_volume);
  // Untouched book, no id spent.
  EXPECT_EQ(engine.no_bids(), (Levels{L("0.48", "2"), L("0.50", "3")}));
  EXPECT_EQ(engine.queue_position(a), C("0"));
  EXPECT_EQ(ids.orders_issued(), issued);
  // The taker's own order does not count under taker_at_cross.
  place(B, ask("0.49", "1"));
  EXPECT_EQ(rejected(engine.submit(B, fok("0.52", "5"), {}, now)),
            RejectReason::fok_insufficient_volume);

  const EngineResult r = place(D, fok("0.52", "6"));
  ASSERT_EQ(r.fills.size(), 3u);
  EXPECT_EQ(r.last_update_of(r.order_id)->order.status, OrderStatus::executed);
  EXPECT_EQ(r.last_update_of(r.order_id)->order.fill_count, C("6"));
  EXPECT_EQ(engine.no_bids(), Levels{});
}

TEST_F(Engine, PostOnlyRejectedWhenItWouldTake) {
  place(A, ask("0.50", "3"));
  OrderRequest po = bid("0.50", "1");
  po.post_only = true;
  EXPECT_EQ(rejected(engine.submit(B, po, {}, now)), RejectReason::post_only_cross);
  EXPECT_EQ(engine.no_bids(), (Levels{L("0.50", "3")}));
  po.price = P("0.49");
  const EngineResult r = place(B, po);
  EXPECT_TRUE(r.fills.empty());
  EXPECT_EQ(engine.best_bid(), L("0.49", "1"));
  po.time_in_force = TimeInForce::immediate_or_cancel;
  EXPECT_EQ(rejected(engine.submit(B, po, {}, now)), RejectReason::post_only_not_allowed);
}

TEST_F(Engine, SelfTradePreventionTakerAtCross) {
  place(B, ask("0.49", "2"));
  const OrderId own = place(A, ask("0.50", "3")).order_id;
  place(Cc, ask("0.50", "4"));
  const EngineResult r = place(A, with_stp(bid("0.51", "10"), SelfTradePrevention::taker_at_cross));
  // The fill before the self-cross stands; the rest of the incoming order is cancelled.
  ASSERT_EQ(r.fills.size(), 1u);
  EXPECT_EQ(r.fills[0].count, C("2"));
  const OrderUpdate* u = r.last_update_of(r.order_id);
  EXPECT_EQ(u->order.status, OrderStatus::canceled);
  EXPECT_EQ(u->reason, UpdateReason::self_trade_prevented);
  EXPECT_EQ(u->order.fill_count, C("2"));
  EXPECT_NE(engine.find(own), nullptr);
  EXPECT_EQ(engine.no_bids(), (Levels{L("0.50", "7")}));
  EXPECT_EQ(engine.yes_bids(), Levels{});
}

TEST_F(Engine, SelfTradePreventionMaker) {
  place(B, ask("0.49", "2"));
  const OrderId own = place(A, ask("0.50", "3")).order_id;
  place(Cc, ask("0.50", "4"));
  const EngineResult r = place(A, with_stp(bid("0.51", "10"), SelfTradePrevention::maker));
  // Own resting order cancelled, matching continues behind it, the rest rests.
  ASSERT_EQ(r.fills.size(), 2u);
  EXPECT_EQ(r.fills[1].maker_owner, Cc);
  EXPECT_EQ(r.fills[1].count, C("4"));
  const OrderUpdate* mine = r.last_update_of(own);
  ASSERT_NE(mine, nullptr);
  EXPECT_EQ(mine->order.status, OrderStatus::canceled);
  EXPECT_EQ(mine->reason, UpdateReason::self_trade_prevented);
  EXPECT_EQ(engine.find(own), nullptr);
  EXPECT_EQ(engine.best_bid(), L("0.51", "4"));
  EXPECT_EQ(engine.no_bids(), Levels{});
}

TEST_F(Engine, Expiration) {
  OrderRequest r = bid("0.40", "5");
  r.expiration = now + std::chrono::seconds(10);
  const OrderId id = place(A, r).order_id;
  OrderRequest ioc = with_tif(r, TimeInForce::immediate_or_cancel);
  EXPECT_EQ(rejected(engine.submit(A, ioc, {}, now)), RejectReason::expiration_not_allowed);
  OrderRequest past = r;
  past.expiration = now;
  EXPECT_EQ(rejected(engine.submit(A, past, {}, now)), RejectReason::expiration_in_past);

  EXPECT_TRUE(engine.expire(now + std::chrono::seconds(9)).updates.empty());
  const EngineResult e = engine.expire(now + std::chrono::seconds(10));
  ASSERT_EQ(e.updates.size(), 1u);
  EXPECT_EQ(e.updates[0].order.id, id);
  EXPECT_EQ(e.updates[0].reason, UpdateReason::expired);
  EXPECT_EQ(e.book_changes.at(0).delta, C("-5"));
  EXPECT_EQ(engine.yes_bids(), Levels{});

  // An expired order that expire() has not swept yet never trades.
  r.expiration = now + std::chrono::seconds(10);
  const OrderId late = place(A, r).order_id;
  now += std::chrono::seconds(20);
  const EngineResult t = place(B, ask("0.40", "5"));
  EXPECT_TRUE(t.fills.empty());
  EXPECT_EQ(t.last_update_of(late)->reason, UpdateReason::expired);
  EXPECT_EQ(engine.best_ask(), L("0.40", "5"));
}

TEST_F(Engine, DuplicateClientOrderId) {
  const OrderId first = place(A, with_client_id(bid("0.40", "1"), "x-1")).order_id;
  EXPECT_EQ(rejected(engine.submit(A, with_client_id(bid("0.30", "1"), "x-1"), {}, now)),
            RejectReason::order_already_exists);
  place(B, with_client_id(bid("0.30", "1"), "x-1"));  // another owner may use it
  const Order* found = engine.find(A, ClientOrderId("x-1"));
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->id, first);
}

TEST_F(Engine, AmendPriorityRules) {
  const OrderId a = place(A, bid("0.40", "5")).order_id;
  const OrderId b = place(B, bid("0.40", "5")).order_id;
  EXPECT_EQ(engine.queue_position(b), C("5"));

  // Same price, smaller: keeps the front.
  EngineResult r = ok(engine.amend(a, {P("0.40"), C("3"), std::nullopt}, now));
  EXPECT_EQ(r.updates.at(0).reason, UpdateReason::amended);
  EXPECT_EQ(engine.queue_position(a), C("0"));
  EXPECT_EQ(engine.queue_position(b), C("3"));
  EXPECT_EQ(r.book_changes.at(0).delta, C("-2"));
  // Larger: to the back.
  r = ok(engine.amend(a, {P("0.40"), C("8"), std::nullopt}, now));
  EXPECT_EQ(engine.queue_position(a), C("5"));
  EXPECT_EQ(engine.queue_position(b), C("0"));
  EXPECT_EQ(engine.best_bid(), L("0.40", "13"));
  // Price change and back: to the back as well, even when smaller.
  ok(engine.amend(b, {P("0.41"), C("4"), std::nullopt}, now));
  ok(engine.amend(b, {P("0.40"), C("4"), std::nullopt}, now));
  EXPECT_EQ(engine.queue_position(a), C("0"));
  EXPECT_EQ(engine.queue_position(b), C("8"));

  // An amend that crosses matches as a taker; the new total counts earlier fills.
  place(Cc, ask("0.45", "2"));
  r = ok(engine.amend(b, {P("0.45"), C("5"), std::nullopt}, now));
  ASSERT_EQ(r.fills.size(), 1u);
  EXPECT_EQ(r.fills[0].taker_order_id, b);
  EXPECT_EQ(r.fills[0].count, C("2"));
  const Order* ob = engine.find(b);
  ASSERT_NE(ob, nullptr);
  EXPECT_EQ(ob->fill_count, C("2"));
  EXPECT_EQ(ob->remaining_count, C("3"));
  EXPECT_EQ(ob->price, P("0.45"));
  // Total at or below what has filled is invalid.
  EXPECT_EQ(rejected(engine.amend(b, {P("0.45"), C("2"), std::nullopt}, now)),
            RejectReason::invalid_count);
  EXPECT_EQ(rejected(engine.amend(b, {P("0.455"), C("9"), std::nullopt}, now)),
            RejectReason::invalid_price);
  EXPECT_EQ(rejected(engine.amend(OrderId("nope"), {P("0.45"), C("9"), std::nullopt}, now)),
            RejectReason::order_not_found);
}

TEST_F(Engine, AmendPostOnlyCrossLeavesOrderAlone) {
  OrderRequest po = bid("0.40", "5");
  po.post_only = true;
  const OrderId a = place(A, po).order_id;
  place(B, ask("0.45", "1"));
  EXPECT_EQ(rejected(engine.amend(a, {P("0.45"), C("5"), std::nullopt}, now)),
            RejectReason::post_only_cross);
  EXPECT_EQ(engine.find(a)->price, P("0.40"));
  EXPECT_EQ(engine.best_bid(), L("0.40", "5"));
}

TEST_F(Engine, AmendChangesClientOrderId) {
  const OrderId a = place(A, with_client_id(bid("0.40", "5"), "one")).order_id;
  place(A, with_client_id(bid("0.30", "5"), "two"));
  EXPECT_EQ(rejected(engine.amend(a, {P("0.40"), C("4"), ClientOrderId("two")}, now)),
            RejectReason::order_already_exists);
  ok(engine.amend(a, {P("0.40"), C("4"), ClientOrderId("three")}, now));
  EXPECT_EQ(engine.find(A, ClientOrderId("three"))->id, a);
  EXPECT_EQ(engine.find(A, ClientOrderId("one")), nullptr);
}

TEST_F(Engine, DecreaseKeepsPriority) {
  const OrderId a = place(A, bid("0.40", "5")).order_id;
  const OrderId b = place(B, bid("0.40", "5")).order_id;
  EngineResult r = ok(engine.decrease(a, ReduceBy{C("2")}, now));
  EXPECT_EQ(r.reduced_by, C("2"));
  EXPECT_EQ(r.updates.at(0).reason, UpdateReason::decreased);
  EXPECT_EQ(engine.queue_position(a), C("0"));
  EXPECT_EQ(engine.queue_position(b), C("3"));
  r = ok(engine.decrease(a, ReduceTo{C("1")}, now));
  EXPECT_EQ(r.reduced_by, C("2"));
  EXPECT_EQ(engine.queue_position(b), C("1"));
  EXPECT_EQ(rejected(engine.decrease(a, ReduceTo{C("2")}, now)), RejectReason::invalid_count);
  EXPECT_EQ(rejected(engine.decrease(a, ReduceBy{C("0")}, now)), RejectReason::invalid_count);
  // Reducing by more than remains cancels.
  r = ok(engine.decrease(a, ReduceBy{C("9")}, now));
  EXPECT_EQ(r.reduced_by, C("1"));
  EXPECT_EQ(r.updates.at(0).order.status, OrderStatus::canceled);
  EXPECT_EQ(engine.queue_position(a), std::nullopt);
  EXPECT_EQ(engine.queue_position(b), C("0"));
}

TEST_F(Engine, QueuePositionFollowsFills) {
  place(A, ask("0.60", "4"));
  place(B, ask("0.60", "3"));
  const OrderId c = place(Cc, ask("0.60", "2")).order_id;
  EXPECT_EQ(engine.queue_position(c), C("7"));
  place(D, bid("0.60", "5.5"));
  EXPECT_EQ(engine.queue_position(c), C("1.5"));
}

TEST_F(Engine, CancelAndCancelAll) {
  const OrderId a = place(A, bid("0.40", "5")).order_id;
  place(B, ask("0.60", "2"));
  const EngineResult r = ok(engine.cancel(a, now));
  EXPECT_EQ(r.reduced_by, C("5"));
  EXPECT_EQ(r.updates.at(0).reason, UpdateReason::canceled_by_user);
  EXPECT_EQ(rejected(engine.cancel(a, now)), RejectReason::order_not_found);
  place(A, bid("0.41", "1"));
  const EngineResult all = engine.cancel_all(UpdateReason::market_closed, now);
  EXPECT_EQ(all.updates.size(), 2u);
  EXPECT_EQ(all.reduced_by, C("3"));
  EXPECT_EQ(all.updates[0].reason, UpdateReason::market_closed);
  EXPECT_EQ(engine.resting_count(), 0u);
  EXPECT_EQ(engine.best_bid(), std::nullopt);
  EXPECT_EQ(engine.best_ask(), std::nullopt);
}

TEST_F(Engine, CancelOnPauseOnlyFlaggedOrders) {
  OrderRequest flagged = bid("0.40", "5");
  flagged.cancel_order_on_pause = true;
  const OrderId f = place(A, flagged).order_id;
  const OrderId g = place(A, bid("0.39", "5")).order_id;
  const EngineResult r = engine.cancel_on_pause(now);
  ASSERT_EQ(r.updates.size(), 1u);
  EXPECT_EQ(r.updates[0].order.id, f);
  EXPECT_NE(engine.find(g), nullptr);
}

TEST_F(Engine, ReduceOnlyCapsAtThePosition) {
  place(B, bid("0.50", "20"));
  // Long 5 YES: a reduce-only ask (sell YES) of 10 is capped at 5.
  const EngineResult r = ok(engine.submit(
      A,
      [] {
        OrderRequest o = ask("0.50", "10");
        o.reduce_only = true;
        return o;
      }(),
      C("5"), now));
  EXPECT_EQ(r.fills.at(0).count, C("5"));
  EXPECT_EQ(r.last_update_of(r.order_id)->order.initial_count, C("5"));
  OrderRequest wrong_way = bid("0.50", "1");
  wrong_way.reduce_only = true;
  EXPECT_EQ(rejected(engine.submit(A, wrong_way, C("5"), now)),
            RejectReason::reduce_only_no_position);
  EXPECT_EQ(rejected(engine.submit(A, wrong_way, C("0"), now)),
            RejectReason::reduce_only_no_position);
  // Short 3 NO (position -3): a reduce-only bid is capped at 3.
  place(Cc, ask("0.55", "10"));
  wrong_way.count = C("10");
  wrong_way.price = P("0.55");
  const EngineResult s = ok(engine.submit(A, wrong_way, C("-3"), now));
  EXPECT_EQ(s.fills.at(0).count, C("3"));
}

TEST_F(Engine, ValidatesPriceAndCount) {
  EXPECT_EQ(rejected(engine.submit(A, bid("0.425", "1"), {}, now)), RejectReason::invalid_price);
  EXPECT_EQ(rejected(engine.submit(A, bid("0", "1"), {}, now)), RejectReason::invalid_price);
  EXPECT_EQ(rejected(engine.submit(A, bid("1", "1"), {}, now)), RejectReason::invalid_price);
  EXPECT_EQ(rejected(engine.submit(A, bid("0.42", "0"), {}, now)), RejectReason::invalid_count);
  EXPECT_EQ(rejected(engine.submit(A, bid("0.42", "-1"), {}, now)), RejectReason::invalid_count);
  EXPECT_EQ(rejected(engine.submit(A, bid("0.42", "100000000.01"), {}, now)),
            RejectReason::invalid_count);
  EXPECT_EQ(engine.resting_count(), 0u);

  // Sub-penny prices on a tapered grid; fractional counts.
  MatchingEngine tapered(MarketTicker("KXBTC15M"),
                         *kalshi::PriceGrid::from_structure("tapered_deci_cent"), ids);
  ok(tapered.submit(A, bid("0.0010", "0.01"), {}, now));
  EXPECT_EQ(rejected(tapered.submit(A, bid("0.105", "1"), {}, now)), RejectReason::invalid_price);
  ok(tapered.submit(B, ask("0.999", "2.5"), {}, now));
  EXPECT_EQ(tapered.yes_bids(), (Levels{L("0.001", "0.01")}));
  EXPECT_EQ(tapered.no_bids(), (Levels{L("0.001", "2.5")}));
}

TEST(IdGenerator, DeterministicUniqueUuidShaped) {
  IdGenerator a(42), b(42), c(43);
  const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  const OrderId a1 = a.next_order_id();
  const OrderId a2 = a.next_order_id();
  EXPECT_TRUE(std::regex_match(a1.str(), uuid)) << a1.str();
  EXPECT_NE(a1, a2);
  EXPECT_EQ(a1, b.next_order_id());
  EXPECT_EQ(a2, b.next_order_id());
  EXPECT_NE(a1, c.next_order_id());
  EXPECT_NE(a.next_trade_id().str(), a.next_order_id().str());
  EXPECT_EQ(a.orders_issued(), 3u);
  EXPECT_EQ(a.trades_issued(), 1u);
}

}  // namespace
}  // namespace antevorta::sim
