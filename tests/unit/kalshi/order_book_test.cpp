#include "antevorta/kalshi/order_book.hpp"

#include <array>
#include <limits>
#include <ostream>
#include <vector>

#include <gtest/gtest.h>

#include "unit/kalshi/printers.hpp"

namespace antevorta::kalshi {
namespace {

using Q = OrderBook::Quote;
constexpr auto YES = OutcomeSide::yes;
constexpr auto NO = OutcomeSide::no;

Price P(const char* text) { return *Price::parse(text); }
Count C(const char* text) { return *Count::parse(text); }
BookLevel L(const char* price, const char* size) { return BookLevel{P(price), C(size)}; }
Timestamp T(std::int64_t ms) { return from_unix_ms(ms); }

PriceGrid tapered() { return *PriceGrid::from_structure("tapered_deci_cent"); }

// The REST example of API-NOTES §4.3.
OrderBook example_book() {
  OrderBook book(MarketTicker("FED-23DEC-T3.00"), PriceGrid::linear_cent());
  const std::vector<BookLevel> yes = {L("0.01", "200"), L("0.15", "100"), L("0.42", "13")};
  const std::vector<BookLevel> no = {L("0.01", "100"), L("0.45", "20"), L("0.56", "17")};
  const auto result = book.apply_snapshot(yes, no, T(1000));
  EXPECT_TRUE(result.ok());
  EXPECT_EQ(result.levels, 6u);
  return book;
}

TEST(OrderBook, StartsEmptyAndStale) {
  OrderBook book(MarketTicker("X"), PriceGrid::linear_cent());
  EXPECT_TRUE(book.empty());
  EXPECT_TRUE(book.stale());
  EXPECT_EQ(book.stale_reason(), StaleReason::no_snapshot);
  EXPECT_EQ(book.best_yes_bid(), std::nullopt);
  EXPECT_EQ(book.best_yes_ask(), std::nullopt);
  EXPECT_EQ(book.best_no_bid(), std::nullopt);
  EXPECT_EQ(book.best_no_ask(), std::nullopt);
  EXPECT_EQ(book.update_count(), 0u);
  EXPECT_EQ(book.ticker().str(), "X");
}

TEST(OrderBook, BestBidAndAskBothWays) {
  const OrderBook book = example_book();
  EXPECT_FALSE(book.stale());
  // YES bid 0.42; YES ask = 1 - best NO bid 0.56 = 0.44 with the NO level's size; spread 0.02.
  EXPECT_EQ(book.best_yes_bid(), (Q{P("0.42"), C("13")}));
  EXPECT_EQ(book.best_yes_ask(), (Q{P("0.44"), C("17")}));
  EXPECT_EQ(book.best_yes_ask()->price.centicents() - book.best_yes_bid()->price.centicents(), 200);
  // And from the NO side: NO bid 0.56, NO ask = 1 - 0.42 = 0.58.
  EXPECT_EQ(book.best_no_bid(), (Q{P("0.56"), C("17")}));
  EXPECT_EQ(book.best_no_ask(), (Q{P("0.58"), C("13")}));
  EXPECT_EQ(book.last_update(), T(1000));
  EXPECT_EQ(book.update_count(), 1u);
}

TEST(OrderBook, DepthBestFirst) {
  const OrderBook book = example_book();
  EXPECT_EQ(book.bid_depth(YES, 10),
            (std::vector<BookLevel>{L("0.42", "13"), L("0.15", "100"), L("0.01", "200")}));
  EXPECT_EQ(book.bid_depth(NO, 2), (std::vector<BookLevel>{L("0.56", "17"), L("0.45", "20")}));
  // YES asks come from NO bids, ascending.
  EXPECT_EQ(book.ask_depth(YES, 10),
            (std::vector<BookLevel>{L("0.44", "17"), L("0.55", "20"), L("0.99", "100")}));
  EXPECT_EQ(book.ask_depth(NO, 1), (std::vector<BookLevel>{L("0.58", "13")}));
  std::array<BookLevel, 2> out{};
  EXPECT_EQ(book.bid_depth(YES, out), 2u);
  EXPECT_EQ(out[1], L("0.15", "100"));
  EXPECT_EQ(book.bid_depth(YES, std::span<BookLevel>{}), 0u);
  EXPECT_EQ(book.total_bid_size(YES), C("313"));
  EXPECT_EQ(book.total_bid_size(NO), C("137"));
  EXPECT_EQ(book.bid_level_count(YES), 3u);
  EXPECT_EQ(book.bid_size_at(NO, P("0.45")), C("20"));
  EXPECT_EQ(book.bid_size_at(NO, P("0.46")), Count{});
  EXPECT_EQ(book.bid_size_at(NO, P("0.455")), Count{});  // off the grid
}

TEST(OrderBook, DeltasAddChangeAndRemoveLevels) {
  OrderBook book = example_book();
  // A new best YES bid.
  EXPECT_EQ(book.apply_delta(YES, P("0.43"), C("5"), T(2000)), DeltaResult::ok);
  EXPECT_EQ(book.best_yes_bid(), (Q{P("0.43"), C("5")}));
  EXPECT_EQ(book.best_no_ask(), (Q{P("0.57"), C("5")}));
  // Partial reduction keeps the level.
  EXPECT_EQ(book.apply_delta(NO, P("0.56"), C("-7.50"), T(2001)), DeltaResult::ok);
  EXPECT_EQ(book.best_yes_ask(), (Q{P("0.44"), C("9.50")}));
  // Reaching exactly zero removes it; the next NO level becomes best.
  EXPECT_EQ(book.apply_delta(NO, P("0.56"), C("-9.50"), T(2002)), DeltaResult::ok);
  EXPECT_EQ(book.best_no_bid(), (Q{P("0.45"), C("20")}));
  EXPECT_EQ(book.best_yes_ask(), (Q{P("0.55"), C("20")}));
  EXPECT_EQ(book.bid_level_count(NO), 2u);
  // Removing below the best leaves the best alone.
  EXPECT_EQ(book.apply_delta(YES, P("0.15"), C("-100"), T(2003)), DeltaResult::ok);
  EXPECT_EQ(book.bid_depth(YES, 10),
            (std::vector<BookLevel>{L("0.43", "5"), L("0.42", "13"), L("0.01", "200")}));
  // A zero delta is a no-op.
  EXPECT_EQ(book.apply_delta(YES, P("0.30"), C("0"), T(2004)), DeltaResult::ok);
  EXPECT_EQ(book.bid_level_count(YES), 3u);
  EXPECT_FALSE(book.stale());
  EXPECT_EQ(book.update_count(), 6u);
  EXPECT_EQ(book.last_update(), T(2004));
  EXPECT_EQ(book.total_bid_size(YES), C("218"));
}

TEST(OrderBook, NegativeLevelIsClampedAndMakesTheBookStale) {
  OrderBook book = example_book();
  EXPECT_EQ(book.apply_delta(YES, P("0.42"), C("-20"), T(3000)),
            DeltaResult::negative_level_clamped);
  EXPECT_EQ(book.best_yes_bid(), (Q{P("0.15"), C("100")}));
  EXPECT_EQ(book.bid_size_at(YES, P("0.42")), Count{});
  EXPECT_EQ(book.total_bid_size(YES), C("300"));
  EXPECT_TRUE(book.stale());
  EXPECT_EQ(book.stale_reason(), StaleReason::negative_level);
  // A negative delta on an empty level as well.
  OrderBook other = example_book();
  EXPECT_EQ(other.apply_delta(NO, P("0.30"), C("-1"), T(3000)),
            DeltaResult::negative_level_clamped);
  EXPECT_EQ(other.bid_level_count(NO), 3u);
}

TEST(OrderBook, OffGridDeltaIsReportedAndChangesNothing) {
  OrderBook book = example_book();
  EXPECT_EQ(book.apply_delta(YES, P("0.425"), C("10"), T(4000)), DeltaResult::off_grid);
  EXPECT_EQ(book.best_yes_bid(), (Q{P("0.42"), C("13")}));
  EXPECT_EQ(book.update_count(), 1u);
  EXPECT_EQ(book.last_update(), T(1000));
  EXPECT_EQ(book.stale_reason(), StaleReason::off_grid_update);
}

TEST(OrderBook, OverflowIsRejected) {
  OrderBook book = example_book();
  const Count huge = Count::from_centi(std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(book.apply_delta(YES, P("0.42"), huge, T(5000)), DeltaResult::overflow);
  EXPECT_EQ(book.best_yes_bid(), (Q{P("0.42"), C("13")}));
  EXPECT_EQ(book.stale_reason(), StaleReason::overflow);
}

TEST(OrderBook, OneSidedAndEmptyBooks) {
  OrderBook book(MarketTicker("X"), PriceGrid::linear_cent());
  const std::vector<BookLevel> yes = {L("0.30", "10")};
  book.apply_snapshot(yes, {}, T(1));
  EXPECT_FALSE(book.stale());
  EXPECT_EQ(book.best_yes_bid(), (Q{P("0.30"), C("10")}));
  EXPECT_EQ(book.best_no_ask(), (Q{P("0.70"), C("10")}));
  EXPECT_EQ(book.best_yes_ask(), std::nullopt);
  EXPECT_EQ(book.best_no_bid(), std::nullopt);
  EXPECT_TRUE(book.ask_depth(YES, 5).empty());
  // The last level goes: an empty (but not stale) book.
  EXPECT_EQ(book.apply_delta(YES, P("0.30"), C("-10"), T(2)), DeltaResult::ok);
  EXPECT_TRUE(book.empty());
  EXPECT_FALSE(book.stale());
  EXPECT_EQ(book.best_yes_bid(), std::nullopt);
  // An empty snapshot (Kalshi omits both sides) empties the book.
  book.apply_delta(NO, P("0.20"), C("4"), T(3));
  book.apply_snapshot({}, {}, T(4));
  EXPECT_TRUE(book.empty());
  EXPECT_EQ(book.total_bid_size(NO), Count{});
}

TEST(OrderBook, SnapshotReplacesEverything) {
  OrderBook book = example_book();
  const std::vector<BookLevel> yes = {L("0.50", "1"), L("0.10", "2"), L("0.50", "3")};
  const std::vector<BookLevel> no = {L("0.20", "0"), L("0.30", "-1"), L("0.40", "4")};
  const auto r = book.apply_snapshot(yes, no, T(9));
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.levels, 3u);
  EXPECT_EQ(r.non_positive, 2u);
  // Unsorted input; a repeated price keeps the last size.
  EXPECT_EQ(book.bid_depth(YES, 10), (std::vector<BookLevel>{L("0.50", "3"), L("0.10", "2")}));
  EXPECT_EQ(book.bid_depth(NO, 10), (std::vector<BookLevel>{L("0.40", "4")}));
  EXPECT_EQ(book.total_bid_size(YES), C("5"));
}

TEST(OrderBook, MarkStaleKeepsTheFirstReasonUntilASnapshot) {
  OrderBook book = example_book();
  book.mark_stale(StaleReason::sequence_gap);
  book.mark_stale(StaleReason::disconnected);
  EXPECT_EQ(book.stale_reason(), StaleReason::sequence_gap);
  // Deltas are still applied while stale.
  EXPECT_EQ(book.apply_delta(YES, P("0.42"), C("1"), T(6)), DeltaResult::ok);
  EXPECT_TRUE(book.stale());
  book.apply_snapshot({}, {}, T(7));
  EXPECT_FALSE(book.stale());
  EXPECT_EQ(book.stale_reason(), std::nullopt);
}

TEST(OrderBook, SnapshotWithOffGridLevelsStaysStale) {
  OrderBook book(MarketTicker("X"), PriceGrid::linear_cent());
  const std::vector<BookLevel> yes = {L("0.0050", "10"), L("0.40", "3")};
  const auto r = book.apply_snapshot(yes, {}, T(1));
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.off_grid, 1u);
  EXPECT_EQ(r.levels, 1u);
  EXPECT_EQ(book.stale_reason(), StaleReason::off_grid_update);
  EXPECT_EQ(book.best_yes_bid(), (Q{P("0.40"), C("3")}));
}

TEST(OrderBook, SubPennyGrid) {
  OrderBook book(MarketTicker("KXBTC15M-26SEP071415-15"), tapered());
  const std::vector<BookLevel> yes = {L("0.0010", "50"), L("0.0990", "5"), L("0.1000", "7")};
  const std::vector<BookLevel> no = {L("0.8900", "2"), L("0.9990", "1")};
  ASSERT_TRUE(book.apply_snapshot(yes, no, T(1)).ok());
  EXPECT_EQ(book.best_yes_bid(), (Q{P("0.10"), C("7")}));
  EXPECT_EQ(book.best_yes_ask(), (Q{P("0.001"), C("1")}));  // 1 - 0.999
  EXPECT_EQ(book.bid_depth(NO, 5), (std::vector<BookLevel>{L("0.999", "1"), L("0.89", "2")}));
  EXPECT_EQ(book.apply_delta(YES, P("0.1050"), C("1"), T(2)), DeltaResult::off_grid);
  EXPECT_EQ(book.apply_delta(NO, P("0.9995"), C("1"), T(2)), DeltaResult::off_grid);
}

TEST(OrderBook, AsymmetricGridIndexesTheNoLegByItsMirror) {
  // YES grid: cents below 0.5, nickels above. A NO price x is valid when 1 - x is.
  const std::vector<PriceRangeText> ranges = {{"0", "0.5", "0.01"}, {"0.5", "1", "0.05"}};
  OrderBook book(MarketTicker("X"), *PriceGrid::parse(ranges));
  EXPECT_EQ(book.apply_delta(NO, P("0.05"), C("1"), T(1)), DeltaResult::ok);        // YES 0.95
  EXPECT_EQ(book.apply_delta(NO, P("0.03"), C("1"), T(1)), DeltaResult::off_grid);  // YES 0.97
  EXPECT_EQ(book.apply_delta(NO, P("0.53"), C("2"), T(1)), DeltaResult::ok);        // YES 0.47
  EXPECT_EQ(book.apply_delta(NO, P("0.52"), C("3"), T(1)), DeltaResult::ok);        // YES 0.48
  EXPECT_EQ(book.bid_depth(NO, 5),
            (std::vector<BookLevel>{L("0.53", "2"), L("0.52", "3"), L("0.05", "1")}));
  EXPECT_EQ(book.best_yes_ask(), (Q{P("0.47"), C("2")}));
}

TEST(OrderBook, ResetGridMarksStaleUntilTheNextSnapshot) {
  OrderBook book(MarketTicker("X"), PriceGrid::linear_cent());
  const std::vector<BookLevel> yes = {L("0.05", "1"), L("0.42", "2")};
  const std::vector<BookLevel> no = {L("0.56", "3")};
  book.apply_snapshot(yes, no, T(1));
  ASSERT_FALSE(book.stale());

  // price_level_structure_updated: linear_cent -> tapered_deci_cent. Levels that exist on
  // the new grid are kept for display.
  book.reset_grid(tapered());
  EXPECT_EQ(book.grid().level_count(), 281u);
  EXPECT_TRUE(book.stale());
  EXPECT_EQ(book.stale_reason(), StaleReason::grid_changed);
  EXPECT_EQ(book.best_yes_bid(), (Q{P("0.42"), C("2")}));
  EXPECT_EQ(book.best_yes_ask(), (Q{P("0.44"), C("3")}));
  EXPECT_EQ(book.total_bid_size(YES), C("3"));
  // Sub-penny deltas now apply.
  EXPECT_EQ(book.apply_delta(YES, P("0.0050"), C("9"), T(2)), DeltaResult::ok);
  EXPECT_TRUE(book.stale());
  book.apply_snapshot(yes, no, T(3));
  EXPECT_FALSE(book.stale());
  EXPECT_EQ(book.bid_size_at(YES, P("0.0050")), Count{});

  // Back to a coarser grid: the sub-penny level is dropped.
  book.apply_delta(YES, P("0.0050"), C("9"), T(4));
  book.reset_grid(PriceGrid::linear_cent());
  EXPECT_EQ(book.bid_level_count(YES), 2u);
  EXPECT_EQ(book.total_bid_size(YES), C("3"));
}

TEST(OrderBook, BestLevelTrackingAcrossBitmapWords) {
  // A 1001-level grid spans 16 bitmap words; remove the best level repeatedly and check that
  // the next best is found every time.
  OrderBook book(MarketTicker("X"), *PriceGrid::from_structure("deci_cent"));
  std::vector<BookLevel> yes;
  for (std::int64_t cc = 10; cc < Price::kOne; cc += 70) yes.push_back({Price::of(cc), C("1")});
  book.apply_snapshot(yes, {}, T(1));
  for (auto it = yes.rbegin(); it != yes.rend(); ++it) {
    ASSERT_EQ(book.best_yes_bid(), (Q{it->price, C("1")}));
    ASSERT_EQ(book.apply_delta(YES, it->price, C("-1"), T(2)), DeltaResult::ok);
  }
  EXPECT_TRUE(book.empty());
  EXPECT_EQ(book.best_yes_bid(), std::nullopt);
}

TEST(OrderBook, ToStringCoversEveryEnumerator) {
  EXPECT_EQ(to_string(DeltaResult::negative_level_clamped), "negative_level_clamped");
  EXPECT_EQ(to_string(StaleReason::grid_changed), "grid_changed");
  EXPECT_EQ(to_string(OutcomeSide::no), "no");
  EXPECT_EQ(other(OutcomeSide::no), OutcomeSide::yes);
}

}  // namespace
}  // namespace antevorta::kalshi
