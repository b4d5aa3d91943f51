// From an intent to the exchange: the deterministic client_order_id, and the V2 create
// request of a tracked order (API-NOTES §3 direction table, §5.4).
//
// client_order_id = prefix + base32(SHA-256(canonical intent))[0..26)
//   - The canonical form is versioned and length-prefixed (no field can run into the next):
//     "antevorta.coid.v1" and a newline, then, each as <byte length>:<text>, the intent id,
//     strategy, ticker, leg (yes|no), action (buy|sell), count ("10.00"), limit price ("0.5600"),
//     time in force (Kalshi's name), post_only (0|1), reduce_only (0|1).
//   - Evidence and created_at are not part of it: they describe the decision, not the
//     order, and a re-created intent (same id, same order) must map to the same id.
//   - 26 base32 characters (RFC 4648 alphabet in lower case, a-z and 2-7) carry 130 bits.
//   Same intent → same id, on every run; any order field changed → another id.
// Kalshi documents no length or character rules for client_order_id beyond recommending a
// UUID (36 characters); ids here stay within [A-Za-z0-9_-] and at most 58 characters
// (a prefix of at most 32 characters + 26).
//
// The prefix marks our orders (reconciliation adopts or ignores other orders by it): 1 to
// 32 characters from [A-Za-z0-9_-], e.g. "av1-". ClientIdPrefix::make validates it once
// (configuration), so deriving an id cannot fail.
//
// to_create_request maps the leg and action to the single YES book: buy YES at p → bid p;
// sell YES at p → ask p; buy NO at x → ask (1 − x); sell NO at x → bid (1 − x).
//
// Errors: an invalid prefix is a value (std::nullopt). Threading: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "antevorta/core/ids.hpp"
#include "antevorta/execution/order.hpp"
#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::execution {

class ClientIdPrefix {
 public:
  static constexpr std::size_t kMaxLength = 32;
  static std::optional<ClientIdPrefix> make(std::string_view text);
  const std::string& str() const noexcept { return text_; }

 private:
  explicit ClientIdPrefix(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

// The number of base32 characters after the prefix.
inline constexpr std::size_t kClientIdHashChars = 26;

// True for [A-Za-z0-9_-] and 1..64 characters (the rule every id we send satisfies).
bool valid_client_order_id(std::string_view text) noexcept;

// The canonical text hashed for an intent (exposed for tests and audit).
std::string canonical_intent_text(const strategy::OrderIntent& intent);
ClientOrderId derive_client_order_id(const strategy::OrderIntent& intent,
                                     const ClientIdPrefix& prefix);
// True when the id has our prefix followed by exactly kClientIdHashChars base32 characters.
bool is_ours(const ClientOrderId& id, const ClientIdPrefix& prefix) noexcept;

// The exchange's book side and YES price for a leg and action at a leg price.
struct BookOrder {
  kalshi::BookSide side = kalshi::BookSide::bid;
  Price yes_price;
};
BookOrder book_order(kalshi::OutcomeSide leg, strategy::Action action, Price leg_price) noexcept;

// The V2 create request for an order: its client_order_id, ticker, count, book side and YES
// price, time in force, post_only and reduce_only; self-trade prevention taker_at_cross;
// shard and subaccount left to the exchange's routing.
kalshi::CreateOrderRequest to_create_request(const TrackedOrder& order);

}  // namespace antevorta::execution
