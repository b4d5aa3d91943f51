// The rule of the 15-minute crypto markets (API-NOTES §10.1) and the simulator's "true"
// probability of YES for them.
//
// A window closing at `close` settles on the simple average of the index's one-second values
// in (close − 60 s, close] (the second at close − 60 s excluded, the one at close included);
// its target is the same average at its open, i.e. the previous window's settlement value,
// rounded to the series' strike decimals. YES iff settlement value >= target (a tie is YES).
//
// The digital value approximates P(final-minute average >= target) under a driftless
// geometric Brownian motion with the index's current volatility: the remaining samples'
// mean is treated as lognormal around the spot with log-variance
// sigma² · (g + (m − 1)(2m − 1) / (6m)) seconds, where m samples remain and the first of
// them is g seconds away (the exact variance of the mean of a Brownian motion sampled at
// g, g + 1, …, g + m − 1). Samples already taken in the final minute shift the threshold
// the remaining ones must reach.
//
// Errors: none (pure functions). Threading: any.
#pragma once

#include <cstdint>
#include <optional>

#include "antevorta/sim/index_path.hpp"

namespace antevorta::sim {

constexpr std::int64_t kSettlementSeconds = 60;

// The average that settles a window closing at `close_s` (unix seconds): seconds
// close_s − 59 … close_s. Also the target of the window opening at `close_s`.
IndexAverage settlement_average(const IndexPath& index, std::int64_t close_s);

// The close of the window (length `window_s`, closing at multiples of it since the epoch)
// whose final minute (close − 60, close] contains second `unix_s`; empty outside any final
// minute. With windows of 60 s every second is in one.
std::optional<std::int64_t> final_minute_close(std::int64_t unix_s, std::int64_t window_s);

struct DigitalInputs {
  double spot = 0.0;                   // the index now
  double target = 0.0;                 // floor_strike
  double annual_vol = 0.5;             // the index's current annualised volatility
  double seconds_to_close = 0.0;       // close − now
  double accumulated_sum = 0.0;        // of the final-minute samples already taken
  std::int64_t accumulated_count = 0;  // 0..60
};

// P(settlement average >= target), in [0, 1].
double digital_probability(const DigitalInputs& in);

}  // namespace antevorta::sim
