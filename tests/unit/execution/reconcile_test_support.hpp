// Shared helpers for the reconciliation tests: builders for the exchange's orders and
// positions, a tracker with orders in a given state, and applying a plan the way the engine
// does (tracker apply / restore, ledger add_market / set_position / set_cash, missing orders
// resolved through resolve_missing).
#pragma once

#include <map>
#include <optional>
#include <ostream>

#include <gtest/gtest.h>

#include "antevorta/execution/reconcile.hpp"

#include "unit/execution/literals.hpp"

namespace antevorta {
template <class Tag>
void PrintTo(const Id<Tag>& id, std::ostream* os) {
  *os << '"' << id.str() << '"';
}
namespace execution {
inline void PrintTo(OrderState s, std::ostream* os) { *os << to_string(s); }
inline void PrintTo(TransitionNote n, std::ostream* os) { *os << to_string(n); }
inline void PrintTo(ConflictReason r, std::ostream* os) { *os << to_string(r); }
}  // namespace execution
}  // namespace antevorta

namespace antevorta::execution::test {

using kalshi::BookSide;
using kalshi::OrderStatus;
using kalshi::OutcomeSide;
using strategy::Action;

inline const MarketTicker kA("KXA-26JAN01");
inline const MarketTicker kB("KXB-26JAN01");
inline const MarketTicker kCrypto("KXBTC15M-26JAN010015-15");  // shard 2

inline strategy::OrderIntent intent(const char* id, const MarketTicker& ticker, OutcomeSide side,
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

// A resting order as GET /portfolio/orders returns it (YES price, V2 book side).
inline kalshi::Order exchange_order(const char* order_id, const ClientOrderId& client_id,
                                    const MarketTicker& ticker, BookSide side,
                                    const char* yes_price, const char* filled,
                                    const char* remaining) {
  kalshi::Order o;
  o.order_id = OrderId(order_id);
  o.client_order_id = client_id;
  o.ticker = ticker;
  o.book_side = side;
  o.outcome_side = kalshi::outcome_side_of(side);
  o.status = OrderStatus::resting;
  o.yes_price = P(yes_price);
  o.no_price = P(yes_price).complement();
  o.fill_count = C(filled);
  o.remaining_count = C(remaining);
  o.initial_count = o.fill_count + o.remaining_count;
  return o;
}

inline kalshi::MarketPosition exchange_position(const MarketTicker& ticker,
                                                std::optional<int> shard, const char* position,
                                                const char* exposure) {
  kalshi::MarketPosition p;
  p.ticker = ticker;
  p.exchange_index = shard;
  p.position = C(position);
  p.market_exposure = M(exposure);
  return p;
}

inline std::optional<Timestamp> no_fills(const MarketTicker&) { return std::nullopt; }

class ReconcileTest : public ::testing::Test {
 protected:
  static constexpr const char* kPrefix = "av1-";
  OrderTracker tracker{*ClientIdPrefix::make(kPrefix)};
  Ledger ledger;
  ReconcileOptions options;
  ExchangeSnapshot snapshot{T(100), {}, {}, {}};
  std::map<MarketTicker, Timestamp> last_fill;

  ReconcilePlan plan() {
    return plan_reconciliation(snapshot, tracker, ledger, options,
                               [this](const MarketTicker& t) -> std::optional<Timestamp> {
                                 auto it = last_fill.find(t);
                                 if (it == last_fill.end()) return std::nullopt;
                                 return it->second;
                               });
  }

  // Our id for an intent that the tracker does not hold.
  ClientOrderId our_id(const char* intent_id) const {
    return derive_client_order_id(intent(intent_id, kA, OutcomeSide::yes, Action::buy, "0.50", "1"),
                                  tracker.prefix());
  }

  // A pending order created at `created`, then sent; nullptr-free (asserts in the caller).
  ClientOrderId pending(const strategy::OrderIntent& i, Timestamp created) {
    const auto c = tracker.create(i, created);
    EXPECT_FALSE(c.already_existed);
    EXPECT_TRUE(tracker.apply(c.order->client_order_id, Submitted{created}).transition.changed());
    return c.order->client_order_id;
  }
  // A pending order the exchange accepted (resting, nothing filled) as `order_id`.
  ClientOrderId resting(const strategy::OrderIntent& i, const char* order_id, Timestamp created) {
    const ClientOrderId id = pending(i, created);
    EXPECT_TRUE(tracker.apply(id, Accepted{OrderId(order_id), C("0"), std::nullopt, created})
                    .transition.changed());
    return id;
  }
  // A pending order whose create timed out (state unknown, no order id).
  ClientOrderId unknown(const strategy::OrderIntent& i, Timestamp created) {
    const ClientOrderId id = pending(i, created);
    EXPECT_TRUE(tracker.apply(id, OutcomeUnknown{"timeout", created}).transition.changed());
    return id;
  }

  // Applies a plan as the engine would; `lookup` answers the engine's per-order reads for the
  // missing orders (absent = not found). Every step must succeed.
  void apply(const ReconcilePlan& p, Timestamp at,
             const std::map<ClientOrderId, kalshi::Order>& lookup = {}) {
    for (const auto& [id, update] : p.updates) {
      EXPECT_TRUE(tracker.apply(id, update).transition.changed()) << id.str();
    }
    for (const TrackedOrder& o : p.adopt) EXPECT_TRUE(tracker.restore(o));
    for (const ClientOrderId& id : p.missing) {
      const TrackedOrder* local = tracker.find(id);
      ASSERT_NE(local, nullptr);
      std::optional<kalshi::Order> found;
      if (auto it = lookup.find(id); it != lookup.end()) found = it->second;
      const std::optional<OrderEvent> event = resolve_missing(*local, found, at);
      ASSERT_TRUE(event.has_value()) << id.str();
      EXPECT_TRUE(tracker.apply(id, *event).transition.changed()) << id.str();
    }
    for (const PositionFix& f : p.positions) {
      if (!f.known_locally) {
        EXPECT_EQ(ledger.add_market(f.ticker, f.shard), std::nullopt);
      }
      EXPECT_EQ(ledger.set_position(f.ticker, f.exchange, f.exchange_cost_basis, at), std::nullopt);
    }
    for (const CashFix& f : p.cash) ledger.set_cash(f.shard, f.exchange, at);
  }
};

}  // namespace antevorta::execution::test
