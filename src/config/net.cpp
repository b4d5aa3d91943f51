#include <cctype>
#include <charconv>
#include <string>
#include <string_view>

#include <boost/url.hpp>
#include <fmt/format.h>

#include "config/internal.hpp"

namespace antevorta::config::detail {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool valid_host_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '.') return false;
  }
  return true;
}

}  // namespace

bool is_loopback_host(std::string_view host) {
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (iequals(host, "localhost") || iequals(host, "localhost.")) return true;
  if (auto v4 = boost::urls::parse_ipv4_address(host)) return (v4->to_uint() >> 24) == 127;
  if (auto v6 = boost::urls::parse_ipv6_address(host)) {
    if (v6->is_loopback()) return true;
    return v6->is_v4_mapped() && v6->to_bytes()[12] == 127;
  }
  return false;
}

std::optional<std::string> check_url(std::string_view url, std::string_view secure,
                                     std::string_view plain) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) {
    return fmt::format("expected an absolute URL such as {}://host/path", secure);
  }
  if (!parsed->has_authority() || parsed->host_address().empty()) {
    return fmt::format("expected a URL with a host, such as {}://host/path", secure);
  }
  if (parsed->has_userinfo()) return std::string("must not contain user information");
  const std::string_view scheme = parsed->scheme();
  if (iequals(scheme, secure)) return std::nullopt;
  if (iequals(scheme, plain) && is_loopback_host(parsed->host_address())) return std::nullopt;
  return fmt::format(
      "must use {}:// ({}:// is allowed only for a loopback host: 127.0.0.0/8, localhost, ::1)",
      secure, plain);
}

std::optional<HostPort> parse_listen(std::string_view text, std::string& error) {
  auto authority = boost::urls::parse_authority(text);
  if (!authority || authority->has_userinfo() || !authority->has_port() ||
      authority->host_address().empty()) {
    error = "expected host:port or [IPv6]:port";
    return std::nullopt;
  }
  const std::string_view port_text = authority->port();
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || ec != std::errc() || end != port_text.data() + port_text.size() ||
      port > 65535) {
    error = "port must be between 0 and 65535";
    return std::nullopt;
  }
  HostPort out;
  out.host = std::string(authority->host_address());
  out.port = static_cast<std::uint16_t>(port);
  switch (authority->host_type()) {
    case boost::urls::host_type::ipv4:
    case boost::urls::host_type::ipv6:
      return out;
    case boost::urls::host_type::name:
      if (valid_host_name(out.host)) return out;
      break;
    default:
      break;
  }
  error = "expected an IPv4 address, [IPv6] address or host name before the port";
  return std::nullopt;
}

std::string url_host(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return fmt::format("[{}]", host);
  return std::string(host);
}

}  // namespace antevorta::config::detail
