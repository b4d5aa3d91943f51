// OrderTracker (idempotent creation, routing, fill de-duplication, the risk view of open
// orders, forgetting) and the events built from the exchange's answers and messages.
#include "antevorta/execution/order_tracker.hpp"

#include <ostream>

#include <gtest/gtest.h>

#include "unit/execution/literals.hpp"
#include "unit/kalshi/printers.hpp"

namespace antevorta::execution {

inline void PrintTo(OrderState s, std::ostream* os) { *os << to_string(s); }
inline void PrintTo(TransitionKind k, std::ostream* os) { *os << to_string(k); }

namespace {

using namespace test;  // NOLINT: P, C, M, T

using kalshi::OrderStatus;
using kalshi::OutcomeSide;
using strategy::Action;

const MarketTicker kA("KXA-26JAN01");
const MarketTicker kB("KXB-26JAN01");

strategy::OrderIntent intent(const char* id, const MarketTicker& ticker, OutcomeSide side,
                             Action action, const char* price, const char* count) {
  strategy::OrderIntent i;
  i.id = strategy::IntentId(id);
  i.strategy = strategy::StrategyId("s1");
  i.ticker = ticker;
  i.side = side;
  i.action = action;
  i.limit_price = P(price);
  i.count = C(count);
  return i;
}

class Tracker : public ::testing::Test {
 protected:
  OrderTracker tracker{*ClientIdPrefix::make("av1-")};

  ClientOrderId place(const strategy::OrderIntent& i, const char* order_id) {
    const auto created = tracker.create(i, T());
    EXPECT_FALSE(created.already_existed);
    const ClientOrderId id = created.order->client_order_id;
    EXPECT_TRUE(tracker.apply(id, Submitted{T(1)}).transition.changed());
    EXPECT_TRUE(tracker.apply(id, Accepted{OrderId(order_id), C("0"), std::nullopt, T(2)})
                    .transition.changed());
    return id;
  }
};

TEST_F(Tracker, CreateIsIdempotentPerIntent) {
  const auto i = intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "10");
  const auto first = tracker.create(i, T());
  ASSERT_NE(first.order, nullptr);
  EXPECT_FALSE(first.already_existed);
  EXPECT_EQ(first.order->state, OrderState::pending);
  EXPECT_TRUE(is_ours(first.order->client_order_id, tracker.prefix()));
  const auto again = tracker.create(i, T(5));
  EXPECT_TRUE(again.already_existed);
  EXPECT_EQ(again.order, first.order);
  EXPECT_EQ(again.order->created_at, T());  // the original, untouched
  EXPECT_EQ(tracker.size(), 1u);
  EXPECT_EQ(tracker.open_count(), 1u);
}

TEST_F(Tracker, RoutesByClientIdAndExchangeId) {
  const ClientOrderId id =
      place(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "10"), "o1");
  const TrackedOrder* by_exchange = tracker.find(OrderId("o1"));
  ASSERT_NE(by_exchange, nullptr);
  EXPECT_EQ(by_exchange->client_order_id, id);
  const TrackerResult r = tracker.apply(
      OrderId("o1"), ExchangeUpdate{OrderId("o1"), OrderStatus::resting, C("4"), C("6"), T(3)});
  EXPECT_TRUE(r.found);
  EXPECT_EQ(r.transition.to, OrderState::partially_filled);
  EXPECT_FALSE(tracker.apply(OrderId("nope"), CancelRequested{T(4)}).found);
  EXPECT_FALSE(tracker.apply(ClientOrderId("nope"), CancelRequested{T(4)}).found);
  EXPECT_EQ(tracker.find(ClientOrderId("nope")), nullptr);
}

TEST_F(Tracker, FillsRouteByOrderIdThenClientIdAndAreDeduplicated) {
  const ClientOrderId id =
      place(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "10"), "o1");
  Filled f{TradeId("t1"), OrderId("o1"), C("3"), P("0.40"), M("0.01"), false, T(3)};
  TrackerResult r = tracker.apply_fill(f, std::nullopt);
  EXPECT_TRUE(r.found);
  EXPECT_EQ(r.transition.kind, TransitionKind::applied);
  EXPECT_TRUE(tracker.trade_seen(TradeId("t1")));
  // The REST copy of the same fill.
  r = tracker.apply_fill(f, std::nullopt);
  EXPECT_EQ(r.transition.kind, TransitionKind::duplicate);
  // A fill naming only the client id (no order id).
  Filled g{TradeId("t2"), std::nullopt, C("2"), P("0.40"), M("0"), false, T(4)};
  r = tracker.apply_fill(g, id);
  EXPECT_TRUE(r.found);
  EXPECT_EQ(r.order->fills_count, C("5"));
  // Not ours.
  Filled x{TradeId("t3"), OrderId("other"), C("1"), P("0.40"), M("0"), false, T(4)};
  EXPECT_FALSE(tracker.apply_fill(x, ClientOrderId("someone-else")).found);
  EXPECT_FALSE(tracker.trade_seen(TradeId("t3")));
}

TEST_F(Tracker, OpenOrdersForRiskByMarketAndDirection) {
  // kA: buy YES 10 @ 0.40 (towards YES, cost 4.00) and sell NO 5 @ 0.30 (towards YES at
  //     YES 0.70: cost 5 × 0.70 = 3.50); buy NO 2 @ 0.2501 (towards NO, 2 × 0.2501 = 0.5002).
  // kB: sell YES 3 @ 0.65 (towards NO at NO 0.35: 1.05), then 1 filled → 2 left: 0.70.
  place(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "10"), "o1");
  place(intent("i2", kA, OutcomeSide::no, Action::sell, "0.30", "5"), "o2");
  tracker.create(intent("i3", kA, OutcomeSide::no, Action::buy, "0.2501", "2"), T());  // pending
  place(intent("i4", kB, OutcomeSide::yes, Action::sell, "0.65", "3"), "o4");
  tracker.apply_fill(Filled{TradeId("t1"), OrderId("o4"), C("1"), P("0.65"), M("0"), false, T(3)},
                     std::nullopt);
  // A final order does not count.
  const ClientOrderId gone =
      place(intent("i5", kB, OutcomeSide::yes, Action::buy, "0.50", "7"), "o5");
  tracker.apply(gone, Canceled{C("7"), T(4)});

  const risk::OpenOrders open = tracker.open_orders();
  EXPECT_EQ(open.total, 4);
  EXPECT_EQ(tracker.open_count(), 4u);
  ASSERT_EQ(open.by_market.size(), 2u);
  const risk::RestingOrders& a = open.by_market.at(kA);
  EXPECT_EQ(a.orders, 3);
  EXPECT_EQ(a.towards_yes, C("15"));
  EXPECT_EQ(a.towards_yes_cost, M("7.50"));  // 4.00 + 3.50
  EXPECT_EQ(a.towards_no, C("2"));
  EXPECT_EQ(a.towards_no_cost, M("0.5002"));
  const risk::RestingOrders& b = open.by_market.at(kB);
  EXPECT_EQ(b.orders, 1);
  EXPECT_EQ(b.towards_yes, C("0"));
  EXPECT_EQ(b.towards_no, C("2"));
  EXPECT_EQ(b.towards_no_cost, M("0.70"));
}

TEST_F(Tracker, CostOfFractionalCountsRoundsUp) {
  // 0.33 contracts at 0.4001: 0.132033 dollars → 0.1321 (up, fail closed).
  tracker.create(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.4001", "0.33"), T());
  EXPECT_EQ(tracker.open_orders().by_market.at(kA).towards_yes_cost, M("0.1321"));
}

TEST_F(Tracker, UnknownOrdersAreListedForResolution) {
  const auto a = tracker.create(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "1"), T());
  const auto b = tracker.create(intent("i2", kA, OutcomeSide::yes, Action::buy, "0.41", "1"), T());
  tracker.apply(a.order->client_order_id, OutcomeUnknown{"timeout", T(1)});
  const auto unknown = tracker.in_state(OrderState::unknown);
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0]->client_order_id, a.order->client_order_id);
  EXPECT_EQ(tracker.in_state(OrderState::pending).size(), 1u);
  EXPECT_EQ(tracker.in_state(OrderState::pending)[0]->client_order_id, b.order->client_order_id);
}

TEST_F(Tracker, RestoreAndForgetKeepTradeIdsSeen) {
  TrackedOrder o = make_tracked_order(intent("i1", kA, OutcomeSide::yes, Action::buy, "0.40", "2"),
                                      ClientOrderId("av1-restored"), T());
  ASSERT_TRUE(apply(o, Accepted{OrderId("o1"), C("0"), C("2"), T(1)}).changed());
  ASSERT_TRUE(apply(o, Filled{TradeId("t1"), OrderId("o1"), C("2"), P("0.40"), M("0"), false, T(2)})
                  .changed());
  ASSERT_EQ(o.state, OrderState::filled);
  EXPECT_TRUE(tracker.restore(o));
  EXPECT_FALSE(tracker.restore(o));  // known already
  EXPECT_NE(tracker.find(OrderId("o1")), nullptr);
  EXPECT_TRUE(tracker.trade_seen(TradeId("t1")));

  EXPECT_EQ(tracker.forget_final(T(2)), 0u);  // updated at T(2), not before
  EXPECT_EQ(tracker.forget_final(T(3)), 1u);
  EXPECT_EQ(tracker.size(), 0u);
  EXPECT_EQ(tracker.find(OrderId("o1")), nullptr);
  // A replayed fill of the forgotten order is still a duplicate, not someone else's fill.
  const TrackerResult r = tracker.apply_fill(
      Filled{TradeId("t1"), OrderId("o1"), C("2"), P("0.40"), M("0"), false, T(4)}, std::nullopt);
  EXPECT_EQ(r.transition.kind, TransitionKind::duplicate);
  EXPECT_FALSE(r.found);
}

TEST(OrderEvents, CreateAnswers) {
  kalshi::OrderWriteResult accepted;
  accepted.outcome = kalshi::WriteOutcome::accepted;
  accepted.ack = kalshi::OrderAck{OrderId("o1"), std::nullopt, C("2"), C("8"), {}, {}, {}};
  const OrderEvent a = create_answer_event(accepted, T(1));
  ASSERT_TRUE(std::holds_alternative<Accepted>(a));
  EXPECT_EQ(std::get<Accepted>(a).order_id, OrderId("o1"));
  EXPECT_EQ(std::get<Accepted>(a).filled, C("2"));
  EXPECT_EQ(std::get<Accepted>(a).remaining, C("8"));

  // A 409 resolved by reading the orders: the order found is the exchange's view.
  kalshi::OrderWriteResult existed = accepted;
  existed.already_existed = true;
  existed.order = kalshi::Order{};
  existed.order->order_id = OrderId("o1");
  existed.order->status = OrderStatus::executed;
  existed.order->fill_count = C("10");
  const OrderEvent e = create_answer_event(existed, T(1));
  ASSERT_TRUE(std::holds_alternative<ExchangeUpdate>(e));
  EXPECT_EQ(std::get<ExchangeUpdate>(e).status, OrderStatus::executed);

  kalshi::OrderWriteResult rejected;
  rejected.outcome = kalshi::WriteOutcome::rejected;
  rejected.error = kalshi::RestError{
      kalshi::RestErrorKind::rejected, 400, "invalid_order", "post only cross", "",
  };
  const OrderEvent r = create_answer_event(rejected, T(1));
  ASSERT_TRUE(std::holds_alternative<Rejected>(r));
  EXPECT_NE(std::get<Rejected>(r).reason.find("invalid_order"), std::string::npos);

  kalshi::OrderWriteResult unknown;
  unknown.outcome = kalshi::WriteOutcome::unknown;
  EXPECT_TRUE(std::holds_alternative<OutcomeUnknown>(create_answer_event(unknown, T(1))));
  // Accepted without an acknowledgement is not guessed at.
  kalshi::OrderWriteResult bare;
  bare.outcome = kalshi::WriteOutcome::accepted;
  EXPECT_TRUE(std::holds_alternative<OutcomeUnknown>(create_answer_event(bare, T(1))));
}

TEST(OrderEvents, FillsInTheLegsTerms) {
  kalshi::Fill f;
  f.trade_id = TradeId("t1");
  f.order_id = OrderId("o1");
  f.count = C("3");
  f.yes_price = P("0.35");
  f.fee_cost = M("0.05");
  f.is_taker = true;
  // Our order buys NO: its leg price is 1 - 0.35 = 0.65.
  const Filled no = fill_event(f, OutcomeSide::no, T(1));
  EXPECT_EQ(no.price, P("0.65"));
  EXPECT_EQ(no.order_id, OrderId("o1"));
  EXPECT_EQ(no.fee, M("0.05"));
  EXPECT_TRUE(no.taker);
  EXPECT_EQ(fill_event(f, OutcomeSide::yes, T(1)).price, P("0.35"));

  kalshi::FillMessage m;
  m.trade_id = "t2";
  m.order_id = "o1";
  m.count = C("4");
  m.yes_price = P("0.75");
  const Filled w = fill_event(m, OutcomeSide::no, T(1));
  EXPECT_EQ(w.trade_id, TradeId("t2"));
  EXPECT_EQ(w.price, P("0.25"));
  EXPECT_EQ(w.fee, M("0"));  // no fee_cost sent

  kalshi::UserOrderUpdate u;
  u.order_id = "o1";
  u.status = kalshi::UserOrderStatus::canceled;
  u.fill_count = C("1");
  u.remaining_count = C("0");
  const ExchangeUpdate x = exchange_update(u, T(1));
  EXPECT_EQ(x.order_id, OrderId("o1"));
  EXPECT_EQ(x.status, OrderStatus::canceled);
  EXPECT_EQ(x.filled, C("1"));
}

}  // namespace
}  // namespace antevorta::execution
