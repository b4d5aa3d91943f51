// Kalshi WebSocket frames (API-NOTES §6) as typed messages, and the parser that makes them.
//
// WsParser turns one text frame into a WsMessage, a std::variant of one struct per message
// type: order book (ws_book_messages.hpp), control replies (ws_control_messages.hpp), public
// market data — ticker, trade, market/event lifecycle, fee updates, CF Benchmarks index
// values (ws_market_messages.hpp) — and private fills, orders and positions
// (ws_user_messages.hpp). Other types (RFQs, order groups, Pyth, …) are WsUnknown. It owns
// one simdjson on-demand parser and one padded input buffer, reused for every frame; after
// warm-up, parsing a delta allocates nothing (a snapshot larger than any before grows the
// level buffers once).
//
// Lifetime: the message parse() returns is held by the parser, and every std::string_view
// and std::span in it points into the parser's own buffers (the copy of the frame, or
// simdjson's string buffer for strings with escapes); all of it is valid until the next
// parse() on the same WsParser (or its destruction). Copy what you keep, e.g.
// MarketTicker{delta.market_ticker}.
//
// Numbers: prices and counts are parsed from their decimal strings (or legacy integers)
// into Price / Count, never through double. Current shape: `price_dollars` "0.9600",
// `delta_fp` "-54.00", snapshot `yes_dollars_fp`/`no_dollars_fp` [["0.0800","300.00"],…].
// Legacy shape (before Mar 2026): `price` integer cents, `delta` integer contracts, snapshot
// `yes`/`no` [[8,300],…] and transitional `yes_dollars` [["0.080",300],…]. When several
// forms are present the fixed-point one wins (`*_dollars_fp` > `*_dollars` > legacy
// integers; `price_dollars` > `price`; `delta_fp` > `delta`). Prices may carry up to six
// decimals when the digits past the fourth are zeros ("0.960000"); "0.12345" is an error.
// Counts likewise up to four decimals when the extra ones are zeros.
//
// NO-side prices (`use_yes_price`). By default Kalshi reports NO levels in NO-leg prices.
// A subscription made with use_yes_price:true reports them at the YES-equivalent price y.
// The parser normalises: with the flag on for the frame's sid, a NO price y becomes the
// NO-leg price 1 - y (Price::complement), so OrderbookSnapshot::no_bids and NO deltas are
// always NO-leg prices, ready for OrderBook. The flag is a parser-wide default plus
// per-sid overrides (set them when the `subscribed` reply gives the sid).
//
// The other channels follow the same rule: `*_dollars` / `*_fp` strings first, the legacy
// integer field (cents, whole contracts; centi-cents for market_position money) only when
// the string form is absent. Money is Money (signed, up to six decimals when the extra ones
// are zeros); index values and strikes are antevorta::Decimal, read from the JSON number's
// own text, never through double.
//
// Timestamps are unix milliseconds (`*_ts_ms`). When a message lacks the `_ms` field, the
// deprecated seconds field is accepted and converted (`ts` 1669149841 -> 1669149841000; so
// for `open_ts`, `close_ts`, … of market_lifecycle_v2); user_order times fall back to
// their RFC 3339 text (`created_time`, …). The `ms` field wins whichever comes first.
//
// Errors: a frame that is not JSON, not an object, lacks a required field, has a field of
// the wrong type or a bad number is a FrameError value with a short reason naming the field
// (e.g. "missing field at msg.yes_bid_dollars"); parse() never throws and never reads past
// the frame. Unknown fields are ignored; unknown `type`s parse as WsUnknown; unknown enum
// values the API may grow (lifecycle event_type, order status, fee type) are kept as text
// with an `unknown` value rather than rejected, while a side that is not yes/no (bid/ask,
// buy/sell) is a bad_value. Validation is on-demand: what the parser does not read
// (unknown fields, the `msg` of unknown types) is skipped, not checked. Optional fields that
// are null count as absent, and so does an empty string for an optional number (Kalshi
// sends ticker price_dollars "" at times). A snapshot side that is null counts as absent.
// Required: `type` always; `msg` on every modelled type except unsubscribed/ok; `sid` on
// every channel message; `seq` on orderbook and cfbenchmarks messages; `msg.market_ticker`
// on orderbook messages, plus `msg.side`, a price and a delta on deltas; `msg.sid` and
// `msg.channel` on `subscribed`; `msg.code` on `error`; per channel message, the fields its
// struct does not declare std::optional.
// Threading: a WsParser belongs to one thread (one connection's reader).
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "antevorta/core/fixed.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/kalshi/ws_book_messages.hpp"
#include "antevorta/kalshi/ws_control_messages.hpp"
#include "antevorta/kalshi/ws_market_messages.hpp"
#include "antevorta/kalshi/ws_user_messages.hpp"

namespace antevorta::kalshi {

// ---- Messages ---------------------------------------------------------------------------
// Defined in ws_book_messages.hpp, ws_control_messages.hpp, ws_market_messages.hpp and
// ws_user_messages.hpp.

using WsMessage = std::variant<OrderbookSnapshot, OrderbookDelta, WsSubscribed, WsOk,
                               WsUnsubscribed, WsError, WsUnknown, TickerUpdate, PublicTrade,
                               FillMessage, UserOrderUpdate, MarketPositionUpdate, MarketLifecycle,
                               EventLifecycle, EventFeeUpdate, CfBenchmarksValue>;

// The envelope's sid / seq, whatever the message (for the WS client's per-sid gap check).
std::optional<std::int64_t> sid_of(const WsMessage& message) noexcept;
std::optional<std::int64_t> seq_of(const WsMessage& message) noexcept;

// ---- Errors -----------------------------------------------------------------------------

enum class FrameErrorCode : std::uint8_t {
  malformed_json,    // not valid JSON (truncated, bad syntax, bad UTF-8)
  not_an_object,     // valid JSON but not an object
  missing_field,     // a required field is absent
  wrong_type,        // a field has the wrong JSON type (e.g. a number where a string goes)
  bad_number,        // a price/count/integer that does not parse or is out of range
  bad_value,         // a field with an unexpected value (e.g. side "maybe")
  too_large,         // longer than WsParserOptions::max_frame_bytes
  trailing_content,  // something after the JSON object
};
std::string_view to_string(FrameErrorCode code) noexcept;

struct FrameError {
  FrameErrorCode code = FrameErrorCode::malformed_json;
  std::string_view field;   // e.g. "msg.price_dollars"; static storage
  std::string_view detail;  // e.g. simdjson's error text or NumberError text; static storage
  std::string message() const;
};

// ---- Parser -----------------------------------------------------------------------------

// What WsParser::parse returns: the message (held by the parser, valid until its next parse)
// or why the frame was rejected. Used like Expected<WsMessage, FrameError>:
//   auto parsed = parser.parse(frame);
//   if (!parsed) { log(parsed.error().message()); return; }
//   if (const auto* delta = std::get_if<OrderbookDelta>(&*parsed)) { ... }
// Handing out the parser's own message (instead of a copy) keeps the hot path copy-free.
class [[nodiscard]] WsParseResult {
 public:
  WsParseResult(const WsMessage& message) noexcept : message_(&message) {}  // NOLINT implicit
  WsParseResult(FrameError error) noexcept : error_(error) {}               // NOLINT implicit

  bool has_value() const noexcept { return message_ != nullptr; }
  explicit operator bool() const noexcept { return has_value(); }
  const WsMessage& value() const noexcept {
    assert(has_value());
    return *message_;
  }
  const WsMessage& operator*() const noexcept { return value(); }
  const WsMessage* operator->() const noexcept { return &value(); }
  const FrameError& error() const noexcept {
    assert(!has_value());
    return error_;
  }

 private:
  const WsMessage* message_ = nullptr;
  FrameError error_{};
};

struct WsParserOptions {
  // Default for sids without an override: are NO-side prices YES-equivalent?
  bool use_yes_price = false;
  // Frames above this are rejected unparsed (a full 10001-level snapshot is ~0.5 MB).
  std::size_t max_frame_bytes = std::size_t{16} << 20;
};

class WsParser {
 public:
  explicit WsParser(WsParserOptions options = {});
  ~WsParser();
  WsParser(WsParser&&) noexcept;
  WsParser& operator=(WsParser&&) noexcept;
  WsParser(const WsParser&) = delete;
  WsParser& operator=(const WsParser&) = delete;

  // Per-subscription use_yes_price; forget_sid() returns the sid to the default.
  void set_use_yes_price(std::int64_t sid, bool use_yes_price);
  void forget_sid(std::int64_t sid) noexcept;
  bool use_yes_price(std::int64_t sid) const noexcept;

  // Parses one text frame (copied into the parser's padded buffer). See the lifetime note:
  // the returned message and everything it points to live until the next parse().
  WsParseResult parse(std::string_view frame) noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace antevorta::kalshi
