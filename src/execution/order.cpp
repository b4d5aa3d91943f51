// The order state machine (rules in order.hpp). Each handler checks everything first and
// changes the order only when it returns `applied`.
#include "antevorta/execution/order.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

namespace antevorta::execution {

namespace {

constexpr std::array<std::string_view, 7> kStateNames{
    "pending", "resting", "partially_filled", "filled", "canceled", "rejected", "unknown"};

class Transition {
 public:
  explicit Transition(TrackedOrder& order) : o_(order), from_(order.state) {}

  TransitionResult operator()(const Submitted& e) {
    if (o_.state == OrderState::pending) {
      ++o_.attempts;
      return applied(e.at);
    }
    if (o_.state == OrderState::unknown) {
      ++o_.attempts;
      o_.state = OrderState::pending;
      return applied(e.at);
    }
    return result(TransitionKind::ignored, is_final(o_.state) ? TransitionNote::late_after_terminal
                                                              : TransitionNote::already_known);
  }

  TransitionResult operator()(const Accepted& e) {
    if (auto r = refuse_exchange_message()) return *r;
    if (auto r = check_order_id(e.order_id)) return *r;
    const Count remaining = e.remaining.value_or(o_.count - e.filled);
    if (auto r = check_counts(e.filled, remaining)) return *r;
    std::optional<kalshi::OrderStatus> status = kalshi::OrderStatus::resting;
    if (remaining.is_zero()) {
      const bool ioc = o_.time_in_force != kalshi::TimeInForce::good_till_canceled;
      status = e.filled < o_.count && ioc ? kalshi::OrderStatus::canceled
                                          : kalshi::OrderStatus::executed;
    }
    return merge_view(e.order_id, e.filled, remaining, status, e.at);
  }

  TransitionResult operator()(const Rejected& e) {
    if (o_.state == OrderState::pending || o_.state == OrderState::unknown) {
      o_.last_reason = e.reason;
      if (o_.maybe_placed) {
        o_.state = OrderState::unknown;
        return applied(e.at, TransitionNote::rejection_needs_resolution);
      }
      o_.state = OrderState::rejected;
      o_.remaining = Count{};
      return applied(e.at);
    }
    if (o_.state == OrderState::rejected) return result(TransitionKind::duplicate);
    return result(TransitionKind::ignored, is_final(o_.state) ? TransitionNote::late_after_terminal
                                                              : TransitionNote::already_known);
  }

  TransitionResult operator()(const OutcomeUnknown& e) {
    if (o_.state == OrderState::pending) {
      o_.state = OrderState::unknown;
      o_.maybe_placed = true;
      o_.last_reason = e.reason;
      return applied(e.at);
    }
    if (o_.state == OrderState::unknown) {
      return result(TransitionKind::duplicate, TransitionNote::nothing_new);
    }
    return result(TransitionKind::ignored, is_final(o_.state) ? TransitionNote::late_after_terminal
                                                              : TransitionNote::already_known);
  }

  TransitionResult operator()(const ExchangeUpdate& e) {
    if (auto r = refuse_exchange_message()) return *r;
    if (auto r = check_order_id(e.order_id)) return *r;
    if (auto r = check_counts(e.filled, e.remaining)) return *r;
    std::optional<kalshi::OrderStatus> status;
    if (e.status != kalshi::OrderStatus::unknown) status = e.status;
    return merge_view(e.order_id, e.filled, e.remaining, status, e.at);
  }

  TransitionResult operator()(const Filled& e) {
    if (e.trade_id.empty() || e.count <= Count{} || e.price <= Price::zero() ||
        e.price >= Price::one() || e.fee < Money::zero()) {
      return result(TransitionKind::illegal, TransitionNote::invalid_fill);
    }
    if (std::find(o_.trade_ids.begin(), o_.trade_ids.end(), e.trade_id) != o_.trade_ids.end()) {
      return result(TransitionKind::duplicate, TransitionNote::duplicate_trade);
    }
    if (o_.state == OrderState::rejected) {
      return result(TransitionKind::illegal, TransitionNote::contradicts_rejection);
    }
    if (e.order_id) {
      if (auto r = check_order_id(*e.order_id)) return *r;
    }
    if (o_.fills_count + e.count > o_.count) {
      return result(TransitionKind::illegal, TransitionNote::overfill);
    }
    if (e.order_id) o_.order_id = *e.order_id;
    o_.trade_ids.push_back(e.trade_id);
    o_.fills_count += e.count;
    o_.fees_paid += e.fee;
    o_.fill_value = detail::checked_add(o_.fill_value,
                                        detail::checked_mul(e.price.centicents(), e.count.centi()));
    settle(std::nullopt);
    return applied(e.at);
  }

  TransitionResult operator()(const CancelRequested& e) {
    if (is_final(o_.state))
      return result(TransitionKind::ignored, TransitionNote::late_after_terminal);
    if (o_.cancel_requested) return result(TransitionKind::duplicate, TransitionNote::nothing_new);
    o_.cancel_requested = true;
    return applied(e.at);
  }

  TransitionResult operator()(const Canceled& e) {
    if (auto r = refuse_exchange_message()) return *r;
    o_.state = OrderState::canceled;
    o_.remaining = Count{};
    o_.effective_count = o_.filled_count();
    return applied(e.at);
  }

  TransitionResult operator()(const NotFound& e) {
    switch (o_.state) {
      case OrderState::unknown:
        o_.state = OrderState::rejected;
        o_.remaining = Count{};
        o_.last_reason = "not found at the exchange after an unknown outcome";
        return applied(e.at);
      case OrderState::pending:
        return result(TransitionKind::illegal, TransitionNote::resolution_in_flight);
      case OrderState::rejected:
        return result(TransitionKind::duplicate, TransitionNote::nothing_new);
      default:
        return result(TransitionKind::illegal, TransitionNote::not_found_but_known);
    }
  }

 private:
  TransitionResult result(TransitionKind kind, TransitionNote note = TransitionNote::none) const {
    return TransitionResult{kind, note, from_, o_.state};
  }
  TransitionResult applied(Timestamp at, TransitionNote note = TransitionNote::none) {
    o_.updated_at = at;
    return result(TransitionKind::applied, note);
  }

  // For messages that say the order exists at the exchange (rules 1 and 2).
  std::optional<TransitionResult> refuse_exchange_message() const {
    if (o_.state == OrderState::rejected) {
      return result(TransitionKind::illegal, TransitionNote::contradicts_rejection);
    }
    if (o_.state == OrderState::filled || o_.state == OrderState::canceled) {
      return result(TransitionKind::ignored, TransitionNote::late_after_terminal);
    }
    return std::nullopt;
  }

  std::optional<TransitionResult> check_order_id(const OrderId& id) const {
    if (o_.order_id && !id.empty() && *o_.order_id != id) {
      return result(TransitionKind::illegal, TransitionNote::order_id_mismatch);
    }
    return std::nullopt;
  }

  std::optional<TransitionResult> check_counts(Count filled, Count remaining) const {
    if (filled > o_.count) return result(TransitionKind::illegal, TransitionNote::overfill);
    if (filled < Count{} || remaining < Count{}) {
      return result(TransitionKind::illegal, TransitionNote::invalid_counts);
    }
    if (filled + remaining > o_.count) {
      return result(TransitionKind::illegal, TransitionNote::invalid_counts);
    }
    return std::nullopt;
  }

  // Merges an exchange view (rule 4) and settles the state (rule 6).
  TransitionResult merge_view(const OrderId& id, Count filled, Count remaining,
                              std::optional<kalshi::OrderStatus> status, Timestamp at) {
    const auto view = [this] {
      return std::tuple(o_.state, o_.order_id, o_.exchange_filled, o_.effective_count,
                        o_.remaining);
    };
    const auto before = view();
    if (!id.empty()) o_.order_id = id;
    o_.exchange_filled = std::max(o_.exchange_filled, filled);
    o_.effective_count = std::min(o_.effective_count, filled + remaining);
    settle(status);
    if (view() == before) {
      return result(TransitionKind::duplicate, TransitionNote::nothing_new);
    }
    return applied(at);
  }

  // The state from the exchange's status (when given) and the counts; final states stay.
  void settle(std::optional<kalshi::OrderStatus> status) {
    const Count filled = o_.filled_count();
    if (!is_final(o_.state)) {
      if (status == kalshi::OrderStatus::canceled) {
        o_.state = OrderState::canceled;
      } else if (status == kalshi::OrderStatus::executed || filled >= o_.effective_count) {
        o_.state = OrderState::filled;
      } else {
        o_.state = filled > Count{} ? OrderState::partially_filled : OrderState::resting;
      }
    }
    if (is_final(o_.state)) {
      o_.remaining = Count{};
    } else {
      o_.remaining = std::max(Count{}, o_.effective_count - filled);
    }
  }

  TrackedOrder& o_;
  OrderState from_;
};

}  // namespace

std::string_view to_string(OrderState s) noexcept {
  return kStateNames[static_cast<std::size_t>(s)];
}

std::optional<OrderState> parse_order_state(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kStateNames.size(); ++i) {
    if (kStateNames[i] == text) return static_cast<OrderState>(i);
  }
  return std::nullopt;
}

std::string_view to_string(TransitionKind k) noexcept {
  switch (k) {
    case TransitionKind::applied:
      return "applied";
    case TransitionKind::ignored:
      return "ignored";
    case TransitionKind::duplicate:
      return "duplicate";
    case TransitionKind::illegal:
      return "illegal";
  }
  return "?";
}

std::string_view to_string(TransitionNote n) noexcept {
  switch (n) {
    case TransitionNote::none:
      return "none";
    case TransitionNote::late_after_terminal:
      return "late_after_terminal";
    case TransitionNote::already_known:
      return "already_known";
    case TransitionNote::nothing_new:
      return "nothing_new";
    case TransitionNote::duplicate_trade:
      return "duplicate_trade";
    case TransitionNote::rejection_needs_resolution:
      return "rejection_needs_resolution";
    case TransitionNote::overfill:
      return "overfill";
    case TransitionNote::invalid_fill:
      return "invalid_fill";
    case TransitionNote::invalid_counts:
      return "invalid_counts";
    case TransitionNote::order_id_mismatch:
      return "order_id_mismatch";
    case TransitionNote::contradicts_rejection:
      return "contradicts_rejection";
    case TransitionNote::not_found_but_known:
      return "not_found_but_known";
    case TransitionNote::resolution_in_flight:
      return "resolution_in_flight";
  }
  return "?";
}

std::optional<Price> TrackedOrder::average_fill_price() const {
  if (fills_count <= Count{}) return std::nullopt;
  const std::int64_t cc = detail::divide(fill_value, fills_count.centi(), Rounding::nearest);
  return Price::of(cc);
}

TrackedOrder make_tracked_order(const strategy::OrderIntent& intent, ClientOrderId id,
                                Timestamp now) {
  TrackedOrder o;
  o.client_order_id = std::move(id);
  o.intent_id = intent.id;
  o.strategy = intent.strategy;
  o.ticker = intent.ticker;
  o.side = intent.side;
  o.action = intent.action;
  o.limit_price = intent.limit_price;
  o.count = intent.count;
  o.time_in_force = intent.time_in_force;
  o.post_only = intent.post_only;
  o.reduce_only = intent.reduce_only;
  o.effective_count = intent.count;
  o.remaining = intent.count;
  o.created_at = now;
  o.updated_at = now;
  return o;
}

TransitionResult apply(TrackedOrder& order, const OrderEvent& event) {
  Transition t(order);
  return std::visit(t, event);
}

}  // namespace antevorta::execution
