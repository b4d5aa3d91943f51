// The outcome of a risk check: approved, or denied with one reason and the numbers behind it.
//
// A denial names the rule (`rule`: its config key, e.g. "max_order_cost"; for the latches
// and intent checks a fixed name such as "kill_switch" or "intent"), the limit and the actual value
// as text formatted from the fixed-point types ("25.0000", "27.1800"), and a sentence for people
// (`detail`). The bus event and the stored row carry exactly these fields. An unknown_input denial
// names the rule that needed the input and, in `missing`, the input itself ("position", "book", …).
//
// to_string(DenyReason) gives stable snake_case names: they are metric labels and log
// fields, so existing names never change.
//
// Errors: none (values). Threading: values.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace antevorta::risk {

enum class DenyReason : std::uint8_t {
  kill_switch_engaged,
  circuit_breaker_tripped,
  invalid_intent,
  unknown_input,
  exchange_inactive,
  market_inactive,
  stale_book,
  stale_feed,
  close_window,
  max_order_count,
  max_order_cost,
  max_position_per_market,
  max_event_exposure,
  max_series_exposure,
  max_category_exposure,
  max_open_orders,
  max_concurrent_positions,
  max_portfolio_exposure,
  max_portfolio_exposure_share,
  max_orders_per_minute,
  max_orders_per_minute_per_strategy,
  duplicate_intent,
  min_edge_after_fees,
  price_band,
};
inline constexpr std::size_t kDenyReasonCount = 24;

std::string_view to_string(DenyReason reason) noexcept;
std::optional<DenyReason> parse_deny_reason(std::string_view text) noexcept;

// What an intent is for. The purpose changes which rules apply (see RiskManager).
enum class IntentPurpose : std::uint8_t {
  entry,    // the default: rules decide from the position whether it reduces
  reduce,   // the caller says it reduces; denied as invalid_intent if it would not
  flatten,  // the operator's flatten: must reduce; passes the kill switch and the breaker
};
std::string_view to_string(IntentPurpose purpose) noexcept;

struct RiskDecision {
  bool approved = false;
  DenyReason reason = DenyReason::unknown_input;  // meaningful when denied
  std::string rule;     // the config key of the rule, or the missing input
  std::string limit;    // the configured limit, as text ("" when there is none)
  std::string actual;   // the value that broke it, as text ("" when unknown)
  std::string missing;  // unknown_input only: the unknown input ("position", "book", …)
  std::string detail;   // one sentence for people

  static RiskDecision approve() {
    RiskDecision d;
    d.approved = true;
    return d;
  }
  static RiskDecision deny(DenyReason reason, std::string rule, std::string limit,
                           std::string actual, std::string detail) {
    return RiskDecision{
        false, reason, std::move(rule), std::move(limit), std::move(actual), {}, std::move(detail)};
  }
  // A rule could not be computed: `missing` names the input it lacked.
  static RiskDecision unknown(std::string rule, std::string missing, std::string detail) {
    return RiskDecision{false, DenyReason::unknown_input, std::move(rule),  {},
                        {},    std::move(missing),        std::move(detail)};
  }
  explicit operator bool() const noexcept { return approved; }
};

using DenialCounts = std::array<std::uint64_t, kDenyReasonCount>;

}  // namespace antevorta::risk
