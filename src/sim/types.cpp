#include "antevorta/sim/types.hpp"

namespace antevorta::sim {

std::string_view to_string(BookSide s) noexcept { return s == BookSide::bid ? "bid" : "ask"; }

std::string_view to_string(TimeInForce t) noexcept {
  switch (t) {
    case TimeInForce::good_till_canceled:
      return "good_till_canceled";
    case TimeInForce::immediate_or_cancel:
      return "immediate_or_cancel";
    case TimeInForce::fill_or_kill:
      return "fill_or_kill";
  }
  return "unknown";
}

std::string_view to_string(SelfTradePrevention s) noexcept {
  return s == SelfTradePrevention::maker ? "maker" : "taker_at_cross";
}

std::string_view to_string(OrderStatus s) noexcept {
  switch (s) {
    case OrderStatus::resting:
      return "resting";
    case OrderStatus::canceled:
      return "canceled";
    case OrderStatus::executed:
      return "executed";
  }
  return "unknown";
}

std::string_view to_string(RejectReason r) noexcept {
  switch (r) {
    case RejectReason::market_not_found:
      return "market_not_found";
    case RejectReason::market_inactive:
      return "market_inactive";
    case RejectReason::market_paused:
      return "market_paused";
    case RejectReason::invalid_price:
      return "invalid_price";
    case RejectReason::invalid_count:
      return "invalid_count";
    case RejectReason::expiration_in_past:
      return "expiration_in_past";
    case RejectReason::expiration_not_allowed:
      return "expiration_not_allowed";
    case RejectReason::post_only_cross:
      return "post_only_cross";
    case RejectReason::post_only_not_allowed:
      return "post_only_not_allowed";
    case RejectReason::order_already_exists:
      return "order_already_exists";
    case RejectReason::order_not_found:
      return "order_not_found";
    case RejectReason::fok_insufficient_volume:
      return "fok_insufficient_volume";
    case RejectReason::reduce_only_no_position:
      return "reduce_only_no_position";
    case RejectReason::insufficient_balance:
      return "insufficient_balance";
    case RejectReason::invalid_amount:
      return "invalid_amount";
  }
  return "unknown";
}

std::string_view to_string(UpdateReason r) noexcept {
  switch (r) {
    case UpdateReason::placed:
      return "placed";
    case UpdateReason::filled:
      return "filled";
    case UpdateReason::canceled_by_user:
      return "canceled_by_user";
    case UpdateReason::decreased:
      return "decreased";
    case UpdateReason::amended:
      return "amended";
    case UpdateReason::ioc_unfilled:
      return "ioc_unfilled";
    case UpdateReason::self_trade_prevented:
      return "self_trade_prevented";
    case UpdateReason::expired:
      return "expired";
    case UpdateReason::market_closed:
      return "market_closed";
    case UpdateReason::market_paused:
      return "market_paused";
  }
  return "unknown";
}

std::string_view kalshi_error_code(RejectReason r) noexcept {
  switch (r) {
    case RejectReason::market_not_found:
      return "not_found";
    case RejectReason::market_inactive:
    case RejectReason::market_paused:
      return "MARKET_INACTIVE";
    case RejectReason::invalid_price:
    case RejectReason::expiration_in_past:
    case RejectReason::expiration_not_allowed:
    case RejectReason::post_only_not_allowed:
    case RejectReason::invalid_amount:
      return "invalid_parameters";
    case RejectReason::invalid_count:
      return "invalid_order_size";
    case RejectReason::post_only_cross:
    case RejectReason::reduce_only_no_position:
      return "invalid_order";
    case RejectReason::order_already_exists:
      return "ORDER_ALREADY_EXISTS";
    case RejectReason::order_not_found:
      return "not_found";
    case RejectReason::fok_insufficient_volume:
      return "FOK_INSUFFICIENT_VOLUME";
    case RejectReason::insufficient_balance:
      return "INSUFFICIENT_BALANCE";
  }
  return "invalid_order";
}

int http_status(RejectReason r) noexcept {
  switch (r) {
    case RejectReason::market_not_found:
    case RejectReason::order_not_found:
      return 404;
    case RejectReason::order_already_exists:
    case RejectReason::market_inactive:
    case RejectReason::market_paused:
      return 409;
    default:
      return 400;
  }
}

PublicTrade public_trade(const Fill& fill) {
  return PublicTrade{fill.trade_id, fill.ticker,     fill.price,
                     fill.count,    fill.taker_side, fill.time};
}

const OrderUpdate* EngineResult::last_update_of(const OrderId& id) const noexcept {
  for (auto it = updates.rbegin(); it != updates.rend(); ++it) {
    if (it->order.id == id) return &*it;
  }
  return nullptr;
}

}  // namespace antevorta::sim
