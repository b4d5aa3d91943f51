// Exact arithmetic on Decimal index prices for the aggregator and the settlement engine:
// medians, averages and basis-point spreads, with int128 intermediates, never double.
//
// Rounding: a quotient that does not fit the 8 decimals of Decimal is rounded half-even
// (to the nearest 1e-8, ties to the even last digit). Comparisons that decide something
// (divergence, settlement ≥ target) are done on the exact values, not on rounded ones.
//
// Errors: an empty input or a non-positive divisor is a broken invariant (assert); results
// beyond Decimal's range throw ArithmeticOverflow (they cannot come from real prices).
// Threading: pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "antevorta/core/decimal.hpp"
#include "antevorta/core/fixed.hpp"

namespace antevorta::feeds {

// a / b in Decimal units (a scaled by 1e8), rounded half-even; b > 0.
Decimal divide_half_even(detail::int128 scaled_sum, std::int64_t divisor);

// The median of `values` (sorted in place): the middle value, or for an even count the mean
// of the middle two, rounded half-even. `values` must not be empty.
Decimal median_in_place(std::vector<Decimal>& values);

// ceil((high − low) × 10000 / base) in basis points; base > 0, high >= low. The ceiling makes
// "spread > limit" on the reported integer agree with the exact comparison for an integer limit.
std::int64_t spread_bps_ceil(Decimal low, Decimal high, Decimal base);

// Exactly: (high − low) × 10000 > limit_bps × base.
bool spread_exceeds(Decimal low, Decimal high, Decimal base, std::int64_t limit_bps);

// Running sum of one-second samples: the exact average and its comparison with a target.
struct SampleSum {
  detail::int128 scaled = 0;  // Σ value.scaled()
  int count = 0;

  void add(Decimal v) {
    scaled += v.scaled();
    ++count;
  }
  // The average rounded half-even; count > 0.
  Decimal average() const { return divide_half_even(scaled, count); }
  // Exactly: Σ / count >= target, i.e. Σ >= target × count; count > 0.
  bool at_least(Decimal target) const;
};

}  // namespace antevorta::feeds
