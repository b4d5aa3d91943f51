#include "antevorta/kalshi/models.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "printers.hpp"
#include "support/paths.hpp"

namespace antevorta::kalshi {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using ::testing::HasSubstr;

Price P(std::string_view s) { return Price::parse(s).value(); }
Count C(std::string_view s) { return Count::parse(s).value(); }
Money M(std::string_view s) { return Money::parse(s).value(); }

// A market in the current (fixed-point) shape, with the fields of the API-NOTES example.
json current_market() {
  return json::parse(R"({
    "ticker":"KXBTC15M-26SEP071415-15","event_ticker":"KXBTC15M-26SEP071415","market_type":"binary",
    "yes_sub_title":"Target Price: $78,934.67","no_sub_title":"","title":"BTC price up in next 15 mins?",
    "created_time":"2026-09-07T17:45:00Z","updated_time":"2026-09-07T17:59:00.5Z",
    "open_time":"2026-09-07T18:00:00Z","close_time":"2026-09-07T18:15:00Z",
    "latest_expiration_time":"2026-09-07T18:15:00Z","expected_expiration_time":null,
    "status":"active","result":"",
    "yes_bid_dollars":"0.3800","yes_bid_size_fp":"250.00","yes_ask_dollars":"0.4000","yes_ask_size_fp":"120.50",
    "no_bid_dollars":"0.6000","no_ask_dollars":"0.6200","last_price_dollars":"0.3900",
    "previous_yes_bid_dollars":"0.3000","previous_yes_ask_dollars":"0.3200","previous_price_dollars":"0.3100",
    "volume_fp":"10234.55","volume_24h_fp":"10234.55","open_interest_fp":"5120.00","notional_value_dollars":"1.0000",
    "liquidity_dollars":"0.0000","can_close_early":false,"expiration_value":"",
    "strike_type":"greater_or_equal","floor_strike":78934.67,
    "price_level_structure":"tapered_deci_cent",
    "price_ranges":[{"start":"0.0000","end":"0.1000","step":"0.0010"},{"start":"0.1000","end":"0.9000","step":"0.0100"},{"start":"0.9000","end":"1.0000","step":"0.0010"}],
    "settlement_timer_seconds":1,"exchange_index":2,"rules_primary":"p","rules_secondary":"s",
    "some_future_field":{"x":[1,2,3]}})");
}

TEST(Models, CurrentMarketParses) {
  const auto m = parse_market(current_market());
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->ticker, MarketTicker("KXBTC15M-26SEP071415-15"));
  EXPECT_EQ(m->event_ticker, EventTicker("KXBTC15M-26SEP071415"));
  EXPECT_EQ(m->market_type, MarketType::binary);
  EXPECT_EQ(m->status, MarketStatus::active);
  EXPECT_FALSE(m->result.has_value());  // "" = not determined
  EXPECT_EQ(m->yes_bid, P("0.38"));
  EXPECT_EQ(m->yes_ask, P("0.40"));
  EXPECT_EQ(m->no_bid, P("0.60"));
  EXPECT_EQ(m->last_price, P("0.39"));
  EXPECT_EQ(m->previous_price, P("0.31"));
  EXPECT_EQ(m->yes_ask_size, C("120.50"));
  EXPECT_EQ(m->volume, C("10234.55"));
  EXPECT_EQ(m->open_interest, C("5120"));
  EXPECT_EQ(m->notional_value, M("1"));
  EXPECT_EQ(m->strike_type, StrikeType::greater_or_equal);
  ASSERT_TRUE(m->floor_strike);
  EXPECT_EQ(m->floor_strike->to_string(), "78934.67");  // exact, not 78934.6699999…
  EXPECT_FALSE(m->cap_strike);
  EXPECT_EQ(m->settlement_timer_seconds, 1);
  EXPECT_EQ(m->exchange_index, 2);
  EXPECT_EQ(m->close_time, parse_rfc3339("2026-09-07T18:15:00Z"));
  EXPECT_EQ(m->updated_time,
            from_unix_ms(to_unix_ms(*parse_rfc3339("2026-09-07T17:59:00Z")) + 500));
  EXPECT_FALSE(m->expected_expiration_time);  // null
  ASSERT_TRUE(m->grid);
  EXPECT_EQ(m->grid->level_count(), 281u);
  EXPECT_TRUE(m->grid->tradable(P("0.001")));
  EXPECT_EQ(m->price_ranges.size(), 3u);
  EXPECT_EQ(m->title, "BTC price up in next 15 mins?");
}

TEST(Models, LegacyCentMarketFallsBack) {
  const auto m = parse_market(json::parse(
      R"({"ticker":"OLD-1","event_ticker":"OLD","status":"active","yes_bid":42,"yes_ask":45,
          "no_bid":55,"no_ask":58,"last_price":43,"volume":1200,"open_interest":300,
          "tick_size":1,"response_price_units":"usd_cent"})"));
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->yes_bid, P("0.42"));
  EXPECT_EQ(m->no_ask, P("0.58"));
  EXPECT_EQ(m->last_price, P("0.43"));
  EXPECT_EQ(m->volume, Count::contracts(1200));
  EXPECT_EQ(m->open_interest, Count::contracts(300));
  EXPECT_FALSE(m->grid);  // no ranges, no label
}

TEST(Models, FixedPointWinsOverLegacy) {
  auto j = current_market();
  j["yes_bid"] = 12;
  j["volume"] = 7;
  const auto m = parse_market(j);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->yes_bid, P("0.38"));
  EXPECT_EQ(m->volume, C("10234.55"));
}

TEST(Models, GridFromLabelWhenNoRanges) {
  auto j = current_market();
  j.erase("price_ranges");
  j["price_level_structure"] = "deci_cent";
  const auto m = parse_market(j);
  ASSERT_TRUE(m) << m.error();
  ASSERT_TRUE(m->grid);
  EXPECT_EQ(m->grid->level_count(), 1001u);
}

TEST(Models, InvalidRangesAreAnErrorNamingTheRange) {
  auto j = current_market();
  j["price_ranges"][1]["step"] = "0.0300";  // does not divide 0.80
  const auto m = parse_market(j);
  ASSERT_FALSE(m);
  EXPECT_THAT(m.error(), HasSubstr("price_ranges[1]"));
}

TEST(Models, ResultAbsentNullEmptyAndSet) {
  auto j = current_market();
  j.erase("result");
  EXPECT_FALSE(parse_market(j)->result);
  j["result"] = nullptr;
  EXPECT_FALSE(parse_market(j)->result);
  j["result"] = "yes";
  EXPECT_EQ(parse_market(j)->result, MarketResult::yes);
  j["result"] = "scalar";
  j["settlement_value_dollars"] = "0.5500";
  const auto m = parse_market(j);
  EXPECT_EQ(m->result, MarketResult::scalar);
  EXPECT_EQ(m->settlement_value, P("0.55"));
  j["result"] = "void-ish";
  EXPECT_EQ(parse_market(j)->result, MarketResult::unknown);
}

TEST(Models, StrikeFieldsKeepAbsenceAndExactness) {
  auto j = current_market();
  j.erase("strike_type");
  j.erase("floor_strike");
  j["cap_strike"] = nullptr;
  j["custom_strike"] = {{"Model", "claude-opus-4-6-thinking"}, {"Rank", 1}};
  const auto m = parse_market(j);
  ASSERT_TRUE(m) << m.error();
  EXPECT_FALSE(m->strike_type);
  EXPECT_FALSE(m->floor_strike);
  EXPECT_FALSE(m->cap_strike);
  ASSERT_TRUE(m->custom_strike);
  EXPECT_THAT(*m->custom_strike, ::testing::Contains(std::pair<std::string, std::string>(
                                     "Model", "claude-opus-4-6-thinking")));
  j["floor_strike"] = 100000;
  j["cap_strike"] = "68000.12000000";
  const auto m2 = parse_market(j);
  ASSERT_TRUE(m2) << m2.error();
  EXPECT_EQ(m2->floor_strike->to_string(), "100000");
  EXPECT_EQ(m2->cap_strike->to_string(), "68000.12");
}

TEST(Models, UnknownStatusIsKeptNotRejected) {
  auto j = current_market();
  j["status"] = "frozen_for_lunch";
  const auto m = parse_market(j);
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->status, MarketStatus::unknown);
  EXPECT_EQ(m->status_text, "frozen_for_lunch");
}

TEST(Models, BadNumbersNameTheFieldPath) {
  json page = {{"markets", json::array({current_market(), current_market()})}, {"cursor", "c"}};
  page["markets"][1]["yes_bid_dollars"] = "0.5x";
  auto r = parse_markets_response(page);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error(), HasSubstr("markets[1].yes_bid_dollars"));
  EXPECT_THAT(r.error(), HasSubstr("0.5x"));

  page["markets"][1]["yes_bid_dollars"] = "1.2000";  // above $1
  EXPECT_THAT(parse_markets_response(page).error(), HasSubstr("out of range"));
  page["markets"][1]["yes_bid_dollars"] = 0.38;  // a number where a string is due
  EXPECT_THAT(parse_markets_response(page).error(), HasSubstr("markets[1].yes_bid_dollars"));
  page["markets"][1]["yes_bid_dollars"] = "0.3800";
  page["markets"][0]["volume_fp"] = "1.005";
  EXPECT_THAT(parse_markets_response(page).error(), HasSubstr("markets[0].volume_fp"));
  page["markets"][0]["volume_fp"] = "1.00";
  page["markets"][0]["close_time"] = "yesterday";
  EXPECT_THAT(parse_markets_response(page).error(), HasSubstr("markets[0].close_time"));
  page["markets"][0].erase("close_time");
  page["markets"][0].erase("ticker");
  EXPECT_THAT(parse_markets_response(page).error(), HasSubstr("markets[0].ticker: missing"));
}

TEST(Models, SixDecimalPricesOnlyWhenZeroPadded) {
  auto j = current_market();
  j["yes_bid_dollars"] = "0.380000";
  EXPECT_EQ(parse_market(j)->yes_bid, P("0.38"));
  j["yes_bid_dollars"] = "0.380001";
  EXPECT_FALSE(parse_market(j));
}

TEST(Models, MarketsPageCursor) {
  json page = {{"markets", json::array({current_market()})}, {"cursor", "abc"}};
  EXPECT_EQ(parse_markets_response(page)->cursor, "abc");
  page["cursor"] = nullptr;
  EXPECT_EQ(parse_markets_response(page)->cursor, "");
  page.erase("cursor");
  EXPECT_EQ(parse_markets_response(page)->cursor, "");
  EXPECT_FALSE(parse_markets_response(json::object()));             // no "markets" at all
  EXPECT_TRUE(parse_markets_response(json{{"markets", nullptr}}));  // null list = empty
}

TEST(Models, OrderbookShapes) {
  const auto fp = parse_orderbook_response(json::parse(
      R"({"orderbook_fp":{"yes_dollars":[["0.0100","200.00"],["0.4200","13.00"]],"no_dollars":[]}})"));
  ASSERT_TRUE(fp) << fp.error();
  ASSERT_EQ(fp->yes_bids.size(), 2u);
  EXPECT_EQ(fp->yes_bids.back(), (BookLevel{P("0.42"), C("13")}));
  EXPECT_TRUE(fp->no_bids.empty());

  const auto missing_side = parse_orderbook_response(
      json::parse(R"({"orderbook_fp":{"yes_dollars":[["0.4200","1.50"]]}})"));
  ASSERT_TRUE(missing_side) << missing_side.error();
  EXPECT_TRUE(missing_side->no_bids.empty());

  const auto cents =
      parse_orderbook_response(json::parse(R"({"orderbook":{"yes":[[42,13]],"no":[[56,17]]}})"));
  ASSERT_TRUE(cents) << cents.error();
  EXPECT_EQ(cents->yes_bids.at(0), (BookLevel{P("0.42"), C("13")}));
  EXPECT_EQ(cents->no_bids.at(0), (BookLevel{P("0.56"), C("17")}));

  const auto legacy_dollars = parse_orderbook_response(json::parse(
      R"({"orderbook":{"yes":[[42,13]],"no":null,"yes_dollars":[["0.42",13]],"no_dollars":[["0.56",17]]}})"));
  ASSERT_TRUE(legacy_dollars) << legacy_dollars.error();
  EXPECT_EQ(legacy_dollars->no_bids.at(0), (BookLevel{P("0.56"), C("17")}));

  const auto bad = parse_orderbook_response(
      json::parse(R"({"orderbook_fp":{"yes_dollars":[["0.42"]],"no_dollars":[]}})"));
  ASSERT_FALSE(bad);
  EXPECT_THAT(bad.error(), HasSubstr("orderbook_fp.yes_dollars[0]"));

  const auto batch = parse_orderbooks_response(json::parse(
      R"({"orderbooks":[{"ticker":"A","orderbook_fp":{"yes_dollars":[],"no_dollars":[["0.5000","2.00"]]}}]})"));
  ASSERT_TRUE(batch) << batch.error();
  EXPECT_EQ(batch->at(0).ticker, MarketTicker("A"));
}

TEST(Models, OrderCurrentAndLegacyDirection) {
  json o = json::parse(R"({"order_id":"o1","user_id":"u","client_order_id":"c1","ticker":"T",
      "outcome_side":"no","book_side":"ask","side":"yes","action":"sell","type":"limit",
      "status":"resting","yes_price_dollars":"0.5600","no_price_dollars":"0.4400",
      "fill_count_fp":"2.00","remaining_count_fp":"8.00","initial_count_fp":"10.00",
      "taker_fees_dollars":"0.0350","maker_fees_dollars":"0.0000","taker_fill_cost_dollars":"1.1200",
      "maker_fill_cost_dollars":"0.0000","expiration_time":null,"created_time":"2026-09-07T18:05:00Z",
      "self_trade_prevention_type":"taker_at_cross","order_group_id":null,"cancel_order_on_pause":true,
      "exchange_index":2,"subaccount_number":0})");
  auto r = parse_order(o);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->outcome_side, OutcomeSide::no);
  EXPECT_EQ(r->book_side, BookSide::ask);
  EXPECT_EQ(r->status, OrderStatus::resting);
  EXPECT_EQ(r->yes_price, P("0.56"));
  EXPECT_EQ(r->fill_count, C("2"));
  EXPECT_EQ(r->remaining_count, C("8"));
  EXPECT_EQ(r->taker_fees, M("0.035"));
  EXPECT_EQ(r->self_trade_prevention, SelfTradePrevention::taker_at_cross);
  EXPECT_FALSE(r->expiration_time);
  EXPECT_FALSE(r->order_group_id);
  EXPECT_TRUE(r->cancel_order_on_pause);
  EXPECT_EQ(r->exchange_index, 2);

  // Legacy order: no outcome/book side, cents and integer counts. sell NO = YES exposure.
  json legacy = json::parse(R"({"order_id":"o2","ticker":"T","side":"no","action":"sell",
      "status":"executed","yes_price":61,"fill_count":3,"remaining_count":0,"taker_fees":2})");
  auto l = parse_order(legacy);
  ASSERT_TRUE(l) << l.error();
  EXPECT_EQ(l->outcome_side, OutcomeSide::yes);
  EXPECT_EQ(l->book_side, BookSide::bid);
  EXPECT_EQ(l->yes_price, P("0.61"));
  EXPECT_EQ(l->fill_count, Count::contracts(3));
  EXPECT_EQ(l->initial_count, Count::contracts(3));  // fill + remaining when absent
  EXPECT_EQ(l->taker_fees, M("0.02"));
  EXPECT_TRUE(l->client_order_id.empty());

  legacy["side"] = "yes";
  legacy["action"] = "sell";
  EXPECT_EQ(parse_order(legacy)->outcome_side, OutcomeSide::no);
  legacy.erase("side");
  EXPECT_FALSE(parse_order(legacy));  // no direction at all
}

TEST(Models, FillWithFallbacks) {
  auto f = parse_fill(json::parse(R"({"fill_id":"f1","trade_id":"t1","order_id":"o1",
      "market_ticker":"T","exchange_index":2,"outcome_side":"yes","book_side":"bid",
      "count_fp":"3.00","yes_price_dollars":"0.4100","no_price_dollars":"0.5900","is_taker":true,
      "fee_cost":"0.0500","ts":1758000000,"subaccount_number":null})"));
  ASSERT_TRUE(f) << f.error();
  EXPECT_EQ(f->ticker, MarketTicker("T"));
  EXPECT_EQ(f->trade_id, TradeId("t1"));
  EXPECT_EQ(f->count, C("3"));
  EXPECT_EQ(f->no_price, P("0.59"));
  EXPECT_TRUE(f->is_taker);
  EXPECT_EQ(f->fee_cost, M("0.05"));
  EXPECT_EQ(f->created_time, Timestamp(std::chrono::seconds(1758000000)));
  EXPECT_FALSE(f->subaccount);
}

TEST(Models, BalancePrefersDollars) {
  auto b = parse_balance(json::parse(R"({"balance":123456,"balance_dollars":"1234.5678",
      "portfolio_value":150000,"updated_ts":1758000000,
      "balance_breakdown":[{"exchange_index":0,"balance":"1000.0000"},{"exchange_index":2,"balance":"234.5678"}]})"));
  ASSERT_TRUE(b) << b.error();
  EXPECT_EQ(b->balance, M("1234.5678"));  // the cents field truncates
  EXPECT_EQ(b->portfolio_value, M("1500"));
  ASSERT_EQ(b->balance_breakdown.size(), 2u);
  EXPECT_EQ(b->balance_breakdown[1].exchange_index, 2);
  EXPECT_EQ(b->balance_breakdown[1].balance, M("234.5678"));

  auto legacy = parse_balance(json::parse(R"({"balance":123456})"));
  ASSERT_TRUE(legacy) << legacy.error();
  EXPECT_EQ(legacy->balance, M("1234.56"));
  EXPECT_FALSE(legacy->portfolio_value);
  EXPECT_FALSE(parse_balance(json::object()));
}

TEST(Models, PositionsAreSigned) {
  auto p = parse_positions_response(json::parse(R"({"market_positions":[
      {"ticker":"A","exchange_index":2,"position_fp":"-25.00","total_traded_dollars":"12.5000",
       "market_exposure_dollars":"11.0000","realized_pnl_dollars":"-0.5000","fees_paid_dollars":"0.2100",
       "last_updated_ts":"2026-09-07T18:05:00Z"},
      {"ticker":"B","position":7,"market_exposure":350}],
      "event_positions":[{"event_ticker":"E","total_cost_dollars":"1.0000","total_cost_shares_fp":"2.00",
       "event_exposure_dollars":"1.0000","realized_pnl_dollars":"0.0000","fees_paid_dollars":"0.0100"}],
      "cursor":""})"));
  ASSERT_TRUE(p) << p.error();
  ASSERT_EQ(p->market_positions.size(), 2u);
  EXPECT_EQ(p->market_positions[0].position, C("-25"));
  EXPECT_EQ(p->market_positions[0].realized_pnl, M("-0.5"));
  EXPECT_EQ(p->market_positions[1].position, Count::contracts(7));
  EXPECT_EQ(p->market_positions[1].market_exposure, M("3.50"));
  EXPECT_EQ(p->event_positions.at(0).total_cost_shares, C("2"));
}

TEST(Models, SettlementCentsAndNullValue) {
  auto s = parse_settlement(json::parse(R"({"ticker":"T","event_ticker":"E","exchange_index":2,
      "market_result":"no","yes_count_fp":"0.00","yes_total_cost_dollars":"0.0000","no_count_fp":"10.00",
      "no_total_cost_dollars":"4.4000","revenue":1000,"value":null,"fee_cost":"0.3400",
      "settled_time":"2026-09-07T18:15:06Z"})"));
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ(s->market_result, MarketResult::no);
  EXPECT_EQ(s->revenue, M("10"));
  EXPECT_FALSE(s->value);
  EXPECT_EQ(s->no_count, C("10"));
  EXPECT_EQ(s->fee_cost, M("0.34"));
}

TEST(Models, EventWithOverridesAndNestedMarkets) {
  json e =
      json::parse(R"({"event_ticker":"KXLLM1-26SEP28","series_ticker":"KXLLM1","title":"Best AI",
      "sub_title":"this week","collateral_return_type":"MECNET","mutually_exclusive":true,
      "available_on_brokers":false,"settlement_sources":[{"name":"LMArena","url":"https://lmarena.ai"}],
      "fee_type_override":"quadratic_with_maker_fees","fee_multiplier_override":0.5,"exchange_index":0})");
  e["markets"] = json::array({current_market()});
  auto r = parse_event(e);
  ASSERT_TRUE(r) << r.error();
  EXPECT_TRUE(r->mutually_exclusive);
  EXPECT_EQ(r->collateral_return_type, "MECNET");
  EXPECT_EQ(r->fee_type_override, FeeType::quadratic_with_maker_fees);
  EXPECT_EQ(r->fee_multiplier_override, FeeMultiplier::parse("0.5").value());
  ASSERT_EQ(r->markets.size(), 1u);
  EXPECT_EQ(r->settlement_sources.at(0).name, "LMArena");

  e["fee_type_override"] = "cubic";
  e.erase("fee_multiplier_override");
  r = parse_event(e);
  ASSERT_TRUE(r) << r.error();
  EXPECT_EQ(r->fee_type_override_text, "cubic");
  EXPECT_FALSE(r->fee_type_override);  // unknown: the caller fails closed
  EXPECT_FALSE(r->fee_multiplier_override);

  // GET /events/{t}: the deprecated top-level markets when the event has none.
  e.erase("markets");
  const auto resp =
      parse_event_response(json{{"event", e}, {"markets", json::array({current_market()})}});
  ASSERT_TRUE(resp) << resp.error();
  EXPECT_EQ(resp->markets.size(), 1u);
}

TEST(Models, SeriesFees) {
  auto s =
      parse_series_response(json::parse(R"({"series":{"ticker":"KXBTC15M","frequency":"fifteen_min",
      "title":"BTC 15m","category":"Crypto","tags":null,"settlement_sources":null,"contract_url":"",
      "contract_terms_url":"u","fee_type":"quadratic","fee_multiplier":1,"additional_prohibitions":[],
      "volume_fp":"10.00"}})"));
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ(s->fee_type, FeeType::quadratic);
  EXPECT_EQ(s->fee_multiplier, FeeMultiplier::one());
  EXPECT_TRUE(s->tags.empty());
  EXPECT_EQ(s->category, "Crypto");
}

TEST(Models, ExchangeStatusWithShards) {
  auto s = parse_exchange_status(json::parse(R"({"exchange_active":true,"trading_active":false,
      "intra_exchange_transfers_active":true,"exchange_estimated_resume_time":null,
      "exchange_index_statuses":[{"exchange_index":0,"description":"Default","exchange_active":true,
      "trading_active":false,"intra_exchange_transfers_active":true},{"exchange_index":2,
      "description":"Crypto & Commodities","exchange_active":true,"trading_active":true,
      "intra_exchange_transfers_active":true}]})"));
  ASSERT_TRUE(s) << s.error();
  EXPECT_FALSE(s->trading_active);
  ASSERT_EQ(s->exchange_index_statuses.size(), 2u);
  EXPECT_TRUE(s->exchange_index_statuses[1].trading_active);
  EXPECT_FALSE(s->exchange_estimated_resume_time);
}

TEST(Models, PublicTradeDirection) {
  auto t = parse_trade(json::parse(R"({"trade_id":"x","ticker":"T","count_fp":"8.94",
      "yes_price_dollars":"0.7700","no_price_dollars":"0.2300","taker_outcome_side":"yes",
      "taker_book_side":"bid","taker_side":"no","is_block_trade":false,"created_time":"2026-09-26T22:52:42.728645Z"})"));
  ASSERT_TRUE(t) << t.error();
  EXPECT_EQ(t->taker_outcome_side, OutcomeSide::yes);  // the current field wins
  EXPECT_EQ(t->count, C("8.94"));
  auto legacy = parse_trade(json::parse(
      R"({"trade_id":"x","ticker":"T","count":3,"yes_price":36,"no_price":64,"taker_side":"no"})"));
  ASSERT_TRUE(legacy) << legacy.error();
  EXPECT_EQ(legacy->taker_outcome_side, OutcomeSide::no);
  EXPECT_EQ(legacy->taker_book_side, BookSide::ask);
  EXPECT_EQ(legacy->yes_price, P("0.36"));
}

TEST(Models, OrderAcksAndAverages) {
  auto a = parse_order_ack(json::parse(R"({"order_id":"o","client_order_id":"c","fill_count":"5.00",
      "remaining_count":"0.00","average_fill_price":"0.583333","average_fee_paid":"0.001234","ts_ms":1715793600456})"));
  ASSERT_TRUE(a) << a.error();
  EXPECT_EQ(a->average_fill_price, Price::of(5833));  // rounded to the centi-cent
  EXPECT_EQ(a->average_fee_paid, Money::from_centicents(12));
  EXPECT_EQ(a->ts, from_unix_ms(1715793600456));
  EXPECT_FALSE(parse_order_ack(json::parse(R"({"client_order_id":"c"})")));
  EXPECT_FALSE(parse_order_ack(json::parse(R"({"order_id":""})")));
}

TEST(Models, AccountLimitsAndCosts) {
  auto l = parse_account_limits(json::parse(
      R"({"usage_tier":"basic","read":{"refill_rate":200,"bucket_capacity":400},"write":{"refill_rate":100,"bucket_capacity":100},"grants":[]})"));
  ASSERT_TRUE(l) << l.error();
  EXPECT_EQ(l->read.bucket_capacity, 400);
  EXPECT_EQ(l->write.refill_rate, 100);
  EXPECT_THAT(parse_account_limits(
                  json::parse(R"({"read":{"refill_rate":0,"bucket_capacity":1},"write":{}})"))
                  .error(),
              HasSubstr("read.refill_rate"));
  auto c = parse_endpoint_costs(json::parse(
      R"({"default_cost":10,"endpoint_costs":[{"method":"DELETE","path":"/trade-api/v2/portfolio/events/orders/{order_id}","cost":2}]})"));
  ASSERT_TRUE(c) << c.error();
  EXPECT_EQ(c->endpoint_costs.at(0).cost, 2);
}

TEST(Models, Rfc3339) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:01Z"), from_unix_ms(1000));
  EXPECT_EQ(parse_rfc3339("1970-01-01T01:00:00+01:00"), from_unix_ms(0));
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00.123456789Z"), from_unix_ns(123456789));
  EXPECT_EQ(parse_rfc3339("2026-09-26T22:52:42.728645Z"), from_unix_ns(1790463162728645000));
  EXPECT_FALSE(parse_rfc3339("2026-09-26"));
  EXPECT_FALSE(parse_rfc3339("2026-02-30T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("2026-09-26T22:52:42"));
  EXPECT_FALSE(parse_rfc3339("2026-09-26T22:52:42.Z"));
  EXPECT_FALSE(parse_rfc3339("2026-09-26T22:52:42Zjunk"));
}

// ---- The shared reference files (skipped when ../shared is absent) ----------------------

fs::path kalshi_examples() {
  return test::shared_dir() / "reference" / "kalshi" / "examples" / "rest";
}
fs::path kalshi_wire() { return test::shared_dir() / "reference" / "wire" / "kalshi"; }

json load(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

TEST(ModelsShared, SpecExamplesParse) {
  const auto dir = kalshi_examples();
  if (!fs::exists(dir)) GTEST_SKIP() << "no " << dir;
  for (const char* f : {"CreateOrderV2Response.json", "AmendOrderV2Response.json",
                        "DecreaseOrderV2Response.json"}) {
    const auto a = parse_order_ack(load(dir / f));
    ASSERT_TRUE(a) << f << ": " << a.error();
    EXPECT_EQ(a->order_id, OrderId("3b23c1c7-f4ef-4f0d-8b9a-9e53c61f1a0d")) << f;
  }
  const auto create = parse_order_ack(load(dir / "CreateOrderV2Response.json"));
  EXPECT_EQ(create->remaining_count, C("10"));
  EXPECT_EQ(create->fill_count, C("0"));
  EXPECT_FALSE(create->average_fill_price);

  const auto cancel = parse_cancel_ack(load(dir / "CancelOrderV2Response.json"));
  ASSERT_TRUE(cancel) << cancel.error();
  EXPECT_EQ(cancel->reduced_by, C("10"));

  const auto limits = parse_account_limits(load(dir / "GetAccountApiLimitsResponse.json"));
  ASSERT_TRUE(limits) << limits.error();
  EXPECT_EQ(limits->usage_tier, "premier");
  EXPECT_EQ(limits->write.bucket_capacity, 2000);

  const auto book = parse_orderbook_response(load(dir / "GetMarketOrderbookResponse.json"));
  ASSERT_TRUE(book) << book.error();
  EXPECT_EQ(book->yes_bids.size(), 12u);
  EXPECT_EQ(book->yes_bids.back(), (BookLevel{P("0.42"), C("13")}));
  EXPECT_EQ(book->no_bids.back(), (BookLevel{P("0.56"), C("17")}));

  // Batch items through their ack parser.
  const auto batch = load(dir / "BatchCreateOrdersV2Response.json");
  const auto second = parse_order_ack(batch.at("orders").at(1));
  ASSERT_TRUE(second) << second.error();
  EXPECT_EQ(second->average_fill_price, P("0.58"));
  EXPECT_EQ(second->average_fee_paid, M("0.0012"));
}

TEST(ModelsShared, RecordedWireBodiesParse) {
  const auto dir = kalshi_wire();
  if (!fs::exists(dir)) GTEST_SKIP() << "no " << dir;
  const auto markets = parse_markets_response(load(dir / "nautilus_http_markets.json"));
  ASSERT_TRUE(markets) << markets.error();
  ASSERT_FALSE(markets->items.empty());
  EXPECT_EQ(markets->items[0].yes_bid, P("0.42"));
  EXPECT_EQ(markets->items[0].volume, C("125000"));
  EXPECT_EQ(markets->cursor, "");

  const auto book = parse_orderbook_response(load(dir / "nautilus_http_orderbook.json"));
  ASSERT_TRUE(book) << book.error();
  EXPECT_EQ(book->no_bids.back(), (BookLevel{P("0.56"), C("17")}));

  const auto trades = parse_trades_response(load(dir / "nautilus_http_trades.json"));
  ASSERT_TRUE(trades) << trades.error();
  ASSERT_FALSE(trades->items.empty());
  EXPECT_EQ(trades->items[0].taker_outcome_side, OutcomeSide::no);  // legacy taker_side
  EXPECT_EQ(trades->items[0].count, C("136"));
}

}  // namespace
}  // namespace antevorta::kalshi
