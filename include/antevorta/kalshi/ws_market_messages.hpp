// Kalshi WebSocket public market-data messages (API-NOTES §6.3): `ticker`, `trade`,
// `market_lifecycle_v2` (also `multivariate_market_lifecycle`), `event_lifecycle`,
// `event_fee_update` and `cfbenchmarks_value`. Part of ws_messages.hpp: the lifetime, number,
// timestamp and error rules stated there apply.
//
// Each struct lists its wire sources, best first ("a | b": `a` wins whichever comes first,
// `b` is the legacy or deprecated form). Fields that are not std::optional are required:
// a frame without them is a FrameError naming the field (the first form listed).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "antevorta/core/decimal.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/kalshi/price_grid.hpp"
#include "antevorta/kalshi/ws_book_messages.hpp"

namespace antevorta::kalshi {

// {"type":"ticker","sid":11,"msg":{"market_ticker":…,"price_dollars":"0.480",
//  "yes_bid_dollars":"0.450","yes_ask_dollars":"0.530","yes_bid_size_fp":"300.00",…}}
// Values as sent: Kalshi reports "no bid" as yes_bid 0 and "no ask" as yes_ask 1 with
// yes_ask_size 0; a market without trades has last_price 0 (or "", read as absent).
struct TickerUpdate {
  std::int64_t sid = 0;
  std::optional<std::int64_t> seq;                   // not sent on this channel
  std::string_view market_ticker;                    // market_ticker
  std::optional<Price> last_price;                   // price_dollars | price (cents)
  Price yes_bid;                                     // yes_bid_dollars | yes_bid (cents)
  Price yes_ask;                                     // yes_ask_dollars | yes_ask (cents)
  std::optional<Count> yes_bid_size;                 // yes_bid_size_fp
  std::optional<Count> yes_ask_size;                 // yes_ask_size_fp
  std::optional<Count> last_trade_size;              // last_trade_size_fp
  std::optional<Count> volume;                       // volume_fp | volume (contracts)
  std::optional<Count> open_interest;                // open_interest_fp | open_interest (contracts)
  std::optional<std::int64_t> dollar_volume;         // whole dollars
  std::optional<std::int64_t> dollar_open_interest;  // whole dollars
  std::int64_t ts_ms = 0;                            // ts_ms | ts (seconds)
};

// {"type":"trade","sid":11,"seq":48,"msg":{"trade_id":…,"market_ticker":…,
//  "yes_price_dollars":"0.360","no_price_dollars":"0.640","count_fp":"136.00",
//  "taker_outcome_side":"no","taker_book_side":"ask","ts_ms":…}}
struct PublicTrade {
  std::int64_t sid = 0;
  std::optional<std::int64_t> seq;
  std::optional<std::string_view> trade_id;  // absent in frames before 2026
  std::string_view market_ticker;
  Price yes_price;  // yes_price_dollars | yes_price (cents)
  Price no_price;   // no_price_dollars | no_price (cents) | 1 - yes_price
  Count count;      // count_fp | count (contracts)
  // taker_outcome_side | taker_book_side | taker_side (the legacy taker side is the outcome
  // side). When both new fields are sent they must agree.
  OutcomeSide taker_outcome_side = OutcomeSide::yes;
  BookSide taker_book_side = BookSide::bid;
  bool is_block_trade = false;  // absent: false
  std::int64_t ts_ms = 0;       // ts_ms | ts (seconds)
};

// The `event_type` of a market_lifecycle_v2 message; values this build does not know are
// `unknown` (MarketLifecycle::event_type_text has the text).
enum class MarketLifecycleEvent : std::uint8_t {
  created,
  activated,
  deactivated,
  close_date_updated,
  determined,
  settled,
  price_level_structure_updated,
  metadata_updated,
  unknown,
};
std::string_view to_string(MarketLifecycleEvent event) noexcept;
MarketLifecycleEvent parse_market_lifecycle_event(std::string_view text) noexcept;

// {"type":"market_lifecycle_v2","sid":13,"msg":{"market_ticker":…,"event_type":"created",
//  "exchange_index":0,"open_ts":1694635200,"close_ts":1694721600,
//  "price_level_structure":"linear_cent","additional_metadata":{…}}}
// Which optional fields come with which event: API-NOTES §6.3. Times are converted to unix
// milliseconds: `X_ts_ms` when Kalshi sends it, else `X_ts` (seconds) × 1000.
// The strike and subtitle fields come at the top level (metadata_updated) or inside
// `additional_metadata` (created); the top-level value wins.
struct MarketLifecycle {
  std::int64_t sid = 0;
  std::optional<std::int64_t> seq;
  bool multivariate = false;  // type multivariate_market_lifecycle (same payload, MVE combos)
  std::string_view market_ticker;
  MarketLifecycleEvent event_type = MarketLifecycleEvent::unknown;
  std::string_view event_type_text;
  std::optional<std::int64_t> exchange_index;
  std::optional<std::int64_t> open_ts_ms;
  std::optional<std::int64_t> close_ts_ms;
  std::optional<std::string_view> result;  // "yes" | "no" | "scalar" | ""
  std::optional<Price> settlement_value;   // settlement_value "0.5000" (or integer cents)
  std::optional<std::int64_t> determination_ts_ms;
  std::optional<std::int64_t> settled_ts_ms;
  std::optional<bool> is_deactivated;  // paused (true) / unpaused (false)
  std::optional<std::string_view> price_level_structure;
  // Parsed (each start/end/step a valid price) but not validated as a grid: pass them to
  // PriceGrid::from_ranges / for_market, which does. Absent: std::nullopt.
  std::optional<std::span<const PriceRange>> price_ranges;
  std::optional<std::string_view> strike_type;
  std::optional<Decimal> floor_strike;  // JSON number (or string), read exactly
  std::optional<Decimal> cap_strike;
  std::optional<std::string_view> custom_strike_json;  // the raw JSON object
  std::optional<std::string_view> yes_sub_title;
  // From additional_metadata (market creation):
  std::optional<std::string_view> event_ticker;
  std::optional<std::string_view> title;
  std::optional<bool> can_close_early;
  std::optional<std::int64_t> expected_expiration_ts_ms;
};

// {"type":"event_lifecycle","sid":5,"msg":{"event_ticker":…,"exchange_index":0,"title":…,
//  "subtitle":…,"collateral_return_type":"MECNET","series_ticker":"KXQUICKSETTLE"}}
struct EventLifecycle {
  std::int64_t sid = 0;
  std::optional<std::int64_t> seq;
  std::string_view event_ticker;
  std::string_view series_ticker;
  std::optional<std::string_view> title;
  std::optional<std::string_view> subtitle;
  std::optional<std::string_view> collateral_return_type;  // "MECNET" | "DIRECNET" | ""
  std::optional<std::int64_t> exchange_index;
  std::optional<std::int64_t> strike_date_ms;  // strike_date (seconds) × 1000
  std::optional<std::string_view> strike_period;
};

// {"type":"event_fee_update","sid":5,"msg":{"event_ticker":"KXBTCD-26MAY2018",
//  "fee_type_override":"quadratic","fee_multiplier_override":1}}
// null (or absent) means the override was cleared: the series' value applies again.
struct EventFeeUpdate {
  std::int64_t sid = 0;
  std::optional<std::int64_t> seq;
  std::string_view event_ticker;
  // The override as sent, and as a FeeType. A type this build does not know has the text
  // but no FeeType: treat the event's fees as unknown (risk fails closed).
  std::optional<std::string_view> fee_type_override_text;
  std::optional<FeeType> fee_type_override;
  // A JSON number ("1", "0.5"; or a string) read exactly as text into six decimals.
  std::optional<FeeMultiplier> fee_multiplier_override;
};

// avg_60s_data / last_60s_windowed_average_15min of a cfbenchmarks_value message.
struct CfBenchmarksAverage {
  Decimal value;                 // "68000.12000000"
  std::int64_t window_size = 0;  // ticks in the window
  std::int64_t window_start_ts_ms = 0;
  std::int64_t window_end_ts_exclusive_ms = 0;  // window_end_ts_exclusive
  friend bool operator==(const CfBenchmarksAverage&, const CfBenchmarksAverage&) = default;
};

// {"type":"cfbenchmarks_value","sid":1,"seq":42,"msg":{"index_id":"BRTI",
//  "received_at":1710000000123,"data":"{\"type\":\"value\",\"id\":\"BRTI\",
//  \"time\":1710000000123,\"value\":\"68000.12\"}","avg_60s_data":{…},
//  "last_60s_windowed_average_15min":{…}}}
// `data` is the upstream CF Benchmarks frame as a JSON string; it is parsed too (`value`
// a decimal string or number, `time` unix ms). The 15-minute average is present only in
// the final minute before :00/:15/:30/:45 (what settles the 15-minute crypto markets).
struct CfBenchmarksValue {
  std::int64_t sid = 0;
  std::int64_t seq = 0;
  std::string_view index_id;
  std::int64_t received_at_ms = 0;  // received_at
  Decimal value;                    // data.value
  std::int64_t time_ms = 0;         // data.time
  CfBenchmarksAverage avg_60s;      // avg_60s_data
  std::optional<CfBenchmarksAverage> last_60s_windowed_average_15min;
};

}  // namespace antevorta::kalshi
