// IndexService: the bus adapter of the aggregated index — one IndexAggregator per configured
// asset (index_aggregator.hpp has the rules).
//
// Consumes PriceTick (by PriceTick::asset) and ReferenceTick (by ReferenceTick::asset, or by
// index_id through the configured `reference` when asset is empty); ticks of assets that are
// not configured are counted in ignored_ticks() and dropped. Every tick re-evaluates its asset
// at clock.now(); a timer re-evaluates every asset once per second (on whole seconds), so a
// source that goes quiet turns the index stale/unavailable without any new tick. Publishes
// IndexUpdated whenever an asset's state changes, and each asset's initial state (normally
// unavailable, too_few_sources) at start().
//
// Logs (logger of the component, once per episode): index_unavailable (reason, fresh
// sources, median, spread), index_available, index_divergent / index_divergence_cleared,
// index_reference_gap / index_reference_gap_cleared (reference vs exchange median).
//
// Threading: the io_context thread (the bus and clock's). Lifetime: bus and clock outlive
// the service; stop() (or the destructor) unsubscribes and cancels the timer. Errors: none
// at runtime (bad ticks are counted, see IndexAggregator).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/feeds/index_aggregator.hpp"
#include "antevorta/feeds/index_config.hpp"

namespace antevorta::feeds {

class IndexService {
 public:
  IndexService(EventBus& bus, Clock& clock, Logger logger, IndexConfig config);
  ~IndexService();
  IndexService(const IndexService&) = delete;
  IndexService& operator=(const IndexService&) = delete;

  void start();
  void stop();

  // Per asset, in configuration order.
  std::vector<IndexStats> stats() const;
  // nullptr when the asset is not configured.
  const IndexStats* stats(std::string_view asset) const noexcept;
  std::uint64_t ignored_ticks() const noexcept { return ignored_ticks_; }

 private:
  IndexAggregator* find(std::string_view asset) noexcept;
  void evaluate(IndexAggregator& aggregator);
  void evaluate_all();
  void schedule_tick();

  EventBus& bus_;
  Clock& clock_;
  Logger logger_;
  IndexConfig config_;
  std::vector<IndexAggregator> aggregators_;
  std::vector<Subscription> subscriptions_;
  TimerHandle timer_;
  bool running_ = false;
  std::uint64_t ignored_ticks_ = 0;
};

// The delay from `now` to the next whole second (a full second when now is one).
Duration until_next_second(Timestamp now) noexcept;

}  // namespace antevorta::feeds
