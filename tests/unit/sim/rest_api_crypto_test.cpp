// A crypto window through REST: the target before and after open, and after close the
// result and expiration_value by the settlement rule on the simulated index.
#include "antevorta/sim/crypto_model.hpp"

#include "unit/sim/rest_api_fixture.hpp"

namespace antevorta::sim::test {
namespace {

using namespace std::chrono_literals;

using RestCryptoTest = RestApiFixture;

TEST_F(RestCryptoTest, WindowSettlesOnTheIndexAverageAndTheNextOneTakesItAsTarget) {
  const std::string open = btc_ticker();
  const SimMarket& m = *exchange_.catalog().market(MarketTicker(open));
  const SimMarket* next = nullptr;
  for (const auto& t : exchange_.catalog().market_order()) {
    const SimMarket* c = exchange_.catalog().market(t);
    if (c->series == m.series && c->open_time == m.close_time) next = c;
  }
  ASSERT_NE(next, nullptr);
  // Before it opens, the next window has no target.
  json before = parsed(get("/markets/" + next->ticker.str()))["market"];
  EXPECT_FALSE(before.contains("floor_strike"));
  EXPECT_EQ(before["yes_sub_title"], "Target Price: TBD");
  EXPECT_EQ(before["expiration_value"], "");

  clock_.advance_to(m.close_time);
  exchange_.tick();  // closes the window, opens the next
  clock_.advance(1s);
  exchange_.tick();  // determines it

  const IndexPath& index = *exchange_.indices().by_id("BRTI");
  const IndexAverage avg = settlement_average(
      index, std::chrono::floor<std::chrono::seconds>(m.close_time).time_since_epoch().count());
  EXPECT_EQ(avg.count, 60);
  const json market = parsed(get("/markets/" + open))["market"];
  EXPECT_EQ(market["status"], "determined");
  EXPECT_EQ(market["expiration_value"], fixed_text(avg.value, 8));
  EXPECT_EQ(market["result"], avg.value >= *m.floor_strike ? "yes" : "no");
  // The next window's target is that average rounded to cents.
  const json after = parsed(get("/markets/" + next->ticker.str()))["market"];
  const auto parsed_next =
      kalshi::parse_market_response(parsed(get("/markets/" + next->ticker.str())));
  ASSERT_TRUE(parsed_next) << parsed_next.error();
  EXPECT_EQ(parsed_next->floor_strike, round_decimals(avg.value, 2));
  EXPECT_EQ(after["yes_sub_title"].get<std::string>().rfind("Target Price: $", 0), 0u);
}

}  // namespace
}  // namespace antevorta::sim::test
