// Coinbase Advanced Trade frames: the recorded shapes in ../shared and our own fixtures.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/feeds/feeds_test_util.hpp"

namespace antevorta::feeds::test {
namespace {

using ::testing::IsEmpty;

std::unique_ptr<FeedParser> parser() {
  return make_coinbase_advanced_parser(
      options("coinbase", {{"BTC-USD", "BTC"}, {"SOL-USD", "SOL"}}));
}

TEST(CoinbaseAdvancedRecorded, EveryShapeParsesWithoutMalformedFrames) {
  const auto dir = wire_dir("coinbase");
  FEEDS_REQUIRE_WIRE(dir);
  auto p = parser();
  // Each nautilus_advanced_trade_ws_*.json file is one pretty-printed frame.
  const auto frame = [&](const char* name) { return parse_one(*p, read_file(dir / name)); };

  const One ticker = frame("nautilus_advanced_trade_ws_ticker.json");
  EXPECT_EQ(ticker.result.status, FrameStatus::data);
  ASSERT_EQ(ticker.ticks.size(), 1u);
  const PriceTick& q = ticker.ticks[0];
  EXPECT_EQ(q.source, "coinbase");
  EXPECT_EQ(q.venue, Venue::coinbase);
  EXPECT_EQ(q.asset, "BTC");
  EXPECT_EQ(q.kind, TickKind::quote);
  EXPECT_EQ(q.bid, D("68900.00"));
  EXPECT_EQ(q.ask, D("68901.00"));
  EXPECT_EQ(q.price, D("68900.50"));  // (68900.00 + 68901.00) / 2
  // Tickers take the envelope's "2026-04-07T14:30:03.000000Z" (unix 1775572203).
  EXPECT_EQ(q.exchange_time, utc(1775572203));
  EXPECT_EQ(q.received_at, kArrival);

  const One trades = frame("nautilus_advanced_trade_ws_market_trades.json");
  EXPECT_EQ(trades.result.status, FrameStatus::data);
  ASSERT_EQ(trades.ticks.size(), 2u);
  EXPECT_EQ(trades.ticks[0].kind, TickKind::trade);
  EXPECT_EQ(trades.ticks[0].price, D("68900.50"));
  EXPECT_EQ(trades.ticks[0].exchange_time, utc(1775572202, 789'012'000));
  EXPECT_EQ(trades.ticks[1].price, D("68900.00"));
  EXPECT_EQ(trades.ticks[1].exchange_time, utc(1775572202, 800'000'000));
  EXPECT_FALSE(trades.ticks[1].bid.has_value());

  EXPECT_EQ(frame("nautilus_advanced_trade_ws_heartbeats.json").result.status,
            FrameStatus::heartbeat);
  EXPECT_EQ(frame("nautilus_advanced_trade_ws_subscriptions.json").result.status,
            FrameStatus::subscribed);
  const One l2 = frame("nautilus_advanced_trade_ws_l2_data_snapshot.json");
  EXPECT_EQ(l2.result.status, FrameStatus::ignored);
  EXPECT_THAT(l2.ticks, IsEmpty());
  EXPECT_EQ(frame("nautilus_advanced_trade_ws_l2_data_update.json").result.status,
            FrameStatus::ignored);
}

TEST(CoinbaseAdvanced, TickerBatchesSeveralProductsAndSkipsUnconfiguredOnes) {
  auto p = parser();
  const One one = parse_one(*p, R"({"channel":"ticker","timestamp":"2026-03-01T12:00:00.123456789Z",
    "sequence_num":3,"events":[{"type":"update","tickers":[
      {"type":"ticker","product_id":"ETH-USD","price":"3000.1","best_bid":"3000","best_ask":"3000.2"},
      {"type":"ticker","product_id":"BTC-USD","price":"98765.4321","best_bid":"98765.43210000",
       "best_ask":"98765.43220000","best_bid_quantity":"0.1","new_field":{"x":[1,2]}},
      {"type":"ticker","product_id":"SOL-USD","price":"142.5","best_bid":"142.49","best_ask":"142.52"}]}]})");
  EXPECT_EQ(one.result.status, FrameStatus::data);
  ASSERT_EQ(one.ticks.size(), 2u);
  EXPECT_EQ(one.ticks[0].asset, "BTC");
  EXPECT_EQ(one.ticks[0].bid, D("98765.4321"));
  // (98765.43210000 + 98765.43220000) / 2 = 98765.43215000, exact.
  EXPECT_EQ(one.ticks[0].price, D("98765.43215"));
  // 9 fractional digits kept: 2026-03-01T12:00:00Z is unix 1772366400.
  EXPECT_EQ(one.ticks[0].exchange_time, utc(1772366400, 123'456'789));
  EXPECT_EQ(one.ticks[1].asset, "SOL");
  // (142.49 + 142.52) / 2 = 142.505
  EXPECT_EQ(one.ticks[1].price, D("142.505"));
}

TEST(CoinbaseAdvanced, TickerWithoutBestBidAskIsATradeAtItsPrice) {
  auto p = parser();
  // ticker_batch leaves out best bid/ask; an empty best_bid is absent too.
  const One batch = parse_one(*p, R"({"channel":"ticker_batch","timestamp":"2026-03-01T12:00:00Z",
    "events":[{"type":"update","tickers":[{"product_id":"BTC-USD","price":"68000.01"}]}]})");
  ASSERT_EQ(batch.ticks.size(), 1u);
  EXPECT_EQ(batch.ticks[0].kind, TickKind::trade);
  EXPECT_EQ(batch.ticks[0].price, D("68000.01"));

  const One empty = parse_one(*p, R"({"channel":"ticker","events":[{"tickers":[
    {"product_id":"BTC-USD","price":"68000.02","best_bid":"","best_ask":"68001"}]}]})");
  ASSERT_EQ(empty.ticks.size(), 1u);
  EXPECT_EQ(empty.ticks[0].kind, TickKind::trade);
  EXPECT_EQ(empty.ticks[0].exchange_time, kArrival);  // no envelope timestamp

  // A crossed book (bid above ask) is no quote: the last price stands in.
  const One crossed = parse_one(*p, R"({"channel":"ticker","events":[{"tickers":[
    {"product_id":"BTC-USD","price":"68000.03","best_bid":"68002","best_ask":"68001"}]}]})");
  ASSERT_EQ(crossed.ticks.size(), 1u);
  EXPECT_EQ(crossed.ticks[0].kind, TickKind::trade);
  EXPECT_EQ(crossed.ticks[0].price, D("68000.03"));

  // bid == ask is a valid (locked) quote: mid = the price itself.
  const One locked = parse_one(*p, R"({"channel":"ticker","events":[{"tickers":[
    {"product_id":"SOL-USD","best_bid":"150","best_ask":"150"}]}]})");
  ASSERT_EQ(locked.ticks.size(), 1u);
  EXPECT_EQ(locked.ticks[0].kind, TickKind::quote);
  EXPECT_EQ(locked.ticks[0].price, D("150"));
}

TEST(CoinbaseAdvanced, TradeSnapshotsAreHistoryAndPublishNothing) {
  auto p = parser();
  const One snapshot = parse_one(*p, R"({"channel":"market_trades","events":[{"type":"snapshot",
    "trades":[{"trade_id":"2","product_id":"BTC-USD","price":"1","size":"1","side":"BUY",
    "time":"2026-03-01T12:00:00Z"}]}]})");
  EXPECT_EQ(snapshot.result.status, FrameStatus::data);
  EXPECT_THAT(snapshot.ticks, IsEmpty());
  // `type` after `trades` in the event: the snapshot is still recognised.
  const One late_type = parse_one(*p, R"({"channel":"market_trades","events":[{"trades":[
    {"product_id":"BTC-USD","price":"1","time":"2026-03-01T12:00:00Z"}],"type":"snapshot"}]})");
  EXPECT_THAT(late_type.ticks, IsEmpty());
  // The same event as an update is a trade.
  const One update = parse_one(*p, R"({"channel":"market_trades","events":[{"type":"update",
    "trades":[{"product_id":"BTC-USD","price":"68001","size":"1","side":"SELL",
    "time":"2026-03-01T12:00:00Z"}]}]})");
  ASSERT_EQ(update.ticks.size(), 1u);
  EXPECT_EQ(update.ticks[0].price, D("68001"));
}

TEST(CoinbaseAdvanced, HeartbeatCounterAsIntegerOrStringAndGoTimeText) {
  auto p = parser();
  EXPECT_EQ(
      parse_one(
          *p,
          R"({"channel":"heartbeats","client_id":"","timestamp":"2023-06-23T20:31:56.121961769Z",
    "sequence_num":1,"events":[{"current_time":"2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105",
    "heartbeat_counter":3049}]})")
          .result.status,
      FrameStatus::heartbeat);
  EXPECT_EQ(parse_one(*p, R"({"channel":"heartbeats","sequence_num":2,"events":[
    {"current_time":"2023-06-23 20:31:57.1 +0000 UTC m=+91718.5","heartbeat_counter":"3050"}]})")
                .result.status,
            FrameStatus::heartbeat);
}

TEST(CoinbaseAdvanced, ControlMessages) {
  auto p = parser();
  const One error = parse_one(*p, R"({"type":"error","message":"failure to subscribe"})");
  EXPECT_EQ(error.result.status, FrameStatus::error);
  EXPECT_EQ(error.text, "failure to subscribe");
  EXPECT_EQ(
      parse_one(
          *p, R"({"channel":"subscriptions","events":[{"subscriptions":{"ticker":["BTC-USD"]}}]})")
          .result.status,
      FrameStatus::subscribed);
  EXPECT_EQ(parse_one(*p, R"({"channel":"status","events":[{"type":"snapshot","products":[]}]})")
                .result.status,
            FrameStatus::ignored);
  EXPECT_EQ(parse_one(*p, R"({"something":"else"})").result.status, FrameStatus::ignored);
}

TEST(CoinbaseAdvanced, EventsBeforeTheChannelAreStillRead) {
  auto p = parser();
  const One one = parse_one(*p, R"({"events":[{"type":"update","trades":[{"product_id":"SOL-USD",
    "price":"142.10","time":"2026-03-01T12:00:00Z"}]}],"channel":"market_trades"})");
  ASSERT_EQ(one.ticks.size(), 1u);
  EXPECT_EQ(one.ticks[0].asset, "SOL");
  EXPECT_EQ(one.ticks[0].price, D("142.1"));
}

TEST(CoinbaseAdvanced, SequenceNumGapsPerConnection) {
  auto p = parser();
  const auto hb = [](int seq) {
    return std::string(R"({"channel":"heartbeats","sequence_num":)") + std::to_string(seq) +
           R"(,"events":[]})";
  };
  EXPECT_EQ(parse_one(*p, hb(1)).result.gaps, 0u);  // the first sets the start
  EXPECT_EQ(parse_one(*p, hb(2)).result.gaps, 0u);
  EXPECT_EQ(parse_one(*p, hb(5)).result.gaps, 1u);  // 3 and 4 missing: one gap
  EXPECT_EQ(parse_one(*p, hb(6)).result.gaps, 0u);
  p->reset();  // a new connection counts from its own first message
  EXPECT_EQ(parse_one(*p, hb(100)).result.gaps, 0u);
}

TEST(CoinbaseAdvanced, ABadFieldMakesTheWholeFrameMalformedWithNoTicks) {
  auto p = parser();
  std::vector<PriceTick> out(1);  // a tick from an earlier frame stays
  const FrameResult r = p->parse(R"({"channel":"market_trades","events":[{"type":"update","trades":[
    {"product_id":"BTC-USD","price":"68000","time":"2026-03-01T12:00:00Z"},
    {"product_id":"BTC-USD","price":"68k","time":"2026-03-01T12:00:00Z"}]}]})",
                                 kArrival, out);
  EXPECT_EQ(r.status, FrameStatus::malformed);
  EXPECT_EQ(r.ticks, 0u);
  EXPECT_EQ(out.size(), 1u);
  EXPECT_THAT(std::string(r.text), ::testing::HasSubstr("price"));

  EXPECT_EQ(
      parse_one(*p, R"({"channel":"ticker","events":[{"tickers":[{"price":"1"}]}]})").result.status,
      FrameStatus::malformed);  // no product_id
  EXPECT_EQ(parse_one(*p, R"({"channel":"ticker","events":{"tickers":[]}})").result.status,
            FrameStatus::malformed);  // events is not an array
}

}  // namespace
}  // namespace antevorta::feeds::test
