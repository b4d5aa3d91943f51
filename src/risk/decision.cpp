#include "antevorta/risk/decision.hpp"

namespace antevorta::risk {

namespace {

// Index = enum value; the names are metric labels and must never change.
constexpr std::array<std::string_view, kDenyReasonCount> kDenyReasonNames = {
    "kill_switch_engaged",
    "circuit_breaker_tripped",
    "invalid_intent",
    "unknown_input",
    "exchange_inactive",
    "market_inactive",
    "stale_book",
    "stale_feed",
    "close_window",
    "max_order_count",
    "max_order_cost",
    "max_position_per_market",
    "max_event_exposure",
    "max_series_exposure",
    "max_category_exposure",
    "max_open_orders",
    "max_concurrent_positions",
    "max_portfolio_exposure",
    "max_portfolio_exposure_share",
    "max_orders_per_minute",
    "max_orders_per_minute_per_strategy",
    "duplicate_intent",
    "min_edge_after_fees",
    "price_band",
};
static_assert(static_cast<std::size_t>(DenyReason::price_band) + 1 == kDenyReasonCount);

}  // namespace

std::string_view to_string(DenyReason reason) noexcept {
  const auto index = static_cast<std::size_t>(reason);
  return index < kDenyReasonNames.size() ? kDenyReasonNames[index] : "unknown_input";
}

std::optional<DenyReason> parse_deny_reason(std::string_view text) noexcept {
  for (std::size_t i = 0; i < kDenyReasonNames.size(); ++i) {
    if (kDenyReasonNames[i] == text) return static_cast<DenyReason>(i);
  }
  return std::nullopt;
}

std::string_view to_string(IntentPurpose purpose) noexcept {
  switch (purpose) {
    case IntentPurpose::entry:
      return "entry";
    case IntentPurpose::reduce:
      return "reduce";
    case IntentPurpose::flatten:
      return "flatten";
  }
  return "entry";
}

}  // namespace antevorta::risk
