// FeedClient against an in-process venue on 127.0.0.1 (net::HttpServer's WebSocket side):
// subscriptions, ticks on the bus, the stale watchdog, reconnects with backoff, stop().
// The feed's clock is a ManualClock: the watchdog, the keepalive and the backoff waits move
// only when the test advances it; the sockets run in real time.
#include "antevorta/feeds/feed_client.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/net/http_server.hpp"

#include "unit/feeds/feeds_test_util.hpp"
#include "unit/net/io_test_util.hpp"

namespace antevorta::feeds {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using antevorta::test::run_until;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A venue: accepts upgrades (or refuses them with `refusal`), records what clients send, and
// answers through `reply` (called for every received message).
struct FakeVenue {
  explicit FakeVenue(asio::io_context& io) {
    net::HttpServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    server = std::make_unique<net::HttpServer>(
        io.get_executor(), null_logger(), options,
        [](const net::ServerRequest&) -> asio::awaitable<net::ServerResponse> {
          co_return net::ServerResponse{};
        },
        [this](const net::ServerRequest& req) {
          upgrades.push_back(req.target);
          return refusal;
        },
        [this](std::shared_ptr<net::ServerWebSocket> ws) {
          session = ws;
          ++sessions;
          ws->on_message([this, raw = ws.get()](std::string_view m) {
            received.emplace_back(m);
            if (reply) reply(*raw, m);
          });
        });
    server->start();
  }

  std::string url(std::string_view path = "") const {
    return fmt::format("ws://127.0.0.1:{}{}", server->port(), path);
  }
  void send(std::string text) {
    ASSERT_TRUE(session);
    ASSERT_TRUE(session->send(std::move(text)));
  }

  std::unique_ptr<net::HttpServer> server;
  std::vector<std::string> upgrades;  // request targets
  std::optional<net::ServerResponse> refusal;
  std::shared_ptr<net::ServerWebSocket> session;  // the latest
  int sessions = 0;
  std::vector<std::string> received;
  std::function<void(net::ServerWebSocket&, std::string_view)> reply;
};

constexpr const char* kCoinbaseTicker =
    R"({"channel":"ticker","timestamp":"2026-01-01T00:00:00Z","sequence_num":1,"events":[{"type":"update",)"
    R"("tickers":[{"type":"ticker","product_id":"BTC-USD","price":"68000.5","best_bid":"68000.00","best_ask":"68001.00"}]}]})";

struct FeedClientTest : ::testing::Test {
  asio::io_context io;
  ManualClock clock;
  EventBus bus;
  FakeVenue venue{io};
  std::vector<PriceTick> ticks;
  std::vector<FeedStateChanged> states;
  std::vector<std::pair<std::string, Timestamp>> ingress;
  Subscription tick_sub =
      bus.subscribe<PriceTick>([this](const PriceTick& t) { ticks.push_back(t); });
  Subscription state_sub =
      bus.subscribe<FeedStateChanged>([this](const FeedStateChanged& e) { states.push_back(e); });
  std::unique_ptr<FeedClient> client;

  void TearDown() override {
    if (client) client->stop();
    venue.session.reset();
    venue.server->stop();
    io.restart();
    io.run_for(50ms);
  }

  static FeedClientOptions fast_backoff() {
    FeedClientOptions o;
    o.backoff.initial = 100ms;
    o.backoff.max = 1s;
    o.backoff.multiplier = 2.0;
    o.backoff.jitter = 0.0;
    return o;
  }

  void start(FeedSourceConfig config, FeedClientOptions options = fast_backoff()) {
    client = std::make_unique<FeedClient>(io.get_executor(), bus, clock, null_logger(),
                                          std::move(config), std::move(options));
    client->set_ingress_tap([this](std::string_view frame, Timestamp at) {
      ingress.emplace_back(std::string(frame), at);
    });
    client->start();
  }

  bool wait(auto pred) { return run_until(io, pred, 5000ms); }
  // Lets the sockets work for a while (to show that something does NOT happen).
  void settle() { io.run_for(100ms); }

  std::vector<FeedState> state_list() const {
    std::vector<FeedState> out;
    for (const auto& s : states) out.push_back(s.state);
    return out;
  }
};

TEST_F(FeedClientTest, SubscribesPublishesTicksAndTapsIngress) {
  start(default_feed_source("coinbase", venue.url()));
  ASSERT_TRUE(wait([&] { return venue.received.size() == 3; }));
  EXPECT_THAT(venue.upgrades, ElementsAre("/"));
  EXPECT_THAT(
      venue.received,
      ElementsAre(
          R"({"type":"subscribe","product_ids":["BTC-USD","SOL-USD"],"channel":"ticker"})",
          R"({"type":"subscribe","product_ids":["BTC-USD","SOL-USD"],"channel":"market_trades"})",
          R"({"type":"subscribe","product_ids":["BTC-USD","SOL-USD"],"channel":"heartbeats"})"));
  EXPECT_THAT(state_list(), ElementsAre(FeedState::connecting));
  EXPECT_EQ(client->state(), FeedState::connecting);

  clock.advance(2s);
  venue.send(R"({"channel":"subscriptions","events":[{"subscriptions":{"ticker":["BTC-USD"]}}]})");
  venue.send(kCoinbaseTicker);
  ASSERT_TRUE(wait([&] { return ticks.size() == 1; }));
  const PriceTick& t = ticks[0];
  EXPECT_EQ(t.source, "coinbase");
  EXPECT_EQ(t.asset, "BTC");
  EXPECT_EQ(t.kind, TickKind::quote);
  EXPECT_EQ(t.price, test::D("68000.5"));  // (68000.00 + 68001.00) / 2
  EXPECT_EQ(t.received_at, clock.now());   // ingress time from the feed's clock
  EXPECT_THAT(state_list(), ElementsAre(FeedState::connecting, FeedState::live));
  EXPECT_EQ(client->state(), FeedState::live);
  ASSERT_EQ(ingress.size(), 2u);
  EXPECT_EQ(ingress[1].first, kCoinbaseTicker);
  EXPECT_EQ(ingress[1].second, clock.now());
  EXPECT_EQ(client->stats().frames, 2u);
  EXPECT_EQ(client->stats().ticks, 1u);
  EXPECT_EQ(client->stats().last_tick, clock.now());  // the tick's receive time
  EXPECT_EQ(client->stats().connects, 1u);

  // Malformed frames are counted, not fatal.
  venue.send("{not json");
  ASSERT_TRUE(wait([&] { return client->stats().bad_frames == 1; }));
  EXPECT_EQ(client->state(), FeedState::live);
}

TEST_F(FeedClientTest, GoesStaleWhenSilentAndLiveAgainOnData) {
  start(default_feed_source("coinbase", venue.url()));
  ASSERT_TRUE(wait([&] { return venue.received.size() == 3; }));
  venue.send(kCoinbaseTicker);
  ASSERT_TRUE(wait([&] { return ticks.size() == 1; }));

  clock.advance(10s - 1ms);  // heartbeats do not count, and there are none
  EXPECT_EQ(client->state(), FeedState::live);
  clock.advance(1ms);  // 10 s without a tick
  EXPECT_EQ(client->state(), FeedState::stale);
  ASSERT_EQ(states.size(), 3u);
  EXPECT_EQ(states[2].state, FeedState::stale);
  EXPECT_EQ(states[2].detail, "no data for 10s");
  EXPECT_EQ(client->stats().stale, 1u);

  venue.send(kCoinbaseTicker);
  ASSERT_TRUE(wait([&] { return ticks.size() == 2; }));
  EXPECT_THAT(state_list(), ElementsAre(FeedState::connecting, FeedState::live, FeedState::stale,
                                        FeedState::live));
  EXPECT_EQ(venue.sessions, 1);  // the same connection throughout
}

TEST_F(FeedClientTest, ReconnectsAfterTheVenueDropsTheConnection) {
  start(default_feed_source("coinbase", venue.url()));
  ASSERT_TRUE(wait([&] { return venue.received.size() == 3; }));
  venue.send(kCoinbaseTicker);
  ASSERT_TRUE(wait([&] { return ticks.size() == 1; }));

  venue.server->drop_websockets();
  ASSERT_TRUE(wait([&] { return client->state() == FeedState::connecting; }));
  EXPECT_FALSE(client->last_error().empty());
  EXPECT_EQ(states.back().detail, client->last_error());
  EXPECT_EQ(client->stats().reconnects, 1u);

  // The backoff wait is on the feed's clock: 100 ms (initial, no jitter).
  clock.advance(99ms);
  settle();
  EXPECT_EQ(venue.upgrades.size(), 1u);
  clock.advance(1ms);
  ASSERT_TRUE(wait([&] { return venue.received.size() == 6; }));  // subscribed again
  EXPECT_EQ(venue.upgrades.size(), 2u);
  EXPECT_EQ(client->stats().connects, 2u);
  venue.send(kCoinbaseTicker);
  ASSERT_TRUE(wait([&] { return ticks.size() == 2; }));
  EXPECT_EQ(client->state(), FeedState::live);
}

TEST_F(FeedClientTest, BackoffGrowsWhileTheVenueRefuses) {
  venue.refusal = net::ServerResponse{503, {}, R"({"error":"busy"})"};
  start(default_feed_source("kraken", venue.url("/v2")));
  ASSERT_TRUE(wait([&] { return client->stats().reconnects == 1; }));
  EXPECT_THAT(venue.upgrades, ElementsAre("/v2"));
  EXPECT_THAT(client->last_error(), HasSubstr("503"));
  // Delays 100 ms, then 200 ms (× 2, no jitter).
  clock.advance(100ms);
  ASSERT_TRUE(wait([&] { return client->stats().reconnects == 2; }));
  EXPECT_EQ(venue.upgrades.size(), 2u);
  clock.advance(199ms);
  settle();
  EXPECT_EQ(venue.upgrades.size(), 2u);
  clock.advance(1ms);
  ASSERT_TRUE(wait([&] { return venue.upgrades.size() == 3u; }));
  // Each failure is announced with its error.
  for (std::size_t i = 1; i < states.size(); ++i) {
    EXPECT_EQ(states[i].state, FeedState::connecting);
    EXPECT_THAT(states[i].detail, HasSubstr("503"));
  }
}

TEST_F(FeedClientTest, BinanceStreamsInTheTargetAndServerShutdownReconnects) {
  start(default_feed_source("binance", venue.url()));
  ASSERT_TRUE(wait([&] { return venue.session != nullptr; }));
  EXPECT_THAT(venue.upgrades,
              ElementsAre("/stream?streams=btcusdt@trade/btcusdt@bookTicker/solusdt@trade/"
                          "solusdt@bookTicker"));
  venue.send(
      R"({"stream":"btcusdt@trade","data":{"e":"trade","E":1767225600000,"s":"BTCUSDT","t":1,"p":"98765.43210000","q":"1","T":1767225600000,"m":true}})");
  ASSERT_TRUE(wait([&] { return ticks.size() == 1; }));
  EXPECT_EQ(ticks[0].price, test::D("98765.4321"));
  EXPECT_EQ(ticks[0].exchange_time, from_unix_ms(1767225600000));

  venue.send(R"({"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1767225600001}})");
  ASSERT_TRUE(wait([&] { return client->state() == FeedState::connecting; }));
  EXPECT_EQ(client->last_error(), "server shutdown");
  EXPECT_EQ(states.back().detail, "server shutdown");
  clock.advance(100ms);
  ASSERT_TRUE(wait([&] { return venue.upgrades.size() == 2u && venue.sessions == 2; }));
}

TEST_F(FeedClientTest, KrakenSubscribeErrorReconnectsAndPingsKeepAlive) {
  bool refuse = true;
  venue.reply = [&](net::ServerWebSocket& ws, std::string_view m) {
    if (m.find(R"("method":"subscribe")") != std::string_view::npos && refuse) {
      ws.send(
          R"({"error":"Currency pair not supported BTC/USD","method":"subscribe","success":false,"req_id":1})");
    }
    if (m.find(R"("method":"ping")") != std::string_view::npos) {
      ws.send(R"({"method":"pong","req_id":101})");
    }
  };
  start(default_feed_source("kraken", venue.url("/v2")));
  ASSERT_TRUE(wait([&] { return client->stats().errors >= 1 && client->stats().reconnects == 1; }));
  EXPECT_EQ(client->last_error(),
            "venue error: subscribe failed: Currency pair not supported BTC/USD");

  refuse = false;
  venue.received.clear();
  clock.advance(100ms);
  ASSERT_TRUE(wait([&] { return venue.received.size() == 2; }));  // ticker + trade subscribes
  EXPECT_EQ(venue.sessions, 2);
  venue.send(
      R"({"channel":"ticker","type":"snapshot","data":[{"symbol":"BTC/USD","bid":0.00003630,"ask":0.00003640,"last":0.0000363}]})");
  ASSERT_TRUE(wait([&] { return ticks.size() == 1; }));
  EXPECT_EQ(ticks[0].price.scaled(), 3635);  // (3630 + 3640) / 2 in 1e-8 units

  // 30 s on the feed's clock: one application-level ping; the venue answers with a pong.
  venue.send(
      R"({"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":1,"ask":1}]})");
  ASSERT_TRUE(wait([&] { return ticks.size() == 2; }));
  clock.advance(30s);
  ASSERT_TRUE(wait([&] { return venue.received.size() == 3; }));
  EXPECT_EQ(venue.received[2], R"({"method":"ping","req_id":101})");
  EXPECT_EQ(client->stats().keepalives, 1u);
  // Two subscribes on each of the two connections, and the ping.
  EXPECT_EQ(client->stats().sent, 5u);
}

TEST_F(FeedClientTest, SilenceBeyondStaleReconnectStartsANewConnection) {
  start(default_feed_source("coinbase", venue.url()));
  ASSERT_TRUE(wait([&] { return venue.received.size() == 3; }));
  // No tick at all: stale at 10 s, a new connection at 60 s.
  clock.advance(60s);
  ASSERT_TRUE(wait([&] { return client->stats().reconnects == 1; }));
  EXPECT_THAT(state_list(),
              ElementsAre(FeedState::connecting, FeedState::stale, FeedState::connecting));
  EXPECT_EQ(states.back().detail, "no data for 60s");
  clock.advance(100ms);
  ASSERT_TRUE(wait([&] { return venue.sessions == 2 && venue.received.size() == 6; }));
}

TEST_F(FeedClientTest, StopClosesAndNeverReconnects) {
  start(default_feed_source("coinbase", venue.url()));
  ASSERT_TRUE(wait([&] { return venue.received.size() == 3; }));
  client->stop();
  EXPECT_EQ(client->state(), FeedState::down);
  EXPECT_EQ(states.back().state, FeedState::down);
  ASSERT_TRUE(wait([&] { return !venue.session->is_open(); }));
  clock.advance(1h);
  settle();
  EXPECT_EQ(venue.upgrades.size(), 1u);
  client->stop();  // idempotent
  EXPECT_EQ(states.size(), 2u);
  client.reset();  // destroying a stopped client is fine
  settle();
}

}  // namespace
}  // namespace antevorta::feeds
