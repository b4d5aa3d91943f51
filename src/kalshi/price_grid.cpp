#include "antevorta/kalshi/price_grid.hpp"

#include <array>

#include <fmt/format.h>

namespace antevorta::kalshi {

namespace {

struct RangeCc {
  std::int32_t start;
  std::int32_t end;
  std::int32_t step;
};

struct Preset {
  std::string_view label;
  std::array<RangeCc, 3> ranges;
  std::size_t count;
};

// API-NOTES §3, in centi-cents (0.10 = 1000, 0.001 = 10).
constexpr std::array<Preset, 12> kPresets{{
    {"linear_cent", {{{0, 10000, 100}}}, 1},
    {"deci_cent", {{{0, 10000, 10}}}, 1},
    {"tapered_deci_cent", {{{0, 1000, 10}, {1000, 9000, 100}, {9000, 10000, 10}}}, 3},
    {"center_whole_edge_half_cent", {{{0, 1000, 50}, {1000, 9000, 100}, {9000, 10000, 50}}}, 3},
    {"center_whole_edge_quint_cent", {{{0, 1000, 20}, {1000, 9000, 100}, {9000, 10000, 20}}}, 3},
    {"center_half_edge_half_cent", {{{0, 10000, 50}}}, 1},
    {"center_half_edge_quint_cent", {{{0, 1000, 20}, {1000, 9000, 50}, {9000, 10000, 20}}}, 3},
    {"center_half_edge_deci_cent", {{{0, 1000, 10}, {1000, 9000, 50}, {9000, 10000, 10}}}, 3},
    {"center_quint_edge_quint_cent", {{{0, 10000, 20}}}, 1},
    {"center_quint_edge_deci_cent", {{{0, 1000, 10}, {1000, 9000, 20}, {9000, 10000, 10}}}, 3},
    {"center_centi_edge_centi_cent", {{{0, 10000, 1}}}, 1},
    {"center_deci_edge_centi_cent", {{{0, 100, 1}, {100, 9900, 10}, {9900, 10000, 1}}}, 3},
}};

constexpr std::array<std::string_view, kPresets.size()> kLabels = [] {
  std::array<std::string_view, kPresets.size()> labels{};
  for (std::size_t i = 0; i < kPresets.size(); ++i) labels[i] = kPresets[i].label;
  return labels;
}();

GridError error(GridErrorCode code, std::size_t range, std::string detail = {}) {
  return GridError{code, range, std::move(detail)};
}

}  // namespace

std::string_view to_string(GridErrorCode code) noexcept {
  switch (code) {
    case GridErrorCode::no_ranges:
      return "no price ranges";
    case GridErrorCode::bad_number:
      return "not a valid price";
    case GridErrorCode::zero_step:
      return "step is zero";
    case GridErrorCode::empty_range:
      return "start is not below end";
    case GridErrorCode::step_not_dividing:
      return "step does not divide the range";
    case GridErrorCode::not_starting_at_zero:
      return "the first range does not start at 0";
    case GridErrorCode::not_ending_at_one:
      return "the last range does not end at 1";
    case GridErrorCode::not_contiguous:
      return "range does not start where the previous one ended";
    case GridErrorCode::unknown_structure:
      return "unknown price_level_structure";
  }
  return "invalid price grid";
}

std::string GridError::message() const {
  std::string out = fmt::format("price_ranges[{}]: {}", range, to_string(code));
  if (!detail.empty()) out += fmt::format(" (\"{}\")", detail);
  return out;
}

std::span<const std::string_view> known_price_level_structures() noexcept { return kLabels; }

Expected<PriceGrid, GridError> PriceGrid::from_ranges(std::span<const PriceRange> ranges) {
  if (ranges.empty()) return unexpected(error(GridErrorCode::no_ranges, 0));
  PriceGrid grid;
  grid.ranges_.assign(ranges.begin(), ranges.end());
  grid.bands_.reserve(ranges.size());
  std::uint32_t first_level = 0;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const auto start = static_cast<std::int32_t>(ranges[i].start.centicents());
    const auto end = static_cast<std::int32_t>(ranges[i].end.centicents());
    const auto step = static_cast<std::int32_t>(ranges[i].step.centicents());
    if (step == 0) return unexpected(error(GridErrorCode::zero_step, i));
    if (start >= end) return unexpected(error(GridErrorCode::empty_range, i));
    if ((end - start) % step != 0) return unexpected(error(GridErrorCode::step_not_dividing, i));
    if (i == 0 && start != 0) return unexpected(error(GridErrorCode::not_starting_at_zero, i));
    if (i > 0 && start != grid.bands_.back().end) {
      return unexpected(error(GridErrorCode::not_contiguous, i));
    }
    // The boundary with the previous band is that band's last level, so this band's first
    // level is the same number.
    const auto steps = static_cast<std::uint32_t>((end - start) / step);
    const auto ustep = static_cast<std::uint32_t>(step);
    const std::uint64_t magic = ((std::uint64_t{1} << 32) + ustep - 1) / ustep;
    grid.bands_.push_back(Band{start, end, ustep, first_level, first_level + steps, magic});
    first_level += steps;
  }
  if (grid.bands_.back().end != Price::kOne) {
    return unexpected(error(GridErrorCode::not_ending_at_one, ranges.size() - 1));
  }
  grid.level_count_ = std::size_t{first_level} + 1;
  grid.symmetric_ = true;
  for (std::uint32_t level = 0; level < grid.level_count_; ++level) {
    if (!grid.on_grid(grid.price_at(level).complement())) {
      grid.symmetric_ = false;
      break;
    }
  }
  return grid;
}

Expected<PriceGrid, GridError> PriceGrid::parse(std::span<const PriceRangeText> ranges) {
  std::vector<PriceRange> parsed;
  parsed.reserve(ranges.size());
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    PriceRange r;
    for (auto [text, out] : {std::pair{ranges[i].start, &r.start}, std::pair{ranges[i].end, &r.end},
                             std::pair{ranges[i].step, &r.step}}) {
      auto p = Price::parse(text);
      if (!p) return unexpected(error(GridErrorCode::bad_number, i, std::string(text)));
      *out = *p;
    }
    parsed.push_back(r);
  }
  return from_ranges(parsed);
}

std::optional<PriceGrid> PriceGrid::from_structure(std::string_view price_level_structure) {
  for (const Preset& preset : kPresets) {
    if (preset.label != price_level_structure) continue;
    std::vector<PriceRange> ranges;
    for (std::size_t i = 0; i < preset.count; ++i) {
      const RangeCc& r = preset.ranges[i];
      ranges.push_back(PriceRange{Price::of(r.start), Price::of(r.end), Price::of(r.step)});
    }
    auto grid = from_ranges(ranges);
    assert(grid.has_value());
    return std::move(grid).value();
  }
  return std::nullopt;
}

Expected<PriceGrid, GridError> PriceGrid::for_market(std::span<const PriceRangeText> ranges,
                                                     std::string_view price_level_structure) {
  if (!ranges.empty()) return parse(ranges);
  if (auto grid = from_structure(price_level_structure)) return std::move(*grid);
  if (price_level_structure.empty()) return unexpected(error(GridErrorCode::no_ranges, 0));
  return unexpected(error(GridErrorCode::unknown_structure, 0, std::string(price_level_structure)));
}

PriceGrid PriceGrid::linear_cent() { return *from_structure("linear_cent"); }

const PriceGrid::Band& PriceGrid::band_of(Price p) const noexcept {
  const auto cc = static_cast<std::int32_t>(p.centicents());
  for (const Band& b : bands_) {
    if (cc <= b.end) return b;
  }
  return bands_.back();
}

std::uint32_t PriceGrid::snap_level(Price p, Rounding rounding) const noexcept {
  const Band& b = band_of(p);
  const auto offset = static_cast<std::uint32_t>(p.centicents() - b.start);
  const std::uint32_t steps = b.divide(offset);
  const std::uint32_t rem = offset - steps * b.step;
  auto level = b.first_level + steps;
  if (rem == 0) return level;
  switch (rounding) {
    case Rounding::down:
      break;
    case Rounding::up:
      ++level;
      break;
    case Rounding::nearest:
      if (2 * rem >= b.step) ++level;
      break;
  }
  return level;  // rounding up inside a band ends at most on its end, which is a level
}

Price PriceGrid::snap(Price p, Rounding rounding) const noexcept {
  return price_at(snap_level(p, rounding));
}

std::optional<Price> PriceGrid::next_up(Price p) const noexcept {
  const std::uint32_t below = snap_level(p, Rounding::down);
  if (below + 1 >= level_count_) return std::nullopt;
  return price_at(below + 1);
}

std::optional<Price> PriceGrid::next_down(Price p) const noexcept {
  const std::uint32_t above = snap_level(p, Rounding::up);
  if (above == 0) return std::nullopt;
  return price_at(above - 1);
}

Price PriceGrid::step_at(Price p) const noexcept { return Price::of(band_of(p).step); }

}  // namespace antevorta::kalshi
