#include "antevorta/net/http_server.hpp"

#include <future>
#include <set>
#include <stdexcept>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/net/http_client.hpp"

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
using ::testing::StartsWith;

ServerResponse text(unsigned status, std::string body) {
  ServerResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

struct ServerFixture : ::testing::Test {
  asio::io_context io;
  ManualClock clock;
  std::vector<ServerRequest> seen;
  int in_flight = 0;
  int max_in_flight = 0;

  void TearDown() override {
    io.restart();
    io.run_for(50ms);  // let the coroutines of stopped servers and closed clients finish
  }

  HttpServer::Handler router() {
    return [this](const ServerRequest& req) -> asio::awaitable<ServerResponse> {
      seen.push_back(req);
      if (req.method == "GET" && req.target == "/healthz") co_return text(200, R"({"ok":true})");
      if (req.method == "POST" && req.target == "/echo") {
        ServerResponse r = text(201, req.body);
        r.headers.emplace_back("X-Echo", "1");
        co_return r;
      }
      if (req.target == "/slow") {
        // Waits (up to 2 s) until another /slow request is in flight too.
        ++in_flight;
        max_in_flight = std::max(max_in_flight, in_flight);
        asio::steady_timer t(co_await asio::this_coro::executor);
        for (int i = 0; i < 400 && in_flight < 2; ++i) {
          t.expires_after(5ms);
          co_await t.async_wait(asio::use_awaitable);
        }
        --in_flight;
        co_return text(200, "slow");
      }
      if (req.target == "/throw") throw std::runtime_error("handler bug");
      co_return text(404, R"({"error":"not_found"})");
    };
  }

  HttpClient client(std::uint16_t port) {
    return HttpClient(io.get_executor(), clock, null_logger(),
                      Endpoint{"http", "127.0.0.1", port, "/"});
  }
  HttpResponse call(HttpClient& c, std::string method, std::string target, std::string body = {}) {
    return run(io, c.request({std::move(method), std::move(target), {}, std::move(body)}));
  }

  // Sends raw bytes on a new connection and returns everything the server sends back.
  std::string raw_exchange(std::uint16_t port, std::string bytes) {
    return run(io, [](std::uint16_t p, std::string b) -> asio::awaitable<std::string> {
      tcp::socket sock(co_await asio::this_coro::executor);
      co_await sock.async_connect({asio::ip::make_address("127.0.0.1"), p}, asio::use_awaitable);
      co_await asio::async_write(sock, asio::buffer(b), asio::use_awaitable);
      std::string out;
      auto [ec, n] = co_await asio::async_read(sock, asio::dynamic_buffer(out),
                                               asio::as_tuple(asio::use_awaitable));
      (void)ec;
      (void)n;
      co_return out;
    }(port, std::move(bytes)));
  }
};

TEST_F(ServerFixture, RoutesRequestsToTheHandler) {
  HttpServer server(io.get_executor(), null_logger(), {}, router());
  server.start();
  auto c = client(server.port());
  auto health = call(c, "GET", "/healthz");
  EXPECT_EQ(health.status, 200u);
  EXPECT_EQ(health.body, R"({"ok":true})");
  ASSERT_NE(health.header("Content-Type"), nullptr);
  EXPECT_EQ(*health.header("Content-Type"), "application/json");

  auto echo = call(c, "POST", "/echo", R"({"count":"1.00"})");
  EXPECT_EQ(echo.status, 201u);
  EXPECT_EQ(echo.body, R"({"count":"1.00"})");
  ASSERT_NE(echo.header("x-echo"), nullptr);

  EXPECT_EQ(call(c, "DELETE", "/nothing").status, 404u);

  ASSERT_EQ(seen.size(), 3u);
  EXPECT_EQ(seen[1].method, "POST");
  ASSERT_NE(seen[1].header("user-agent"), nullptr);
  EXPECT_EQ(*seen[1].header("user-agent"), "antevorta");
  EXPECT_THAT(seen[1].remote, StartsWith("127.0.0.1:"));
  EXPECT_EQ(seen[2].method, "DELETE");
}

TEST_F(ServerFixture, PortZeroPicksAFreePortAndABusyPortIsAnError) {
  HttpServer a(io.get_executor(), null_logger(), {}, router());
  HttpServer b(io.get_executor(), null_logger(), {}, router());
  a.start();
  b.start();
  EXPECT_NE(a.port(), 0);
  EXPECT_NE(b.port(), 0);
  EXPECT_NE(a.port(), b.port());

  HttpServerOptions busy;
  busy.port = a.port();
  HttpServer c(io.get_executor(), null_logger(), busy, router());
  try {
    c.start();
    FAIL() << "binding a busy port succeeded";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr(fmt::format("127.0.0.1:{}", a.port())));
  }
}

TEST_F(ServerFixture, KeepAliveServesSeveralRequestsOnOneConnection) {
  HttpServer server(io.get_executor(), null_logger(), {}, router());
  server.start();
  auto c = client(server.port());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(call(c, "GET", "/healthz").status, 200u);
  EXPECT_EQ(c.connections_opened(), 1u);
  EXPECT_EQ(server.connection_count(), 1u);
  std::set<std::string> remotes;
  for (const auto& r : seen) remotes.insert(r.remote);
  EXPECT_EQ(remotes.size(), 1u);
}

TEST_F(ServerFixture, BodyOverTheLimitIs413AndNeverReachesTheHandler) {
  HttpServerOptions o;
  o.max_body = 1000;
  HttpServer server(io.get_executor(), null_logger(), o, router());
  server.start();
  auto c = client(server.port());
  auto res = call(c, "POST", "/echo", std::string(2000, 'x'));
  EXPECT_EQ(res.status, 413u);
  // The operator API's error shape: a code and a sentence, as JSON.
  EXPECT_EQ(res.body,
            R"({"error":"payload_too_large","message":"the request body is over the limit of )"
            R"(1000 bytes"})");
  EXPECT_TRUE(seen.empty());
  auto fits = client(server.port());
  EXPECT_EQ(call(fits, "POST", "/echo", std::string(1000, 'y')).status, 201u);
}

TEST_F(ServerFixture, ThrowingHandlerIs500AndTheServerGoesOn) {
  HttpServer server(io.get_executor(), null_logger(), {}, router());
  server.start();
  auto c = client(server.port());
  auto res = call(c, "GET", "/throw");
  EXPECT_EQ(res.status, 500u);
  EXPECT_THAT(res.body, HasSubstr("internal_error"));
  EXPECT_EQ(call(c, "GET", "/healthz").status, 200u);
}

TEST_F(ServerFixture, MalformedRequestIs400) {
  HttpServer server(io.get_executor(), null_logger(), {}, router());
  server.start();
  const auto reply = raw_exchange(server.port(), "GET / HTTP/1.1\r\nHost x\r\nBroken\r\n\r\n");
  EXPECT_THAT(reply, StartsWith("HTTP/1.1 400"));
  EXPECT_THAT(reply, HasSubstr("Content-Type: application/json"));
  EXPECT_THAT(reply, HasSubstr(R"({"error":"bad_request","message":"malformed HTTP request"})"));
  EXPECT_TRUE(seen.empty());
}

TEST_F(ServerFixture, ConnectionCloseIsHonoured) {
  HttpServer server(io.get_executor(), null_logger(), {}, router());
  server.start();
  const auto reply =
      raw_exchange(server.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_THAT(reply, StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(reply, HasSubstr(R"({"ok":true})"));  // read to EOF: the server closed
  EXPECT_TRUE(run_until(io, [&] { return server.connection_count() == 0; }));
}

TEST_F(ServerFixture, ServesConnectionsConcurrently) {
  HttpServer server(io.get_executor(), null_logger(), {}, router());
  server.start();
  auto a = client(server.port());
  auto b = client(server.port());
  int done = 0;
  auto one = [&](HttpClient& c) -> asio::awaitable<void> {
    // A named request: GCC 12 mishandles a braced temporary passed by value to a coroutine
    // inside co_await (it is destroyed twice).
    HttpRequest req{"GET", "/slow", {}, {}};
    auto res = co_await c.request(std::move(req));
    EXPECT_EQ(res.body, "slow");
    ++done;
  };
  asio::co_spawn(io, one(a), asio::detached);
  asio::co_spawn(io, one(b), asio::detached);
  ASSERT_TRUE(run_until(io, [&] { return done == 2; }));
  EXPECT_EQ(max_in_flight, 2);  // the second handler ran while the first was suspended
  EXPECT_EQ(server.connection_count(), 2u);
}

TEST_F(ServerFixture, MaxConnectionsRefusesTheNextConnection) {
  HttpServerOptions o;
  o.max_connections = 1;
  HttpServer server(io.get_executor(), null_logger(), o, router());
  server.start();
  auto a = client(server.port());
  EXPECT_EQ(call(a, "GET", "/healthz").status, 200u);  // stays open (keep-alive)
  auto b = client(server.port());
  EXPECT_THROW(call(b, "GET", "/healthz"), HttpError);
  a.close_idle();
  ASSERT_TRUE(run_until(io, [&] { return server.connection_count() == 0; }));
  EXPECT_EQ(call(b, "GET", "/healthz").status, 200u);
}

TEST_F(ServerFixture, StopClosesConnectionsAndStopsAccepting) {
  HttpServer server(io.get_executor(), null_logger(), {}, router());
  server.start();
  auto c = client(server.port());
  EXPECT_EQ(call(c, "GET", "/healthz").status, 200u);
  EXPECT_EQ(server.connection_count(), 1u);
  server.stop();
  server.stop();  // idempotent
  EXPECT_TRUE(run_until(io, [&] { return server.connection_count() == 0; }));
  try {
    call(c, "GET", "/healthz");
    FAIL() << "request after stop succeeded";
  } catch (const HttpError& e) {
    EXPECT_EQ(e.kind(), HttpErrorKind::connect);  // the stale connection, then a refused one
  }
}

TEST_F(ServerFixture, WebSocketUpgradeWithoutWsAcceptIs404) {
  HttpServer server(io.get_executor(), null_logger(), {}, router());
  server.start();
  const auto reply = raw_exchange(server.port(),
                                  "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                                  "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                                  "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
  EXPECT_THAT(reply, StartsWith("HTTP/1.1 404"));
}

// A bare Beast client checks the server side of WebSocket sessions: heartbeat pings with
// Kalshi's payload, messages delivered in order, on_closed, drop_websockets().
TEST_F(ServerFixture, WebSocketSessionPingsDeliversInOrderAndReportsTheEnd) {
  HttpServerOptions o;
  o.ws_ping_interval = 30ms;
  std::shared_ptr<ServerWebSocket> session;
  std::vector<std::string> received;
  int closed = 0;
  HttpServer server(io.get_executor(), null_logger(), o, router(), {},
                    [&](std::shared_ptr<ServerWebSocket> ws) {
                      session = ws;
                      ws->on_message([&, raw = ws.get()](std::string_view m) {
                        received.emplace_back(m);
                        raw->send(fmt::format("ack {}", m));
                      });
                      ws->on_closed([&, ws] { ++closed; });  // captures itself: released after
                    });
  server.start();

  websocket::stream<beast::tcp_stream> client(io);
  std::vector<std::string> pings;
  client.control_callback([&](websocket::frame_type kind, beast::string_view payload) {
    if (kind == websocket::frame_type::ping) pings.emplace_back(payload);
  });
  run(io, [&]() -> asio::awaitable<void> {
    co_await beast::get_lowest_layer(client).async_connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()), asio::use_awaitable);
    co_await client.async_handshake("127.0.0.1", "/trade-api/ws/v2", asio::use_awaitable);
    for (int i = 0; i < 20; ++i) {
      const std::string m = std::to_string(i);
      co_await client.async_write(asio::buffer(m), asio::use_awaitable);
    }
    beast::flat_buffer buf;
    for (int i = 0; i < 20; ++i) {
      buf.clear();
      co_await client.async_read(buf, asio::use_awaitable);
      EXPECT_EQ(beast::buffers_to_string(buf.data()), fmt::format("ack {}", i));
    }
    asio::steady_timer t(co_await asio::this_coro::executor, 100ms);
    co_await t.async_wait(asio::use_awaitable);
  }());
  ASSERT_TRUE(session);
  EXPECT_EQ(session->upgrade_request().target, "/trade-api/ws/v2");
  ASSERT_EQ(received.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(received[i], std::to_string(i));
  EXPECT_EQ(session->messages_received(), 20u);
  EXPECT_EQ(server.connection_count(), 1u);
  EXPECT_EQ(server.websocket_count(), 1u);

  // Pings arrive only while the client reads; read until the server's drop ends the stream.
  server.drop_websockets();
  auto ended = run(io, [&]() -> asio::awaitable<boost::system::error_code> {
    beast::flat_buffer buf;
    auto [ec, n] = co_await client.async_read(buf, asio::as_tuple(asio::use_awaitable));
    (void)n;
    co_return ec;
  }());
  EXPECT_TRUE(ended);
  ASSERT_FALSE(pings.empty());
  EXPECT_EQ(pings.front(), "heartbeat");
  ASSERT_TRUE(run_until(io, [&] { return closed == 1; }));
  EXPECT_FALSE(session->is_open());
  EXPECT_FALSE(session->send("late"));
  EXPECT_EQ(server.connection_count(), 0u);
  EXPECT_EQ(server.websocket_count(), 0u);
  EXPECT_EQ(session.use_count(), 1);  // the handlers that captured it were released
}

}  // namespace
}  // namespace antevorta::net
