#include "antevorta/kalshi/order_book.hpp"

#include <algorithm>
#include <bit>
#include <utility>

namespace antevorta::kalshi {

std::string_view to_string(OutcomeSide side) noexcept {
  return side == OutcomeSide::yes ? "yes" : "no";
}

std::string_view to_string(DeltaResult result) noexcept {
  switch (result) {
    case DeltaResult::ok:
      return "ok";
    case DeltaResult::off_grid:
      return "off_grid";
    case DeltaResult::negative_level_clamped:
      return "negative_level_clamped";
    case DeltaResult::overflow:
      return "overflow";
  }
  return "unknown";
}

std::string_view to_string(StaleReason reason) noexcept {
  switch (reason) {
    case StaleReason::no_snapshot:
      return "no_snapshot";
    case StaleReason::grid_changed:
      return "grid_changed";
    case StaleReason::sequence_gap:
      return "sequence_gap";
    case StaleReason::disconnected:
      return "disconnected";
    case StaleReason::off_grid_update:
      return "off_grid_update";
    case StaleReason::negative_level:
      return "negative_level";
    case StaleReason::overflow:
      return "overflow";
    case StaleReason::manual:
      return "manual";
  }
  return "unknown";
}

// ---- Ladder -----------------------------------------------------------------------------

void OrderBook::Ladder::resize(std::size_t levels) {
  sizes.assign(levels, 0);
  bits.assign((levels + 63) / 64, 0);
  best = kNone;
  total = 0;
  occupied = 0;
}

void OrderBook::Ladder::clear() noexcept {
  std::fill(sizes.begin(), sizes.end(), 0);
  std::fill(bits.begin(), bits.end(), 0);
  best = kNone;
  total = 0;
  occupied = 0;
}

void OrderBook::Ladder::set(std::uint32_t index, std::int64_t size) noexcept {
  std::int64_t& slot = sizes[index];
  if (slot == 0) {
    bits[index / 64] |= std::uint64_t{1} << (index % 64);
    ++occupied;
    if (static_cast<std::int32_t>(index) > best) best = static_cast<std::int32_t>(index);
  }
  total += size - slot;
  slot = size;
}

void OrderBook::Ladder::remove(std::uint32_t index) noexcept {
  total -= sizes[index];
  sizes[index] = 0;
  bits[index / 64] &= ~(std::uint64_t{1} << (index % 64));
  --occupied;
  if (static_cast<std::int32_t>(index) == best) best = prev_occupied(best);
}

std::int32_t OrderBook::Ladder::prev_occupied(std::int32_t below) const noexcept {
  if (below <= 0) return kNone;
  const auto last = static_cast<std::uint32_t>(below - 1);
  std::size_t word = last / 64;
  // Bits 0..(last % 64) of the first word, then whole words downwards.
  std::uint64_t w = bits[word] & (~std::uint64_t{0} >> (63 - last % 64));
  while (true) {
    if (w != 0) return static_cast<std::int32_t>(word * 64 + 63 - std::countl_zero(w));
    if (word == 0) return kNone;
    w = bits[--word];
  }
}

// ---- OrderBook --------------------------------------------------------------------------

OrderBook::OrderBook(MarketTicker ticker, PriceGrid grid)
    : ticker_(std::move(ticker)), grid_(std::move(grid)) {
  yes_.resize(grid_.level_count());
  no_.resize(grid_.level_count());
}

namespace {
// See "Ladder indexing" in the header.
std::optional<std::uint32_t> index_in(const PriceGrid& grid, OutcomeSide side,
                                      Price price) noexcept {
  if (side == OutcomeSide::yes) return grid.level_of(price);
  const auto yes_level = grid.level_of(price.complement());
  if (!yes_level) return std::nullopt;
  return static_cast<std::uint32_t>(grid.level_count() - 1 - *yes_level);
}

Price price_in(const PriceGrid& grid, OutcomeSide side, std::uint32_t index) noexcept {
  if (side == OutcomeSide::yes) return grid.price_at(index);
  return grid.price_at(static_cast<std::uint32_t>(grid.level_count() - 1 - index)).complement();
}
}  // namespace

std::optional<std::uint32_t> OrderBook::index_of(OutcomeSide side, Price price) const noexcept {
  return index_in(grid_, side, price);
}

Price OrderBook::price_of(OutcomeSide side, std::uint32_t index) const noexcept {
  return price_in(grid_, side, index);
}

SnapshotResult OrderBook::apply_snapshot(std::span<const BookLevel> yes_bids,
                                         std::span<const BookLevel> no_bids, Timestamp at) {
  SnapshotResult result;
  yes_.clear();
  no_.clear();
  stale_.reset();
  for (const OutcomeSide side : {OutcomeSide::yes, OutcomeSide::no}) {
    Ladder& l = ladder(side);
    for (const BookLevel& level : side == OutcomeSide::yes ? yes_bids : no_bids) {
      const auto index = index_of(side, level.price);
      if (!index) {
        ++result.off_grid;
        continue;
      }
      if (level.size.centi() <= 0) {
        ++result.non_positive;
        if (l.sizes[*index] != 0) l.remove(*index);  // a repeated price: the last one wins
        continue;
      }
      std::int64_t new_total = 0;
      if (__builtin_add_overflow(l.total, level.size.centi() - l.sizes[*index], &new_total)) {
        ++result.overflow;
        continue;
      }
      if (l.sizes[*index] == 0) ++result.levels;
      l.set(*index, level.size.centi());
    }
  }
  if (result.off_grid != 0) mark_stale(StaleReason::off_grid_update);
  if (result.overflow != 0) mark_stale(StaleReason::overflow);
  ++updates_;
  last_update_ = at;
  return result;
}

DeltaResult OrderBook::apply_delta(OutcomeSide side, Price price, Count delta,
                                   Timestamp at) noexcept {
  const auto index = index_of(side, price);
  if (!index) {
    mark_stale(StaleReason::off_grid_update);
    return DeltaResult::off_grid;
  }
  Ladder& l = ladder(side);
  const std::int64_t old_size = l.sizes[*index];
  std::int64_t new_size = 0;
  std::int64_t new_total = 0;
  if (__builtin_add_overflow(old_size, delta.centi(), &new_size) ||
      __builtin_add_overflow(l.total, delta.centi(), &new_total)) {
    mark_stale(StaleReason::overflow);
    return DeltaResult::overflow;
  }
  ++updates_;
  last_update_ = at;
  if (new_size > 0) {
    l.set(*index, new_size);
    return DeltaResult::ok;
  }
  if (old_size != 0) l.remove(*index);
  if (new_size == 0) return DeltaResult::ok;
  mark_stale(StaleReason::negative_level);
  return DeltaResult::negative_level_clamped;
}

void OrderBook::reset_grid(PriceGrid grid) {
  Ladder old_yes = std::move(yes_);
  Ladder old_no = std::move(no_);
  const PriceGrid old_grid = std::exchange(grid_, std::move(grid));
  yes_ = Ladder{};
  no_ = Ladder{};
  yes_.resize(grid_.level_count());
  no_.resize(grid_.level_count());
  for (const OutcomeSide side : {OutcomeSide::yes, OutcomeSide::no}) {
    const Ladder& from = side == OutcomeSide::yes ? old_yes : old_no;
    for (std::int32_t i = from.best; i != kNone; i = from.prev_occupied(i)) {
      const auto old_index = static_cast<std::uint32_t>(i);
      if (const auto index = index_of(side, price_in(old_grid, side, old_index))) {
        ladder(side).set(*index, from.sizes[old_index]);
      }
    }
  }
  mark_stale(StaleReason::grid_changed);
}

std::optional<OrderBook::Quote> OrderBook::best_bid(OutcomeSide side) const noexcept {
  const Ladder& l = ladder(side);
  if (l.best == kNone) return std::nullopt;
  const auto index = static_cast<std::uint32_t>(l.best);
  return Quote{price_of(side, index), Count::from_centi(l.sizes[index])};
}

std::optional<OrderBook::Quote> OrderBook::best_ask(OutcomeSide side) const noexcept {
  auto bid = best_bid(other(side));
  if (!bid) return std::nullopt;
  return Quote{bid->price.complement(), bid->size};
}

std::size_t OrderBook::bid_depth(OutcomeSide side, std::span<BookLevel> out) const noexcept {
  const Ladder& l = ladder(side);
  std::size_t n = 0;
  for (std::int32_t i = l.best; i != kNone && n < out.size(); i = l.prev_occupied(i)) {
    const auto index = static_cast<std::uint32_t>(i);
    out[n++] = BookLevel{price_of(side, index), Count::from_centi(l.sizes[index])};
  }
  return n;
}

std::size_t OrderBook::ask_depth(OutcomeSide side, std::span<BookLevel> out) const noexcept {
  const std::size_t n = bid_depth(other(side), out);
  for (std::size_t i = 0; i < n; ++i) out[i].price = out[i].price.complement();
  return n;
}

std::vector<BookLevel> OrderBook::bid_depth(OutcomeSide side, std::size_t max_levels) const {
  std::vector<BookLevel> out(std::min(max_levels, ladder(side).occupied));
  out.resize(bid_depth(side, std::span<BookLevel>(out)));
  return out;
}

std::vector<BookLevel> OrderBook::ask_depth(OutcomeSide side, std::size_t max_levels) const {
  std::vector<BookLevel> out(std::min(max_levels, ladder(other(side)).occupied));
  out.resize(ask_depth(side, std::span<BookLevel>(out)));
  return out;
}

Count OrderBook::bid_size_at(OutcomeSide side, Price price) const noexcept {
  const auto index = index_of(side, price);
  if (!index) return Count{};
  return Count::from_centi(ladder(side).sizes[*index]);
}

}  // namespace antevorta::kalshi
