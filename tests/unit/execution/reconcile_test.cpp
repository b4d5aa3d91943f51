// Reconciliation planning, orders and positions: updates of known orders, adoption of ours,
// foreign orders, missing orders and their resolution, conflicts, signed position fixes,
// the grace window, determinism and idempotency (plan, apply, plan again).
#include "antevorta/execution/reconcile.hpp"

#include <algorithm>
#include <map>
#include <variant>

#include <gtest/gtest.h>

#include "unit/execution/reconcile_test_support.hpp"

namespace antevorta::execution::test {
namespace {

TEST_F(ReconcileTest, EmptyEverywherePlansNothing) {
  const ReconcilePlan p = plan();
  EXPECT_TRUE(p.nothing_to_apply());
  EXPECT_TRUE(p.foreign.empty());
  EXPECT_TRUE(p.conflicts.empty());
  EXPECT_TRUE(p.deferred.empty());
  EXPECT_TRUE(p.cash_deferred.empty());
}

TEST_F(ReconcileTest, KnownOrderIsUpdatedOnlyWhenTheViewChangesIt) {
  const ClientOrderId a =
      resting(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "10"), "o1", T(1));
  const ClientOrderId b =
      resting(intent("i2", kA, OutcomeSide::no, Action::buy, "0.30", "5"), "o2", T(1));
  // o1 filled 4 of 10 meanwhile; o2 is as we know it (nothing filled, 5 resting: a NO buy
  // at 0.30 rests as an ask at YES 0.70).
  snapshot.resting_orders = {exchange_order("o2", b, kA, BookSide::ask, "0.70", "0", "5"),
                             exchange_order("o1", a, kA, BookSide::bid, "0.40", "4", "6")};
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.updates.size(), 1u);
  EXPECT_EQ(p.updates[0].first, a);
  const ExchangeUpdate& u = p.updates[0].second;
  EXPECT_EQ(u.order_id, OrderId("o1"));
  EXPECT_EQ(u.status, OrderStatus::resting);
  EXPECT_EQ(u.filled, C("4"));
  EXPECT_EQ(u.remaining, C("6"));
  EXPECT_EQ(u.at, T(100));  // stamped with the snapshot's time
  EXPECT_TRUE(p.adopt.empty());
  EXPECT_TRUE(p.missing.empty());
  EXPECT_TRUE(p.foreign.empty());
}

TEST_F(ReconcileTest, UnknownOutcomeFoundRestingByClientIdIsUpdated) {
  const ClientOrderId id =
      unknown(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "2.50"), T(1));
  snapshot.resting_orders = {exchange_order("o9", id, kA, BookSide::bid, "0.40", "0", "2.50")};
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.updates.size(), 1u);
  EXPECT_EQ(p.updates[0].first, id);
  EXPECT_TRUE(p.missing.empty());
  apply(p, T(100));
  const TrackedOrder* o = tracker.find(id);
  EXPECT_EQ(o->state, OrderState::resting);
  EXPECT_EQ(o->order_id, OrderId("o9"));
}

TEST_F(ReconcileTest, AdoptsOurUnknownYesBidWithFractionalCounts) {
  const ClientOrderId id = our_id("lost-1");
  kalshi::Order o = exchange_order("o7", id, kA, BookSide::bid, "0.35", "2.50", "7.25");
  o.initial_count = C("10");  // 0.25 were cut (a reduce-only cap): 10 > 2.50 + 7.25
  o.created_time = T(40);
  snapshot.resting_orders = {o};
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.adopt.size(), 1u);
  const TrackedOrder& t = p.adopt[0];
  EXPECT_EQ(t.client_order_id, id);
  EXPECT_EQ(t.strategy, kAdoptedStrategy);
  EXPECT_TRUE(t.intent_id.empty());
  EXPECT_EQ(t.ticker, kA);
  EXPECT_EQ(t.side, OutcomeSide::yes);
  EXPECT_EQ(t.action, Action::buy);
  EXPECT_EQ(t.limit_price, P("0.35"));
  EXPECT_EQ(t.count, C("10"));
  EXPECT_EQ(t.order_id, OrderId("o7"));
  EXPECT_EQ(t.exchange_filled, C("2.50"));
  EXPECT_EQ(t.effective_count, C("9.75"));  // 2.50 + 7.25
  EXPECT_EQ(t.remaining, C("7.25"));
  EXPECT_EQ(t.state, OrderState::partially_filled);
  EXPECT_EQ(t.time_in_force, kalshi::TimeInForce::good_till_canceled);
  EXPECT_EQ(t.created_at, T(40));
  EXPECT_TRUE(p.updates.empty());
  EXPECT_TRUE(p.foreign.empty());
}

TEST_F(ReconcileTest, AdoptsOurAskAsANoBuyAtTheComplementPrice) {
  const ClientOrderId id = our_id("lost-2");
  // An ask at YES 0.62 is a NO buy at 1 − 0.62 = 0.38.
  snapshot.resting_orders = {exchange_order("o8", id, kB, BookSide::ask, "0.62", "0", "5")};
  // Only the NO price sent: a bid at NO 0.30 is a YES buy at 0.70.
  kalshi::Order only_no =
      exchange_order("o6", our_id("lost-3"), kB, BookSide::bid, "0.70", "0", "1");
  only_no.yes_price.reset();
  snapshot.resting_orders.push_back(only_no);
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.adopt.size(), 2u);
  const auto by_order = [&](const char* order_id) {
    return *std::find_if(p.adopt.begin(), p.adopt.end(),
                         [&](const TrackedOrder& t) { return t.order_id == OrderId(order_id); });
  };
  const TrackedOrder no_buy = by_order("o8");
  EXPECT_EQ(no_buy.side, OutcomeSide::no);
  EXPECT_EQ(no_buy.action, Action::buy);
  EXPECT_EQ(no_buy.limit_price, P("0.38"));
  EXPECT_EQ(no_buy.count, C("5"));
  EXPECT_EQ(no_buy.state, OrderState::resting);
  EXPECT_EQ(no_buy.created_at, T(100));  // no created_time: the snapshot's time
  // Sending it again would produce the very order the exchange holds.
  const BookOrder again = book_order(no_buy.side, no_buy.action, no_buy.limit_price);
  EXPECT_EQ(again.side, BookSide::ask);
  EXPECT_EQ(again.yes_price, P("0.62"));
  const TrackedOrder yes_buy = by_order("o6");
  EXPECT_EQ(yes_buy.side, OutcomeSide::yes);
  EXPECT_EQ(yes_buy.limit_price, P("0.70"));
  // Adoption order is by client_order_id.
  EXPECT_LT(p.adopt[0].client_order_id, p.adopt[1].client_order_id);
}

TEST_F(ReconcileTest, OursWithoutAnyPriceIsAConflictNotAnAdoption) {
  kalshi::Order o = exchange_order("o5", our_id("lost-4"), kA, BookSide::bid, "0.50", "0", "1");
  o.yes_price.reset();
  o.no_price.reset();
  snapshot.resting_orders = {o};
  const ReconcilePlan p = plan();
  EXPECT_TRUE(p.adopt.empty());
  ASSERT_EQ(p.conflicts.size(), 1u);
  EXPECT_EQ(p.conflicts[0].reason, ConflictReason::unpriced);
  EXPECT_EQ(p.conflicts[0].order_id, OrderId("o5"));
  EXPECT_EQ(p.conflicts[0].local_state, std::nullopt);
}

TEST_F(ReconcileTest, ForeignOrdersAreListedAndNeverTouched) {
  snapshot.resting_orders = {
      exchange_order("f3", ClientOrderId(), kA, BookSide::bid, "0.10", "0", "1"),  // no id (UI)
      exchange_order("f1", ClientOrderId("bot2-abc"), kA, BookSide::ask, "0.90", "0", "1"),
      // Our prefix but not a derived id (26 base32 characters): not ours.
      exchange_order("f2", ClientOrderId("av1-manual"), kA, BookSide::bid, "0.20", "0", "1")};
  const ReconcilePlan p = plan();
  EXPECT_EQ(p.foreign, (std::vector<OrderId>{OrderId("f1"), OrderId("f2"), OrderId("f3")}));
  EXPECT_TRUE(p.nothing_to_apply());
  EXPECT_TRUE(p.conflicts.empty());
}

TEST_F(ReconcileTest, MissingAreOpenOrdersFromBeforeTheSnapshotThatDoNotRest) {
  const ClientOrderId gone =
      resting(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "1"), "o1", T(10));
  const ClientOrderId lost = unknown(intent("i2", kA, OutcomeSide::yes, Action::buy, "0.41", "1"),
                                     T(99.999));  // 1 ms before the snapshot
  const ClientOrderId in_flight =
      pending(intent("i3", kA, OutcomeSide::yes, Action::buy, "0.42", "1"), T(50));
  // Created exactly at requested_at: the snapshot cannot know it.
  resting(intent("i4", kA, OutcomeSide::yes, Action::buy, "0.43", "1"), "o4", T(100));
  // Final orders are never missing.
  const ClientOrderId done =
      resting(intent("i5", kA, OutcomeSide::yes, Action::buy, "0.44", "1"), "o5", T(10));
  tracker.apply(done, ExchangeUpdate{OrderId("o5"), OrderStatus::executed, C("1"), C("0"), T(20)});
  const ClientOrderId cancelled =
      resting(intent("i6", kA, OutcomeSide::yes, Action::buy, "0.45", "1"), "o6", T(10));
  tracker.apply(cancelled, Canceled{C("1"), T(20)});
  // Listed by order id only (the exchange dropped the client id): not missing.
  const ClientOrderId listed =
      resting(intent("i7", kA, OutcomeSide::yes, Action::buy, "0.46", "1"), "o7", T(10));
  snapshot.resting_orders = {
      exchange_order("o7", ClientOrderId(), kA, BookSide::bid, "0.46", "0", "1")};

  const ReconcilePlan p = plan();
  std::vector<ClientOrderId> expected{gone, lost, in_flight};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(p.missing, expected);
  EXPECT_TRUE(p.foreign.empty());  // o7 is known by its order id
  EXPECT_TRUE(p.updates.empty());  // and unchanged
  EXPECT_EQ(tracker.find(OrderId("o7"))->client_order_id, listed);
}

TEST_F(ReconcileTest, ResolveMissingFromTheExchangeAnswer) {
  const ClientOrderId gone =
      resting(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "10"), "o1", T(10));
  const ClientOrderId lost =
      unknown(intent("i2", kA, OutcomeSide::yes, Action::buy, "0.41", "1"), T(10));
  const ClientOrderId in_flight =
      pending(intent("i3", kA, OutcomeSide::yes, Action::buy, "0.42", "1"), T(10));

  // Found executed: its view, which fills the order.
  kalshi::Order executed = exchange_order("o1", gone, kA, BookSide::bid, "0.40", "10", "0");
  executed.status = OrderStatus::executed;
  const auto e = resolve_missing(*tracker.find(gone), executed, T(101));
  ASSERT_TRUE(e.has_value());
  const auto* u = std::get_if<ExchangeUpdate>(&*e);
  ASSERT_NE(u, nullptr);
  EXPECT_EQ(u->status, OrderStatus::executed);
  EXPECT_EQ(u->at, T(101));
  EXPECT_EQ(tracker.apply(gone, *e).transition.to, OrderState::filled);

  // Not found: an unknown outcome never reached the exchange.
  const auto nf = resolve_missing(*tracker.find(lost), std::nullopt, T(101));
  ASSERT_TRUE(nf.has_value());
  EXPECT_TRUE(std::holds_alternative<NotFound>(*nf));
  EXPECT_EQ(tracker.apply(lost, *nf).transition.to, OrderState::rejected);

  // Not found for a request in flight, a confirmed order, or a final one: no event.
  EXPECT_EQ(resolve_missing(*tracker.find(in_flight), std::nullopt, T(101)), std::nullopt);
  const ClientOrderId confirmed =
      resting(intent("i4", kA, OutcomeSide::yes, Action::buy, "0.43", "1"), "o4", T(10));
  EXPECT_EQ(resolve_missing(*tracker.find(confirmed), std::nullopt, T(101)), std::nullopt);
  EXPECT_EQ(resolve_missing(*tracker.find(gone), executed, T(102)), std::nullopt);
}

TEST_F(ReconcileTest, FinalLocallyButRestingAtTheExchangeIsAConflict) {
  const ClientOrderId old_cancel =
      resting(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "1"), "o1", T(10));
  tracker.apply(old_cancel, Canceled{C("1"), T(20)});
  // Cancelled exactly at requested_at: newer than the snapshot, skipped.
  const ClientOrderId new_cancel =
      resting(intent("i2", kA, OutcomeSide::yes, Action::buy, "0.41", "1"), "o2", T(10));
  tracker.apply(new_cancel, Canceled{C("1"), T(100)});
  // Rejected here, resting there: the state machine refuses the view.
  const ClientOrderId refused =
      pending(intent("i3", kA, OutcomeSide::yes, Action::buy, "0.42", "1"), T(10));
  tracker.apply(refused, Rejected{"insufficient balance", T(11)});
  // Another order id than the one we hold.
  const ClientOrderId renamed =
      resting(intent("i4", kA, OutcomeSide::yes, Action::buy, "0.43", "1"), "o4", T(10));
  snapshot.resting_orders = {
      exchange_order("o1", old_cancel, kA, BookSide::bid, "0.40", "0", "1"),
      exchange_order("o2", new_cancel, kA, BookSide::bid, "0.41", "0", "1"),
      exchange_order("o3", refused, kA, BookSide::bid, "0.42", "0", "1"),
      exchange_order("o4-other", renamed, kA, BookSide::bid, "0.43", "0", "1")};
  const ReconcilePlan p = plan();
  EXPECT_TRUE(p.nothing_to_apply());
  std::vector<OrderConflict> expected{{old_cancel, OrderId("o1"), ConflictReason::final_locally,
                                       OrderState::canceled, TransitionNote::late_after_terminal},
                                      {refused, OrderId("o3"), ConflictReason::illegal_update,
                                       OrderState::rejected, TransitionNote::contradicts_rejection},
                                      {renamed, OrderId("o4-other"), ConflictReason::illegal_update,
                                       OrderState::resting, TransitionNote::order_id_mismatch}};
  std::sort(expected.begin(), expected.end(),
            [](const auto& a, const auto& b) { return a.client_order_id < b.client_order_id; });
  EXPECT_EQ(p.conflicts, expected);
}

// One snapshot with something of every kind: plan, apply as the engine does, plan again.
class Scenario : public ReconcileTest {
 protected:
  ClientOrderId a, b, c, d, lost;
  std::map<ClientOrderId, kalshi::Order> lookup;

  void SetUp() override {
    a = resting(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "10"), "o1", T(10));
    b = unknown(intent("i2", kA, OutcomeSide::yes, Action::buy, "0.41", "1"), T(10));
    c = resting(intent("i3", kA, OutcomeSide::yes, Action::buy, "0.42", "2"), "o3", T(10));
    d = unknown(intent("i4", kA, OutcomeSide::yes, Action::buy, "0.43", "1"), T(20));
    lost = our_id("lost-1");
    ASSERT_EQ(ledger.add_market(kA, 0), std::nullopt);
    ASSERT_EQ(ledger.add_market(kB, 0), std::nullopt);
    ASSERT_EQ(ledger.set_position(kA, C("2"), M("0.80"), T(1)), std::nullopt);
    ASSERT_EQ(ledger.set_position(kB, C("-1"), M("0.60"), T(1)), std::nullopt);
    ledger.set_cash(0, M("40.00"), T(1));

    snapshot.resting_orders = {
        exchange_order("o1", a, kA, BookSide::bid, "0.40", "4", "6"),     // 4 filled: update
        exchange_order("o2", b, kA, BookSide::bid, "0.41", "0", "1"),     // unknown → resting
        exchange_order("o8", lost, kB, BookSide::ask, "0.62", "0", "5"),  // ours: adopt
        exchange_order("f1", ClientOrderId(), kA, BookSide::bid, "0.10", "0", "1")};  // foreign
    // c filled meanwhile; d never reached the exchange.
    kalshi::Order executed = exchange_order("o3", c, kA, BookSide::bid, "0.42", "2", "0");
    executed.status = OrderStatus::executed;
    lookup.emplace(c, executed);
    snapshot.positions = {exchange_position(kA, 0, "6", "2.40"),
                          exchange_position(kCrypto, 2, "-3", "1.50")};
    // Collateral on shard 0: kA bids 6 × 0.40 + 1 × 0.41 + 1 × 0.10 = 2.91 (the +6 YES held
    // closes nothing for a bid); kB's NO buy 5 × (1 − 0.62) = 1.90. 50.00 + 4.81 = 54.81.
    snapshot.cash = {{0, M("50.00")}, {2, M("7.00")}};
  }
};

TEST_F(Scenario, PlanApplyPlanAgainIsEmpty) {
  const ReconcilePlan p = plan();
  ASSERT_EQ(p.updates.size(), 2u);
  ASSERT_EQ(p.adopt.size(), 1u);
  EXPECT_EQ(p.adopt[0].client_order_id, lost);
  std::vector<ClientOrderId> missing{c, d};
  std::sort(missing.begin(), missing.end());
  EXPECT_EQ(p.missing, missing);
  EXPECT_EQ(p.foreign, std::vector<OrderId>{OrderId("f1")});
  EXPECT_TRUE(p.conflicts.empty());
  ASSERT_EQ(p.positions.size(), 3u);
  EXPECT_EQ(p.positions[0], (PositionFix{kA, 0, C("2"), C("6"), M("2.40"), false, true}));
  EXPECT_EQ(p.positions[1], (PositionFix{kB, 0, C("-1"), C("0"), M("0"), true, true}));
  EXPECT_EQ(p.positions[2], (PositionFix{kCrypto, 2, C("0"), C("-3"), M("1.50"), false, false}));
  ASSERT_EQ(p.cash.size(), 2u);
  EXPECT_EQ(p.cash[0], (CashFix{0, M("40.00"), M("54.81"), M("50.00"), M("4.81")}));
  EXPECT_EQ(p.cash[1], (CashFix{2, M("0"), M("7.00"), M("7.00"), M("0")}));

  apply(p, T(101), lookup);
  EXPECT_EQ(tracker.find(a)->filled_count(), C("4"));
  EXPECT_EQ(tracker.find(b)->state, OrderState::resting);
  EXPECT_EQ(tracker.find(c)->state, OrderState::filled);
  EXPECT_EQ(tracker.find(d)->state, OrderState::rejected);
  EXPECT_EQ(tracker.find(lost)->order_id, OrderId("o8"));
  EXPECT_EQ(ledger.position(kCrypto).shard, 2);

  const ReconcilePlan again = plan();
  EXPECT_TRUE(again.nothing_to_apply());
  EXPECT_TRUE(again.updates.empty());
  EXPECT_TRUE(again.adopt.empty());
  EXPECT_TRUE(again.missing.empty());
  EXPECT_TRUE(again.positions.empty());
  EXPECT_TRUE(again.cash.empty());
  EXPECT_TRUE(again.conflicts.empty());
  EXPECT_TRUE(again.deferred.empty());
  EXPECT_TRUE(again.cash_deferred.empty());
  EXPECT_EQ(again.foreign, std::vector<OrderId>{OrderId("f1")});  // still someone else's
}

TEST_F(Scenario, TheSnapshotsOrderDoesNotMatter) {
  const ReconcilePlan p = plan();
  std::reverse(snapshot.resting_orders.begin(), snapshot.resting_orders.end());
  std::reverse(snapshot.positions.begin(), snapshot.positions.end());
  std::reverse(snapshot.cash.begin(), snapshot.cash.end());
  // A repeated page of orders counts once.
  snapshot.resting_orders.push_back(snapshot.resting_orders.front());
  const ReconcilePlan q = plan();
  const auto update_ids = [](const ReconcilePlan& r) {
    std::vector<ClientOrderId> out;
    for (const auto& [id, u] : r.updates) out.push_back(id);
    return out;
  };
  std::vector<ClientOrderId> sorted{a, b};
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(update_ids(p), sorted);
  EXPECT_EQ(update_ids(q), sorted);
  ASSERT_EQ(q.adopt.size(), 1u);
  EXPECT_EQ(q.missing, p.missing);
  EXPECT_EQ(q.foreign, p.foreign);
  EXPECT_EQ(q.positions, p.positions);
  EXPECT_EQ(q.cash, p.cash);
}

}  // namespace
}  // namespace antevorta::execution::test
