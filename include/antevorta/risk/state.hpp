// The risk manager's persistent state: the two latches and the loss baselines.
//
// Kill switch — stops every new order; only the operator's flatten passes. Engaged by the
//   operator, by the daily loss limit, or by another component (e.g. ledger drift).
//   Released only by an explicit release (the operator).
// Circuit breaker — the same effect; tripped by the drawdown limit (or another component);
//   reset only by an explicit reset (the operator). Never by time.
// Both are latched and persisted: a manager constructed from the stored state is still
// engaged ("a restart does not clear them").
//
// Daily loss baseline — the equity first observed in the current UTC day. The first
//   observation of a later UTC day moves the baseline to that equity: the daily loss measure
//   restarts at 00:00 UTC, while an engaged kill switch stays engaged.
// Equity peak — the highest equity observed. Resetting the breaker clears it, so the next
//   observation starts a new peak (otherwise the old peak would trip the breaker again).
//
// JSON (one row in the store), version 1:
//   {"version":1,"kill_switch":{"engaged":true,"reason":"daily_loss_limit","detail":"…",
//    "since_ns":1767225600000000000},"circuit_breaker":{…},"day":"2026-01-01",
//    "day_start_equity":"1000.0000","equity_peak":"1040.0000"}
// Absent baselines are null. from_json is strict: a missing or malformed field is an error,
// and the caller must then start from RiskState::fail_closed() (kill switch engaged), never
// from a clean state.
//
// Errors: from_json returns Expected<RiskState, std::string>. Threading: values.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/expected.hpp"
#include "antevorta/core/fixed.hpp"

namespace antevorta::risk {

enum class LatchReason : std::uint8_t {
  manual,            // the operator (API or CLI)
  daily_loss_limit,  // risk.daily_loss_limit reached (kill switch)
  drawdown,          // risk.max_drawdown reached (circuit breaker)
  ledger_drift,      // the ledger disagrees with the exchange (execution)
  state_unreadable,  // the stored risk state could not be read at start
  other,             // another component; see the detail
};
std::string_view to_string(LatchReason reason) noexcept;
std::optional<LatchReason> parse_latch_reason(std::string_view text) noexcept;

struct LatchState {
  bool engaged = false;
  LatchReason reason = LatchReason::manual;  // why it was last engaged or released
  std::string detail;                        // the numbers, for people
  Timestamp since{};                         // when it was last engaged or released
  friend bool operator==(const LatchState&, const LatchState&) = default;
};

struct RiskState {
  LatchState kill_switch;
  LatchState circuit_breaker;
  std::optional<std::chrono::sys_days> day;  // the UTC day day_start_equity belongs to
  std::optional<Money> day_start_equity;
  std::optional<Money> equity_peak;

  friend bool operator==(const RiskState&, const RiskState&) = default;

  // A state with the kill switch engaged (reason state_unreadable): the start state when
  // the stored one cannot be read.
  static RiskState fail_closed(std::string detail, Timestamp now);

  nlohmann::json to_json() const;
  static Expected<RiskState, std::string> from_json(const nlohmann::json& json);
};

}  // namespace antevorta::risk
