// SettlementEngine: the bus adapter of SettlementTracker (settlement_tracker.hpp has the
// rules). Follows the configured series' 15-minute markets, samples each asset's index once
// per whole second, and compares our outcome with Kalshi's when the result arrives.
//
// Consumes kalshi::MarketChanged, IndexUpdated and ReferenceTick (final-minute accumulator;
// asset by name, or by index id through the configured `reference`). A timer on the Clock
// fires on every whole second: it samples, then publishes one SettlementProgress per
// followed open market with a target. Publishes SettlementChecked when a followed market's
// yes/no result arrives (determined or settled, whichever comes first).
//
// Logs: settlement_checked (ticker, computed average, samples, basis samples|reference,
// computed vs kalshi, agree) — a disagreement or an incomplete window at warn level;
// settlement_result_ignored (scalar/unknown), settlement_no_target,
// settlement_result_missing (dropped 6 h after close without a result).
//
// Threading: the io_context thread. Lifetime: bus and clock outlive the engine; stop() (or
// the destructor) unsubscribes and cancels the timer. Errors: none at runtime.
#pragma once

#include <deque>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/feeds/index_config.hpp"
#include "antevorta/feeds/settlement_tracker.hpp"

namespace antevorta::feeds {

class SettlementEngine {
 public:
  SettlementEngine(EventBus& bus, Clock& clock, Logger logger, IndexConfig config);
  ~SettlementEngine();
  SettlementEngine(const SettlementEngine&) = delete;
  SettlementEngine& operator=(const SettlementEngine&) = delete;

  void start();
  void stop();

  // Counters for metrics: checked, agreed, agreement_rate(), incomplete, …
  const SettlementStats& stats() const noexcept { return tracker_.stats(); }
  // The last checks (oldest first), with the target and whether Kalshi's value decided.
  const std::deque<SettlementRecord>& recent_checks() const noexcept { return tracker_.recent(); }
  // The current view of every followed open market (what the timer publishes).
  std::vector<SettlementProgress> progress() const { return tracker_.progress(clock_.now()); }

 private:
  void on_market(const kalshi::MarketChanged& e);
  void tick();
  void schedule_tick();

  EventBus& bus_;
  Clock& clock_;
  Logger logger_;
  IndexConfig config_;
  SettlementTracker tracker_;
  std::vector<Subscription> subscriptions_;
  TimerHandle timer_;
  bool running_ = false;
};

}  // namespace antevorta::feeds
