// RiskManager: every order intent passes it; a check that cannot be computed denies.
//
// Pure decision logic: no I/O, no bus, no clock of its own (time is a parameter). The world
// comes in through a RiskView; limits from config::RiskConfig (every limit optional, absent
// = off); the persistent state (latches, loss baselines) from a RiskState, and every change
// of it goes out through RiskHooks (the store persists it; see gate.hpp for the bus).
//
// evaluate() checks, in this order, and stops at the first denial:
//   0. equity    — when daily_loss_limit or max_drawdown is set: observe view.equity()
//                  (may engage the kill switch or trip the breaker); unknown equity denies
//                  after step 1.
//   1. latches   — kill switch, then circuit breaker. Both block everything except
//                  IntentPurpose::flatten.
//   2. intent    — ids, count > 0, 0 < limit < 1, evidence in range; the position must be
//                  known. purpose reduce / flatten, or reduce_only, must reduce the position
//                  without crossing zero (else invalid_intent).
//   3. exchange  — require_exchange_active: exchange trading on the market's shard, market
//                  status active.                                  (flatten stops here)
//   4. staleness — book known, not out of sync, confirmed within max_book_age_seconds (the
//                  book is required when max_book_age_seconds or price_band is set); every
//                  feed of the strategy updated within max_feed_age_seconds.
//   5. close     — entries: close_time − now >= no_entry_before_close_seconds.
//   6. size      — max_order_count; max_order_cost (opening cost + taker fee).
//   7. position  — entries: |position + resting orders on the intent's side + intent| <=
//                  max_position_per_market.
//   8. exposure  — max_open_orders (open orders + 1); entries: max_concurrent_positions
//                  (markets with a position or a resting order, + this one if new), event,
//                  series, category and portfolio exposure (exposure.hpp), and portfolio
//                  exposure <= max_portfolio_exposure_share × equity (rounded down).
//   9. rates     — orders approved in the last 60 s (a rolling window (now − 60 s, now]),
//                  globally and for the intent's strategy, + this one <= the limit.
//  10. duplicate — the same strategy, market, leg and action approved less than
//                  duplicate_intent_cooldown_seconds ago.
//  11. edge      — entries, except the operator's manual intents: expected value per
//                  contract after the taker fee >= min_edge_after_fees. Computed here from
//                  evidence.probability (P(leg) − price − fee/contract, in exact micro-dollars);
//                  evidence.edge_after_fees is used only when no probability is given.
//  12. band      — the limit (YES terms) reaches at most price_band past the best opposite
//                  quote: a buy at most band above the best ask, a sell at most band below
//                  the best bid. No opposite quote: unknown_input.
// "Entries" are intents that open or extend a position; an intent that only reduces
// (IntentSplit::reduces_only) skips the close window, position, exposure and edge rules.
// Boundaries: a value exactly at its limit passes (count == max, age == max, remaining ==
// window, edge == min, through == band, cooldown elapsed == cooldown); the loss latches
// engage when the loss reaches the limit (loss >= limit).
//
// Recording: an approved intent is recorded for the rate limits and the duplicate cooldown
// by evaluate() itself (denied ones are not). Approval means "will be sent": recording at
// approval keeps two intents evaluated back to back from both passing a limit of one, and a
// send that then fails only makes the limits stricter (fail closed).
//
// Errors: denials are values (RiskDecision). An ArithmeticOverflow from the fixed-point
// types (an absurd count or exposure) denies the intent as invalid_intent: it cannot be
// checked, so it does not pass. Threading: one thread (the io_context's); hooks are
// called synchronously, from inside evaluate() too.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/risk/decision.hpp"
#include "antevorta/risk/events.hpp"
#include "antevorta/risk/state.hpp"
#include "antevorta/risk/view.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::risk {

namespace detail {
class FlowControl;
}

// Called on every change; any may be empty.
struct RiskHooks {
  std::function<void(const RiskStateChanged&)> state_changed;  // persist it
  std::function<void(const KillSwitchChanged&)> kill_switch_changed;
  std::function<void(const CircuitBreakerChanged&)> circuit_breaker_changed;
};

class RiskManager {
 public:
  explicit RiskManager(config::RiskConfig config, RiskState state = {}, RiskHooks hooks = {});
  ~RiskManager();
  RiskManager(const RiskManager&) = delete;
  RiskManager& operator=(const RiskManager&) = delete;

  RiskDecision evaluate(const strategy::OrderIntent& intent, const RiskView& view, Timestamp now,
                        IntentPurpose purpose = IntentPurpose::entry);

  // An equity observation (cash + positions at liquidation value): moves the day baseline
  // on a new UTC day, raises the peak, and engages the kill switch (start-of-day equity −
  // equity >= daily_loss_limit) or trips the breaker (peak − equity >= max_drawdown).
  // evaluate() observes the view's equity itself; execution also calls this whenever the
  // balance or the marks change, so the latches engage without waiting for an intent.
  void observe_equity(Money equity, Timestamp now);

  // Each returns false when nothing changed (already engaged keeps its first reason).
  bool engage_kill_switch(LatchReason reason, std::string detail, Timestamp now);
  bool release_kill_switch(std::string detail, Timestamp now);
  bool trip_circuit_breaker(LatchReason reason, std::string detail, Timestamp now);
  // Also clears the equity peak; the next observation starts a new one.
  bool reset_circuit_breaker(std::string detail, Timestamp now);

  const RiskState& state() const noexcept { return state_; }
  const config::RiskConfig& config() const noexcept { return config_; }
  // Denials by reason, indexed by DenyReason; for metrics.
  const DenialCounts& denial_counts() const noexcept { return denials_; }
  std::uint64_t denial_count(DenyReason reason) const noexcept {
    return denials_[static_cast<std::size_t>(reason)];
  }
  std::uint64_t approval_count() const noexcept { return approvals_; }

 private:
  RiskDecision decide(const strategy::OrderIntent& intent, const RiskView& view, Timestamp now,
                      IntentPurpose purpose);
  void state_changed(Timestamp now);
  bool set_kill_switch(LatchState latch, Timestamp now);
  bool set_breaker(LatchState latch, Timestamp now);

  config::RiskConfig config_;
  RiskState state_;
  RiskHooks hooks_;
  std::unique_ptr<detail::FlowControl> flow_;
  DenialCounts denials_{};
  std::uint64_t approvals_ = 0;
};

}  // namespace antevorta::risk
