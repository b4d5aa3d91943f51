#include "antevorta/risk/state.hpp"

#include <array>
#include <cstdio>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace antevorta::risk {

namespace {

constexpr int kVersion = 1;

constexpr std::array<std::pair<LatchReason, std::string_view>, 6> kLatchReasons = {{
    {LatchReason::manual, "manual"},
    {LatchReason::daily_loss_limit, "daily_loss_limit"},
    {LatchReason::drawdown, "drawdown"},
    {LatchReason::ledger_drift, "ledger_drift"},
    {LatchReason::state_unreadable, "state_unreadable"},
    {LatchReason::other, "other"},
}};

using Json = nlohmann::json;
using Error = std::string;

std::string day_text(std::chrono::sys_days day) {
  const std::chrono::year_month_day ymd(day);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::optional<std::chrono::sys_days> parse_day(const std::string& text) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  char tail = 0;
  if (text.size() != 10 || std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3) {
    return std::nullopt;
  }
  const std::chrono::year_month_day ymd{std::chrono::year(y), std::chrono::month(m),
                                        std::chrono::day(d)};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days(ymd);
}

Json money_json(const std::optional<Money>& m) { return m ? Json(m->to_string()) : Json(nullptr); }

Json latch_json(const LatchState& l) {
  return Json{{"engaged", l.engaged},
              {"reason", to_string(l.reason)},
              {"detail", l.detail},
              {"since_ns", to_unix_ns(l.since)}};
}

const Json* field(const Json& object, const char* key, Error& error, const std::string& path) {
  const auto it = object.find(key);
  if (it == object.end()) {
    error = fmt::format("{}{}: missing", path, key);
    return nullptr;
  }
  return &*it;
}

bool read_latch(const Json& json, const char* key, LatchState& out, Error& error) {
  const Json* latch = field(json, key, error, "");
  if (latch == nullptr) return false;
  const std::string path = std::string(key) + ".";
  if (!latch->is_object()) {
    error = std::string(key) + ": expected an object";
    return false;
  }
  const Json* engaged = field(*latch, "engaged", error, path);
  const Json* reason = field(*latch, "reason", error, path);
  const Json* detail = field(*latch, "detail", error, path);
  const Json* since = field(*latch, "since_ns", error, path);
  if (engaged == nullptr || reason == nullptr || detail == nullptr || since == nullptr) {
    return false;
  }
  if (!engaged->is_boolean() || !reason->is_string() || !detail->is_string() ||
      !since->is_number_integer()) {
    error = path + "*: wrong type";
    return false;
  }
  const auto parsed = parse_latch_reason(reason->get<std::string>());
  if (!parsed) {
    error = fmt::format("{}reason: unknown reason \"{}\"", path, reason->get<std::string>());
    return false;
  }
  out = LatchState{engaged->get<bool>(), *parsed, detail->get<std::string>(),
                   from_unix_ns(since->get<std::int64_t>())};
  return true;
}

bool read_money(const Json& json, const char* key, std::optional<Money>& out, Error& error) {
  const Json* value = field(json, key, error, "");
  if (value == nullptr) return false;
  if (value->is_null()) {
    out.reset();
    return true;
  }
  const auto parsed =
      value->is_string() ? Money::parse(value->get<std::string>()) : Money::parse("not a string");
  if (!parsed) {
    error = fmt::format("{}: expected an amount in dollars as a string or null", key);
    return false;
  }
  out = *parsed;
  return true;
}

}  // namespace

std::string_view to_string(LatchReason reason) noexcept {
  for (const auto& [value, name] : kLatchReasons) {
    if (value == reason) return name;
  }
  return "other";
}

std::optional<LatchReason> parse_latch_reason(std::string_view text) noexcept {
  for (const auto& [value, name] : kLatchReasons) {
    if (name == text) return value;
  }
  return std::nullopt;
}

RiskState RiskState::fail_closed(std::string detail, Timestamp now) {
  RiskState state;
  state.kill_switch = LatchState{true, LatchReason::state_unreadable, std::move(detail), now};
  return state;
}

nlohmann::json RiskState::to_json() const {
  return Json{{"version", kVersion},
              {"kill_switch", latch_json(kill_switch)},
              {"circuit_breaker", latch_json(circuit_breaker)},
              {"day", day ? Json(day_text(*day)) : Json(nullptr)},
              {"day_start_equity", money_json(day_start_equity)},
              {"equity_peak", money_json(equity_peak)}};
}

Expected<RiskState, std::string> RiskState::from_json(const nlohmann::json& json) {
  if (!json.is_object()) return unexpected(std::string("risk state: expected an object"));
  Error error;
  const Json* version = field(json, "version", error, "");
  if (version == nullptr) return unexpected("risk state: " + error);
  if (!version->is_number_integer() || version->get<std::int64_t>() != kVersion) {
    return unexpected(fmt::format("risk state: unsupported version {}", version->dump()));
  }
  RiskState state;
  if (!read_latch(json, "kill_switch", state.kill_switch, error) ||
      !read_latch(json, "circuit_breaker", state.circuit_breaker, error) ||
      !read_money(json, "day_start_equity", state.day_start_equity, error) ||
      !read_money(json, "equity_peak", state.equity_peak, error)) {
    return unexpected("risk state: " + error);
  }
  const Json* day = field(json, "day", error, "");
  if (day == nullptr) return unexpected("risk state: " + error);
  if (!day->is_null()) {
    const auto parsed = day->is_string() ? parse_day(day->get<std::string>()) : std::nullopt;
    if (!parsed) return unexpected(std::string("risk state: day: expected YYYY-MM-DD or null"));
    state.day = *parsed;
  }
  if (state.day.has_value() != state.day_start_equity.has_value()) {
    return unexpected(std::string("risk state: day and day_start_equity must be set together"));
  }
  return state;
}

}  // namespace antevorta::risk
