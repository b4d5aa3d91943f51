// Engine: live reconciliation with the exchange (reconcile.hpp plans, this applies).

// GCC 12 reports -Wmismatched-new-delete on the frames of member coroutines (see
// engine_orders.cpp).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <algorithm>

#include "antevorta/execution/reconcile.hpp"
#include "antevorta/execution/records.hpp"

#include "engine_state.hpp"

namespace antevorta::execution {

namespace asio = boost::asio;

namespace {

// REST fills are re-read from a little before the last round, so a fill the exchange
// recorded just before that round's reads began is not missed.
constexpr auto kFillOverlap = std::chrono::seconds(60);

std::int64_t unix_seconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

}  // namespace

asio::awaitable<ReconcileReport> Engine::reconcile(kalshi::RestClient& rest) {
  auto state = state_;
  co_return co_await state->reconcile(rest);
}

void Engine::State::record_adjustment(const MarketTicker& ticker, const std::string& note) {
  const Adjustment& a = ledger.adjustments().back();
  std::optional<store::PositionRow> position;
  if (a.kind == AdjustmentKind::position) {
    position = position_row(ticker, ledger.position(ticker), a.time);
  }
  store.record_adjustment(adjustment_row(a, note), position);
}

asio::awaitable<ReconcileReport> Engine::State::reconcile(kalshi::RestClient& rest) {
  auto self = shared_from_this();
  ReconcileReport report;
  if (reconciling) {
    report.error = "a round is already running";
    co_return report;
  }
  reconciling = true;
  struct Done {
    Engine::State& s;
    ~Done() { s.reconciling = false; }
  } done{*this};

  const bool first = !last_reconciled.has_value();
  ExchangeSnapshot snapshot;
  snapshot.requested_at = clock.now();

  // Fills the WS may have missed (a disconnect, or the time the daemon was down), before the
  // positions are compared: a position fix followed by a late fill of the same trade would
  // count it twice. The first round reaches back to the newest stored fill and to the
  // oldest order still open here (a crash may have lost its fills).
  std::optional<Timestamp> since = last_reconciled;
  if (!since) {
    try {
      const auto newest = store.recent_fills(1);
      if (!newest.empty()) since = from_unix_ns(newest.front().at_ns);
    } catch (const std::exception& e) {
      log->error("reconcile_fill_lookup_failed error={}", log_value(e.what()));
    }
    for (const auto* o : tracker.open()) {
      if (!since || o->created_at < *since) since = o->created_at;
    }
  }
  // Orders whose create was never answered (a crash, a timeout) carry no exchange id, and
  // REST fills name only the order id: learn the ids first, so their fills find them.
  std::vector<ClientOrderId> unanswered;
  for (const auto* o : tracker.in_state(OrderState::unknown)) {
    if (!o->order_id) unanswered.push_back(o->client_order_id);
  }
  for (const auto& id : unanswered) {
    const TrackedOrder* o = tracker.find(id);
    if (o == nullptr) continue;
    kalshi::OrderQuery q;
    q.ticker = o->ticker;
    q.min_ts = unix_seconds(o->created_at - std::chrono::minutes(5));
    auto found = co_await rest.all_orders(q);
    if (!self->alive) co_return report;
    if (!found) continue;
    for (const auto& order : *found) {
      if (order.client_order_id == id) {
        if (apply(id, exchange_update(order, clock.now()), "reconciliation").transition.changed()) {
          ++report.resolved;
        }
        break;
      }
    }
  }
  if (since) {
    kalshi::FillQuery query;
    query.min_ts = unix_seconds(*since - kFillOverlap);
    auto fills = co_await rest.all_fills(query);
    if (!self->alive) co_return report;
    if (!fills) {
      report.error = "fills: " + fills.error().describe();
      co_return report;
    }
    // Oldest first, so orders move forward through their fills.
    std::vector<kalshi::Fill> list = std::move(*fills);
    std::stable_sort(list.begin(), list.end(), [](const kalshi::Fill& a, const kalshi::Fill& b) {
      return a.created_time < b.created_time;
    });
    const auto before = stats.fills;
    for (const auto& f : list) on_fill(ExchangeFill{f, std::nullopt, true}, snapshot.requested_at);
    report.fills_recovered = stats.fills - before;
  }

  kalshi::OrderQuery resting;
  resting.status = kalshi::OrderStatus::resting;
  auto orders = co_await rest.all_orders(resting);
  if (!self->alive) co_return report;
  if (!orders) {
    report.error = "orders: " + orders.error().describe();
    co_return report;
  }
  snapshot.resting_orders = std::move(*orders);
  kalshi::PositionQuery all_positions;  // (GCC 12: no braced temporaries in co_await)
  auto positions = co_await rest.all_positions(all_positions);
  if (!self->alive) co_return report;
  if (!positions) {
    report.error = "positions: " + positions.error().describe();
    co_return report;
  }
  snapshot.positions = std::move(positions->market_positions);
  auto balance = co_await rest.balance();
  if (!self->alive) co_return report;
  if (!balance) {
    report.error = "balance: " + balance.error().describe();
    co_return report;
  }
  if (balance->balance_breakdown.empty()) {
    snapshot.cash.emplace_back(0, balance->balance);
  } else {
    for (const auto& b : balance->balance_breakdown)
      snapshot.cash.emplace_back(b.exchange_index, b.balance);
  }

  ReconcileOptions plan_options;
  plan_options.settle_grace = options.settle_grace;
  plan_options.fee_schedule = [this](const MarketTicker& t) -> std::optional<kalshi::FeeSchedule> {
    const kalshi::Market* m = markets ? markets(t) : nullptr;
    return m != nullptr ? directory.fees(m->event_ticker) : std::nullopt;
  };
  const ReconcilePlan plan =
      plan_reconciliation(snapshot, tracker, ledger, plan_options,
                          [this](const MarketTicker& t) -> std::optional<Timestamp> {
                            auto it = last_fill.find(t);
                            if (it == last_fill.end()) return std::nullopt;
                            return it->second;
                          });
  const Timestamp now = clock.now();

  for (const auto& [id, update] : plan.updates) {
    if (apply(id, update, "reconciliation").transition.changed()) ++report.order_updates;
  }
  for (const auto& order : plan.adopt) {
    if (!tracker.restore(order)) continue;
    ++report.adopted;
    const TrackedOrder& o = *tracker.find(order.client_order_id);
    store.save_order(order_row(o),
                     transition_row(o, std::nullopt, "adopted from the exchange", now));
    log->warn("reconcile_correction kind=order_adopted client_order_id={} order_id={} ticker={}",
              o.client_order_id, o.order_id ? o.order_id->str() : std::string(), o.ticker);
  }
  for (const auto& id : plan.missing) {
    const TrackedOrder* local = tracker.find(id);
    if (local == nullptr) continue;
    std::optional<kalshi::Order> found;
    bool answered = false;
    if (local->order_id) {
      auto r = co_await rest.order(*local->order_id);
      if (!self->alive) co_return report;
      if (r) {
        found = std::move(*r);
        answered = true;
      } else {
        answered = r.error().kind == kalshi::RestErrorKind::not_found;
      }
    } else {
      kalshi::OrderQuery q;
      q.ticker = local->ticker;
      q.min_ts = unix_seconds(local->created_at - std::chrono::minutes(5));
      auto r = co_await rest.all_orders(q);
      if (!self->alive) co_return report;
      if (r) {
        answered = true;
        for (auto& o : *r) {
          if (o.client_order_id == id) found = std::move(o);
        }
      }
    }
    local = tracker.find(id);
    if (!answered || local == nullptr) continue;
    if (auto event = resolve_missing(*local, found, clock.now())) {
      if (apply(id, *event, "reconciliation").transition.changed()) ++report.resolved;
    } else if (local->order_id && !found) {
      log->warn("reconcile_order_vanished client_order_id={} order_id={} state={}", id,
                *local->order_id, to_string(local->state));
    }
  }
  for (const auto& fix : plan.positions) {
    if (fix.absent_at_exchange) {
      // Settled while we were not looking? The settlement pays it; otherwise it is gone.
      kalshi::SettlementQuery q;
      q.ticker = fix.ticker;
      auto r = co_await rest.settlements(q);
      if (!self->alive) co_return report;
      if (r && !r->items.empty() && r->items.front().market_result) {
        const auto& st = r->items.front();
        std::optional<Price> value;
        if (st.value) {
          if (auto p = Price::from_centicents(st.value->centicents())) value = *p;
        }
        if (settle(fix.ticker, *st.market_result, value, st.settled_time.value_or(now))) {
          ++report.settled;
          continue;
        }
      }
    }
    if (!fix.known_locally) add_market(fix.ticker, fix.shard);
    const auto before = ledger.adjustments().size();
    if (auto error = ledger.set_position(fix.ticker, fix.exchange, fix.exchange_cost_basis, now)) {
      log->error("reconcile_position_failed ticker={} error={}", fix.ticker, to_string(*error));
      continue;
    }
    if (ledger.adjustments().size() == before) continue;
    ++report.position_fixes;
    record_adjustment(fix.ticker, "reconciliation: position");
    log->warn("reconcile_correction kind=position ticker={} local={} exchange={}", fix.ticker,
              fix.local, fix.exchange);
    if (positions_compared.contains(fix.ticker)) report.drift = true;
  }
  for (const auto& fix : plan.cash) {
    ledger.set_cash(fix.shard, fix.exchange, now);
    ++report.cash_fixes;
    record_adjustment(MarketTicker{},
                      first ? "reconciliation: opening cash" : "reconciliation: cash");
    const Money diff = (fix.exchange - fix.local).abs();
    (first ? log->info("reconcile_correction kind=cash shard={} local={} exchange={}", fix.shard,
                       fix.local, fix.exchange)
           : log->warn("reconcile_correction kind=cash shard={} local={} exchange={}", fix.shard,
                       fix.local, fix.exchange));
    if (cash_compared.contains(fix.shard) && diff > options.ledger_drift_tolerance) {
      report.drift = true;
    }
  }
  report.foreign_orders = plan.foreign.size();
  report.conflicts = plan.conflicts.size();
  report.deferred = plan.deferred.size() + plan.cash_deferred.size();
  for (const auto& c : plan.conflicts) {
    log->warn("reconcile_conflict client_order_id={} order_id={} reason={}", c.client_order_id,
              c.order_id, to_string(c.reason));
  }
  if (report.drift) {
    risk.engage_kill_switch(risk::LatchReason::ledger_drift,
                            "the ledger disagreed with the exchange at reconciliation", now);
    log->error("ledger_drift positions={} cash={}", report.position_fixes, report.cash_fixes);
  }
  // Remember what was compared this round (deferred ones were not).
  for (const auto& [shard, cash] : snapshot.cash) {
    if (std::find(plan.cash_deferred.begin(), plan.cash_deferred.end(), shard) ==
        plan.cash_deferred.end()) {
      cash_compared.insert(shard);
    }
  }
  auto compared = [&](const MarketTicker& t) {
    if (std::find(plan.deferred.begin(), plan.deferred.end(), t) == plan.deferred.end()) {
      positions_compared.insert(t);
    }
  };
  for (const auto& p : snapshot.positions) compared(p.ticker);
  for (const auto& [t, p] : ledger.positions()) compared(t);
  report.ok = true;
  last_reconciled = snapshot.requested_at;
  ++stats.reconciliations;
  stats.corrections += report.corrections();
  // The positions (and so equity) are known once every shard's cash and every market has
  // been compared; a deferred first look waits for the next round.
  report.complete = plan.cash_deferred.empty() && plan.deferred.empty();
  if (!view.positions_known() && report.complete) {
    view.set_positions_known(true);
    log->info("reconciled_first corrections={} adopted={} foreign_orders={} fills_recovered={}",
              stats.corrections, report.adopted, report.foreign_orders, report.fills_recovered);
  } else if (!view.positions_known()) {
    log->info("reconcile_incomplete deferred_markets={} deferred_shards={}: positions stay unknown",
              plan.deferred.size(), plan.cash_deferred.size());
  } else if (report.corrections() > 0) {
    log->info("reconciled corrections={} fills_recovered={}", report.corrections(),
              report.fills_recovered);
  }
  observe_equity(true);
  co_return report;
}

}  // namespace antevorta::execution
