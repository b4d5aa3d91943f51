#include "antevorta/kalshi/price_grid.hpp"

#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

// gtest printers (found by argument-dependent lookup).
namespace antevorta {
inline void PrintTo(Price p, std::ostream* os) { *os << p.to_string(); }
}  // namespace antevorta

namespace antevorta::kalshi {
namespace {

Price P(const char* text) { return *Price::parse(text); }

struct PresetCase {
  const char* label;
  std::size_t levels;
};

// Level counts, each derived from the band table in API-NOTES §3: a band [a, b] with step s
// contributes (b - a) / s steps; the grid has (sum of steps) + 1 levels because a shared
// boundary is one level and both 0 and 1 are levels.
const PresetCase kPresets[] = {
    {"linear_cent", 101},                     // 1/0.01 = 100 steps
    {"deci_cent", 1001},                      // 1/0.001 = 1000
    {"tapered_deci_cent", 281},               // 0.1/0.001 + 0.8/0.01 + 0.1/0.001 = 100 + 80 + 100
    {"center_whole_edge_half_cent", 121},     // 20 + 80 + 20
    {"center_whole_edge_quint_cent", 181},    // 50 + 80 + 50
    {"center_half_edge_half_cent", 201},      // 1/0.005 = 200
    {"center_half_edge_quint_cent", 261},     // 50 + 0.8/0.005 = 160 + 50
    {"center_half_edge_deci_cent", 361},      // 100 + 160 + 100
    {"center_quint_edge_quint_cent", 501},    // 1/0.002 = 500
    {"center_quint_edge_deci_cent", 601},     // 100 + 0.8/0.002 = 400 + 100
    {"center_centi_edge_centi_cent", 10001},  // 1/0.0001 = 10000
    {"center_deci_edge_centi_cent", 1181},    // 0.01/0.0001 = 100 + 0.98/0.001 = 980 + 100
};

void PrintTo(const PresetCase& c, std::ostream* os) { *os << c.label; }

class PriceGridPreset : public ::testing::TestWithParam<PresetCase> {};

TEST_P(PriceGridPreset, LevelCount) {
  const auto grid = PriceGrid::from_structure(GetParam().label);
  ASSERT_TRUE(grid.has_value());
  EXPECT_EQ(grid->level_count(), GetParam().levels);
  EXPECT_EQ(grid->price_at(0), Price::zero());
  EXPECT_EQ(grid->price_at(static_cast<std::uint32_t>(grid->level_count() - 1)), Price::one());
}

TEST_P(PriceGridPreset, EveryLevelRoundTripsAndIsAscending) {
  const auto grid = *PriceGrid::from_structure(GetParam().label);
  for (std::uint32_t level = 0; level < grid.level_count(); ++level) {
    const Price p = grid.price_at(level);
    ASSERT_EQ(grid.level_of(p), level) << p.to_string();
    if (level > 0) {
      ASSERT_LT(grid.price_at(level - 1), p);
    }
  }
}

TEST_P(PriceGridPreset, WholeCentsAreOnEveryGrid) {
  const auto grid = *PriceGrid::from_structure(GetParam().label);
  for (std::int64_t cents = 0; cents <= 100; ++cents) {
    EXPECT_TRUE(grid.on_grid(Price::of(cents * 100))) << cents;
  }
}

TEST_P(PriceGridPreset, EveryCentiCentIsOnGridExactlyWhenLevelsSayIt) {
  // on_grid over the whole price range agrees with the set of level prices, and snapping
  // brackets every price between neighbouring levels.
  const auto grid = *PriceGrid::from_structure(GetParam().label);
  std::uint32_t next_level = 0;
  for (std::int64_t cc = 0; cc <= Price::kOne; ++cc) {
    const Price p = Price::of(cc);
    const bool is_level = grid.price_at(next_level) == p;
    ASSERT_EQ(grid.on_grid(p), is_level) << p.to_string();
    const Price down = grid.snap(p, Rounding::down);
    const Price up = grid.snap(p, Rounding::up);
    if (is_level) {
      ASSERT_EQ(down, p);
      ASSERT_EQ(up, p);
      ++next_level;
    } else {
      ASSERT_EQ(down, grid.price_at(next_level - 1)) << p.to_string();
      ASSERT_EQ(up, grid.price_at(next_level)) << p.to_string();
    }
  }
  EXPECT_EQ(next_level, grid.level_count());
}

TEST_P(PriceGridPreset, IsSymmetric) {
  EXPECT_TRUE(PriceGrid::from_structure(GetParam().label)->symmetric());
}

INSTANTIATE_TEST_SUITE_P(PriceGrid, PriceGridPreset, ::testing::ValuesIn(kPresets),
                         [](const auto& i) { return std::string(i.param.label); });

TEST(PriceGrid, KnownStructuresAreAllPresets) {
  EXPECT_EQ(known_price_level_structures().size(), std::size(kPresets));
  for (std::string_view label : known_price_level_structures()) {
    EXPECT_TRUE(PriceGrid::from_structure(label).has_value()) << label;
  }
  EXPECT_FALSE(PriceGrid::from_structure("center_pico_edge_femto_cent").has_value());
}

TEST(PriceGrid, ParsesPriceRangesFromMarketPayload) {
  // The KXBTC15M example in API-NOTES §4.1.
  const std::vector<PriceRangeText> ranges = {{"0.0000", "0.1000", "0.0010"},
                                              {"0.1000", "0.9000", "0.0100"},
                                              {"0.9000", "1.0000", "0.0010"}};
  auto grid = PriceGrid::parse(ranges);
  ASSERT_TRUE(grid.has_value()) << grid.error().message();
  EXPECT_EQ(*grid, *PriceGrid::from_structure("tapered_deci_cent"));
  EXPECT_EQ(grid->level_count(), 281u);
  ASSERT_EQ(grid->ranges().size(), 3u);
  EXPECT_EQ(grid->ranges()[1].step, P("0.01"));
}

TEST(PriceGrid, BandBoundariesAreOneLevel) {
  const auto grid = *PriceGrid::from_structure("tapered_deci_cent");
  // 0.099 is the last sub-penny step below the boundary, 0.10 the shared level, 0.11 next.
  EXPECT_EQ(grid.level_of(P("0.0990")), 99u);
  EXPECT_EQ(grid.level_of(P("0.1000")), 100u);
  EXPECT_EQ(grid.level_of(P("0.1100")), 101u);
  EXPECT_EQ(grid.level_of(P("0.8900")), 179u);
  EXPECT_EQ(grid.level_of(P("0.9000")), 180u);
  EXPECT_EQ(grid.level_of(P("0.9010")), 181u);
  EXPECT_EQ(grid.level_of(P("1.0000")), 280u);
  EXPECT_EQ(grid.price_at(100), P("0.10"));
  EXPECT_EQ(grid.price_at(180), P("0.90"));
  // The step at a boundary is the lower band's.
  EXPECT_EQ(grid.step_at(P("0.10")), P("0.001"));
  EXPECT_EQ(grid.step_at(P("0.1001")), P("0.01"));
  EXPECT_EQ(grid.step_at(P("0.95")), P("0.001"));
}

TEST(PriceGrid, RejectsOffGridPrices) {
  const auto tapered = *PriceGrid::from_structure("tapered_deci_cent");
  EXPECT_FALSE(tapered.level_of(P("0.0015")).has_value());  // between sub-penny steps
  EXPECT_FALSE(tapered.level_of(P("0.1050")).has_value());  // sub-penny in the whole-cent band
  EXPECT_FALSE(tapered.on_grid(P("0.5001")));
  EXPECT_TRUE(tapered.on_grid(P("0.0050")));
  EXPECT_TRUE(tapered.on_grid(P("0.9990")));
  const auto linear = PriceGrid::linear_cent();
  EXPECT_FALSE(linear.on_grid(P("0.0050")));
  EXPECT_FALSE(linear.on_grid(P("0.4250")));
  EXPECT_TRUE(linear.on_grid(P("0.42")));
}

TEST(PriceGrid, SnapsInEachDirection) {
  const auto grid = *PriceGrid::from_structure("tapered_deci_cent");
  // Inside the whole-cent band.
  EXPECT_EQ(grid.snap(P("0.4230"), Rounding::down), P("0.42"));
  EXPECT_EQ(grid.snap(P("0.4230"), Rounding::up), P("0.43"));
  EXPECT_EQ(grid.snap(P("0.4230"), Rounding::nearest), P("0.42"));
  EXPECT_EQ(grid.snap(P("0.4270"), Rounding::nearest), P("0.43"));
  EXPECT_EQ(grid.snap(P("0.4250"), Rounding::nearest), P("0.43"));  // a tie goes up
  // Inside a sub-penny band.
  EXPECT_EQ(grid.snap(P("0.0015"), Rounding::down), P("0.001"));
  EXPECT_EQ(grid.snap(P("0.0015"), Rounding::up), P("0.002"));
  EXPECT_EQ(grid.snap(P("0.9994"), Rounding::nearest), P("0.999"));
  // Just above a boundary: the step is the upper band's.
  EXPECT_EQ(grid.snap(P("0.1005"), Rounding::down), P("0.10"));
  EXPECT_EQ(grid.snap(P("0.1005"), Rounding::up), P("0.11"));
  EXPECT_EQ(grid.snap(P("0.8999"), Rounding::up), P("0.90"));
  EXPECT_EQ(grid.snap(P("0.8999"), Rounding::down), P("0.89"));
  // On-grid prices and the ends snap to themselves.
  for (auto r : {Rounding::down, Rounding::up, Rounding::nearest}) {
    EXPECT_EQ(grid.snap(P("0.42"), r), P("0.42"));
    EXPECT_EQ(grid.snap(P("0"), r), P("0"));
    EXPECT_EQ(grid.snap(P("1"), r), P("1"));
  }
  EXPECT_EQ(grid.snap_level(P("0.4230"), Rounding::up), 133u);  // 100 + 33
}

TEST(PriceGrid, NextLevelUpAndDown) {
  const auto grid = *PriceGrid::from_structure("tapered_deci_cent");
  EXPECT_EQ(grid.next_up(P("0.42")), P("0.43"));
  EXPECT_EQ(grid.next_down(P("0.42")), P("0.41"));
  EXPECT_EQ(grid.next_up(P("0.099")), P("0.10"));
  EXPECT_EQ(grid.next_up(P("0.10")), P("0.11"));
  EXPECT_EQ(grid.next_down(P("0.10")), P("0.099"));
  EXPECT_EQ(grid.next_down(P("0.91")), P("0.909"));
  EXPECT_EQ(grid.next_up(P("0.4230")), P("0.43"));    // off-grid: strictly above
  EXPECT_EQ(grid.next_down(P("0.4230")), P("0.42"));  // off-grid: strictly below
  EXPECT_EQ(grid.next_up(P("1")), std::nullopt);
  EXPECT_EQ(grid.next_down(P("0")), std::nullopt);
  EXPECT_EQ(grid.next_up(P("0")), P("0.001"));
}

TEST(PriceGrid, TradableRange) {
  const auto tapered = *PriceGrid::from_structure("tapered_deci_cent");
  EXPECT_EQ(tapered.min_tradable(), P("0.001"));
  EXPECT_EQ(tapered.max_tradable(), P("0.999"));
  EXPECT_FALSE(tapered.tradable(P("0")));
  EXPECT_FALSE(tapered.tradable(P("1")));
  EXPECT_TRUE(tapered.tradable(P("0.999")));
  EXPECT_FALSE(tapered.tradable(P("0.4250")));
  const auto linear = PriceGrid::linear_cent();
  EXPECT_EQ(linear.min_tradable(), P("0.01"));
  EXPECT_EQ(linear.max_tradable(), P("0.99"));
}

TEST(PriceGrid, AsymmetricGridIsDetected) {
  const std::vector<PriceRangeText> ranges = {{"0", "0.5", "0.01"}, {"0.5", "1", "0.05"}};
  auto grid = PriceGrid::parse(ranges);
  ASSERT_TRUE(grid.has_value()) << grid.error().message();
  EXPECT_FALSE(grid->symmetric());
  EXPECT_EQ(grid->level_count(), 61u);  // 50 + 10 + 1
}

struct InvalidCase {
  const char* name;
  std::vector<PriceRangeText> ranges;
  GridErrorCode code;
  std::size_t range;
};

void PrintTo(const InvalidCase& c, std::ostream* os) { *os << c.name; }

class PriceGridInvalid : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(PriceGridInvalid, IsRejected) {
  const auto& c = GetParam();
  auto grid = PriceGrid::parse(c.ranges);
  ASSERT_FALSE(grid.has_value());
  EXPECT_EQ(grid.error().code, c.code) << grid.error().message();
  EXPECT_EQ(grid.error().range, c.range);
  EXPECT_FALSE(grid.error().message().empty());
}

INSTANTIATE_TEST_SUITE_P(
    PriceGrid, PriceGridInvalid,
    ::testing::Values(
        InvalidCase{"empty", {}, GridErrorCode::no_ranges, 0},
        InvalidCase{"bad_number", {{"0", "1", "abc"}}, GridErrorCode::bad_number, 0},
        InvalidCase{"five_decimals", {{"0", "1", "0.00005"}}, GridErrorCode::bad_number, 0},
        InvalidCase{"above_one", {{"0", "1.5", "0.01"}}, GridErrorCode::bad_number, 0},
        InvalidCase{"negative", {{"-0.1", "1", "0.01"}}, GridErrorCode::bad_number, 0},
        InvalidCase{"zero_step", {{"0", "1", "0"}}, GridErrorCode::zero_step, 0},
        InvalidCase{"descending", {{"1", "0", "0.01"}}, GridErrorCode::empty_range, 0},
        InvalidCase{"empty_band",
                    {{"0", "0.5", "0.01"}, {"0.5", "0.5", "0.01"}},
                    GridErrorCode::empty_range,
                    1},
        InvalidCase{"step_not_dividing", {{"0", "1", "0.03"}}, GridErrorCode::step_not_dividing, 0},
        InvalidCase{
            "not_from_zero", {{"0.01", "1", "0.01"}}, GridErrorCode::not_starting_at_zero, 0},
        InvalidCase{"not_to_one", {{"0", "0.99", "0.01"}}, GridErrorCode::not_ending_at_one, 0},
        InvalidCase{
            "gap", {{"0", "0.1", "0.001"}, {"0.2", "1", "0.01"}}, GridErrorCode::not_contiguous, 1},
        InvalidCase{"overlap",
                    {{"0", "0.2", "0.001"}, {"0.1", "1", "0.01"}},
                    GridErrorCode::not_contiguous,
                    1},
        InvalidCase{"unsorted",
                    {{"0.9", "1", "0.001"}, {"0", "0.1", "0.001"}, {"0.1", "0.9", "0.01"}},
                    GridErrorCode::not_starting_at_zero,
                    0}),
    [](const auto& i) { return std::string(i.param.name); });

TEST(PriceGrid, ForMarketPrefersRangesAndFallsBackToTheLabel) {
  const std::vector<PriceRangeText> deci = {{"0.0000", "1.0000", "0.0010"}};
  // Ranges win over a label that disagrees with them.
  auto from_ranges = PriceGrid::for_market(deci, "linear_cent");
  ASSERT_TRUE(from_ranges.has_value());
  EXPECT_EQ(from_ranges->level_count(), 1001u);
  // No ranges: the label's preset.
  auto from_label = PriceGrid::for_market({}, "center_whole_edge_half_cent");
  ASSERT_TRUE(from_label.has_value());
  EXPECT_EQ(from_label->level_count(), 121u);
  // Invalid ranges are an error even with a known label.
  const std::vector<PriceRangeText> broken = {{"0", "0.5", "0.01"}};
  auto invalid = PriceGrid::for_market(broken, "linear_cent");
  ASSERT_FALSE(invalid.has_value());
  EXPECT_EQ(invalid.error().code, GridErrorCode::not_ending_at_one);
  // Neither.
  auto unknown = PriceGrid::for_market({}, "brand_new_structure");
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().code, GridErrorCode::unknown_structure);
  EXPECT_EQ(unknown.error().detail, "brand_new_structure");
  EXPECT_EQ(PriceGrid::for_market({}, "").error().code, GridErrorCode::no_ranges);
}

}  // namespace
}  // namespace antevorta::kalshi
