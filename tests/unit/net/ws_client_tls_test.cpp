// wss:// against an in-process TLS WebSocket echo peer with a test certificate.
#include <future>
#include <stdexcept>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/net/tls.hpp"
#include "antevorta/net/ws_client.hpp"

#include "fake_http_server.hpp"
#include "io_test_util.hpp"

namespace antevorta::net {
namespace {

using test::run;

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using namespace std::chrono_literals;
using tcp = asio::ip::tcp;
using ::testing::HasSubstr;

// Accepts TLS connections, completes the WebSocket handshake and echoes every message.
class TlsEchoPeer {
 public:
  TlsEchoPeer(asio::io_context& io, const test::TestCertificate& cert)
      : acceptor_(std::make_shared<tcp::acceptor>(
            io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0))),
        tls_(test::make_server_tls_context(cert)) {
    asio::co_spawn(io, accept_loop(acceptor_, tls_), asio::detached);
  }
  ~TlsEchoPeer() {
    boost::system::error_code ignored;
    acceptor_->close(ignored);
  }
  std::uint16_t port() const { return acceptor_->local_endpoint().port(); }

 private:
  static asio::awaitable<void> accept_loop(std::shared_ptr<tcp::acceptor> acceptor,
                                           std::shared_ptr<asio::ssl::context> tls) {
    for (;;) {
      auto [ec, sock] = co_await acceptor->async_accept(asio::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      asio::co_spawn(acceptor->get_executor(), serve(std::move(sock), tls), asio::detached);
    }
  }
  static asio::awaitable<void> serve(tcp::socket sock, std::shared_ptr<asio::ssl::context> tls) {
    websocket::stream<beast::ssl_stream<beast::tcp_stream>> ws(std::move(sock), *tls);
    auto [hec] = co_await ws.next_layer().async_handshake(asio::ssl::stream_base::server,
                                                          asio::as_tuple(asio::use_awaitable));
    if (hec) co_return;
    auto [aec] = co_await ws.async_accept(asio::as_tuple(asio::use_awaitable));
    if (aec) co_return;
    beast::flat_buffer buf;
    for (;;) {
      buf.clear();
      auto [rec, n] = co_await ws.async_read(buf, asio::as_tuple(asio::use_awaitable));
      (void)n;
      if (rec) co_return;
      ws.text(true);
      auto [wec, w] = co_await ws.async_write(buf.data(), asio::as_tuple(asio::use_awaitable));
      (void)w;
      if (wec) co_return;
    }
  }

  std::shared_ptr<tcp::acceptor> acceptor_;
  std::shared_ptr<asio::ssl::context> tls_;
};

struct WsTlsFixture : ::testing::Test {
  asio::io_context io;
  ManualClock clock;

  void TearDown() override {
    io.restart();
    io.run_for(50ms);
  }

  std::shared_ptr<asio::ssl::context> trusting(const test::TestCertificate& cert) {
    auto ctx = make_client_tls_context();
    ctx->add_certificate_authority(asio::buffer(cert.cert_pem));
    return ctx;
  }

  asio::awaitable<std::unique_ptr<WsConnection>> connect(std::string host, std::uint16_t port,
                                                         std::shared_ptr<asio::ssl::context> tls) {
    WsOptions o;
    o.connect_timeout = 5s;
    return WsConnection::connect(io.get_executor(), clock, null_logger(),
                                 Endpoint{"wss", std::move(host), port, "/"}, "/trade-api/ws/v2",
                                 {}, o, std::move(tls));
  }

  WsError connect_error(std::string host, std::uint16_t port,
                        std::shared_ptr<asio::ssl::context> tls) {
    try {
      run(io, connect(std::move(host), port, std::move(tls)));
    } catch (const WsError& e) {
      return e;
    }
    ADD_FAILURE() << "connect succeeded";
    return WsError(WsErrorKind::read, "none");
  }
};

TEST_F(WsTlsFixture, WssEchoWithAVerifiedCertificate) {
  const auto cert = test::make_test_certificate();
  TlsEchoPeer peer(io, cert);
  for (const std::string host : {"127.0.0.1", "localhost"}) {
    auto c = run(io, connect(host, peer.port(), trusting(cert)));
    EXPECT_THAT(c->where(), HasSubstr("wss://"));
    ASSERT_TRUE(c->send("over tls"));
    auto in = run(io, c->read());
    EXPECT_EQ(in.text, "over tls") << host;
  }
}

TEST_F(WsTlsFixture, HostNameMismatchFailsTheTlsHandshake) {
  const auto cert = test::make_test_certificate("DNS:other.example");
  TlsEchoPeer peer(io, cert);
  auto e = connect_error("127.0.0.1", peer.port(), trusting(cert));
  EXPECT_EQ(e.kind(), WsErrorKind::tls);
  EXPECT_THAT(e.what(), HasSubstr("TLS handshake failed"));
}

TEST_F(WsTlsFixture, UntrustedCertificateFailsTheTlsHandshake) {
  const auto cert = test::make_test_certificate();
  TlsEchoPeer peer(io, cert);
  // No tls context given: the default one trusts only the system store.
  auto e = connect_error("127.0.0.1", peer.port(), nullptr);
  EXPECT_EQ(e.kind(), WsErrorKind::tls);
}

}  // namespace
}  // namespace antevorta::net
