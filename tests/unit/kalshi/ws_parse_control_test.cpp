// WsParser: control replies (subscribed, ok, unsubscribed, error) and the envelope.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/kalshi/ws_messages.hpp"

#include "unit/kalshi/ws_parser_test_util.hpp"

namespace antevorta::kalshi {
namespace {

using namespace ws_test;

TEST(WsParserControl, ControlMessages) {
  WsParser parser;
  std::string frame;
  const auto sub = parse_fixture<WsSubscribed>(parser, "ws_subscribed.json", frame);
  EXPECT_EQ(sub.id, 11);
  EXPECT_EQ(sub.sid, 7);
  EXPECT_EQ(sub.channel, "orderbook_delta");

  const auto ok = parse_fixture<WsOk>(parser, "ws_ok_update.json", frame);
  EXPECT_EQ(ok.id, 12);
  EXPECT_EQ(ok.sid, 7);
  EXPECT_EQ(ok.seq, 31);
  EXPECT_EQ(std::vector<std::string_view>(ok.market_tickers.begin(), ok.market_tickers.end()),
            (std::vector<std::string_view>{"KXBTC15M-26SEP071415-15", "KXBTC15M-26SEP071430-30"}));
  EXPECT_TRUE(ok.subscriptions.empty());

  const auto list = parse_fixture<WsOk>(parser, "ws_ok_list.json", frame);
  EXPECT_EQ(list.id, 13);
  EXPECT_EQ(list.sid, std::nullopt);
  EXPECT_EQ(list.seq, std::nullopt);
  EXPECT_EQ(std::vector<WsSubscription>(list.subscriptions.begin(), list.subscriptions.end()),
            (std::vector<WsSubscription>{{"orderbook_delta", 7}, {"ticker", 8}}));

  const auto unsub = parse_fixture<WsUnsubscribed>(parser, "ws_unsubscribed.json", frame);
  EXPECT_EQ(unsub.id, 14);
  EXPECT_EQ(unsub.sid, 8);
  EXPECT_EQ(unsub.seq, 5);

  const auto error = parse_fixture<WsError>(parser, "ws_error.json", frame);
  EXPECT_EQ(error.id, 15);
  EXPECT_EQ(error.code, 16);
  EXPECT_EQ(error.msg, "Market not found");
  EXPECT_EQ(error.market_ticker, "KXBTC15M-00JAN010000-00");
  EXPECT_FALSE(is_terminal_error_code(error.code));
  EXPECT_TRUE(is_terminal_error_code(25));

  const auto group = parse_as<WsUnknown>(
      parser,
      R"({"type":"order_group_updates","sid":21,"seq":7,"msg":{"event_type":"limit_updated"}})");
  EXPECT_EQ(group.type, "order_group_updates");
  EXPECT_EQ(group.sid, 21);
  EXPECT_EQ(group.seq, 7);
}

TEST(WsParserControl, EnvelopeSidAndSeq) {
  WsParser parser;
  std::string frame;
  frame = read_file(fixture("ws_orderbook_delta.json"));
  auto m = parser.parse(frame);
  ASSERT_TRUE(m);
  EXPECT_EQ(sid_of(*m), 7);
  EXPECT_EQ(seq_of(*m), 2);
  frame = read_file(fixture("ws_subscribed.json"));
  m = parser.parse(frame);
  ASSERT_TRUE(m);
  EXPECT_EQ(sid_of(*m), 7);
  EXPECT_EQ(seq_of(*m), std::nullopt);
  frame = read_file(fixture("ws_error.json"));
  m = parser.parse(frame);
  ASSERT_TRUE(m);
  EXPECT_EQ(sid_of(*m), std::nullopt);
  frame = R"({"type":"rfq_created","sid":2,"seq":48,"msg":{}})";
  m = parser.parse(frame);
  ASSERT_TRUE(m);
  EXPECT_EQ(sid_of(*m), 2);
  EXPECT_EQ(seq_of(*m), 48);
  // Channel messages carry the envelope's sid, and its seq when there is one.
  frame = read_file(fixture("ws_ticker.json"));
  m = parser.parse(frame);
  ASSERT_TRUE(m);
  EXPECT_TRUE(std::holds_alternative<TickerUpdate>(*m));
  EXPECT_EQ(sid_of(*m), 8);
  EXPECT_EQ(seq_of(*m), std::nullopt);
  frame =
      R"({"type":"trade","sid":2,"seq":49,"msg":{"market_ticker":"T","yes_price_dollars":"0.6100",)"
      R"("count_fp":"1.00","taker_side":"yes","ts":1770897985}})";
  m = parser.parse(frame);
  ASSERT_TRUE(m) << m.error().message();
  EXPECT_TRUE(std::holds_alternative<PublicTrade>(*m));
  EXPECT_EQ(sid_of(*m), 2);
  EXPECT_EQ(seq_of(*m), 49);
}

// Unsubscribed and ok need no msg; an unknown type's msg is not looked at.
TEST(WsParserControl, EnvelopeOnlyReplies) {
  WsParser parser;
  const auto unsub = parse_as<WsUnsubscribed>(parser, R"({"type":"unsubscribed","sid":3})");
  EXPECT_EQ(unsub.sid, 3);
  EXPECT_EQ(unsub.id, std::nullopt);
  const auto ok = parse_as<WsOk>(parser, R"({"id":9,"type":"ok"})");
  EXPECT_EQ(ok.id, 9);
  EXPECT_TRUE(ok.market_tickers.empty());
  const auto other =
      parse_as<WsUnknown>(parser, R"({"type":"pyth_value","sid":1,"seq":2,"msg":[1,"x",{}]})");
  EXPECT_EQ(other.type, "pyth_value");
}

}  // namespace
}  // namespace antevorta::kalshi
