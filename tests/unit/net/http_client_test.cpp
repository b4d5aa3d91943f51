#include "antevorta/net/http_client.hpp"

#include <filesystem>
#include <fstream>
#include <future>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/net/tls.hpp"

#include "fake_http_server.hpp"
#include "io_test_util.hpp"

namespace antevorta::net {
namespace {

using test::run;

namespace asio = boost::asio;
using namespace std::chrono_literals;
using test::FakeHttpServer;
using test::FakeReply;
using test::FakeRequest;
using ::testing::HasSubstr;

// Runs a coroutine on io until it completes (the fake server keeps io busy forever).
struct HttpFixture : ::testing::Test {
  asio::io_context io;
  ManualClock clock;

  HttpClient client_for(std::uint16_t port, HttpClientOptions o = {},
                        std::string host = "127.0.0.1", std::string scheme = "http",
                        std::shared_ptr<asio::ssl::context> tls = nullptr) {
    Endpoint e{scheme, host, port, "/"};
    return HttpClient(io.get_executor(), clock, null_logger(), e, o, std::move(tls));
  }
  HttpResponse get(HttpClient& c, std::string target) {
    return run(io, c.request({"GET", std::move(target), {}, {}}));
  }
  HttpError expect_error(HttpClient& c, HttpRequest req) {
    try {
      run(io, c.request(std::move(req)));
    } catch (const HttpError& e) {
      return e;
    }
    ADD_FAILURE() << "request succeeded";
    return HttpError(HttpErrorKind::read, "none", false);
  }
};

FakeReply ok(std::string body) {
  FakeReply r;
  r.body = std::move(body);
  return r;
}

TEST_F(HttpFixture, GetReturnsStatusHeadersAndBody) {
  FakeHttpServer server(io, [](const FakeRequest&) {
    FakeReply r = ok(R"({"exchange_active":true})");
    r.headers.emplace_back("X-Test", "yes");
    return r;
  });
  auto client = client_for(server.port());
  const auto res = get(client, "/trade-api/v2/exchange/status?x=1");
  EXPECT_EQ(res.status, 200u);
  EXPECT_EQ(res.body, R"({"exchange_active":true})");
  ASSERT_NE(res.header("x-test"), nullptr);
  EXPECT_EQ(*res.header("x-test"), "yes");
  EXPECT_EQ(res.received_at, clock.now());
  ASSERT_EQ(server.requests().size(), 1u);
  EXPECT_EQ(server.requests()[0].target, "/trade-api/v2/exchange/status?x=1");
  EXPECT_EQ(server.requests()[0].header("Host"), fmt::format("127.0.0.1:{}", server.port()));
  EXPECT_EQ(server.requests()[0].header("User-Agent"), "antevorta");
}

TEST_F(HttpFixture, ErrorStatusIsAResponseNotAnException) {
  FakeHttpServer server(io, [](const FakeRequest&) {
    FakeReply r = ok(R"({"error":{"code":"service_unavailable"}})");
    r.status = 503;
    return r;
  });
  auto client = client_for(server.port());
  EXPECT_EQ(get(client, "/x").status, 503u);
}

TEST_F(HttpFixture, PostSendsJsonBodyAndHeaders) {
  FakeHttpServer server(io, [](const FakeRequest&) { return ok("{}"); });
  auto client = client_for(server.port());
  const auto res = run(
      io, client.request({"POST", "/orders", {{"KALSHI-ACCESS-KEY", "k"}}, R"({"count":"1.00"})"}));
  EXPECT_EQ(res.status, 200u);
  const auto& req = server.requests().at(0);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.body, R"({"count":"1.00"})");
  EXPECT_EQ(req.header("Content-Type"), "application/json");
  EXPECT_EQ(req.header("KALSHI-ACCESS-KEY"), "k");
}

TEST_F(HttpFixture, KeepAliveReusesOneConnection) {
  FakeHttpServer server(io, [](const FakeRequest&) { return ok("{}"); });
  auto client = client_for(server.port());
  for (int i = 0; i < 5; ++i) EXPECT_EQ(get(client, "/a").status, 200u);
  EXPECT_EQ(server.connections_accepted(), 1);
  EXPECT_EQ(client.connections_opened(), 1u);
  EXPECT_EQ(client.idle_connections(), 1u);
}

TEST_F(HttpFixture, ConnectionCloseIsHonoured) {
  FakeHttpServer server(io, [](const FakeRequest&) {
    FakeReply r = ok("{}");
    r.keep_alive = false;
    return r;
  });
  auto client = client_for(server.port());
  get(client, "/a");
  get(client, "/b");
  EXPECT_EQ(server.connections_accepted(), 2);
}

TEST_F(HttpFixture, IdleConnectionClosedByServerIsReplacedForGet) {
  FakeHttpServer server(io, [](const FakeRequest&) { return ok("{}"); });
  auto client = client_for(server.port());
  get(client, "/a");
  server.drop_connections();
  io.run_for(20ms);
  EXPECT_EQ(get(client, "/b").status, 200u);
  EXPECT_EQ(server.connections_accepted(), 2);
}

// The server reads the second request on the kept-alive connection, then closes it without
// an answer: exactly what a server closing an idle connection looks like to the client.
FakeHttpServer::Script close_second_request_on_first_connection() {
  return [](const FakeRequest& req) {
    FakeReply r = ok("{}");
    if (req.connection_index == 0 && req.target == "/second") r.action = FakeReply::Action::close;
    return r;
  };
}

TEST_F(HttpFixture, GetLostOnAReusedConnectionIsResentOnce) {
  FakeHttpServer server(io, close_second_request_on_first_connection());
  auto client = client_for(server.port());
  get(client, "/first");
  EXPECT_EQ(get(client, "/second").status, 200u);
  ASSERT_EQ(server.requests().size(), 3u);
  EXPECT_EQ(server.requests()[2].connection_index, 1);
}

TEST_F(HttpFixture, PostLostOnAReusedConnectionIsNotResent) {
  FakeHttpServer server(io, close_second_request_on_first_connection());
  auto client = client_for(server.port());
  get(client, "/first");
  const auto e = expect_error(client, {"POST", "/second", {}, "{}"});
  EXPECT_EQ(e.kind(), HttpErrorKind::closed);
  EXPECT_TRUE(e.maybe_delivered());
  EXPECT_EQ(server.requests().size(), 2u);  // the server saw it once; the caller must resolve it
  EXPECT_EQ(server.connections_accepted(), 1);
}

TEST_F(HttpFixture, HangingServerTimesOutAndMayHaveReceivedTheRequest) {
  FakeHttpServer server(io, [](const FakeRequest&) {
    FakeReply r;
    r.action = FakeReply::Action::hang;
    return r;
  });
  auto client = client_for(server.port(), {.request_timeout = 200ms});
  const auto e = expect_error(client, {"POST", "/orders", {}, "{}"});
  EXPECT_EQ(e.kind(), HttpErrorKind::timeout);
  EXPECT_TRUE(e.maybe_delivered());
  EXPECT_THAT(e.what(), HasSubstr("127.0.0.1"));
}

TEST_F(HttpFixture, ServerClosingWithoutAnswerIsAnError) {
  FakeHttpServer server(io, [](const FakeRequest&) {
    FakeReply r;
    r.action = FakeReply::Action::close;
    return r;
  });
  auto client = client_for(server.port());
  const auto e = expect_error(client, {"GET", "/x", {}, {}});
  EXPECT_EQ(e.kind(), HttpErrorKind::closed);
  EXPECT_EQ(server.requests().size(), 1u);  // a fresh connection is not retried
}

TEST_F(HttpFixture, OversizedBodyIsRejected) {
  FakeHttpServer server(io, [](const FakeRequest&) { return ok(std::string(64 * 1024, 'x')); });
  auto client = client_for(server.port(), {.max_body = 1024});
  const auto e = expect_error(client, {"GET", "/big", {}, {}});
  EXPECT_EQ(e.kind(), HttpErrorKind::body_too_large);
}

TEST_F(HttpFixture, RefusedConnectionIsAConnectError) {
  std::uint16_t port = 0;
  {
    asio::ip::tcp::acceptor a(io, {asio::ip::make_address("127.0.0.1"), 0});
    port = a.local_endpoint().port();
  }
  auto client = client_for(port);
  const auto e = expect_error(client, {"GET", "/", {}, {}});
  EXPECT_EQ(e.kind(), HttpErrorKind::connect);
  EXPECT_FALSE(e.maybe_delivered());
}

struct TlsFixture : HttpFixture {
  test::TestCertificate cert = test::make_test_certificate();
  std::filesystem::path ca_path = std::filesystem::temp_directory_path() /
                                  ("antevorta-test-ca-" + std::to_string(::getpid()) + ".pem");
  void SetUp() override { std::ofstream(ca_path) << cert.cert_pem; }
  void TearDown() override { std::filesystem::remove(ca_path); }
};

TEST_F(TlsFixture, VerifiedByExtraCaFileByNameAndByIp) {
  FakeHttpServer server(
      io, [](const FakeRequest&) { return ok("{}"); }, test::make_server_tls_context(cert));
  auto tls = make_client_tls_context(ca_path);
  auto by_name = client_for(server.port(), {}, "localhost", "https", tls);
  EXPECT_EQ(get(by_name, "/").status, 200u);
  auto by_ip = client_for(server.port(), {}, "127.0.0.1", "https", tls);
  EXPECT_EQ(get(by_ip, "/").status, 200u);
}

TEST_F(TlsFixture, UntrustedCertificateIsRefused) {
  FakeHttpServer server(
      io, [](const FakeRequest&) { return ok("{}"); }, test::make_server_tls_context(cert));
  auto client = client_for(server.port(), {}, "localhost", "https", make_client_tls_context());
  const auto e = expect_error(client, {"GET", "/", {}, {}});
  EXPECT_EQ(e.kind(), HttpErrorKind::tls);
  EXPECT_TRUE(server.requests().empty());
}

TEST_F(TlsFixture, CertificateForAnotherNameIsRefused) {
  // Trusted, but issued to another host: both name and IP checks must fail.
  const auto other = test::make_test_certificate("DNS:exchange.example,IP:10.1.2.3");
  std::ofstream(ca_path) << other.cert_pem;
  FakeHttpServer server(
      io, [](const FakeRequest&) { return ok("{}"); }, test::make_server_tls_context(other));
  auto by_name =
      client_for(server.port(), {}, "localhost", "https", make_client_tls_context(ca_path));
  EXPECT_EQ(expect_error(by_name, {"GET", "/", {}, {}}).kind(), HttpErrorKind::tls);
  auto by_ip =
      client_for(server.port(), {}, "127.0.0.1", "https", make_client_tls_context(ca_path));
  EXPECT_EQ(expect_error(by_ip, {"GET", "/", {}, {}}).kind(), HttpErrorKind::tls);
  EXPECT_TRUE(server.requests().empty());
}

TEST(TlsContext, MissingCaFileNamesTheFile) {
  try {
    make_client_tls_context("/nonexistent/ca.pem");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("/nonexistent/ca.pem"));
  }
}

TEST(Endpoint, ParsesUrls) {
  const auto e = parse_endpoint("https://external-api.kalshi.com/trade-api/v2");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->host, "external-api.kalshi.com");
  EXPECT_EQ(e->port, 443);
  EXPECT_EQ(e->path, "/trade-api/v2");
  EXPECT_TRUE(e->tls());
  const auto v6 = parse_endpoint("ws://[::1]:9780/trade-api/ws/v2");
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->authority(), "[::1]:9780");
  EXPECT_FALSE(v6->tls());
  EXPECT_FALSE(parse_endpoint("ftp://x/").has_value());
  EXPECT_FALSE(parse_endpoint("https://x/a?b=1").has_value());
  EXPECT_FALSE(parse_endpoint("not a url").has_value());
  EXPECT_TRUE(is_loopback_host("127.0.0.5"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
}

}  // namespace
}  // namespace antevorta::net
