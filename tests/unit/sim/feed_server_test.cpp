// The simulated venues' feeds on loopback: a raw WebSocket client subscribes the way each
// venue's protocol wants and receives well-formed frames; the faults (drop, silence, price
// offset) act on one venue.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "antevorta/net/ws_client.hpp"
#include "antevorta/sim/sim_server.hpp"

namespace antevorta::sim {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using nlohmann::json;

Decimal D(const std::string& text) { return Decimal::parse(text).value(); }

struct Frame {
  std::string text;
  json body;
  std::chrono::steady_clock::time_point at;
};

// What a client does after each frame: frames to send, and whether it is done.
struct Step {
  std::vector<std::string> send;
  bool done = false;
};
using React = std::function<Step(const std::vector<Frame>&)>;

class FeedServers : public ::testing::Test {
 protected:
  FeedServers() : clock(io.get_executor()) {
    SimServerOptions options;
    options.tick_interval = std::chrono::hours(1);
    options.feed_interval = 20ms;
    options.feeds.trade_probability = 1.0;  // a trade per product and tick
    server = std::make_unique<SimServer>(io.get_executor(), clock, null_logger("sim"), options);
    server->start();
    io.run_for(100ms);  // a few feed ticks: trades exist before anyone subscribes
  }
  ~FeedServers() override {
    server->stop();
    io.restart();
    io.run_for(100ms);
  }

  // Connects to `path`, sends `first`, then reads; after each frame `react` may send more
  // and ends the conversation. Gives up after `limit` (then `timed_out`).
  std::vector<Frame> talk(const std::string& path, std::vector<std::string> first, React react,
                          std::chrono::milliseconds limit = 5s) {
    std::vector<Frame> frames;
    bool finished = false;
    error.reset();
    timed_out = false;
    std::unique_ptr<net::WsConnection> ws;
    auto run = [&]() -> asio::awaitable<void> {
      try {
        net::Endpoint endpoint{"ws", "127.0.0.1", server->port(), "/"};
        net::HeaderList headers;
        net::WsOptions options;
        ws = co_await net::WsConnection::connect(io.get_executor(), clock, null_logger("client"),
                                                 endpoint, path, headers, options);
        for (auto& f : first) ws->send(std::move(f));
        for (;;) {
          auto in = co_await ws->read();
          Frame f{std::string(in.text), json::parse(in.text, nullptr, false),
                  std::chrono::steady_clock::now()};
          frames.push_back(std::move(f));
          Step step = react(frames);
          for (auto& s : step.send) ws->send(std::move(s));
          if (step.done) break;
        }
      } catch (const net::WsError& e) {
        error = e.kind();
      }
      finished = true;
    };
    asio::co_spawn(io, run(), asio::detached);
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!finished && std::chrono::steady_clock::now() < deadline) io.run_for(10ms);
    if (!finished) {
      timed_out = true;
      ws.reset();  // the pending read ends
      while (!finished) io.run_for(10ms);
    }
    return frames;
  }

  static std::vector<json> where(const std::vector<Frame>& frames,
                                 const std::function<bool(const json&)>& pred) {
    std::vector<json> out;
    for (const auto& f : frames) {
      if (f.body.is_object() && pred(f.body)) out.push_back(f.body);
    }
    return out;
  }
  static std::function<bool(const json&)> key_is(std::string key, std::string value) {
    return [key, value](const json& j) { return j.value(key, "") == value; };
  }

  Decimal index(const char* asset) { return server->exchange().indices().by_asset(asset)->value(); }

  asio::io_context io;
  LiveClock clock;
  std::unique_ptr<SimServer> server;
  std::optional<net::WsErrorKind> error;
  bool timed_out = false;
};

TEST_F(FeedServers, UrlsNameEachProtocolsPath) {
  const std::string origin = "ws://127.0.0.1:" + std::to_string(server->port());
  EXPECT_EQ(server->feed_url("coinbase_advanced"), origin + "/feeds/coinbase-advanced");
  EXPECT_EQ(server->feed_url("coinbase_exchange"), origin + "/feeds/coinbase-exchange");
  EXPECT_EQ(server->feed_url("binance"), origin + "/feeds/binance");
  EXPECT_EQ(server->feed_url("kraken"), origin + "/feeds/kraken/v2");
  EXPECT_EQ(server->feed_url("ftx"), "");
}

TEST_F(FeedServers, CoinbaseAdvancedTradeChannelsWithOneSequencePerConnection) {
  const auto frames =
      talk("/feeds/coinbase-advanced",
           {R"({"type":"subscribe","product_ids":["BTC-USD"],"channel":"ticker"})",
            R"({"type":"subscribe","product_ids":["BTC-USD"],"channel":"market_trades"})",
            R"({"type":"subscribe","channel":"heartbeats"})",
            R"({"type":"subscribe","product_ids":["BTC-USD"],"channels":["ticker"]})"},
           [](const std::vector<Frame>& fs) {
             bool hb = false, trade = false, ticker = false;
             for (const auto& f : fs) {
               const std::string ch = f.body.value("channel", "");
               hb = hb || ch == "heartbeats";
               trade = trade || (ch == "market_trades" && f.body["events"][0]["type"] == "update");
               ticker = ticker || (ch == "ticker" && f.body["events"][0]["type"] == "update");
             }
             return Step{{}, hb && trade && ticker};
           });
  ASSERT_FALSE(timed_out);
  // Every enveloped message counts on the connection's sequence_num: 0, 1, 2, …
  std::int64_t expected = 0;
  for (const auto& f : frames) {
    if (!f.body.contains("channel")) continue;
    EXPECT_EQ(f.body["sequence_num"], expected++) << f.text;
    EXPECT_TRUE(f.body["timestamp"].is_string());
    EXPECT_TRUE(f.body["events"].is_array());
  }
  const auto acks = where(frames, key_is("channel", "subscriptions"));
  ASSERT_EQ(acks.size(), 3u);
  EXPECT_EQ(acks[0]["events"][0]["subscriptions"]["ticker"], json::array({"BTC-USD"}));
  EXPECT_EQ(acks[1]["events"][0]["subscriptions"]["market_trades"], json::array({"BTC-USD"}));
  EXPECT_TRUE(acks[2]["events"][0]["subscriptions"].contains("heartbeats"));
  // The subscribe with `channels` (plural) is refused: one channel per message.
  const auto errors = where(frames, key_is("type", "error"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_TRUE(errors[0]["message"].is_string());

  const auto tickers = where(frames, key_is("channel", "ticker"));
  ASSERT_GE(tickers.size(), 2u);
  EXPECT_EQ(tickers[0]["events"][0]["type"], "snapshot");
  const json& t = tickers.back()["events"][0]["tickers"][0];
  EXPECT_EQ(t["type"], "ticker");
  EXPECT_EQ(t["product_id"], "BTC-USD");
  for (const char* field :
       {"price", "volume_24_h", "low_24_h", "high_24_h", "best_bid", "best_bid_quantity",
        "best_ask", "best_ask_quantity", "price_percent_chg_24_h"}) {
    EXPECT_TRUE(t[field].is_string()) << field;
  }
  EXPECT_LT(D(t["best_bid"]), D(t["best_ask"]));
  // Within 0.1 % of the index (basis 0.5 bp, noise 1 bp).
  const double idx = index("BTC").to_double();
  EXPECT_NEAR(D(t["best_bid"]).to_double(), idx, idx * 0.001);

  const auto trades = where(frames, [](const json& j) {
    return j.value("channel", "") == "market_trades" && j["events"][0]["type"] == "update";
  });
  const json& tr = trades[0]["events"][0]["trades"][0];
  EXPECT_TRUE(tr["trade_id"].is_string());
  EXPECT_EQ(tr["product_id"], "BTC-USD");
  EXPECT_TRUE(tr["side"] == "BUY" || tr["side"] == "SELL");
  EXPECT_TRUE(tr["price"].is_string());
  EXPECT_TRUE(tr["size"].is_string());
  EXPECT_TRUE(std::regex_match(tr["time"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z)")));

  const auto heartbeats = where(frames, key_is("channel", "heartbeats"));
  const json& hb = heartbeats[0]["events"][0];
  EXPECT_NE(hb["current_time"].get<std::string>().find(" +0000 UTC m=+"), std::string::npos);
  EXPECT_TRUE(hb["heartbeat_counter"].is_number_integer());
}

TEST_F(FeedServers, CoinbaseExchangeTickerAndMatchShareTheProductSequence) {
  const auto frames = talk(
      "/feeds/coinbase-exchange",
      {R"({"type":"subscribe","product_ids":["BTC-USD","SOL-USD"],"channels":["ticker","matches",{"name":"heartbeat","product_ids":["BTC-USD"]}]})",
       R"({"type":"subscribe","product_ids":["DOGE-USD"],"channels":["ticker"]})"},
      [](const std::vector<Frame>& fs) {
        int matches = 0;
        bool hb = false;
        for (const auto& f : fs) {
          matches += f.body.value("type", "") == "match";
          hb = hb || f.body.value("type", "") == "heartbeat";
        }
        return Step{{}, matches >= 6 && hb};
      });
  ASSERT_FALSE(timed_out);
  const auto acks = where(frames, key_is("type", "subscriptions"));
  ASSERT_EQ(acks.size(), 1u);
  ASSERT_EQ(acks[0]["channels"].size(), 3u);
  EXPECT_EQ(acks[0]["channels"][0]["name"], "heartbeat");
  EXPECT_EQ(acks[0]["channels"][0]["product_ids"], json::array({"BTC-USD"}));
  EXPECT_EQ(acks[0]["channels"][1]["product_ids"], json::array({"BTC-USD", "SOL-USD"}));
  const auto errors = where(frames, key_is("type", "error"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["reason"], "DOGE-USD is not a valid product");
  // last_match once per product right after subscribing (trades happened before).
  EXPECT_EQ(where(frames, key_is("type", "last_match")).size(), 2u);

  const auto tickers = where(frames, key_is("type", "ticker"));
  const auto matches = where(frames, key_is("type", "match"));
  ASSERT_FALSE(tickers.empty());
  std::map<std::string, std::int64_t> last_seq;
  for (const auto& m : matches) {
    EXPECT_TRUE(m["maker_order_id"].is_string());
    EXPECT_TRUE(m["price"].is_string());
    const std::string product = m["product_id"];
    if (last_seq.contains(product)) {
      EXPECT_EQ(m["sequence"], last_seq[product] + 1);
    }
    last_seq[product] = m["sequence"];
    // The ticker of the same trade: same sequence, the taker's side (the maker's opposite).
    for (const auto& t : tickers) {
      if (t["trade_id"] == m["trade_id"] && t["product_id"] == m["product_id"]) {
        EXPECT_EQ(t["sequence"], m["sequence"]);
        EXPECT_NE(t["side"], m["side"]);
        EXPECT_EQ(t["price"], m["price"]);
      }
    }
  }
  const json& t = tickers.back();
  for (const char* field : {"price", "open_24h", "volume_24h", "low_24h", "high_24h", "best_bid",
                            "best_ask", "last_size"}) {
    EXPECT_TRUE(t[field].is_string()) << field;
  }
  EXPECT_TRUE(t["sequence"].is_number_integer());
  EXPECT_TRUE(t["trade_id"].is_number_integer());
  const json hb = where(frames, key_is("type", "heartbeat"))[0];
  EXPECT_EQ(hb["product_id"], "BTC-USD");
  EXPECT_TRUE(hb["last_trade_id"].is_number_integer());
}

TEST_F(FeedServers, BinanceCombinedStreamsAndSubscribeMethod) {
  bool subscribed = false;
  const auto frames =
      talk("/feeds/binance/stream?streams=btcusdt@trade/btcusdt@bookTicker", {},
           [&](const std::vector<Frame>& fs) {
             Step step;
             if (!subscribed) {
               subscribed = true;
               step.send = {R"({"method":"SUBSCRIBE","params":["solusdt@trade"],"id":7})",
                            R"({"method":"LIST_SUBSCRIPTIONS","id":8})",
                            R"({"method":"SUBSCRIBE","params":["dogeusdt@trade"],"id":9})",
                            R"({"method":"PING","id":10})", "not json"};
             }
             int sol = 0;
             for (const auto& f : fs) sol += f.body.value("stream", "") == "solusdt@trade";
             step.done = sol >= 2;
             return step;
           });
  ASSERT_FALSE(timed_out);
  const auto acks = where(frames, [](const json& j) { return j.contains("result"); });
  ASSERT_EQ(acks.size(), 2u);
  EXPECT_EQ(acks[0], json::parse(R"({"result":null,"id":7})"));
  EXPECT_EQ(acks[1]["id"], 8);
  EXPECT_EQ(acks[1]["result"],
            json::array({"btcusdt@bookTicker", "btcusdt@trade", "solusdt@trade"}));
  const auto errors = where(frames, [](const json& j) { return j.contains("code"); });
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0]["code"], 2);  // unknown symbol
  EXPECT_EQ(errors[0]["id"], 9);
  EXPECT_EQ(errors[1]["code"], 2);  // unknown method
  EXPECT_EQ(errors[2]["code"], 3);  // invalid JSON
  EXPECT_TRUE(errors[2]["id"].is_null());

  const auto books = where(frames, key_is("stream", "btcusdt@bookTicker"));
  ASSERT_FALSE(books.empty());
  const json& b = books.back()["data"];
  EXPECT_TRUE(b["u"].is_number_integer());
  EXPECT_EQ(b["s"], "BTCUSDT");
  EXPECT_FALSE(b.contains("e"));  // spot bookTicker has no event type
  for (const char* field : {"b", "B", "a", "A"}) {
    ASSERT_TRUE(b[field].is_string()) << field;
    EXPECT_TRUE(std::regex_match(b[field].get<std::string>(), std::regex(R"(\d+\.\d{8})")));
  }
  EXPECT_LT(D(b["b"]), D(b["a"]));
  const auto trades = where(frames, key_is("stream", "btcusdt@trade"));
  ASSERT_FALSE(trades.empty());
  const json& t = trades.back()["data"];
  EXPECT_EQ(t["e"], "trade");
  EXPECT_EQ(t["s"], "BTCUSDT");
  EXPECT_TRUE(t["t"].is_number_integer());
  EXPECT_TRUE(t["p"].is_string());
  EXPECT_TRUE(t["q"].is_string());
  EXPECT_TRUE(t["T"].is_number_integer());
  EXPECT_TRUE(t["m"].is_boolean());
  EXPECT_EQ(where(frames, key_is("stream", "solusdt@trade")).back()["data"]["s"], "SOLUSDT");
}

TEST_F(FeedServers, KrakenV2StatusAcksSnapshotsHeartbeatsAndPong) {
  bool sent = false;
  const auto frames = talk("/feeds/kraken/v2", {}, [&](const std::vector<Frame>& fs) {
    Step step;
    if (!sent) {
      sent = true;
      step.send = {
          R"({"method":"ping","req_id":1})",
          R"({"method":"subscribe","params":{"channel":"ticker","symbol":["BTC/USD"],"event_trigger":"bbo"},"req_id":2})",
          R"({"method":"subscribe","params":{"channel":"trade","symbol":["SOL/USD","XBT/EUR"]},"req_id":3})"};
    }
    int updates = 0;
    bool hb = false;
    for (const auto& f : fs) {
      updates += f.body.value("type", "") == "update" && f.body.value("channel", "") == "trade";
      hb = hb || f.body.value("channel", "") == "heartbeat";
    }
    step.done = updates >= 2 && hb;
    return step;
  });
  ASSERT_FALSE(timed_out);
  ASSERT_FALSE(frames.empty());
  // Status first, with a connection_id above 2^63 (a uint64).
  const json& status = frames[0].body;
  EXPECT_EQ(status["channel"], "status");
  EXPECT_EQ(status["data"][0]["system"], "online");
  ASSERT_TRUE(status["data"][0]["connection_id"].is_number_unsigned());
  EXPECT_GT(status["data"][0]["connection_id"].get<std::uint64_t>(), 1ULL << 63);

  const auto pongs = where(frames, key_is("method", "pong"));
  ASSERT_EQ(pongs.size(), 1u);
  EXPECT_EQ(pongs[0]["req_id"], 1);
  EXPECT_TRUE(pongs[0]["time_in"].is_string());
  const auto acks = where(frames, key_is("method", "subscribe"));
  ASSERT_EQ(acks.size(), 3u);
  EXPECT_EQ(acks[0]["success"], true);
  EXPECT_EQ(acks[0]["result"]["channel"], "ticker");
  EXPECT_EQ(acks[0]["result"]["symbol"], "BTC/USD");
  EXPECT_EQ(acks[0]["req_id"], 2);
  EXPECT_EQ(acks[1]["success"], true);
  EXPECT_EQ(acks[1]["result"]["symbol"], "SOL/USD");
  EXPECT_EQ(acks[2]["success"], false);
  EXPECT_EQ(acks[2]["error"], "Currency pair not supported XBT/EUR");

  // The snapshot comes before the updates; prices are JSON numbers keeping their zeros
  // (BTC/USD: one decimal; quantities: eight).
  const auto tickers = where(frames, key_is("channel", "ticker"));
  ASSERT_GE(tickers.size(), 2u);
  EXPECT_EQ(tickers[0]["type"], "snapshot");
  EXPECT_EQ(tickers[1]["type"], "update");
  EXPECT_TRUE(tickers[1]["data"][0]["bid"].is_number());
  std::string raw;
  for (const auto& f : frames) {
    if (f.body.value("channel", "") == "ticker") raw = f.text;
  }
  EXPECT_TRUE(std::regex_search(raw, std::regex(R"("bid":\d+\.\d,"bid_qty":\d+\.\d{8},)"))) << raw;
  const auto trades = where(frames, key_is("channel", "trade"));
  ASSERT_GE(trades.size(), 2u);
  EXPECT_EQ(trades[0]["type"], "snapshot");
  const json& t = trades.back()["data"][0];
  EXPECT_EQ(t["symbol"], "SOL/USD");
  EXPECT_TRUE(t["side"] == "buy" || t["side"] == "sell");
  EXPECT_TRUE(t["price"].is_number());
  EXPECT_TRUE(t["trade_id"].is_number_integer());
  EXPECT_EQ(where(frames, key_is("channel", "heartbeat"))[0],
            json::parse(R"({"channel":"heartbeat"})"));
}

TEST_F(FeedServers, DroppedVenueClosesItsConnectionsOnly) {
  bool dropped = false;
  talk("/feeds/kraken/v2", {}, [&](const std::vector<Frame>&) {
    if (!dropped) {
      dropped = true;
      EXPECT_EQ(server->feeds().connection_count(FeedProtocol::kraken), 1u);
      server->feeds().drop(FeedProtocol::binance);  // another venue: no effect
      server->feeds().drop(FeedProtocol::kraken);
    }
    return Step{{R"({"method":"ping"})"}, false};
  });
  EXPECT_FALSE(timed_out);
  ASSERT_TRUE(error.has_value());
  io.run_for(50ms);  // the server side notices the aborted socket
  EXPECT_EQ(server->feeds().connection_count(FeedProtocol::kraken), 0u);
}

TEST_F(FeedServers, SilentVenueSendsNothingUntilItSpeaksAgain) {
  std::optional<std::chrono::steady_clock::time_point> silenced;
  std::optional<std::chrono::steady_clock::time_point> resumed;
  TimerHandle timer;
  const auto frames =
      talk("/feeds/binance/ws/btcusdt@bookTicker", {}, [&](const std::vector<Frame>& fs) {
        if (!silenced && fs.size() >= 3) {
          silenced = std::chrono::steady_clock::now();
          server->feeds().set_silent(FeedProtocol::binance, true);
          timer = clock.call_after(400ms, [&] {
            resumed = std::chrono::steady_clock::now();
            server->feeds().set_silent(FeedProtocol::binance, false);
          });
        }
        std::size_t after = 0;
        for (const auto& f : fs) after += resumed && f.at >= *resumed;
        return Step{{}, after >= 3};
      });
  ASSERT_FALSE(timed_out);
  ASSERT_TRUE(silenced && resumed);
  for (const auto& f : frames) {
    // Raw stream: bare bookTicker objects. Nothing arrives while the venue is silent
    // (frames already on the way may land just after it fell silent).
    EXPECT_EQ(f.body["s"], "BTCUSDT");
    EXPECT_FALSE(f.at > *silenced + 100ms && f.at < *resumed) << f.text;
  }
}

TEST_F(FeedServers, PriceOffsetMovesOneVenueAwayFromTheIndex) {
  server->feeds().set_price_offset(FeedProtocol::binance, "BTC", D("1000"));
  const auto frames = talk("/feeds/binance/stream?streams=btcusdt@bookTicker", {},
                           [](const std::vector<Frame>& fs) {
                             return Step{{}, fs.size() >= 3};
                           });
  ASSERT_FALSE(timed_out);
  // The index moves by a few dollars at most in a second; the basis and noise by ~25.
  const double idx = index("BTC").to_double();
  const double bid = D(frames.back().body["data"]["b"]).to_double();
  EXPECT_NEAR(bid, idx + 1000.0, 100.0);
}

}  // namespace
}  // namespace antevorta::sim
