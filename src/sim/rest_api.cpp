// The simulator's REST front: routing, authentication, token charging, fault injection and
// the error boundary. The routes themselves are in rest_api_{markets,portfolio,orders}.cpp.
#include "antevorta/sim/rest_api.hpp"

#include <array>
#include <span>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include "antevorta/kalshi/signer.hpp"

#include "sim/rest_internal.hpp"

// GCC 12 reports -Wmismatched-new-delete for Asio's coroutine frames (a known false positive
// with awaitable_frame's class-specific operator new/delete).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace antevorta::sim {

namespace {

using rest::Ctx;
using rest::Handler;
using rest::json;

enum class Auth : std::uint8_t { none, required };
enum class Billing : std::uint8_t { single, batch_create, batch_cancel };

struct Route {
  std::string_view method;
  std::string_view pattern;  // below /trade-api/v2; "{x}" matches one segment
  Auth auth;
  kalshi::BucketKind bucket;
  Handler handler;
  unsigned success = 200;
  Billing billing = Billing::single;
};

using kalshi::BucketKind;
constexpr auto R = BucketKind::read;
constexpr auto W = BucketKind::write;

// Literal segments are listed before the wildcard routes they would also match.
const std::array<Route, 23> kRoutes{{
    {"GET", "/exchange/status", Auth::none, R, rest::exchange_status},
    {"GET", "/markets", Auth::none, R, rest::get_markets},
    {"GET", "/markets/trades", Auth::none, R, rest::get_trades},
    {"GET", "/markets/orderbooks", Auth::none, R, rest::get_orderbooks},
    {"GET", "/markets/{ticker}", Auth::none, R, rest::get_market},
    {"GET", "/markets/{ticker}/orderbook", Auth::none, R, rest::get_orderbook},
    {"GET", "/events", Auth::none, R, rest::get_events},
    {"GET", "/events/{event_ticker}", Auth::none, R, rest::get_event},
    {"GET", "/series/{series_ticker}", Auth::none, R, rest::get_series},
    {"GET", "/account/endpoint_costs", Auth::none, R, rest::endpoint_costs},
    {"GET", "/account/limits", Auth::required, R, rest::account_limits},
    {"GET", "/portfolio/balance", Auth::required, R, rest::get_balance},
    {"GET", "/portfolio/positions", Auth::required, R, rest::get_positions},
    {"GET", "/portfolio/orders", Auth::required, R, rest::get_orders},
    {"GET", "/portfolio/orders/{order_id}", Auth::required, R, rest::get_order},
    {"GET", "/portfolio/fills", Auth::required, R, rest::get_fills},
    {"GET", "/portfolio/settlements", Auth::required, R, rest::get_settlements},
    {"POST", "/portfolio/events/orders", Auth::required, W, rest::create_order, 201},
    {"POST", "/portfolio/events/orders/batched", Auth::required, W, rest::batch_create, 201,
     Billing::batch_create},
    {"DELETE", "/portfolio/events/orders/batched", Auth::required, W, rest::batch_cancel, 200,
     Billing::batch_cancel},
    {"DELETE", "/portfolio/events/orders/{order_id}", Auth::required, W, rest::cancel_order},
    {"POST", "/portfolio/events/orders/{order_id}/amend", Auth::required, W, rest::amend_order},
    {"POST", "/portfolio/events/orders/{order_id}/decrease", Auth::required, W,
     rest::decrease_order},
}};

std::vector<std::string_view> split(std::string_view pattern) {
  std::vector<std::string_view> out;
  std::size_t start = 1;
  while (start <= pattern.size()) {
    const auto slash = pattern.find('/', start);
    const auto end = slash == std::string_view::npos ? pattern.size() : slash;
    out.push_back(pattern.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// Matches the path segments below the base path; fills the {…} captures.
bool matches(const Route& route, std::span<const std::string> segments,
             std::vector<std::string>& params) {
  const auto parts = split(route.pattern);
  if (parts.size() != segments.size()) return false;
  std::vector<std::string> captured;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (parts[i].starts_with('{')) {
      if (segments[i].empty()) return false;
      captured.push_back(segments[i]);
    } else if (parts[i] != segments[i]) {
      return false;
    }
  }
  params = std::move(captured);
  return true;
}

std::string_view code_for_status(unsigned status) {
  switch (status) {
    case 400:
      return "bad_request";
    case 401:
      return "authentication_error";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 409:
      return "conflict";
    case 429:
      return "too_many_requests";
    case 503:
      return "service_unavailable";
    case 504:
      return "gateway_timeout";
    default:
      return status >= 500 ? "internal_server_error" : "bad_request";
  }
}

net::ServerResponse fault_status(unsigned status) {
  const auto code = code_for_status(status);
  std::string message(code);
  for (auto& ch : message) ch = ch == '_' ? ' ' : ch;
  return rest::error_response(status, code, message, "injected fault");
}

net::ServerResponse denied(const AccessDenied& d) {
  net::ServerResponse r;
  r.status = d.status;
  r.body = d.body();
  return r;
}

}  // namespace

struct RestApi::Outcome {
  net::ServerResponse response;
  std::optional<Duration> hang;
};

RestApi::RestApi(SimExchange& exchange, AccessControl& access)
    : exchange_(exchange), access_(access) {}

void RestApi::add_fault(RestFault fault) {
  if (fault.times > 0) faults_.push_back(std::move(fault));
}

std::size_t RestApi::requests(std::string_view method, std::string_view path) const {
  const auto it = per_route_.find(fmt::format("{} {}", method, path));
  return it == per_route_.end() ? 0 : it->second;
}

boost::asio::awaitable<net::ServerResponse> RestApi::handle(const net::ServerRequest& request) {
  Outcome out = process(request);
  if (out.hang) {
    namespace asio = boost::asio;
    co_await async_sleep(exchange_.clock(), *out.hang, asio::as_tuple(asio::use_awaitable));
  }
  co_return std::move(out.response);
}

net::ServerResponse RestApi::handle_now(const net::ServerRequest& request) {
  return process(request).response;
}

RestApi::Outcome RestApi::process(const net::ServerRequest& request) {
  ++total_;
  const auto path_end = request.target.find_first_of("?#");
  const std::string path = request.target.substr(0, path_end);
  ++per_route_[fmt::format("{} {}", request.method, path)];

  const auto url = boost::urls::parse_origin_form(request.target);
  if (!url) return {rest::error_response(400, "bad_request", "malformed request target"), {}};
  std::vector<std::string> segments;
  for (auto s : url->segments()) segments.push_back(s);
  if (segments.size() < 2 || segments[0] != "trade-api" || segments[1] != "v2") {
    return {rest::error_response(404, "not_found", "no such endpoint", path), {}};
  }
  segments.erase(segments.begin(), segments.begin() + 2);

  const Route* route = nullptr;
  bool path_known = false;
  std::vector<std::string> params;
  for (const Route& r : kRoutes) {
    std::vector<std::string> p;
    if (!matches(r, segments, p)) continue;
    path_known = true;
    if (r.method == request.method) {
      route = &r;
      params = std::move(p);
      break;
    }
  }
  if (route == nullptr) {
    return path_known
               ? Outcome{rest::error_response(405, "method_not_allowed", "method not allowed",
                                              request.method + " " + path),
                         {}}
               : Outcome{rest::error_response(404, "not_found", "no such endpoint", path), {}};
  }

  std::vector<std::pair<std::string, std::string>> query;
  for (auto p : url->params()) query.emplace_back(p.key, p.has_value ? p.value : std::string());
  const rest::Query q(std::move(query));

  try {
    // Authentication: required routes refuse; public routes charge a valid signer.
    std::optional<AccountId> account;
    if (route->auth == Auth::required) {
      auto who = access_.authenticate(request);
      if (!who) return {denied(who.error()), {}};
      account = std::move(*who);
    } else if (request.header(kalshi::kAccessKeyHeader) != nullptr) {
      if (auto who = access_.authenticate(request)) account = std::move(*who);
    }
    if (account) {
      std::int64_t cost = access_.costs().cost(request.method, path);
      if (route->billing == Billing::batch_create) {
        cost = access_.costs().batch_create_cost(rest::batch_size(request.body));
      } else if (route->billing == Billing::batch_cancel) {
        cost = access_.costs().batch_cancel_cost(rest::batch_size(request.body));
      }
      if (auto refused = access_.charge(*account, route->bucket, cost)) {
        return {denied(*refused), {}};
      }
    }

    std::optional<RestFault> fault;
    for (auto it = faults_.begin(); it != faults_.end(); ++it) {
      if ((it->method.empty() || it->method == request.method) &&
          path.starts_with(it->path_prefix)) {
        fault = *it;
        if (--it->times <= 0) faults_.erase(it);
        break;
      }
    }
    auto fault_answer = [&](net::ServerResponse acted) -> Outcome {
      switch (fault->action) {
        case RestFault::Action::status:
          return {fault_status(fault->status), {}};
        case RestFault::Action::soft_reject:
          return {rest::json_response(route->success, json::object()), {}};
        case RestFault::Action::hang:
          return {std::move(acted), fault->hang_for};
      }
      return {std::move(acted), {}};
    };
    if (fault && fault->when == RestFault::When::before) {
      return fault_answer(fault_status(504));
    }

    net::ServerResponse response;
    try {
      Ctx ctx{exchange_, access_, request, params, q, account, exchange_.clock().now()};
      response = route->handler(ctx);
    } catch (const rest::ApiFailure& e) {
      response = rest::error_response(e.status(), e.code(), e.what(), e.details());
    }
    if (fault) return fault_answer(std::move(response));
    return {std::move(response), {}};
  } catch (const rest::ApiFailure& e) {
    return {rest::error_response(e.status(), e.code(), e.what(), e.details()), {}};
  } catch (const std::exception& e) {
    return {rest::error_response(500, "internal_error", "internal error", e.what()), {}};
  }
}

}  // namespace antevorta::sim
