#include "antevorta/net/ws_client.hpp"

#include <future>
#include <optional>
#include <stdexcept>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/net/http_server.hpp"

#include "io_test_util.hpp"

namespace antevorta::net {
namespace {

using test::run;
using test::run_until;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using namespace std::chrono_literals;
using tcp = asio::ip::tcp;
using ::testing::HasSubstr;
using SteadyClock = std::chrono::steady_clock;

asio::awaitable<void> sleep_for(std::chrono::milliseconds d) {
  asio::steady_timer t(co_await asio::this_coro::executor, d);
  co_await t.async_wait(asio::use_awaitable);
}

// The server side of the tests: an HttpServer whose WebSocket sessions echo ("echo:" off)
// and record what they receive.
struct WsFixture : ::testing::Test {
  asio::io_context io;
  ManualClock clock;
  HttpServerOptions server_options;
  std::vector<ServerRequest> upgrades;
  std::optional<ServerResponse> refusal;
  std::shared_ptr<ServerWebSocket> session;
  std::vector<std::string> server_received;
  bool echo = true;
  std::unique_ptr<HttpServer> server;

  void TearDown() override {
    session.reset();
    if (server) server->stop();
    io.restart();
    io.run_for(50ms);
  }

  void start_server() {
    server = std::make_unique<HttpServer>(
        io.get_executor(), null_logger(), server_options,
        [](const ServerRequest&) -> asio::awaitable<ServerResponse> { co_return ServerResponse{}; },
        [this](const ServerRequest& req) {
          upgrades.push_back(req);
          return refusal;
        },
        [this](std::shared_ptr<ServerWebSocket> ws) {
          session = ws;
          ws->on_message([this, raw = ws.get()](std::string_view m) {
            server_received.emplace_back(m);
            if (echo) raw->send(std::string(m));
          });
        });
    server->start();
  }

  Endpoint endpoint(std::uint16_t port, std::string host = "127.0.0.1", std::string scheme = "ws") {
    return Endpoint{std::move(scheme), std::move(host), port, "/"};
  }

  std::unique_ptr<WsConnection> connect(WsOptions o = {}, HeaderList headers = {},
                                        std::string target = "/trade-api/ws/v2") {
    return run(
        io, WsConnection::connect(io.get_executor(), clock, null_logger(), endpoint(server->port()),
                                  std::move(target), std::move(headers), std::move(o)));
  }

  WsError connect_error(const Endpoint& e, WsOptions o = {},
                        std::shared_ptr<asio::ssl::context> tls = nullptr) {
    try {
      run(io, WsConnection::connect(io.get_executor(), clock, null_logger(), e, "/ws", {},
                                    std::move(o), std::move(tls)));
    } catch (const WsError& err) {
      return err;
    }
    ADD_FAILURE() << "connect succeeded";
    return WsError(WsErrorKind::read, "none");
  }

  WsError read_error(WsConnection& c) {
    try {
      auto m = run(io, c.read());
      ADD_FAILURE() << "read returned a message: " << m.text;
    } catch (const WsError& err) {
      return err;
    }
    return WsError(WsErrorKind::read, "none");
  }

  std::string read_text(WsConnection& c) { return std::string(run(io, c.read()).text); }
};

TEST_F(WsFixture, UpgradeCarriesTargetAndHeaders) {
  start_server();
  auto c = connect({}, {{"KALSHI-ACCESS-KEY", "key-1"}, {"KALSHI-ACCESS-SIGNATURE", "sig"}});
  EXPECT_TRUE(c->is_open());
  ASSERT_EQ(upgrades.size(), 1u);
  EXPECT_EQ(upgrades[0].target, "/trade-api/ws/v2");
  ASSERT_NE(upgrades[0].header("kalshi-access-key"), nullptr);
  EXPECT_EQ(*upgrades[0].header("kalshi-access-key"), "key-1");
  EXPECT_EQ(*upgrades[0].header("KALSHI-ACCESS-SIGNATURE"), "sig");
  EXPECT_EQ(*upgrades[0].header("User-Agent"), "antevorta");
  EXPECT_EQ(*upgrades[0].header("Host"), fmt::format("127.0.0.1:{}", server->port()));
  ASSERT_TRUE(run_until(io, [&] { return session != nullptr; }));
  EXPECT_EQ(session->upgrade_request().target, "/trade-api/ws/v2");
}

TEST_F(WsFixture, EchoRoundTripInOrder) {
  start_server();
  auto c = connect();
  clock.advance(5s);
  for (const char* m : {"one", "two", "three"}) EXPECT_TRUE(c->send(m));
  for (const char* m : {"one", "two", "three"}) {
    auto in = run(io, c->read());
    EXPECT_EQ(in.text, m);
    EXPECT_FALSE(in.binary);
    EXPECT_EQ(in.received_at, clock.now());
  }
  EXPECT_EQ(c->messages_sent(), 3u);
  EXPECT_EQ(c->messages_received(), 3u);
}

TEST_F(WsFixture, ManyQueuedSendsArriveInOrder) {
  echo = false;
  start_server();
  auto c = connect();
  constexpr int kCount = 2000;
  for (int i = 0; i < kCount; ++i) ASSERT_TRUE(c->send(fmt::format("m{}", i)));
  EXPECT_EQ(c->outbox_size(), static_cast<std::size_t>(kCount));
  ASSERT_TRUE(run_until(io, [&] { return server_received.size() == kCount; }));
  for (int i = 0; i < kCount; ++i) ASSERT_EQ(server_received[i], fmt::format("m{}", i));
  EXPECT_EQ(c->outbox_size(), 0u);
  EXPECT_EQ(c->messages_sent(), static_cast<std::uint64_t>(kCount));
}

TEST_F(WsFixture, FullOutboxRefusesSends) {
  echo = false;
  start_server();
  WsOptions o;
  o.outbox_limit = 3;
  auto c = connect(o);
  EXPECT_TRUE(c->send("a"));
  EXPECT_TRUE(c->send("b"));
  EXPECT_TRUE(c->send("c"));
  EXPECT_FALSE(c->send("d"));
  EXPECT_EQ(c->outbox_size(), 3u);
  ASSERT_TRUE(run_until(io, [&] { return c->outbox_size() == 0; }));
  EXPECT_TRUE(c->send("e"));
  ASSERT_TRUE(run_until(io, [&] { return server_received.size() == 4; }));
  EXPECT_EQ(server_received, (std::vector<std::string>{"a", "b", "c", "e"}));
}

TEST_F(WsFixture, RefusedUpgradeReportsStatusAndBody) {
  refusal = ServerResponse{401, {}, R"({"code":"token_authentication_failure"})"};
  start_server();
  auto e = connect_error(endpoint(server->port()));
  EXPECT_EQ(e.kind(), WsErrorKind::rejected);
  EXPECT_EQ(e.http_status(), 401u);
  EXPECT_EQ(e.http_body(), R"({"code":"token_authentication_failure"})");
  EXPECT_THAT(e.what(), HasSubstr("401"));
}

TEST_F(WsFixture, ClosedPortIsAConnectError) {
  std::uint16_t port = 0;
  {
    tcp::acceptor probe(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    port = probe.local_endpoint().port();
  }
  auto e = connect_error(endpoint(port));
  EXPECT_EQ(e.kind(), WsErrorKind::connect);
  EXPECT_THAT(e.what(), HasSubstr(fmt::format("127.0.0.1:{}", port)));
}

TEST_F(WsFixture, SilentServerTimesOutTheUpgrade) {
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  tcp::socket peer(io);
  acceptor.async_accept(peer, [](boost::system::error_code) {});  // accepts, never answers
  WsOptions o;
  o.connect_timeout = 200ms;
  const auto start = SteadyClock::now();
  auto e = connect_error(endpoint(acceptor.local_endpoint().port()), o);
  const auto took = SteadyClock::now() - start;
  EXPECT_EQ(e.kind(), WsErrorKind::timeout);
  EXPECT_GE(took, 180ms);
  EXPECT_LT(took, 2s);
}

TEST_F(WsFixture, PeerThatNeverAnswersIsIdle) {
  // A WebSocket peer that completes the upgrade and then never reads: no data, no pongs.
  tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  std::optional<websocket::stream<beast::tcp_stream>> peer;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto sock = co_await acceptor.async_accept(asio::use_awaitable);
        peer.emplace(std::move(sock));
        co_await peer->async_accept(asio::use_awaitable);
      },
      asio::detached);
  WsOptions o;
  o.idle_timeout = 200ms;
  o.ping_interval = 50ms;
  auto c = run(io, WsConnection::connect(io.get_executor(), clock, null_logger(),
                                         endpoint(acceptor.local_endpoint().port()), "/", {}, o));
  const auto start = SteadyClock::now();
  auto e = read_error(*c);
  const auto took = SteadyClock::now() - start;
  EXPECT_EQ(e.kind(), WsErrorKind::idle);
  EXPECT_GE(took, 180ms);
  EXPECT_LT(took, 2s);
  EXPECT_GE(c->pings_sent(), 2u);
  EXPECT_FALSE(c->is_open());
  EXPECT_FALSE(c->send("x"));
  EXPECT_EQ(read_error(*c).kind(), WsErrorKind::idle);  // dead: the same error again
}

TEST_F(WsFixture, ServerPingsKeepAQuietConnectionAlive) {
  server_options.ws_ping_interval = 40ms;
  start_server();
  WsOptions o;
  o.idle_timeout = 300ms;
  o.ping_interval = 0s;  // only the server pings; the client answers
  auto c = connect(o);
  ASSERT_TRUE(run_until(io, [&] { return session != nullptr; }));
  asio::co_spawn(
      io,
      [this]() -> asio::awaitable<void> {
        co_await sleep_for(900ms);
        session->send("late");
      },
      asio::detached);
  const auto start = SteadyClock::now();
  EXPECT_EQ(read_text(*c), "late");
  EXPECT_GE(SteadyClock::now() - start, 850ms);
  EXPECT_EQ(c->pings_sent(), 0u);
}

TEST_F(WsFixture, ClientPingsKeepAQuietConnectionAlive) {
  server_options.ws_ping_interval = 0s;
  start_server();
  WsOptions o;
  o.idle_timeout = 300ms;
  o.ping_interval = 40ms;  // the server's pongs count as activity
  auto c = connect(o);
  ASSERT_TRUE(run_until(io, [&] { return session != nullptr; }));
  asio::co_spawn(
      io,
      [this]() -> asio::awaitable<void> {
        co_await sleep_for(900ms);
        session->send("late");
      },
      asio::detached);
  EXPECT_EQ(read_text(*c), "late");
  EXPECT_GE(c->pings_sent(), 5u);
}

TEST_F(WsFixture, ServerCloseFrameEndsReadWithItsCode) {
  start_server();
  auto c = connect();
  ASSERT_TRUE(run_until(io, [&] { return session != nullptr; }));
  session->send("last words");
  session->close(4001, "maintenance");
  EXPECT_EQ(read_text(*c), "last words");
  auto e = read_error(*c);
  EXPECT_EQ(e.kind(), WsErrorKind::closed);
  EXPECT_EQ(e.close_code(), 4001);
  EXPECT_EQ(e.close_reason(), "maintenance");
  EXPECT_FALSE(c->is_open());
}

TEST_F(WsFixture, ServerDropEndsReadAsClosedWithoutCode) {
  start_server();
  auto c = connect();
  ASSERT_TRUE(run_until(io, [&] { return session != nullptr; }));
  server->drop_websockets();
  auto e = read_error(*c);
  EXPECT_EQ(e.kind(), WsErrorKind::closed);
  EXPECT_EQ(e.close_code(), 0);
}

TEST_F(WsFixture, ServerStopRunsOnClosedAtOnceAndEndsTheClient) {
  start_server();
  auto c = connect();
  ASSERT_TRUE(run_until(io, [&] { return session != nullptr; }));
  int closed = 0;
  session->on_closed([&] { ++closed; });
  server->stop();
  EXPECT_EQ(closed, 1);  // inside stop(): no handler runs after it returned
  EXPECT_FALSE(session->is_open());
  EXPECT_EQ(read_error(*c).kind(), WsErrorKind::closed);
  EXPECT_EQ(closed, 1);
  EXPECT_TRUE(run_until(io, [&] { return server->connection_count() == 0; }));
}

TEST_F(WsFixture, OversizedMessageIsTooLarge) {
  start_server();
  WsOptions o;
  o.max_message_bytes = 100;
  auto c = connect(o);
  ASSERT_TRUE(run_until(io, [&] { return session != nullptr; }));
  session->send(std::string(1000, 'x'));
  EXPECT_EQ(read_error(*c).kind(), WsErrorKind::too_large);
}

TEST_F(WsFixture, ServerHandlerFailureClosesWith1011) {
  start_server();
  auto c = connect();
  ASSERT_TRUE(run_until(io, [&] { return session != nullptr; }));
  session->on_message([](std::string_view) { throw std::runtime_error("bug"); });
  c->send("boom");
  auto e = read_error(*c);
  EXPECT_EQ(e.kind(), WsErrorKind::closed);
  EXPECT_EQ(e.close_code(), 1011);
}

TEST_F(WsFixture, LocalCloseSendsCloseFrameAndEndsPendingRead) {
  start_server();
  auto c = connect();
  ASSERT_TRUE(run_until(io, [&] { return session != nullptr; }));
  bool server_saw_close = false;
  session->on_closed([&] { server_saw_close = true; });
  auto pending = asio::co_spawn(io, c->read(), asio::use_future);
  io.poll();
  c->send("bye-message");
  c->close("shutdown");
  c->close("again");  // idempotent
  EXPECT_FALSE(c->is_open());
  EXPECT_FALSE(c->send("too late"));
  ASSERT_TRUE(run_until(io, [&] { return server_saw_close; }));
  ASSERT_TRUE(run_until(io, [&] { return pending.wait_for(0s) == std::future_status::ready; }));
  // The queued message went out before the close frame; its echo may or may not have made it
  // back, but the connection ends with the normal close code.
  EXPECT_EQ(server_received, (std::vector<std::string>{"bye-message"}));
  try {
    auto m = pending.get();
    EXPECT_EQ(m.text, "bye-message");
    EXPECT_EQ(read_error(*c).kind(), WsErrorKind::closed);
  } catch (const WsError& e) {
    EXPECT_EQ(e.kind(), WsErrorKind::closed);
    EXPECT_EQ(e.close_code(), 1000);
  }
}

TEST_F(WsFixture, DestroyingTheConnectionEndsAPendingRead) {
  echo = false;  // the read stays pending; the writer may still be busy
  start_server();
  auto c = connect();
  ASSERT_TRUE(c->send("queued"));
  auto pending = asio::co_spawn(io, c->read(), asio::use_future);
  io.poll();
  c.reset();
  ASSERT_TRUE(run_until(io, [&] { return pending.wait_for(0s) == std::future_status::ready; }));
  try {
    pending.get();
    ADD_FAILURE() << "read succeeded after destruction";
  } catch (const WsError& e) {
    EXPECT_EQ(e.kind(), WsErrorKind::closed);
  }
}

}  // namespace
}  // namespace antevorta::net
