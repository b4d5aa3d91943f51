// WsParser: public market data (ticker, trade, market/event lifecycle, fee updates,
// CF Benchmarks values), each from the project's own inline frames.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/kalshi/price_grid.hpp"
#include "antevorta/kalshi/ws_messages.hpp"

#include "unit/kalshi/ws_parser_test_util.hpp"

namespace antevorta::kalshi {
namespace {

using namespace ws_test;

// ---- ticker -----------------------------------------------------------------------------

TEST(WsParserMarket, TickerCurrentShape) {
  WsParser parser;
  const auto t = parse_as<TickerUpdate>(
      parser,
      R"({"type":"ticker","sid":4,"msg":{"market_id":"ef793c45","market_ticker":"KXBTC15M-26SEP071415-15",)"
      R"("price_dollars":"0.0420","yes_bid_dollars":"0.0410","yes_ask_dollars":"0.0450",)"
      R"("volume_fp":"812.25","open_interest_fp":"640.00","yes_bid_size_fp":"5.00",)"
      R"("yes_ask_size_fp":"40.50","last_trade_size_fp":"0.75","dollar_volume":16948,)"
      R"("dollar_open_interest":10211,"ts":1788804301,"ts_ms":1788804301300,"time":"2026-09-07T18:05:01Z"}})");
  EXPECT_EQ(t.sid, 4);
  EXPECT_EQ(t.seq, std::nullopt);
  EXPECT_EQ(t.market_ticker, "KXBTC15M-26SEP071415-15");
  EXPECT_EQ(t.last_price, P("0.042"));
  EXPECT_EQ(t.yes_bid, P("0.041"));
  EXPECT_EQ(t.yes_ask, P("0.045"));
  EXPECT_EQ(t.yes_bid_size, C("5"));
  EXPECT_EQ(t.yes_ask_size, C("40.50"));
  EXPECT_EQ(t.last_trade_size, C("0.75"));
  EXPECT_EQ(t.volume, C("812.25"));
  EXPECT_EQ(t.open_interest, C("640"));
  EXPECT_EQ(t.dollar_volume, 16948);
  EXPECT_EQ(t.dollar_open_interest, 10211);
  EXPECT_EQ(t.ts_ms, 1788804301300);  // ts_ms wins over the deprecated seconds
}

TEST(WsParserMarket, TickerLegacyShapes) {
  WsParser parser;
  // Cents and whole contracts beside the dollar strings (early 2026): strings win wherever
  // they are; the seconds timestamp is converted.
  auto t = parse_as<TickerUpdate>(
      parser,
      R"({"type":"ticker","sid":1,"msg":{"market_ticker":"KXETHD-26FEB1217-T1819.99","price":97,)"
      R"("yes_bid":98,"yes_ask":100,"price_dollars":"0.9700","yes_bid_dollars":"0.9800",)"
      R"("yes_ask_dollars":"1.0000","volume":1170,"volume_fp":"1170.50","open_interest":314,)"
      R"("yes_ask_size_fp":"0.00","ts":1770897976,"Clock":13281241659}})");
  EXPECT_EQ(t.last_price, P("0.97"));
  EXPECT_EQ(t.yes_bid, P("0.98"));
  EXPECT_EQ(t.yes_ask, Price::one());  // no ask: 1 with size 0, as sent
  EXPECT_EQ(t.yes_ask_size, C("0"));
  EXPECT_EQ(t.volume, C("1170.50"));
  EXPECT_EQ(t.open_interest, C("314"));
  EXPECT_EQ(t.yes_bid_size, std::nullopt);
  EXPECT_EQ(t.ts_ms, 1770897976000);
  // Cents only (2024).
  t = parse_as<TickerUpdate>(
      parser,
      R"({"type":"ticker","sid":1,"msg":{"market_ticker":"X","price":12,"yes_bid":11,"yes_ask":13,)"
      R"("volume":351970,"ts":1732579880}})");
  EXPECT_EQ(t.last_price, P("0.12"));
  EXPECT_EQ(t.yes_bid, P("0.11"));
  EXPECT_EQ(t.yes_ask, P("0.13"));
  EXPECT_EQ(t.volume, C("351970"));
  EXPECT_EQ(t.open_interest, std::nullopt);
  // An empty last price (seen live) or null is absent, not an error; optional fields from
  // the previous frame do not leak.
  t = parse_as<TickerUpdate>(
      parser,
      R"({"type":"ticker","sid":1,"msg":{"market_ticker":"X","price_dollars":"","yes_bid_dollars":"0.0000",)"
      R"("yes_ask_dollars":"0.5000","volume_fp":null,"ts_ms":5}})");
  EXPECT_EQ(t.last_price, std::nullopt);
  EXPECT_EQ(t.volume, std::nullopt);
  EXPECT_EQ(t.yes_bid, Price::zero());
  EXPECT_EQ(t.ts_ms, 5);
}

// Fields in any order, `msg` before `type` (the parser's second pass), escapes in strings.
TEST(WsParserMarket, KeyOrderDoesNotMatter) {
  WsParser parser;
  const auto t = parse_as<TickerUpdate>(
      parser,
      R"({"msg":{"ts":1,"yes_ask_dollars":"0.2","ts_ms":1500,"yes_bid":5,"yes_bid_dollars":"0.1",)"
      R"("market_ticker":"KX-A"},"sid":3,"type":"ticker"})");
  EXPECT_EQ(t.sid, 3);
  EXPECT_EQ(t.market_ticker, "KX-A");
  EXPECT_EQ(t.yes_bid, P("0.10"));  // the dollar string wins over the earlier cents
  EXPECT_EQ(t.yes_ask, P("0.20"));
  EXPECT_EQ(t.ts_ms, 1500);
}

// ---- trade ------------------------------------------------------------------------------

TEST(WsParserMarket, TradeCurrentShape) {
  WsParser parser;
  const auto t = parse_as<PublicTrade>(
      parser,
      R"({"type":"trade","sid":11,"seq":48,"msg":{"trade_id":"d91bc706","market_ticker":"HIGHNY-22DEC23-B53.5",)"
      R"("yes_price_dollars":"0.3600","no_price_dollars":"0.6400","count_fp":"43.98",)"
      R"("taker_side":"yes","taker_outcome_side":"no","taker_book_side":"ask",)"
      R"("is_block_trade":true,"ts":1669149841,"ts_ms":1669149841123}})");
  EXPECT_EQ(t.sid, 11);
  EXPECT_EQ(t.seq, 48);
  EXPECT_EQ(t.trade_id, "d91bc706");
  EXPECT_EQ(t.market_ticker, "HIGHNY-22DEC23-B53.5");
  EXPECT_EQ(t.yes_price, P("0.36"));
  EXPECT_EQ(t.no_price, P("0.64"));
  EXPECT_EQ(t.count, C("43.98"));
  // The new fields win over the deprecated taker_side.
  EXPECT_EQ(t.taker_outcome_side, OutcomeSide::no);
  EXPECT_EQ(t.taker_book_side, BookSide::ask);
  EXPECT_TRUE(t.is_block_trade);
  EXPECT_EQ(t.ts_ms, 1669149841123);
}

TEST(WsParserMarket, TradeDirectionFromAnyOneField) {
  WsParser parser;
  const auto with = [&](const char* direction) {
    return parse_as<PublicTrade>(
        parser, std::string(R"({"type":"trade","sid":1,"msg":{"market_ticker":"T",)") +
                    R"("yes_price_dollars":"0.30","count_fp":"1.00","ts_ms":1,)" + direction +
                    "}}");
  };
  EXPECT_EQ(with(R"("taker_book_side":"bid")").taker_outcome_side, OutcomeSide::yes);
  EXPECT_EQ(with(R"("taker_book_side":"ask")").taker_outcome_side, OutcomeSide::no);
  EXPECT_EQ(with(R"("taker_outcome_side":"yes")").taker_book_side, BookSide::bid);
  EXPECT_EQ(with(R"("taker_side":"no")").taker_book_side, BookSide::ask);
  // taker_side first, the new field later: the new one still wins.
  EXPECT_EQ(with(R"("taker_side":"no","taker_outcome_side":"yes")").taker_outcome_side,
            OutcomeSide::yes);
}

TEST(WsParserMarket, TradeLegacyShape) {
  WsParser parser;
  const auto t = parse_as<PublicTrade>(
      parser,
      R"({"type":"trade","sid":11,"msg":{"market_ticker":"HIGHNY-22DEC23-B53.5","yes_price":36,)"
      R"("no_price":64,"count":136,"taker_side":"no","ts":1669149841}})");
  EXPECT_EQ(t.trade_id, std::nullopt);
  EXPECT_EQ(t.yes_price, P("0.36"));
  EXPECT_EQ(t.no_price, P("0.64"));
  EXPECT_EQ(t.count, C("136"));
  EXPECT_EQ(t.taker_outcome_side, OutcomeSide::no);
  EXPECT_FALSE(t.is_block_trade);
  EXPECT_EQ(t.ts_ms, 1669149841000);
  // Without a NO price, it is the YES price's complement.
  const auto u = parse_as<PublicTrade>(
      parser, R"({"type":"trade","sid":11,"msg":{"market_ticker":"T","yes_price_dollars":"0.0010",)"
              R"("count_fp":"1.00","taker_side":"yes","ts_ms":7}})");
  EXPECT_EQ(u.no_price, P("0.999"));
}

// ---- market_lifecycle_v2 ----------------------------------------------------------------

TEST(WsParserMarket, LifecycleCreatedWithMetadata) {
  WsParser parser;
  const auto l = parse_as<MarketLifecycle>(
      parser,
      R"({"type":"market_lifecycle_v2","sid":13,"msg":{"market_ticker":"KXBTC15M-26SEP071415-15",)"
      R"("event_type":"created","exchange_index":2,"open_ts":1788804000,"close_ts":1788804900,)"
      R"("price_level_structure":"tapered_deci_cent","price_ranges":[)"
      R"({"start":"0.0000","end":"0.1000","step":"0.0010"},{"start":"0.1000","end":"0.9000","step":"0.0100"},)"
      R"({"start":"0.9000","end":"1.0000","step":"0.0010"}],)"
      R"("additional_metadata":{"name":"BTC 15m","title":"BTC price up in next 15 mins?",)"
      R"("yes_sub_title":"Target Price: $78,934.67","no_sub_title":"x","rules_primary":"…",)"
      R"("can_close_early":false,"event_ticker":"KXBTC15M-26SEP071415",)"
      R"("expected_expiration_ts":1788805200,"strike_type":"greater_or_equal","floor_strike":78934.67,)"
      R"("custom_strike":{"Underlying":"BTC"}}}})");
  EXPECT_EQ(l.sid, 13);
  EXPECT_FALSE(l.multivariate);
  EXPECT_EQ(l.market_ticker, "KXBTC15M-26SEP071415-15");
  EXPECT_EQ(l.event_type, MarketLifecycleEvent::created);
  EXPECT_EQ(l.event_type_text, "created");
  EXPECT_EQ(l.exchange_index, 2);
  EXPECT_EQ(l.open_ts_ms, 1788804000000);
  EXPECT_EQ(l.close_ts_ms, 1788804900000);
  EXPECT_EQ(l.price_level_structure, "tapered_deci_cent");
  ASSERT_TRUE(l.price_ranges.has_value());
  ASSERT_EQ(l.price_ranges->size(), 3u);
  EXPECT_EQ((*l.price_ranges)[1], (PriceRange{P("0.10"), P("0.90"), P("0.01")}));
  // The ranges are ready for PriceGrid, and give the grid the label names.
  const auto grid = PriceGrid::from_ranges(*l.price_ranges);
  ASSERT_TRUE(grid);
  EXPECT_EQ(*grid, *PriceGrid::from_structure("tapered_deci_cent"));
  EXPECT_EQ(l.event_ticker, "KXBTC15M-26SEP071415");
  EXPECT_EQ(l.title, "BTC price up in next 15 mins?");
  EXPECT_EQ(l.yes_sub_title, "Target Price: $78,934.67");
  EXPECT_EQ(l.can_close_early, false);
  EXPECT_EQ(l.expected_expiration_ts_ms, 1788805200000);
  EXPECT_EQ(l.strike_type, "greater_or_equal");
  EXPECT_EQ(l.floor_strike, D("78934.67"));  // exact, not through double
  EXPECT_EQ(l.cap_strike, std::nullopt);
  EXPECT_EQ(l.custom_strike_json, R"({"Underlying":"BTC"})");
  EXPECT_EQ(l.result, std::nullopt);
  EXPECT_EQ(l.settlement_value, std::nullopt);
}

TEST(WsParserMarket, LifecycleEventsAndTheirFields) {
  WsParser parser;
  auto l = parse_as<MarketLifecycle>(
      parser,
      R"({"type":"market_lifecycle_v2","sid":13,"msg":{"market_ticker":"M","event_type":"determined",)"
      R"("result":"scalar","settlement_value":"0.4375","determination_ts":1694721700}})");
  EXPECT_EQ(l.event_type, MarketLifecycleEvent::determined);
  EXPECT_EQ(l.result, "scalar");
  EXPECT_EQ(l.settlement_value, P("0.4375"));
  EXPECT_EQ(l.determination_ts_ms, 1694721700000);
  EXPECT_FALSE(l.price_ranges.has_value());  // nothing leaks from the previous lifecycle
  l = parse_as<MarketLifecycle>(
      parser,
      R"({"type":"market_lifecycle_v2","sid":13,"msg":{"market_ticker":"M","event_type":"determined",)"
      R"("result":"yes","settlement_value":100}})");
  EXPECT_EQ(l.settlement_value, Price::one());  // legacy integer cents
  l = parse_as<MarketLifecycle>(
      parser,
      R"({"type":"market_lifecycle_v2","sid":13,"msg":{"market_ticker":"M","event_type":"settled",)"
      R"("settled_ts":1694722000,"settled_ts_ms":1694722000250}})");
  EXPECT_EQ(l.event_type, MarketLifecycleEvent::settled);
  EXPECT_EQ(l.settled_ts_ms, 1694722000250);  // the ms field wins
  l = parse_as<MarketLifecycle>(
      parser,
      R"({"type":"market_lifecycle_v2","sid":13,"msg":{"market_ticker":"M","event_type":"deactivated","is_deactivated":true}})");
  EXPECT_EQ(l.event_type, MarketLifecycleEvent::deactivated);
  EXPECT_EQ(l.is_deactivated, true);
  l = parse_as<MarketLifecycle>(
      parser,
      R"({"type":"market_lifecycle_v2","sid":13,"msg":{"market_ticker":"M","event_type":"close_date_updated","close_ts":1694720000}})");
  EXPECT_EQ(l.event_type, MarketLifecycleEvent::close_date_updated);
  EXPECT_EQ(l.close_ts_ms, 1694720000000);
  // metadata_updated: strikes at the top level, as numbers or strings, win over metadata.
  l = parse_as<MarketLifecycle>(
      parser,
      R"({"type":"market_lifecycle_v2","sid":13,"msg":{"market_ticker":"KXBTC-25APR30-T0915-B95000",)"
      R"("event_type":"metadata_updated","additional_metadata":{"floor_strike":1,"strike_type":"x"},)"
      R"("strike_type":"between","floor_strike":95000,"cap_strike":"95250.125","yes_sub_title":"$95,000 to 95,249.99"}})");
  EXPECT_EQ(l.event_type, MarketLifecycleEvent::metadata_updated);
  EXPECT_EQ(l.strike_type, "between");
  EXPECT_EQ(l.floor_strike, D("95000"));
  EXPECT_EQ(l.cap_strike, D("95250.125"));
  EXPECT_EQ(l.yes_sub_title, "$95,000 to 95,249.99");
  // A repeated price_ranges key replaces the first one.
  l = parse_as<MarketLifecycle>(
      parser,
      R"({"type":"market_lifecycle_v2","sid":13,"msg":{"market_ticker":"M","event_type":"price_level_structure_updated",)"
      R"("price_ranges":[{"start":"0","end":"1","step":"0.01"}],"price_level_structure":"deci_cent",)"
      R"("price_ranges":[{"start":"0.0000","end":"1.0000","step":"0.0010"}]}})");
  ASSERT_TRUE(l.price_ranges.has_value());
  EXPECT_EQ(std::vector<PriceRange>(l.price_ranges->begin(), l.price_ranges->end()),
            (std::vector<PriceRange>{{Price::zero(), Price::one(), P("0.001")}}));
  EXPECT_EQ(PriceGrid::for_market({}, *l.price_level_structure)->level_count(), 1001u);
}

TEST(WsParserMarket, LifecycleUnknownEventTypeIsKeptNotRejected) {
  WsParser parser;
  const auto l = parse_as<MarketLifecycle>(
      parser,
      R"({"type":"market_lifecycle_v2","sid":13,"msg":{"market_ticker":"M","event_type":"fractional_toggled","x":[1]}})");
  EXPECT_EQ(l.event_type, MarketLifecycleEvent::unknown);
  EXPECT_EQ(l.event_type_text, "fractional_toggled");
  EXPECT_EQ(parse_market_lifecycle_event("price_level_structure_updated"),
            MarketLifecycleEvent::price_level_structure_updated);
  EXPECT_EQ(to_string(MarketLifecycleEvent::close_date_updated), "close_date_updated");
  // The multivariate channel sends the same payload.
  const auto mve = parse_as<MarketLifecycle>(
      parser,
      R"({"type":"multivariate_market_lifecycle","sid":14,"msg":{"market_ticker":"KXMVE-1","event_type":"activated"}})");
  EXPECT_TRUE(mve.multivariate);
  EXPECT_EQ(mve.event_type, MarketLifecycleEvent::activated);
}

// ---- event_lifecycle, event_fee_update --------------------------------------------------

TEST(WsParserMarket, EventLifecycle) {
  WsParser parser;
  const auto e = parse_as<EventLifecycle>(
      parser,
      R"({"type":"event_lifecycle","sid":5,"msg":{"event_ticker":"KXQUICKSETTLE-26JAN25H2150",)"
      R"("exchange_index":0,"title":"What will 1+1 equal?","subtitle":"Jan 25 at 21:50",)"
      R"("collateral_return_type":"","series_ticker":"KXQUICKSETTLE","strike_date":1769377800,)"
      R"("strike_period":"hour"}})");
  EXPECT_EQ(e.sid, 5);
  EXPECT_EQ(e.event_ticker, "KXQUICKSETTLE-26JAN25H2150");
  EXPECT_EQ(e.series_ticker, "KXQUICKSETTLE");
  EXPECT_EQ(e.title, "What will 1+1 equal?");
  EXPECT_EQ(e.subtitle, "Jan 25 at 21:50");
  EXPECT_EQ(e.collateral_return_type, "");  // empty is a value, not absent
  EXPECT_EQ(e.exchange_index, 0);
  EXPECT_EQ(e.strike_date_ms, 1769377800000);
  EXPECT_EQ(e.strike_period, "hour");
}

TEST(WsParserMarket, EventFeeUpdate) {
  WsParser parser;
  auto f = parse_as<EventFeeUpdate>(
      parser,
      R"({"type":"event_fee_update","sid":5,"msg":{"event_ticker":"KXBTCD-26MAY2018",)"
      R"("fee_type_override":"quadratic_with_maker_fees","fee_multiplier_override":0.035}})");
  EXPECT_EQ(f.event_ticker, "KXBTCD-26MAY2018");
  EXPECT_EQ(f.fee_type_override_text, "quadratic_with_maker_fees");
  EXPECT_EQ(f.fee_type_override, FeeType::quadratic_with_maker_fees);
  ASSERT_TRUE(f.fee_multiplier_override);
  EXPECT_EQ(f.fee_multiplier_override->micros(), 35'000);
  // Cleared overrides are null.
  f = parse_as<EventFeeUpdate>(
      parser,
      R"({"type":"event_fee_update","sid":5,"msg":{"event_ticker":"E","fee_type_override":null,"fee_multiplier_override":null}})");
  EXPECT_EQ(f.fee_type_override_text, std::nullopt);
  EXPECT_EQ(f.fee_type_override, std::nullopt);
  EXPECT_EQ(f.fee_multiplier_override, std::nullopt);
  // A multiplier of 1 as an integer or a string; a fee type this build does not know keeps
  // its text.
  f = parse_as<EventFeeUpdate>(
      parser,
      R"({"type":"event_fee_update","sid":5,"msg":{"event_ticker":"E","fee_type_override":"cubic","fee_multiplier_override":"1"}})");
  EXPECT_EQ(f.fee_type_override_text, "cubic");
  EXPECT_EQ(f.fee_type_override, std::nullopt);
  EXPECT_EQ(f.fee_multiplier_override, FeeMultiplier::one());
}

// ---- cfbenchmarks_value -----------------------------------------------------------------

TEST(WsParserMarket, CfBenchmarksValue) {
  WsParser parser;
  const std::string frame =
      R"({"type":"cfbenchmarks_value","sid":1,"seq":42,"msg":{"index_id":"BRTI","received_at":1710000000123,)"
      R"("data":"{\"type\":\"value\",\"id\":\"BRTI\",\"time\":1710000000100,\"value\":\"68000.12\"}",)"
      R"("avg_60s_data":{"value":"68000.12000000","window_size":3,"window_start_ts_ms":1709999940123,)"
      R"("window_end_ts_exclusive":1710000000123},"last_60s_windowed_average_15min":{"value":"68000.23000000",)"
      R"("window_size":14,"window_start_ts_ms":1709999980000,"window_end_ts_exclusive":1710000000123}}})";
  const auto c = parse_as<CfBenchmarksValue>(parser, frame);
  EXPECT_EQ(c.sid, 1);
  EXPECT_EQ(c.seq, 42);
  EXPECT_EQ(c.index_id, "BRTI");
  EXPECT_EQ(c.received_at_ms, 1710000000123);
  EXPECT_EQ(c.value, D("68000.12"));
  EXPECT_EQ(c.time_ms, 1710000000100);
  EXPECT_EQ(c.avg_60s, (CfBenchmarksAverage{D("68000.12"), 3, 1709999940123, 1710000000123}));
  ASSERT_TRUE(c.last_60s_windowed_average_15min);
  EXPECT_EQ(*c.last_60s_windowed_average_15min,
            (CfBenchmarksAverage{D("68000.23"), 14, 1709999980000, 1710000000123}));
  // Outside the final minute there is no 15-minute average; the inner value may be a number.
  const auto d = parse_as<CfBenchmarksValue>(
      parser,
      R"({"type":"cfbenchmarks_value","sid":1,"seq":43,"msg":{"index_id":"SOLUSD_RTI","received_at":5,)"
      R"("data":"{\"time\":4,\"value\":142.5}","avg_60s_data":{"value":"142.50000000",)"
      R"("window_size":0,"window_start_ts_ms":1,"window_end_ts_exclusive":5}}})");
  EXPECT_EQ(d.index_id, "SOLUSD_RTI");
  EXPECT_EQ(d.value, D("142.5"));
  EXPECT_EQ(d.time_ms, 4);
  EXPECT_FALSE(d.last_60s_windowed_average_15min);
  // The first frame again: the parser's buffers are reused, values stay right.
  EXPECT_EQ(parse_as<CfBenchmarksValue>(parser, frame).value, D("68000.12"));
}

// ---- Rejections -------------------------------------------------------------------------

class WsParserMarketRejects : public ::testing::TestWithParam<BadFrame> {};
TEST_P(WsParserMarketRejects, WithAReason) { expect_rejected(GetParam()); }

#define TICKER(body) R"({"type":"ticker","sid":1,"msg":{"market_ticker":"T",)" body "}}"
#define TRADE(body) \
  R"({"type":"trade","sid":1,"msg":{"market_ticker":"T","count_fp":"1.00","ts_ms":1,)" body "}}"
#define LIFECYCLE(body) \
  R"({"type":"market_lifecycle_v2","sid":1,"msg":{"market_ticker":"M",)" body "}}"
#define CF(body) \
  R"({"type":"cfbenchmarks_value","sid":1,"seq":1,"msg":{"index_id":"BRTI",)" body "}}"
#define CF_AVG \
  R"("avg_60s_data":{"value":"1","window_size":1,"window_start_ts_ms":1,"window_end_ts_exclusive":2})"

INSTANTIATE_TEST_SUITE_P(
    WsParserMarket, WsParserMarketRejects,
    ::testing::Values(
        BadFrame{
            "ticker_no_sid",
            R"({"type":"ticker","msg":{"market_ticker":"T","yes_bid_dollars":"0.1","yes_ask_dollars":"0.2","ts_ms":1}})",
            FrameErrorCode::missing_field, "sid"},
        BadFrame{"ticker_no_msg", R"({"type":"ticker","sid":1})", FrameErrorCode::missing_field,
                 "msg"},
        BadFrame{
            "ticker_no_ticker",
            R"({"type":"ticker","sid":1,"msg":{"yes_bid_dollars":"0.1","yes_ask_dollars":"0.2","ts_ms":1}})",
            FrameErrorCode::missing_field, "msg.market_ticker"},
        BadFrame{"ticker_no_bid", TICKER(R"("yes_ask_dollars":"0.2","ts_ms":1)"),
                 FrameErrorCode::missing_field, "msg.yes_bid_dollars"},
        BadFrame{"ticker_no_ask", TICKER(R"("yes_bid_dollars":"0.2","ts_ms":1)"),
                 FrameErrorCode::missing_field, "msg.yes_ask_dollars"},
        BadFrame{"ticker_no_time", TICKER(R"("yes_bid_dollars":"0.1","yes_ask_dollars":"0.2")"),
                 FrameErrorCode::missing_field, "msg.ts_ms"},
        BadFrame{"ticker_bad_bid",
                 TICKER(R"("yes_bid_dollars":"0.1x","yes_ask_dollars":"0.2","ts_ms":1)"),
                 FrameErrorCode::bad_number, "msg.yes_bid_dollars"},
        BadFrame{"ticker_bid_number",
                 TICKER(R"("yes_bid_dollars":0.1,"yes_ask_dollars":"0.2","ts_ms":1)"),
                 FrameErrorCode::wrong_type, "msg.yes_bid_dollars"},
        BadFrame{
            "ticker_volume_decimals",
            TICKER(
                R"("yes_bid_dollars":"0.1","yes_ask_dollars":"0.2","ts_ms":1,"volume_fp":"1.001")"),
            FrameErrorCode::bad_number, "msg.volume_fp"},
        BadFrame{"ticker_legacy_cents",
                 TICKER(R"("yes_bid":101,"yes_ask_dollars":"0.2","ts_ms":1)"),
                 FrameErrorCode::bad_number, "msg.yes_bid"},
        BadFrame{"ticker_seconds_overflow",
                 TICKER(R"("yes_bid_dollars":"0.1","yes_ask_dollars":"0.2","ts":9223372036854776)"),
                 FrameErrorCode::bad_number, "msg.ts"},
        BadFrame{"trade_no_price", TRADE(R"("taker_side":"yes")"), FrameErrorCode::missing_field,
                 "msg.yes_price_dollars"},
        BadFrame{"trade_no_direction", TRADE(R"("yes_price_dollars":"0.5")"),
                 FrameErrorCode::missing_field, "msg.taker_outcome_side"},
        BadFrame{"trade_bad_side", TRADE(R"("yes_price_dollars":"0.5","taker_side":"up")"),
                 FrameErrorCode::bad_value, "msg.taker_side"},
        BadFrame{"trade_bad_book_side",
                 TRADE(R"("yes_price_dollars":"0.5","taker_book_side":"buy")"),
                 FrameErrorCode::bad_value, "msg.taker_book_side"},
        BadFrame{
            "trade_sides_disagree",
            TRADE(
                R"("yes_price_dollars":"0.5","taker_outcome_side":"yes","taker_book_side":"ask")"),
            FrameErrorCode::bad_value, "msg.taker_book_side"},
        BadFrame{
            "trade_negative_count",
            R"({"type":"trade","sid":1,"msg":{"market_ticker":"T","yes_price_dollars":"0.5","count_fp":"-1.00","taker_side":"yes","ts_ms":1}})",
            FrameErrorCode::bad_number, "msg.count_fp"},
        BadFrame{"trade_block_not_bool",
                 TRADE(R"("yes_price_dollars":"0.5","taker_side":"yes","is_block_trade":"no")"),
                 FrameErrorCode::wrong_type, "msg.is_block_trade"},
        BadFrame{"lifecycle_no_event_type", LIFECYCLE(R"("open_ts":1)"),
                 FrameErrorCode::missing_field, "msg.event_type"},
        BadFrame{"lifecycle_no_ticker",
                 R"({"type":"market_lifecycle_v2","sid":1,"msg":{"event_type":"created"}})",
                 FrameErrorCode::missing_field, "msg.market_ticker"},
        BadFrame{"lifecycle_bad_strike",
                 LIFECYCLE(R"("event_type":"metadata_updated","floor_strike":"9x")"),
                 FrameErrorCode::bad_number, "msg.floor_strike"},
        BadFrame{"lifecycle_strike_exponent",
                 LIFECYCLE(R"("event_type":"metadata_updated","cap_strike":1e5)"),
                 FrameErrorCode::bad_number, "msg.cap_strike"},
        BadFrame{"lifecycle_strike_bool",
                 LIFECYCLE(R"("event_type":"metadata_updated","cap_strike":true)"),
                 FrameErrorCode::wrong_type, "msg.cap_strike"},
        BadFrame{"lifecycle_nested_bad_strike",
                 LIFECYCLE(R"("event_type":"created","additional_metadata":{"floor_strike":"x"})"),
                 FrameErrorCode::bad_number, "msg.additional_metadata.floor_strike"},
        BadFrame{
            "lifecycle_bad_range",
            LIFECYCLE(
                R"("event_type":"price_level_structure_updated","price_ranges":[{"start":"0","end":"1.5","step":"0.01"}])"),
            FrameErrorCode::bad_number, "msg.price_ranges"},
        BadFrame{
            "lifecycle_range_missing_step",
            LIFECYCLE(
                R"("event_type":"price_level_structure_updated","price_ranges":[{"start":"0","end":"1"}])"),
            FrameErrorCode::missing_field, "msg.price_ranges"},
        BadFrame{"lifecycle_bad_settlement",
                 LIFECYCLE(R"("event_type":"determined","settlement_value":"1.0001")"),
                 FrameErrorCode::bad_number, "msg.settlement_value"},
        BadFrame{"lifecycle_bad_time", LIFECYCLE(R"("event_type":"created","open_ts":"soon")"),
                 FrameErrorCode::wrong_type, "msg.open_ts"},
        BadFrame{"event_no_series",
                 R"({"type":"event_lifecycle","sid":1,"msg":{"event_ticker":"E","title":"t"}})",
                 FrameErrorCode::missing_field, "msg.series_ticker"},
        BadFrame{"event_no_ticker",
                 R"({"type":"event_lifecycle","sid":1,"msg":{"series_ticker":"S"}})",
                 FrameErrorCode::missing_field, "msg.event_ticker"},
        BadFrame{"fee_no_event",
                 R"({"type":"event_fee_update","sid":1,"msg":{"fee_type_override":null}})",
                 FrameErrorCode::missing_field, "msg.event_ticker"},
        BadFrame{
            "fee_bad_multiplier",
            R"({"type":"event_fee_update","sid":1,"msg":{"event_ticker":"E","fee_multiplier_override":0.0000001}})",
            FrameErrorCode::bad_number, "msg.fee_multiplier_override"},
        BadFrame{
            "fee_multiplier_bool",
            R"({"type":"event_fee_update","sid":1,"msg":{"event_ticker":"E","fee_multiplier_override":true}})",
            FrameErrorCode::wrong_type, "msg.fee_multiplier_override"},
        BadFrame{"cf_no_seq",
                 R"({"type":"cfbenchmarks_value","sid":1,"msg":{"index_id":"BRTI","received_at":1,)"
                 R"("data":"{\"time\":1,\"value\":\"1\"}",)" CF_AVG "}}",
                 FrameErrorCode::missing_field, "seq"},
        BadFrame{"cf_no_received_at", CF(R"("data":"{\"time\":1,\"value\":\"1\"}",)" CF_AVG),
                 FrameErrorCode::missing_field, "msg.received_at"},
        BadFrame{"cf_no_data", CF(R"("received_at":1,)" CF_AVG), FrameErrorCode::missing_field,
                 "msg.data"},
        BadFrame{"cf_data_not_json", CF(R"("received_at":1,"data":"{\"value\":",)" CF_AVG),
                 FrameErrorCode::malformed_json, "msg.data"},
        BadFrame{"cf_data_no_value", CF(R"("received_at":1,"data":"{\"time\":1}",)" CF_AVG),
                 FrameErrorCode::missing_field, "msg.data.value"},
        BadFrame{"cf_data_bad_value",
                 CF(R"("received_at":1,"data":"{\"time\":1,\"value\":\"6.8e4\"}",)" CF_AVG),
                 FrameErrorCode::bad_number, "msg.data.value"},
        BadFrame{"cf_no_avg", CF(R"("received_at":1,"data":"{\"time\":1,\"value\":\"1\"}")"),
                 FrameErrorCode::missing_field, "msg.avg_60s_data"},
        BadFrame{
            "cf_avg_no_window",
            CF(R"("received_at":1,"data":"{\"time\":1,\"value\":\"1\"}","avg_60s_data":{"value":"1","window_size":1,"window_start_ts_ms":1})"),
            FrameErrorCode::missing_field, "msg.avg_60s_data.window_end_ts_exclusive"},
        BadFrame{
            "cf_15m_bad_value",
            CF(R"("received_at":1,"data":"{\"time\":1,\"value\":\"1\"}",)" CF_AVG
               R"(,"last_60s_windowed_average_15min":{"value":"x","window_size":1,"window_start_ts_ms":1,"window_end_ts_exclusive":2})"),
            FrameErrorCode::bad_number, "msg.last_60s_windowed_average_15min.value"}),
    [](const auto& i) { return std::string(i.param.name); });

#undef TICKER
#undef TRADE
#undef LIFECYCLE
#undef CF
#undef CF_AVG

}  // namespace
}  // namespace antevorta::kalshi
