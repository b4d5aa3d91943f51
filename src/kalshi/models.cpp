// Shared pieces of the REST models: enum names, RFC 3339, and the field accessors.
#include "antevorta/kalshi/models.hpp"

#include <chrono>

#include <fmt/format.h>

#include "antevorta/core/rfc3339.hpp"

#include "kalshi/models_json.hpp"

namespace antevorta::kalshi {

std::string_view to_string(MarketType v) noexcept {
  switch (v) {
    case MarketType::binary:
      return "binary";
    case MarketType::scalar:
      return "scalar";
    case MarketType::unknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(MarketStatus v) noexcept {
  switch (v) {
    case MarketStatus::initialized:
      return "initialized";
    case MarketStatus::inactive:
      return "inactive";
    case MarketStatus::active:
      return "active";
    case MarketStatus::closed:
      return "closed";
    case MarketStatus::determined:
      return "determined";
    case MarketStatus::disputed:
      return "disputed";
    case MarketStatus::amended:
      return "amended";
    case MarketStatus::finalized:
      return "finalized";
    case MarketStatus::unknown:
      break;
  }
  return "unknown";
}

std::optional<MarketResult> parse_market_result(std::string_view text) noexcept {
  if (text.empty()) return std::nullopt;
  if (text == "yes") return MarketResult::yes;
  if (text == "no") return MarketResult::no;
  if (text == "scalar") return MarketResult::scalar;
  return MarketResult::unknown;
}

std::string_view to_string(MarketResult v) noexcept {
  switch (v) {
    case MarketResult::yes:
      return "yes";
    case MarketResult::no:
      return "no";
    case MarketResult::scalar:
      return "scalar";
    case MarketResult::unknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(StrikeType v) noexcept {
  switch (v) {
    case StrikeType::greater:
      return "greater";
    case StrikeType::greater_or_equal:
      return "greater_or_equal";
    case StrikeType::less:
      return "less";
    case StrikeType::less_or_equal:
      return "less_or_equal";
    case StrikeType::between:
      return "between";
    case StrikeType::functional:
      return "functional";
    case StrikeType::custom:
      return "custom";
    case StrikeType::structured:
      return "structured";
    case StrikeType::unknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(OrderStatus v) noexcept {
  switch (v) {
    case OrderStatus::resting:
      return "resting";
    case OrderStatus::canceled:
      return "canceled";
    case OrderStatus::executed:
      return "executed";
    case OrderStatus::unknown:
      break;
  }
  return "unknown";
}

std::string_view to_string(TimeInForce v) noexcept {
  switch (v) {
    case TimeInForce::fill_or_kill:
      return "fill_or_kill";
    case TimeInForce::good_till_canceled:
      return "good_till_canceled";
    case TimeInForce::immediate_or_cancel:
      return "immediate_or_cancel";
  }
  return "good_till_canceled";
}

std::string_view to_string(SelfTradePrevention v) noexcept {
  return v == SelfTradePrevention::maker ? "maker" : "taker_at_cross";
}

MarketStatus parse_market_status(std::string_view text) noexcept {
  for (auto s : {MarketStatus::initialized, MarketStatus::inactive, MarketStatus::active,
                 MarketStatus::closed, MarketStatus::determined, MarketStatus::disputed,
                 MarketStatus::amended, MarketStatus::finalized}) {
    if (to_string(s) == text) return s;
  }
  return MarketStatus::unknown;
}

std::optional<Timestamp> parse_rfc3339(std::string_view s) noexcept {
  return antevorta::parse_rfc3339(s);
}

namespace detail {

namespace {

std::string type_name(const json& v) { return v.type_name(); }

// Strict dollar text: at most 4 significant decimals, zero padding to 6 allowed.
Expected<std::int64_t, NumberError> dollars_cc(std::string_view text, bool allow_negative) {
  return antevorta::detail::parse_decimal(text, 4, allow_negative, 6);
}

std::string number_message(std::string_view what, std::string_view text, NumberError e) {
  return fmt::format("invalid {} \"{}\": {}", what, text, to_string(e));
}

}  // namespace

Obj::Obj(const json& j, std::string path) : j_(j), path_(std::move(path)) {
  if (!j_.is_object()) {
    throw FieldError(
        fmt::format("{}: expected an object, got {}", path_.empty() ? "$" : path_, type_name(j_)));
  }
}

std::string Obj::at(std::string_view key) const {
  return path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key);
}

void Obj::fail(std::string_view key, std::string_view message) const {
  throw FieldError(fmt::format("{}: {}", at(key), message));
}

const json* Obj::find(std::string_view key) const {
  const auto it = j_.find(key);
  return it == j_.end() ? nullptr : &*it;
}

bool Obj::missing(std::string_view key) const {
  const json* v = find(key);
  return v == nullptr || v->is_null();
}

std::string Obj::req_str(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr || v->is_null()) fail(key, "missing");
  if (!v->is_string()) fail(key, "expected a string, got " + type_name(*v));
  return v->get<std::string>();
}

std::string Obj::str_or_empty(std::string_view key) const { return opt_str(key).value_or(""); }

std::optional<std::string> Obj::opt_str(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_string()) fail(key, "expected a string, got " + type_name(*v));
  return v->get<std::string>();
}

std::optional<bool> Obj::opt_bool(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_boolean()) fail(key, "expected a boolean, got " + type_name(*v));
  return v->get<bool>();
}

std::optional<std::int64_t> Obj::opt_int(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_number_unsigned()) {
    const auto u = v->get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(INT64_MAX)) fail(key, "integer out of range");
    return static_cast<std::int64_t>(u);
  }
  if (!v->is_number_integer()) fail(key, "expected an integer, got " + v->dump());
  return v->get<std::int64_t>();
}

std::optional<int> Obj::opt_small_int(std::string_view key) const {
  const auto v = opt_int(key);
  if (!v) return std::nullopt;
  if (*v < INT32_MIN || *v > INT32_MAX) fail(key, "integer out of range");
  return static_cast<int>(*v);
}

std::optional<Timestamp> Obj::opt_time(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    if (s.empty()) return std::nullopt;
    auto t = parse_rfc3339(s);
    if (!t) fail(key, fmt::format("invalid RFC 3339 time \"{}\"", s));
    return t;
  }
  if (v->is_number_integer()) return Timestamp(std::chrono::seconds(*opt_int(key)));
  fail(key, "expected a time, got " + type_name(*v));
}

std::optional<Price> Obj::opt_price(std::string_view key, std::string_view legacy_cents) const {
  if (const json* v = find(key); v != nullptr && !v->is_null()) {
    if (!v->is_string()) fail(key, "expected a dollar string, got " + v->dump());
    const auto& s = v->get_ref<const std::string&>();
    const auto cc = dollars_cc(s, false);
    if (!cc) fail(key, number_message("price", s, cc.error()));
    auto p = Price::from_centicents(*cc);
    if (!p) fail(key, number_message("price", s, p.error().code));
    return *p;
  }
  if (!legacy_cents.empty()) {
    if (const auto cents = opt_int(legacy_cents)) {
      auto p = Price::from_cents(*cents);
      if (!p) fail(legacy_cents, number_message("price (cents)", p.error().input, p.error().code));
      return *p;
    }
  }
  return std::nullopt;
}

Price Obj::req_price(std::string_view key, std::string_view legacy_cents) const {
  auto p = opt_price(key, legacy_cents);
  if (!p) fail(key, "missing");
  return *p;
}

std::optional<Price> Obj::opt_price_rounded(std::string_view key) const {
  const auto d = opt_decimal(key);
  if (!d) return std::nullopt;
  const auto cc = antevorta::detail::divide(d->scaled(), 10'000, Rounding::nearest);
  auto p = Price::from_centicents(cc);
  if (!p) fail(key, number_message("price", d->to_string(), p.error().code));
  return *p;
}

std::optional<Count> Obj::opt_count(std::string_view key, std::string_view legacy_int) const {
  if (const json* v = find(key); v != nullptr && !v->is_null()) {
    if (!v->is_string()) fail(key, "expected a count string, got " + v->dump());
    const auto& s = v->get_ref<const std::string&>();
    auto c = Count::parse(s);
    if (!c) fail(key, number_message("count", s, c.error().code));
    return *c;
  }
  if (!legacy_int.empty()) {
    if (const auto n = opt_int(legacy_int)) {
      try {
        return Count::contracts(*n);
      } catch (const ArithmeticOverflow&) {
        fail(legacy_int, "count out of range");
      }
    }
  }
  return std::nullopt;
}

Count Obj::req_count(std::string_view key, std::string_view legacy_int) const {
  auto c = opt_count(key, legacy_int);
  if (!c) fail(key, "missing");
  return *c;
}

std::optional<Money> Obj::opt_money(std::string_view key, std::string_view legacy_cents) const {
  if (const json* v = find(key); v != nullptr && !v->is_null()) {
    if (!v->is_string()) fail(key, "expected a dollar string, got " + v->dump());
    const auto& s = v->get_ref<const std::string&>();
    const auto cc = dollars_cc(s, true);
    if (!cc) fail(key, number_message("amount", s, cc.error()));
    return Money::from_centicents(*cc);
  }
  if (!legacy_cents.empty()) return opt_money_cents(legacy_cents);
  return std::nullopt;
}

Money Obj::req_money(std::string_view key, std::string_view legacy_cents) const {
  auto m = opt_money(key, legacy_cents);
  if (!m) fail(key, "missing");
  return *m;
}

std::optional<Money> Obj::opt_money_rounded(std::string_view key) const {
  const auto d = opt_decimal(key);
  if (!d) return std::nullopt;
  return Money::from_centicents(antevorta::detail::divide(d->scaled(), 10'000, Rounding::nearest));
}

std::optional<Money> Obj::opt_money_cents(std::string_view key) const {
  const auto cents = opt_int(key);
  if (!cents) return std::nullopt;
  try {
    return Money::from_cents(*cents);
  } catch (const ArithmeticOverflow&) {
    fail(key, "amount out of range");
  }
}

std::optional<Decimal> Obj::opt_decimal(std::string_view key) const {
  const json* v = find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    auto d = Decimal::parse(s);
    if (!d) fail(key, number_message("number", s, d.error().code));
    return *d;
  }
  if (v->is_number_integer()) {
    try {
      return Decimal::from_integer(*opt_int(key));
    } catch (const ArithmeticOverflow&) {
      fail(key, "number out of range");
    }
  }
  if (v->is_number_float()) {
    auto d = Decimal::from_double(v->get<double>());
    if (!d) fail(key, number_message("number", v->dump(), d.error().code));
    return *d;
  }
  fail(key, "expected a number, got " + type_name(*v));
}

Obj sub(const json& j, std::string path) { return Obj(j, std::move(path)); }

std::pair<OutcomeSide, BookSide> parse_sides(const Obj& o, std::string_view outcome_key,
                                             std::string_view book_key,
                                             std::string_view legacy_side_key,
                                             std::string_view legacy_action_key) {
  const auto outcome = o.opt_str(outcome_key);
  if (outcome) {
    if (*outcome == "yes") return {OutcomeSide::yes, BookSide::bid};
    if (*outcome == "no") return {OutcomeSide::no, BookSide::ask};
    o.fail(outcome_key, fmt::format("unknown side \"{}\"", *outcome));
  }
  const auto book = o.opt_str(book_key);
  if (book) {
    if (*book == "bid") return {OutcomeSide::yes, BookSide::bid};
    if (*book == "ask") return {OutcomeSide::no, BookSide::ask};
    o.fail(book_key, fmt::format("unknown book side \"{}\"", *book));
  }
  // Legacy: buy yes / sell no → yes; buy no / sell yes → no (API-NOTES §3).
  const auto side = legacy_side_key.empty() ? std::nullopt : o.opt_str(legacy_side_key);
  if (!side) o.fail(outcome_key, "missing (and no legacy side)");
  if (*side != "yes" && *side != "no") {
    o.fail(legacy_side_key, fmt::format("unknown side \"{}\"", *side));
  }
  bool sell = false;
  if (!legacy_action_key.empty()) {
    const auto action = o.opt_str(legacy_action_key);
    if (action && *action != "buy" && *action != "sell") {
      o.fail(legacy_action_key, fmt::format("unknown action \"{}\"", *action));
    }
    sell = action && *action == "sell";
  }
  const bool yes = (*side == "yes") != sell;
  return yes ? std::pair{OutcomeSide::yes, BookSide::bid}
             : std::pair{OutcomeSide::no, BookSide::ask};
}

std::string cursor_of(const Obj& o) { return o.str_or_empty("cursor"); }

}  // namespace detail
}  // namespace antevorta::kalshi
