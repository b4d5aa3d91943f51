// WsParser: malformed frames, key order, number forms, limits, error messages.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/kalshi/ws_messages.hpp"

#include "unit/kalshi/ws_parser_test_util.hpp"

namespace antevorta::kalshi {
namespace {

using namespace ws_test;

TEST(WsParserRobustness, KeyOrderWhitespaceAndEscapesDoNotMatter) {
  WsParser parser;
  const std::vector<std::string> frames = {
      // msg before type (second pass), type last, pretty-printed, escaped ticker.
      R"({"msg":{"side":"no","delta_fp":"-1.00","price_dollars":"0.5600","market_ticker":"KX-A"},"seq":4,"sid":9,"type":"orderbook_delta"})",
      R"({"sid":9,"msg":{"market_ticker":"KX-A","price_dollars":"0.5600","delta_fp":"-1.00","side":"no"},"seq":4,"type":"orderbook_delta"})",
      "{\n  \"type\" : \"orderbook_delta\",\n  \"sid\" : 9,\n  \"seq\" : 4,\n  \"msg\" : {\n"
      "    \"market_ticker\" : \"KX-A\",\n    \"price_dollars\" : \"0.5600\",\n"
      "    \"delta_fp\" : \"-1.00\",\n    \"side\" : \"no\"\n  }\n}\n",
      R"({"type":"orderbook_delta","sid":9,"seq":4,"msg":{"market_ticker":"KX-\u0041","price_dollars":"0.5600","delta_fp":"-1.00","side":"no","extra":{"nested":[1,2,{"x":null}]}}})",
  };
  for (const std::string& frame : frames) {
    const auto d = parse_as<OrderbookDelta>(parser, frame);
    EXPECT_EQ(d.sid, 9) << frame;
    EXPECT_EQ(d.seq, 4) << frame;
    EXPECT_EQ(d.market_ticker, "KX-A") << frame;
    EXPECT_EQ(d.side, OutcomeSide::no) << frame;
    EXPECT_EQ(d.price, P("0.56")) << frame;
    EXPECT_EQ(d.delta, C("-1")) << frame;
  }
  // msg before type for a snapshot with use_yes_price (conversion after both passes).
  WsParser yes_price(WsParserOptions{.use_yes_price = true});
  const auto s = parse_as<OrderbookSnapshot>(
      yes_price,
      R"({"msg":{"market_ticker":"KX-A","no_dollars_fp":[["0.4400","17.00"]]},"sid":9,"seq":1,"type":"orderbook_snapshot"})");
  EXPECT_EQ(levels(s.no_bids), (std::vector<BookLevel>{L("0.56", "17")}));
}

TEST(WsParserRobustness, AcceptedNumberForms) {
  WsParser parser;
  const auto delta_with = [&](const char* price, const char* delta) {
    const std::string frame =
        std::string(
            R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"T","side":"yes","price_dollars":")") +
        price + R"(","delta_fp":")" + delta + R"("}})";
    return parse_as<OrderbookDelta>(parser, frame);
  };
  EXPECT_EQ(delta_with("0.960", "-54.00").price, P("0.96"));  // 3 decimals (doc example)
  EXPECT_EQ(delta_with("0.960000", "1").price, P("0.96"));    // 6 decimals, zeros
  EXPECT_EQ(delta_with("0.96000", "1").price, P("0.96"));     // 5 decimals, zeros
  EXPECT_EQ(delta_with("0.0010", "1").price, P("0.001"));     // sub-penny
  EXPECT_EQ(delta_with("1", "1").price, Price::one());
  EXPECT_EQ(delta_with("0.5", "0.01").delta, Count::from_centi(1));  // fractional contract
  EXPECT_EQ(delta_with("0.5", "3.5000").delta, C("3.50"));           // extra zero decimals
}

class WsParserRejects : public ::testing::TestWithParam<BadFrame> {};

TEST_P(WsParserRejects, WithAReason) { expect_rejected(GetParam()); }

#define DELTA_MSG(body) R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":{)" body "}}"
#define GOOD_DELTA_FIELDS R"("market_ticker":"T","side":"yes")"

INSTANTIATE_TEST_SUITE_P(
    WsParser, WsParserRejects,
    ::testing::Values(
        BadFrame{"empty", "", FrameErrorCode::malformed_json, ""},
        BadFrame{"whitespace", "  \n", FrameErrorCode::malformed_json, ""},
        BadFrame{"garbage", "hello", FrameErrorCode::malformed_json, ""},
        BadFrame{"ping_payload", R"("heartbeat")", FrameErrorCode::not_an_object, ""},
        BadFrame{"array", R"([{"type":"ok"}])", FrameErrorCode::not_an_object, ""},
        BadFrame{"number", "42", FrameErrorCode::not_an_object, ""},
        BadFrame{"truncated",
                 R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"T","pri)",
                 FrameErrorCode::malformed_json, ""},
        BadFrame{
            "missing_outer_brace",
            R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"T","side":"yes","price_dollars":"0.5","delta_fp":"1"})",
            FrameErrorCode::malformed_json, ""},
        BadFrame{"trailing_object", R"({"type":"ok"}{"type":"ok"})",
                 FrameErrorCode::trailing_content, ""},
        BadFrame{"command", R"({"id":1,"cmd":"subscribe","params":{"channels":["ticker"]}})",
                 FrameErrorCode::missing_field, "type"},
        BadFrame{"type_not_string", R"({"type":5,"msg":{}})", FrameErrorCode::wrong_type, "type"},
        BadFrame{"sid_string", R"({"type":"orderbook_delta","sid":"1","seq":1,"msg":{}})",
                 FrameErrorCode::wrong_type, "sid"},
        BadFrame{"seq_float", R"({"type":"ticker","sid":1,"seq":1.5,"msg":{}})",
                 FrameErrorCode::wrong_type, "seq"},
        BadFrame{"missing_msg", R"({"type":"orderbook_delta","sid":1,"seq":1})",
                 FrameErrorCode::missing_field, "msg"},
        BadFrame{"missing_sid",
                 R"({"type":"orderbook_snapshot","seq":1,"msg":{"market_ticker":"T"}})",
                 FrameErrorCode::missing_field, "sid"},
        BadFrame{"empty_delta_msg", R"({"type":"orderbook_delta","sid":1,"msg":{}})",
                 FrameErrorCode::missing_field, "msg.market_ticker"},
        BadFrame{
            "missing_seq_valid_msg",
            R"({"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"T","side":"yes","price_dollars":"0.5","delta_fp":"1"}})",
            FrameErrorCode::missing_field, "seq"},
        BadFrame{"msg_not_object", R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":[]})",
                 FrameErrorCode::wrong_type, "msg"},
        BadFrame{"missing_ticker",
                 DELTA_MSG(R"("side":"yes","price_dollars":"0.5","delta_fp":"1")"),
                 FrameErrorCode::missing_field, "msg.market_ticker"},
        BadFrame{"missing_side",
                 DELTA_MSG(R"("market_ticker":"T","price_dollars":"0.5","delta_fp":"1")"),
                 FrameErrorCode::missing_field, "msg.side"},
        BadFrame{"missing_price", DELTA_MSG(GOOD_DELTA_FIELDS R"(,"delta_fp":"1")"),
                 FrameErrorCode::missing_field, "msg.price_dollars"},
        BadFrame{"missing_delta", DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"0.5")"),
                 FrameErrorCode::missing_field, "msg.delta_fp"},
        BadFrame{"price_as_json_number",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":0.96,"delta_fp":"1")"),
                 FrameErrorCode::wrong_type, "msg.price_dollars"},
        BadFrame{"price_five_decimals",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"0.12345","delta_fp":"1")"),
                 FrameErrorCode::bad_number, "msg.price_dollars"},
        BadFrame{"price_above_one",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"1.0100","delta_fp":"1")"),
                 FrameErrorCode::bad_number, "msg.price_dollars"},
        BadFrame{"price_negative",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"-0.10","delta_fp":"1")"),
                 FrameErrorCode::bad_number, "msg.price_dollars"},
        BadFrame{"price_exponent",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"5e-1","delta_fp":"1")"),
                 FrameErrorCode::bad_number, "msg.price_dollars"},
        BadFrame{"price_empty",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"","delta_fp":"1")"),
                 FrameErrorCode::bad_number, "msg.price_dollars"},
        BadFrame{"delta_as_json_number",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"0.5","delta_fp":-54.0)"),
                 FrameErrorCode::wrong_type, "msg.delta_fp"},
        BadFrame{"delta_three_decimals",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"0.5","delta_fp":"1.005")"),
                 FrameErrorCode::bad_number, "msg.delta_fp"},
        BadFrame{"legacy_price_out_of_range",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price":101,"delta":1)"),
                 FrameErrorCode::bad_number, "msg.price"},
        BadFrame{"legacy_price_float", DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price":96.5,"delta":1)"),
                 FrameErrorCode::wrong_type, "msg.price"},
        BadFrame{"legacy_delta_overflow",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price":50,"delta":9223372036854775807)"),
                 FrameErrorCode::bad_number, "msg.delta"},
        BadFrame{
            "side_unknown",
            DELTA_MSG(R"("market_ticker":"T","side":"maybe","price_dollars":"0.5","delta_fp":"1")"),
            FrameErrorCode::bad_value, "msg.side"},
        BadFrame{"side_number",
                 DELTA_MSG(R"("market_ticker":"T","side":1,"price_dollars":"0.5","delta_fp":"1")"),
                 FrameErrorCode::wrong_type, "msg.side"},
        BadFrame{
            "ticker_number",
            DELTA_MSG(R"("market_ticker":42,"side":"yes","price_dollars":"0.5","delta_fp":"1")"),
            FrameErrorCode::wrong_type, "msg.market_ticker"},
        BadFrame{
            "snapshot_side_not_array",
            R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes_dollars_fp":{}}})",
            FrameErrorCode::wrong_type, "msg.yes_dollars_fp"},
        BadFrame{
            "snapshot_level_not_pair",
            R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","no_dollars_fp":[["0.5000"]]}})",
            FrameErrorCode::bad_value, "msg.no_dollars_fp"},
        BadFrame{
            "snapshot_count_number",
            R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes_dollars_fp":[["0.5000",10]]}})",
            FrameErrorCode::wrong_type, "msg.yes_dollars_fp"},
        BadFrame{
            "snapshot_negative_size",
            R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes_dollars_fp":[["0.5000","-1.00"]]}})",
            FrameErrorCode::bad_number, "msg.yes_dollars_fp"},
        BadFrame{
            "snapshot_price_five_decimals",
            R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes_dollars_fp":[["0.50001","1.00"]]}})",
            FrameErrorCode::bad_number, "msg.yes_dollars_fp"},
        BadFrame{
            "snapshot_legacy_string_price",
            R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes":[["8",300]]}})",
            FrameErrorCode::wrong_type, "msg.yes"},
        BadFrame{"snapshot_missing_ticker",
                 R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"yes_dollars_fp":[]}})",
                 FrameErrorCode::missing_field, "msg.market_ticker"},
        BadFrame{"subscribed_missing_sid",
                 R"({"id":1,"type":"subscribed","msg":{"channel":"ticker"}})",
                 FrameErrorCode::missing_field, "msg.sid"},
        BadFrame{"subscribed_missing_msg", R"({"id":1,"type":"subscribed"})",
                 FrameErrorCode::missing_field, "msg"},
        BadFrame{"error_missing_code", R"({"id":1,"type":"error","msg":{"msg":"x"}})",
                 FrameErrorCode::missing_field, "msg.code"},
        BadFrame{"error_missing_msg", R"({"id":1,"type":"error"})", FrameErrorCode::missing_field,
                 "msg"},
        BadFrame{"ok_tickers_not_strings", R"({"id":1,"type":"ok","msg":{"market_tickers":[1]}})",
                 FrameErrorCode::wrong_type, "msg.market_tickers[]"},
        BadFrame{"bad_utf8", "{\"type\":\"ticker\",\"msg\":{\"x\":\"\xff\xfe\"}}",
                 FrameErrorCode::malformed_json, ""}),
    [](const auto& i) { return std::string(i.param.name); });

#undef DELTA_MSG
#undef GOOD_DELTA_FIELDS

TEST(WsParserRobustness, EveryTruncationOfAValidFrameIsAnError) {
  for (const char* name :
       {"ws_orderbook_delta.json", "ws_orderbook_snapshot.json",
        "ws_orderbook_snapshot_legacy.json", "ws_ok_list.json", "ws_error.json"}) {
    std::string frame = read_file(fixture(name));
    while (!frame.empty() && (frame.back() == '\n' || frame.back() == ' ')) frame.pop_back();
    WsParser parser;
    ASSERT_TRUE(parser.parse(frame)) << name;
    for (std::size_t n = 0; n < frame.size(); ++n) {
      const auto result = parser.parse(std::string_view(frame).substr(0, n));
      EXPECT_FALSE(result) << name << " cut at " << n << ": " << frame.substr(0, n);
    }
  }
}

TEST(WsParserRobustness, FramesAboveTheLimitAreRejectedUnparsed) {
  const std::string frame = read_file(fixture("ws_orderbook_delta.json"));
  WsParser parser(WsParserOptions{.max_frame_bytes = 64});
  const auto result = parser.parse(frame);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, FrameErrorCode::too_large);
}

TEST(WsParserRobustness, ErrorMessagesAreShortAndSpecific) {
  const FrameError e = parse_error(
      R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"T","side":"yes","price_dollars":"0.12345","delta_fp":"1"}})");
  EXPECT_EQ(e.message(), "bad number at msg.price_dollars: too many decimal places");
  EXPECT_EQ((FrameError{FrameErrorCode::too_large, {}, {}}.message()), "frame too large");
}

}  // namespace
}  // namespace antevorta::kalshi
