// The risk manager's bus events: one typed event per fact (DESIGN §1).
//
//   RiskApproved          — an intent passed every rule; execution takes it from here.
//   RiskDenied            — an intent was denied: the reason, the rule and its numbers.
//   KillSwitchChanged     — the kill switch was engaged or released (the new state).
//   CircuitBreakerChanged — the circuit breaker was tripped or reset (the new state).
//   RiskStateChanged      — the persistent state changed; the store keeps the latest.
//
// Errors: none (plain data). Threading: values.
#pragma once

#include "antevorta/core/clock.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/risk/decision.hpp"
#include "antevorta/risk/state.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::risk {

struct RiskApproved {
  strategy::OrderIntent intent;
  IntentPurpose purpose = IntentPurpose::entry;
  Timestamp at{};
};

struct RiskDenied {
  strategy::IntentId intent;
  strategy::StrategyId strategy;
  MarketTicker ticker;
  IntentPurpose purpose = IntentPurpose::entry;
  DenyReason reason = DenyReason::unknown_input;
  std::string rule;
  std::string limit;
  std::string actual;
  std::string missing;
  std::string detail;
  Timestamp at{};
};

struct KillSwitchChanged {
  LatchState latch;  // after the change
  Timestamp at{};
};

struct CircuitBreakerChanged {
  LatchState latch;  // after the change
  Timestamp at{};
};

struct RiskStateChanged {
  RiskState state;
  Timestamp at{};
};

}  // namespace antevorta::risk
