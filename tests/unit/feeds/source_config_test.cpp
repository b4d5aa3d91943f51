// Feed source configuration: defaults, every bad value with its key path, URL rules, and the
// files shipped in config/sources.
#include "antevorta/feeds/source_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/config/loader.hpp"
#include "antevorta/config/tree.hpp"

#include "support/paths.hpp"
#include "support/shipped_config.hpp"

namespace antevorta::feeds {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using namespace std::chrono_literals;

// sources.<name> from a YAML text as the loader would hand it over.
struct Loaded {
  config::SourceConfig source;
  std::vector<config::ConfigError> parse_errors;
};

Loaded source_from(const std::string& name, const std::string& yaml) {
  Loaded out;
  const config::Node tree = config::parse_yaml(yaml, "sources/" + name + ".yaml", out.parse_errors);
  out.source.name = name;
  if (const auto* enabled = tree.find_path("sources." + name + ".enabled")) {
    out.source.enabled = enabled->text != "false";
  }
  if (const auto* params = tree.find_path("sources." + name + ".params")) {
    out.source.params = *params;
  }
  return out;
}

FeedSourceConfig read_ok(const std::string& name, const std::string& yaml) {
  const Loaded loaded = source_from(name, yaml);
  EXPECT_THAT(loaded.parse_errors, IsEmpty());
  auto result = read_feed_source(loaded.source);
  if (!result) {
    for (const auto& e : result.error()) ADD_FAILURE() << e.to_string();
    return {};
  }
  return *result;
}

std::vector<config::ConfigError> read_errors(const std::string& name, const std::string& yaml) {
  const Loaded loaded = source_from(name, yaml);
  EXPECT_THAT(loaded.parse_errors, IsEmpty());
  auto result = read_feed_source(loaded.source);
  if (result) {
    ADD_FAILURE() << "accepted";
    return {};
  }
  return result.error();
}

std::vector<std::string> key_paths(const std::vector<config::ConfigError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.key_path);
  return out;
}

TEST(FeedSourceConfig, FeedSourceNames) {
  EXPECT_TRUE(is_feed_source("coinbase"));
  EXPECT_TRUE(is_feed_source("binance"));
  EXPECT_TRUE(is_feed_source("kraken"));
  EXPECT_FALSE(is_feed_source("lmarena"));
  EXPECT_FALSE(is_feed_source("Coinbase"));
}

TEST(FeedSourceConfig, DefaultsWithoutParams) {
  config::SourceConfig coinbase{"coinbase", true, {}};
  const auto c = read_feed_source(coinbase);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->venue, Venue::coinbase);
  EXPECT_EQ(c->protocol, FeedProtocol::coinbase_advanced);
  EXPECT_EQ(c->url, "wss://advanced-trade-ws.coinbase.com");
  EXPECT_EQ(c->endpoint.host, "advanced-trade-ws.coinbase.com");
  EXPECT_EQ(c->endpoint.port, 443);
  EXPECT_EQ(c->endpoint.path, "/");
  EXPECT_THAT(c->symbols, ElementsAre(FeedSymbol{"BTC-USD", "BTC"}, FeedSymbol{"SOL-USD", "SOL"}));
  EXPECT_THAT(c->channels, ElementsAre("ticker", "market_trades"));
  EXPECT_EQ(c->stale_after, 10s);
  EXPECT_EQ(c->stale_reconnect, 60s);

  config::SourceConfig binance{"binance", false, {}};
  const auto b = read_feed_source(binance);
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->enabled);
  EXPECT_EQ(b->protocol, FeedProtocol::binance);
  EXPECT_EQ(b->endpoint.port, 9443);
  EXPECT_THAT(b->symbols, ElementsAre(FeedSymbol{"BTCUSDT", "BTC"}, FeedSymbol{"SOLUSDT", "SOL"}));
  EXPECT_THAT(b->channels, ElementsAre("trade", "bookTicker"));
  EXPECT_EQ(b->time_unit, TimeUnit::millisecond);

  config::SourceConfig kraken{"kraken", true, {}};
  const auto k = read_feed_source(kraken);
  ASSERT_TRUE(k);
  EXPECT_EQ(k->protocol, FeedProtocol::kraken);
  EXPECT_EQ(k->url, "wss://ws.kraken.com/v2");
  EXPECT_EQ(k->endpoint.path, "/v2");
  EXPECT_THAT(k->symbols, ElementsAre(FeedSymbol{"BTC/USD", "BTC"}, FeedSymbol{"SOL/USD", "SOL"}));
  EXPECT_THAT(k->channels, ElementsAre("ticker", "trade"));
}

TEST(FeedSourceConfig, CoinbaseExchangeFeedHasItsOwnDefaults) {
  const auto c = read_ok("coinbase", "sources:\n  coinbase:\n    params:\n      feed: exchange\n");
  EXPECT_EQ(c.protocol, FeedProtocol::coinbase_exchange);
  EXPECT_EQ(c.url, "wss://ws-feed.exchange.coinbase.com");
  EXPECT_THAT(c.channels, ElementsAre("ticker", "matches"));
}

TEST(FeedSourceConfig, EveryKeyRead) {
  const auto b = read_ok("binance",
                         "sources:\n"
                         "  binance:\n"
                         "    params:\n"
                         "      url: ws://127.0.0.1:9001/binance\n"
                         "      symbols: {btcusdt: BTC, EthUsdt: ETH}\n"
                         "      streams: [aggTrade, bookTicker]\n"
                         "      time_unit: microsecond\n"
                         "      stale_after_seconds: 5\n"
                         "      stale_reconnect_seconds: 0\n");
  EXPECT_EQ(b.endpoint.scheme, "ws");
  EXPECT_EQ(b.endpoint.port, 9001);
  EXPECT_EQ(b.endpoint.path, "/binance");
  // Binance symbols are upper-cased (payloads carry BTCUSDT).
  EXPECT_THAT(b.symbols, ElementsAre(FeedSymbol{"BTCUSDT", "BTC"}, FeedSymbol{"ETHUSDT", "ETH"}));
  EXPECT_THAT(b.channels, ElementsAre("aggTrade", "bookTicker"));
  EXPECT_EQ(b.time_unit, TimeUnit::microsecond);
  EXPECT_EQ(b.stale_after, 5s);
  EXPECT_EQ(b.stale_reconnect, 0s);

  const auto c = read_ok("coinbase",
                         "sources:\n  coinbase:\n    params:\n"
                         "      channels: [ticker_batch, heartbeats]\n"
                         "      stale_after_seconds: 3600\n"
                         "      stale_reconnect_seconds: 3601\n");
  EXPECT_THAT(c.channels, ElementsAre("ticker_batch"));  // heartbeats are implicit
  EXPECT_EQ(c.stale_after, 3600s);
  EXPECT_EQ(c.stale_reconnect, 3601s);
}

TEST(FeedSourceConfig, EveryBadValueIsReportedWithItsKeyPathAndLine) {
  const auto errors = read_errors("coinbase",
                                  "sources:\n"                                           // 1
                                  "  coinbase:\n"                                        // 2
                                  "    params:\n"                                        // 3
                                  "      feed: fix\n"                                    // 4
                                  "      url: https://advanced-trade-ws.coinbase.com\n"  // 5
                                  "      symbols:\n"                                     // 6
                                  "        btc-usd: BTC\n"                               // 7
                                  "        ETH-USD: eth\n"                               // 8
                                  "        SOL-USD: ~\n"                                 // 9
                                  "      channels: [ticker, level2, ticker]\n"           // 10
                                  "      stale_after_seconds: 0\n"                       // 11
                                  "      stale_reconnect_seconds: 5\n"                   // 12
                                  "      time_unit: millisecond\n");                     // 13
  const std::string p = "sources.coinbase.params.";
  EXPECT_THAT(
      key_paths(errors),
      ElementsAre(p + "feed", p + "url", p + "symbols.btc-usd", p + "symbols.ETH-USD",
                  p + "symbols.SOL-USD", p + "channels", p + "channels", p + "stale_after_seconds",
                  p + "stale_reconnect_seconds", p + "time_unit"));
  ASSERT_EQ(errors.size(), 10u);
  const int lines[] = {4, 5, 7, 8, 9, 10, 10, 11, 12, 13};
  for (std::size_t i = 0; i < errors.size(); ++i) {
    EXPECT_EQ(errors[i].source, "sources/coinbase.yaml") << i;
    EXPECT_EQ(errors[i].line, lines[i]) << errors[i].to_string();
  }
  EXPECT_THAT(errors[1].message, ::testing::HasSubstr("wss://"));
  EXPECT_THAT(errors[2].message, ::testing::HasSubstr("BASE-QUOTE"));
  EXPECT_THAT(errors[3].message, ::testing::HasSubstr("\"eth\""));
  EXPECT_THAT(errors[5].message, ::testing::HasSubstr("\"level2\""));
  EXPECT_THAT(errors[6].message, ::testing::HasSubstr("repeats"));
  EXPECT_THAT(errors[7].message, ::testing::HasSubstr("between 1 and 3600"));
  // stale_reconnect_seconds 5 is not above the stale limit (the default 10, as 0 was refused).
  EXPECT_THAT(errors[8].message, ::testing::HasSubstr("above stale_after_seconds (10)"));
  EXPECT_THAT(errors[9].message, ::testing::HasSubstr("unknown key"));
}

TEST(FeedSourceConfig, PlainWebSocketOnlyOnLoopback) {
  for (const char* url : {"ws://127.0.0.1:9000/x", "ws://localhost:1", "ws://[::1]:5/v2",
                          "wss://example.com/feed", "wss://10.0.0.1:443"}) {
    const auto k = read_ok(
        "kraken", std::string("sources:\n  kraken:\n    params:\n      url: \"") + url + "\"\n");
    EXPECT_EQ(k.url, url);
  }
  for (const char* url :
       {"ws://example.com/v2", "ws://10.0.0.1:80", "http://127.0.0.1:80", "https://ws.kraken.com",
        "wss://ws.kraken.com/v2?x=1", "ws.kraken.com", ""}) {
    const auto errors = read_errors(
        "kraken", std::string("sources:\n  kraken:\n    params:\n      url: \"") + url + "\"\n");
    EXPECT_THAT(key_paths(errors), ElementsAre("sources.kraken.params.url")) << url;
  }
}

TEST(FeedSourceConfig, SetUrlPointsASourceElsewhere) {
  FeedSourceConfig c = default_feed_source("binance");
  EXPECT_EQ(set_url(c, "ws://127.0.0.1:45001/binance"), std::nullopt);
  EXPECT_EQ(c.url, "ws://127.0.0.1:45001/binance");
  EXPECT_EQ(c.endpoint.port, 45001);
  EXPECT_EQ(c.endpoint.path, "/binance");
  const auto refused = set_url(c, "ws://192.0.2.1:80");
  ASSERT_TRUE(refused.has_value());
  EXPECT_THAT(*refused, ::testing::HasSubstr("loopback"));
  EXPECT_EQ(c.url, "ws://127.0.0.1:45001/binance");  // unchanged
  EXPECT_TRUE(set_url(c, "not a url").has_value());
}

TEST(FeedSourceConfig, SymbolRulesPerVenue) {
  const auto k =
      read_ok("kraken", "sources:\n  kraken:\n    params:\n      symbols: {BTC/USD: BTC}\n");
  EXPECT_THAT(k.symbols, ElementsAre(FeedSymbol{"BTC/USD", "BTC"}));
  EXPECT_THAT(
      key_paths(read_errors("kraken",
                            "sources:\n  kraken:\n    params:\n"
                            "      symbols: {BTC-USD: BTC, BTC/: BTC, /USD: X}\n")),
      ElementsAre("sources.kraken.params.symbols.BTC-USD", "sources.kraken.params.symbols.BTC/",
                  "sources.kraken.params.symbols./USD"));
  EXPECT_THAT(
      key_paths(read_errors("binance",
                            "sources:\n  binance:\n    params:\n"
                            "      symbols: {BTC-USDT: BTC, BTCUSDT: ABCDEFGHIJKLMNOPQ}\n")),
      ElementsAre("sources.binance.params.symbols.BTC-USDT",
                  "sources.binance.params.symbols.BTCUSDT"));  // asset of 17 chars
  // btcusdt and BTCUSDT are one Binance symbol.
  EXPECT_THAT(key_paths(read_errors("binance",
                                    "sources:\n  binance:\n    params:\n"
                                    "      symbols: {btcusdt: BTC, BTCUSDT: BTC}\n")),
              ElementsAre("sources.binance.params.symbols.BTCUSDT"));
  EXPECT_THAT(
      key_paths(read_errors("coinbase", "sources:\n  coinbase:\n    params:\n      symbols: {}\n")),
      ElementsAre("sources.coinbase.params.symbols"));
  EXPECT_THAT(key_paths(read_errors(
                  "coinbase", "sources:\n  coinbase:\n    params:\n      symbols: [BTC-USD]\n")),
              ElementsAre("sources.coinbase.params.symbols"));
}

TEST(FeedSourceConfig, ChannelsPerProtocol) {
  EXPECT_THAT(key_paths(read_errors("coinbase",
                                    "sources:\n  coinbase:\n    params:\n      feed: exchange\n"
                                    "      channels: [market_trades]\n")),
              ElementsAre("sources.coinbase.params.channels"));
  EXPECT_THAT(key_paths(read_errors("binance",
                                    "sources:\n  binance:\n    params:\n      streams: [depth]\n")),
              ElementsAre("sources.binance.params.streams"));
  EXPECT_THAT(
      key_paths(read_errors("kraken", "sources:\n  kraken:\n    params:\n      channels: []\n")),
      ElementsAre("sources.kraken.params.channels"));
  // Binance has streams, not channels.
  EXPECT_THAT(key_paths(read_errors(
                  "binance", "sources:\n  binance:\n    params:\n      channels: [trade]\n")),
              ElementsAre("sources.binance.params.channels"));
}

TEST(FeedSourceConfig, BinanceStreamLimitPerConnection) {
  const auto yaml = [](int symbols) {
    std::string y =
        "sources:\n  binance:\n    params:\n      streams: [trade, bookTicker]\n"
        "      symbols:\n";
    for (int i = 0; i < symbols; ++i) y += "        S" + std::to_string(i) + "USDT: A\n";
    return y;
  };
  EXPECT_EQ(read_ok("binance", yaml(512)).symbols.size(), 512u);  // 512 × 2 = 1024: the limit
  EXPECT_THAT(key_paths(read_errors("binance", yaml(513))),       // 513 × 2 = 1026
              ElementsAre("sources.binance.params.streams"));
}

TEST(FeedSourceConfig, StaleReconnectBoundary) {
  const auto yaml = [](int stale, int reconnect) {
    return "sources:\n  kraken:\n    params:\n      stale_after_seconds: " + std::to_string(stale) +
           "\n      stale_reconnect_seconds: " + std::to_string(reconnect) + "\n";
  };
  EXPECT_EQ(read_ok("kraken", yaml(10, 11)).stale_reconnect, 11s);
  EXPECT_EQ(read_ok("kraken", yaml(10, 0)).stale_reconnect, 0s);
  EXPECT_THAT(key_paths(read_errors("kraken", yaml(10, 10))),
              ElementsAre("sources.kraken.params.stale_reconnect_seconds"));
  EXPECT_THAT(key_paths(read_errors("kraken", yaml(10, -1))),
              ElementsAre("sources.kraken.params.stale_reconnect_seconds"));
  // Only the stale limit given, above the default reconnect time: the stale key is blamed.
  EXPECT_THAT(key_paths(read_errors(
                  "kraken", "sources:\n  kraken:\n    params:\n      stale_after_seconds: 90\n")),
              ElementsAre("sources.kraken.params.stale_after_seconds"));
}

TEST(FeedSourceConfig, ParserMatchesTheProtocol) {
  EXPECT_EQ(make_parser(default_feed_source("coinbase"))->venue(), Venue::coinbase);
  EXPECT_EQ(make_parser(default_feed_source("binance"))->venue(), Venue::binance);
  EXPECT_EQ(make_parser(default_feed_source("kraken"))->venue(), Venue::kraken);
  // The exchange-feed parser reads a `match`, the Advanced Trade parser does not.
  auto exchange = default_feed_source("coinbase");
  exchange.protocol = FeedProtocol::coinbase_exchange;
  const std::string match = R"({"type":"match","price":"1","product_id":"BTC-USD"})";
  std::vector<PriceTick> ticks;
  EXPECT_EQ(make_parser(exchange)->parse(match, {}, ticks).ticks, 1u);
  EXPECT_EQ(make_parser(default_feed_source("coinbase"))->parse(match, {}, ticks).ticks, 0u);
}

TEST(FeedSourceConfig, ShippedFilesLoadAndValidate) {
  const config::LoadResult loaded = antevorta::test::load_shipped_config();
  ASSERT_THAT(antevorta::test::error_texts(loaded), IsEmpty());
  int feeds = 0;
  for (const auto& [name, source] : loaded.config->sources) {
    if (!is_feed_source(name)) continue;
    ++feeds;
    const auto c = read_feed_source(source);
    ASSERT_TRUE(c) << name << ": " << c.error().front().to_string();
    EXPECT_TRUE(c->enabled) << name;
    // The files spell out the defaults.
    const FeedSourceConfig d = default_feed_source(name);
    EXPECT_EQ(c->url, d.url) << name;
    EXPECT_EQ(c->symbols, d.symbols) << name;
    EXPECT_EQ(c->channels, d.channels) << name;
    EXPECT_EQ(c->stale_after, d.stale_after) << name;
    EXPECT_EQ(c->stale_reconnect, d.stale_reconnect) << name;
  }
  EXPECT_EQ(feeds, 3);
}

}  // namespace
}  // namespace antevorta::feeds
