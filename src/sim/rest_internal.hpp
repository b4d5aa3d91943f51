// Internals of the simulator's REST API (rest_api.hpp): the request context every route
// handler receives, strict query and body readers, cursors, and the handlers themselves.
//
// Error policy inside this module: readers and handlers throw ApiFailure for an expected
// refusal (bad input, not found, a rejection); RestApi catches it once per request and turns
// it into the Kalshi-shaped error response. Batch handlers catch it per item.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "antevorta/net/http_server.hpp"
#include "antevorta/sim/access.hpp"
#include "antevorta/sim/sim_exchange.hpp"

namespace antevorta::sim::rest {

using json = nlohmann::json;

class ApiFailure : public std::runtime_error {
 public:
  ApiFailure(unsigned status, std::string code, std::string message, std::string details = {})
      : std::runtime_error(message),
        status_(status),
        code_(std::move(code)),
        details_(std::move(details)) {}
  unsigned status() const noexcept { return status_; }
  const std::string& code() const noexcept { return code_; }
  const std::string& details() const noexcept { return details_; }
  json body() const;  // {"code","message","details"}

 private:
  unsigned status_;
  std::string code_;
  std::string details_;
};

[[noreturn]] void bad_request(std::string message);  // 400 invalid_parameters
[[noreturn]] void not_found(std::string message);    // 404 not_found
[[noreturn]] void rejected(RejectReason reason, std::string details = {});

net::ServerResponse json_response(unsigned status, const json& body);
net::ServerResponse error_response(unsigned status, std::string_view code, std::string_view message,
                                   std::string_view details = {});

// Decoded query parameters in order (a key may repeat: tickers=A&tickers=B).
class Query {
 public:
  Query() = default;
  explicit Query(std::vector<std::pair<std::string, std::string>> params)
      : params_(std::move(params)) {}

  bool has(std::string_view key) const { return get(key) != nullptr; }
  const std::string* get(std::string_view key) const;  // the first value
  std::vector<std::string> all(std::string_view key) const;
  // Every value of `key`, each split at commas, empty pieces dropped.
  std::vector<std::string> list(std::string_view key) const;
  std::optional<std::string> text(std::string_view key) const;  // absent or "" → nullopt
  // Integers in [min, max] and booleans ("true"/"false"); anything else is 400.
  std::optional<std::int64_t> integer(std::string_view key, std::int64_t min,
                                      std::int64_t max) const;
  std::optional<bool> boolean(std::string_view key) const;

 private:
  std::vector<std::pair<std::string, std::string>> params_;
};

// ---- Body readers (400 invalid_parameters naming the field) ---------------------------

json parse_body_object(std::string_view body);
std::optional<std::string> opt_string(const json& j, std::string_view key, std::string_view path);
std::string req_string(const json& j, std::string_view key, std::string_view path);
std::optional<bool> opt_bool(const json& j, std::string_view key, std::string_view path);
std::optional<std::int64_t> opt_int(const json& j, std::string_view key, std::string_view path);
// A dollar string with 2..4 decimals, 0..1.
Price price_text(std::string_view text, std::string_view field);
// A count string with at most 2 decimals, >= 0.
Count count_text(std::string_view text, std::string_view field);
std::optional<Count> opt_count(const json& j, std::string_view key, std::string_view path);

// ---- Cursors: opaque to clients ---------------------------------------------------------

std::string encode_cursor(std::string_view kind, std::string_view position);
// The position of a cursor of `kind`; a malformed or foreign cursor is 400.
std::string decode_cursor(std::string_view kind, std::string_view cursor);
std::string encode_index_cursor(std::string_view kind, std::size_t index);
std::size_t decode_index_cursor(std::string_view kind, std::string_view cursor);

// ---- Handler context ----------------------------------------------------------------------

struct Ctx {
  SimExchange& exchange;
  AccessControl& access;
  const net::ServerRequest& request;
  const std::vector<std::string>& params;  // the {…} path segments, decoded
  const Query& query;
  std::optional<AccountId> account;  // set for authenticated routes (and signed public ones)
  Timestamp now;

  const AccountId& owner() const { return *account; }
};

using Handler = net::ServerResponse (*)(Ctx&);

// Market data (rest_api_markets.cpp).
net::ServerResponse exchange_status(Ctx& c);
net::ServerResponse get_markets(Ctx& c);
net::ServerResponse get_market(Ctx& c);
net::ServerResponse get_orderbook(Ctx& c);
net::ServerResponse get_orderbooks(Ctx& c);
net::ServerResponse get_events(Ctx& c);
net::ServerResponse get_event(Ctx& c);
net::ServerResponse get_series(Ctx& c);
net::ServerResponse get_trades(Ctx& c);
net::ServerResponse endpoint_costs(Ctx& c);

// Account and portfolio reads (rest_api_portfolio.cpp).
net::ServerResponse account_limits(Ctx& c);
net::ServerResponse get_balance(Ctx& c);
net::ServerResponse get_positions(Ctx& c);
net::ServerResponse get_orders(Ctx& c);
net::ServerResponse get_order(Ctx& c);
net::ServerResponse get_fills(Ctx& c);
net::ServerResponse get_settlements(Ctx& c);

// V2 order writes (rest_api_orders.cpp).
net::ServerResponse create_order(Ctx& c);
net::ServerResponse cancel_order(Ctx& c);
net::ServerResponse amend_order(Ctx& c);
net::ServerResponse decrease_order(Ctx& c);
net::ServerResponse batch_create(Ctx& c);
net::ServerResponse batch_cancel(Ctx& c);
// Items in a batch body ({"orders":[…]}), for charging before the batch runs (400 when the
// body is not a batch).
std::size_t batch_size(std::string_view body);

}  // namespace antevorta::sim::rest
