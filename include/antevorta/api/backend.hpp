// What the operator API reads and commands: the daemon behind the HTTP routes. The daemon's
// composition implements it over the engine, the risk manager, the strategy host, the store
// and the Kalshi link (src/cli); the API itself only routes, authenticates and validates.
//
// Every call runs on the io_context thread and returns at once (no I/O waits: orders and
// cancels are handed to execution, whose outcome arrives on /api/stream). Read calls return
// the JSON shapes of encode.hpp.
//
// Errors: expected outcomes are values (SubmitOutcome, CancelOutcome, nullopt for unknown
// names). A store that fails while reading throws (store::StoreError); the API answers 500.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "antevorta/api/requests.hpp"
#include "antevorta/risk/decision.hpp"

namespace antevorta::api {

// Why the daemon is not ready (GET /readyz); codes are stable.
struct NotReady {
  std::string code;  // stream_disconnected, books_stale, reconciliation_pending, …
  std::string message;
};

struct OrderListQuery {
  std::optional<std::string> status;  // an order state, or "open" (every open state)
  std::size_t limit = 100;
};

struct SubmitOutcome {
  risk::RiskDecision decision;
  nlohmann::json order;  // approved: the order as /api/orders shows it
};

enum class CancelOutcome { requested, not_found, not_open };

class Backend {
 public:
  virtual ~Backend() = default;

  virtual nlohmann::json status() = 0;
  virtual std::vector<NotReady> readiness() = 0;
  virtual std::string metrics() = 0;  // Prometheus text exposition
  virtual nlohmann::json markets() = 0;
  virtual std::optional<nlohmann::json> book(std::string_view ticker) = 0;
  virtual nlohmann::json positions() = 0;
  virtual nlohmann::json orders(const OrderListQuery& query) = 0;
  virtual nlohmann::json fills(std::size_t limit) = 0;
  virtual nlohmann::json signals(std::size_t limit) = 0;
  virtual nlohmann::json decisions(std::size_t limit) = 0;
  // The crypto side: feeds, the index per asset, the settlement engine (GET /api/crypto).
  virtual nlohmann::json crypto() = 0;
  // Forecast scores per model and time-to-close bucket (GET /api/forecasts).
  virtual nlohmann::json forecasts() = 0;
  // The equity curve so far (GET /api/equity; encode.hpp equity_json).
  virtual nlohmann::json equity() = 0;

  virtual SubmitOutcome submit_order(const ManualOrder& order) = 0;
  virtual CancelOutcome cancel_order(std::string_view client_order_id) = 0;
  // {"kill_switch": latch, "canceled_orders": n}
  virtual nlohmann::json set_kill_switch(const KillSwitchRequest& request) = 0;
  // {"submitted": [...], "denied": [...]}
  virtual nlohmann::json flatten(const std::string& reason) = 0;
  // {"circuit_breaker": latch}
  virtual nlohmann::json reset_circuit_breaker(const std::string& reason) = 0;
  // The strategy's state after the change; nullopt for an unknown name.
  virtual std::optional<bool> set_strategy(std::string_view name, bool enabled) = 0;
};

}  // namespace antevorta::api
