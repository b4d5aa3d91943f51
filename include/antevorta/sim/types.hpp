// Plain value types of the exchange simulator: orders, fills, book changes and the reasons
// for every outcome (API-NOTES §5.4–5.5, §6.3). Shared by the matching engine, the ledger,
// the exchange core and (later) the REST/WebSocket server and paper execution.
//
// Direction. One book per market in YES prices (V2 orders): `bid` buys YES at p, `ask`
// sells YES at p, which is the same as buying NO at 1 - p. Kalshi publishes the book as
// bids only: YES bids come from bid orders, NO bids (at the NO price 1 - p) from ask orders;
// BookChange carries that published form.
//
// Errors: none here (plain data). Threading: values, no shared state.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/order_book.hpp"

namespace antevorta::sim {

// An account of the simulated exchange (a user, or a user's subaccount).
struct AccountIdTag {};
using AccountId = Id<AccountIdTag>;

enum class BookSide : std::uint8_t { bid, ask };
constexpr BookSide opposite(BookSide s) noexcept {
  return s == BookSide::bid ? BookSide::ask : BookSide::bid;
}
// The leg a side buys: bid buys YES, ask buys NO.
constexpr kalshi::OutcomeSide bought_leg(BookSide s) noexcept {
  return s == BookSide::bid ? kalshi::OutcomeSide::yes : kalshi::OutcomeSide::no;
}

enum class TimeInForce : std::uint8_t { good_till_canceled, immediate_or_cancel, fill_or_kill };
enum class SelfTradePrevention : std::uint8_t {
  taker_at_cross,  // stop the incoming order at the self-cross; earlier fills stand
  maker,           // cancel the resting own order and keep matching
};
enum class OrderStatus : std::uint8_t { resting, canceled, executed };

// Why an operation was refused (nothing changed). Maps onto Kalshi error codes, see
// kalshi_error_code().
enum class RejectReason : std::uint8_t {
  market_not_found,         // no such market
  market_inactive,          // closed / determined / settled (MARKET_INACTIVE)
  market_paused,            // trading pause: no place or amend (cancels allowed)
  invalid_price,            // off the grid, or not strictly between 0 and 1
  invalid_count,            // count <= 0, too large, or an amend/decrease that grows
  expiration_in_past,       // GTC expiration at or before now
  expiration_not_allowed,   // expiration with IOC/FOK
  post_only_cross,          // a post-only order would take
  post_only_not_allowed,    // post-only with IOC/FOK
  order_already_exists,     // duplicate client_order_id for the owner
  order_not_found,          // unknown order id (or another owner's order)
  fok_insufficient_volume,  // fill-or-kill could not fill completely
  reduce_only_no_position,  // reduce-only with nothing to reduce
  insufficient_balance,     // available cash on the market's shard too low
  invalid_amount,           // deposit / transfer amount <= 0
};

// Why an order changed (Kalshi `last_update_reason`).
enum class UpdateReason : std::uint8_t {
  placed,                // accepted and resting
  filled,                // traded (partially or fully)
  canceled_by_user,      // cancel, or decrease to zero
  decreased,             // decrease: remaining reduced, queue position kept
  amended,               // amend
  ioc_unfilled,          // the unfilled part of an IOC order
  self_trade_prevented,  // STP cancelled this order (taker or maker side)
  expired,               // GTC expiration passed
  market_closed,         // cancel_all at close
  market_paused,         // cancel_order_on_pause at a pause
};

std::string_view to_string(BookSide s) noexcept;
std::string_view to_string(TimeInForce t) noexcept;
std::string_view to_string(SelfTradePrevention s) noexcept;
std::string_view to_string(OrderStatus s) noexcept;
std::string_view to_string(RejectReason r) noexcept;
std::string_view to_string(UpdateReason r) noexcept;
// The Kalshi REST error `code` for a rejection (e.g. "invalid_parameters", "MARKET_INACTIVE").
std::string_view kalshi_error_code(RejectReason r) noexcept;
// The HTTP status Kalshi answers with (400, 404, 409).
int http_status(RejectReason r) noexcept;

// A V2 create-order request (POST /portfolio/events/orders) after parsing.
struct OrderRequest {
  std::optional<ClientOrderId> client_order_id;
  BookSide side = BookSide::bid;
  Price price;  // YES price
  Count count;
  TimeInForce time_in_force = TimeInForce::good_till_canceled;
  std::optional<Timestamp> expiration;  // GTC only
  bool post_only = false;
  bool reduce_only = false;
  bool cancel_order_on_pause = false;
  SelfTradePrevention self_trade_prevention = SelfTradePrevention::taker_at_cross;
};

struct Order {
  OrderId id;
  MarketTicker ticker;
  AccountId owner;
  std::optional<ClientOrderId> client_order_id;
  BookSide side = BookSide::bid;
  Price price;          // YES price
  Count initial_count;  // as placed (after a reduce-only cap) or as last amended
  Count fill_count;
  Count remaining_count;  // resting size; 0 once canceled or executed
  TimeInForce time_in_force = TimeInForce::good_till_canceled;
  std::optional<Timestamp> expiration;
  bool post_only = false;
  bool reduce_only = false;
  bool cancel_order_on_pause = false;
  SelfTradePrevention self_trade_prevention = SelfTradePrevention::taker_at_cross;
  OrderStatus status = OrderStatus::resting;
  UpdateReason last_update_reason = UpdateReason::placed;
  Timestamp created_time{};
  Timestamp last_update_time{};
};

// One execution between a resting (maker) and an incoming (taker) order, at the maker's
// price. `taker_side` is the taker's book side (Kalshi `taker_book_side`).
struct Fill {
  TradeId trade_id;
  MarketTicker ticker;
  OrderId maker_order_id;
  AccountId maker_owner;
  OrderId taker_order_id;
  AccountId taker_owner;
  Price price;  // YES price
  Count count;
  BookSide taker_side = BookSide::bid;
  Timestamp time{};
};

// A fill an incoming order would make (MatchingEngine::preview), for balance checks.
struct PreviewFill {
  OrderId maker_order_id;
  AccountId maker_owner;
  Price price;  // YES
  Count count;
};

// The public `trade` message of a fill (no owners).
struct PublicTrade {
  TradeId trade_id;
  MarketTicker ticker;
  Price yes_price;
  Count count;
  BookSide taker_side = BookSide::bid;
  Timestamp time{};
  Price no_price() const noexcept { return yes_price.complement(); }
  kalshi::OutcomeSide taker_outcome_side() const noexcept { return bought_leg(taker_side); }
};
PublicTrade public_trade(const Fill& fill);

// A change of resting size in Kalshi's published form (`orderbook_delta`): side yes = YES
// bids at the YES price; side no = NO bids at the NO price (ask orders at 1 - p). One change
// per order affected, so the server can attach the order's client_order_id.
struct BookChange {
  kalshi::OutcomeSide side = kalshi::OutcomeSide::yes;
  Price price;  // in the leg's own terms
  Count delta;  // signed
  OrderId order_id;
  AccountId owner;
  std::optional<ClientOrderId> client_order_id;
};

// An order's state after a change (Kalshi `user_order`).
struct OrderUpdate {
  Order order;
  UpdateReason reason = UpdateReason::placed;
};

// Every consequence of one engine operation, in the order they happened.
struct EngineResult {
  OrderId order_id;  // the order acted on (the new id for a submit)
  std::vector<Fill> fills;
  std::vector<PublicTrade> trades;
  std::vector<OrderUpdate> updates;
  std::vector<BookChange> book_changes;
  Count reduced_by;  // cancel / decrease: how much resting size was removed from this order

  // The last update of `id` in this result, if any.
  const OrderUpdate* last_update_of(const OrderId& id) const noexcept;
};

}  // namespace antevorta::sim
