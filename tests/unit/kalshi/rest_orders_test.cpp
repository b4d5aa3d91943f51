#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/kalshi/rest_client.hpp"

#include "printers.hpp"
#include "rest_test_support.hpp"

namespace antevorta::kalshi {
namespace {

using namespace test_support;
using nlohmann::json;
using ::testing::HasSubstr;

constexpr const char* kAck =
    R"({"order_id":"ord-1","client_order_id":"coid-1","fill_count":"2.00","remaining_count":"8.00",
        "average_fill_price":"0.5600","average_fee_paid":"0.0175","ts_ms":1715793600123})";

CreateOrderRequest order_request(std::string coid = "coid-1") {
  CreateOrderRequest r;
  r.ticker = MarketTicker("KXBTC15M-26SEP071415-15");
  r.client_order_id = ClientOrderId(coid);
  r.side = BookSide::ask;
  r.count = Count::parse("10").value();
  r.price = Price::parse("0.56").value();
  r.time_in_force = TimeInForce::immediate_or_cancel;
  r.self_trade_prevention = SelfTradePrevention::maker;
  r.post_only = false;
  r.exchange_index = 2;
  return r;
}

json order_json(const std::string& id, const std::string& coid) {
  return {{"order_id", id},
          {"client_order_id", coid},
          {"ticker", "KXBTC15M-26SEP071415-15"},
          {"outcome_side", "no"},
          {"book_side", "ask"},
          {"status", "resting"},
          {"yes_price_dollars", "0.5600"},
          {"fill_count_fp", "0.00"},
          {"remaining_count_fp", "10.00"},
          {"initial_count_fp", "10.00"}};
}

struct RestOrdersFixture : RestFixture {
  std::string coid_of(const FakeRequest& req) {
    return json::parse(req.body).value("client_order_id", std::string("<none>"));
  }
};

TEST_F(RestOrdersFixture, CreateSendsTheV2BodyAndIsAccepted) {
  start([](const FakeRequest&) { return reply(201, kAck); });
  const auto r = run(client->create_order(order_request()));
  ASSERT_EQ(r.outcome, WriteOutcome::accepted) << (r.error ? r.error->describe() : "");
  ASSERT_TRUE(r.ack);
  EXPECT_EQ(r.ack->order_id, OrderId("ord-1"));
  EXPECT_EQ(r.ack->fill_count, Count::contracts(2));
  EXPECT_EQ(r.ack->average_fill_price, Price::parse("0.56").value());
  EXPECT_EQ(r.attempts, 1);
  ASSERT_EQ(requests().size(), 1u);
  const auto& req = requests()[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/trade-api/v2/portfolio/events/orders");
  EXPECT_TRUE(signature_valid(req));
  const auto body = json::parse(req.body);
  EXPECT_EQ(body["ticker"], "KXBTC15M-26SEP071415-15");
  EXPECT_EQ(body["client_order_id"], "coid-1");
  EXPECT_EQ(body["side"], "ask");
  EXPECT_EQ(body["count"], "10.00");
  EXPECT_EQ(body["price"], "0.5600");
  EXPECT_EQ(body["time_in_force"], "immediate_or_cancel");
  EXPECT_EQ(body["self_trade_prevention_type"], "maker");
  EXPECT_EQ(body["exchange_index"], 2);
  EXPECT_FALSE(body.contains("expiration_time"));
  EXPECT_FALSE(body.contains("subaccount"));
}

TEST_F(RestOrdersFixture, ServerErrorThenCreatedReusesTheClientOrderId) {
  int n = 0;
  start([&n](const FakeRequest&) {
    return ++n == 1 ? reply(500, R"({"code":"internal"})") : reply(201, kAck);
  });
  const auto r = run(client->create_order(order_request()));
  EXPECT_EQ(r.outcome, WriteOutcome::accepted);
  EXPECT_EQ(r.attempts, 2);
  ASSERT_EQ(requests().size(), 2u);
  EXPECT_EQ(coid_of(requests()[0]), "coid-1");
  EXPECT_EQ(coid_of(requests()[1]), "coid-1");
  EXPECT_EQ(requests()[0].body, requests()[1].body);
  EXPECT_TRUE(signature_valid(requests()[1]));
}

TEST_F(RestOrdersFixture, HangingCreateIsAnUnknownOutcome) {
  auto o = options();
  o.max_write_attempts = 2;
  start([](const FakeRequest&) { return hang(); }, o, true, {.request_timeout = 150ms});
  const auto r = run(client->create_order(order_request()));
  EXPECT_EQ(r.outcome, WriteOutcome::unknown);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, RestErrorKind::unknown_outcome);
  EXPECT_THAT(r.error->message, HasSubstr("timeout"));
  ASSERT_EQ(requests().size(), 2u);  // bounded, and always the same id
  EXPECT_EQ(coid_of(requests()[1]), "coid-1");
}

TEST_F(RestOrdersFixture, CreateWithoutClientOrderIdIsNeverResent) {
  start([](const FakeRequest&) { return reply(502, "bad gateway"); });
  const auto r = run(client->create_order(order_request("")));
  EXPECT_EQ(r.outcome, WriteOutcome::unknown);
  EXPECT_EQ(requests().size(), 1u);
  EXPECT_EQ(coid_of(requests()[0]), "<none>");
}

TEST_F(RestOrdersFixture, RateLimitedCreateIsRetriedAndRejectedWhenItNeverGoesThrough) {
  start([](const FakeRequest&) { return reply(429, R"({"error":"too many requests"})"); });
  const auto r = run(client->create_order(order_request()));
  EXPECT_EQ(r.outcome, WriteOutcome::rejected);  // a 429 is refused before processing
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.error->kind, RestErrorKind::rate_limited);
  EXPECT_EQ(requests().size(), 3u);
}

TEST_F(RestOrdersFixture, ConflictIsResolvedByReadingTheOrders) {
  start([](const FakeRequest& req) {
    if (req.method == "POST") {
      return reply(
          409,
          R"({"error":{"code":"order_already_exists","message":"duplicate client order id"}})");
    }
    if (req.target.find("cursor=p2") == std::string::npos) {
      json page1 = {{"orders", {order_json("other", "coid-0")}}, {"cursor", "p2"}};
      return reply(200, page1.dump());
    }
    json page2 = {{"orders", {order_json("ord-9", "coid-1")}}, {"cursor", ""}};
    return reply(200, page2.dump());
  });
  const auto r = run(client->create_order(order_request()));
  ASSERT_EQ(r.outcome, WriteOutcome::accepted) << (r.error ? r.error->describe() : "");
  EXPECT_TRUE(r.already_existed);
  EXPECT_EQ(r.ack->order_id, OrderId("ord-9"));
  EXPECT_EQ(r.ack->remaining_count, Count::contracts(10));
  ASSERT_TRUE(r.order);
  EXPECT_EQ(r.order->outcome_side, OutcomeSide::no);
  ASSERT_EQ(requests().size(), 3u);
  EXPECT_EQ(requests()[1].target,
            "/trade-api/v2/portfolio/orders?ticker=KXBTC15M-26SEP071415-15&limit=200");
  EXPECT_EQ(requests()[1].method, "GET");
}

TEST_F(RestOrdersFixture, UnresolvedDuplicateIsUnknownOtherConflictIsRejected) {
  std::string code = "order_already_exists";
  start([&code](const FakeRequest& req) {
    if (req.method == "POST")
      return reply(409, json{{"error", {{"code", code}, {"message", "conflict"}}}}.dump());
    return reply(200, R"({"orders":[],"cursor":""})");
  });
  const auto dup = run(client->create_order(order_request()));
  EXPECT_EQ(dup.outcome, WriteOutcome::unknown);
  EXPECT_EQ(dup.error->kind, RestErrorKind::unknown_outcome);
  EXPECT_EQ(dup.error->status, 409u);

  code = "market_closed";
  const auto closed = run(client->create_order(order_request()));
  EXPECT_EQ(closed.outcome, WriteOutcome::rejected);
  EXPECT_EQ(closed.error->kind, RestErrorKind::conflict);
  EXPECT_EQ(closed.error->code, "market_closed");
}

TEST_F(RestOrdersFixture, SuccessWithoutAnOrderIsARejection) {
  start([](const FakeRequest&) { return reply(201, R"({"client_order_id":"coid-1","ts_ms":1})"); });
  const auto r = run(client->create_order(order_request()));
  EXPECT_EQ(r.outcome, WriteOutcome::rejected);
  EXPECT_EQ(r.error->kind, RestErrorKind::rejected);
  EXPECT_EQ(requests().size(), 1u);
}

TEST_F(RestOrdersFixture, UnreadableSuccessIsUnknown) {
  start([](const FakeRequest&) { return reply(201, R"({"order_id":"o","fill_count":"x"})"); });
  const auto r = run(client->create_order(order_request()));
  EXPECT_EQ(r.outcome, WriteOutcome::unknown);
  EXPECT_EQ(requests().size(), 1u);
}

TEST_F(RestOrdersFixture, ClientErrorIsRejectedWithTheExchangeCode) {
  start([](const FakeRequest&) {
    return reply(
        400, R"({"code":"invalid_order","message":"invalid order","details":"post only cross"})");
  });
  const auto r = run(client->create_order(order_request()));
  EXPECT_EQ(r.outcome, WriteOutcome::rejected);
  EXPECT_EQ(r.error->kind, RestErrorKind::rejected);
  EXPECT_EQ(r.error->code, "invalid_order");
  EXPECT_EQ(r.error->details, "post only cross");
  EXPECT_EQ(requests().size(), 1u);
}

TEST_F(RestOrdersFixture, ForbiddenWriteSetsTheAuthState) {
  start([](const FakeRequest&) {
    return reply(403, R"({"error":{"code":"forbidden","message":"read-only key"}})");
  });
  const auto r = run(client->create_order(order_request()));
  EXPECT_EQ(r.outcome, WriteOutcome::rejected);
  EXPECT_EQ(r.error->kind, RestErrorKind::auth);
  EXPECT_TRUE(client->auth_failed());
  EXPECT_EQ(client->auth_failure()->message, "read-only key");
  EXPECT_EQ(requests().size(), 1u);
}

TEST_F(RestOrdersFixture, CancelCarriesTheMarketTickerAndCostsTwo) {
  start([](const FakeRequest&) {
    return reply(
        200,
        R"({"order_id":"ord-1","client_order_id":"coid-1","reduced_by":"10.00","ts_ms":1715793660456})");
  });
  const auto before = client->limiter().bucket(BucketKind::write).tokens(clock.now());
  CancelOrderRequest c{OrderId("ord-1"), MarketTicker("KXBTC15M-26SEP071415-15"), {}, {}};
  const auto r = run(client->cancel_order(c));
  ASSERT_EQ(r.outcome, WriteOutcome::accepted);
  EXPECT_EQ(r.ack->reduced_by, Count::contracts(10));
  const auto& req = requests().at(0);
  EXPECT_EQ(req.method, "DELETE");
  EXPECT_EQ(req.target,
            "/trade-api/v2/portfolio/events/orders/ord-1?market_ticker=KXBTC15M-26SEP071415-15");
  EXPECT_TRUE(signature_valid(req));
  EXPECT_EQ(client->limiter().bucket(BucketKind::write).tokens(clock.now()), before - 2);
}

TEST_F(RestOrdersFixture, CancelNotFoundAfterAnUnknownAttemptIsUnknown) {
  int n = 0;
  start([&n](const FakeRequest&) {
    return ++n == 1 ? reply(500, "oops")
                    : reply(404, R"({"error":{"code":"not_found","message":"order not found"}})");
  });
  const auto r = run(client->cancel_order({OrderId("ord-1"), MarketTicker("T"), {}, {}}));
  EXPECT_EQ(r.outcome, WriteOutcome::unknown);  // the first attempt may have cancelled it
  EXPECT_EQ(requests().size(), 2u);

  n = 1;  // straight to 404
  const auto gone = run(client->cancel_order({OrderId("ord-2"), MarketTicker("T"), {}, {}}));
  EXPECT_EQ(gone.outcome, WriteOutcome::rejected);
  EXPECT_EQ(gone.error->kind, RestErrorKind::not_found);
}

TEST_F(RestOrdersFixture, DecreaseValidatesAndIsNotResentWhenRelative) {
  start([](const FakeRequest&) { return reply(500, "oops"); });
  DecreaseOrderRequest both{
      OrderId("o"), MarketTicker("T"), Count::contracts(1), Count::contracts(2), {}, {}};
  const auto invalid = run(client->decrease_order(both));
  EXPECT_EQ(invalid.outcome, WriteOutcome::rejected);
  EXPECT_EQ(requests().size(), 0u);

  DecreaseOrderRequest by{OrderId("o"), MarketTicker("T"), Count::contracts(2), {}, {}, {}};
  const auto r = run(client->decrease_order(by));
  EXPECT_EQ(r.outcome, WriteOutcome::unknown);
  ASSERT_EQ(requests().size(), 1u);
  EXPECT_EQ(requests()[0].target, "/trade-api/v2/portfolio/events/orders/o/decrease");
  const auto body = json::parse(requests()[0].body);
  EXPECT_EQ(body["reduce_by"], "2.00");
  EXPECT_EQ(body["market_ticker"], "T");
  EXPECT_FALSE(body.contains("reduce_to"));
}

TEST_F(RestOrdersFixture, AmendSendsTheNewTotal) {
  start([](const FakeRequest&) {
    return reply(
        200,
        R"({"order_id":"ord-1","client_order_id":"coid-2","remaining_count":"8.00","fill_count":"0.00","ts_ms":1})");
  });
  AmendOrderRequest a;
  a.order_id = OrderId("ord-1");
  a.ticker = MarketTicker("T");
  a.side = BookSide::bid;
  a.price = Price::parse("0.57").value();
  a.count = Count::contracts(8);
  a.updated_client_order_id = ClientOrderId("coid-2");
  const auto r = run(client->amend_order(a));
  ASSERT_EQ(r.outcome, WriteOutcome::accepted);
  EXPECT_EQ(r.ack->remaining_count, Count::contracts(8));
  EXPECT_EQ(requests().at(0).target, "/trade-api/v2/portfolio/events/orders/ord-1/amend");
  const auto body = json::parse(requests()[0].body);
  EXPECT_EQ(body["price"], "0.5700");
  EXPECT_EQ(body["count"], "8.00");
  EXPECT_EQ(body["updated_client_order_id"], "coid-2");
}

TEST_F(RestOrdersFixture, BatchCreateReportsEachItem) {
  start([](const FakeRequest&) {
    return reply(201, R"({"orders":[
        {"order_id":"a","client_order_id":"c1","fill_count":"0.00","remaining_count":"10.00","ts_ms":1},
        {"order_id":"","client_order_id":"c2","error":{"code":"invalid_order","message":"post only cross"}}]})");
  });
  const auto r = run(client->batch_create({order_request("c1"), order_request("c2")}));
  ASSERT_EQ(r.outcome, WriteOutcome::accepted);
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[0].outcome, WriteOutcome::accepted);
  EXPECT_EQ(r.items[0].ack->order_id, OrderId("a"));
  EXPECT_EQ(r.items[1].outcome, WriteOutcome::rejected);
  EXPECT_EQ(r.items[1].error->code, "invalid_order");
  const auto& req = requests().at(0);
  EXPECT_EQ(req.target, "/trade-api/v2/portfolio/events/orders/batched");
  EXPECT_EQ(json::parse(req.body)["orders"].size(), 2u);
}

TEST_F(RestOrdersFixture, BatchLargerThanTheWriteBucketIsRefusedLocally) {
  start([](const FakeRequest&) { return reply(201, R"({"orders":[]})"); });
  std::vector<CreateOrderRequest> many(11, order_request());  // 110 tokens > 100
  const auto r = run(client->batch_create(many));
  EXPECT_EQ(r.outcome, WriteOutcome::rejected);
  EXPECT_THAT(r.error->message, HasSubstr("110"));
  EXPECT_EQ(requests().size(), 0u);
}

TEST_F(RestOrdersFixture, BatchCancelCarriesTickersAndItemErrors) {
  start([](const FakeRequest&) {
    return reply(
        200, R"({"orders":[{"order_id":"a","client_order_id":"c1","reduced_by":"5.00","ts_ms":1},
        {"order_id":"b","reduced_by":"0.00","error":{"code":"not_found","message":"gone"}}]})");
  });
  const auto r = run(client->batch_cancel(
      {{OrderId("a"), MarketTicker("T1"), {}, {}}, {OrderId("b"), MarketTicker("T2"), 2, {}}}));
  ASSERT_EQ(r.outcome, WriteOutcome::accepted);
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[0].ack->reduced_by, Count::contracts(5));
  EXPECT_EQ(r.items[1].outcome, WriteOutcome::rejected);
  const auto& req = requests().at(0);
  EXPECT_EQ(req.method, "DELETE");
  const auto body = json::parse(req.body);
  EXPECT_EQ(body["orders"][0]["market_ticker"], "T1");
  EXPECT_EQ(body["orders"][1]["exchange_index"], 2);
}

}  // namespace
}  // namespace antevorta::kalshi
