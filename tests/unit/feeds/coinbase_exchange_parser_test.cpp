// Coinbase Exchange feed frames: the real 2021 recordings in ../shared and our own fixtures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/feeds/feeds_test_util.hpp"

namespace antevorta::feeds::test {
namespace {

using ::testing::IsEmpty;

// Every product of the recording, mapped to its base currency.
std::unique_ptr<FeedParser> recording_parser() {
  return make_coinbase_exchange_parser(options("coinbase", {{"BAND-GBP", "BAND"},
                                                            {"BAND-BTC", "BANDBTC"},
                                                            {"YFI-BTC", "YFI"},
                                                            {"NU-GBP", "NU"},
                                                            {"CRV-EUR", "CRV"},
                                                            {"SKL-GBP", "SKL"},
                                                            {"SKL-USD", "SKLUSD"},
                                                            {"SKL-BTC", "SKLBTC"},
                                                            {"NMR-EUR", "NMR"},
                                                            {"DASH-BTC", "DASH"}}));
}

std::unique_ptr<FeedParser> parser() {
  return make_coinbase_exchange_parser(options("coinbase", {{"BTC-USD", "BTC"}}));
}

TEST(CoinbaseExchangeRecorded, TickerAndMatchesCountsAndValues) {
  const auto path = wire_dir("coinbase") / "exchange_feed_ticker_matches_2021-04-17.jsonl";
  FEEDS_REQUIRE_WIRE(path);
  auto p = recording_parser();
  const Tally t = run_frames(*p, read_lines(path));
  // Counted with a separate script over the 48 lines: 3 subscriptions, 20 ticker (all with
  // 0 < best_bid <= best_ask), 5 last_match (history: no tick), 20 match; per product the
  // sequence never goes back and match trade ids run without holes.
  EXPECT_THAT(t.malformed, IsEmpty());
  EXPECT_EQ(t.count(FrameStatus::subscribed), 3);
  EXPECT_EQ(t.count(FrameStatus::data), 45);
  EXPECT_EQ(t.count(FrameStatus::ignored), 0);
  EXPECT_EQ(t.quotes(), 20);
  EXPECT_EQ(t.trades(), 20);
  EXPECT_EQ(t.gaps, 0u);

  // Line 3: BAND-GBP ticker, best_bid 14.7550, best_ask 14.8060, time
  // 2021-04-17T16:43:30.244075Z (unix 1618677810).
  const PriceTick& first = t.ticks[0];
  EXPECT_EQ(first.asset, "BAND");
  EXPECT_EQ(first.kind, TickKind::quote);
  EXPECT_EQ(first.bid, D("14.7550"));
  EXPECT_EQ(first.ask, D("14.8060"));
  EXPECT_EQ(first.price, D("14.7805"));  // (14.7550 + 14.8060) / 2
  EXPECT_EQ(first.exchange_time, utc(1618677810, 244'075'000));
  // The SKL-BTC ticker: bid 0.00001302, ask 0.00001305; the mid 0.000013035 is rounded
  // down at 1e-8 to 0.00001303.
  const auto skl = std::find_if(t.ticks.begin(), t.ticks.end(),
                                [](const PriceTick& x) { return x.asset == "SKLBTC"; });
  ASSERT_NE(skl, t.ticks.end());
  EXPECT_EQ(skl->price, D("0.00001303"));
  // The first match is SKL-BTC trade 280232 at 0.00001305.
  const auto match = std::find_if(t.ticks.begin(), t.ticks.end(),
                                  [](const PriceTick& x) { return x.kind == TickKind::trade; });
  ASSERT_NE(match, t.ticks.end());
  EXPECT_EQ(match->asset, "SKLBTC");
  EXPECT_EQ(match->price, D("0.00001305"));
}

TEST(CoinbaseExchangeRecorded, Level2IsIgnoredNotMalformed) {
  const auto path = wire_dir("coinbase") / "exchange_feed_level2_SKL-GBP_2021-04-17.jsonl";
  FEEDS_REQUIRE_WIRE(path);
  auto p = recording_parser();
  const Tally t = run_frames(*p, read_lines(path));
  EXPECT_EQ(t.count(FrameStatus::ignored), 13);  // 1 snapshot + 12 l2update
  EXPECT_THAT(t.ticks, IsEmpty());
}

TEST(CoinbaseExchange, MatchIsATradeAndTickerAQuote) {
  auto p = parser();
  const One match = parse_one(*p, R"({"type":"match","trade_id":10,"maker_order_id":"a",
    "taker_order_id":"b","side":"sell","size":"0.5","price":"98765.43210000","product_id":"BTC-USD",
    "sequence":50,"time":"2021-04-17T16:43:29.571587Z","future_field":[1,{"x":null}]})");
  EXPECT_EQ(match.result.status, FrameStatus::data);
  ASSERT_EQ(match.ticks.size(), 1u);
  EXPECT_EQ(match.ticks[0].kind, TickKind::trade);
  EXPECT_EQ(match.ticks[0].price.scaled(), 9'876'543'210'000);  // 98765.4321 × 1e8, exact
  EXPECT_EQ(match.ticks[0].exchange_time, utc(1618677809, 571'587'000));

  const One ticker = parse_one(*p, R"({"type":"ticker","sequence":51,"product_id":"BTC-USD",
    "price":"82283","best_bid":"82282.5","best_ask":"82283","best_bid_size":"1","side":"buy",
    "time":"2021-04-17T16:43:30.244075Z","trade_id":10,"last_size":"0.5"})");
  ASSERT_EQ(ticker.ticks.size(), 1u);
  EXPECT_EQ(ticker.ticks[0].kind, TickKind::quote);
  EXPECT_EQ(ticker.ticks[0].price, D("82282.75"));
}

TEST(CoinbaseExchange, TradeIdGapsAndOldMessages) {
  auto p = parser();
  const auto match = [](int trade_id, int sequence, const char* type = "match") {
    return std::string(R"({"type":")") + type + R"(","trade_id":)" + std::to_string(trade_id) +
           R"(,"price":"100","product_id":"BTC-USD","sequence":)" + std::to_string(sequence) + "}";
  };
  EXPECT_EQ(parse_one(*p, match(7, 100, "last_match")).ticks.size(), 0u);  // history
  One next = parse_one(*p, match(8, 130));
  EXPECT_EQ(next.result.gaps, 0u);
  EXPECT_EQ(next.ticks.size(), 1u);
  One skipped = parse_one(*p, match(11, 170));  // 9 and 10 never came
  EXPECT_EQ(skipped.result.gaps, 1u);
  EXPECT_EQ(skipped.ticks.size(), 1u);
  // A message older (by sequence) than one already seen is dropped.
  const One old = parse_one(*p, match(12, 150));
  EXPECT_EQ(old.result.status, FrameStatus::ignored);
  EXPECT_THAT(old.ticks, IsEmpty());
  // The ticker of the same trade shares the match's sequence: not old.
  const One same = parse_one(*p, R"({"type":"ticker","sequence":170,"product_id":"BTC-USD",
    "price":"100","best_bid":"99","best_ask":"101"})");
  EXPECT_EQ(same.ticks.size(), 1u);
  p->reset();  // new connection: sequences start over
  EXPECT_EQ(parse_one(*p, match(3, 5)).ticks.size(), 1u);
}

TEST(CoinbaseExchange, ControlMessages) {
  auto p = parser();
  EXPECT_EQ(
      parse_one(
          *p,
          R"({"type":"subscriptions","channels":[{"name":"ticker","product_ids":["BTC-USD"]}],"account_ids":null})")
          .result.status,
      FrameStatus::subscribed);
  EXPECT_EQ(
      parse_one(
          *p,
          R"({"type":"heartbeat","sequence":90,"last_trade_id":20,"product_id":"BTC-USD","time":"2021-04-17T16:43:30.244075Z"})")
          .result.status,
      FrameStatus::heartbeat);
  const One error = parse_one(
      *p,
      R"({"type":"error","message":"Failed to subscribe","reason":"BTC-XYZ is not a valid product"})");
  EXPECT_EQ(error.result.status, FrameStatus::error);
  EXPECT_EQ(error.text, "Failed to subscribe (BTC-XYZ is not a valid product)");
  EXPECT_EQ(parse_one(*p, R"({"type":"received","order_id":"x"})").result.status,
            FrameStatus::ignored);
}

TEST(CoinbaseExchange, UnconfiguredProductsAreData) {
  auto p = parser();
  const One eth = parse_one(
      *p, R"({"type":"match","trade_id":1,"price":"3000","product_id":"ETH-USD","sequence":1})");
  EXPECT_EQ(eth.result.status, FrameStatus::data);
  EXPECT_THAT(eth.ticks, IsEmpty());
}

TEST(CoinbaseExchange, MissingOrBadFieldsAreMalformed) {
  auto p = parser();
  EXPECT_EQ(parse_one(*p, R"({"type":"match","price":"1","sequence":1})").result.status,
            FrameStatus::malformed);  // no product_id
  EXPECT_EQ(parse_one(*p, R"({"type":"match","product_id":"BTC-USD","sequence":1})").result.status,
            FrameStatus::malformed);  // no price
  EXPECT_EQ(parse_one(*p, R"({"type":"match","product_id":"BTC-USD","price":"-1"})").result.status,
            FrameStatus::malformed);  // a trade at a negative price
  EXPECT_EQ(
      parse_one(*p, R"({"type":"ticker","product_id":"BTC-USD","best_bid":true})").result.status,
      FrameStatus::malformed);
  EXPECT_EQ(parse_one(*p, R"({"product_id":"BTC-USD"})").result.status, FrameStatus::malformed);
}

}  // namespace
}  // namespace antevorta::feeds::test
