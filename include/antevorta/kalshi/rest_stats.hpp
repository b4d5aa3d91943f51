// What the REST client counts for metrics: per endpoint (method and path template) a latency
// histogram of every HTTP exchange and the answers by HTTP status, with the failures that
// have no status (transport errors, timeouts) counted apart.
//
// Endpoints are path templates ("/markets/{ticker}", "/portfolio/events/orders/{order_id}"),
// never a raw ticker or id: a path the client does not call maps to "other" and an unusual
// method to "other", so the number of entries (metric label sets) stays bounded whatever
// the caller sends. The latency is one HTTP exchange (connect when needed, write, read) on
// the client's Clock; pacing waits and retry backoff are not in it.
//
// Errors: none (counting cannot fail). Threading: one owner (the io_context thread).
// RestStats::record_* allocate only the first time an endpoint is seen.
#pragma once

#include <cstdint>
#include <map>
#include <string_view>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/histogram.hpp"

namespace antevorta::kalshi {

// The template of a request path relative to the base path; a query is ignored:
// "/markets/KXBTC-26?depth=5" → "/markets/{ticker}". Unknown paths → "other".
std::string_view rest_endpoint_template(std::string_view path) noexcept;
// "GET", "POST", "PUT", "DELETE", "PATCH" (case-insensitive input) or "other".
std::string_view rest_method_label(std::string_view method) noexcept;

struct RestEndpointStats {
  std::string_view method;    // from rest_method_label (static storage)
  std::string_view endpoint;  // from rest_endpoint_template (static storage)
  Histogram latency;          // every exchange, answered or failed (default latency bounds)
  std::map<unsigned, std::uint64_t> responses;  // answered exchanges by HTTP status
  std::uint64_t transport_errors = 0;           // no answer: resolve/connect/TLS/write/read failure
  std::uint64_t timeouts = 0;                   // no answer: the request deadline passed
};

class RestStats {
 public:
  void record_response(std::string_view method, std::string_view path, Duration latency,
                       unsigned status);
  void record_failure(std::string_view method, std::string_view path, Duration latency,
                      bool timeout);

  // Sorted by endpoint, then method.
  const std::vector<RestEndpointStats>& endpoints() const noexcept { return endpoints_; }
  // nullptr when nothing was recorded for it. `endpoint` is a template, e.g. "/markets".
  const RestEndpointStats* find(std::string_view method, std::string_view endpoint) const noexcept;

  // Totals over every endpoint.
  const std::map<unsigned, std::uint64_t>& responses_by_status() const noexcept {
    return by_status_;
  }
  std::uint64_t transport_errors() const noexcept { return transport_errors_; }
  std::uint64_t timeouts() const noexcept { return timeouts_; }
  // Exchanges without an answer since the last answered one (any status): 0 while the
  // exchange answers. answered() says whether any exchange was answered yet.
  std::uint64_t failures_in_a_row() const noexcept { return failures_in_a_row_; }
  bool answered() const noexcept { return answered_; }

 private:
  RestEndpointStats& entry(std::string_view method, std::string_view path, Duration latency);

  std::vector<RestEndpointStats> endpoints_;
  std::map<unsigned, std::uint64_t> by_status_;
  std::uint64_t transport_errors_ = 0;
  std::uint64_t timeouts_ = 0;
  std::uint64_t failures_in_a_row_ = 0;
  bool answered_ = false;
};

}  // namespace antevorta::kalshi
