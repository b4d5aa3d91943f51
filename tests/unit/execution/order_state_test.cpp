// The order state machine: every transition of order.hpp's rules, legal and illegal.
#include <ostream>
#include <tuple>

#include <gtest/gtest.h>

#include "antevorta/execution/order.hpp"

#include "unit/execution/literals.hpp"
#include "unit/kalshi/printers.hpp"

namespace antevorta::execution {

inline void PrintTo(OrderState s, std::ostream* os) { *os << to_string(s); }
inline void PrintTo(TransitionKind k, std::ostream* os) { *os << to_string(k); }
inline void PrintTo(TransitionNote n, std::ostream* os) { *os << to_string(n); }

namespace {

using namespace test;  // NOLINT: P, C, M, T

using kalshi::OrderStatus;
using kalshi::OutcomeSide;
using kalshi::TimeInForce;
using K = TransitionKind;
using N = TransitionNote;
using S = OrderState;

strategy::OrderIntent intent(TimeInForce tif = TimeInForce::good_till_canceled) {
  strategy::OrderIntent i;
  i.id = strategy::IntentId("intent-1");
  i.strategy = strategy::StrategyId("s1");
  i.ticker = MarketTicker("KXTEST-26JAN01");
  i.side = OutcomeSide::yes;
  i.action = strategy::Action::buy;
  i.count = C("10");
  i.limit_price = P("0.40");
  i.time_in_force = tif;
  return i;
}

TrackedOrder fresh(TimeInForce tif = TimeInForce::good_till_canceled) {
  return make_tracked_order(intent(tif), ClientOrderId("av1-x"), T());
}

Accepted accepted(const char* filled = "0", std::optional<const char*> remaining = "10",
                  const char* id = "o1") {
  std::optional<Count> r;
  if (remaining) r = C(*remaining);
  return Accepted{OrderId(id), C(filled), r, T(1)};
}
ExchangeUpdate update(OrderStatus status, const char* filled, const char* remaining,
                      const char* id = "o1") {
  return ExchangeUpdate{OrderId(id), status, C(filled), C(remaining), T(2)};
}
Filled fill(const char* trade, const char* count, const char* price = "0.40",
            const char* fee = "0.01") {
  return Filled{TradeId(trade), OrderId("o1"), C(count), P(price), M(fee), false, T(3)};
}

// Everything apply() may change, for "nothing changed" checks.
auto snapshot(const TrackedOrder& o) {
  return std::tuple(o.state, o.order_id, o.fills_count, o.exchange_filled, o.effective_count,
                    o.remaining, o.fees_paid, o.fill_value, o.trade_ids, o.attempts, o.maybe_placed,
                    o.cancel_requested, o.last_reason, o.updated_at);
}

void expect(const TransitionResult& r, K kind, N note, S from, S to) {
  EXPECT_EQ(r.kind, kind);
  EXPECT_EQ(r.note, note);
  EXPECT_EQ(r.from, from);
  EXPECT_EQ(r.to, to);
}

// Applies an event that must not change the order, and returns its result.
TransitionResult unchanged(TrackedOrder& o, const OrderEvent& e) {
  const auto before = snapshot(o);
  const TransitionResult r = apply(o, e);
  EXPECT_FALSE(r.changed());
  EXPECT_TRUE(snapshot(o) == before) << "the order changed on " << to_string(r.kind);
  return r;
}

TrackedOrder in_state(S s) {
  TrackedOrder o = fresh();
  switch (s) {
    case S::pending:
      break;
    case S::resting:
      EXPECT_TRUE(apply(o, accepted()).changed());
      break;
    case S::partially_filled:
      EXPECT_TRUE(apply(o, accepted()).changed());
      EXPECT_TRUE(apply(o, fill("t0", "4")).changed());
      break;
    case S::filled:
      EXPECT_TRUE(apply(o, accepted("10", "0")).changed());
      break;
    case S::canceled:
      EXPECT_TRUE(apply(o, accepted()).changed());
      EXPECT_TRUE(apply(o, Canceled{C("10"), T(4)}).changed());
      break;
    case S::rejected:
      EXPECT_TRUE(apply(o, Rejected{"400 invalid_order", T(1)}).changed());
      break;
    case S::unknown:
      EXPECT_TRUE(apply(o, OutcomeUnknown{"timeout", T(1)}).changed());
      break;
  }
  EXPECT_EQ(o.state, s);
  return o;
}

TEST(OrderState, NamesRoundTrip) {
  for (S s : {S::pending, S::resting, S::partially_filled, S::filled, S::canceled, S::rejected,
              S::unknown}) {
    EXPECT_EQ(parse_order_state(to_string(s)), s);
  }
  EXPECT_EQ(to_string(S::partially_filled), "partially_filled");
  EXPECT_EQ(parse_order_state("executed"), std::nullopt);
  EXPECT_EQ(parse_order_state(""), std::nullopt);
  EXPECT_TRUE(is_final(S::filled) && is_final(S::canceled) && is_final(S::rejected));
  EXPECT_TRUE(is_open(S::pending) && is_open(S::resting) && is_open(S::partially_filled) &&
              is_open(S::unknown));
}

TEST(OrderState, NewOrderIsPendingWithTheIntentsFields) {
  const TrackedOrder o = fresh();
  EXPECT_EQ(o.state, S::pending);
  EXPECT_EQ(o.client_order_id, ClientOrderId("av1-x"));
  EXPECT_EQ(o.intent_id, strategy::IntentId("intent-1"));
  EXPECT_EQ(o.count, C("10"));
  EXPECT_EQ(o.remaining, C("10"));
  EXPECT_EQ(o.effective_count, C("10"));
  EXPECT_EQ(o.limit_price, P("0.40"));
  EXPECT_EQ(o.direction(), +1);
  EXPECT_EQ(o.attempts, 0);
  EXPECT_FALSE(o.order_id.has_value());
  EXPECT_EQ(o.average_fill_price(), std::nullopt);
}

TEST(OrderState, SubmittedCountsSendsAndReSendsAnUnknownOrder) {
  TrackedOrder o = fresh();
  expect(apply(o, Submitted{T(1)}), K::applied, N::none, S::pending, S::pending);
  EXPECT_EQ(o.attempts, 1);
  expect(apply(o, OutcomeUnknown{"timeout", T(2)}), K::applied, N::none, S::pending, S::unknown);
  EXPECT_TRUE(o.maybe_placed);
  // A re-send with the same client_order_id: back to pending, still maybe placed.
  expect(apply(o, Submitted{T(3)}), K::applied, N::none, S::unknown, S::pending);
  EXPECT_EQ(o.attempts, 2);
  EXPECT_TRUE(o.maybe_placed);

  TrackedOrder r = in_state(S::resting);
  expect(unchanged(r, Submitted{T(5)}), K::ignored, N::already_known, S::resting, S::resting);
  TrackedOrder f = in_state(S::filled);
  expect(unchanged(f, Submitted{T(5)}), K::ignored, N::late_after_terminal, S::filled, S::filled);
}

TEST(OrderState, AcceptedRestsTheOrder) {
  TrackedOrder o = fresh();
  expect(apply(o, accepted()), K::applied, N::none, S::pending, S::resting);
  EXPECT_EQ(o.order_id, OrderId("o1"));
  EXPECT_EQ(o.remaining, C("10"));
  EXPECT_EQ(o.updated_at, T(1));
  // The same answer again changes nothing.
  expect(unchanged(o, accepted()), K::duplicate, N::nothing_new, S::resting, S::resting);
}

TEST(OrderState, AcceptedWithoutRemainderMeansCountMinusFilled) {
  TrackedOrder o = fresh();
  expect(apply(o, accepted("4", std::nullopt)), K::applied, N::none, S::pending,
         S::partially_filled);
  EXPECT_EQ(o.remaining, C("6"));  // 10 - 4
}

TEST(OrderState, ImmediateFillsInTheAckAndTheirFillMessagesCountOnce) {
  TrackedOrder o = fresh();
  expect(apply(o, accepted("3", "7")), K::applied, N::none, S::pending, S::partially_filled);
  EXPECT_EQ(o.filled_count(), C("3"));
  // The fill messages of the same 3 contracts: filled stays max(3, 3) = 3, remaining 7.
  expect(apply(o, fill("t1", "1")), K::applied, N::none, S::partially_filled, S::partially_filled);
  expect(apply(o, fill("t2", "2")), K::applied, N::none, S::partially_filled, S::partially_filled);
  EXPECT_EQ(o.filled_count(), C("3"));
  EXPECT_EQ(o.remaining, C("7"));
  // Now a new fill of 7: filled 3 + 7 = 10 = count.
  expect(apply(o, fill("t3", "7")), K::applied, N::none, S::partially_filled, S::filled);
  EXPECT_EQ(o.remaining, C("0"));
  EXPECT_EQ(o.fills_count, C("10"));
  EXPECT_EQ(o.fees_paid, M("0.03"));  // 3 fills × 0.01
}

TEST(OrderState, AcceptedFullyFilled) {
  TrackedOrder o = fresh();
  expect(apply(o, accepted("10", "0")), K::applied, N::none, S::pending, S::filled);
  EXPECT_EQ(o.remaining, C("0"));
}

TEST(OrderState, AcceptedIocRemainderCancelled) {
  TrackedOrder some = fresh(TimeInForce::immediate_or_cancel);
  expect(apply(some, accepted("3", "0")), K::applied, N::none, S::pending, S::canceled);
  EXPECT_EQ(some.filled_count(), C("3"));
  EXPECT_EQ(some.remaining, C("0"));

  TrackedOrder none = fresh(TimeInForce::fill_or_kill);
  expect(apply(none, accepted("0", "0")), K::applied, N::none, S::pending, S::canceled);

  TrackedOrder all = fresh(TimeInForce::immediate_or_cancel);
  expect(apply(all, accepted("10", "0")), K::applied, N::none, S::pending, S::filled);
}

TEST(OrderState, AcceptedGtcCappedByReduceOnlyIsFilled) {
  TrackedOrder o = fresh();
  o.reduce_only = true;
  // The exchange capped 10 at a position of 5 and filled all 5.
  expect(apply(o, accepted("5", "0")), K::applied, N::none, S::pending, S::filled);
  EXPECT_EQ(o.effective_count, C("5"));
}

TEST(OrderState, ReduceOnlyCapShrinksWhatCanFill) {
  TrackedOrder o = fresh();
  // Capped to 5, all resting; then 2 fill: remaining 5 - 2 = 3, not 10 - 2.
  expect(apply(o, accepted("0", "5")), K::applied, N::none, S::pending, S::resting);
  EXPECT_EQ(o.remaining, C("5"));
  apply(o, fill("t1", "2"));
  EXPECT_EQ(o.remaining, C("3"));
  expect(apply(o, fill("t2", "3")), K::applied, N::none, S::partially_filled, S::filled);
}

TEST(OrderState, AcceptedAfterAFinalStateIsIgnoredOrIllegal) {
  TrackedOrder c = in_state(S::canceled);
  expect(unchanged(c, accepted()), K::ignored, N::late_after_terminal, S::canceled, S::canceled);
  TrackedOrder f = in_state(S::filled);
  expect(unchanged(f, accepted()), K::ignored, N::late_after_terminal, S::filled, S::filled);
  TrackedOrder r = in_state(S::rejected);
  expect(unchanged(r, accepted()), K::illegal, N::contradicts_rejection, S::rejected, S::rejected);
}

TEST(OrderState, AcceptedWithBadCountsOrAnotherIdIsIllegal) {
  TrackedOrder o = fresh();
  expect(unchanged(o, accepted("11", "0")), K::illegal, N::overfill, S::pending, S::pending);
  expect(unchanged(o, accepted("4", "7")), K::illegal, N::invalid_counts, S::pending, S::pending);
  expect(unchanged(o, accepted("0", "-1")), K::illegal, N::invalid_counts, S::pending, S::pending);
  // Boundary: 4 + 6 = 10 is fine.
  expect(apply(o, accepted("4", "6")), K::applied, N::none, S::pending, S::partially_filled);
  expect(unchanged(o, accepted("4", "6", "o2")), K::illegal, N::order_id_mismatch,
         S::partially_filled, S::partially_filled);
}

TEST(OrderState, RejectedEndsAnOrderThatCannotHaveBeenPlaced) {
  TrackedOrder o = fresh();
  apply(o, Submitted{T(1)});
  expect(apply(o, Rejected{"status=400 code=invalid_order", T(2)}), K::applied, N::none, S::pending,
         S::rejected);
  EXPECT_EQ(o.last_reason, "status=400 code=invalid_order");
  EXPECT_EQ(o.remaining, C("0"));
  expect(unchanged(o, Rejected{"again", T(3)}), K::duplicate, N::none, S::rejected, S::rejected);

  TrackedOrder r = in_state(S::resting);
  expect(unchanged(r, Rejected{"late", T(5)}), K::ignored, N::already_known, S::resting,
         S::resting);
  TrackedOrder c = in_state(S::canceled);
  expect(unchanged(c, Rejected{"late", T(5)}), K::ignored, N::late_after_terminal, S::canceled,
         S::canceled);
}

TEST(OrderState, RejectionAfterAnUnknownOutcomeNeedsResolution) {
  TrackedOrder o = in_state(S::unknown);
  apply(o, Submitted{T(2)});  // re-send
  ASSERT_EQ(o.state, S::pending);
  // The first send may have been placed: a refusal of the re-send proves nothing.
  expect(apply(o, Rejected{"status=400 code=MARKET_INACTIVE", T(3)}), K::applied,
         N::rejection_needs_resolution, S::pending, S::unknown);
  EXPECT_EQ(o.remaining, C("10"));  // still counted as possibly resting
}

TEST(OrderState, OutcomeUnknownOnlyMovesAPendingOrder) {
  TrackedOrder o = fresh();
  expect(apply(o, OutcomeUnknown{"timeout", T(1)}), K::applied, N::none, S::pending, S::unknown);
  EXPECT_EQ(o.last_reason, "timeout");
  expect(unchanged(o, OutcomeUnknown{"timeout", T(2)}), K::duplicate, N::nothing_new, S::unknown,
         S::unknown);
  // The WS update beat the REST answer: the order is known, the timeout is stale.
  TrackedOrder r = in_state(S::resting);
  expect(unchanged(r, OutcomeUnknown{"timeout", T(5)}), K::ignored, N::already_known, S::resting,
         S::resting);
  TrackedOrder f = in_state(S::filled);
  expect(unchanged(f, OutcomeUnknown{"timeout", T(5)}), K::ignored, N::late_after_terminal,
         S::filled, S::filled);
}

TEST(OrderState, UnknownIsResolvedByTheExchangesWord) {
  TrackedOrder a = in_state(S::unknown);
  expect(apply(a, accepted()), K::applied, N::none, S::unknown, S::resting);

  TrackedOrder u = in_state(S::unknown);
  expect(apply(u, update(OrderStatus::resting, "2", "8")), K::applied, N::none, S::unknown,
         S::partially_filled);
  EXPECT_EQ(u.order_id, OrderId("o1"));

  TrackedOrder f = in_state(S::unknown);
  expect(apply(f, fill("t1", "10")), K::applied, N::none, S::unknown, S::filled);
  EXPECT_EQ(f.order_id, OrderId("o1"));

  TrackedOrder c = in_state(S::unknown);
  expect(apply(c, Canceled{C("10"), T(4)}), K::applied, N::none, S::unknown, S::canceled);

  TrackedOrder n = in_state(S::unknown);
  expect(apply(n, NotFound{T(4)}), K::applied, N::none, S::unknown, S::rejected);
  EXPECT_EQ(n.remaining, C("0"));
  EXPECT_FALSE(n.last_reason.empty());
  expect(unchanged(n, NotFound{T(5)}), K::duplicate, N::nothing_new, S::rejected, S::rejected);
}

TEST(OrderState, NotFoundIsIllegalWhileInFlightOrOnceConfirmed) {
  TrackedOrder p = fresh();
  expect(unchanged(p, NotFound{T(1)}), K::illegal, N::resolution_in_flight, S::pending, S::pending);
  for (S s : {S::resting, S::partially_filled, S::filled, S::canceled}) {
    TrackedOrder o = in_state(s);
    expect(unchanged(o, NotFound{T(9)}), K::illegal, N::not_found_but_known, s, s);
  }
}

TEST(OrderState, ExchangeUpdatesFollowTheExchange) {
  TrackedOrder o = in_state(S::resting);
  expect(apply(o, update(OrderStatus::resting, "4", "6")), K::applied, N::none, S::resting,
         S::partially_filled);
  EXPECT_EQ(o.remaining, C("6"));
  // A stale read (fewer filled, more remaining) moves nothing backwards.
  expect(unchanged(o, update(OrderStatus::resting, "1", "9")), K::duplicate, N::nothing_new,
         S::partially_filled, S::partially_filled);
  // A status this build does not know: the counts decide.
  expect(apply(o, update(OrderStatus::unknown, "6", "4")), K::applied, N::none, S::partially_filled,
         S::partially_filled);
  EXPECT_EQ(o.remaining, C("4"));
  expect(apply(o, update(OrderStatus::executed, "10", "0")), K::applied, N::none,
         S::partially_filled, S::filled);
  expect(unchanged(o, update(OrderStatus::resting, "10", "0")), K::ignored, N::late_after_terminal,
         S::filled, S::filled);

  TrackedOrder c = in_state(S::partially_filled);
  expect(apply(c, update(OrderStatus::canceled, "4", "0")), K::applied, N::none,
         S::partially_filled, S::canceled);
  EXPECT_EQ(c.filled_count(), C("4"));
  EXPECT_EQ(c.remaining, C("0"));

  TrackedOrder r = in_state(S::rejected);
  expect(unchanged(r, update(OrderStatus::resting, "0", "10")), K::illegal,
         N::contradicts_rejection, S::rejected, S::rejected);
  TrackedOrder m = in_state(S::resting);
  expect(unchanged(m, update(OrderStatus::resting, "0", "10", "o9")), K::illegal,
         N::order_id_mismatch, S::resting, S::resting);
  expect(unchanged(m, update(OrderStatus::resting, "12", "0")), K::illegal, N::overfill, S::resting,
         S::resting);
}

TEST(OrderState, FillsAreDeduplicatedAndNeverOverfill) {
  TrackedOrder o = in_state(S::resting);
  expect(apply(o, fill("t1", "6", "0.40", "0.02")), K::applied, N::none, S::resting,
         S::partially_filled);
  expect(unchanged(o, fill("t1", "6", "0.40", "0.02")), K::duplicate, N::duplicate_trade,
         S::partially_filled, S::partially_filled);
  // 6 + 5 = 11 > 10.
  expect(unchanged(o, fill("t2", "5")), K::illegal, N::overfill, S::partially_filled,
         S::partially_filled);
  // Boundary: 6 + 4 = 10.
  expect(apply(o, fill("t2", "4", "0.38", "0.01")), K::applied, N::none, S::partially_filled,
         S::filled);
  EXPECT_EQ(o.fees_paid, M("0.03"));
  // (6 × 0.40 + 4 × 0.38) / 10 = (2.40 + 1.52) / 10 = 0.392
  EXPECT_EQ(o.average_fill_price(), P("0.392"));
  EXPECT_EQ(o.trade_ids.size(), 2u);
}

TEST(OrderState, InvalidFillsAreIllegal) {
  TrackedOrder o = in_state(S::resting);
  Filled empty_id = fill("t1", "1");
  empty_id.trade_id = TradeId("");
  expect(unchanged(o, empty_id), K::illegal, N::invalid_fill, S::resting, S::resting);
  expect(unchanged(o, fill("t1", "0")), K::illegal, N::invalid_fill, S::resting, S::resting);
  expect(unchanged(o, fill("t1", "1", "0")), K::illegal, N::invalid_fill, S::resting, S::resting);
  expect(unchanged(o, fill("t1", "1", "1")), K::illegal, N::invalid_fill, S::resting, S::resting);
  expect(unchanged(o, fill("t1", "1", "0.40", "-0.01")), K::illegal, N::invalid_fill, S::resting,
         S::resting);
  Filled other = fill("t1", "1");
  other.order_id = OrderId("o9");
  expect(unchanged(o, other), K::illegal, N::order_id_mismatch, S::resting, S::resting);
  // Boundaries that are valid: price 0.0001 and 0.9999, fee 0.
  expect(apply(o, fill("t2", "1", "0.0001", "0")), K::applied, N::none, S::resting,
         S::partially_filled);
  expect(apply(o, fill("t3", "1", "0.9999", "0")), K::applied, N::none, S::partially_filled,
         S::partially_filled);
}

TEST(OrderState, FillsAreFactsEvenAfterAFinalState) {
  // The cancel won, but 3 contracts had traded before it: they count, the state stays.
  TrackedOrder c = in_state(S::canceled);
  expect(apply(c, fill("t1", "3")), K::applied, N::none, S::canceled, S::canceled);
  EXPECT_EQ(c.fills_count, C("3"));
  EXPECT_EQ(c.remaining, C("0"));
  // The exchange said executed before the fill messages came.
  TrackedOrder f = in_state(S::filled);
  expect(apply(f, fill("t1", "10")), K::applied, N::none, S::filled, S::filled);
  // But an order we know was rejected cannot have traded.
  TrackedOrder r = in_state(S::rejected);
  expect(unchanged(r, fill("t1", "1")), K::illegal, N::contradicts_rejection, S::rejected,
         S::rejected);
}

TEST(OrderState, CancelRequestOnlyRecordsTheRequest) {
  TrackedOrder o = in_state(S::resting);
  expect(apply(o, CancelRequested{T(5)}), K::applied, N::none, S::resting, S::resting);
  EXPECT_TRUE(o.cancel_requested);
  expect(unchanged(o, CancelRequested{T(6)}), K::duplicate, N::nothing_new, S::resting, S::resting);
  TrackedOrder p = fresh();
  expect(apply(p, CancelRequested{T(5)}), K::applied, N::none, S::pending, S::pending);
  for (S s : {S::filled, S::canceled, S::rejected}) {
    TrackedOrder f = in_state(s);
    expect(unchanged(f, CancelRequested{T(9)}), K::ignored, N::late_after_terminal, s, s);
  }
}

TEST(OrderState, CanceledEndsALiveOrder) {
  for (S s : {S::pending, S::resting, S::partially_filled}) {
    TrackedOrder o = in_state(s);
    expect(apply(o, Canceled{C("6"), T(9)}), K::applied, N::none, s, S::canceled);
    EXPECT_EQ(o.remaining, C("0"));
  }
  TrackedOrder c = in_state(S::canceled);
  expect(unchanged(c, Canceled{C("0"), T(9)}), K::ignored, N::late_after_terminal, S::canceled,
         S::canceled);
  // The fill won the race with the cancel.
  TrackedOrder f = in_state(S::filled);
  expect(unchanged(f, Canceled{C("0"), T(9)}), K::ignored, N::late_after_terminal, S::filled,
         S::filled);
  TrackedOrder r = in_state(S::rejected);
  expect(unchanged(r, Canceled{C("0"), T(9)}), K::illegal, N::contradicts_rejection, S::rejected,
         S::rejected);
}

}  // namespace
}  // namespace antevorta::execution
