// The operator API's request bodies and query parameters, parsed strictly: malformed JSON,
// a missing or unknown field, a wrong type or a bad number is an error whose message names
// the field (the API answers 400 with it). Numbers are Kalshi's decimal strings ("2.00",
// "0.4500"), never JSON numbers, so nothing passes through a double.
//
// Errors: values (Expected<T, std::string>). Threading: any.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "antevorta/core/expected.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::api {

template <class T>
using Parsed = Expected<T, std::string>;

// POST /api/orders
struct ManualOrder {
  MarketTicker ticker;
  kalshi::OutcomeSide side = kalshi::OutcomeSide::yes;
  strategy::Action action = strategy::Action::buy;
  Count count;  // > 0
  Price price;  // in the leg's own terms, strictly between 0 and 1
  kalshi::TimeInForce time_in_force = kalshi::TimeInForce::good_till_canceled;
  bool post_only = false;
  bool reduce_only = false;
};
Parsed<ManualOrder> parse_manual_order(std::string_view body);

// POST /api/kill-switch
struct KillSwitchRequest {
  bool engaged = true;
  std::string reason;  // may be empty
};
Parsed<KillSwitchRequest> parse_kill_switch(std::string_view body);

// POST /api/strategies/{name}
struct StrategyToggle {
  bool enabled = false;
};
Parsed<StrategyToggle> parse_strategy_toggle(std::string_view body);

// An empty body or `{}` (POST /api/flatten, POST /api/circuit-breaker/reset). The optional
// "reason" is kept for the log.
Parsed<std::string> parse_optional_reason(std::string_view body);

// Query string "a=1&b=x" (no '?'): the value of `name`, percent-decoded; nullopt when absent.
std::optional<std::string> query_value(std::string_view query, std::string_view name);
// `limit` in [1, max]; default when absent; an error for anything else.
Parsed<std::size_t> parse_limit(std::string_view query, std::size_t default_limit,
                                std::size_t max_limit);

}  // namespace antevorta::api
