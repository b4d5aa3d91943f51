// The market scanner's filters (scanner_accepts): each one keeps and drops, at its boundary.
#include <gtest/gtest.h>

#include "antevorta/kalshi/market_scanner.hpp"

namespace antevorta::kalshi {
namespace {

using namespace std::chrono_literals;

const Timestamp kNow = from_unix_ms(1'800'000'000'000);

Market market(const std::string& ticker, const std::string& event) {
  Market m;
  m.ticker = MarketTicker(ticker);
  m.event_ticker = EventTicker(event);
  m.created_time = kNow - 1h;
  m.close_time = kNow + 10min;
  m.volume = Count::contracts(100);
  m.open_interest = Count::contracts(40);
  m.grid = PriceGrid::linear_cent();
  return m;
}

TEST(ScannerFilter, DefaultsKeepAnOrdinaryMarketAndDropMultivariateCombos) {
  const ScannerOptions o;
  EXPECT_TRUE(scanner_accepts(o, market("KXBTC15M-26NOV211215-15", "KXBTC15M-26NOV211215"), kNow));
  EXPECT_FALSE(scanner_accepts(o, market("KXMVECROSS-26NOV-ABC", "KXMVECROSS-26NOV"), kNow));
  auto combo = market("KXSOMETHING-1", "KXSOMETHING");
  combo.mve_collection_ticker = "KXMVECOLL";
  EXPECT_FALSE(scanner_accepts(o, combo, kNow));

  ScannerOptions with_combos;
  with_combos.include_multivariate = true;
  EXPECT_TRUE(scanner_accepts(with_combos, combo, kNow));
}

TEST(ScannerFilter, SeriesIsTheEventTickersFirstSegment) {
  ScannerOptions o;
  o.series = {SeriesTicker("KXBTC15M"), SeriesTicker("KXSOL15M")};
  EXPECT_TRUE(scanner_accepts(o, market("KXSOL15M-26NOV211215-15", "KXSOL15M-26NOV211215"), kNow));
  EXPECT_FALSE(scanner_accepts(o, market("KXBTCD-26NOV2117-T1", "KXBTCD-26NOV2117"), kNow));
  // A prefix of a configured series is another series.
  EXPECT_FALSE(scanner_accepts(o, market("KXBTC-26NOV-B1", "KXBTC-26NOV"), kNow));
}

TEST(ScannerFilter, CreatedWithinIsInclusiveAndNeedsACreationTime) {
  ScannerOptions o;
  o.created_within = 1h;
  auto m = market("A-1", "A");
  EXPECT_TRUE(scanner_accepts(o, m, kNow));  // created exactly 1 h ago
  m.created_time = kNow - 1h - 1ms;
  EXPECT_FALSE(scanner_accepts(o, m, kNow));
  m.created_time.reset();
  EXPECT_FALSE(scanner_accepts(o, m, kNow));
}

TEST(ScannerFilter, CloseWindowBoundsAreInclusive) {
  ScannerOptions o;
  o.min_time_to_close = 2min;
  o.max_time_to_close = 10min;
  auto m = market("A-1", "A");
  EXPECT_TRUE(scanner_accepts(o, m, kNow));  // closes in exactly 10 min
  m.close_time = kNow + 10min + 1ms;
  EXPECT_FALSE(scanner_accepts(o, m, kNow));
  m.close_time = kNow + 2min;
  EXPECT_TRUE(scanner_accepts(o, m, kNow));
  m.close_time = kNow + 2min - 1ms;
  EXPECT_FALSE(scanner_accepts(o, m, kNow));
  m.close_time.reset();
  EXPECT_FALSE(scanner_accepts(o, m, kNow));
}

TEST(ScannerFilter, MinimumVolumeAndOpenInterest) {
  ScannerOptions o;
  o.min_volume = Count::contracts(100);
  o.min_open_interest = Count::contracts(40);
  auto m = market("A-1", "A");
  EXPECT_TRUE(scanner_accepts(o, m, kNow));  // exactly at both minimums
  m.volume = Count::from_centi(9999);
  EXPECT_FALSE(scanner_accepts(o, m, kNow));
  m.volume = Count::contracts(500);
  m.open_interest.reset();  // unknown counts as none
  EXPECT_FALSE(scanner_accepts(o, m, kNow));
}

TEST(ScannerFilter, AMarketWithoutAPriceGridCannotBeFollowed) {
  auto m = market("A-1", "A");
  m.grid.reset();
  EXPECT_FALSE(scanner_accepts(ScannerOptions{}, m, kNow));
}

}  // namespace
}  // namespace antevorta::kalshi
