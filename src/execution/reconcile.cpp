// Reconciliation planning (rules in reconcile.hpp); the collateral of resting orders is in
// reconcile_collateral.cpp.
#include "antevorta/execution/reconcile.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <set>
#include <tuple>
#include <unordered_set>

namespace antevorta::execution {

namespace {

constexpr std::array kAllStates{
    OrderState::pending,  OrderState::resting,  OrderState::partially_filled, OrderState::filled,
    OrderState::canceled, OrderState::rejected, OrderState::unknown};

std::optional<Price> yes_price_of(const kalshi::Order& order) {
  if (order.yes_price) return order.yes_price;
  if (order.no_price) return order.no_price->complement();
  return std::nullopt;
}

// The snapshot without duplicates (the first entry of a key wins), keyed for lookups.
struct Exchange {
  std::vector<const kalshi::Order*> resting;  // status resting, unique order ids
  std::map<MarketTicker, const kalshi::MarketPosition*> positions;
  std::map<ExchangeIndex, Money> cash;

  explicit Exchange(const ExchangeSnapshot& s) {
    std::unordered_set<OrderId> ids;
    for (const kalshi::Order& o : s.resting_orders) {
      if (o.status == kalshi::OrderStatus::resting && ids.insert(o.order_id).second) {
        resting.push_back(&o);
      }
    }
    for (const kalshi::MarketPosition& p : s.positions) positions.try_emplace(p.ticker, &p);
    for (const auto& [shard, money] : s.cash) cash.try_emplace(shard, money);
  }

  Count position(const MarketTicker& ticker) const {
    auto it = positions.find(ticker);
    return it == positions.end() ? Count{} : it->second->position;
  }
};

class Planner {
 public:
  Planner(const ExchangeSnapshot& snapshot, const OrderTracker& tracker, const Ledger& ledger,
          const ReconcileOptions& options,
          const std::function<std::optional<Timestamp>(const MarketTicker&)>& last_local_fill)
      : exchange_(snapshot),
        at_(snapshot.requested_at),
        tracker_(tracker),
        ledger_(ledger),
        options_(options),
        last_local_fill_(last_local_fill) {}

  ReconcilePlan run() {
    plan_orders();
    plan_missing();
    plan_positions();
    plan_cash();
    sort_plan();
    return std::move(plan_);
  }

 private:
  bool recent(Timestamp t) const { return t > at_ - options_.settle_grace; }

  ExchangeIndex shard_of(const MarketTicker& ticker) const {
    if (ledger_.has_market(ticker)) return ledger_.position(ticker).shard;
    auto it = exchange_.positions.find(ticker);
    if (it != exchange_.positions.end() && it->second->exchange_index) {
      return *it->second->exchange_index;
    }
    return 0;
  }
  ExchangeIndex shard_of(const kalshi::Order& order) const {
    return order.exchange_index ? *order.exchange_index : shard_of(order.ticker);
  }

  void conflict(const kalshi::Order& o, ConflictReason reason, const TrackedOrder* local,
                TransitionNote note) {
    plan_.conflicts.push_back(
        OrderConflict{local ? local->client_order_id : o.client_order_id, o.order_id, reason,
                      local ? std::optional<OrderState>(local->state) : std::nullopt, note});
  }

  void plan_orders() {
    for (const kalshi::Order* o : exchange_.resting) {
      listed_ids_.insert(o->order_id);
      if (!o->client_order_id.empty()) listed_clients_.insert(o->client_order_id);
      const TrackedOrder* local = nullptr;
      if (!o->client_order_id.empty()) local = tracker_.find(o->client_order_id);
      if (local == nullptr) local = tracker_.find(o->order_id);
      if (local != nullptr) {
        plan_known(*o, *local);
      } else if (!o->client_order_id.empty() && is_ours(o->client_order_id, tracker_.prefix())) {
        plan_adoption(*o);
      } else {
        plan_.foreign.push_back(o->order_id);
      }
    }
  }

  void plan_known(const kalshi::Order& o, const TrackedOrder& local) {
    // What we learned at or after the snapshot's request is newer than the snapshot.
    if (is_final(local.state) && local.updated_at >= at_) return;
    const ExchangeUpdate update = exchange_update(o, at_);
    TrackedOrder copy = local;
    const TransitionResult r = execution::apply(copy, update);
    switch (r.kind) {
      case TransitionKind::applied:
        plan_.updates.emplace_back(local.client_order_id, update);
        break;
      case TransitionKind::duplicate:
        break;
      case TransitionKind::ignored:
        if (is_final(local.state)) conflict(o, ConflictReason::final_locally, &local, r.note);
        break;
      case TransitionKind::illegal:
        conflict(o, ConflictReason::illegal_update, &local, r.note);
        break;
    }
  }

  void plan_adoption(const kalshi::Order& o) {
    const std::optional<Price> yes = yes_price_of(o);
    if (!yes) {
      conflict(o, ConflictReason::unpriced, nullptr, TransitionNote::none);
      return;
    }
    // The V2 book side names the leg the order adds: a bid buys YES, an ask buys NO.
    const bool bid = o.book_side == kalshi::BookSide::bid;
    TrackedOrder t;
    t.client_order_id = o.client_order_id;
    t.strategy = kAdoptedStrategy;
    t.ticker = o.ticker;
    t.side = bid ? kalshi::OutcomeSide::yes : kalshi::OutcomeSide::no;
    t.action = strategy::Action::buy;
    t.limit_price = bid ? *yes : yes->complement();
    t.count = std::max(o.initial_count, o.fill_count + o.remaining_count);
    t.time_in_force = kalshi::TimeInForce::good_till_canceled;  // only these rest
    t.effective_count = t.count;
    t.remaining = t.count;
    t.created_at = o.created_time.value_or(at_);
    t.updated_at = t.created_at;
    // The state machine derives the order id, counts and state from the exchange's view.
    const TransitionResult r = execution::apply(t, exchange_update(o, at_));
    if (r.kind == TransitionKind::illegal) {
      conflict(o, ConflictReason::illegal_update, nullptr, r.note);
      return;
    }
    plan_.adopt.push_back(std::move(t));
  }

  void plan_missing() {
    for (const TrackedOrder* o : tracker_.open()) {
      if (o->created_at >= at_) continue;  // the snapshot predates it
      if (listed_clients_.contains(o->client_order_id)) continue;
      if (o->order_id && listed_ids_.contains(*o->order_id)) continue;
      plan_.missing.push_back(o->client_order_id);
    }
  }

  void plan_positions() {
    std::set<MarketTicker> tickers;
    for (const auto& [ticker, position] : ledger_.positions()) tickers.insert(ticker);
    for (const auto& [ticker, position] : exchange_.positions) tickers.insert(ticker);
    for (const MarketTicker& ticker : tickers) {
      const std::optional<Timestamp> last_fill = last_local_fill_(ticker);
      const bool hot = last_fill && recent(*last_fill);
      if (hot) hot_shards_.insert(shard_of(ticker));

      const Count local = ledger_.position(ticker).position;
      auto listed = exchange_.positions.find(ticker);
      const bool absent = listed == exchange_.positions.end();
      const Count remote = absent ? Count{} : listed->second->position;
      if (remote == local) continue;
      if (hot) {
        plan_.deferred.push_back(ticker);
        continue;
      }
      Money basis;
      if (!absent && !remote.is_zero()) {
        basis = std::max(Money::zero(), listed->second->market_exposure);
      }
      plan_.positions.push_back(PositionFix{ticker, shard_of(ticker), local, remote, basis, absent,
                                            ledger_.has_market(ticker)});
    }
  }

  void plan_cash() {
    // Local orders created or changed recently: the balance and the orders read may straddle
    // their effect on the exchange's collateral.
    for (OrderState state : kAllStates) {
      for (const TrackedOrder* o : tracker_.in_state(state)) {
        if (recent(o->updated_at)) hot_shards_.insert(shard_of(o->ticker));
      }
    }
    std::map<MarketTicker, std::vector<const kalshi::Order*>> by_market;
    for (const kalshi::Order* o : exchange_.resting) by_market[o->ticker].push_back(o);
    std::map<ExchangeIndex, Money> reserved;
    std::set<ExchangeIndex> unpriced;
    for (const auto& [ticker, orders] : by_market) {
      const ExchangeIndex shard = shard_of(*orders.front());
      std::optional<kalshi::FeeSchedule> fees;
      if (options_.fee_schedule) fees = options_.fee_schedule(ticker);
      const std::optional<Money> held =
          resting_collateral(orders, exchange_.position(ticker), fees, options_.fee_rounding);
      if (held) {
        reserved[shard] += *held;
      } else {
        unpriced.insert(shard);
      }
    }
    for (const auto& [shard, available] : exchange_.cash) {
      if (unpriced.contains(shard)) {
        plan_.cash_deferred.push_back(shard);
        continue;
      }
      const Money held = reserved.contains(shard) ? reserved.at(shard) : Money::zero();
      const Money remote = available + held;
      const Money local = ledger_.cash(shard);
      if (remote == local) continue;
      if (hot_shards_.contains(shard)) {
        plan_.cash_deferred.push_back(shard);
        continue;
      }
      plan_.cash.push_back(CashFix{shard, local, remote, available, held});
    }
  }

  void sort_plan() {
    std::stable_sort(plan_.updates.begin(), plan_.updates.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::sort(plan_.adopt.begin(), plan_.adopt.end(),
              [](const TrackedOrder& a, const TrackedOrder& b) {
                return a.client_order_id < b.client_order_id;
              });
    std::sort(plan_.missing.begin(), plan_.missing.end());
    std::sort(plan_.foreign.begin(), plan_.foreign.end());
    std::sort(plan_.conflicts.begin(), plan_.conflicts.end(),
              [](const OrderConflict& a, const OrderConflict& b) {
                return std::tie(a.client_order_id, a.order_id) <
                       std::tie(b.client_order_id, b.order_id);
              });
    // Positions, deferrals and cash are produced in key order already (std::set / std::map).
  }

  Exchange exchange_;
  Timestamp at_;
  const OrderTracker& tracker_;
  const Ledger& ledger_;
  const ReconcileOptions& options_;
  const std::function<std::optional<Timestamp>(const MarketTicker&)>& last_local_fill_;
  std::unordered_set<ClientOrderId> listed_clients_;
  std::unordered_set<OrderId> listed_ids_;
  std::set<ExchangeIndex> hot_shards_;
  ReconcilePlan plan_;
};

}  // namespace

std::string_view to_string(ConflictReason r) noexcept {
  switch (r) {
    case ConflictReason::final_locally:
      return "final_locally";
    case ConflictReason::illegal_update:
      return "illegal_update";
    case ConflictReason::unpriced:
      return "unpriced";
  }
  return "?";
}

ReconcilePlan plan_reconciliation(
    const ExchangeSnapshot& exchange, const OrderTracker& tracker, const Ledger& ledger,
    const ReconcileOptions& options,
    const std::function<std::optional<Timestamp>(const MarketTicker&)>& last_local_fill) {
  return Planner(exchange, tracker, ledger, options, last_local_fill).run();
}

std::optional<OrderEvent> resolve_missing(const TrackedOrder& local,
                                          const std::optional<kalshi::Order>& found, Timestamp at) {
  if (is_final(local.state)) return std::nullopt;
  if (found) return exchange_update(*found, at);
  // NotFound settles only an order whose create never got an answer; a pending request may
  // still arrive, and a confirmed order cannot vanish without a trace.
  if (local.state == OrderState::unknown) return NotFound{at};
  return std::nullopt;
}

}  // namespace antevorta::execution
