#include "antevorta/feeds/source_config.hpp"

#include <algorithm>
#include <cassert>
#include <cctype>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "antevorta/config/reader.hpp"

namespace antevorta::feeds {

std::string_view to_string(FeedProtocol protocol) noexcept {
  switch (protocol) {
    case FeedProtocol::coinbase_advanced:
      return "coinbase_advanced";
    case FeedProtocol::coinbase_exchange:
      return "coinbase_exchange";
    case FeedProtocol::binance:
      return "binance";
    case FeedProtocol::kraken:
      return "kraken";
  }
  return "unknown";
}

bool is_feed_source(std::string_view name) noexcept {
  return name == "coinbase" || name == "binance" || name == "kraken";
}

std::string default_url(FeedProtocol protocol) {
  switch (protocol) {
    case FeedProtocol::coinbase_advanced:
      return "wss://advanced-trade-ws.coinbase.com";
    case FeedProtocol::coinbase_exchange:
      return "wss://ws-feed.exchange.coinbase.com";
    case FeedProtocol::binance:
      return "wss://stream.binance.com:9443";
    case FeedProtocol::kraken:
      return "wss://ws.kraken.com/v2";
  }
  return {};
}

namespace {

constexpr std::int64_t kMaxStaleSeconds = 3600;
constexpr std::int64_t kMaxReconnectSeconds = 86400;
constexpr std::size_t kMaxBinanceStreams = 1024;  // per connection (NOTES §3)

bool upper_alnum(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

bool valid_asset(std::string_view asset) noexcept {
  return !asset.empty() && asset.size() <= 16 &&
         std::all_of(asset.begin(), asset.end(), upper_alnum);
}

// "BASE<sep>QUOTE", upper-case letters and digits on both sides.
bool valid_pair(std::string_view symbol, char sep) noexcept {
  const auto at = symbol.find(sep);
  if (at == std::string_view::npos || at == 0 || at + 1 >= symbol.size() || symbol.size() > 32) {
    return false;
  }
  const auto base = symbol.substr(0, at);
  const auto quote = symbol.substr(at + 1);
  return std::all_of(base.begin(), base.end(), upper_alnum) &&
         std::all_of(quote.begin(), quote.end(), upper_alnum);
}

std::vector<FeedSymbol> default_symbols(Venue venue) {
  switch (venue) {
    case Venue::binance:
      return {{"BTCUSDT", "BTC"}, {"SOLUSDT", "SOL"}};
    case Venue::kraken:
      return {{"BTC/USD", "BTC"}, {"SOL/USD", "SOL"}};
    case Venue::coinbase:
    case Venue::cfbenchmarks:
      break;
  }
  return {{"BTC-USD", "BTC"}, {"SOL-USD", "SOL"}};
}

std::vector<std::string> default_channels(FeedProtocol protocol) {
  switch (protocol) {
    case FeedProtocol::coinbase_advanced:
      return {"ticker", "market_trades"};
    case FeedProtocol::coinbase_exchange:
      return {"ticker", "matches"};
    case FeedProtocol::binance:
      return {"trade", "bookTicker"};
    case FeedProtocol::kraken:
      return {"ticker", "trade"};
  }
  return {};
}

std::vector<std::string_view> allowed_channels(FeedProtocol protocol) {
  switch (protocol) {
    case FeedProtocol::coinbase_advanced:
      return {"ticker", "ticker_batch", "market_trades"};
    case FeedProtocol::coinbase_exchange:
      return {"ticker", "matches"};
    case FeedProtocol::binance:
      return {"trade", "aggTrade", "bookTicker"};
    case FeedProtocol::kraken:
      return {"ticker", "trade"};
  }
  return {};
}

Venue venue_of(std::string_view name) noexcept {
  if (name == "binance") return Venue::binance;
  if (name == "kraken") return Venue::kraken;
  return Venue::coinbase;
}

FeedProtocol base_protocol(Venue venue) noexcept {
  if (venue == Venue::binance) return FeedProtocol::binance;
  if (venue == Venue::kraken) return FeedProtocol::kraken;
  return FeedProtocol::coinbase_advanced;
}

void read_url(config::Reader& r, FeedSourceConfig& c) {
  std::string url;
  if (!r.read("url", url)) return;
  if (auto error = set_url(c, url)) r.error("url", *error + ", was " + config::quote(url));
}

void read_symbols(config::Reader& r, FeedSourceConfig& c) {
  if (!r.has("symbols")) return;                         // absent or null: the defaults
  const bool mapping = r.find("symbols")->is_mapping();  // else child() reports the type
  config::Reader symbols = r.child("symbols");
  std::vector<FeedSymbol> out;
  bool ok = true;
  for (const auto& key : symbols.keys()) {
    std::string symbol = key;
    bool valid = false;
    std::string_view form;
    switch (c.venue) {
      case Venue::binance:
        std::transform(symbol.begin(), symbol.end(), symbol.begin(), [](char ch) {
          return static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
        });
        valid = !symbol.empty() && symbol.size() <= 32 &&
                std::all_of(symbol.begin(), symbol.end(), upper_alnum);
        form = "letters and digits, e.g. BTCUSDT";
        break;
      case Venue::kraken:
        valid = valid_pair(symbol, '/');
        form = "BASE/QUOTE in upper case, e.g. BTC/USD";
        break;
      case Venue::coinbase:
      case Venue::cfbenchmarks:
        valid = valid_pair(symbol, '-');
        form = "BASE-QUOTE in upper case, e.g. BTC-USD";
        break;
    }
    if (!valid) {
      symbols.error(key, fmt::format("is not a {} symbol ({})", to_string(c.venue), form));
      ok = false;
      continue;
    }
    std::string asset;
    if (!symbols.read(key, asset)) {
      if (!symbols.has(key)) symbols.error(key, "needs an asset name, e.g. BTC");
      ok = false;
      continue;
    }
    if (!valid_asset(asset)) {
      symbols.error(key, "asset must be 1..16 upper-case letters or digits (e.g. BTC), was " +
                             config::quote(asset));
      ok = false;
      continue;
    }
    const bool duplicate = std::any_of(out.begin(), out.end(),
                                       [&](const FeedSymbol& s) { return s.symbol == symbol; });
    if (duplicate) {
      symbols.error(key, "names the same symbol as an earlier key");
      ok = false;
      continue;
    }
    out.push_back(FeedSymbol{std::move(symbol), std::move(asset)});
  }
  symbols.finish();
  if (ok && mapping && out.empty()) {
    r.error("symbols", "must map at least one venue symbol to an asset, e.g. {BTC-USD: BTC}");
  }
  if (ok && mapping) c.symbols = std::move(out);
}

void read_channels(config::Reader& r, std::string_view key, FeedSourceConfig& c) {
  std::vector<std::string> channels;
  if (!r.read(key, channels)) return;
  const auto allowed = allowed_channels(c.protocol);
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < channels.size(); ++i) {
    const std::string& name = channels[i];
    // Heartbeats are always subscribed; naming them is harmless.
    if ((c.protocol == FeedProtocol::coinbase_advanced && name == "heartbeats") ||
        (c.protocol == FeedProtocol::coinbase_exchange && name == "heartbeat")) {
      continue;
    }
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      r.error(key, fmt::format("[{}] must be one of {}; was {}", i, fmt::join(allowed, ", "),
                               config::quote(name)));
      ok = false;
    } else if (std::find(out.begin(), out.end(), name) != out.end()) {
      r.error(key, fmt::format("[{}] repeats {}", i, config::quote(name)));
      ok = false;
    } else {
      out.push_back(name);
    }
  }
  if (!ok) return;
  if (out.empty()) {
    r.error(key, fmt::format("must name at least one of {}", fmt::join(allowed, ", ")));
    return;
  }
  c.channels = std::move(out);
}

void read_timing(config::Reader& r, FeedSourceConfig& c) {
  std::int64_t stale = c.stale_after.count();
  if (r.read("stale_after_seconds", stale) &&
      r.check_between("stale_after_seconds", stale, std::int64_t{1}, kMaxStaleSeconds)) {
    c.stale_after = std::chrono::seconds(stale);
  }
  std::int64_t reconnect = c.stale_reconnect.count();
  const bool given = r.read("stale_reconnect_seconds", reconnect);
  if (given && !r.check_between("stale_reconnect_seconds", reconnect, std::int64_t{0},
                                kMaxReconnectSeconds)) {
    return;
  }
  if (reconnect != 0 && reconnect <= c.stale_after.count()) {
    r.error(given ? "stale_reconnect_seconds" : "stale_after_seconds",
            fmt::format("stale_reconnect_seconds ({}) must be 0 (never) or above "
                        "stale_after_seconds ({})",
                        reconnect, c.stale_after.count()));
    return;
  }
  c.stale_reconnect = std::chrono::seconds(reconnect);
}

}  // namespace

std::optional<std::string> set_url(FeedSourceConfig& source, std::string url) {
  const auto endpoint = net::parse_endpoint(url);
  if (!endpoint) return endpoint.error();
  const bool secure = endpoint->scheme == "wss";
  const bool loopback_plain = endpoint->scheme == "ws" && net::is_loopback_host(endpoint->host);
  if (!secure && !loopback_plain) {
    return std::string("must be a wss:// URL (ws:// only on a loopback host)");
  }
  source.url = std::move(url);
  source.endpoint = *endpoint;
  return std::nullopt;
}

FeedSourceConfig default_feed_source(std::string_view name, std::string url) {
  FeedSourceConfig c;
  c.name = std::string(name);
  c.venue = venue_of(name);
  c.protocol = base_protocol(c.venue);
  c.symbols = default_symbols(c.venue);
  c.channels = default_channels(c.protocol);
  c.url = url.empty() ? default_url(c.protocol) : std::move(url);
  if (auto e = net::parse_endpoint(c.url)) c.endpoint = *e;
  return c;
}

Expected<FeedSourceConfig, std::vector<config::ConfigError>> read_feed_source(
    const config::SourceConfig& source) {
  assert(is_feed_source(source.name));
  std::vector<config::ConfigError> errors;
  FeedSourceConfig c = default_feed_source(source.name);
  c.enabled = source.enabled;
  const config::Node* params = source.params.is_null() ? nullptr : &source.params;
  config::Reader r(params, fmt::format("sources.{}.params", source.name), errors);

  if (c.venue == Venue::coinbase) {
    if (r.read_enum("feed", c.protocol,
                    {{"advanced_trade", FeedProtocol::coinbase_advanced},
                     {"exchange", FeedProtocol::coinbase_exchange}})) {
      c.channels = default_channels(c.protocol);
      c.url = default_url(c.protocol);
      c.endpoint = *net::parse_endpoint(c.url);
    }
  }
  read_url(r, c);
  read_symbols(r, c);
  if (c.venue == Venue::binance) {
    read_channels(r, "streams", c);
    r.read_enum("time_unit", c.time_unit,
                {{"millisecond", TimeUnit::millisecond}, {"microsecond", TimeUnit::microsecond}});
    if (c.symbols.size() * c.channels.size() > kMaxBinanceStreams) {
      r.error("streams", fmt::format("{} symbols × {} streams is above Binance's {} streams per "
                                     "connection",
                                     c.symbols.size(), c.channels.size(), kMaxBinanceStreams));
    }
  } else {
    read_channels(r, "channels", c);
  }
  read_timing(r, c);
  r.finish();
  if (!errors.empty()) return unexpected(std::move(errors));
  return c;
}

std::unique_ptr<FeedParser> make_parser(const FeedSourceConfig& source) {
  ParserOptions options;
  options.source = source.name;
  options.symbols = source.symbols;
  options.time_unit = source.time_unit;
  switch (source.protocol) {
    case FeedProtocol::coinbase_advanced:
      return make_coinbase_advanced_parser(std::move(options));
    case FeedProtocol::coinbase_exchange:
      return make_coinbase_exchange_parser(std::move(options));
    case FeedProtocol::binance:
      return make_binance_parser(std::move(options));
    case FeedProtocol::kraken:
      return make_kraken_parser(std::move(options));
  }
  return nullptr;
}

}  // namespace antevorta::feeds
