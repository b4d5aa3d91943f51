// Exchange feed parsers: one text frame (plus its ingress time) in, zero or more PriceTicks
// and a status out. Pure: no I/O, no clock, no logging. One parser per protocol:
//
//   Coinbase Advanced Trade  channels ticker / ticker_batch / market_trades / heartbeats /
//                            subscriptions, errors without a channel (NOTES §2.2)
//   Coinbase Exchange        ticker / match / last_match / heartbeat / subscriptions / error (§2.1)
//   Binance spot             combined {"stream","data"} wrapper or bare payloads: trade, aggTrade,
//                            bookTicker, serverShutdown, {"result","id"} acks, {"code","msg"}
//                            errors (§3)
//   Kraken WS v2             status, heartbeat, method responses (subscribe, pong), ticker, trade
//   (§4.1)
//
// What becomes a tick:
// - A best bid/ask pair (Coinbase ticker, Binance bookTicker, Kraken ticker) is a quote tick:
//   price = (bid + ask) / 2, rounded down to 1e-8, bid and ask set. It needs 0 < bid <= ask;
//   otherwise the message's last trade price, when it has one, becomes a trade tick.
// - An execution (Coinbase match / market_trades, Binance trade / aggTrade, Kraken trade) is a
//   trade tick. Snapshots of past trades (Coinbase last_match and market_trades snapshots,
//   Kraken trade snapshots) are history, not a current price: they are not published.
// - exchange_time is the venue's own time when the message has one (RFC 3339, or Binance
//   E/T in the configured unit), else received_at. An unreadable time falls back to
//   received_at: the price matters, the clock is a hint.
// - A symbol that is not configured is ignored (no tick, status still `data`).
// Numbers: prices are Decimals read from the wire text (strings, or the raw token of a JSON
// number such as Kraken's 0.00003630), never through double. Unknown fields and message types
// are ignored; integers beyond int64 (Kraken connection_id) are skipped unread.
//
// Gaps: `FrameResult::gaps` counts the places where ids were skipped (one per hole, however
// wide): trade ids per symbol (Coinbase Exchange matches, Binance trade and aggTrade ids,
// Kraken trade_id) and Coinbase Advanced's per-connection sequence_num. A trade whose id is
// below the last one seen is a replay and is dropped. Coinbase Exchange `sequence`
// counts every order-book event of a product, so it jumps between ticker/match messages by
// design: it only drops messages older than one already seen. reset() forgets this state
// (call it for each new connection).
//
// Errors: never throws for bad input; a frame that is not JSON, or a known message with a
// missing or unreadable field, is `malformed` and yields no tick (ticks appended before the
// bad field are removed again). Threading: one parser per connection, one thread.
// Lifetime: FrameResult::text points into the parser and is valid until the next parse().
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/feeds/events.hpp"

namespace antevorta::feeds {

enum class FrameStatus : std::uint8_t {
  data,        // market data of a known kind (ticks appended; may be none)
  subscribed,  // a subscription acknowledged
  heartbeat,   // a keepalive: heartbeat, pong
  info,        // a connection status (Kraken `status`): text holds the system state
  error,       // the venue reported an error: text holds its message
  shutdown,    // the venue will close this connection (Binance serverShutdown): reconnect
  ignored,     // well-formed, of a kind this parser does not use
  malformed,   // not JSON, or a known kind with a missing/unreadable field: text says which
};
std::string_view to_string(FrameStatus status) noexcept;

struct FrameResult {
  FrameStatus status = FrameStatus::ignored;
  std::size_t ticks = 0;   // PriceTicks appended to the output vector
  std::uint32_t gaps = 0;  // holes in the ids detected in this frame (see above)
  std::string_view text;   // error / malformed / info detail; valid until the next parse()
};

// One configured venue symbol and the asset it prices.
struct FeedSymbol {
  std::string symbol;  // as the venue writes it: "BTC-USD", "BTCUSDT", "BTC/USD"
  std::string asset;   // "BTC"
  friend bool operator==(const FeedSymbol&, const FeedSymbol&) = default;
};

enum class TimeUnit : std::uint8_t { millisecond, microsecond };  // Binance E/T

struct ParserOptions {
  std::string source;  // PriceTick::source, e.g. "coinbase"
  std::vector<FeedSymbol> symbols;
  TimeUnit time_unit = TimeUnit::millisecond;  // Binance only
  std::size_t max_frame_bytes = 4 * 1024 * 1024;
};

class FeedParser {
 public:
  virtual ~FeedParser() = default;
  // Parses one frame; appends its ticks to `out` (never clears it).
  virtual FrameResult parse(std::string_view frame, Timestamp received_at,
                            std::vector<PriceTick>& out) = 0;
  // A new connection: forget sequence and trade-id state.
  virtual void reset() noexcept = 0;
  virtual Venue venue() const noexcept = 0;
};

std::unique_ptr<FeedParser> make_coinbase_advanced_parser(ParserOptions options);
std::unique_ptr<FeedParser> make_coinbase_exchange_parser(ParserOptions options);
std::unique_ptr<FeedParser> make_binance_parser(ParserOptions options);
std::unique_ptr<FeedParser> make_kraken_parser(ParserOptions options);

}  // namespace antevorta::feeds
