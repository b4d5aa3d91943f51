#include "antevorta/sim/catalog.hpp"

#include <gtest/gtest.h>

namespace antevorta::sim {
namespace {

using namespace std::chrono;

Timestamp utc(int y, unsigned m, unsigned d, int h, int min) {
  return Timestamp{sys_days{year{y} / month{m} / day{d}} + hours(h) + minutes(min)};
}

TEST(EasternTime, FollowsTheUsDaylightSavingRule) {
  EXPECT_EQ(eastern_utc_offset(utc(2026, 9, 7, 23, 0)), hours(-4));
  EXPECT_EQ(eastern_utc_offset(utc(2026, 11, 21, 12, 0)), hours(-5));
  // 2026: DST from Sunday 8 March 07:00 UTC to Sunday 1 November 06:00 UTC.
  EXPECT_EQ(eastern_utc_offset(utc(2026, 3, 8, 6, 59)), hours(-5));
  EXPECT_EQ(eastern_utc_offset(utc(2026, 3, 8, 7, 0)), hours(-4));
  EXPECT_EQ(eastern_utc_offset(utc(2026, 11, 1, 5, 59)), hours(-4));
  EXPECT_EQ(eastern_utc_offset(utc(2026, 11, 1, 6, 0)), hours(-5));
}

TEST(EasternTime, TickerStampIsTheCloseInEasternTime) {
  // API-NOTES §10.1: KXBTC15M-26SEP071900-00 closes 2026-09-07T23:00:00Z (19:00 EDT).
  EXPECT_EQ(eastern_ticker_stamp(utc(2026, 9, 7, 23, 0)), "26SEP071900");
  EXPECT_EQ(eastern_ticker_stamp(utc(2026, 11, 22, 0, 15)), "26NOV211915");
}

TEST(Catalog, CryptoWindowsAreQuarterHourMarketsOnShardTwo) {
  Catalog c;
  const Timestamp now = utc(2026, 9, 7, 22, 50);
  const CryptoSeriesSpec btc{SeriesTicker{"KXBTC15M"}, "BTC", "BRTI",
                             Decimal::parse("78934.674").value(), 2};
  const auto added = c.add_crypto_windows(btc, now, minutes(30), btc.start_price);
  ASSERT_EQ(added.size(), 2u);
  EXPECT_EQ(added[0].str(), "KXBTC15M-26SEP071900-00");
  EXPECT_EQ(added[1].str(), "KXBTC15M-26SEP071915-15");
  const SimMarket* m = c.market(added[0]);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->open_time, utc(2026, 9, 7, 22, 45));
  EXPECT_EQ(m->close_time, utc(2026, 9, 7, 23, 0));
  EXPECT_EQ(m->status, kalshi::MarketStatus::active);
  EXPECT_EQ(c.market(added[1])->status, kalshi::MarketStatus::initialized);
  EXPECT_EQ(m->exchange_index, 2);
  EXPECT_EQ(m->grid.level_count(), 281u);
  EXPECT_EQ(m->floor_strike, Decimal::parse("78934.67").value());
  EXPECT_EQ(m->yes_sub_title, "Target Price: $78,934.67");
  EXPECT_EQ(m->index_id, "BRTI");
  // The next window gets its target when it opens.
  EXPECT_FALSE(c.market(added[1])->floor_strike.has_value());
  EXPECT_EQ(c.market(added[1])->yes_sub_title, "Target Price: TBD");
  EXPECT_EQ(c.event(m->event)->series.str(), "KXBTC15M");
  EXPECT_EQ(c.fee_schedule(*m).type, kalshi::FeeType::quadratic);
  // Adding again is idempotent.
  EXPECT_TRUE(c.add_crypto_windows(btc, now, minutes(30), btc.start_price).empty());
}

TEST(Catalog, SeedListsGenericAndCryptoMarketsDeterministically) {
  const Timestamp now = utc(2026, 11, 21, 12, 7);
  const Catalog a = Catalog::seeded(now, 7);
  const Catalog b = Catalog::seeded(now, 7);
  ASSERT_EQ(a.market_order(), b.market_order());
  EXPECT_GE(a.market_order().size(), 8u);
  std::size_t crypto = 0;
  for (const auto& t : a.market_order()) {
    const SimMarket* m = a.market(t);
    EXPECT_EQ(m->fair_value, b.market(t)->fair_value);
    crypto += m->exchange_index == 2;
  }
  EXPECT_EQ(crypto, 4u);  // two windows each for BTC and SOL
  const auto temp = a.markets_of(EventTicker{"KXSIMTEMP-26NOV22"});
  EXPECT_EQ(temp.size(), 3u);
  EXPECT_TRUE(a.event(EventTicker{"KXSIMTEMP-26NOV22"})->mutually_exclusive);
}

TEST(Catalog, ShorterWindowsCloseAtMultiplesOfTheirLength) {
  Catalog c;
  // 22:50:30Z: one-minute windows close at 22:51 and 22:52 (horizon two minutes).
  const Timestamp now = utc(2026, 9, 7, 22, 50) + seconds(30);
  CryptoSeriesSpec btc{
      SeriesTicker{"KXBTC15M"}, "BTC", "BRTI", Decimal::parse("98000").value(), 2, minutes(1), 1.0};
  const auto added = c.add_crypto_windows(btc, now, minutes(2), btc.start_price);
  ASSERT_EQ(added.size(), 2u);
  EXPECT_EQ(added[0].str(), "KXBTC15M-26SEP071851-51");
  EXPECT_EQ(added[1].str(), "KXBTC15M-26SEP071852-52");
  EXPECT_EQ(c.market(added[0])->open_time, utc(2026, 9, 7, 22, 50));
  EXPECT_EQ(c.market(added[0])->title, "BTC price up in next 1 min?");
}

TEST(Catalog, TargetSubTitleGroupsThousands) {
  EXPECT_EQ(target_sub_title(Decimal::parse("80019.4").value(), 2), "Target Price: $80,019.40");
  EXPECT_EQ(target_sub_title(Decimal::parse("1234567.5").value(), 2),
            "Target Price: $1,234,567.50");
  EXPECT_EQ(target_sub_title(Decimal::parse("140.1234").value(), 4), "Target Price: $140.1234");
  EXPECT_EQ(target_sub_title(Decimal::parse("999").value(), 2), "Target Price: $999.00");
  EXPECT_EQ(target_sub_title(std::nullopt, 2), "Target Price: TBD");
}

}  // namespace
}  // namespace antevorta::sim
