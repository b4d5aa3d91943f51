#include "antevorta/kalshi/rest_client.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "printers.hpp"
#include "rest_test_support.hpp"
#include "support/paths.hpp"

namespace antevorta::kalshi {
namespace {

using namespace test_support;
using nlohmann::json;
using ::testing::HasSubstr;

json page(std::vector<std::string> tickers, std::string cursor) {
  json j;
  j["markets"] = json::array();
  for (const auto& t : tickers) j["markets"].push_back(market_json(t));
  j["cursor"] = std::move(cursor);
  return j;
}

TEST(RestErrors, BothBodyShapesAndTheBareString) {
  auto wrapped = parse_rest_error(
      401,
      R"({"error":{"code":"authentication_error","message":"authentication_error","details":"INCORRECT_API_KEY_SIGNATURE"}})");
  EXPECT_EQ(wrapped.kind, RestErrorKind::auth);
  EXPECT_EQ(wrapped.code, "authentication_error");
  EXPECT_EQ(wrapped.details, "INCORRECT_API_KEY_SIGNATURE");

  auto bare = parse_rest_error(
      400, R"({"code":"invalid_order","message":"bad","details":"post only cross"})");
  EXPECT_EQ(bare.kind, RestErrorKind::http_status);
  EXPECT_EQ(bare.code, "invalid_order");
  EXPECT_EQ(bare.details, "post only cross");

  auto too_many = parse_rest_error(429, R"({"error": "too many requests"})");
  EXPECT_EQ(too_many.kind, RestErrorKind::rate_limited);
  EXPECT_EQ(too_many.code, "");
  EXPECT_EQ(too_many.message, "too many requests");

  auto html = parse_rest_error(502, "<html>bad gateway</html>");
  EXPECT_EQ(html.kind, RestErrorKind::http_status);
  EXPECT_EQ(html.message, "<html>bad gateway</html>");
  EXPECT_EQ(kind_for_status(404), RestErrorKind::not_found);
  EXPECT_EQ(kind_for_status(409), RestErrorKind::conflict);
  EXPECT_EQ(kind_for_status(403), RestErrorKind::auth);
  EXPECT_THAT(bare.describe(), HasSubstr("code=invalid_order"));
}

TEST(RestErrors, RecordedCredentialsErrorParses) {
  const auto file = test::shared_dir() / "reference" / "wire" / "kalshi" /
                    "rest_error_invalid_credentials_2024-12.json";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "no " << file;
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  const auto e = parse_rest_error(401, ss.str());
  EXPECT_EQ(e.kind, RestErrorKind::auth);
  EXPECT_EQ(e.code, "invalid_credentials");
  EXPECT_EQ(e.message, "invalid credentials");
}

TEST_F(RestFixture, SignsTheFullPathWithoutTheQuery) {
  start([](const FakeRequest&) { return reply(200, page({"A"}, "").dump()); });
  MarketQuery q;
  q.limit = 5;
  q.cursor = "abc";
  const auto r = run(client->markets(q));
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(requests().size(), 1u);
  const auto& req = requests()[0];
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.target, "/trade-api/v2/markets?limit=5&cursor=abc");
  EXPECT_EQ(req.header(kAccessKeyHeader), "key-id-1");
  EXPECT_EQ(req.header(kAccessTimestampHeader), std::to_string(to_unix_ms(clock.now())));
  EXPECT_TRUE(signature_valid(req));
  // Not valid over the path with its query, nor without the base path.
  const auto pub = public_key_pem(test_key_pem());
  const auto ts = std::stoll(req.header(kAccessTimestampHeader));
  EXPECT_FALSE(verify_signature(*pub, std::to_string(ts) + "GET" + req.target,
                                req.header(kAccessSignatureHeader)));
  EXPECT_FALSE(verify_signature(*pub, std::to_string(ts) + "GET/markets",
                                req.header(kAccessSignatureHeader)));
}

TEST_F(RestFixture, IngressHookSeesEveryAnswerBeforeParsing) {
  int n = 0;
  start(
      [&n](const FakeRequest&) { return ++n == 1 ? reply(503, "down") : reply(200, "not json"); });
  std::vector<std::pair<unsigned, std::string>> seen;
  client->set_ingress_hook([&](const RestClient::Call& call, const RestClient::Reply& r) {
    EXPECT_EQ(call.path, "/exchange/status");
    EXPECT_EQ(r.received_at, clock.now());
    seen.emplace_back(r.status, r.body);
  });
  const auto r = run(client->exchange_status());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RestErrorKind::bad_response);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], std::make_pair(503u, std::string("down")));
  EXPECT_EQ(seen[1], std::make_pair(200u, std::string("not json")));
}

TEST(RestOptionsFor, TakesTheBasePathFromTheUrl) {
  const auto e = net::parse_endpoint("https://external-api.kalshi.com/trade-api/v2");
  ASSERT_TRUE(e);
  EXPECT_EQ(rest_options_for(*e).base_path, "/trade-api/v2");
}

TEST_F(RestFixture, UnsignedWithoutASigner) {
  start(
      [](const FakeRequest&) {
        return reply(200, R"({"exchange_active":true,"trading_active":true})");
      },
      options(), /*sign=*/false);
  const auto r = run(client->exchange_status());
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->trading_active);
  EXPECT_EQ(requests().at(0).header(kAccessSignatureHeader), "");
  EXPECT_EQ(requests().at(0).target, "/trade-api/v2/exchange/status");
}

TEST_F(RestFixture, MarketQueryCarriesEveryFilter) {
  start([](const FakeRequest&) { return reply(200, page({}, "").dump()); });
  MarketQuery q;
  q.limit = 1000;
  q.event_ticker = EventTicker("EV");
  q.series_ticker = SeriesTicker("KXBTC15M");
  q.tickers = {MarketTicker("A"), MarketTicker("B")};
  q.status = MarketStatusFilter::open;
  q.mve_filter = MveFilter::exclude;
  q.min_close_ts = 100;
  q.max_close_ts = 200;
  ASSERT_TRUE(run(client->markets(q)));
  EXPECT_EQ(requests().at(0).target,
            "/trade-api/v2/markets?limit=1000&event_ticker=EV&series_ticker=KXBTC15M&tickers=A%2CB"
            "&status=open&mve_filter=exclude&min_close_ts=100&max_close_ts=200");
}

TEST_F(RestFixture, AllMarketsFollowsTheCursorToTheEnd) {
  start([](const FakeRequest& req) {
    if (req.target.find("cursor=") == std::string::npos)
      return reply(200, page({"A", "B"}, "c1").dump());
    if (req.target.find("cursor=c1") != std::string::npos)
      return reply(200, page({"C"}, "c2").dump());
    json last = page({"D"}, "");
    last["cursor"] = nullptr;  // null ends it too
    return reply(200, last.dump());
  });
  MarketQuery q;
  q.series_ticker = SeriesTicker("S");
  const auto r = run(client->all_markets(q));
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ(r->back().ticker, MarketTicker("D"));
  ASSERT_EQ(requests().size(), 3u);
  EXPECT_EQ(requests()[2].target, "/trade-api/v2/markets?cursor=c2&series_ticker=S");
}

TEST_F(RestFixture, RepeatingCursorStopsWithAnError) {
  start([](const FakeRequest&) { return reply(200, page({"A"}, "same").dump()); });
  const auto r = run(client->all_markets({}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RestErrorKind::bad_response);
  EXPECT_THAT(r.error().message, HasSubstr("repeated"));
  EXPECT_EQ(requests().size(), 2u);
}

TEST_F(RestFixture, RateLimitBurstIsRetriedWithDelays) {
  int n = 0;
  start([&n](const FakeRequest&) {
    ++n;
    if (n == 1) return reply(429, R"({"error":"too many requests"})");
    if (n == 2)
      return reply(429, R"({"error":{"code":"too_many_requests","message":"too many requests"}})");
    return reply(
        200, R"({"balance":100,"balance_dollars":"1.0000","portfolio_value":0,"updated_ts":1})");
  });
  const auto r = run(client->balance());
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->balance, Money::from_cents(100));
  ASSERT_EQ(requests().size(), 3u);
  // Backoff 100 ms (±50 % jitter) and at least cost / rate = 10 / 200 s after a 429.
  EXPECT_GE(request_times[1] - request_times[0], Duration(50ms));
  EXPECT_GE(request_times[2] - request_times[1], Duration(50ms));
}

TEST_F(RestFixture, RateLimitForeverGivesUpAfterTheAttemptLimit) {
  start([](const FakeRequest&) { return reply(429, R"({"error":"too many requests"})"); });
  const auto r = run(client->exchange_status());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RestErrorKind::rate_limited);
  EXPECT_EQ(requests().size(), 4u);  // max_read_attempts
}

TEST_F(RestFixture, ServerErrorsAndTransportErrorsAreRetriedClientErrorsAreNot) {
  int n = 0;
  start([&n](const FakeRequest&) {
    ++n;
    if (n == 1) return reply(503, "unavailable");
    if (n == 2) {
      FakeReply r;
      r.action = FakeReply::Action::close;
      return r;
    }
    return reply(200, R"({"exchange_active":true,"trading_active":false})");
  });
  const auto ok = run(client->exchange_status());
  ASSERT_TRUE(ok) << ok.error().describe();
  EXPECT_EQ(requests().size(), 3u);

  server.reset();
  request_times.clear();
  start([](const FakeRequest&) { return reply(400, R"({"code":"bad_request","message":"no"})"); });
  const auto bad = run(client->exchange_status());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, RestErrorKind::http_status);
  EXPECT_EQ(bad.error().status, 400u);
  EXPECT_EQ(bad.error().code, "bad_request");
  EXPECT_EQ(requests().size(), 1u);
}

TEST_F(RestFixture, AuthFailureIsRememberedAndNotRetried) {
  bool fail = true;
  start([&fail](const FakeRequest&) {
    if (fail) {
      return reply(
          401,
          R"({"error":{"code":"authentication_error","message":"authentication_error","details":"INCORRECT_API_KEY_SIGNATURE"}})");
    }
    return reply(200,
                 R"({"balance":1,"balance_dollars":"0.0100","portfolio_value":0,"updated_ts":1})");
  });
  EXPECT_FALSE(client->auth_failed());
  const auto r = run(client->balance(2));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RestErrorKind::auth);
  EXPECT_EQ(requests().size(), 1u);
  EXPECT_EQ(requests()[0].target, "/trade-api/v2/portfolio/balance?exchange_index=2");
  ASSERT_TRUE(client->auth_failed());
  EXPECT_EQ(client->auth_failure()->details, "INCORRECT_API_KEY_SIGNATURE");

  fail = false;
  ASSERT_TRUE(run(client->balance()));
  EXPECT_FALSE(client->auth_failed());  // a signed success clears it
}

TEST_F(RestFixture, BadBodyIsABadResponse) {
  start([](const FakeRequest&) {
    return reply(200, R"({"markets":[{"ticker":"A","yes_bid_dollars":"x"}]})");
  });
  const auto r = run(client->markets({}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, RestErrorKind::bad_response);
  EXPECT_THAT(r.error().message, HasSubstr("markets[0].yes_bid_dollars"));
  EXPECT_EQ(requests().size(), 1u);  // not retried
}

TEST_F(RestFixture, OrderbooksRepeatTheTickerParameterInChunksOf100) {
  start([](const FakeRequest& req) {
    json j;
    j["orderbooks"] = json::array();
    std::size_t pos = 0;
    while ((pos = req.target.find("tickers=", pos)) != std::string::npos) {
      pos += 8;
      const auto end = req.target.find('&', pos);
      j["orderbooks"].push_back(
          {{"ticker", req.target.substr(pos, end - pos)},
           {"orderbook_fp", {{"yes_dollars", json::array()}, {"no_dollars", json::array()}}}});
    }
    return reply(200, j.dump());
  });
  std::vector<MarketTicker> tickers;
  for (int i = 0; i < 150; ++i) tickers.emplace_back("T" + std::to_string(i));
  const auto r = run(client->orderbooks(tickers));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->size(), 150u);
  EXPECT_EQ(r->at(149).ticker, MarketTicker("T149"));
  ASSERT_EQ(requests().size(), 2u);
  EXPECT_THAT(requests()[0].target,
              ::testing::StartsWith("/trade-api/v2/markets/orderbooks?tickers=T0&tickers=T1&"));
}

TEST_F(RestFixture, OrderbookSetsTheTickerAndDepth) {
  start([](const FakeRequest&) {
    return reply(200, R"({"orderbook_fp":{"yes_dollars":[["0.4200","13.00"]],"no_dollars":[]}})");
  });
  const auto r = run(client->orderbook(MarketTicker("KX-1"), 5));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->ticker, MarketTicker("KX-1"));
  EXPECT_EQ(requests().at(0).target, "/trade-api/v2/markets/KX-1/orderbook?depth=5");
}

TEST_F(RestFixture, LimitsAreLoadedAndPaceRequests) {
  start([](const FakeRequest& req) {
    if (req.target.find("/account/limits") != std::string::npos) {
      return reply(
          200,
          R"({"usage_tier":"tiny","read":{"refill_rate":10,"bucket_capacity":10},"write":{"refill_rate":10,"bucket_capacity":20},"grants":[]})");
    }
    return reply(200, R"({"exchange_active":true,"trading_active":true})");
  });
  const auto limits = run(client->load_account_limits());
  ASSERT_TRUE(limits) << limits.error().describe();
  EXPECT_EQ(client->limiter().bucket(BucketKind::write).capacity(), 20);
  // The limits call spent 10 read tokens, the whole of the real 10-token bucket: each of the
  // next two reads waits 1 s of virtual time for the refill.
  ASSERT_TRUE(run(client->exchange_status()));
  ASSERT_TRUE(run(client->exchange_status()));
  ASSERT_EQ(request_times.size(), 3u);
  EXPECT_GE(request_times[1] - request_times[0], Duration(1s));
  EXPECT_LT(request_times[1] - request_times[0], Duration(1s) + 20ms);
  EXPECT_GE(request_times[2] - request_times[1], Duration(1s));
  EXPECT_LT(request_times[2] - request_times[1], Duration(1s) + 20ms);
}

TEST_F(RestFixture, EndpointCostsAreLoaded) {
  start([](const FakeRequest&) {
    return reply(
        200,
        R"({"default_cost":7,"endpoint_costs":[{"method":"GET","path":"/trade-api/v2/markets","cost":3}]})");
  });
  const auto r = run(client->load_endpoint_costs());
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(client->limiter().costs().cost("GET", "/markets"), 3);
  EXPECT_EQ(client->limiter().costs().cost("GET", "/events"), 7);
}

TEST_F(RestFixture, PortfolioReadsBuildTheirQueries) {
  start([](const FakeRequest& req) {
    if (req.target.find("/portfolio/orders") != std::string::npos)
      return reply(200, R"({"orders":[],"cursor":""})");
    if (req.target.find("/portfolio/fills") != std::string::npos)
      return reply(200, R"({"fills":[],"cursor":""})");
    if (req.target.find("/portfolio/positions") != std::string::npos) {
      return reply(
          200,
          R"({"market_positions":[{"ticker":"A","position_fp":"-3.00"}],"event_positions":[],"cursor":""})");
    }
    return reply(200, R"({"settlements":[],"cursor":""})");
  });
  OrderQuery oq;
  oq.ticker = MarketTicker("A");
  oq.status = OrderStatus::resting;
  ASSERT_TRUE(run(client->orders(oq)));
  FillQuery fq;
  fq.order_id = OrderId("o1");
  fq.exchange_index = 2;
  ASSERT_TRUE(run(client->fills(fq)));
  PositionQuery pq;
  pq.count_filter = "position";
  const auto pos = run(client->all_positions(pq));
  ASSERT_TRUE(pos) << pos.error().describe();
  EXPECT_EQ(pos->market_positions.at(0).position, Count::contracts(-3));
  ASSERT_TRUE(run(client->settlements({})));
  ASSERT_EQ(requests().size(), 4u);
  EXPECT_EQ(requests()[0].target, "/trade-api/v2/portfolio/orders?ticker=A&status=resting");
  EXPECT_EQ(requests()[1].target, "/trade-api/v2/portfolio/fills?order_id=o1&exchange_index=2");
  EXPECT_EQ(requests()[2].target, "/trade-api/v2/portfolio/positions?count_filter=position");
  EXPECT_EQ(requests()[3].target, "/trade-api/v2/portfolio/settlements");
  for (const auto& req : requests()) EXPECT_TRUE(signature_valid(req)) << req.target;
}

}  // namespace
}  // namespace antevorta::kalshi
