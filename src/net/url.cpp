#include "antevorta/net/url.hpp"

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

namespace antevorta::net {

std::string Endpoint::authority() const {
  const bool v6 = host.find(':') != std::string::npos;
  return v6 ? fmt::format("[{}]:{}", host, port) : fmt::format("{}:{}", host, port);
}

std::string Endpoint::origin() const { return scheme + "://" + authority(); }

Expected<Endpoint, std::string> parse_endpoint(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return unexpected(fmt::format("not an absolute URL: {}", parsed.error().message()));
  const auto& u = *parsed;
  Endpoint e;
  e.scheme = std::string(u.scheme());
  std::uint16_t default_port = 0;
  if (e.scheme == "http" || e.scheme == "ws") {
    default_port = 80;
  } else if (e.scheme == "https" || e.scheme == "wss") {
    default_port = 443;
  } else {
    return unexpected(fmt::format("unsupported scheme \"{}\"", e.scheme));
  }
  if (!u.has_authority() || u.host().empty()) return unexpected(std::string("missing host"));
  if (u.has_query() || u.has_fragment()) {
    return unexpected(std::string("a base URL takes no query or fragment"));
  }
  e.host = u.host_address();  // percent-decoded, IPv6 without brackets
  if (u.has_port()) {
    if (u.port_number() == 0) return unexpected(fmt::format("invalid port \"{}\"", u.port()));
    e.port = u.port_number();
  } else {
    e.port = default_port;
  }
  e.path = u.path().empty() ? "/" : std::string(u.encoded_path());
  return e;
}

bool is_loopback_host(std::string_view host) noexcept {
  if (host == "localhost") return true;
  boost::system::error_code ec;
  const auto addr = boost::asio::ip::make_address(host, ec);
  return !ec && addr.is_loopback();
}

}  // namespace antevorta::net
