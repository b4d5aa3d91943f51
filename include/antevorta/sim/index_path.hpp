// The simulated CF Benchmarks real-time index of one crypto asset (BRTI for BTC, SOLUSD_RTI
// for SOL): what the 15-minute markets settle on, what Kalshi's `cfbenchmarks_value` channel
// relays, and what the simulated exchange feeds quote around.
//
// Two sources of values:
// - a random walk: geometric Brownian motion stepped on a fixed grid (`step`, aligned to the
//   epoch and dividing one second) with volatility regimes (calm / normal / turbulent
//   annualised vols, switching to a neighbouring regime with a small per-step probability).
//   Seeded and deterministic: the same seed, start and clock give the same path.
// - a recorded path (`RecordedPoint`s of this asset) replayed relative to the start: the
//   recording's first instant is the start, the value at a time is the latest recorded
//   value at or before it (the first value before it, the last one after the recording).
//
// The CF RTI is a one-per-second index: the value at each whole second (the step at that
// instant) is kept in a history of `history` length; the 60-second averages the markets
// settle on are averages of those one-second values. Values are exact Decimals rounded to
// the asset's decimals (BTC 2, SOL 4); doubles live only inside the random walk.
//
// Errors: a step that does not divide one second, or time going backwards, is a broken
// invariant (assert); expected outcomes (a second not in the history) are empty optionals.
// Threading: one owner.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/decimal.hpp"
#include "antevorta/core/expected.hpp"

namespace antevorta::sim {

// Rounds half away from zero to `decimals` (0..8) fractional digits.
Decimal round_decimals(Decimal value, int decimals);
// Text with exactly `decimals` fractional digits ("68000.10", "140.1200", "97000.00000000"),
// rounded half away from zero.
std::string fixed_text(Decimal value, int decimals);

enum class VolRegime : std::uint8_t { calm, normal, turbulent };
std::string_view to_string(VolRegime regime) noexcept;

struct IndexSpec {
  std::string asset;       // "BTC"
  std::string index_id;    // "BRTI"
  Decimal start;           // the level at the start
  int decimals = 2;        // rounding of the one-second values
  double vol_scale = 1.0;  // multiplies the regime vols (SOL moves more than BTC)
};

struct IndexModelOptions {
  Duration step = std::chrono::milliseconds(250);  // must divide one second
  // Annualised volatility of each regime (calm, normal, turbulent), before vol_scale.
  std::array<double, 3> regime_vols{0.25, 0.50, 1.10};
  double switch_probability = 1e-4;  // per step: about once every 40 minutes at 250 ms
  VolRegime initial_regime = VolRegime::normal;
  Duration history = std::chrono::hours(2) + std::chrono::minutes(5);
};

struct RecordedPoint {
  std::int64_t unix_ms = 0;
  std::string asset;  // "BTC" (or the index id, "BRTI")
  Decimal value;
};

// An average of one-second values: `value` rounded to 8 decimals (half away from zero),
// `count` values, their exact `sum`. count 0: value and sum are zero.
struct IndexAverage {
  Decimal value;
  std::int64_t count = 0;
  Decimal sum;
};

struct SecondValue {
  std::int64_t unix_s = 0;
  Decimal value;
};

class IndexPath {
 public:
  // A random walk starting at spec.start at `start` (floored to the step grid).
  IndexPath(IndexSpec spec, IndexModelOptions options, std::uint64_t seed, Timestamp start);
  // A recorded path: `points` of this asset (any order), replayed from `start`. An empty
  // recording holds spec.start.
  IndexPath(IndexSpec spec, IndexModelOptions options, std::vector<RecordedPoint> points,
            Timestamp start);

  // Steps the path up to `now`; each whole second passed is recorded and, when `out` is
  // given, appended to it (in order).
  void advance_to(Timestamp now, std::vector<SecondValue>* out = nullptr);

  const IndexSpec& spec() const noexcept { return spec_; }
  Decimal value() const noexcept { return value_; }
  Timestamp time() const noexcept { return time_; }
  bool recorded() const noexcept { return !points_.empty(); }
  VolRegime regime() const noexcept { return regime_; }
  // Annualised volatility for models: the current regime's (random walk), or the realised
  // volatility of the last five minutes of one-second values (recorded; the normal regime's
  // until there are 30 returns).
  double annual_vol() const;

  std::optional<Decimal> second_value(std::int64_t unix_s) const;
  // The average of the one-second values of seconds first_s..last_s (both included) that
  // are in the history.
  IndexAverage average(std::int64_t first_s, std::int64_t last_s) const;
  const std::deque<SecondValue>& history() const noexcept { return history_; }

  // The path continues from `value` (a jump; tests and fault injection).
  void jump_to(Decimal value);

 private:
  void step_once();
  void record_second(std::vector<SecondValue>* out);
  Decimal recorded_value(Timestamp t) const;
  Decimal rounded(double x) const;

  IndexSpec spec_;
  IndexModelOptions options_;
  std::mt19937_64 rng_;
  std::vector<RecordedPoint> points_;  // sorted by time; empty = random walk
  Timestamp start_{};
  Timestamp time_{};
  double level_ = 0.0;  // the unrounded random-walk level
  Decimal value_;
  VolRegime regime_ = VolRegime::normal;
  std::deque<SecondValue> history_;
};

// The indices of every simulated asset.
class IndexSet {
 public:
  IndexSet() = default;
  IndexPath& add(IndexPath path);
  IndexPath* by_asset(std::string_view asset);
  const IndexPath* by_asset(std::string_view asset) const;
  IndexPath* by_id(std::string_view index_id);
  const IndexPath* by_id(std::string_view index_id) const;
  std::vector<IndexPath>& all() noexcept { return paths_; }
  const std::vector<IndexPath>& all() const noexcept { return paths_; }
  std::vector<std::string> ids() const;

 private:
  std::vector<IndexPath> paths_;
};

// Reads a recorded index path: CSV lines `unix_ms,asset,value` (a header line whose first
// field is not a number is skipped, blank lines and `#` comments too). The error names the
// file and line.
Expected<std::vector<RecordedPoint>, std::string> load_index_recording(const std::string& path);
Expected<std::vector<RecordedPoint>, std::string> parse_index_recording(std::string_view text);

}  // namespace antevorta::sim
