// The configuration of the exchange price feeds: `sources.coinbase`, `sources.binance` and
// `sources.kraken` (config/sources/*.yaml). The loader reads `enabled` and keeps `params`
// opaque (config::SourceConfig); read_feed_source() validates the params of one feed source
// into a FeedSourceConfig. Keys under `sources.<name>.params` (defaults in brackets):
//
//   all        url                      wss:// URL; ws:// only on a loopback host [per venue]
//              symbols                  venue symbol → asset, e.g. {BTC-USD: BTC}
//                                       [BTC and SOL against USD / USDT]
//              stale_after_seconds      no tick for this long → FeedState::stale [10]
//              stale_reconnect_seconds  no tick for this long → reconnect; 0 = never [60]
//   coinbase   feed                     advanced_trade | exchange [advanced_trade]
//              channels                 advanced_trade: ticker, ticker_batch, market_trades
//                                       [ticker, market_trades]; exchange: ticker, matches
//                                       [ticker, matches]. Heartbeats are always added.
//   binance    streams                  trade, aggTrade, bookTicker [trade, bookTicker]
//              time_unit                millisecond | microsecond [millisecond]
//   kraken     channels                 ticker, trade [ticker, trade]
//
// Symbols: Coinbase "BASE-QUOTE" and Kraken "BASE/QUOTE" in upper case; Binance letters and
// digits, upper-cased here (payloads carry BTCUSDT, stream names btcusdt). Assets are upper-case
// letters and digits ("BTC").
//
// Errors: every problem is reported at once, each with its source (file and line, or
// environment variable) and key path ("sources.binance.params.time_unit"); unknown keys are
// errors. Nothing here throws for bad input. Threading: pure values and functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/config/config.hpp"
#include "antevorta/config/error.hpp"
#include "antevorta/core/expected.hpp"
#include "antevorta/feeds/events.hpp"
#include "antevorta/feeds/parser.hpp"
#include "antevorta/net/url.hpp"

namespace antevorta::feeds {

enum class FeedProtocol : std::uint8_t {
  coinbase_advanced,  // wss://advanced-trade-ws.coinbase.com
  coinbase_exchange,  // wss://ws-feed.exchange.coinbase.com
  binance,            // wss://stream.binance.com:9443 (combined streams)
  kraken,             // wss://ws.kraken.com/v2
};
std::string_view to_string(FeedProtocol protocol) noexcept;

struct FeedSourceConfig {
  std::string name;  // "coinbase", "binance", "kraken": also PriceTick::source
  bool enabled = true;
  Venue venue = Venue::coinbase;
  FeedProtocol protocol = FeedProtocol::coinbase_advanced;
  std::string url;                             // effective: as configured, or default_url(protocol)
  net::Endpoint endpoint;                      // `url` parsed
  std::vector<FeedSymbol> symbols;             // in configuration order
  std::vector<std::string> channels;           // Coinbase/Kraken channels, or Binance stream types
  TimeUnit time_unit = TimeUnit::millisecond;  // Binance only
  std::chrono::seconds stale_after{10};
  std::chrono::seconds stale_reconnect{60};  // 0 = never
};

// coinbase, binance or kraken.
bool is_feed_source(std::string_view name) noexcept;

// The venue's public URL for `protocol`.
std::string default_url(FeedProtocol protocol);

// Validates `source.params` (read at "sources.<name>.params"). `source.name` must satisfy
// is_feed_source() (a broken invariant otherwise).
Expected<FeedSourceConfig, std::vector<config::ConfigError>> read_feed_source(
    const config::SourceConfig& source);

// Points the source at another URL, e.g. the simulator's in sim mode, under the rules of the
// `url` key (wss://, or ws:// on a loopback host; no query). Sets url and endpoint and returns
// nullopt, or returns the reason and leaves the source unchanged.
std::optional<std::string> set_url(FeedSourceConfig& source, std::string url);

// A FeedSourceConfig with every default for `name` (tests, tools); url as given when not empty
// (not validated: use set_url() for that).
FeedSourceConfig default_feed_source(std::string_view name, std::string url = {});

// The parser for the source's protocol, with its symbols and options.
std::unique_ptr<FeedParser> make_parser(const FeedSourceConfig& source);

}  // namespace antevorta::feeds
