// Endpoints: a parsed http(s)/ws(s) URL split into what a connection needs.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "antevorta/core/expected.hpp"

namespace antevorta::net {

struct Endpoint {
  std::string scheme;      // "http", "https", "ws", "wss"
  std::string host;        // without brackets for IPv6
  std::uint16_t port = 0;  // explicit or the scheme's default
  std::string path;        // "/trade-api/v2" ("/" when empty)

  bool tls() const noexcept { return scheme == "https" || scheme == "wss"; }
  // "host:port" (IPv6 in brackets), for the Host header and logs.
  std::string authority() const;
  // scheme://authority
  std::string origin() const;
};

// Accepts http, https, ws and wss URLs with a host. Query and fragment are rejected: base
// URLs carry none.
Expected<Endpoint, std::string> parse_endpoint(std::string_view url);

// 127.0.0.0/8, ::1 or "localhost".
bool is_loopback_host(std::string_view host) noexcept;

}  // namespace antevorta::net
