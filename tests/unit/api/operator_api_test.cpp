// The operator API's routing, authentication and stream (api/operator_api.hpp) over a
// recording fake Backend: what reaches the backend, and what the client sees. The daemon's
// real backend is exercised end to end in tests/integration/api_e2e_test.cpp.
#include "antevorta/api/operator_api.hpp"

#include <chrono>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "antevorta/execution/engine.hpp"
#include "antevorta/net/ws_client.hpp"
#include "antevorta/strategy/events.hpp"

namespace antevorta::api {
namespace {

namespace asio = boost::asio;
using ::testing::HasSubstr;
using Json = nlohmann::json;

constexpr const char* kToken = "test-token-0123456789";

struct FakeBackend final : Backend {
  std::vector<std::string> calls;
  std::vector<NotReady> not_ready;
  std::optional<ManualOrder> last_order;
  std::optional<KillSwitchRequest> last_kill;
  bool approve = true;
  CancelOutcome cancel = CancelOutcome::requested;

  Json status() override {
    calls.push_back("status");
    return Json{{"environment", "sim"}};
  }
  std::vector<NotReady> readiness() override { return not_ready; }
  std::string metrics() override { return "antevorta_up 1\n"; }
  Json markets() override { return Json{{"markets", Json::array()}}; }
  std::optional<Json> book(std::string_view ticker) override {
    calls.push_back("book " + std::string(ticker));
    if (ticker != "KNOWN") return std::nullopt;
    return Json{{"ticker", "KNOWN"}, {"bids", Json::array()}, {"asks", Json::array()}};
  }
  Json positions() override { return Json{{"positions", Json::array()}}; }
  Json crypto() override { return Json{{"indices", Json::array({Json{{"asset", "BTC"}}})}}; }
  Json forecasts() override {
    return Json{{"scores", Json::array({Json{{"model", "m"}, {"bucket", "all"}, {"n", 3}}})}};
  }
  Json equity() override { return Json{{"interval_seconds", 60}, {"points", Json::array()}}; }
  Json orders(const OrderListQuery& q) override {
    calls.push_back("orders " + q.status.value_or("*") + " " + std::to_string(q.limit));
    return Json{{"orders", Json::array()}};
  }
  Json fills(std::size_t limit) override {
    calls.push_back("fills " + std::to_string(limit));
    return Json{{"fills", Json::array()}};
  }
  Json signals(std::size_t) override { return Json{{"signals", Json::array()}}; }
  Json decisions(std::size_t) override { return Json{{"decisions", Json::array()}}; }
  SubmitOutcome submit_order(const ManualOrder& order) override {
    last_order = order;
    SubmitOutcome out;
    if (approve) {
      out.decision = risk::RiskDecision::approve();
      out.order = Json{{"client_order_id", "av1-x"}, {"state", "pending"}};
    } else {
      out.decision =
          risk::RiskDecision::deny(risk::DenyReason::max_order_count, "risk.max_order_count",
                                   "5.00", "7.00", "7 contracts > 5");
    }
    return out;
  }
  CancelOutcome cancel_order(std::string_view id) override {
    calls.push_back("cancel " + std::string(id));
    return cancel;
  }
  Json set_kill_switch(const KillSwitchRequest& r) override {
    last_kill = r;
    return Json{{"kill_switch", {{"engaged", r.engaged}}}, {"canceled_orders", 0}};
  }
  Json flatten(const std::string& reason) override {
    calls.push_back("flatten " + reason);
    return Json{{"submitted", Json::array()}, {"denied", Json::array()}};
  }
  Json reset_circuit_breaker(const std::string&) override {
    calls.push_back("reset");
    return Json{{"circuit_breaker", {{"engaged", false}}}};
  }
  std::optional<bool> set_strategy(std::string_view name, bool enabled) override {
    if (name != "taker") return std::nullopt;
    return enabled;
  }
};

struct Fixture {
  asio::io_context io{1};
  LiveClock clock{io.get_executor()};
  EventBus bus{null_logger()};
  FakeBackend backend;
  std::unique_ptr<OperatorApi> api;

  explicit Fixture(ApiOptions options = {}) {
    options.port = 0;
    api = std::make_unique<OperatorApi>(io.get_executor(), bus, clock, null_logger(), options,
                                        Secret(kToken), backend);
  }

  net::ServerResponse call(std::string method, std::string target, std::string body = {},
                           bool auth = false) {
    net::ServerRequest r;
    r.method = std::move(method);
    r.target = std::move(target);
    r.body = std::move(body);
    r.remote = "127.0.0.1:1";
    if (auth) r.headers.emplace_back("Authorization", std::string("Bearer ") + kToken);
    return api->handle(r);
  }
};

Json body_of(const net::ServerResponse& r) { return Json::parse(r.body); }

TEST(OperatorApiRoutes, HealthAndReadiness) {
  Fixture f;
  auto health = f.call("GET", "/healthz");
  EXPECT_EQ(health.status, 200u);
  EXPECT_EQ(body_of(health)["status"], "ok");
  auto ready = f.call("GET", "/readyz");
  EXPECT_EQ(ready.status, 200u);
  EXPECT_EQ(body_of(ready)["ready"], true);
  f.backend.not_ready = {{"books_stale", "2 of 5 books are stale"}};
  auto not_ready = f.call("GET", "/readyz");
  EXPECT_EQ(not_ready.status, 503u);
  EXPECT_EQ(body_of(not_ready)["reasons"][0]["code"], "books_stale");
  auto metrics = f.call("GET", "/metrics");
  EXPECT_EQ(metrics.status, 200u);
  EXPECT_THAT(metrics.content_type, HasSubstr("text/plain; version=0.0.4"));
}

TEST(OperatorApiRoutes, MutatingCallsNeedTheTokenBeforeTheirBodyIsRead) {
  Fixture f;
  for (auto [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"POST", "/api/orders"},
                                                        {"DELETE", "/api/orders/av1-x"},
                                                        {"POST", "/api/kill-switch"},
                                                        {"POST", "/api/flatten"},
                                                        {"POST", "/api/circuit-breaker/reset"},
                                                        {"POST", "/api/strategies/taker"}}) {
    auto r = f.call(method, path, "{malformed");
    EXPECT_EQ(r.status, 401u) << method << " " << path;
    EXPECT_EQ(body_of(r)["error"], "unauthorized");
  }
  net::ServerRequest wrong;
  wrong.method = "POST";
  wrong.target = "/api/kill-switch";
  wrong.body = R"({"engaged":true})";
  wrong.headers.emplace_back("Authorization", "Bearer not-the-token");
  EXPECT_EQ(f.api->handle(wrong).status, 401u);
  EXPECT_FALSE(f.backend.last_kill);  // nothing reached the backend
  EXPECT_TRUE(f.backend.calls.empty());
}

TEST(OperatorApiRoutes, ManualOrderIs201Or422WithTheDenial) {
  Fixture f;
  const std::string body =
      R"({"ticker":"KNOWN","side":"yes","action":"buy","count":"2.00","price":"0.4500",)"
      R"("time_in_force":"good_till_canceled","post_only":false})";
  auto created = f.call("POST", "/api/orders", body, true);
  EXPECT_EQ(created.status, 201u);
  EXPECT_EQ(body_of(created)["order"]["client_order_id"], "av1-x");
  ASSERT_TRUE(f.backend.last_order);
  EXPECT_EQ(f.backend.last_order->price.centicents(), 4500);
  f.backend.approve = false;
  auto denied = f.call("POST", "/api/orders", body, true);
  EXPECT_EQ(denied.status, 422u);
  const auto d = body_of(denied);
  EXPECT_EQ(d["error"], "denied");
  EXPECT_EQ(d["reason"], "max_order_count");
  EXPECT_EQ(d["limit"], "5.00");
  EXPECT_EQ(d["actual"], "7.00");
  auto bad = f.call("POST", "/api/orders", R"({"ticker":"KNOWN"})", true);
  EXPECT_EQ(bad.status, 400u);
  EXPECT_THAT(body_of(bad)["message"].get<std::string>(), HasSubstr("missing field \"side\""));
}

TEST(OperatorApiRoutes, CancelMapsOutcomesToStatuses) {
  Fixture f;
  EXPECT_EQ(f.call("DELETE", "/api/orders/av1-x", "", true).status, 200u);
  f.backend.cancel = CancelOutcome::not_open;
  EXPECT_EQ(f.call("DELETE", "/api/orders/av1-x", "", true).status, 409u);
  f.backend.cancel = CancelOutcome::not_found;
  EXPECT_EQ(f.call("DELETE", "/api/orders/av1-y", "", true).status, 404u);
  EXPECT_THAT(f.backend.calls,
              ::testing::ElementsAre("cancel av1-x", "cancel av1-x", "cancel av1-y"));
}

TEST(OperatorApiRoutes, KillSwitchFlattenBreakerAndStrategies) {
  Fixture f;
  auto kill = f.call("POST", "/api/kill-switch", R"({"engaged":true,"reason":"news"})", true);
  EXPECT_EQ(kill.status, 200u);
  ASSERT_TRUE(f.backend.last_kill);
  EXPECT_EQ(f.backend.last_kill->reason, "news");
  EXPECT_EQ(f.call("POST", "/api/kill-switch", R"({"engaged":"yes"})", true).status, 400u);
  EXPECT_EQ(f.call("POST", "/api/flatten", "", true).status, 200u);
  EXPECT_EQ(f.call("POST", "/api/circuit-breaker/reset", "{}", true).status, 200u);
  auto on = f.call("POST", "/api/strategies/taker", R"({"enabled":true})", true);
  EXPECT_EQ(on.status, 200u);
  EXPECT_EQ(body_of(on)["enabled"], true);
  EXPECT_EQ(f.call("POST", "/api/strategies/nope", R"({"enabled":true})", true).status, 404u);
  EXPECT_THAT(f.backend.calls, ::testing::ElementsAre("flatten ", "reset"));
}

TEST(OperatorApiRoutes, QueriesAreValidated) {
  Fixture f;
  EXPECT_EQ(f.call("GET", "/api/orders?status=open&limit=5").status, 200u);
  EXPECT_EQ(f.call("GET", "/api/orders?status=sideways").status, 400u);
  EXPECT_EQ(f.call("GET", "/api/fills?limit=0").status, 400u);
  EXPECT_EQ(f.call("GET", "/api/fills").status, 200u);
  EXPECT_THAT(f.backend.calls, ::testing::ElementsAre("orders open 5", "fills 100"));
}

TEST(OperatorApiRoutes, CryptoAndForecastsAreServed) {
  Fixture f;
  const auto crypto = f.call("GET", "/api/crypto");
  EXPECT_EQ(crypto.status, 200u);
  EXPECT_EQ(Json::parse(crypto.body)["indices"][0]["asset"], "BTC");
  const auto forecasts = f.call("GET", "/api/forecasts");
  EXPECT_EQ(forecasts.status, 200u);
  EXPECT_EQ(Json::parse(forecasts.body)["scores"][0]["n"], 3);
  EXPECT_EQ(f.call("POST", "/api/forecasts", "", true).status, 405u);
  const auto equity = f.call("GET", "/api/equity");
  EXPECT_EQ(equity.status, 200u);
  EXPECT_EQ(Json::parse(equity.body)["interval_seconds"], 60);
}

TEST(OperatorApiRoutes, UnknownRoutesAndMethods) {
  Fixture f;
  EXPECT_EQ(f.call("GET", "/api/nothing").status, 404u);
  EXPECT_EQ(f.call("GET", "/api/books/UNKNOWN").status, 404u);
  EXPECT_EQ(f.call("GET", "/api/books/KNOWN").status, 200u);
  auto wrong = f.call("PUT", "/api/kill-switch", "{}", true);
  EXPECT_EQ(wrong.status, 405u);
  ASSERT_EQ(wrong.headers.size(), 1u);
  EXPECT_EQ(wrong.headers.front(), (std::pair<std::string, std::string>{"Allow", "POST"}));
  EXPECT_EQ(f.call("POST", "/api/status", "", true).status, 405u);
}

// The stream over a real socket: a client gets a status_update at once and on the timer,
// engine events (signal and decision, order_update, fill) as they are published, alerts the
// integrator broadcasts, and `book` only for the markets it asked for.
TEST(OperatorApiStream, DeliversStatusEventsAndRequestedBooks) {
  ApiOptions options;
  options.status_interval = std::chrono::milliseconds(50);
  options.book_interval = std::chrono::milliseconds(20);
  Fixture f(options);
  f.api->start();
  std::vector<Json> received;
  bool done = false;
  auto client = [&]() -> asio::awaitable<void> {
    net::Endpoint e{"ws", "127.0.0.1", f.api->port(), "/"};
    // Named arguments: GCC 12 miscompiles braced temporaries inside co_await.
    net::HeaderList headers;
    net::WsOptions ws_options;
    std::string target = "/api/stream";
    auto ws = co_await net::WsConnection::connect(f.io.get_executor(), f.clock, null_logger(), e,
                                                  target, headers, ws_options);
    ws->send(R"({"subscribe_books":["KNOWN","OTHER"]})");
    strategy::StrategyFill fill;
    fill.trade_id = TradeId("t-1");
    fill.ticker = MarketTicker("KNOWN");
    fill.strategy = strategy::StrategyId("taker");
    fill.price = *Price::parse("0.4500");
    fill.count = *Count::parse("2.00");
    execution::IntentDecided decided;
    decided.intent.id = strategy::IntentId("taker-1-7");
    decided.intent.strategy = strategy::StrategyId("taker");
    decided.intent.ticker = MarketTicker("KNOWN");
    decided.intent.limit_price = *Price::parse("0.4500");
    decided.intent.count = *Count::parse("2.00");
    decided.decision = risk::RiskDecision::deny(risk::DenyReason::stale_feed,
                                                "max_feed_age_seconds", "10s", "12s", "stale");
    strategy::StrategyOrderUpdate update;
    update.order.intent = decided.intent.id;
    update.order.strategy = decided.intent.strategy;
    update.order.ticker = decided.intent.ticker;
    update.order.state = strategy::OrderState::denied;
    update.reason = "stale_feed";
    bool published = false;
    while (received.size() < 40) {
      auto in = co_await ws->read();
      received.push_back(Json::parse(in.text));
      if (!published && received.back()["type"] == "book") {
        f.bus.publish(decided);
        f.bus.publish(update);
        f.bus.publish(fill);
        f.api->broadcast("alert", Json{{"kind", "kill_switch"}, {"title", "Kill switch"}});
        published = true;
      }
      int statuses = 0;
      std::set<std::string> kinds;
      for (const auto& m : received) {
        statuses += m["type"] == "status_update";
        kinds.insert(m["type"].get<std::string>());
      }
      if (statuses >= 3 && kinds.size() >= 7) break;  // + signal decision order_update fill alert
    }
    done = true;
    ws->close();
  };
  asio::co_spawn(f.io, client(), [&](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!done && std::chrono::steady_clock::now() < deadline) {
    f.io.run_for(std::chrono::milliseconds(20));
  }
  f.api->stop();
  ASSERT_TRUE(done);
  ASSERT_FALSE(received.empty());
  EXPECT_EQ(received.front()["type"], "status_update");
  EXPECT_EQ(received.front()["data"]["environment"], "sim");
  std::set<std::string> kinds;
  for (const auto& m : received) {
    EXPECT_TRUE(m.contains("at"));
    kinds.insert(m["type"].get<std::string>());
    if (m["type"] == "book") {
      EXPECT_EQ(m["data"]["ticker"], "KNOWN");
    }
    if (m["type"] == "signal") {
      EXPECT_EQ(m["data"]["intent_id"], "taker-1-7");
      EXPECT_EQ(m["data"]["price"], "0.4500");
    }
    if (m["type"] == "decision") {
      EXPECT_EQ(m["data"]["approved"], false);
      EXPECT_EQ(m["data"]["reason"], "stale_feed");
      EXPECT_EQ(m["data"]["rule"], "max_feed_age_seconds");
    }
    if (m["type"] == "order_update") {
      EXPECT_EQ(m["data"]["state"], "denied");
      EXPECT_EQ(m["data"]["reason"], "stale_feed");
    }
    if (m["type"] == "alert") {
      EXPECT_EQ(m["data"]["kind"], "kill_switch");
    }
    if (m["type"] == "fill") {
      EXPECT_EQ(m["data"]["trade_id"], "t-1");
      EXPECT_EQ(m["data"]["price"], "0.4500");
      EXPECT_EQ(m["data"]["count"], "2.00");
    }
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"status_update", "book", "signal", "decision",
                                          "order_update", "fill", "alert"}));
}

TEST(OperatorApiStream, APlainGetOfTheStreamPathIsABadRequest) {
  Fixture f;
  auto other = f.api->handle(net::ServerRequest{"GET", "/api/stream", {}, {}, "x"});
  EXPECT_EQ(other.status, 400u);  // a plain GET of the stream path
}

}  // namespace
}  // namespace antevorta::api
