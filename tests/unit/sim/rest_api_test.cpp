// The simulator's REST API: routing, authentication, rate limits, faults and the public
// market-data routes, each answer cross-checked with the daemon's own kalshi::parse_*.
#include <set>

#include "unit/sim/rest_api_fixture.hpp"

namespace antevorta::sim::test {
namespace {

using namespace std::chrono_literals;

class RestApiTest : public RestApiFixture {};

TEST_F(RestApiTest, UnknownPathIs404AndWrongMethodIs405) {
  auto r = get("/no/such/thing");
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(error_code(r), "not_found");
  r = call("GET", "/elsewhere/markets");
  EXPECT_EQ(r.status, 404u);
  r = call("POST", "/trade-api/v2/markets", "{}");
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(error_code(r), "method_not_allowed");
  r = alice("GET", "/portfolio/events/orders/batched");
  EXPECT_EQ(r.status, 405u);
  EXPECT_EQ(api_.requests(), 4u);
  EXPECT_EQ(api_.requests("POST", "/trade-api/v2/markets"), 1u);
}

TEST_F(RestApiTest, PortfolioNeedsAValidSignature) {
  auto r = get("/portfolio/balance");
  EXPECT_EQ(r.status, 401u);
  EXPECT_EQ(error_code(r), "authentication_error");

  // A key the exchange does not know.
  const std::string pem = kalshi::generate_private_key_pem(kalshi::KeyType::ed25519);
  auto eve = kalshi::Signer::from_pem(pem, Secret("key-eve"));
  ASSERT_TRUE(eve);
  EXPECT_EQ(get("/portfolio/balance", &*eve).status, 401u);

  // Alice's headers for another path.
  net::ServerRequest forged;
  forged.method = "GET";
  forged.target = "/trade-api/v2/portfolio/balance";
  const auto auth = alice_.sign("GET", "/trade-api/v2/portfolio/orders", clock_.now());
  for (const auto& [k, v] : auth.fields()) forged.headers.emplace_back(k, v);
  EXPECT_EQ(api_.handle_now(forged).status, 401u);

  // The query string is not signed.
  r = get("/portfolio/balance?exchange_index=0", &alice_);
  EXPECT_EQ(r.status, 200u) << r.body;
  EXPECT_GE(access_.rejected_401(), 3u);
}

TEST_F(RestApiTest, ExchangeStatusListsShardsZeroAndTwo) {
  const auto r = get("/exchange/status");
  ASSERT_EQ(r.status, 200u);
  const auto s = kalshi::parse_exchange_status(parsed(r));
  ASSERT_TRUE(s) << s.error();
  EXPECT_TRUE(s->exchange_active);
  EXPECT_TRUE(s->trading_active);
  ASSERT_EQ(s->exchange_index_statuses.size(), 2u);
  EXPECT_EQ(s->exchange_index_statuses[0].exchange_index, 0);
  EXPECT_EQ(s->exchange_index_statuses[1].exchange_index, 2);
  EXPECT_TRUE(s->exchange_index_statuses[1].trading_active);
}

TEST_F(RestApiTest, MarketPaginationWalksEveryMarketOnce) {
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  do {
    const auto r = get("/markets?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200u) << r.body;
    const auto page = kalshi::parse_markets_response(parsed(r));
    ASSERT_TRUE(page) << page.error();
    EXPECT_LE(page->items.size(), 2u);
    for (const auto& m : page->items) seen.push_back(m.ticker.str());
    cursor = page->cursor;
    ASSERT_LT(++pages, 100);
  } while (!cursor.empty());
  const auto& order = exchange_.catalog().market_order();
  ASSERT_EQ(seen.size(), order.size());
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(seen[i], order[i].str());
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), seen.size());
  EXPECT_EQ(pages, static_cast<int>((order.size() + 1) / 2));

  EXPECT_EQ(get("/markets?limit=0").status, 400u);
  EXPECT_EQ(get("/markets?limit=1001").status, 400u);
  EXPECT_EQ(get("/markets?limit=abc").status, 400u);
  const auto bad = get("/markets?cursor=zz");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_EQ(error_code(bad), "invalid_parameters");
}

TEST_F(RestApiTest, MarketFiltersFollowKalshisStatusMapping) {
  auto tickers = [&](const std::string& query) {
    const auto r = get("/markets?" + query);
    EXPECT_EQ(r.status, 200u) << query << ": " << r.body;
    std::vector<std::string> out;
    const auto page = kalshi::parse_markets_response(parsed(r));
    if (page) {
      for (const auto& m : page->items) out.push_back(m.ticker.str());
    }
    return out;
  };
  const auto& catalog = exchange_.catalog();
  std::size_t active = 0;
  std::size_t initialized = 0;
  for (const auto& t : catalog.market_order()) {
    active += catalog.market(t)->status == kalshi::MarketStatus::active;
    initialized += catalog.market(t)->status == kalshi::MarketStatus::initialized;
  }
  ASSERT_GT(initialized, 0u);
  EXPECT_EQ(tickers("status=open").size(), active);
  for (const auto& t : tickers("status=unopened")) {
    EXPECT_EQ(catalog.market(MarketTicker(t))->status, kalshi::MarketStatus::initialized);
  }
  EXPECT_EQ(tickers("status=unopened").size(), initialized);
  EXPECT_TRUE(tickers("status=settled").empty());
  EXPECT_EQ(tickers("series_ticker=KXSIMTEMP").size(), 3u);
  const auto temp = tickers("series_ticker=KXSIMTEMP");
  EXPECT_EQ(tickers("event_ticker=" + catalog.market(MarketTicker(temp[0]))->event.str()).size(),
            3u);
  EXPECT_EQ(tickers("tickers=" + temp[0] + "," + temp[2]), (std::vector{temp[0], temp[2]}));
  EXPECT_TRUE(tickers("mve_filter=only").empty());
  EXPECT_EQ(tickers("mve_filter=exclude").size(), catalog.market_order().size());
  const auto close = unix_seconds_of(catalog.market(MarketTicker(btc_ticker()))->close_time);
  EXPECT_EQ(tickers("series_ticker=KXBTC15M&max_close_ts=" + std::to_string(close)),
            std::vector{btc_ticker()});

  EXPECT_EQ(get("/markets?status=bogus").status, 400u);
  EXPECT_EQ(get("/markets?status=open&min_close_ts=1").status, 400u);
  EXPECT_EQ(get("/markets?min_created_ts=1&min_close_ts=1").status, 400u);
  EXPECT_EQ(get("/markets?mve_filter=maybe").status, 400u);
}

TEST_F(RestApiTest, MarketCarriesQuotesFromTheBook) {
  const std::string t = rain_ticker();
  ASSERT_EQ(alice("POST", "/portfolio/events/orders", order(t, "bid", "0.40", "10")).status, 201u);
  ASSERT_EQ(bob("POST", "/portfolio/events/orders", order(t, "ask", "0.45", "5")).status, 201u);
  const auto r = get("/markets/" + t);
  ASSERT_EQ(r.status, 200u);
  const auto m = kalshi::parse_market_response(parsed(r));
  ASSERT_TRUE(m) << m.error();
  EXPECT_EQ(m->ticker.str(), t);
  EXPECT_EQ(m->status, kalshi::MarketStatus::active);
  EXPECT_EQ(m->yes_bid, P("0.40"));
  EXPECT_EQ(m->yes_bid_size, C("10"));
  EXPECT_EQ(m->yes_ask, P("0.45"));
  EXPECT_EQ(m->yes_ask_size, C("5"));
  EXPECT_EQ(m->no_bid, P("0.55"));
  EXPECT_EQ(m->no_ask, P("0.60"));
  EXPECT_EQ(m->volume, C("0"));
  ASSERT_TRUE(m->grid.has_value());
  EXPECT_EQ(m->grid->level_count(), 101u);
  EXPECT_EQ(m->exchange_index, 0);
  EXPECT_FALSE(m->result.has_value());

  const auto btc = kalshi::parse_market_response(parsed(get("/markets/" + btc_ticker())));
  ASSERT_TRUE(btc) << btc.error();
  EXPECT_EQ(btc->exchange_index, 2);
  EXPECT_EQ(btc->price_level_structure, "tapered_deci_cent");
  ASSERT_TRUE(btc->grid.has_value());
  EXPECT_EQ(btc->grid->level_count(), 281u);
  EXPECT_EQ(btc->yes_bid, P("0"));  // empty book: bid 0, ask 1
  EXPECT_EQ(btc->yes_ask, P("1"));
  EXPECT_TRUE(btc->floor_strike.has_value());
  EXPECT_EQ(btc->settlement_timer_seconds, 1);

  const auto missing = get("/markets/NOPE-1");
  EXPECT_EQ(missing.status, 404u);
  EXPECT_EQ(error_code(missing), "not_found");
}

TEST_F(RestApiTest, OrderbookListsBidsAscendingWithDepth) {
  const std::string t = rain_ticker();
  for (const auto& [p, n] : {std::pair{"0.40", "10"}, std::pair{"0.42", "3"}}) {
    ASSERT_EQ(alice("POST", "/portfolio/events/orders", order(t, "bid", p, n)).status, 201u);
  }
  for (const auto& [p, n] : {std::pair{"0.45", "5"}, std::pair{"0.50", "2"}}) {
    ASSERT_EQ(bob("POST", "/portfolio/events/orders", order(t, "ask", p, n)).status, 201u);
  }
  auto r = get("/markets/" + t + "/orderbook");
  ASSERT_EQ(r.status, 200u);
  auto book = kalshi::parse_orderbook_response(parsed(r));
  ASSERT_TRUE(book) << book.error();
  EXPECT_EQ(book->yes_bids, (std::vector{L("0.40", "10"), L("0.42", "3")}));
  EXPECT_EQ(book->no_bids, (std::vector{L("0.50", "2"), L("0.55", "5")}));  // NO terms

  book = kalshi::parse_orderbook_response(parsed(get("/markets/" + t + "/orderbook?depth=1")));
  ASSERT_TRUE(book);
  EXPECT_EQ(book->yes_bids, (std::vector{L("0.42", "3")}));
  EXPECT_EQ(book->no_bids, (std::vector{L("0.55", "5")}));
  EXPECT_EQ(get("/markets/" + t + "/orderbook?depth=101").status, 400u);
  EXPECT_EQ(get("/markets/NOPE/orderbook").status, 404u);

  r = get("/markets/orderbooks?tickers=" + t + "&tickers=" + btc_ticker());
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto books = kalshi::parse_orderbooks_response(parsed(r));
  ASSERT_TRUE(books) << books.error();
  ASSERT_EQ(books->size(), 2u);
  EXPECT_EQ((*books)[0].ticker.str(), t);
  EXPECT_EQ((*books)[0].yes_bids.size(), 2u);
  EXPECT_EQ((*books)[1].ticker.str(), btc_ticker());
  EXPECT_TRUE((*books)[1].yes_bids.empty());
  EXPECT_EQ(get("/markets/orderbooks").status, 400u);
}

TEST_F(RestApiTest, EventsNestMarketsAndPaginate) {
  auto r = get("/events?series_ticker=KXSIMTEMP&with_nested_markets=true");
  ASSERT_EQ(r.status, 200u);
  auto page = kalshi::parse_events_response(parsed(r));
  ASSERT_TRUE(page) << page.error();
  ASSERT_EQ(page->items.size(), 1u);
  const auto& e = page->items[0];
  EXPECT_TRUE(e.mutually_exclusive);
  EXPECT_EQ(e.collateral_return_type, "MECNET");
  EXPECT_EQ(e.series_ticker.str(), "KXSIMTEMP");
  EXPECT_EQ(e.markets.size(), 3u);

  r = get("/events/" + e.event_ticker.str());
  ASSERT_EQ(r.status, 200u);
  const auto one = kalshi::parse_event_response(parsed(r));
  ASSERT_TRUE(one) << one.error();
  EXPECT_EQ(one->markets.size(), 3u);
  EXPECT_EQ(get("/events/NOPE").status, 404u);

  std::set<std::string> seen;
  std::string cursor;
  for (int i = 0; i < 50; ++i) {
    const auto p = kalshi::parse_events_response(
        parsed(get("/events?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor))));
    ASSERT_TRUE(p) << p.error();
    ASSERT_LE(p->items.size(), 1u);
    for (const auto& ev : p->items) EXPECT_TRUE(seen.insert(ev.event_ticker.str()).second);
    cursor = p->cursor;
    if (cursor.empty()) break;
  }
  EXPECT_TRUE(cursor.empty());
  EXPECT_EQ(seen.size(), exchange_.catalog().all_events().size());
  EXPECT_EQ(get("/events?limit=201").status, 400u);
}

TEST_F(RestApiTest, SeriesCarriesTheFeeSchedule) {
  auto s = kalshi::parse_series_response(parsed(get("/series/KXSIMRAIN")));
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ(s->fee_type, kalshi::FeeType::quadratic_with_maker_fees);
  EXPECT_EQ(s->fee_multiplier, kalshi::FeeMultiplier::one());
  EXPECT_EQ(s->category, "Climate and Weather");
  s = kalshi::parse_series_response(parsed(get("/series/KXBTC15M")));
  ASSERT_TRUE(s) << s.error();
  EXPECT_EQ(s->fee_type, kalshi::FeeType::quadratic);
  EXPECT_EQ(s->exchange_index, 2);
  EXPECT_EQ(get("/series/NOPE").status, 404u);
}

TEST_F(RestApiTest, PublicTradesAreNewestFirst) {
  const std::string t = rain_ticker();
  ASSERT_EQ(bob("POST", "/portfolio/events/orders", order(t, "ask", "0.45", "5")).status, 201u);
  ASSERT_EQ(alice("POST", "/portfolio/events/orders", order(t, "bid", "0.45", "2")).status, 201u);
  clock_.advance(1s);
  ASSERT_EQ(alice("POST", "/portfolio/events/orders", order(t, "bid", "0.45", "1.5")).status, 201u);
  auto r = get("/markets/trades?ticker=" + t);
  ASSERT_EQ(r.status, 200u);
  auto page = kalshi::parse_trades_response(parsed(r));
  ASSERT_TRUE(page) << page.error();
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].count, C("1.5"));
  EXPECT_EQ(page->items[1].count, C("2"));
  EXPECT_EQ(page->items[0].yes_price, P("0.45"));
  EXPECT_EQ(page->items[0].no_price, P("0.55"));
  EXPECT_EQ(page->items[0].taker_book_side, kalshi::BookSide::bid);
  EXPECT_EQ(page->items[0].taker_outcome_side, kalshi::OutcomeSide::yes);
  EXPECT_TRUE(page->cursor.empty());

  page = kalshi::parse_trades_response(parsed(get("/markets/trades?limit=1")));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_FALSE(page->cursor.empty());
  const auto next =
      kalshi::parse_trades_response(parsed(get("/markets/trades?limit=1&cursor=" + page->cursor)));
  ASSERT_TRUE(next);
  ASSERT_EQ(next->items.size(), 1u);
  EXPECT_NE(next->items[0].trade_id, page->items[0].trade_id);
  EXPECT_TRUE(next->cursor.empty());
}

TEST_F(RestApiTest, AccountLimitsAndEndpointCosts) {
  const auto costs = kalshi::parse_endpoint_costs(parsed(get("/account/endpoint_costs")));
  ASSERT_TRUE(costs) << costs.error();
  EXPECT_EQ(costs->default_cost, 10);
  bool cancel = false;
  for (const auto& e : costs->endpoint_costs) {
    cancel = cancel || (e.method == "DELETE" && e.cost == 2 &&
                        e.path.find("/portfolio/events/orders/") != std::string::npos);
  }
  EXPECT_TRUE(cancel);

  EXPECT_EQ(get("/account/limits").status, 401u);
  const auto limits = kalshi::parse_account_limits(parsed(get("/account/limits", &alice_)));
  ASSERT_TRUE(limits) << limits.error();
  EXPECT_EQ(limits->usage_tier, "basic");
  EXPECT_EQ(limits->read.refill_rate, 200);
  EXPECT_EQ(limits->read.bucket_capacity, 400);
  EXPECT_EQ(limits->write.refill_rate, 100);
  EXPECT_EQ(limits->write.bucket_capacity, 100);
}

TEST_F(RestApiTest, EmptyBucketIs429UntilItRefills) {
  access_.set_limits({10, 20}, {10, 10});
  EXPECT_EQ(get("/portfolio/balance", &alice_).status, 200u);
  EXPECT_EQ(get("/markets", &alice_).status, 200u);  // a signed public read is charged too
  auto r = get("/portfolio/balance", &alice_);
  EXPECT_EQ(r.status, 429u);
  EXPECT_EQ(error_code(r), "too_many_requests");
  EXPECT_EQ(get("/markets", &alice_).status, 429u);
  EXPECT_EQ(get("/markets").status, 200u);                   // unsigned: not charged
  EXPECT_EQ(get("/portfolio/balance", &bob_).status, 200u);  // per account
  // Writes have their own bucket.
  EXPECT_EQ(
      alice("POST", "/portfolio/events/orders", order(rain_ticker(), "bid", "0.10", "1")).status,
      201u);
  EXPECT_EQ(
      alice("POST", "/portfolio/events/orders", order(rain_ticker(), "bid", "0.10", "1")).status,
      429u);
  clock_.advance(1s);
  EXPECT_EQ(get("/portfolio/balance", &alice_).status, 200u);
  EXPECT_GE(access_.rejected_429(), 3u);
}

TEST_F(RestApiTest, MalformedOrdersAre400WithTheField) {
  access_.set_limits({1000, 1000}, {1000, 1000});
  const std::string t = rain_ticker();
  auto expect_400 = [&](const json& body, const std::string& field) {
    const auto r = alice("POST", "/portfolio/events/orders", body);
    EXPECT_EQ(r.status, 400u) << body.dump() << " → " << r.body;
    EXPECT_EQ(error_code(r), "invalid_parameters") << r.body;
    EXPECT_NE(parsed(r)["error"].value("message", "").find(field), std::string::npos)
        << field << " not named in " << r.body;
  };
  json j = order(t, "bid", "0.40", "1");
  j["count"] = 1;
  expect_400(j, "count");
  expect_400(order(t, "bid", "0.4", "1"), "price");      // one decimal
  expect_400(order(t, "bid", "0.40001", "1"), "price");  // five decimals
  expect_400(order(t, "bid", "0.40", "1.001"), "count");
  expect_400(order(t, "buy", "0.40", "1"), "side");
  j = order(t, "bid", "0.40", "1");
  j.erase("ticker");
  expect_400(j, "ticker");
  j = order(t, "bid", "0.40", "1");
  j["post_only"] = "yes";
  expect_400(j, "post_only");
  j = order(t, "bid", "0.40", "1");
  j["time_in_force"] = "good_till_time";
  expect_400(j, "time_in_force");

  auto r = call("POST", "/trade-api/v2/portfolio/events/orders", "{not json", &alice_);
  EXPECT_EQ(r.status, 400u);
  r = alice("POST", "/portfolio/events/orders", json::array({1, 2}));
  EXPECT_EQ(r.status, 400u);
  // Off the market's grid (linear cent): the engine's invalid_price.
  r = alice("POST", "/portfolio/events/orders", order(t, "bid", "0.405", "1"));
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_code(r), "invalid_parameters");
  // Unknown fields are ignored.
  j = order(t, "bid", "0.40", "1");
  j["something_new"] = {{"x", 1}};
  r = alice("POST", "/portfolio/events/orders", j);
  EXPECT_EQ(r.status, 201u) << r.body;
  EXPECT_EQ(exchange_.orders(AccountId("alice")).size(), 1u);
}

// ---- Faults -------------------------------------------------------------------------------

TEST_F(RestApiTest, StatusFaultBeforeActingPlacesNothing) {
  api_.add_fault({.method = "POST",
                  .path_prefix = "/trade-api/v2/portfolio/events/orders",
                  .times = 2,
                  .status = 503});
  const json o = order(rain_ticker(), "bid", "0.40", "1", "c-1");
  auto r = alice("POST", "/portfolio/events/orders", o);
  EXPECT_EQ(r.status, 503u);
  EXPECT_EQ(error_code(r), "service_unavailable");
  EXPECT_EQ(get("/markets").status, 200u);  // other routes unaffected
  EXPECT_EQ(alice("POST", "/portfolio/events/orders", o).status, 503u);
  EXPECT_TRUE(exchange_.orders(AccountId("alice")).empty());
  EXPECT_EQ(api_.pending_faults(), 0u);
  EXPECT_EQ(alice("POST", "/portfolio/events/orders", o).status, 201u);
  EXPECT_EQ(exchange_.orders(AccountId("alice")).size(), 1u);
}

TEST_F(RestApiTest, StatusFaultAfterActingPlacesTheOrder) {
  api_.add_fault({.method = "POST",
                  .path_prefix = "/trade-api/v2/portfolio/events/orders",
                  .when = RestFault::When::after,
                  .status = 500});
  const json o = order(rain_ticker(), "bid", "0.40", "1", "c-1");
  auto r = alice("POST", "/portfolio/events/orders", o);
  EXPECT_EQ(r.status, 500u);
  ASSERT_EQ(exchange_.orders(AccountId("alice")).size(), 1u);  // it happened
  // The retry with the same client_order_id meets the exchange's dedup.
  r = alice("POST", "/portfolio/events/orders", o);
  EXPECT_EQ(r.status, 409u);
  EXPECT_EQ(error_code(r), "ORDER_ALREADY_EXISTS");
}

TEST_F(RestApiTest, SoftRejectIsA2xxWithoutAnOrder) {
  api_.add_fault({.method = "POST",
                  .path_prefix = "/trade-api/v2/portfolio/events/orders",
                  .action = RestFault::Action::soft_reject});
  const auto r =
      alice("POST", "/portfolio/events/orders", order(rain_ticker(), "bid", "0.40", "1"));
  EXPECT_EQ(r.status, 201u);
  EXPECT_EQ(parsed(r), json::object());
  EXPECT_FALSE(kalshi::parse_order_ack(parsed(r)));
  EXPECT_TRUE(exchange_.orders(AccountId("alice")).empty());
}

TEST_F(RestApiTest, HangFaultAnswersOnlyAfterTheClockMoves) {
  api_.add_fault({.method = "POST",
                  .path_prefix = "/trade-api/v2/portfolio/events/orders",
                  .when = RestFault::When::after,
                  .action = RestFault::Action::hang,
                  .hang_for = 30s});
  net::ServerRequest request;
  request.method = "POST";
  request.target = "/trade-api/v2/portfolio/events/orders";
  request.body = order(rain_ticker(), "bid", "0.40", "1").dump();
  const auto auth = alice_.sign("POST", request.target, clock_.now());
  for (const auto& [k, v] : auth.fields()) request.headers.emplace_back(k, v);
  std::optional<net::ServerResponse> out;
  boost::asio::co_spawn(
      io_, [&]() -> boost::asio::awaitable<void> { out = co_await api_.handle(request); },
      boost::asio::detached);
  io_.run_for(20ms);
  EXPECT_FALSE(out.has_value());
  EXPECT_EQ(exchange_.orders(AccountId("alice")).size(), 1u);  // acted before hanging
  clock_.advance(29s);
  io_.restart();
  io_.run_for(20ms);
  EXPECT_FALSE(out.has_value());
  clock_.advance(1s);
  io_.restart();
  io_.run();
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->status, 201u);
  EXPECT_TRUE(kalshi::parse_order_ack(parsed(*out)));
}

TEST_F(RestApiTest, HangFaultBeforeActingEndsIn504) {
  api_.add_fault({.method = "GET",
                  .path_prefix = "/trade-api/v2/markets",
                  .action = RestFault::Action::hang,
                  .hang_for = 5s});
  net::ServerRequest request;
  request.method = "GET";
  request.target = "/trade-api/v2/markets";
  std::optional<net::ServerResponse> out;
  boost::asio::co_spawn(
      io_, [&]() -> boost::asio::awaitable<void> { out = co_await api_.handle(request); },
      boost::asio::detached);
  io_.run_for(20ms);
  EXPECT_FALSE(out.has_value());
  clock_.advance(5s);
  io_.restart();
  io_.run();
  ASSERT_TRUE(out.has_value());
  EXPECT_EQ(out->status, 504u);
  EXPECT_EQ(get("/markets").status, 200u);  // used up
}

}  // namespace
}  // namespace antevorta::sim::test
