// Internal helpers of the REST model parsers: typed field access on a JSON object with the
// field path in every error. Helpers throw FieldError; the public parse_* functions catch it
// once and return it as a value.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "antevorta/kalshi/models.hpp"

namespace antevorta::kalshi::detail {

using json = nlohmann::json;

class FieldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A JSON object and its path ("markets[3]"); field accessors below.
class Obj {
 public:
  Obj(const json& j, std::string path);

  const std::string& path() const noexcept { return path_; }
  std::string at(std::string_view key) const;  // "path.key"
  [[noreturn]] void fail(std::string_view key, std::string_view message) const;

  // nullptr when absent; a pointer to a null value when null.
  const json* find(std::string_view key) const;
  // Absent or null.
  bool missing(std::string_view key) const;

  std::string req_str(std::string_view key) const;
  std::string str_or_empty(std::string_view key) const;  // absent/null → ""
  std::optional<std::string> opt_str(std::string_view key) const;
  std::optional<bool> opt_bool(std::string_view key) const;
  bool bool_or(std::string_view key, bool fallback) const {
    return opt_bool(key).value_or(fallback);
  }
  std::optional<std::int64_t> opt_int(std::string_view key) const;
  std::optional<int> opt_small_int(std::string_view key) const;
  std::optional<Timestamp> opt_time(std::string_view key) const;  // RFC 3339 or Unix seconds

  // Dollar prices: the string field, else the legacy integer-cent field (when given).
  std::optional<Price> opt_price(std::string_view key, std::string_view legacy_cents = {}) const;
  Price req_price(std::string_view key, std::string_view legacy_cents = {}) const;
  // Averages: rounded to the nearest centi-cent.
  std::optional<Price> opt_price_rounded(std::string_view key) const;
  std::optional<Count> opt_count(std::string_view key, std::string_view legacy_int = {}) const;
  Count req_count(std::string_view key, std::string_view legacy_int = {}) const;
  std::optional<Money> opt_money(std::string_view key, std::string_view legacy_cents = {}) const;
  Money req_money(std::string_view key, std::string_view legacy_cents = {}) const;
  std::optional<Money> opt_money_rounded(std::string_view key) const;
  std::optional<Money> opt_money_cents(std::string_view key) const;  // integer cents only
  std::optional<Decimal> opt_decimal(std::string_view key) const;    // number or string

  // An array field (absent/null → empty); fn(const json&, std::string path) per element.
  template <class Fn>
  void each(std::string_view key, Fn&& fn) const {
    const json* v = find(key);
    if (v == nullptr || v->is_null()) return;
    if (!v->is_array()) fail(key, "expected an array");
    std::size_t i = 0;
    for (const auto& e : *v) {
      fn(e, at(key) + "[" + std::to_string(i) + "]");
      ++i;
    }
  }

  const json& raw() const noexcept { return j_; }

 private:
  const json& j_;
  std::string path_;
};

// Parses a field value that must be an object.
Obj sub(const json& j, std::string path);

// Side fields of orders and fills: outcome_side / book_side, else legacy side + action.
std::pair<OutcomeSide, BookSide> parse_sides(const Obj& o, std::string_view outcome_key,
                                             std::string_view book_key,
                                             std::string_view legacy_side_key,
                                             std::string_view legacy_action_key);

// The "cursor" field: null/absent → "".
std::string cursor_of(const Obj& o);

// Runs fn() and turns a FieldError (or a JSON type error) into the error value.
template <class T, class Fn>
ModelResult<T> guarded(Fn&& fn) {
  try {
    return fn();
  } catch (const FieldError& e) {
    return unexpected(std::string(e.what()));
  } catch (const json::exception& e) {
    return unexpected(std::string("malformed JSON value: ") + e.what());
  }
}

// Object parsers used by the envelope parsers (throwing, with a path).
Market market_from(const json& j, std::string path);
Event event_from(const json& j, std::string path);
Series series_from(const json& j, std::string path);
Trade trade_from(const json& j, std::string path);
MarketPosition market_position_from(const json& j, std::string path);
EventPosition event_position_from(const json& j, std::string path);
Order order_from(const json& j, std::string path);
Fill fill_from(const json& j, std::string path);
Settlement settlement_from(const json& j, std::string path);
RestOrderbook orderbook_from(const json& envelope, std::string path);

}  // namespace antevorta::kalshi::detail
