// What each protocol connects to and sends.
#include "antevorta/feeds/protocol.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace antevorta::feeds {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Protocol, CoinbaseAdvancedSubscribesPerChannelWithHeartbeats) {
  const FeedSourceConfig c = default_feed_source("coinbase");
  EXPECT_EQ(upgrade_target(c), "/");
  EXPECT_THAT(
      subscribe_messages(c),
      ElementsAre(
          R"({"type":"subscribe","product_ids":["BTC-USD","SOL-USD"],"channel":"ticker"})",
          R"({"type":"subscribe","product_ids":["BTC-USD","SOL-USD"],"channel":"market_trades"})",
          R"({"type":"subscribe","product_ids":["BTC-USD","SOL-USD"],"channel":"heartbeats"})"));
  EXPECT_FALSE(keepalive_message(c, 1).has_value());
}

TEST(Protocol, CoinbaseExchangeSubscribesOnce) {
  FeedSourceConfig c = default_feed_source("coinbase", "wss://ws-feed.exchange.coinbase.com");
  c.protocol = FeedProtocol::coinbase_exchange;
  c.channels = {"ticker", "matches"};
  c.symbols = {{"BTC-USD", "BTC"}};
  EXPECT_EQ(upgrade_target(c), "/");
  EXPECT_THAT(
      subscribe_messages(c),
      ElementsAre(
          R"({"type":"subscribe","product_ids":["BTC-USD"],"channels":["ticker","matches","heartbeat"]})"));
}

TEST(Protocol, BinancePutsTheStreamsInTheTarget) {
  FeedSourceConfig c = default_feed_source("binance");
  EXPECT_EQ(upgrade_target(c),
            "/stream?streams=btcusdt@trade/btcusdt@bookTicker/solusdt@trade/solusdt@bookTicker");
  EXPECT_THAT(subscribe_messages(c), IsEmpty());
  EXPECT_FALSE(keepalive_message(c, 1).has_value());

  // A base path (the simulator may serve several protocols) and the µs time unit.
  c = default_feed_source("binance", "ws://127.0.0.1:9001/binance/");
  c.symbols = {{"BTCUSDT", "BTC"}};
  c.channels = {"aggTrade"};
  c.time_unit = TimeUnit::microsecond;
  EXPECT_EQ(upgrade_target(c), "/binance/stream?streams=btcusdt@aggTrade&timeUnit=MICROSECOND");
  c = default_feed_source("binance", "ws://127.0.0.1:9001/binance");
  c.symbols = {{"BTCUSDT", "BTC"}};
  c.channels = {"trade"};
  EXPECT_EQ(upgrade_target(c), "/binance/stream?streams=btcusdt@trade");
}

TEST(Protocol, KrakenSubscribesPerChannelWithoutTradeHistoryAndPings) {
  const FeedSourceConfig c = default_feed_source("kraken");
  EXPECT_EQ(upgrade_target(c), "/v2");
  EXPECT_THAT(
      subscribe_messages(c),
      ElementsAre(
          R"({"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD","SOL/USD"]},"req_id":1})",
          R"({"method":"subscribe","params":{"channel":"trade","symbol":["BTC/USD","SOL/USD"],"snapshot":false},"req_id":2})"));
  EXPECT_EQ(keepalive_message(c, 101), R"({"method":"ping","req_id":101})");
}

}  // namespace
}  // namespace antevorta::feeds
