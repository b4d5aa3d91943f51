// Kalshi WebSocket private messages (API-NOTES §6.3): `fill`, `user_order` and
// `market_position`. Part of ws_messages.hpp: the lifetime, number, timestamp and error
// rules stated there apply.
//
// Each struct lists its wire sources, best first ("a | b": `a` wins whichever comes first,
// `b` is the legacy or deprecated form). Fields that are not std::optional are required:
// a frame without them is a FrameError naming the field (the first form listed).
// Direction: `outcome_side` / `book_side` (May 2026) are one bit in two vocabularies; when
// both are sent they must agree (else bad_value). Without them the legacy `side` (yes/no)
// and `action` (buy/sell) give it: buy yes / sell no = yes/bid, buy no / sell yes = no/ask.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "antevorta/core/fixed.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/kalshi/ws_book_messages.hpp"

namespace antevorta::kalshi {

// {"type":"fill","sid":13,"msg":{"trade_id":…,"order_id":…,"market_ticker":…,
//  "exchange_index":2,"is_taker":true,"outcome_side":"yes","book_side":"bid",
//  "yes_price_dollars":"0.750","count_fp":"278.00","fee_cost":"0.0100",
//  "post_position_fp":"500.00","client_order_id":"my-order-1","ts_ms":…,"subaccount":3}}
// A fill is a delta: an order's fills add up to its filled count.
struct FillMessage {
  std::int64_t sid = 0;
  std::optional<std::int64_t> seq;
  std::string_view trade_id;
  std::string_view order_id;
  std::string_view market_ticker;
  std::optional<std::int64_t> exchange_index;
  bool is_taker = false;
  // outcome_side | book_side | side + action (see the top of this file).
  OutcomeSide outcome_side = OutcomeSide::yes;
  BookSide book_side = BookSide::bid;
  Price yes_price;                     // yes_price_dollars | yes_price (cents); YES leg
  Count count;                         // count_fp | count (contracts)
  std::optional<Money> fee_cost;       // fee_cost (dollars, up to 6 decimals)
  std::optional<Count> post_position;  // post_position_fp | post_position; signed
  std::optional<std::string_view> client_order_id;
  std::int64_t ts_ms = 0;  // ts_ms | ts (seconds)
  std::optional<std::int64_t> subaccount;
};

enum class UserOrderStatus : std::uint8_t { resting, canceled, executed, unknown };
std::string_view to_string(UserOrderStatus status) noexcept;

// {"type":"user_order","sid":22,"msg":{"order_id":…,"ticker":…,"status":"resting",
//  "outcome_side":"yes","book_side":"bid","yes_price_dollars":"0.3500",
//  "fill_count_fp":"0.00","remaining_count_fp":"10.00","initial_count_fp":"10.00",…}}
struct UserOrderUpdate {
  std::int64_t sid = 0;
  std::optional<std::int64_t> seq;
  std::string_view order_id;
  std::string_view market_ticker;                     // wire key `ticker`
  UserOrderStatus status = UserOrderStatus::unknown;  // unknown values keep their text
  std::string_view status_text;
  // outcome_side | book_side | side + action. Frames that carry only the legacy `side`
  // (and `is_yes`) without `action` do not say the direction: both std::nullopt.
  std::optional<OutcomeSide> outcome_side;
  std::optional<BookSide> book_side;
  Price yes_price;                       // yes_price_dollars | yes_price (cents)
  Count fill_count;                      // fill_count_fp | fill_count
  Count remaining_count;                 // remaining_count_fp | remaining_count
  Count initial_count;                   // initial_count_fp | initial_count
  std::optional<Money> taker_fill_cost;  // taker_fill_cost_dollars
  std::optional<Money> maker_fill_cost;  // maker_fill_cost_dollars
  std::optional<Money> taker_fees;       // taker_fees_dollars
  std::optional<Money> maker_fees;       // maker_fees_dollars
  std::optional<std::string_view> client_order_id;
  std::optional<std::string_view> order_group_id;
  // X_ts_ms | the deprecated RFC 3339 text (created_time, last_update_time, expiration_time).
  std::optional<std::int64_t> created_ts_ms;
  std::optional<std::int64_t> last_updated_ts_ms;
  std::optional<std::int64_t> expiration_ts_ms;
  std::optional<std::int64_t> exchange_index;
  std::optional<std::int64_t> subaccount;  // subaccount_number
};

// {"type":"market_position","sid":14,"msg":{"market_ticker":…,"position_fp":"100.00",
//  "position_cost_dollars":"50.0000","realized_pnl_dollars":"10.0000",
//  "fees_paid_dollars":"1.0000","position_fee_cost_dollars":"0.5000","volume_fp":"15.00"}}
// Legacy money fields (`position_cost`, `realized_pnl`, `fees_paid`, `position_fee_cost`)
// are integer centi-cents (500000 = $50).
struct MarketPositionUpdate {
  std::int64_t sid = 0;
  std::optional<std::int64_t> seq;
  std::string_view market_ticker;
  Count position;                          // position_fp | position; signed: + YES, - NO
  Money position_cost;                     // position_cost_dollars | position_cost
  Money realized_pnl;                      // realized_pnl_dollars | realized_pnl; signed
  Money fees_paid;                         // fees_paid_dollars | fees_paid
  std::optional<Money> position_fee_cost;  // position_fee_cost_dollars | position_fee_cost
  std::optional<Count> volume;             // volume_fp | volume
  std::optional<std::int64_t> exchange_index;
  std::optional<std::int64_t> subaccount;
};

}  // namespace antevorta::kalshi
