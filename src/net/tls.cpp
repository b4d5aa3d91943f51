#include "antevorta/net/tls.hpp"

#include <stdexcept>

#include <boost/asio/ip/address.hpp>
#include <fmt/format.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace antevorta::net {

std::shared_ptr<boost::asio::ssl::context> make_client_tls_context(
    const std::filesystem::path& ca_file) {
  namespace ssl = boost::asio::ssl;
  auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                   ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  ctx->set_verify_mode(ssl::verify_peer);
  ctx->set_default_verify_paths();
  if (!ca_file.empty()) {
    boost::system::error_code ec;
    ctx->load_verify_file(ca_file.string(), ec);
    if (ec) {
      throw std::runtime_error(
          fmt::format("cannot load CA file {}: {}", ca_file.string(), ec.message()));
    }
  }
  return ctx;
}

bool prepare_tls_session(SSL* ssl, const std::string& host) {
  boost::system::error_code ec;
  (void)boost::asio::ip::make_address(host, ec);
  if (!ec) {
    // An IP literal: no SNI (RFC 6066), match the certificate's IP SAN.
    return X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host.c_str()) == 1;
  }
  if (SSL_set_tlsext_host_name(ssl, host.c_str()) != 1) return false;
  return SSL_set1_host(ssl, host.c_str()) == 1;
}

}  // namespace antevorta::net
