// Kraken WS v2 frames: the docs-shaped samples and the real v1 recordings in ../shared, and
// our own fixtures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/feeds/feeds_test_util.hpp"

namespace antevorta::feeds::test {
namespace {

using ::testing::IsEmpty;

std::unique_ptr<FeedParser> parser() {
  return make_kraken_parser(options("kraken", {{"BTC/USD", "BTC"}, {"SHIB/USD", "SHIB"}}));
}

TEST(KrakenRecorded, V2Samples) {
  const auto dir = wire_dir("kraken");
  FEEDS_REQUIRE_WIRE(dir);
  auto p = parser();
  const auto frame = [&](const char* name) { return parse_one(*p, read_file(dir / name)); };

  const One ticker = frame("nautilus_v2_ws_ticker_snapshot.json");
  EXPECT_EQ(ticker.result.status, FrameStatus::data);
  ASSERT_EQ(ticker.ticks.size(), 1u);
  EXPECT_EQ(ticker.ticks[0].venue, Venue::kraken);
  EXPECT_EQ(ticker.ticks[0].kind, TickKind::quote);
  EXPECT_EQ(ticker.ticks[0].bid, D("105944.20"));
  EXPECT_EQ(ticker.ticks[0].ask, D("105944.30"));
  EXPECT_EQ(ticker.ticks[0].price, D("105944.25"));  // (105944.20 + 105944.30) / 2
  // "2022-12-25T09:30:59.123456Z" = unix 1671960659 + 123456 µs.
  EXPECT_EQ(ticker.ticks[0].exchange_time, utc(1671960659, 123'456'000));

  const One trades = frame("nautilus_v2_ws_trade_update.json");
  ASSERT_EQ(trades.ticks.size(), 2u);
  EXPECT_EQ(trades.ticks[0].price, D("105944.20"));
  EXPECT_EQ(trades.ticks[0].exchange_time, utc(1696613755, 440'295'000));
  EXPECT_EQ(trades.ticks[1].price, D("105910.50"));
  EXPECT_EQ(trades.ticks[1].exchange_time, utc(1696613756, 123'456'000));
  EXPECT_EQ(trades.result.gaps, 0u);  // trade ids 10218208, 10218209

  EXPECT_EQ(frame("nautilus_v2_ws_subscribe_response.json").result.status, FrameStatus::subscribed);
  EXPECT_EQ(frame("nautilus_v2_ws_pong.json").result.status, FrameStatus::heartbeat);
  EXPECT_EQ(frame("nautilus_v2_ws_book_snapshot.json").result.status, FrameStatus::ignored);
  EXPECT_EQ(frame("nautilus_v2_ws_book_update.json").result.status, FrameStatus::ignored);
}

// The v1 protocol is not ours, but its real frames (arrays, `event` objects, a connectionID
// above 2^63) must pass through a v2 parser harmlessly: ignored, never malformed.
TEST(KrakenRecorded, V1FramesAreIgnoredNotMalformed) {
  const auto dir = wire_dir("kraken");
  FEEDS_REQUIRE_WIRE(dir);
  auto p = make_kraken_parser(options("kraken", {{"XBT/USD", "BTC"}, {"XMR/USD", "XMR"}}));
  int frames = 0;
  for (const char* name : {"v1_ticker_2021-04-17.jsonl", "v1_trade_2021-04-17.jsonl",
                           "v1_book_GRT-ETH_2021-04-17.jsonl"}) {
    const auto lines = read_lines(dir / name);
    frames += static_cast<int>(lines.size());
    const Tally t = run_frames(*p, lines);
    EXPECT_THAT(t.ticks, IsEmpty()) << name;
    EXPECT_EQ(t.count(FrameStatus::ignored), static_cast<int>(lines.size())) << name;
  }
  EXPECT_GE(frames, 40);  // 25 ticker + 15 trade lines, plus the book file
}

TEST(Kraken, NumbersKeepTheirExactDigits) {
  auto p = parser();
  const One one = parse_one(*p, R"({"channel":"ticker","type":"update","data":[{"symbol":"SHIB/USD",
    "bid":0.00003630,"bid_qty":125000000.5,"ask":0.00003640,"ask_qty":1e9,"last":0.00003630,
    "volume":1.2e10,"vwap":0.0000363,"low":0.000035,"high":0.0000371,"change":-0.0000001,
    "change_pct":-0.27,"trades":12,"timestamp":"2026-03-01T12:00:00.123456Z"}]})");
  ASSERT_EQ(one.ticks.size(), 1u);
  EXPECT_EQ(one.ticks[0].asset, "SHIB");
  EXPECT_EQ(one.ticks[0].bid->scaled(), 3630);  // 0.00003630 × 1e8
  EXPECT_EQ(one.ticks[0].ask->scaled(), 3640);
  EXPECT_EQ(one.ticks[0].price.scaled(), 3635);  // (3630 + 3640) / 2
  EXPECT_EQ(one.ticks[0].exchange_time, utc(1772366400, 123'456'000));

  const One big = parse_one(*p, R"({"channel":"trade","type":"update","data":[{"symbol":"BTC/USD",
    "side":"buy","price":98765.43210000,"qty":0.00027625,"ord_type":"limit","trade_id":5,
    "timestamp":"2026-03-01T12:00:00Z"}]})");
  ASSERT_EQ(big.ticks.size(), 1u);
  EXPECT_EQ(big.ticks[0].price.scaled(), 9'876'543'210'000);
}

TEST(Kraken, StatusWithAConnectionIdBeyondInt64) {
  auto p = parser();
  const One status =
      parse_one(*p, R"({"channel":"status","type":"update","data":[{"api_version":"v2",
    "connection_id":15483510049470446170,"system":"online","version":"2.0.10"}]})");
  EXPECT_EQ(status.result.status, FrameStatus::info);
  EXPECT_EQ(status.text, "online");
  const One maintenance = parse_one(
      *p,
      R"({"channel":"status","data":[{"connection_id":18446744073709551615,"system":"maintenance"}]})");
  EXPECT_EQ(maintenance.text, "maintenance");
}

TEST(Kraken, HeartbeatsAndMethodResponses) {
  auto p = parser();
  EXPECT_EQ(parse_one(*p, R"({"channel":"heartbeat"})").result.status, FrameStatus::heartbeat);
  EXPECT_EQ(
      parse_one(
          *p,
          R"({"method":"pong","req_id":101,"time_in":"2026-03-01T12:00:00.000001Z","time_out":"2026-03-01T12:00:00.000002Z"})")
          .result.status,
      FrameStatus::heartbeat);
  const One failed =
      parse_one(*p, R"({"error":"Currency pair not supported XYZ/USD","method":"subscribe",
    "req_id":2,"success":false,"symbol":"XYZ/USD","time_in":"2026-03-01T12:00:00Z","time_out":"2026-03-01T12:00:00Z"})");
  EXPECT_EQ(failed.result.status, FrameStatus::error);
  EXPECT_EQ(failed.text, "subscribe failed: Currency pair not supported XYZ/USD");
  EXPECT_EQ(
      parse_one(
          *p,
          R"({"method":"subscribe","result":{"channel":"trade","symbol":"BTC/USD","snapshot":false},"success":true,"req_id":2})")
          .result.status,
      FrameStatus::subscribed);
  EXPECT_EQ(parse_one(*p, R"({"method":"unsubscribe","success":true,"req_id":3})").result.status,
            FrameStatus::ignored);
  EXPECT_EQ(parse_one(*p, R"({"channel":"ohlc","type":"update","data":[{"symbol":"BTC/USD"}]})")
                .result.status,
            FrameStatus::ignored);
}

TEST(Kraken, TradeSnapshotsAreHistoryAndTradeIdsCountGaps) {
  auto p = parser();
  const auto trades = [](const char* type, std::initializer_list<int> ids) {
    std::string data;
    for (int id : ids) {
      if (!data.empty()) data += ',';
      data += R"({"symbol":"BTC/USD","side":"sell","price":100.5,"qty":1,"trade_id":)" +
              std::to_string(id) + R"(,"timestamp":"2026-03-01T12:00:00Z"})";
    }
    return std::string(R"({"channel":"trade","type":")") + type + R"(","data":[)" + data + "]}";
  };
  const One snapshot = parse_one(*p, trades("snapshot", {40, 41, 42}));
  EXPECT_EQ(snapshot.result.status, FrameStatus::data);
  EXPECT_THAT(snapshot.ticks, IsEmpty());
  const One next = parse_one(*p, trades("update", {43, 44}));  // continues the snapshot's ids
  EXPECT_EQ(next.ticks.size(), 2u);
  EXPECT_EQ(next.result.gaps, 0u);
  const One holes = parse_one(*p, trades("update", {46, 49}));  // 45 and 47..48 missing
  EXPECT_EQ(holes.ticks.size(), 2u);
  EXPECT_EQ(holes.result.gaps, 2u);
}

TEST(Kraken, TimesOutsideTheClockRangeFallBackToArrival) {
  auto p = parser();
  // Timestamp counts int64 nanoseconds (to 2262): later or malformed times are not the
  // venue's; the tick keeps its price and takes the arrival time.
  for (const char* ts : {"2300-01-01T00:00:00Z", "1969-12-31T23:59:59Z", "2026-13-01T00:00:00Z",
                         "yesterday", "2026-03-01 12:00:00"}) {
    const std::string frame =
        std::string(R"({"channel":"trade","data":[{"symbol":"BTC/USD","price":1.5,"timestamp":")") +
        ts + R"("}]})";
    const One one = parse_one(*p, frame);
    ASSERT_EQ(one.ticks.size(), 1u) << ts;
    EXPECT_EQ(one.ticks[0].exchange_time, kArrival) << ts;
  }
  // The last second before 2200 is accepted: 2199-12-31T23:59:59Z = unix 7258118399.
  const One edge = parse_one(
      *p,
      R"({"channel":"trade","data":[{"symbol":"BTC/USD","price":1.5,"timestamp":"2199-12-31T23:59:59Z"}]})");
  ASSERT_EQ(edge.ticks.size(), 1u);
  EXPECT_EQ(edge.ticks[0].exchange_time, utc(7258118399));
}

TEST(Kraken, DataBeforeChannelIsStillRead) {
  auto p = parser();
  const One one = parse_one(
      *p,
      R"({"data":[{"symbol":"BTC/USD","bid":1.5,"ask":2.5}],"type":"update","channel":"ticker"})");
  ASSERT_EQ(one.ticks.size(), 1u);
  EXPECT_EQ(one.ticks[0].price, D("2"));
}

TEST(Kraken, UnconfiguredSymbolsAndBadFields) {
  auto p = parser();
  const One eth = parse_one(
      *p, R"({"channel":"ticker","type":"update","data":[{"symbol":"ETH/USD","bid":1,"ask":2}]})");
  EXPECT_EQ(eth.result.status, FrameStatus::data);
  EXPECT_THAT(eth.ticks, IsEmpty());
  EXPECT_EQ(parse_one(*p, R"({"channel":"ticker","data":[{"symbol":"BTC/USD","bid":"x","ask":2}]})")
                .result.status,
            FrameStatus::malformed);
  EXPECT_EQ(parse_one(*p, R"({"channel":"ticker","data":{"symbol":"BTC/USD"}})").result.status,
            FrameStatus::malformed);  // data must be an array
  EXPECT_EQ(
      parse_one(*p, R"({"channel":"trade","data":[{"symbol":"BTC/USD","price":0.000000001}]})")
          .result.status,
      FrameStatus::malformed);  // finer than 1e-8
  EXPECT_EQ(parse_one(*p, R"({"channel":"trade","data":[{"price":1}]})").result.status,
            FrameStatus::malformed);  // no symbol
}

}  // namespace
}  // namespace antevorta::feeds::test
