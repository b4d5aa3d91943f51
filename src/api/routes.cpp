// The operator API's HTTP routes (operator_api.hpp).
#include <chrono>
#include <exception>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "antevorta/api/auth.hpp"
#include "antevorta/api/encode.hpp"
#include "antevorta/api/requests.hpp"

#include "api/state.hpp"

namespace antevorta::api {

namespace {

using net::ServerRequest;
using net::ServerResponse;

ServerResponse json_response(unsigned status, const Json& body) {
  ServerResponse r;
  r.status = status;
  r.body = body.dump();
  r.content_type = "application/json";
  return r;
}

ServerResponse error(unsigned status, std::string_view code, std::string_view message) {
  return json_response(status, Json{{"error", code}, {"message", message}});
}

ServerResponse method_not_allowed(std::string_view allow) {
  auto r = error(405, "method_not_allowed", fmt::format("this path allows {}", allow));
  r.headers.emplace_back("Allow", std::string(allow));
  return r;
}

struct Target {
  std::string_view path;
  std::string_view query;
};

Target split_target(std::string_view target) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return {target, {}};
  return {target.substr(0, q), target.substr(q + 1)};
}

// "/api/books/X" with prefix "/api/books/" → "X" (percent-decoded); nullopt otherwise or
// when the rest is empty or has another '/'.
std::optional<std::string> tail_of(std::string_view path, std::string_view prefix) {
  if (path.substr(0, prefix.size()) != prefix) return std::nullopt;
  auto rest = path.substr(prefix.size());
  if (rest.empty() || rest.find('/') != std::string_view::npos) return std::nullopt;
  auto decoded = query_value(fmt::format("x={}", rest), "x");
  if (!decoded || decoded->empty()) return std::nullopt;
  return decoded;
}

constexpr std::string_view kOrderStates[] = {"pending", "resting",  "partially_filled", "unknown",
                                             "filled",  "canceled", "rejected",         "open"};

}  // namespace

net::ServerResponse OperatorApi::State::route(const ServerRequest& req) {
  const auto [path, query] = split_target(req.target);
  const std::string& method = req.method;
  const bool get = method == "GET";

  auto authorized = [&] { return bearer_matches(req.header("Authorization"), token); };
  auto unauthorized = [&] {
    log->warn("api_unauthorized method={} path={} remote={}", method, log_value(path), req.remote);
    auto r = error(401, "unauthorized", "this call needs Authorization: Bearer <token>");
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
    return r;
  };
  auto limit = [&]() { return parse_limit(query, options.default_limit, options.max_limit); };

  // The dashboard.
  if (path == "/" || path == "/index.html" || path == "/app.js" || path == "/style.css") {
    if (!get) return method_not_allowed("GET");
    const Asset* asset = find_asset(path == "/" ? "/index.html" : path);
    if (asset == nullptr) return error(404, "not_found", "the dashboard is not built in");
    ServerResponse r;
    r.body = std::string(asset->body);
    r.content_type = std::string(asset->content_type);
    r.headers.emplace_back("Cache-Control", "no-cache");
    return r;
  }

  if (path == "/healthz") {
    if (!get) return method_not_allowed("GET");
    const auto up = std::chrono::duration_cast<std::chrono::seconds>(clock.now() - started_at);
    return json_response(200, Json{{"status", "ok"}, {"uptime_seconds", up.count()}});
  }
  if (path == "/readyz") {
    if (!get) return method_not_allowed("GET");
    Json reasons = Json::array();
    for (const auto& r : backend.readiness()) {
      reasons.push_back({{"code", r.code}, {"message", r.message}});
    }
    const bool ready = reasons.empty();
    return json_response(ready ? 200 : 503, Json{{"ready", ready}, {"reasons", reasons}});
  }
  if (path == "/metrics") {
    if (!get) return method_not_allowed("GET");
    ServerResponse r;
    r.body = backend.metrics();
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return r;
  }

  if (path == "/api/status") {
    if (!get) return method_not_allowed("GET");
    return json_response(200, backend.status());
  }
  if (path == "/api/markets") {
    if (!get) return method_not_allowed("GET");
    return json_response(200, backend.markets());
  }
  if (path.substr(0, 11) == "/api/books/") {
    if (!get) return method_not_allowed("GET");
    const auto ticker = tail_of(path, "/api/books/");
    if (!ticker) return error(404, "not_found", "no such route");
    auto book = backend.book(*ticker);
    if (!book) return error(404, "not_found", fmt::format("no book for {}", *ticker));
    return json_response(200, *book);
  }
  if (path == "/api/positions") {
    if (!get) return method_not_allowed("GET");
    return json_response(200, backend.positions());
  }
  if (path == "/api/crypto") {
    if (!get) return method_not_allowed("GET");
    return json_response(200, backend.crypto());
  }
  if (path == "/api/forecasts") {
    if (!get) return method_not_allowed("GET");
    return json_response(200, backend.forecasts());
  }
  if (path == "/api/equity") {
    if (!get) return method_not_allowed("GET");
    return json_response(200, backend.equity());
  }
  if (path == "/api/fills" || path == "/api/signals" || path == "/api/decisions") {
    if (!get) return method_not_allowed("GET");
    const auto n = limit();
    if (!n) return error(400, "bad_request", n.error());
    if (path == "/api/fills") return json_response(200, backend.fills(*n));
    if (path == "/api/signals") return json_response(200, backend.signals(*n));
    return json_response(200, backend.decisions(*n));
  }
  if (path == "/api/orders") {
    if (get) {
      const auto n = limit();
      if (!n) return error(400, "bad_request", n.error());
      OrderListQuery q;
      q.limit = *n;
      q.status = query_value(query, "status");
      if (q.status) {
        bool known = false;
        for (auto s : kOrderStates) known = known || *q.status == s;
        if (!known) {
          return error(400, "bad_request",
                       fmt::format("unknown status \"{}\" (pending, resting, partially_filled, "
                                   "unknown, filled, canceled, rejected or open)",
                                   *q.status));
        }
      }
      return json_response(200, backend.orders(q));
    }
    if (method != "POST") return method_not_allowed("GET, POST");
    if (!authorized()) return unauthorized();
    auto order = parse_manual_order(req.body);
    if (!order) return error(400, "bad_request", order.error());
    auto outcome = backend.submit_order(*order);
    const auto& d = outcome.decision;
    log->info("api_order ticker={} side={} action={} count={} price={} approved={} reason={}",
              order->ticker, kalshi::to_string(order->side), strategy::to_string(order->action),
              order->count, order->price, d.approved,
              d.approved ? std::string_view("") : risk::to_string(d.reason));
    if (!d.approved) {
      return json_response(422, Json{{"error", "denied"},
                                     {"reason", std::string(risk::to_string(d.reason))},
                                     {"rule", d.rule},
                                     {"limit", d.limit},
                                     {"actual", d.actual},
                                     {"missing", d.missing},
                                     {"message", d.detail}});
    }
    return json_response(201, Json{{"order", outcome.order}});
  }
  if (path.substr(0, 12) == "/api/orders/") {
    if (method != "DELETE") return method_not_allowed("DELETE");
    if (!authorized()) return unauthorized();
    const auto id = tail_of(path, "/api/orders/");
    if (!id) return error(404, "not_found", "no such route");
    switch (backend.cancel_order(*id)) {
      case CancelOutcome::requested:
        log->info("api_cancel client_order_id={}", log_value(*id));
        return json_response(200, Json{{"client_order_id", *id}, {"cancel_requested", true}});
      case CancelOutcome::not_open:
        return error(409, "conflict", fmt::format("order {} is not open", *id));
      case CancelOutcome::not_found:
        break;
    }
    return error(404, "not_found", fmt::format("no order {}", *id));
  }
  if (path == "/api/kill-switch") {
    if (method != "POST") return method_not_allowed("POST");
    if (!authorized()) return unauthorized();
    auto request = parse_kill_switch(req.body);
    if (!request) return error(400, "bad_request", request.error());
    log->warn("api_kill_switch engaged={} reason={}", request->engaged, log_value(request->reason));
    return json_response(200, backend.set_kill_switch(*request));
  }
  if (path == "/api/flatten") {
    if (method != "POST") return method_not_allowed("POST");
    if (!authorized()) return unauthorized();
    auto reason = parse_optional_reason(req.body);
    if (!reason) return error(400, "bad_request", reason.error());
    log->warn("api_flatten reason={}", log_value(*reason));
    return json_response(200, backend.flatten(*reason));
  }
  if (path == "/api/circuit-breaker/reset") {
    if (method != "POST") return method_not_allowed("POST");
    if (!authorized()) return unauthorized();
    auto reason = parse_optional_reason(req.body);
    if (!reason) return error(400, "bad_request", reason.error());
    log->warn("api_circuit_breaker_reset reason={}", log_value(*reason));
    return json_response(200, backend.reset_circuit_breaker(*reason));
  }
  if (path.substr(0, 16) == "/api/strategies/") {
    if (method != "POST") return method_not_allowed("POST");
    if (!authorized()) return unauthorized();
    const auto name = tail_of(path, "/api/strategies/");
    if (!name) return error(404, "not_found", "no such route");
    auto toggle = parse_strategy_toggle(req.body);
    if (!toggle) return error(400, "bad_request", toggle.error());
    const auto enabled = backend.set_strategy(*name, toggle->enabled);
    if (!enabled) return error(404, "not_found", fmt::format("no strategy {}", *name));
    log->warn("api_strategy name={} enabled={}", log_value(*name), *enabled);
    return json_response(200, Json{{"name", *name}, {"enabled", *enabled}});
  }
  if (path == "/api/stream") {
    return error(400, "bad_request", "/api/stream is a WebSocket: send an upgrade request");
  }
  return error(404, "not_found", fmt::format("no route {} {}", method, path));
}

net::ServerResponse OperatorApi::handle(const net::ServerRequest& request) {
  auto& s = *state_;
  try {
    return s.route(request);
  } catch (const std::exception& e) {
    s.log->error("api_failed method={} target={} error={}", request.method,
                 log_value(request.target), log_value(e.what()));
    return error(500, "internal", "the daemon could not answer; see its log");
  }
}

}  // namespace antevorta::api
