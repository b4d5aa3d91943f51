#include "antevorta/kalshi/rest_stats.hpp"

#include <algorithm>
#include <array>
#include <tuple>
#include <utility>

namespace antevorta::kalshi {

namespace {

// Paths the client calls (rest_reads.cpp, rest_orders.cpp) and a few more of API-NOTES §4–5.
// Literal paths are matched before templates: "/markets/orderbooks" is not a ticker.
constexpr std::array<std::string_view, 18> kLiteralPaths{
    "/account/limits",
    "/account/endpoint_costs",
    "/exchange/status",
    "/exchange/schedule",
    "/markets",
    "/markets/orderbooks",
    "/markets/trades",
    "/events",
    "/series",
    "/portfolio/balance",
    "/portfolio/positions",
    "/portfolio/orders",
    "/portfolio/fills",
    "/portfolio/settlements",
    "/portfolio/events/orders",
    "/portfolio/events/orders/batched",
    "/portfolio/orders/batched",
    "/portfolio/order_groups",
};

constexpr std::array<std::string_view, 10> kTemplatePaths{
    "/markets/{ticker}",
    "/markets/{ticker}/orderbook",
    "/events/{event_ticker}",
    "/series/{series_ticker}",
    "/portfolio/orders/{order_id}",
    "/portfolio/events/orders/{order_id}",
    "/portfolio/events/orders/{order_id}/amend",
    "/portfolio/events/orders/{order_id}/decrease",
    "/portfolio/orders/{order_id}/amend",
    "/portfolio/orders/{order_id}/decrease",
};

constexpr std::string_view kOther = "other";

// A `{name}` segment of the template matches any one non-empty segment of the path.
bool matches(std::string_view tmpl, std::string_view path) noexcept {
  while (!tmpl.empty() && !path.empty()) {
    tmpl.remove_prefix(1);  // both start with '/'
    path.remove_prefix(1);
    const auto te = std::min(tmpl.find('/'), tmpl.size());
    const auto pe = std::min(path.find('/'), path.size());
    const auto ts = tmpl.substr(0, te);
    const auto ps = path.substr(0, pe);
    const bool wildcard = ts.size() >= 2 && ts.front() == '{' && ts.back() == '}';
    if (wildcard ? ps.empty() : ts != ps) return false;
    tmpl.remove_prefix(te);
    path.remove_prefix(pe);
  }
  return tmpl.empty() && path.empty();
}

}  // namespace

std::string_view rest_endpoint_template(std::string_view path) noexcept {
  path = path.substr(0, path.find('?'));
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  if (path.empty() || path.front() != '/') return kOther;
  for (const auto literal : kLiteralPaths) {
    if (literal == path) return literal;
  }
  for (const auto tmpl : kTemplatePaths) {
    if (matches(tmpl, path)) return tmpl;
  }
  return kOther;
}

std::string_view rest_method_label(std::string_view method) noexcept {
  static constexpr std::array<std::string_view, 5> kMethods{"GET", "POST", "PUT", "DELETE",
                                                            "PATCH"};
  for (const auto m : kMethods) {
    const bool same =
        std::equal(m.begin(), m.end(), method.begin(), method.end(),
                   [](char a, char b) { return a == (b >= 'a' && b <= 'z' ? b - 32 : b); });
    if (same) return m;
  }
  return kOther;
}

const RestEndpointStats* RestStats::find(std::string_view method,
                                         std::string_view endpoint) const noexcept {
  for (const auto& e : endpoints_) {
    if (e.method == method && e.endpoint == endpoint) return &e;
  }
  return nullptr;
}

RestEndpointStats& RestStats::entry(std::string_view method, std::string_view path,
                                    Duration latency) {
  const auto m = rest_method_label(method);
  const auto endpoint = rest_endpoint_template(path);
  const auto key = [](const RestEndpointStats& e) { return std::tie(e.endpoint, e.method); };
  auto it = std::lower_bound(endpoints_.begin(), endpoints_.end(), std::tie(endpoint, m),
                             [&](const RestEndpointStats& e, const auto& k) { return key(e) < k; });
  if (it == endpoints_.end() || it->endpoint != endpoint || it->method != m) {
    RestEndpointStats fresh;
    fresh.method = m;
    fresh.endpoint = endpoint;
    it = endpoints_.insert(it, std::move(fresh));
  }
  it->latency.observe(latency);
  return *it;
}

void RestStats::record_response(std::string_view method, std::string_view path, Duration latency,
                                unsigned status) {
  ++entry(method, path, latency).responses[status];
  ++by_status_[status];
  failures_in_a_row_ = 0;
  answered_ = true;
}

void RestStats::record_failure(std::string_view method, std::string_view path, Duration latency,
                               bool timeout) {
  auto& e = entry(method, path, latency);
  ++failures_in_a_row_;
  if (timeout) {
    ++e.timeouts;
    ++timeouts_;
  } else {
    ++e.transport_errors;
    ++transport_errors_;
  }
}

}  // namespace antevorta::kalshi
