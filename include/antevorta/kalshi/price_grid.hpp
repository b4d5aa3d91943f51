// A market's price grid (API-NOTES §3): the set of prices at which orders may rest.
//
// Kalshi describes the grid as `price_ranges: [{start, end, step}]` (dollar strings) plus a
// label `price_level_structure`. The ranges are authoritative; the label is only a fallback
// for the known structures when a payload carries no ranges (new labels keep appearing).
//
// Levels. The grid is a sorted list of distinct prices, numbered 0 .. level_count() - 1,
// from $0 (level 0) to $1 (the last level). Both ends are levels so that every band
// boundary arithmetic stays uniform; only the interior (0 < p < 1) is tradable, see
// tradable(). A band boundary (e.g. 0.10 in tapered_deci_cent) is one level shared by the
// two bands, so `tapered_deci_cent` has 100 + 80 + 100 + 1 = 281 levels.
//
// Validation (every violation is a GridError, nothing is repaired):
//   - at least one range; each start/end/step a valid Price string (0..1, <= 4 decimals);
//   - step > 0, start < end, and step divides end - start exactly;
//   - the first range starts at 0, the last ends at 1, and each range starts where the
//     previous one ended (ascending, no gap, no overlap).
// Grids whose steps do not divide a cent are accepted (the book works on any grid); all
// known structures keep whole cents on the grid, which the tests check.
//
// Cost: level_of / price_at / snap walk the bands (one to three for every known structure)
// with a multiply-shift instead of a division; no per-price tables, so a grid is a few
// dozen bytes plus its ranges.
//
// Errors: invalid input is a value (Expected / std::optional). Asking price_at() for a level
// outside the grid is a broken invariant (assert).
// Threading: immutable after construction; safe to share between threads for reading.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/core/expected.hpp"
#include "antevorta/core/fixed.hpp"

namespace antevorta::kalshi {

// One `price_ranges` entry in centi-cents.
struct PriceRange {
  Price start;
  Price end;
  Price step;
  friend bool operator==(const PriceRange&, const PriceRange&) = default;
};

// One `price_ranges` entry as received ({"start":"0.0000","end":"0.1000","step":"0.0010"}).
struct PriceRangeText {
  std::string_view start;
  std::string_view end;
  std::string_view step;
};

enum class GridErrorCode {
  no_ranges,             // empty price_ranges and no usable label
  bad_number,            // start/end/step is not a valid price string
  zero_step,             // step == 0
  empty_range,           // start >= end
  step_not_dividing,     // (end - start) is not a multiple of step
  not_starting_at_zero,  // the first range does not start at 0
  not_ending_at_one,     // the last range does not end at 1
  not_contiguous,        // a range does not start where the previous one ended
  unknown_structure,     // no ranges and the price_level_structure label is not known
};

std::string_view to_string(GridErrorCode code) noexcept;

struct GridError {
  GridErrorCode code;
  std::size_t range = 0;  // index of the offending range (0 when not about one range)
  std::string detail;     // the offending text or label, when there is one
  std::string message() const;
};

// The known `price_level_structure` labels (API-NOTES §3), in table order.
std::span<const std::string_view> known_price_level_structures() noexcept;

class PriceGrid {
 public:
  // Validates ranges as described at the top of this file.
  static Expected<PriceGrid, GridError> from_ranges(std::span<const PriceRange> ranges);
  static Expected<PriceGrid, GridError> parse(std::span<const PriceRangeText> ranges);
  // A preset for a known label; std::nullopt for labels not in the table.
  static std::optional<PriceGrid> from_structure(std::string_view price_level_structure);
  // What a market payload gives: its ranges when present (invalid ranges are an error, never
  // silently replaced), otherwise the preset for its label.
  static Expected<PriceGrid, GridError> for_market(std::span<const PriceRangeText> ranges,
                                                   std::string_view price_level_structure);
  // 0..1 in whole cents: 101 levels (the pre-2026 grid, and the default for tests).
  static PriceGrid linear_cent();

  std::size_t level_count() const noexcept { return level_count_; }
  std::span<const PriceRange> ranges() const noexcept { return ranges_; }

  // The level of an on-grid price; std::nullopt when p falls between levels.
  std::optional<std::uint32_t> level_of(Price p) const noexcept {
    const auto cc = static_cast<std::int32_t>(p.centicents());
    for (const Band& b : bands_) {
      if (cc <= b.end) {
        // offset >= 0: the previous band ended below cc.
        const auto offset = static_cast<std::uint32_t>(cc - b.start);
        const std::uint32_t steps = b.divide(offset);
        if (steps * b.step != offset) return std::nullopt;
        return b.first_level + steps;
      }
    }
    return std::nullopt;  // unreachable for a valid Price (the last band ends at 1)
  }

  Price price_at(std::uint32_t level) const noexcept {
    assert(level < level_count_);
    for (const Band& b : bands_) {
      if (level <= b.last_level) {
        return Price::of(b.start + static_cast<std::int64_t>(level - b.first_level) * b.step);
      }
    }
    return Price::one();  // unreachable
  }

  bool on_grid(Price p) const noexcept { return level_of(p).has_value(); }
  // On the grid and strictly between 0 and 1 (an order at 0 or 1 is meaningless).
  bool tradable(Price p) const noexcept {
    return p > Price::zero() && p < Price::one() && on_grid(p);
  }
  // The lowest and highest tradable prices (levels 1 and level_count() - 2).
  Price min_tradable() const noexcept { return price_at(1); }
  Price max_tradable() const noexcept {
    return price_at(static_cast<std::uint32_t>(level_count_ - 2));
  }

  // The on-grid price nearest to p in the given direction: down = the highest level <= p,
  // up = the lowest level >= p, nearest = the closer of the two (a tie goes up). An on-grid
  // price snaps to itself. The step used is the one of the band that contains p.
  Price snap(Price p, Rounding rounding) const noexcept;
  std::uint32_t snap_level(Price p, Rounding rounding) const noexcept;
  // The next level strictly above / below p (p need not be on the grid); std::nullopt past
  // the ends of the grid.
  std::optional<Price> next_up(Price p) const noexcept;
  std::optional<Price> next_down(Price p) const noexcept;
  // The step of the band containing p; at a shared boundary, the band below it.
  Price step_at(Price p) const noexcept;

  // True when 1 - p is a level for every level p (every known structure): the NO leg then
  // trades on the same grid as the YES leg.
  bool symmetric() const noexcept { return symmetric_; }

  friend bool operator==(const PriceGrid& a, const PriceGrid& b) { return a.ranges_ == b.ranges_; }

 private:
  // A range in centi-cents and level numbers.
  struct Band {
    std::int32_t start;
    std::int32_t end;
    std::uint32_t step;
    std::uint32_t first_level;
    std::uint32_t last_level;
    // ceil(2^32 / step): offset / step == (offset * magic) >> 32 exactly for every offset
    // and step <= 10000 (the error offset * (magic * step - 2^32) / 2^32 stays below
    // 1 / step while offset * step < 2^32), so the hot path has no division instruction.
    std::uint64_t magic;
    std::uint32_t divide(std::uint32_t offset) const noexcept {
      return static_cast<std::uint32_t>((offset * magic) >> 32);
    }
  };

  PriceGrid() = default;
  const Band& band_of(Price p) const noexcept;

  std::vector<PriceRange> ranges_;
  std::vector<Band> bands_;
  std::size_t level_count_ = 0;
  bool symmetric_ = false;
};

}  // namespace antevorta::kalshi
