// Kalshi WebSocket control replies (API-NOTES §6.2): subscribed, ok, unsubscribed, error, and
// the envelope of types the parser does not model. Part of ws_messages.hpp: the lifetime and
// error rules stated there apply.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace antevorta::kalshi {

// {"id":1,"type":"subscribed","msg":{"channel":"orderbook_delta","sid":1}}
struct WsSubscribed {
  std::optional<std::int64_t> id;
  std::int64_t sid = 0;
  std::string_view channel;
};

struct WsSubscription {
  std::string_view channel;
  std::int64_t sid = 0;
  friend bool operator==(const WsSubscription&, const WsSubscription&) = default;
};

// {"id":123,"sid":456,"seq":222,"type":"ok","msg":{"market_tickers":[…]}} (update_subscription)
// {"id":3,"type":"ok","msg":[{"channel":"orderbook_delta","sid":1},…]} (list_subscriptions)
struct WsOk {
  std::optional<std::int64_t> id;
  std::optional<std::int64_t> sid;
  std::optional<std::int64_t> seq;  // an ok consumes a seq of its sid
  std::span<const std::string_view> market_tickers;
  std::span<const WsSubscription> subscriptions;
};

// {"id":102,"sid":2,"seq":7,"type":"unsubscribed"}
struct WsUnsubscribed {
  std::optional<std::int64_t> id;
  std::optional<std::int64_t> sid;
  std::optional<std::int64_t> seq;
};

// {"id":127,"type":"error","msg":{"code":16,"msg":"Market not found","market_ticker":"X"}}
struct WsError {
  std::optional<std::int64_t> id;
  std::int64_t code = 0;
  std::string_view msg;
  std::optional<std::string_view> market_ticker;
};

// Any other `type` (order_group_updates, rfq_created, pyth_value, multivariate_lookup, …),
// envelope only; its `msg` is skipped unchecked.
struct WsUnknown {
  std::string_view type;
  std::optional<std::int64_t> sid;
  std::optional<std::int64_t> seq;
};

// Error codes 10 (channel error), 17 (internal error) and 25 (subscription buffer overflow)
// end the subscription: resubscribe (API-NOTES §6.2).
constexpr bool is_terminal_error_code(std::int64_t code) noexcept {
  return code == 10 || code == 17 || code == 25;
}

}  // namespace antevorta::kalshi
