// The simulator's Kalshi Trade API v2 REST surface (API-NOTES §4, §5, §7) over a SimExchange:
// request in, response out, no sockets (the server hands requests here; tests call handle()
// directly).
//
// Routes live under /trade-api/v2. Unknown paths answer 404 and a known path with another
// method 405, both with a Kalshi-shaped error body {"error":{"code","message","details"}}.
// - Public market data (no signature needed): exchange status, markets (all filters, cursor
//   pagination), one market, orderbook(s), events, one event, series, public trades,
//   endpoint costs. A signed request is still authenticated and charged to the account's
//   read bucket; a request with bad credentials is served like an unsigned one.
// - Account and portfolio reads and the V2 order writes need a valid signature
//   (AccessControl::authenticate → 401 with its body), then the endpoint's cost is taken from
//   the read or write bucket (AccessControl::costs(); batches cost per item and must fit the
//   bucket as a whole) → 429 too_many_requests when it is empty.
// Requests are strict: a body that is not a JSON object, a field of the wrong JSON type, a
// price that is not a dollar string with 2–4 decimals or a count with more than 2 decimals is
// 400 invalid_parameters with a message naming the field; unknown fields are ignored.
// Rejections by the exchange carry RejectReason's Kalshi code and HTTP status (duplicate
// client_order_id 409, market closed MARKET_INACTIVE, unknown order 404, …).
// Simulator choices where Kalshi is not specific: balance = available cash (cash minus the
// collateral of resting orders) per shard; portfolio_value = open positions at cost; lists are
// newest first (positions by ticker, events by ticker, markets in listing order); cursors are
// opaque and stay valid while history grows; only subaccount 0 exists (others are 400);
// order_group_id is accepted and ignored.
// Shard routing follows Kalshi: an order id is looked up on the shard given by exchange_index,
// else by the shard of market_ticker (or the body's ticker), else on shard 0, so a shard-2
// order cancelled without either is 404.
//
// Faults (add_fault) apply to requests that matched a route and passed authentication and
// charging, in the order they were added; each applies to `times` requests.
//
// Errors: every outcome is a response; handle() does not throw (an unexpected exception from
// the exchange becomes a 500 with code internal_error). Cancellation: a hang fault's sleep
// ends with the coroutine when it is cancelled.
// Threading: one io_context thread. Lifetime: the SimExchange and AccessControl must outlive
// the RestApi and every handle() in flight.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/net/http_server.hpp"
#include "antevorta/sim/access.hpp"
#include "antevorta/sim/sim_exchange.hpp"

namespace antevorta::sim {

// A fault injected into the REST answers, for client tests.
struct RestFault {
  std::string method;       // "POST"; empty = any
  std::string path_prefix;  // e.g. "/trade-api/v2/portfolio/events/orders"; empty = any
  int times = 1;            // how many matching requests it applies to
  // before: answer without acting; after: act, then answer with the fault.
  enum class When { before, after } when = When::before;
  // status: `status` with a Kalshi-shaped error body (429 too_many_requests, 503
  //   service_unavailable, 5xx internal_error …);
  // hang: no answer for `hang_for` (a sleep on the exchange's clock), then 504 (before) or the
  //   real answer (after);
  // soft_reject: the route's success status (201 / 200) with the body {} (a 2xx without an
  //   order).
  enum class Action { status, hang, soft_reject } action = Action::status;
  unsigned status = 500;
  Duration hang_for = std::chrono::hours(1);
};

class RestApi {
 public:
  static constexpr std::string_view kBasePath = "/trade-api/v2";

  RestApi(SimExchange& exchange, AccessControl& access);
  RestApi(const RestApi&) = delete;
  RestApi& operator=(const RestApi&) = delete;

  boost::asio::awaitable<net::ServerResponse> handle(const net::ServerRequest& request);
  // The synchronous part of handle(): everything but the hang fault (which answers as if the
  // hang had already passed). For callers that are not coroutines.
  net::ServerResponse handle_now(const net::ServerRequest& request);

  void add_fault(RestFault fault);
  void clear_faults() { faults_.clear(); }
  std::size_t pending_faults() const noexcept { return faults_.size(); }

  // Requests received (all, and per method + path without query, e.g.
  // requests("POST", "/trade-api/v2/portfolio/events/orders")).
  std::size_t requests() const noexcept { return total_; }
  std::size_t requests(std::string_view method, std::string_view path) const;

 private:
  struct Outcome;
  Outcome process(const net::ServerRequest& request);

  SimExchange& exchange_;
  AccessControl& access_;
  std::vector<RestFault> faults_;
  std::size_t total_ = 0;
  std::map<std::string, std::size_t, std::less<>> per_route_;
};

}  // namespace antevorta::sim
