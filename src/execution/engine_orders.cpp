// Engine: intents through risk into orders, the create and cancel tasks, order events.

// GCC 12 reports -Wmismatched-new-delete on the frames of these member coroutines (Asio's
// awaitable_frame_base pairs its own operator new and delete; the report is a known false
// positive of GCC's coroutine lowering at -O2).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "antevorta/execution/order_request.hpp"
#include "antevorta/execution/records.hpp"
#include "antevorta/risk/exposure.hpp"
#include "antevorta/store/commit_wait.hpp"
#include "antevorta/store/trading_writes.hpp"

#include "engine_state.hpp"

namespace antevorta::execution {

namespace asio = boost::asio;

namespace {

std::string describe(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
  }
  return "unknown exception";
}

// A venue that threw: the create may or may not have reached the exchange.
kalshi::OrderWriteResult unknown_answer(const std::exception_ptr& failure) {
  kalshi::OrderWriteResult answer;
  answer.outcome = kalshi::WriteOutcome::unknown;
  answer.error = kalshi::RestError{};
  answer.error->message = describe(failure);
  return answer;
}

}  // namespace

risk::RiskDecision Engine::State::submit(const strategy::OrderIntent& intent,
                                         risk::IntentPurpose purpose) {
  ++stats.intents;
  const ClientOrderId id = derive_client_order_id(intent, options.prefix);
  if (const auto* existing = tracker.find(id)) {
    // The same intent again (a strategy's retry): never a second order, and its record
    // already exists.
    ++stats.resubmitted;
    publish_update(*existing, "already submitted");
    return risk::RiskDecision::approve();
  }
  store.record_intent(intent_row(intent));
  if (intent.evidence.probability) {
    fair_values[{intent.strategy, intent.ticker}] = *intent.evidence.probability;
  }
  const auto expiry = expiry_denial(intent);
  const risk::RiskDecision decision = expiry ? *expiry : gate.submit(intent, purpose);
  const Timestamp now = clock.now();
  store.record_decision(decision_row(intent.id, decision, now));
  bus.publish(IntentDecided{intent, decision, now});
  if (!decision.approved) {
    ++stats.denied;
    log->info("risk_denied intent={} strategy={} ticker={} reason={} rule={} limit={} actual={}",
              intent.id, intent.strategy, intent.ticker, risk::to_string(decision.reason),
              decision.rule, decision.limit, decision.actual);
    strategy::StrategyOrderUpdate update;
    update.order.strategy = intent.strategy;
    update.order.intent = intent.id;
    update.order.ticker = intent.ticker;
    update.order.side = intent.side;
    update.order.action = intent.action;
    update.order.limit_price = intent.limit_price;
    update.order.count = intent.count;
    update.order.time_in_force = intent.time_in_force;
    update.order.state = strategy::OrderState::denied;
    update.reason = std::string(risk::to_string(decision.reason));
    if (!decision.detail.empty()) update.reason += ": " + decision.detail;
    update.at = now;
    bus.publish(std::move(update));
    return decision;
  }
  ++stats.approved;
  const auto created = tracker.create(intent, now);
  const TrackedOrder& order = *created.order;
  publish_update(order, "approved");
  spawn(send_create(order.client_order_id), "create");
  return decision;
}

std::optional<risk::RiskDecision> Engine::State::expiry_denial(
    const strategy::OrderIntent& intent) const {
  if (!phase_of) return std::nullopt;
  const auto phase = phase_of(intent.ticker);
  if (!phase || allows_entry(*phase)) return std::nullopt;
  // Reducing: the intent moves the position towards zero without crossing it (the risk
  // manager's own split of an intent).
  const bool reduces =
      risk::split_intent(intent, ledger.position(intent.ticker).position).reduces_only();
  if (reduces && allows_reduce(*phase)) return std::nullopt;
  return risk::RiskDecision::deny(
      risk::DenyReason::close_window, "execution.reduce_only_before_close_seconds",
      std::string(to_string(*phase)), reduces ? "reduce" : "entry",
      fmt::format("the market is {}: {}", to_string(*phase),
                  allows_reduce(*phase) ? "only reducing orders" : "no orders"));
}

void Engine::State::spawn(asio::awaitable<void> task, const char* what) {
  asio::co_spawn(
      executor, std::move(task), [self = shared_from_this(), what](const std::exception_ptr& e) {
        if (!e || !self->alive) return;
        self->log->error("execution_task_failed task={} error={}", what, log_value(describe(e)));
      });
}

asio::awaitable<void> Engine::State::send_create(ClientOrderId id) {
  auto self = shared_from_this();
  const TrackedOrder* order = tracker.find(id);
  if (order == nullptr) co_return;
  // Durable before send: the client_order_id is on disk before the request can leave.
  const auto row = order_row(*order);
  const auto first = transition_row(*order, std::nullopt, "approved", order->created_at);
  const auto commit = co_await store::async_commit(
      store.store(), store::writes::order_group(row, first), executor, asio::use_awaitable);
  if (!self->alive) co_return;
  if (!commit.committed) {
    ++stats.store_failures;
    log->error("order_not_persisted client_order_id={} error={}", id, log_value(commit.error));
    apply(id, Rejected{"not sent: the order could not be stored", clock.now()}, "store failed");
    co_return;
  }
  for (int attempt = 1;; ++attempt) {
    order = tracker.find(id);
    if (order == nullptr || is_final(order->state)) co_return;
    if (attempt > 1 && order->state != OrderState::unknown) co_return;  // resolved meanwhile
    apply(id, Submitted{clock.now()}, attempt == 1 ? "sent" : "re-sent");
    order = tracker.find(id);
    const Count position = ledger.position(order->ticker).position;
    ++stats.creates_sent;
    kalshi::OrderWriteResult answer;
    std::exception_ptr failure;
    try {
      answer = co_await venue.create(to_create_request(*order), position);
    } catch (...) {
      failure = std::current_exception();
    }
    if (!self->alive) co_return;
    if (failure) answer = unknown_answer(failure);
    const Timestamp now = clock.now();
    const OrderEvent event = create_answer_event(answer, now);
    apply(id, event, "create answer");
    order = tracker.find(id);
    if (order == nullptr) co_return;
    if (order->state != OrderState::unknown) break;
    if (attempt >= options.max_create_attempts) {
      log->warn("order_unresolved client_order_id={} attempts={}: left for reconciliation", id,
                attempt);
      co_return;
    }
    co_await async_sleep(clock, options.resend_delay, asio::as_tuple(asio::use_awaitable));
    if (!self->alive) co_return;
  }
  order = tracker.find(id);
  if (order != nullptr && order->cancel_requested && is_open(order->state) && order->order_id) {
    co_await send_cancel(id);
  }
}

bool Engine::State::request_cancel(const ClientOrderId& id, std::string_view why) {
  const TrackedOrder* order = tracker.find(id);
  if (order == nullptr || !is_open(order->state)) return false;
  const bool first = !order->cancel_requested;
  apply(id, CancelRequested{clock.now()}, std::string(why));
  order = tracker.find(id);
  // Without an exchange id the create is still in flight (or unresolved): send_create sends
  // the cancel once the order exists.
  if (first && order->order_id) spawn(send_cancel(id), "cancel");
  return true;
}

asio::awaitable<void> Engine::State::send_cancel(ClientOrderId id) {
  auto self = shared_from_this();
  const TrackedOrder* order = tracker.find(id);
  if (order == nullptr || !is_open(order->state) || !order->order_id) co_return;
  ++stats.cancels_sent;
  const OrderId order_id = *order->order_id;
  const MarketTicker ticker = order->ticker;
  kalshi::CancelResult answer;
  std::exception_ptr failure;
  try {
    answer = co_await venue.cancel(order_id, ticker);
  } catch (...) {
    failure = std::current_exception();
  }
  if (!self->alive) co_return;
  if (failure) {
    log->warn("order_cancel_failed client_order_id={} error={}", id, describe(failure));
    co_return;
  }
  if (answer.accepted()) {
    const Count reduced = answer.ack ? answer.ack->reduced_by : Count{};
    apply(id, Canceled{reduced, clock.now()}, "cancel answer");
  } else {
    // Not canceled: already filled or gone (the exchange's order messages tell which), or
    // unknown (the next update or reconciliation tells).
    log->info("order_cancel_not_applied client_order_id={} outcome={} error={}", id,
              kalshi::to_string(answer.outcome),
              log_value(answer.error ? answer.error->describe() : std::string()));
  }
}

strategy::RepriceOutcome Engine::State::reprice(const strategy::StrategyId& strategy,
                                                const ClientOrderId& id, Price limit_price,
                                                Count count,
                                                const strategy::IntentId& replacement) {
  using strategy::RepriceOutcome;
  const TrackedOrder* o = tracker.find(id);
  if (o == nullptr || o->strategy != strategy || !o->order_id || o->cancel_requested ||
      (o->state != OrderState::resting && o->state != OrderState::partially_filled) ||
      count < Count{}) {
    return RepriceOutcome::not_open;
  }
  if (limit_price == o->limit_price) {
    if (count == o->remaining) return RepriceOutcome::unchanged;
    if (count.is_zero()) {
      request_cancel(id, "reprice to zero");
      return RepriceOutcome::decrease;
    }
    if (count < o->remaining) {
      log->info("order_decrease client_order_id={} remaining={} reduce_to={}", id, o->remaining,
                count);
      spawn(send_decrease(id, count), "decrease");
      return RepriceOutcome::decrease;
    }
  }
  // A new price, or more contracts: the queue place is lost either way; cancel and replace.
  strategy::OrderIntent next;
  next.id = replacement;
  next.strategy = o->strategy;
  next.ticker = o->ticker;
  next.side = o->side;
  next.action = o->action;
  next.count = count;
  next.limit_price = limit_price;
  next.time_in_force = o->time_in_force;
  next.post_only = o->post_only;
  next.reduce_only = o->reduce_only;
  next.evidence.reason = fmt::format("reprice of {}", id);
  next.created_at = clock.now();
  log->info("order_cancel_replace client_order_id={} price={} -> {} remaining={} -> {}", id,
            o->limit_price, limit_price, o->remaining, count);
  request_cancel(id, "cancel-replace");
  if (!count.is_zero()) submit(next, risk::IntentPurpose::entry);
  return RepriceOutcome::cancel_replace;
}

asio::awaitable<void> Engine::State::send_decrease(ClientOrderId id, Count reduce_to) {
  auto self = shared_from_this();
  const TrackedOrder* order = tracker.find(id);
  if (order == nullptr || !is_open(order->state) || !order->order_id) co_return;
  const OrderId order_id = *order->order_id;
  const MarketTicker ticker = order->ticker;
  kalshi::OrderWriteResult answer;
  std::exception_ptr failure;
  try {
    answer = co_await venue.decrease(order_id, ticker, reduce_to);
  } catch (...) {
    failure = std::current_exception();
  }
  if (!self->alive) co_return;
  if (failure || !answer.accepted() || !answer.ack) {
    log->warn("order_decrease_not_applied client_order_id={} error={}", id,
              failure ? describe(failure)
                      : log_value(answer.error ? answer.error->describe() : std::string()));
    co_return;
  }
  order = tracker.find(id);
  if (order == nullptr) co_return;
  const Count filled = answer.ack->fill_count.value_or(order->filled_count());
  const Count remaining = answer.ack->remaining_count.value_or(reduce_to);
  apply(id,
        ExchangeUpdate{
            order_id,
            remaining.is_zero() ? kalshi::OrderStatus::canceled : kalshi::OrderStatus::resting,
            std::max(filled, order->filled_count()), remaining, clock.now()},
        "decrease answer");
}

TrackerResult Engine::State::apply(const ClientOrderId& id, const OrderEvent& event,
                                   std::string why) {
  const TrackedOrder* before = tracker.find(id);
  if (before == nullptr) return TrackerResult{};
  const OrderState from = before->state;
  TrackerResult r = tracker.apply(id, event);
  if (r.transition.kind == TransitionKind::illegal) {
    ++stats.illegal_events;
    log->warn("order_event_illegal client_order_id={} state={} note={}", id, to_string(from),
              to_string(r.transition.note));
  }
  if (!r.found || !r.transition.changed()) return r;
  const TrackedOrder& order = *r.order;
  const bool state_changed = order.state != from;
  if (const auto* rej = std::get_if<Rejected>(&event); rej && state_changed) why = rej->reason;
  if (const auto* unk = std::get_if<OutcomeUnknown>(&event)) why = unk->reason;
  if (std::holds_alternative<Submitted>(event)) {
    if (state_changed) record_change(order, from, why, true);  // unknown → pending (re-send)
    return r;
  }
  record_change(order, from, why, state_changed);
  return r;
}

void Engine::State::record_change(const TrackedOrder& order, OrderState from,
                                  const std::string& why, bool state_changed) {
  std::optional<store::TransitionRow> transition;
  if (state_changed) transition = transition_row(order, from, why, order.updated_at);
  store.save_order(order_row(order), transition);
  if (!state_changed) return;
  const auto& id = order.client_order_id;
  const bool was_unconfirmed = from == OrderState::pending || from == OrderState::unknown;
  const bool confirmed = order.state != OrderState::pending && order.state != OrderState::unknown &&
                         order.state != OrderState::rejected;
  if (was_unconfirmed && confirmed) {
    log->info(
        "order_placed client_order_id={} order_id={} ticker={} side={} action={} price={} "
        "count={} state={}",
        id, order.order_id ? order.order_id->str() : std::string(), order.ticker,
        kalshi::to_string(order.side), strategy::to_string(order.action), order.limit_price,
        order.count, to_string(order.state));
  }
  switch (order.state) {
    case OrderState::filled:
      log->info("order_filled client_order_id={} ticker={} filled={}", id, order.ticker,
                order.filled_count());
      break;
    case OrderState::canceled:
      log->info("order_canceled client_order_id={} ticker={} filled={} reason={}", id, order.ticker,
                order.filled_count(), log_value(why));
      break;
    case OrderState::rejected:
      ++stats.rejected;
      log->warn("order_rejected client_order_id={} ticker={} reason={}", id, order.ticker,
                log_value(order.last_reason));
      break;
    case OrderState::unknown:
      ++stats.unknown_outcomes;
      log->warn("order_unknown_outcome client_order_id={} ticker={} reason={}", id, order.ticker,
                log_value(order.last_reason));
      break;
    case OrderState::pending:
    case OrderState::resting:
    case OrderState::partially_filled:
      break;
  }
  publish_update(order, why);
  if (is_final(order.state) && ++changes_since_forget >= 256) {
    changes_since_forget = 0;
    tracker.forget_final(clock.now() - options.forget_final_after);
  }
}

void Engine::State::publish_update(const TrackedOrder& order, std::string reason) {
  bus.publish(strategy::StrategyOrderUpdate{strategy_order(order), std::move(reason), clock.now()});
}

}  // namespace antevorta::execution
