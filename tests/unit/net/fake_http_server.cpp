#include "fake_http_server.hpp"

#include <strings.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace antevorta::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

std::string FakeRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() && ::strncasecmp(k.data(), name.data(), k.size()) == 0) return v;
  }
  return {};
}

struct FakeHttpServer::State {
  explicit State(asio::io_context& io)
      : acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {}
  tcp::acceptor acceptor;
  Script script;
  std::shared_ptr<asio::ssl::context> tls;
  std::vector<FakeRequest> requests;
  std::vector<std::weak_ptr<tcp::socket>> sockets;
  int accepted = 0;
  bool stopped = false;
};

namespace {

template <class Stream>
asio::awaitable<void> serve(std::shared_ptr<FakeHttpServer::State> s, Stream& stream, int index) {
  beast::flat_buffer buffer;
  while (!s->stopped) {
    http::request<http::string_body> req;
    auto [rec, n] =
        co_await http::async_read(stream, buffer, req, asio::as_tuple(asio::use_awaitable));
    (void)n;
    if (rec) co_return;
    FakeRequest fr;
    fr.method = std::string(req.method_string());
    fr.target = std::string(req.target());
    for (const auto& f : req) fr.headers.emplace_back(f.name_string(), f.value());
    fr.body = req.body();
    fr.connection_index = index;
    s->requests.push_back(fr);
    const FakeReply reply = s->script(fr);
    if (reply.delay.count() > 0) {
      asio::steady_timer t(co_await asio::this_coro::executor);
      t.expires_after(reply.delay);
      co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (reply.action == FakeReply::Action::close) co_return;
    if (reply.action == FakeReply::Action::hang) {
      asio::steady_timer t(co_await asio::this_coro::executor);
      t.expires_after(std::chrono::seconds(30));
      co_await t.async_wait(asio::as_tuple(asio::use_awaitable));
      co_return;
    }
    http::response<http::string_body> res{static_cast<http::status>(reply.status), 11};
    for (const auto& [k, v] : reply.headers) res.set(k, v);
    if (res.find(http::field::content_type) == res.end()) {
      res.set(http::field::content_type, "application/json");
    }
    res.body() = reply.body;
    res.keep_alive(reply.keep_alive && req.keep_alive());
    res.prepare_payload();
    auto [wec, w] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
    (void)w;
    if (wec || !res.keep_alive()) co_return;
  }
}

asio::awaitable<void> accept_loop(std::shared_ptr<FakeHttpServer::State> s) {
  while (!s->stopped) {
    auto socket = std::make_shared<tcp::socket>(s->acceptor.get_executor());
    auto [ec] = co_await s->acceptor.async_accept(*socket, asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    const int index = s->accepted++;
    s->sockets.push_back(socket);
    asio::co_spawn(
        s->acceptor.get_executor(),
        [s, socket, index]() -> asio::awaitable<void> {
          if (s->tls) {
            asio::ssl::stream<tcp::socket&> tls_stream(*socket, *s->tls);
            auto [hec] = co_await tls_stream.async_handshake(asio::ssl::stream_base::server,
                                                             asio::as_tuple(asio::use_awaitable));
            if (hec) co_return;
            co_await serve(s, tls_stream, index);
          } else {
            co_await serve(s, *socket, index);
          }
          boost::system::error_code ignored;
          socket->close(ignored);
        },
        asio::detached);
  }
}

}  // namespace

FakeHttpServer::FakeHttpServer(asio::io_context& io, Script script,
                               std::shared_ptr<asio::ssl::context> tls)
    : state_(std::make_shared<State>(io)) {
  state_->script = std::move(script);
  state_->tls = std::move(tls);
  asio::co_spawn(io, accept_loop(state_), asio::detached);
}

FakeHttpServer::~FakeHttpServer() {
  state_->stopped = true;
  boost::system::error_code ignored;
  state_->acceptor.close(ignored);
  drop_connections();
}

std::uint16_t FakeHttpServer::port() const noexcept {
  return state_->acceptor.local_endpoint().port();
}
const std::vector<FakeRequest>& FakeHttpServer::requests() const noexcept {
  return state_->requests;
}
int FakeHttpServer::connections_accepted() const noexcept { return state_->accepted; }

void FakeHttpServer::drop_connections() {
  for (auto& weak : state_->sockets) {
    if (auto sock = weak.lock()) {
      boost::system::error_code ignored;
      sock->shutdown(tcp::socket::shutdown_both, ignored);
      sock->close(ignored);
    }
  }
  state_->sockets.clear();
}

TestCertificate make_test_certificate(const std::string& subject_alt_names) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  X509* cert = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, subject_alt_names.c_str()},
                                   std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  X509_sign(cert, key, EVP_sha256());

  TestCertificate out;
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  out.cert_pem.assign(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  bio = BIO_new(BIO_s_mem());
  PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  len = BIO_get_mem_data(bio, &data);
  out.key_pem.assign(data, static_cast<std::size_t>(len));
  BIO_free(bio);
  X509_free(cert);
  EVP_PKEY_free(key);
  return out;
}

std::shared_ptr<asio::ssl::context> make_server_tls_context(const TestCertificate& cert) {
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->use_certificate_chain(asio::buffer(cert.cert_pem));
  ctx->use_private_key(asio::buffer(cert.key_pem), asio::ssl::context::pem);
  return ctx;
}

}  // namespace antevorta::test
