// IndexAggregator: the aggregated price index of one asset, from the exchange feeds'
// PriceTicks and Kalshi's CF Benchmarks ReferenceTicks. Pure: no bus, no clock; the caller
// passes the time (IndexService is the bus adapter).
//
// Rules (IndexConfig):
// - Per exchange source (PriceTick::source) the latest price is kept: a quote's mid or a
//   trade, whichever came last. A source is fresh while now − received_at <= stale_after
//   (exactly stale_after old is still fresh).
// - The exchange median: the median of the fresh sources' prices; for an even count the mean
//   of the middle two, rounded half-even to 1e-8 (index_math.hpp).
// - spread_bps = ceil((max − min) / median × 10000) over the fresh sources. Divergent when
//   the exact spread exceeds max_divergence_bps (needs two fresh sources).
// - The reference (latest ReferenceTick) is fresh while now − received_at <=
//   reference_stale_after.
// - Status, in this order:
//     use_reference and a fresh reference → ok, basis reference, value = the reference.
//       The exchange median stays the cross-check: IndexUpdated carries both, the gap
//       between them is in snapshot().reference_gap_bps, and exchange divergence is still
//       alarmed and logged, but it does not make the index unavailable: Kalshi settles on
//       the reference, and CF Benchmarks already filters outlier exchanges.
//     fewer than min_sources fresh → unavailable, too_few_sources.
//     divergent → unavailable, divergent.
//     otherwise → ok, basis median, value = the median.
//   When unavailable, value is zero (the median and reference fields still say what is known).
// - evaluate(now) returns an IndexUpdated when anything but `at` differs from the last one it
//   returned (value, status, reason, basis, median, reference, fresh count, spread), and the
//   first time it is called. A source going stale therefore produces an update at the first
//   evaluate() after it went stale, so "unavailable" is always published.
//
// Episodes: an unavailable episode starts when the status goes from ok to unavailable (the
// initial unavailable state before any price is not one); a divergence episode starts when
// the exchange sources become divergent and ends when they no longer are; a reference-gap
// episode likewise when |reference − median| / median exceeds max_divergence_bps. Each start
// is counted in the stats and reported once through the returned Transition flags, so the
// adapter logs it once per episode.
//
// Errors: a tick with a non-positive price is ignored and counted (rejected_ticks); ticks
// of another asset are a broken invariant of the caller (assert). Threading: one thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/decimal.hpp"
#include "antevorta/feeds/events.hpp"
#include "antevorta/feeds/index_config.hpp"

namespace antevorta::feeds {

struct IndexParams {
  int min_sources = 2;
  std::int64_t max_divergence_bps = 50;
  Duration stale_after = std::chrono::seconds(5);
  bool use_reference = true;
  Duration reference_stale_after = std::chrono::seconds(5);

  static IndexParams from(const IndexConfig& config);
};

// Counters and the current state of one asset's index, for metrics and the operator API.
struct IndexStats {
  std::string asset;
  IndexUpdated current;                           // the last update produced
  std::optional<std::int64_t> reference_gap_bps;  // ceil(|reference − median| / median), bps
  bool divergent = false;                         // exchange sources divergent now
  std::uint64_t updates = 0;                      // IndexUpdated events produced
  std::uint64_t unavailable_episodes = 0;         // ok → unavailable transitions
  std::uint64_t divergence_alarms = 0;            // divergence episodes started
  std::uint64_t reference_gap_alarms = 0;         // reference-gap episodes started
  std::uint64_t price_ticks = 0;                  // accepted PriceTicks
  std::uint64_t reference_ticks = 0;              // accepted ReferenceTicks
  std::uint64_t rejected_ticks = 0;               // non-positive prices
  // While the index is ok: the receive time of the newest input behind its value (the
  // reference, or the newest fresh exchange source). Kept when it becomes unavailable, so
  // its age keeps growing (the risk manager's max_feed_age_seconds); nullopt until the
  // index was first ok.
  std::optional<Timestamp> observed_at;
};

class IndexAggregator {
 public:
  IndexAggregator(std::string asset, IndexParams params);

  const std::string& asset() const noexcept { return asset_; }

  void on_price(const PriceTick& tick);
  void on_reference(const ReferenceTick& tick);

  // What changed with the last evaluate(), for logging once per episode.
  struct Transition {
    bool became_unavailable = false;
    bool became_available = false;
    bool divergence_started = false;
    bool divergence_ended = false;
    bool reference_gap_started = false;
    bool reference_gap_ended = false;
  };

  // Re-evaluates at `now`; the update to publish when something changed (see the top).
  std::optional<IndexUpdated> evaluate(Timestamp now);
  const Transition& last_transition() const noexcept { return transition_; }

  const IndexStats& stats() const noexcept { return stats_; }

 private:
  struct SourcePrice {
    Decimal price;
    Timestamp received_at{};
  };

  IndexUpdated compute(Timestamp now);

  std::string asset_;
  IndexParams params_;
  std::map<std::string, SourcePrice, std::less<>> sources_;
  std::optional<ReferenceTick> reference_;
  std::vector<Decimal> scratch_;  // reused for the median
  bool evaluated_ = false;
  bool reference_gap_ = false;
  Transition transition_;
  IndexStats stats_;
};

}  // namespace antevorta::feeds
