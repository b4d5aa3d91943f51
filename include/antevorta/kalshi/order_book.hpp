// The order book of one Kalshi market, kept from WebSocket snapshots and deltas.
//
// Kalshi books are bids only (API-NOTES §4.3, §6.3): YES bids, and NO bids priced in the NO
// leg. A NO bid at x is a YES ask at 1 - x, so
//   best YES ask = 1 - best NO bid, with that NO level's size;
//   best NO ask  = 1 - best YES bid, with that YES level's size.
// Each ladder is a flat array of sizes indexed by grid level (PriceGrid), plus a bitmap of
// occupied levels and the best (highest) occupied level, so best bid/ask are O(1) and a
// removal at the top finds the next level with a few word scans. A 281-level grid costs
// about 4.6 KB per book; only the 10001-level combo grid costs 160 KB.
//
// Ladder indexing. YES level i is grid level i. The NO ladder is indexed so that the index
// grows with the NO price: a NO price x sits at (level_count - 1 - level_of(1 - x)). On a
// symmetric grid (all known structures) that equals level_of(x); on an asymmetric one it is
// still exact, because the NO leg's grid is the mirror of the YES grid.
//
// Staleness. A book is stale until its first snapshot, after mark_stale() (e.g. a sequence
// gap seen by the WS client), after reset_grid(), and after a delta that cannot be applied
// faithfully (off-grid price, a level driven below zero, size overflow): each of those means
// the book no longer matches the exchange. Every snapshot clears it (unless the snapshot
// itself has off-grid levels). Deltas are still applied while stale. The first reason is
// kept until cleared. Sequence numbers are the WS client's business, not the book's.
//
// Errors: outcomes of applying data are return values (DeltaResult, SnapshotResult).
// Threading: not thread-safe; one owner (the io_context thread).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/price_grid.hpp"

namespace antevorta::kalshi {

// Which leg of a binary market (Kalshi `side` / `outcome_side`).
enum class OutcomeSide : std::uint8_t { yes = 0, no = 1 };

constexpr OutcomeSide other(OutcomeSide side) noexcept {
  return side == OutcomeSide::yes ? OutcomeSide::no : OutcomeSide::yes;
}
std::string_view to_string(OutcomeSide side) noexcept;

// One price level: a price in the leg's own terms and the resting size there.
struct BookLevel {
  Price price;
  Count size;
  friend bool operator==(const BookLevel&, const BookLevel&) = default;
};

enum class DeltaResult : std::uint8_t {
  ok,                      // applied (a level reaching exactly 0 is removed)
  off_grid,                // price not on this market's grid: nothing changed; book stale
  negative_level_clamped,  // the level went below 0: removed; book stale
  overflow,                // the size would overflow: nothing changed; book stale
};
std::string_view to_string(DeltaResult result) noexcept;

struct SnapshotResult {
  std::size_t levels = 0;        // levels stored (both sides)
  std::size_t off_grid = 0;      // levels dropped: price not on the grid (book stays stale)
  std::size_t non_positive = 0;  // levels dropped: size <= 0 (ignored, book not stale)
  std::size_t overflow = 0;      // levels dropped: the side's total would overflow (stale)
  bool ok() const noexcept { return off_grid == 0 && overflow == 0; }
};

enum class StaleReason : std::uint8_t {
  no_snapshot,      // never had a snapshot
  grid_changed,     // reset_grid(): waiting for a snapshot on the new grid
  sequence_gap,     // set by the WS client
  disconnected,     // set by the WS client
  off_grid_update,  // a delta or snapshot level off the grid
  negative_level,   // a delta drove a level below zero
  overflow,         // a delta would overflow a level
  manual,           // operator or test
};
std::string_view to_string(StaleReason reason) noexcept;

class OrderBook {
 public:
  OrderBook(MarketTicker ticker, PriceGrid grid);

  const MarketTicker& ticker() const noexcept { return ticker_; }
  const PriceGrid& grid() const noexcept { return grid_; }

  // Replaces both ladders. Levels may come in any order; a repeated price keeps the last
  // size; sizes <= 0 are dropped. Clears staleness unless a level is off the grid (or
  // overflows).
  SnapshotResult apply_snapshot(std::span<const BookLevel> yes_bids,
                                std::span<const BookLevel> no_bids, Timestamp at);

  // Adds a signed change to the bid ladder of `side` at `price` (NO-leg price for NO).
  DeltaResult apply_delta(OutcomeSide side, Price price, Count delta, Timestamp at) noexcept;

  // A market's grid changed (price_level_structure_updated): levels that exist on the new
  // grid are kept for display, others dropped; the book is stale until the next snapshot.
  void reset_grid(PriceGrid grid);

  void mark_stale(StaleReason reason) noexcept {
    if (!stale_) stale_ = reason;
  }
  bool stale() const noexcept { return stale_.has_value(); }
  std::optional<StaleReason> stale_reason() const noexcept { return stale_; }

  struct Quote {
    Price price;
    Count size;
    friend bool operator==(const Quote&, const Quote&) = default;
  };
  std::optional<Quote> best_bid(OutcomeSide side) const noexcept;
  // The other leg's best bid, complemented.
  std::optional<Quote> best_ask(OutcomeSide side) const noexcept;
  std::optional<Quote> best_yes_bid() const noexcept { return best_bid(OutcomeSide::yes); }
  std::optional<Quote> best_yes_ask() const noexcept { return best_ask(OutcomeSide::yes); }
  std::optional<Quote> best_no_bid() const noexcept { return best_bid(OutcomeSide::no); }
  std::optional<Quote> best_no_ask() const noexcept { return best_ask(OutcomeSide::no); }

  // Up to out.size() levels, best first (bids descending, asks ascending, in the leg's own
  // prices); returns how many were written. No allocation.
  std::size_t bid_depth(OutcomeSide side, std::span<BookLevel> out) const noexcept;
  std::size_t ask_depth(OutcomeSide side, std::span<BookLevel> out) const noexcept;
  std::vector<BookLevel> bid_depth(OutcomeSide side, std::size_t max_levels) const;
  std::vector<BookLevel> ask_depth(OutcomeSide side, std::size_t max_levels) const;

  // The resting bid size at an exact price (zero when empty or off the grid).
  Count bid_size_at(OutcomeSide side, Price price) const noexcept;
  // Sum of all bid sizes and number of occupied levels of one ladder.
  Count total_bid_size(OutcomeSide side) const noexcept {
    return Count::from_centi(ladder(side).total);
  }
  std::size_t bid_level_count(OutcomeSide side) const noexcept { return ladder(side).occupied; }
  bool empty() const noexcept { return yes_.occupied == 0 && no_.occupied == 0; }

  // Snapshots and deltas that changed the book (ok, negative_level_clamped), and the time
  // of the last one; rejected deltas (off_grid, overflow) change neither.
  std::uint64_t update_count() const noexcept { return updates_; }
  Timestamp last_update() const noexcept { return last_update_; }

 private:
  static constexpr std::int32_t kNone = -1;

  struct Ladder {
    std::vector<std::int64_t> sizes;  // centi-contracts per level index
    std::vector<std::uint64_t> bits;  // occupied levels
    std::int32_t best = kNone;        // highest occupied index
    std::int64_t total = 0;
    std::size_t occupied = 0;
    void resize(std::size_t levels);
    void clear() noexcept;
    void set(std::uint32_t index, std::int64_t size) noexcept;      // size > 0
    void remove(std::uint32_t index) noexcept;                      // occupied
    std::int32_t prev_occupied(std::int32_t below) const noexcept;  // highest index < below
  };

  Ladder& ladder(OutcomeSide side) noexcept { return side == OutcomeSide::yes ? yes_ : no_; }
  const Ladder& ladder(OutcomeSide side) const noexcept {
    return side == OutcomeSide::yes ? yes_ : no_;
  }
  std::optional<std::uint32_t> index_of(OutcomeSide side, Price price) const noexcept;
  Price price_of(OutcomeSide side, std::uint32_t index) const noexcept;

  MarketTicker ticker_;
  PriceGrid grid_;
  Ladder yes_;
  Ladder no_;
  std::optional<StaleReason> stale_ = StaleReason::no_snapshot;
  std::uint64_t updates_ = 0;
  Timestamp last_update_{};
};

}  // namespace antevorta::kalshi
