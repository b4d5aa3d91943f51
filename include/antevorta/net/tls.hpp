// Client TLS: peer verification against the system trust store plus optional extra PEM
// trust anchors (kalshi.ca_file), TLS 1.2 or newer.
#pragma once

#include <filesystem>
#include <memory>

#include <boost/asio/ssl/context.hpp>

namespace antevorta::net {

// Throws std::runtime_error naming the file when ca_file cannot be loaded.
std::shared_ptr<boost::asio::ssl::context> make_client_tls_context(
    const std::filesystem::path& ca_file = {});

// Sets SNI and the name (or IP address) the peer certificate must match on a new SSL
// session. Returns false when OpenSSL refuses the name.
bool prepare_tls_session(SSL* ssl, const std::string& host);

}  // namespace antevorta::net
