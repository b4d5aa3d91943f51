// WsParser: private channels (fill, user_order, market_position), from the project's own
// inline frames.
#include <string>

#include <gtest/gtest.h>

#include "antevorta/kalshi/ws_messages.hpp"

#include "unit/kalshi/ws_parser_test_util.hpp"

namespace antevorta::kalshi {
namespace {

using namespace ws_test;

// ---- fill -------------------------------------------------------------------------------

TEST(WsParserUser, FillCurrentShape) {
  WsParser parser;
  const auto f = parse_as<FillMessage>(
      parser,
      R"({"type":"fill","sid":13,"msg":{"trade_id":"d91bc706","order_id":"ee587a1c",)"
      R"("market_ticker":"KXBTC15M-26SEP071415-15","exchange_index":2,"is_taker":true,)"
      R"("side":"yes","action":"buy","outcome_side":"no","book_side":"ask","purchased_side":"yes",)"
      R"("yes_price_dollars":"0.7500","count_fp":"2.50","fee_cost":"0.013100",)"
      R"("post_position_fp":"-2.50","client_order_id":"av-7f3a9c-0001","ts":1671899397,)"
      R"("ts_ms":1671899397250,"subaccount":3}})");
  EXPECT_EQ(f.sid, 13);
  EXPECT_EQ(f.trade_id, "d91bc706");
  EXPECT_EQ(f.order_id, "ee587a1c");
  EXPECT_EQ(f.market_ticker, "KXBTC15M-26SEP071415-15");
  EXPECT_EQ(f.exchange_index, 2);
  EXPECT_TRUE(f.is_taker);
  // outcome_side / book_side win over the deprecated side + action.
  EXPECT_EQ(f.outcome_side, OutcomeSide::no);
  EXPECT_EQ(f.book_side, BookSide::ask);
  EXPECT_EQ(f.yes_price, P("0.75"));
  EXPECT_EQ(f.count, C("2.50"));
  EXPECT_EQ(f.fee_cost, M("0.0131"));  // six decimals, the two past 1e-4 zeros
  EXPECT_EQ(f.post_position, C("-2.50"));
  EXPECT_EQ(f.client_order_id, "av-7f3a9c-0001");
  EXPECT_EQ(f.ts_ms, 1671899397250);
  EXPECT_EQ(f.subaccount, 3);
}

TEST(WsParserUser, FillLegacyDirectionAndNumbers) {
  WsParser parser;
  const auto with = [&](const char* side, const char* action) {
    return parse_as<FillMessage>(
        parser, std::string(R"({"type":"fill","sid":13,"msg":{"trade_id":"t","order_id":"o",)") +
                    R"("market_ticker":"M","is_taker":false,"yes_price":75,"count":278,)" +
                    R"("post_position":500,"ts":1671899397,"side":")" + side + R"(","action":")" +
                    action + R"("}})");
  };
  const auto buy_yes = with("yes", "buy");
  EXPECT_EQ(buy_yes.outcome_side, OutcomeSide::yes);
  EXPECT_EQ(buy_yes.book_side, BookSide::bid);
  EXPECT_EQ(buy_yes.yes_price, P("0.75"));
  EXPECT_EQ(buy_yes.count, C("278"));
  EXPECT_EQ(buy_yes.post_position, C("500"));
  EXPECT_EQ(buy_yes.ts_ms, 1671899397000);
  EXPECT_EQ(buy_yes.fee_cost, std::nullopt);
  EXPECT_EQ(buy_yes.exchange_index, std::nullopt);
  EXPECT_FALSE(buy_yes.is_taker);
  EXPECT_EQ(with("no", "sell").outcome_side, OutcomeSide::yes);
  EXPECT_EQ(with("no", "buy").outcome_side, OutcomeSide::no);
  EXPECT_EQ(with("yes", "sell").book_side, BookSide::ask);
  // book_side alone is enough.
  const auto book_only = parse_as<FillMessage>(
      parser,
      R"({"type":"fill","sid":13,"msg":{"trade_id":"t","order_id":"o","market_ticker":"M","is_taker":true,)"
      R"("book_side":"ask","yes_price_dollars":"0.10","count_fp":"1.00","ts_ms":1}})");
  EXPECT_EQ(book_only.outcome_side, OutcomeSide::no);
}

// ---- user_order -------------------------------------------------------------------------

TEST(WsParserUser, UserOrderCurrentShape) {
  WsParser parser;
  const auto o = parse_as<UserOrderUpdate>(
      parser,
      R"({"type":"user_order","sid":22,"msg":{"order_id":"ee587a1c","user_id":"u","ticker":"FED-23DEC-T3.00",)"
      R"("status":"resting","side":"yes","is_yes":true,"outcome_side":"yes","book_side":"bid",)"
      R"("yes_price_dollars":"0.3500","fill_count_fp":"2.50","remaining_count_fp":"7.50",)"
      R"("initial_count_fp":"10.00","taker_fill_cost_dollars":"0.8750","maker_fill_cost_dollars":"0.0000",)"
      R"("taker_fees_dollars":"0.0400","maker_fees_dollars":"0.0000","client_order_id":"my-order-1",)"
      R"("order_group_id":"og_123","self_trade_prevention_type":"taker_at_cross",)"
      R"("created_time":"2024-12-01T10:00:00Z","created_ts_ms":1733047200123,)"
      R"("last_updated_ts_ms":1733047300000,"expiration_ts_ms":1733050800000,)"
      R"("exchange_index":2,"subaccount_number":0}})");
  EXPECT_EQ(o.sid, 22);
  EXPECT_EQ(o.order_id, "ee587a1c");
  EXPECT_EQ(o.market_ticker, "FED-23DEC-T3.00");
  EXPECT_EQ(o.status, UserOrderStatus::resting);
  EXPECT_EQ(o.status_text, "resting");
  EXPECT_EQ(o.outcome_side, OutcomeSide::yes);
  EXPECT_EQ(o.book_side, BookSide::bid);
  EXPECT_EQ(o.yes_price, P("0.35"));
  EXPECT_EQ(o.fill_count, C("2.50"));
  EXPECT_EQ(o.remaining_count, C("7.50"));
  EXPECT_EQ(o.initial_count, C("10"));
  EXPECT_EQ(o.taker_fill_cost, M("0.875"));
  EXPECT_EQ(o.maker_fill_cost, Money::zero());
  EXPECT_EQ(o.taker_fees, M("0.04"));
  EXPECT_EQ(o.maker_fees, Money::zero());
  EXPECT_EQ(o.client_order_id, "my-order-1");
  EXPECT_EQ(o.order_group_id, "og_123");
  EXPECT_EQ(o.created_ts_ms, 1733047200123);  // the ms field wins over created_time
  EXPECT_EQ(o.last_updated_ts_ms, 1733047300000);
  EXPECT_EQ(o.expiration_ts_ms, 1733050800000);
  EXPECT_EQ(o.exchange_index, 2);
  EXPECT_EQ(o.subaccount, 0);
}

TEST(WsParserUser, UserOrderLegacyShape) {
  WsParser parser;
  // Only the deprecated side: the direction is unknown. Times from their RFC 3339 text.
  auto o = parse_as<UserOrderUpdate>(
      parser,
      R"({"type":"user_order","sid":22,"msg":{"order_id":"o","ticker":"M","status":"canceled",)"
      R"("side":"no","is_yes":false,"yes_price":35,"fill_count":0,"remaining_count":0,"initial_count":10,)"
      R"("created_time":"2024-12-01T10:00:00Z","last_update_time":"2024-12-01T10:30:00.250123+01:00",)"
      R"("expiration_time":null}})");
  EXPECT_EQ(o.status, UserOrderStatus::canceled);
  EXPECT_EQ(o.outcome_side, std::nullopt);
  EXPECT_EQ(o.book_side, std::nullopt);
  EXPECT_EQ(o.yes_price, P("0.35"));
  EXPECT_EQ(o.initial_count, C("10"));
  EXPECT_EQ(o.remaining_count, C("0"));
  EXPECT_EQ(o.created_ts_ms, 1733047200000);
  EXPECT_EQ(o.last_updated_ts_ms, 1733045400250);  // 09:30:00.250Z
  EXPECT_EQ(o.expiration_ts_ms, std::nullopt);
  EXPECT_EQ(o.taker_fees, std::nullopt);
  EXPECT_EQ(o.client_order_id, std::nullopt);
  // side + action give it; a status this build does not know keeps its text.
  o = parse_as<UserOrderUpdate>(
      parser,
      R"({"type":"user_order","sid":22,"msg":{"order_id":"o","ticker":"M","status":"pending",)"
      R"("side":"no","action":"sell","yes_price_dollars":"0.35","fill_count_fp":"0",)"
      R"("remaining_count_fp":"1","initial_count_fp":"1"}})");
  EXPECT_EQ(o.outcome_side, OutcomeSide::yes);
  EXPECT_EQ(o.book_side, BookSide::bid);
  EXPECT_EQ(o.status, UserOrderStatus::unknown);
  EXPECT_EQ(o.status_text, "pending");
  EXPECT_EQ(to_string(UserOrderStatus::executed), "executed");
}

// ---- market_position --------------------------------------------------------------------

TEST(WsParserUser, MarketPositionCurrentShape) {
  WsParser parser;
  const auto p = parse_as<MarketPositionUpdate>(
      parser,
      R"({"type":"market_position","sid":14,"msg":{"user_id":"user123","market_ticker":"FED-23DEC-T3.00",)"
      R"("position_fp":"-100.50","position_cost_dollars":"50.0000","realized_pnl_dollars":"-10.2500",)"
      R"("fees_paid_dollars":"1.0000","position_fee_cost_dollars":"0.5000","volume_fp":"15.00",)"
      R"("exchange_index":2,"subaccount":1}})");
  EXPECT_EQ(p.sid, 14);
  EXPECT_EQ(p.market_ticker, "FED-23DEC-T3.00");
  EXPECT_EQ(p.position, C("-100.50"));  // short: NO contracts
  EXPECT_EQ(p.position_cost, M("50"));
  EXPECT_EQ(p.realized_pnl, M("-10.25"));
  EXPECT_EQ(p.fees_paid, M("1"));
  EXPECT_EQ(p.position_fee_cost, M("0.5"));
  EXPECT_EQ(p.volume, C("15"));
  EXPECT_EQ(p.exchange_index, 2);
  EXPECT_EQ(p.subaccount, 1);
}

TEST(WsParserUser, MarketPositionLegacyCentiCents) {
  WsParser parser;
  const auto p = parse_as<MarketPositionUpdate>(
      parser,
      R"({"type":"market_position","sid":14,"msg":{"market_ticker":"M","position":-100,)"
      R"("position_cost":500000,"realized_pnl":-100000,"fees_paid":10000,"position_fee_cost":5000,"volume":15}})");
  EXPECT_EQ(p.position, C("-100"));
  EXPECT_EQ(p.position_cost, M("50"));
  EXPECT_EQ(p.realized_pnl, M("-10"));
  EXPECT_EQ(p.fees_paid, M("1"));
  EXPECT_EQ(p.position_fee_cost, M("0.5"));
  EXPECT_EQ(p.volume, C("15"));
  EXPECT_EQ(p.exchange_index, std::nullopt);
}

// ---- Rejections -------------------------------------------------------------------------

class WsParserUserRejects : public ::testing::TestWithParam<BadFrame> {};
TEST_P(WsParserUserRejects, WithAReason) { expect_rejected(GetParam()); }

#define FILL(body)                                                                      \
  R"({"type":"fill","sid":1,"msg":{"trade_id":"t","order_id":"o","market_ticker":"M",)" \
  R"("is_taker":true,"ts_ms":1,)" body "}}"
#define ORDER(body) R"({"type":"user_order","sid":1,"msg":{"order_id":"o","ticker":"M",)" body "}}"
#define POSITION(body) R"({"type":"market_position","sid":1,"msg":{"market_ticker":"M",)" body "}}"

INSTANTIATE_TEST_SUITE_P(
    WsParserUser, WsParserUserRejects,
    ::testing::Values(
        BadFrame{
            "fill_no_trade_id",
            R"({"type":"fill","sid":1,"msg":{"order_id":"o","market_ticker":"M","is_taker":true,"ts_ms":1,"outcome_side":"yes","yes_price_dollars":"0.5","count_fp":"1"}})",
            FrameErrorCode::missing_field, "msg.trade_id"},
        BadFrame{"fill_no_direction", FILL(R"("yes_price_dollars":"0.5","count_fp":"1")"),
                 FrameErrorCode::missing_field, "msg.outcome_side"},
        BadFrame{"fill_side_without_action",
                 FILL(R"("side":"yes","yes_price_dollars":"0.5","count_fp":"1")"),
                 FrameErrorCode::missing_field, "msg.outcome_side"},
        BadFrame{"fill_bad_action",
                 FILL(R"("side":"yes","action":"hold","yes_price_dollars":"0.5","count_fp":"1")"),
                 FrameErrorCode::bad_value, "msg.action"},
        BadFrame{
            "fill_sides_disagree",
            FILL(
                R"("outcome_side":"yes","book_side":"ask","yes_price_dollars":"0.5","count_fp":"1")"),
            FrameErrorCode::bad_value, "msg.book_side"},
        BadFrame{"fill_no_price", FILL(R"("outcome_side":"yes","count_fp":"1")"),
                 FrameErrorCode::missing_field, "msg.yes_price_dollars"},
        BadFrame{"fill_no_count", FILL(R"("outcome_side":"yes","yes_price_dollars":"0.5")"),
                 FrameErrorCode::missing_field, "msg.count_fp"},
        BadFrame{
            "fill_bad_fee",
            FILL(
                R"("outcome_side":"yes","yes_price_dollars":"0.5","count_fp":"1","fee_cost":"0.0131255")"),
            FrameErrorCode::bad_number, "msg.fee_cost"},
        BadFrame{
            "fill_sub_centicent_fee",
            FILL(
                R"("outcome_side":"yes","yes_price_dollars":"0.5","count_fp":"1","fee_cost":"0.013125")"),
            FrameErrorCode::bad_number, "msg.fee_cost"},
        BadFrame{
            "fill_taker_not_bool",
            R"({"type":"fill","sid":1,"msg":{"trade_id":"t","order_id":"o","market_ticker":"M","is_taker":1}})",
            FrameErrorCode::wrong_type, "msg.is_taker"},
        BadFrame{
            "fill_no_time",
            R"({"type":"fill","sid":1,"msg":{"trade_id":"t","order_id":"o","market_ticker":"M","is_taker":true,"outcome_side":"yes","yes_price_dollars":"0.5","count_fp":"1"}})",
            FrameErrorCode::missing_field, "msg.ts_ms"},
        BadFrame{
            "order_no_status",
            ORDER(
                R"("yes_price_dollars":"0.5","fill_count_fp":"0","remaining_count_fp":"1","initial_count_fp":"1")"),
            FrameErrorCode::missing_field, "msg.status"},
        BadFrame{"order_no_ticker",
                 R"({"type":"user_order","sid":1,"msg":{"order_id":"o","status":"resting"}})",
                 FrameErrorCode::missing_field, "msg.ticker"},
        BadFrame{
            "order_no_remaining",
            ORDER(
                R"("status":"resting","yes_price_dollars":"0.5","fill_count_fp":"0","initial_count_fp":"1")"),
            FrameErrorCode::missing_field, "msg.remaining_count_fp"},
        BadFrame{"order_bad_time",
                 ORDER(R"("status":"resting","created_time":"2024-13-01T10:00:00Z")"),
                 FrameErrorCode::bad_value, "msg.created_time"},
        BadFrame{"order_bad_cost", ORDER(R"("status":"resting","taker_fill_cost_dollars":"1,00")"),
                 FrameErrorCode::bad_number, "msg.taker_fill_cost_dollars"},
        BadFrame{
            "position_no_position",
            POSITION(
                R"("position_cost_dollars":"1","realized_pnl_dollars":"0","fees_paid_dollars":"0")"),
            FrameErrorCode::missing_field, "msg.position_fp"},
        BadFrame{
            "position_no_cost",
            POSITION(R"("position_fp":"1","realized_pnl_dollars":"0","fees_paid_dollars":"0")"),
            FrameErrorCode::missing_field, "msg.position_cost_dollars"},
        BadFrame{
            "position_bad_pnl",
            POSITION(
                R"("position_fp":"1","position_cost_dollars":"1","realized_pnl_dollars":"--1","fees_paid_dollars":"0")"),
            FrameErrorCode::bad_number, "msg.realized_pnl_dollars"},
        BadFrame{
            "position_legacy_float",
            POSITION(
                R"("position":1.5,"position_cost_dollars":"1","realized_pnl_dollars":"0","fees_paid_dollars":"0")"),
            FrameErrorCode::wrong_type, "msg.position"}),
    [](const auto& i) { return std::string(i.param.name); });

#undef FILL
#undef ORDER
#undef POSITION

}  // namespace
}  // namespace antevorta::kalshi
