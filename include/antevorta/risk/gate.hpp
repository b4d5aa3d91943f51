// RiskGate: the risk manager on the event bus. submit() evaluates an intent at the clock's
// time and publishes the outcome: RiskApproved (execution takes the intent from there) or
// RiskDenied (the store records it, metrics count it by reason). bus_hooks() makes a
// RiskManager publish KillSwitchChanged, CircuitBreakerChanged and RiskStateChanged.
//
// The gate owns nothing: the bus, clock, manager and view must outlive it.
// Errors: denials are events and return values. Threading: the io_context thread; publish
// follows the bus's run-to-completion rules (from inside a handler the events are queued).
#pragma once

#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/risk/decision.hpp"
#include "antevorta/risk/manager.hpp"
#include "antevorta/risk/view.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::risk {

// Hooks that publish every latch and state change on `bus` (which must outlive the manager).
RiskHooks bus_hooks(EventBus& bus);

class RiskGate {
 public:
  RiskGate(EventBus& bus, const Clock& clock, RiskManager& manager, const RiskView& view)
      : bus_(bus), clock_(clock), manager_(manager), view_(view) {}

  RiskDecision submit(const strategy::OrderIntent& intent,
                      IntentPurpose purpose = IntentPurpose::entry);

 private:
  EventBus& bus_;
  const Clock& clock_;
  RiskManager& manager_;
  const RiskView& view_;
};

}  // namespace antevorta::risk
