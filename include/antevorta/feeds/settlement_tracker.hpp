// SettlementTracker: the pure core of the settlement engine for the 15-minute crypto
// markets (API-NOTES §10.1): YES iff the simple average of the index's 60 one-second values
// in the window (close − 60 s, close] is >= the target (`floor_strike`); a tie is YES.
// No bus, no clock: every call carries `now` (SettlementEngine is the adapter).
//
// Following: a MarketChanged whose Market has a close_time and belongs to a configured
// series (the event ticker's first segment, else the market ticker's) is followed; its target
// is floor_strike, which may arrive in a later update (until then no progress is published
// for it). Updates replace close_time and target.
//
// Sampling, per asset: the value of second s is the last ok index value published at or
// before s ("as of", carried between updates). A second is sampled once time has moved past
// it (the first call with now > s), so that an update at exactly s counts for s whatever
// the order of same-time events. Seconds in which the index was unavailable are not sampled
// (the window then has fewer than 60 samples). Once a market's close second is sampled, its
// own samples are frozen in the market; the asset keeps only the last two minutes.
//
// Kalshi's accumulator: a ReferenceTick with final_minute for a close (window_end) is kept
// per asset and close. For a market the more complete of the two views wins: Kalshi's exact
// value when its count >= our sample count (Kalshi's on a tie), else our own samples.
//
// Result: determined/settled with result yes/no → a SettlementChecked, once per market
// (a second result event is ignored). computed_yes from our samples is the exact comparison
// Σ >= target × n (the average reported is rounded half-even to 1e-8); from Kalshi's value it
// is value >= target. A window with 1..59 samples is still compared and counted as
// incomplete; with no samples at all the check is published with computed_average empty and
// agree = false, and counted as unobserved (not in checked/agreed). Results `scalar` and
// unknown are not compared (a void or fair-price settlement has no yes/no to agree with):
// counted in ignored_results. A result for a market without a target: missing_target.
// Markets without a result 6 hours after close are dropped (results_missing).
//
// Errors: none (bad input is skipped and counted). Threading: one thread.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/decimal.hpp"
#include "antevorta/feeds/events.hpp"
#include "antevorta/feeds/index_config.hpp"
#include "antevorta/feeds/index_math.hpp"
#include "antevorta/kalshi/market_scanner.hpp"

namespace antevorta::feeds {

struct SettlementStats {
  std::uint64_t followed = 0;         // markets followed now
  std::uint64_t checked = 0;          // results compared with at least one sample
  std::uint64_t agreed = 0;           // … where our outcome matched Kalshi's
  std::uint64_t incomplete = 0;       // … with fewer than 60 samples
  std::uint64_t from_reference = 0;   // … decided on Kalshi's final-minute accumulator
  std::uint64_t unobserved = 0;       // results with no sample at all (not in checked)
  std::uint64_t ignored_results = 0;  // scalar / unknown results
  std::uint64_t missing_target = 0;   // results for markets without a floor_strike
  std::uint64_t results_missing = 0;  // markets dropped 6 h after close without a result
  double agreement_rate() const noexcept {
    return checked == 0 ? 0.0 : static_cast<double>(agreed) / static_cast<double>(checked);
  }
};

// A published check with what SettlementChecked does not carry.
struct SettlementRecord {
  SettlementChecked check;
  Decimal target;
  Timestamp close_time{};
  bool from_reference = false;  // decided on Kalshi's accumulator, not our samples
};

class SettlementTracker {
 public:
  static constexpr int kWindowSamples = 60;
  static constexpr std::size_t kRecentRecords = 100;

  explicit SettlementTracker(IndexConfig config);

  // What a MarketChanged did.
  struct MarketEffect {
    bool followed = false;  // the market is followed after this event
    std::optional<SettlementRecord> checked;
    std::optional<kalshi::MarketResult> ignored_result;  // scalar / unknown
    bool missing_target = false;
  };
  MarketEffect on_market(const kalshi::MarketChanged& event, Timestamp now);
  void on_index(const IndexUpdated& update, Timestamp now);
  // `asset` resolved by the caller (IndexConfig::asset_for_tick).
  void on_reference(const std::string& asset, const ReferenceTick& tick);
  // Samples the seconds before now and drops markets past their result deadline (returned).
  std::vector<MarketTicker> on_second(Timestamp now);

  // Every followed market with a target that has no result yet and has not been closed for
  // more than a second (the last one carries the complete window).
  std::vector<SettlementProgress> progress(Timestamp now) const;

  const SettlementStats& stats() const noexcept { return stats_; }
  // The last kRecentRecords checks, oldest first.
  const std::deque<SettlementRecord>& recent() const noexcept { return recent_; }

 private:
  struct AssetState {
    std::optional<Decimal> current;     // the index now; nullopt while unavailable
    std::optional<Decimal> last_value;  // the last ok value ever (for progress display)
    std::optional<Timestamp> sampled_through;
    std::map<Timestamp, Decimal> samples;                          // whole second → value
    std::map<Timestamp, ReferenceTick::FinalMinute> accumulators;  // by close
  };
  struct Market {
    MarketTicker ticker;
    std::string asset;
    std::optional<Decimal> target;
    Timestamp close{};
    bool done = false;  // result handled; kept until the deadline so a second result is ignored
    std::optional<SampleSum> frozen;  // our samples, fixed once the close second is sampled
  };
  struct View {
    std::optional<Decimal> average;
    int samples = 0;
    bool yes = false;  // meaningful when samples > 0
    bool from_reference = false;
  };

  void sample_until(const std::string& name, AssetState& asset, Timestamp now);
  View view(const Market& market, const AssetState& asset) const;
  MarketEffect settle(Market& market, kalshi::MarketResult result, Timestamp now);

  IndexConfig config_;
  std::map<std::string, AssetState, std::less<>> assets_;
  std::map<MarketTicker, Market> markets_;
  SettlementStats stats_;
  std::deque<SettlementRecord> recent_;
};

}  // namespace antevorta::feeds
