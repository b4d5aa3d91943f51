// The notifier against a loopback fake webhook (net::HttpServer on 127.0.0.1, port 0) with
// the real HTTP poster: one POST per batch, a 429's retry_after honoured, an unreachable or
// hanging webhook that neither delays notify() nor stalls the event loop, and a webhook URL
// (a secret) that never appears in logs or errors. Plus the 429 / rate-limit header parsing.
#include "antevorta/api/discord_webhook.hpp"

#include <chrono>
#include <deque>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include "antevorta/api/discord.hpp"
#include "antevorta/net/http_server.hpp"

#include "unit/net/io_test_util.hpp"

namespace antevorta::api {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;
using steady = std::chrono::steady_clock;

constexpr std::string_view kToken = "SECRET-token-abc";

struct Seen {
  std::string method;
  std::string target;
  std::string content_type;
  json body;
  steady::time_point at;
};

// A repeating 10 ms timer on the clock: the event loop's pulse while the webhook misbehaves.
struct Pulse {
  explicit Pulse(Clock& c) : clock(c) { arm(); }
  void arm() {
    handle = clock.call_after(10ms, [this] {
      ticks.push_back(steady::now());
      arm();
    });
  }
  std::size_t count() const { return ticks.size(); }
  steady::duration max_gap() const {
    steady::duration gap{0};
    for (std::size_t i = 1; i < ticks.size(); ++i) gap = std::max(gap, ticks[i] - ticks[i - 1]);
    return gap;
  }
  Clock& clock;
  std::vector<steady::time_point> ticks;
  TimerHandle handle;
};

struct Webhook {
  asio::io_context io;
  LiveClock clock{io.get_executor()};
  std::ostringstream log;
  Logging logging{LoggingOptions{LogLevel::trace, LogFormat::text},
                  std::make_shared<spdlog::sinks::ostream_sink_st>(log)};
  std::vector<Seen> seen;
  std::deque<net::ServerResponse> script;  // answers in order; 204 when empty
  Duration hang{0};                        // answer only after this long
  std::unique_ptr<net::HttpServer> server;

  Webhook() {
    server = std::make_unique<net::HttpServer>(
        io.get_executor(), null_logger(), net::HttpServerOptions{},
        [this](const net::ServerRequest& r) -> asio::awaitable<net::ServerResponse> {
          const std::string* type = r.header("Content-Type");
          seen.push_back({r.method, r.target, type ? *type : "",
                          json::parse(r.body, nullptr, false), steady::now()});
          net::ServerResponse response{204, {}, "", "application/json"};
          if (!script.empty()) {
            response = script.front();
            script.pop_front();
          }
          if (hang > Duration::zero()) {
            // Touches nothing of the fixture after the wait: it may outlive the test.
            asio::steady_timer timer(co_await asio::this_coro::executor, hang);
            co_await timer.async_wait(asio::use_awaitable);
          }
          co_return response;
        });
    server->start();
  }

  std::string url(std::uint16_t port) const {
    return fmt::format("http://127.0.0.1:{}/api/webhooks/42/{}", port, kToken);
  }
  WebhookPoster poster(std::uint16_t port, WebhookOptions o = {}) {
    auto p = make_webhook_poster(io.get_executor(), clock, logging.make_logger("alerts"),
                                 Secret(url(port)), o);
    EXPECT_TRUE(p) << p.error();
    return p ? *p : WebhookPoster{};
  }
  DiscordNotifier notifier(DiscordOptions o, WebhookPoster p) {
    return DiscordNotifier(io.get_executor(), clock, logging.make_logger("alerts"), o,
                           std::move(p));
  }
};

Alert alert(std::string title) {
  return Alert{AlertSeverity::warning, AlertKind::connection_lost, std::move(title), "down", {}};
}

DiscordOptions fast() {
  DiscordOptions o;
  o.batch_window = 100ms;
  o.backoff = {.initial = 50ms, .max = 200ms, .multiplier = 2.0, .jitter = 0.0};
  return o;
}

TEST(DiscordWebhook, ThreeAlertsWithinTheWindowAreOnePost) {
  Webhook w;
  auto n = w.notifier(fast(), w.poster(w.server->port()));
  n.notify(alert("one"));
  n.notify(alert("two"));
  n.notify(alert("three"));
  ASSERT_TRUE(test::run_until(w.io, [&] { return n.stats().sent == 3; }));
  w.io.run_for(300ms);  // nothing else follows
  ASSERT_EQ(w.seen.size(), 1u);
  EXPECT_EQ(w.seen[0].method, "POST");
  EXPECT_EQ(w.seen[0].target, fmt::format("/api/webhooks/42/{}", kToken));
  EXPECT_EQ(w.seen[0].content_type, "application/json");
  const json& body = w.seen[0].body;
  ASSERT_EQ(body["embeds"].size(), 3u);
  EXPECT_EQ(body["embeds"][0]["title"], "[WARNING] one");
  EXPECT_EQ(body["embeds"][1]["title"], "[WARNING] two");
  EXPECT_EQ(body["embeds"][2]["title"], "[WARNING] three");
  EXPECT_EQ(n.stats().messages, 1u);
}

TEST(DiscordWebhook, TooManyRequestsIsRetriedAfterRetryAfter) {
  Webhook w;
  w.script.push_back(
      {429,
       {},
       R"({"message":"You are being rate limited.","retry_after":0.3,"global":false})",
       "application/json"});
  auto n = w.notifier(fast(), w.poster(w.server->port()));
  n.notify(alert("limited"));
  ASSERT_TRUE(test::run_until(w.io, [&] { return n.stats().sent == 1; }));
  ASSERT_EQ(w.seen.size(), 2u);
  EXPECT_GE(w.seen[1].at - w.seen[0].at, 300ms);
  EXPECT_EQ(w.seen[1].body, w.seen[0].body);
  EXPECT_EQ(n.stats().rate_limited, 1u);
}

TEST(DiscordWebhook, UnreachableWebhookNeverDelaysNotifyNorTheLoop) {
  Webhook w;
  const std::uint16_t closed = w.server->port();
  w.server->stop();  // nothing listens there any more: connection refused
  DiscordOptions o = fast();
  o.batch_window = 10ms;
  o.max_attempts = 3;
  auto n = w.notifier(o, w.poster(closed));
  Pulse pulse(w.clock);
  const auto before = steady::now();
  for (int i = 0; i < 3; ++i) n.notify(alert("a" + std::to_string(i)));
  const auto spent = steady::now() - before;
  EXPECT_EQ(n.stats().posts, 0u);  // notify() sent nothing itself: it only queued
  EXPECT_EQ(n.stats().queued, 3u);
  EXPECT_LT(spent, 50ms);  // three pushes onto a queue; generous for a loaded machine
  ASSERT_TRUE(test::run_until(w.io, [&] { return n.stats().failed == 3; }));
  EXPECT_EQ(n.stats().posts, 3u);
  EXPECT_THAT(w.log.str(),
              HasSubstr("alert_delivery_failed alerts=3 attempts=3 status=0 error=connect"));
  EXPECT_GE(pulse.count(), 5u);  // 10 + 50 + 100 ms of retries at least: ~16 ticks
  EXPECT_LT(pulse.max_gap(), 500ms);
}

TEST(DiscordWebhook, HangingWebhookTimesOutWhileTheLoopKeepsServingTimers) {
  Webhook w;
  w.hang = 10s;
  DiscordOptions o = fast();
  o.max_attempts = 2;
  auto n = w.notifier(o, w.poster(w.server->port(), {.request_timeout = 300ms}));
  Pulse pulse(w.clock);
  n.notify(alert("slow"));
  ASSERT_TRUE(test::run_until(w.io, [&] { return n.stats().failed == 1; }));
  EXPECT_EQ(w.seen.size(), 2u);
  // Two 300 ms timeouts and a 50 ms backoff: ~75 ticks of 10 ms; the loop never stalled.
  EXPECT_GE(pulse.count(), 30u);
  EXPECT_LT(pulse.max_gap(), 500ms);
  EXPECT_THAT(w.log.str(), HasSubstr("error=timeout"));
}

TEST(DiscordWebhook, TheUrlNeverAppearsInLogs) {
  Webhook w;
  for (int i = 0; i < 3; ++i)
    w.script.push_back({500, {}, R"({"message":"oops"})", "application/json"});
  DiscordOptions o = fast();
  o.max_attempts = 2;
  auto failing = w.notifier(o, w.poster(w.server->port()));
  failing.notify(alert("a"));
  ASSERT_TRUE(test::run_until(w.io, [&] { return failing.stats().failed == 1; }));
  w.hang = 10s;  // now a read timeout, whose HttpError names the request target
  auto slow = w.notifier(o, w.poster(w.server->port(), {.request_timeout = 100ms}));
  slow.notify(alert("b"));
  ASSERT_TRUE(test::run_until(w.io, [&] { return slow.stats().failed == 1; }));
  const std::string text = w.log.str();
  EXPECT_THAT(text, HasSubstr("alert_delivery_failed alerts=1 attempts=2 status=500"));
  EXPECT_THAT(text, HasSubstr("error=timeout"));
  EXPECT_THAT(text, HasSubstr("http_connected"));  // trace-level client logs were captured
  EXPECT_THAT(text, Not(HasSubstr(std::string(kToken))));
  EXPECT_THAT(text, Not(HasSubstr("/api/webhooks")));
}

TEST(DiscordWebhook, UnusableUrlsAreRefusedWithoutRepeatingThem) {
  asio::io_context io;
  ManualClock clock;
  const auto refuse = [&](const std::string& url) {
    auto p = make_webhook_poster(io.get_executor(), clock, null_logger(), Secret(url));
    EXPECT_FALSE(p) << "accepted a bad URL";
    return p ? std::string() : p.error();
  };
  for (const std::string url :
       {"http://example.com/api/webhooks/1/SECRET-token-abc",  // plain http off loopback
        "ftp://127.0.0.1/api/webhooks/1/SECRET-token-abc", "SECRET-token-abc",
        "https://discord.com/api/webhooks/1/SECRET-token-abc#frag"}) {
    const std::string error = refuse(url);
    EXPECT_FALSE(error.empty());
    EXPECT_THAT(error, Not(HasSubstr("SECRET"))) << error;
    EXPECT_THAT(error, Not(HasSubstr("webhooks"))) << error;
  }
  auto ok = make_webhook_poster(io.get_executor(), clock, null_logger(),
                                Secret("https://discord.com/api/webhooks/1/tok?thread_id=5"));
  EXPECT_TRUE(ok) << ok.error();
}

net::HttpResponse response(unsigned status, std::string body, net::HeaderList headers = {}) {
  net::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers = std::move(headers);
  return r;
}

TEST(DiscordWebhook, RetryAfterFromBodyOrHeaders) {
  // Discord's body: seconds as a number (0.5 s = 500 ms).
  EXPECT_EQ(webhook_retry_after(response(429, R"({"retry_after":0.5})")), Duration(500ms));
  // No body field: the Retry-After header, then X-RateLimit-Reset-After.
  EXPECT_EQ(webhook_retry_after(response(429, "", {{"retry-after", "2"}})), Duration(2s));
  EXPECT_EQ(webhook_retry_after(response(429, "{}", {{"X-RateLimit-Reset-After", "1.25"}})),
            Duration(1250ms));
  EXPECT_EQ(webhook_retry_after(response(429, "not json")), std::nullopt);
  // A negative wait is ignored; an absurd one is capped at 15 min.
  EXPECT_EQ(webhook_retry_after(response(429, R"({"retry_after":-1})")), std::nullopt);
  EXPECT_EQ(webhook_retry_after(response(429, R"({"retry_after":86400})")),
            Duration(kMaxRetryAfter));
  // A success that used the bucket's last request says when it refills.
  EXPECT_EQ(webhook_retry_after(response(
                204, "", {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset-After", "0.75"}})),
            Duration(750ms));
  EXPECT_EQ(webhook_retry_after(response(
                204, "", {{"X-RateLimit-Remaining", "3"}, {"X-RateLimit-Reset-After", "0.75"}})),
            std::nullopt);
  EXPECT_EQ(webhook_retry_after(response(500, R"({"retry_after":1})")), std::nullopt);
}

}  // namespace
}  // namespace antevorta::api
