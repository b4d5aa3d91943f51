// Kalshi WebSocket order-book messages (`orderbook_delta` channel, API-NOTES §6.3), and the
// bid/ask vocabulary the other channels share. Part of ws_messages.hpp: the lifetime,
// number and error rules stated there apply (string_views and spans point into the
// WsParser and are valid until its next parse()).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "antevorta/core/fixed.hpp"
#include "antevorta/kalshi/order_book.hpp"

namespace antevorta::kalshi {

// The side of the single YES book an order, fill or trade is on (API-NOTES §3): `bid`
// buys YES exposure (outcome_side yes), `ask` sells it (outcome_side no).
enum class BookSide : std::uint8_t { bid = 0, ask = 1 };
std::string_view to_string(BookSide side) noexcept;

constexpr BookSide book_side_of(OutcomeSide outcome) noexcept {
  return outcome == OutcomeSide::yes ? BookSide::bid : BookSide::ask;
}
constexpr OutcomeSide outcome_side_of(BookSide side) noexcept {
  return side == BookSide::bid ? OutcomeSide::yes : OutcomeSide::no;
}
// Legacy direction (`side` yes/no + `action` buy/sell): buying a leg or selling the other
// one gives the same exposure.
constexpr OutcomeSide outcome_side_of(OutcomeSide legacy_side, bool is_buy) noexcept {
  return is_buy ? legacy_side : other(legacy_side);
}

// {"type":"orderbook_snapshot","sid":2,"seq":2,"msg":{"market_ticker":…,"yes_dollars_fp":…}}
// An absent side is an empty span.
struct OrderbookSnapshot {
  std::int64_t sid = 0;
  std::int64_t seq = 0;
  std::string_view market_ticker;
  std::span<const BookLevel> yes_bids;  // YES-leg prices
  std::span<const BookLevel> no_bids;   // NO-leg prices (normalised, see ws_messages.hpp)
  std::optional<std::int64_t> ts_ms;
};

// {"type":"orderbook_delta","sid":2,"seq":3,"msg":{"market_ticker":…,"price_dollars":"0.960",
//  "delta_fp":"-54.00","side":"yes","ts_ms":…}}
struct OrderbookDelta {
  std::int64_t sid = 0;
  std::int64_t seq = 0;
  std::string_view market_ticker;
  OutcomeSide side = OutcomeSide::yes;
  Price price;  // in the leg's own price (NO-leg for side no, normalised)
  Count delta;  // signed change of the resting size
  std::optional<std::int64_t> ts_ms;
  std::optional<std::string_view> client_order_id;  // present when our own order caused it
};

}  // namespace antevorta::kalshi
