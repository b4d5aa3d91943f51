#include "antevorta/kalshi/rest_stats.hpp"

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/kalshi/rest_client.hpp"

#include "printers.hpp"
#include "rest_test_support.hpp"

namespace antevorta::kalshi {
namespace {

using namespace test_support;
using Statuses = std::map<unsigned, std::uint64_t>;

TEST(RestEndpointTemplate, IdsAndTickersBecomePlaceholders) {
  EXPECT_EQ(rest_endpoint_template("/markets/KXBTC15M-26SEP071415-15"), "/markets/{ticker}");
  EXPECT_EQ(rest_endpoint_template("/markets/KXA/orderbook?depth=5"),
            "/markets/{ticker}/orderbook");
  EXPECT_EQ(rest_endpoint_template("/events/KXEV-1"), "/events/{event_ticker}");
  EXPECT_EQ(rest_endpoint_template("/series/KXBTC15M"), "/series/{series_ticker}");
  EXPECT_EQ(rest_endpoint_template("/portfolio/orders/ord-1"), "/portfolio/orders/{order_id}");
  EXPECT_EQ(rest_endpoint_template("/portfolio/events/orders/ord-1"),
            "/portfolio/events/orders/{order_id}");
  EXPECT_EQ(rest_endpoint_template("/portfolio/events/orders/ord-1/amend"),
            "/portfolio/events/orders/{order_id}/amend");
  EXPECT_EQ(rest_endpoint_template("/portfolio/events/orders/ord-1/decrease"),
            "/portfolio/events/orders/{order_id}/decrease");
}

TEST(RestEndpointTemplate, LiteralPathsWinOverPlaceholders) {
  // "orderbooks", "trades" and "batched" are endpoints, not a ticker or an order id.
  EXPECT_EQ(rest_endpoint_template("/markets/orderbooks?tickers=A"), "/markets/orderbooks");
  EXPECT_EQ(rest_endpoint_template("/markets/trades"), "/markets/trades");
  EXPECT_EQ(rest_endpoint_template("/portfolio/events/orders/batched"),
            "/portfolio/events/orders/batched");
  EXPECT_EQ(rest_endpoint_template("/portfolio/events/orders"), "/portfolio/events/orders");
  EXPECT_EQ(rest_endpoint_template("/markets"), "/markets");
  EXPECT_EQ(rest_endpoint_template("/markets/"), "/markets");  // a trailing slash
}

TEST(RestEndpointTemplate, UnknownPathsAndMethodsAreOther) {
  EXPECT_EQ(rest_endpoint_template("/nope"), "other");
  EXPECT_EQ(rest_endpoint_template("/markets/A/orderbook/extra"), "other");
  EXPECT_EQ(rest_endpoint_template("/markets//orderbook"), "other");  // an empty ticker
  EXPECT_EQ(rest_endpoint_template(""), "other");
  EXPECT_EQ(rest_endpoint_template("markets"), "other");
  EXPECT_EQ(rest_method_label("GET"), "GET");
  EXPECT_EQ(rest_method_label("delete"), "DELETE");
  EXPECT_EQ(rest_method_label("BREW"), "other");
  EXPECT_EQ(rest_method_label(""), "other");
}

TEST(RestStats, EntriesAreSortedAndTotalsAddUp) {
  RestStats s;
  s.record_response("POST", "/portfolio/events/orders", std::chrono::milliseconds(7), 201);
  s.record_response("GET", "/markets/A", std::chrono::milliseconds(1), 200);
  s.record_response("GET", "/markets/B", std::chrono::milliseconds(1), 200);
  s.record_failure("GET", "/markets", std::chrono::seconds(10), true);
  s.record_failure("GET", "/markets", std::chrono::milliseconds(2), false);
  std::vector<std::string> keys;
  for (const auto& e : s.endpoints())
    keys.push_back(std::string(e.method) + " " + std::string(e.endpoint));
  EXPECT_EQ(keys, (std::vector<std::string>{"GET /markets", "GET /markets/{ticker}",
                                            "POST /portfolio/events/orders"}));
  const auto* tickers = s.find("GET", "/markets/{ticker}");
  ASSERT_NE(tickers, nullptr);
  EXPECT_EQ(tickers->responses, (Statuses{{200, 2}}));  // A and B share one entry
  EXPECT_EQ(tickers->latency.count(), 2u);
  const auto* markets = s.find("GET", "/markets");
  ASSERT_NE(markets, nullptr);
  EXPECT_EQ(markets->timeouts, 1u);
  EXPECT_EQ(markets->transport_errors, 1u);
  EXPECT_TRUE(markets->responses.empty());
  EXPECT_EQ(markets->latency.count(), 2u);  // failures are timed too
  EXPECT_EQ(s.responses_by_status(), (Statuses{{200, 2}, {201, 1}}));
  EXPECT_EQ(s.timeouts(), 1u);
  EXPECT_EQ(s.transport_errors(), 1u);
  EXPECT_EQ(s.find("POST", "/markets"), nullptr);
  EXPECT_TRUE(s.answered());
  EXPECT_EQ(s.failures_in_a_row(), 2u);  // the two failures came last
}

TEST(RestStats, FailuresInARowResetOnAnyAnswer) {
  RestStats s;
  EXPECT_FALSE(s.answered());
  s.record_failure("GET", "/markets", std::chrono::seconds(1), false);
  EXPECT_EQ(s.failures_in_a_row(), 1u);
  EXPECT_FALSE(s.answered());
  s.record_response("GET", "/markets", std::chrono::milliseconds(1), 503);  // an answer
  EXPECT_EQ(s.failures_in_a_row(), 0u);
  EXPECT_TRUE(s.answered());
}

// Against the loopback fake: each reply advances the manual clock by a chosen latency, so the
// bucket each exchange lands in is known exactly (default bounds 5, 10, 25, 50 ms, ...).
TEST_F(RestFixture, StatsCountEachExchangeByEndpointTemplateAndStatus) {
  auto o = options();
  o.max_read_attempts = 1;  // one exchange per call
  start(
      [this](const FakeRequest& req) {
        const std::string path = req.target.substr(0, req.target.find('?'));
        if (path == "/trade-api/v2/markets/KXA-1") {
          clock.advance(std::chrono::milliseconds(25));  // exactly at the 25 ms bound
          return reply(200, nlohmann::json{{"market", market_json("KXA-1")}}.dump());
        }
        if (path == "/trade-api/v2/markets/KXB-2") {
          clock.advance(std::chrono::milliseconds(25) + std::chrono::nanoseconds(1));
          return reply(404, R"({"error":{"code":"not_found","message":"no market"}})");
        }
        if (path == "/trade-api/v2/portfolio/orders/ord-123") {
          clock.advance(std::chrono::milliseconds(3));
          return reply(404, R"({"error":{"code":"not_found","message":"no order"}})");
        }
        if (path == "/trade-api/v2/exchange/status") {
          clock.advance(std::chrono::seconds(10) + std::chrono::nanoseconds(1));
          return reply(429, R"({"error":"too many requests"})");
        }
        if (path == "/trade-api/v2/portfolio/events/orders") {
          clock.advance(std::chrono::milliseconds(10));
          return reply(201, R"({"order_id":"ord-9","client_order_id":"coid-9",
                                "fill_count":"0.00","remaining_count":"1.00"})");
        }
        FakeReply r;  // /markets: the connection closes with no answer
        r.action = FakeReply::Action::close;
        return r;
      },
      o);

  const auto a = run(client->market(MarketTicker("KXA-1")));
  ASSERT_TRUE(a) << a.error().describe();
  EXPECT_FALSE(run(client->market(MarketTicker("KXB-2"))));
  EXPECT_FALSE(run(client->order(OrderId("ord-123"))));
  EXPECT_FALSE(run(client->exchange_status()));
  // The 429 drained the read bucket: this read waits for tokens (virtual time passes) first.
  const Timestamp before_markets = clock.now();
  EXPECT_FALSE(run(client->markets({})));
  const Duration markets_elapsed = clock.now() - before_markets;
  CreateOrderRequest create;
  create.ticker = MarketTicker("KXA-1");
  create.client_order_id = ClientOrderId("coid-9");
  create.count = Count::contracts(1);
  create.price = Price::parse("0.42").value();
  const auto created = run(client->create_order(create));
  ASSERT_TRUE(created.accepted()) << (created.error ? created.error->describe() : "");

  const RestStats& stats = client->stats();
  std::vector<std::string> keys;
  for (const auto& e : stats.endpoints()) {
    keys.push_back(std::string(e.method) + " " + std::string(e.endpoint));
  }
  // No ticker or id in any endpoint label.
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "GET /exchange/status", "GET /markets", "GET /markets/{ticker}",
                      "POST /portfolio/events/orders", "GET /portfolio/orders/{order_id}"}));

  const auto* tickers = stats.find("GET", "/markets/{ticker}");
  ASSERT_NE(tickers, nullptr);
  EXPECT_EQ(tickers->responses, (Statuses{{200, 1}, {404, 1}}));
  // 25 ms → the le=25ms bucket (index 2, inclusive); 25 ms + 1 ns → le=50ms (index 3).
  const std::vector<std::uint64_t> expected_tickers{0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(std::vector<std::uint64_t>(tickers->latency.counts().begin(),
                                       tickers->latency.counts().end()),
            expected_tickers);
  EXPECT_EQ(tickers->latency.sum(), std::chrono::milliseconds(50) + std::chrono::nanoseconds(1));

  const auto* order = stats.find("GET", "/portfolio/orders/{order_id}");
  ASSERT_NE(order, nullptr);
  EXPECT_EQ(order->responses, (Statuses{{404, 1}}));
  EXPECT_EQ(order->latency.counts()[0], 1u);  // 3 ms <= 5 ms

  const auto* status = stats.find("GET", "/exchange/status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->responses, (Statuses{{429, 1}}));
  EXPECT_EQ(status->latency.counts()[11], 1u);  // 10 s + 1 ns: above the last bound (10 s)
  EXPECT_EQ(status->latency.cumulative(10), 0u);

  // Exactly 10 ms → le=10ms (index 1).
  const auto* create_stats = stats.find("POST", "/portfolio/events/orders");
  ASSERT_NE(create_stats, nullptr);
  EXPECT_EQ(create_stats->responses, (Statuses{{201, 1}}));
  EXPECT_EQ(create_stats->latency.counts()[1], 1u);

  const auto* markets = stats.find("GET", "/markets");
  ASSERT_NE(markets, nullptr);
  EXPECT_TRUE(markets->responses.empty());
  EXPECT_EQ(markets->transport_errors, 1u);
  EXPECT_EQ(markets->latency.count(), 1u);
  // The pacing wait is not part of the exchange's latency.
  EXPECT_GT(markets_elapsed, Duration::zero());
  EXPECT_EQ(markets->latency.sum(), Duration::zero());

  EXPECT_EQ(stats.responses_by_status(), (Statuses{{200, 1}, {201, 1}, {404, 2}, {429, 1}}));
  EXPECT_EQ(stats.transport_errors(), 1u);
  EXPECT_EQ(stats.timeouts(), 0u);
}

TEST_F(RestFixture, StatsCountRetriesAndTimeouts) {
  int n = 0;
  start([&n](const FakeRequest&) {
    return ++n < 3 ? reply(429, R"({"error":"too many requests"})")
                   : reply(200, R"({"exchange_active":true,"trading_active":true})");
  });
  const auto ok = run(client->exchange_status());
  ASSERT_TRUE(ok) << ok.error().describe();
  // Every send is an exchange: two 429s then a 200, with the backoff between them outside
  // the measured latency (the clock stood still during each exchange).
  const auto* status = client->stats().find("GET", "/exchange/status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->responses, (Statuses{{200, 1}, {429, 2}}));
  EXPECT_EQ(status->latency.count(), 3u);
  EXPECT_EQ(status->latency.sum(), Duration::zero());

  server.reset();
  auto o = options();
  o.max_read_attempts = 1;
  start([](const FakeRequest&) { return hang(); }, o, true, {.request_timeout = 150ms});
  const auto timed_out = run(client->exchange_status());
  ASSERT_FALSE(timed_out);
  EXPECT_EQ(timed_out.error().kind, RestErrorKind::timeout);
  EXPECT_EQ(client->stats().timeouts(), 1u);
  EXPECT_EQ(client->stats().transport_errors(), 0u);
  EXPECT_TRUE(client->stats().responses_by_status().empty());
}

}  // namespace
}  // namespace antevorta::kalshi
