#include "antevorta/risk/gate.hpp"

#include "antevorta/risk/events.hpp"

namespace antevorta::risk {

RiskHooks bus_hooks(EventBus& bus) {
  RiskHooks hooks;
  hooks.state_changed = [&bus](const RiskStateChanged& e) { bus.publish(e); };
  hooks.kill_switch_changed = [&bus](const KillSwitchChanged& e) { bus.publish(e); };
  hooks.circuit_breaker_changed = [&bus](const CircuitBreakerChanged& e) { bus.publish(e); };
  return hooks;
}

RiskDecision RiskGate::submit(const strategy::OrderIntent& intent, IntentPurpose purpose) {
  const Timestamp now = clock_.now();
  RiskDecision decision = manager_.evaluate(intent, view_, now, purpose);
  if (decision.approved) {
    bus_.publish(RiskApproved{intent, purpose, now});
  } else {
    bus_.publish(RiskDenied{intent.id, intent.strategy, intent.ticker, purpose, decision.reason,
                            decision.rule, decision.limit, decision.actual, decision.missing,
                            decision.detail, now});
  }
  return decision;
}

}  // namespace antevorta::risk
