// The latches and the equity baselines of RiskManager.
#include <chrono>
#include <utility>

#include <fmt/format.h>

#include "antevorta/risk/manager.hpp"

namespace antevorta::risk {

void RiskManager::observe_equity(Money equity, Timestamp now) {
  bool changed = false;
  const auto day = std::chrono::floor<std::chrono::days>(now);
  // A new UTC day (never an earlier one: a clock that steps back keeps today's baseline).
  if (!state_.day || day > *state_.day) {
    state_.day = day;
    state_.day_start_equity = equity;
    changed = true;
  }
  if (!state_.equity_peak || equity > *state_.equity_peak) {
    state_.equity_peak = equity;
    changed = true;
  }
  if (changed) state_changed(now);

  if (const auto& limit = config_.daily_loss_limit) {
    const Money loss = *state_.day_start_equity - equity;
    if (loss >= *limit) {
      engage_kill_switch(LatchReason::daily_loss_limit,
                         fmt::format("lost {} since 00:00 UTC (equity {} -> {}), limit {}", loss,
                                     *state_.day_start_equity, equity, *limit),
                         now);
    }
  }
  if (const auto& limit = config_.max_drawdown) {
    const Money drawdown = *state_.equity_peak - equity;
    if (drawdown >= *limit) {
      trip_circuit_breaker(LatchReason::drawdown,
                           fmt::format("equity {} is {} below its peak {}, limit {}", equity,
                                       drawdown, *state_.equity_peak, *limit),
                           now);
    }
  }
}

bool RiskManager::engage_kill_switch(LatchReason reason, std::string detail, Timestamp now) {
  if (state_.kill_switch.engaged) return false;
  return set_kill_switch(LatchState{true, reason, std::move(detail), now}, now);
}

bool RiskManager::release_kill_switch(std::string detail, Timestamp now) {
  if (!state_.kill_switch.engaged) return false;
  return set_kill_switch(LatchState{false, LatchReason::manual, std::move(detail), now}, now);
}

bool RiskManager::trip_circuit_breaker(LatchReason reason, std::string detail, Timestamp now) {
  if (state_.circuit_breaker.engaged) return false;
  return set_breaker(LatchState{true, reason, std::move(detail), now}, now);
}

bool RiskManager::reset_circuit_breaker(std::string detail, Timestamp now) {
  if (!state_.circuit_breaker.engaged) return false;
  state_.equity_peak.reset();
  return set_breaker(LatchState{false, LatchReason::manual, std::move(detail), now}, now);
}

bool RiskManager::set_kill_switch(LatchState latch, Timestamp now) {
  state_.kill_switch = std::move(latch);
  state_changed(now);  // persisted before anyone hears of it
  if (hooks_.kill_switch_changed) hooks_.kill_switch_changed({state_.kill_switch, now});
  return true;
}

bool RiskManager::set_breaker(LatchState latch, Timestamp now) {
  state_.circuit_breaker = std::move(latch);
  state_changed(now);
  if (hooks_.circuit_breaker_changed) hooks_.circuit_breaker_changed({state_.circuit_breaker, now});
  return true;
}

void RiskManager::state_changed(Timestamp now) {
  if (hooks_.state_changed) hooks_.state_changed({state_, now});
}

}  // namespace antevorta::risk
