// Binance spot stream frames: the real 2021 recordings in ../shared and our own fixtures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/feeds/feeds_test_util.hpp"

namespace antevorta::feeds::test {
namespace {

using ::testing::IsEmpty;

std::unique_ptr<FeedParser> parser(TimeUnit unit = TimeUnit::millisecond) {
  ParserOptions o =
      options("binance", {{"BTCUSDT", "BTC"}, {"SOLUSDT", "SOL"}, {"ETHUSDT", "ETH"}});
  o.time_unit = unit;
  return make_binance_parser(std::move(o));
}

TEST(BinanceRecorded, CombinedSpotStreams) {
  const auto path = wire_dir("binance") / "combined_stream_spot_2021-10-11.jsonl";
  FEEDS_REQUIRE_WIRE(path);
  auto p = make_binance_parser(options("binance", {{"NKNUSDT", "NKN"}, {"LRCBTC", "LRC"}}));
  const Tally t = run_frames(*p, read_lines(path));
  // Counted with a separate script over the 24 lines: 12 bookTicker (10 NKNUSDT, 2 LRCBTC),
  // 2 aggTrade, 8 depth@100ms and 2 kline_1m (not used: ignored).
  EXPECT_THAT(t.malformed, IsEmpty());
  EXPECT_EQ(t.quotes(), 12);
  EXPECT_EQ(t.trades(), 2);
  EXPECT_EQ(t.count(FrameStatus::data), 14);
  EXPECT_EQ(t.count(FrameStatus::ignored), 10);
  EXPECT_EQ(t.gaps, 0u);
  // Line 8: NKNUSDT bookTicker b 0.35210000, a 0.35260000; no time on spot: stamped on arrival.
  const auto first = std::find_if(t.ticks.begin(), t.ticks.end(),
                                  [](const PriceTick& x) { return x.kind == TickKind::quote; });
  ASSERT_NE(first, t.ticks.end());
  EXPECT_EQ(first->asset, "NKN");
  EXPECT_EQ(first->bid, D("0.3521"));
  EXPECT_EQ(first->ask, D("0.3526"));
  EXPECT_EQ(first->price, D("0.35235"));  // (0.3521 + 0.3526) / 2
  EXPECT_EQ(first->exchange_time, kArrival);
}

TEST(BinanceRecorded, BinanceUsAggTrades) {
  const auto path = wire_dir("binance") / "combined_stream_binance_us_aggTrade_2021-10-11.jsonl";
  FEEDS_REQUIRE_WIRE(path);
  auto p = make_binance_parser(options("binance", {{"OMGBUSD", "OMG"}}));
  const Tally t = run_frames(*p, read_lines(path));
  // 11 aggTrades with ids 425085..425095 in a row.
  EXPECT_THAT(t.malformed, IsEmpty());
  ASSERT_EQ(t.trades(), 11);
  EXPECT_EQ(t.gaps, 0u);
  EXPECT_EQ(t.ticks[0].price, D("13.8048"));
  EXPECT_EQ(t.ticks[0].exchange_time, from_unix_ms(1633998288467));  // T
  EXPECT_EQ(t.ticks[10].price, D("13.7604"));

  // Not configured: the same frames publish nothing.
  auto other = parser();
  const Tally none = run_frames(*other, read_lines(path));
  EXPECT_EQ(none.count(FrameStatus::data), 11);
  EXPECT_THAT(none.ticks, IsEmpty());
}

TEST(BinanceRecorded, NautilusSamplesIncludingLegacyTradeFields) {
  const auto dir = wire_dir("binance");
  FEEDS_REQUIRE_WIRE(dir);
  auto p = parser();
  const One trade = parse_one(*p, read_file(dir / "nautilus_ws_spot_trade.json"));
  ASSERT_EQ(trade.ticks.size(), 1u);
  EXPECT_EQ(trade.ticks[0].kind, TickKind::trade);
  EXPECT_EQ(trade.ticks[0].price, D("4149.74"));
  EXPECT_EQ(trade.ticks[0].exchange_time, from_unix_ms(1639351062243));
  const One agg = parse_one(*p, read_file(dir / "nautilus_ws_spot_agg_trade.json"));
  ASSERT_EQ(agg.ticks.size(), 1u);
  EXPECT_EQ(agg.ticks[0].price, D("1632.46"));
  // This bookTicker sample carries T/E: T is used.
  const One book = parse_one(*p, read_file(dir / "nautilus_ws_spot_book_ticker.json"));
  ASSERT_EQ(book.ticks.size(), 1u);
  EXPECT_EQ(book.ticks[0].kind, TickKind::quote);
  EXPECT_EQ(book.ticks[0].price, D("4507.245"));  // (4507.24 + 4507.25) / 2
  EXPECT_EQ(book.ticks[0].exchange_time, from_unix_ms(1646199228121));
}

TEST(Binance, BareRawStreamPayloads) {
  auto p = parser();
  const One trade = parse_one(*p, R"({"e":"trade","E":1700000000001,"s":"BTCUSDT","t":5,
    "p":"98765.43210000","q":"0.001","T":1700000000000,"m":true,"M":true})");
  ASSERT_EQ(trade.ticks.size(), 1u);
  EXPECT_EQ(trade.ticks[0].price, D("98765.4321"));
  EXPECT_EQ(trade.ticks[0].exchange_time, from_unix_ms(1700000000000));
  const One book = parse_one(
      *p,
      R"({"u":400900217,"s":"SOLUSDT","b":"142.10000000","B":"31.2","a":"142.12000000","A":"40"})");
  ASSERT_EQ(book.ticks.size(), 1u);
  EXPECT_EQ(book.ticks[0].asset, "SOL");
  EXPECT_EQ(book.ticks[0].price, D("142.11"));
}

TEST(Binance, MicrosecondTimeUnit) {
  auto p = parser(TimeUnit::microsecond);
  const One one =
      parse_one(*p, R"({"stream":"btcusdt@trade","data":{"e":"trade","E":1700000000000123,
    "s":"BTCUSDT","t":1,"p":"1.5","q":"1","T":1700000000000456,"m":false}})");
  ASSERT_EQ(one.ticks.size(), 1u);
  // T = 1700000000000456 µs = 1700000000 s + 456 µs.
  EXPECT_EQ(one.ticks[0].exchange_time, utc(1700000000, 456'000));
}

TEST(Binance, TimesBeyondTheClockRangeFallBackToArrival) {
  auto ms = parser();
  // 7258118400000 ms is 2200-01-01: refused; one millisecond earlier is kept.
  const One late = parse_one(*ms, R"({"e":"trade","s":"BTCUSDT","p":"1","T":7258118400000})");
  ASSERT_EQ(late.ticks.size(), 1u);
  EXPECT_EQ(late.ticks[0].exchange_time, kArrival);
  const One edge = parse_one(*ms, R"({"e":"trade","s":"BTCUSDT","p":"1","T":7258118399999})");
  EXPECT_EQ(edge.ticks[0].exchange_time, from_unix_ms(7258118399999));
  const One huge = parse_one(*ms, R"({"e":"trade","s":"BTCUSDT","p":"1","T":9223372036854775807})");
  EXPECT_EQ(huge.ticks[0].exchange_time, kArrival);
  auto us = parser(TimeUnit::microsecond);
  const One micro = parse_one(*us, R"({"e":"trade","s":"BTCUSDT","p":"1","T":7258118400000000})");
  EXPECT_EQ(micro.ticks[0].exchange_time, kArrival);
}

TEST(Binance, TradeIdGapsPerSymbolAndIdSpace) {
  auto p = parser();
  const auto trade = [](const char* s, int t) {
    return std::string(R"({"e":"trade","s":")") + s + R"(","t":)" + std::to_string(t) +
           R"(,"p":"1","T":1})";
  };
  const auto agg = [](const char* s, int a) {
    return std::string(R"({"e":"aggTrade","s":")") + s + R"(","a":)" + std::to_string(a) +
           R"(,"p":"1","T":1})";
  };
  EXPECT_EQ(parse_one(*p, trade("BTCUSDT", 100)).result.gaps, 0u);
  EXPECT_EQ(parse_one(*p, agg("BTCUSDT", 7)).result.gaps, 0u);      // its own id space
  EXPECT_EQ(parse_one(*p, trade("SOLUSDT", 900)).result.gaps, 0u);  // its own symbol
  EXPECT_EQ(parse_one(*p, trade("BTCUSDT", 101)).result.gaps, 0u);
  EXPECT_EQ(parse_one(*p, trade("BTCUSDT", 104)).result.gaps, 1u);
  EXPECT_EQ(parse_one(*p, agg("BTCUSDT", 9)).result.gaps, 1u);
  const One replayed = parse_one(*p, trade("BTCUSDT", 103));  // below the last: dropped
  EXPECT_EQ(replayed.result.status, FrameStatus::ignored);
  EXPECT_THAT(replayed.ticks, IsEmpty());
}

TEST(Binance, TradeIdsAtTheEndsOfTheIntegerRange) {
  auto p = parser();
  const auto trade = [](const char* id) {
    return std::string(R"({"e":"trade","s":"BTCUSDT","p":"1","t":)") + id + "}";
  };
  EXPECT_EQ(parse_one(*p, trade("-9223372036854775808")).result.gaps, 0u);
  // From INT64_MIN to INT64_MAX: a (huge) gap, computed without overflow.
  EXPECT_EQ(parse_one(*p, trade("9223372036854775807")).result.gaps, 1u);
  EXPECT_EQ(parse_one(*p, trade("9223372036854775807")).result.gaps, 0u);  // a repeat
  EXPECT_EQ(parse_one(*p, trade("9223372036854775806")).result.status, FrameStatus::ignored);
  // Beyond int64: not an id this parser can hold.
  EXPECT_EQ(parse_one(*p, trade("9223372036854775808")).result.status, FrameStatus::malformed);
}

TEST(Binance, ControlMessages) {
  auto p = parser();
  EXPECT_EQ(parse_one(*p, R"({"result":null,"id":1})").result.status, FrameStatus::subscribed);
  EXPECT_EQ(parse_one(*p, R"({"result":["btcusdt@trade"],"id":3})").result.status,
            FrameStatus::subscribed);
  const One error =
      parse_one(*p, R"({"code":2,"msg":"Invalid request: unknown variant `SUBSCRIBEX`","id":4})");
  EXPECT_EQ(error.result.status, FrameStatus::error);
  EXPECT_EQ(error.text, "code 2: Invalid request: unknown variant `SUBSCRIBEX`");
  EXPECT_EQ(parse_one(*p, R"({"e":"serverShutdown","E":1700000000000})").result.status,
            FrameStatus::shutdown);
  EXPECT_EQ(parse_one(*p, R"({"stream":"!serverShutdown","data":{"e":"serverShutdown","E":1}})")
                .result.status,
            FrameStatus::shutdown);
  EXPECT_EQ(
      parse_one(*p,
                R"({"stream":"btcusdt@kline_1m","data":{"e":"kline","s":"BTCUSDT","k":{"c":"1"}}})")
          .result.status,
      FrameStatus::ignored);
  EXPECT_EQ(parse_one(*p, R"({"e":"somethingNew","s":"BTCUSDT","p":"1"})").result.status,
            FrameStatus::ignored);
}

TEST(Binance, BadFieldsAreMalformed) {
  auto p = parser();
  EXPECT_EQ(parse_one(*p, R"({"e":"trade","s":"BTCUSDT","t":1,"p":1e3})").result.status,
            FrameStatus::malformed);  // an exponent is not a wire decimal
  EXPECT_EQ(parse_one(*p, R"({"e":"trade","t":1,"p":"1"})").result.status,
            FrameStatus::malformed);  // no symbol
  EXPECT_EQ(parse_one(*p, R"({"e":"trade","s":"BTCUSDT","t":"x","p":"1"})").result.status,
            FrameStatus::malformed);
  EXPECT_EQ(parse_one(*p, R"({"stream":"btcusdt@bookTicker","data":{"s":"BTCUSDT","b":"1"}})")
                .result.status,
            FrameStatus::malformed);  // no ask
  EXPECT_EQ(parse_one(*p, R"({"stream":"btcusdt@trade","data":[]})").result.status,
            FrameStatus::malformed);
}

}  // namespace
}  // namespace antevorta::feeds::test
