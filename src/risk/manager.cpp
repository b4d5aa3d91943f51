#include "antevorta/risk/manager.hpp"

#include <utility>

#include "risk/flow.hpp"
#include "risk/rules.hpp"

namespace antevorta::risk {

RiskManager::RiskManager(config::RiskConfig config, RiskState state, RiskHooks hooks)
    : config_(std::move(config)),
      state_(std::move(state)),
      hooks_(std::move(hooks)),
      flow_(std::make_unique<detail::FlowControl>(config_)) {}

RiskManager::~RiskManager() = default;

RiskDecision RiskManager::evaluate(const strategy::OrderIntent& intent, const RiskView& view,
                                   Timestamp now, IntentPurpose purpose) {
  RiskDecision decision;
  try {
    decision = decide(intent, view, now, purpose);
  } catch (const ArithmeticOverflow& e) {
    // Absurd sizes (a count or price whose product overflows) cannot be checked: deny.
    decision = RiskDecision::deny(DenyReason::invalid_intent, "intent", {}, {},
                                  std::string("arithmetic overflow: ") + e.what());
  }
  if (decision.approved) {
    ++approvals_;
    flow_->record(intent, now);
  } else {
    ++denials_[static_cast<std::size_t>(decision.reason)];
  }
  return decision;
}

RiskDecision RiskManager::decide(const strategy::OrderIntent& intent, const RiskView& view,
                                 Timestamp now, IntentPurpose purpose) {
  using namespace detail;
  Context ctx(config_, intent, view, now, purpose);
  const bool flatten = purpose == IntentPurpose::flatten;

  // 0. Equity first, so a loss that crossed a limit engages its latch before this intent.
  const bool loss_rules = config_.daily_loss_limit || config_.max_drawdown;
  const Money* equity = loss_rules ? ctx.equity() : nullptr;
  if (equity != nullptr) observe_equity(*equity, now);

  // 1. Latches.
  if (!flatten) {
    if (state_.kill_switch.engaged) {
      return RiskDecision::deny(DenyReason::kill_switch_engaged, "kill_switch", {},
                                std::string(to_string(state_.kill_switch.reason)),
                                "kill switch engaged: " + state_.kill_switch.detail);
    }
    if (state_.circuit_breaker.engaged) {
      return RiskDecision::deny(DenyReason::circuit_breaker_tripped, "circuit_breaker", {},
                                std::string(to_string(state_.circuit_breaker.reason)),
                                "circuit breaker tripped: " + state_.circuit_breaker.detail);
    }
    if (loss_rules && equity == nullptr) {
      return unknown(config_.daily_loss_limit ? "daily_loss_limit" : "max_drawdown", "equity",
                     "account");
    }
  }

  // 2. The intent.
  if (auto v = check_intent(intent)) return *v;
  if (auto v = check_position_known(ctx)) return *v;
  if (auto v = check_purpose(ctx)) return *v;

  // 3. Exchange and market.
  if (auto v = check_exchange(ctx)) return *v;
  if (flatten) return RiskDecision::approve();

  // 4-8. Data quality, timing, size, position, exposure.
  for (auto rule : {check_staleness, check_close_window, check_order_size, check_position_limit,
                    check_exposure}) {
    if (auto v = rule(ctx)) return *v;
  }
  // 9-10. Rates and duplicates.
  if (auto v = flow_->check(intent, now)) return *v;
  // 11-12. Price.
  if (auto v = check_edge(ctx)) return *v;
  if (auto v = check_band(ctx)) return *v;
  return RiskDecision::approve();
}

}  // namespace antevorta::risk
