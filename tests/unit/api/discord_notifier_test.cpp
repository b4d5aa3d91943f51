// DiscordNotifier's decisions on a ManualClock with a scripted poster: batching, Discord's
// embed limit, the posts-per-minute limit, 429 waits, retries with backoff and giving up,
// the queue's overflow policy, the severity filter and stop(). notify() never waits.
#include <deque>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

#include "antevorta/api/discord.hpp"

namespace antevorta::api {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using json = nlohmann::json;
using ::testing::HasSubstr;

Timestamp T(Duration d = Duration::zero()) { return from_unix_ms(1'767'225'600'000) + d; }

struct Fixture {
  asio::io_context io;
  ManualClock clock;
  std::vector<Timestamp> times;  // of each POST
  std::vector<json> bodies;
  std::deque<WebhookResult> script;  // answers in order; 204 when empty
  bool hang = false;                 // the poster never answers
  std::ostringstream log;
  Logging logging{LoggingOptions{LogLevel::debug, LogFormat::text},
                  std::make_shared<spdlog::sinks::ostream_sink_st>(log)};

  ~Fixture() { pump(); }

  static asio::awaitable<WebhookResult> post(Fixture* f, std::string body) {
    f->times.push_back(f->clock.now());
    f->bodies.push_back(json::parse(body));
    if (f->hang) {
      auto [ec] = co_await async_sleep(f->clock, 24h, asio::as_tuple(asio::use_awaitable));
      (void)ec;
    }
    WebhookResult r{204, std::nullopt, {}};
    if (!f->script.empty()) {
      r = f->script.front();
      f->script.pop_front();
    }
    co_return r;
  }
  WebhookPoster poster() {
    return [this](std::string body) { return post(this, std::move(body)); };
  }
  DiscordNotifier make(DiscordOptions o) {
    return DiscordNotifier(io.get_executor(), clock, logging.make_logger("alerts"), o, poster());
  }

  void pump() {
    io.restart();
    io.poll();
  }
  // Moves time to `end`, stopping at every timer on the way so the sender sees exact times.
  void run_until(Timestamp end) {
    pump();
    while (auto next = clock.next_deadline()) {
      if (*next > end) break;
      clock.advance_to(*next);
      pump();
    }
    clock.advance_to(end);
    pump();
  }
  std::vector<std::string> titles(std::size_t post) const {
    std::vector<std::string> out;
    for (const auto& e : bodies.at(post)["embeds"]) out.push_back(e["title"]);
    return out;
  }
};

Alert info(std::string title) {
  return Alert{AlertSeverity::info, AlertKind::order_filled, std::move(title), "", {}};
}
Alert critical(std::string title) {
  return Alert{AlertSeverity::critical, AlertKind::kill_switch, std::move(title), "", {}};
}
Alert warning(std::string title) {
  return Alert{AlertSeverity::warning, AlertKind::connection_lost, std::move(title), "", {}};
}

DiscordOptions options() {
  DiscordOptions o;
  o.batch_window = 2s;
  o.max_posts_per_minute = 20;
  o.backoff = {.initial = 1s, .max = 8s, .multiplier = 2.0, .jitter = 0.0};
  return o;
}

TEST(DiscordNotifier, AlertsWithinTheWindowGoInOneMessage) {
  Fixture f;
  auto n = f.make(options());
  n.notify(info("a"));
  f.run_until(T(1s));
  n.notify(info("b"));
  f.run_until(T(1900ms));
  n.notify(critical("c"));
  f.run_until(T(1999ms));
  EXPECT_TRUE(f.times.empty());  // the window runs from the oldest alert (0 s) to 2 s
  f.run_until(T(2s));
  ASSERT_EQ(f.times.size(), 1u);
  EXPECT_EQ(f.times[0], T(2s));
  EXPECT_EQ(f.titles(0), (std::vector<std::string>{"a", "b", "[CRITICAL] c"}));
  f.run_until(T(1min));
  EXPECT_EQ(f.times.size(), 1u);
  EXPECT_EQ(n.stats().sent, 3u);
  EXPECT_EQ(n.stats().messages, 1u);
  EXPECT_FALSE(n.sending());
}

TEST(DiscordNotifier, MoreThanTenSplitCriticalFirstAndSayMoreFollow) {
  Fixture f;
  auto n = f.make(options());
  for (int i = 0; i < 11; ++i) n.notify(info("i" + std::to_string(i)));
  n.notify(critical("k"));
  // Twelve alerts queued: a full message (10) need not wait for the window.
  f.run_until(T());
  ASSERT_EQ(f.times.size(), 1u);
  EXPECT_EQ(f.times[0], T());
  // The first message: the critical one and the nine oldest info, in the order raised.
  EXPECT_EQ(f.titles(0), (std::vector<std::string>{"i0", "i1", "i2", "i3", "i4", "i5", "i6", "i7",
                                                   "i8", "[CRITICAL] k"}));
  EXPECT_EQ(f.bodies[0]["content"], "\xE2\x80\xA6 2 more alerts follow.");
  // The other two are fewer than ten: they go when their window (from 0 s) has passed.
  f.run_until(T(2s));
  ASSERT_EQ(f.times.size(), 2u);
  EXPECT_EQ(f.times[1], T(2s));
  EXPECT_EQ(f.titles(1), (std::vector<std::string>{"i9", "i10"}));
}

TEST(DiscordNotifier, AtMostNPostsPerMinute) {
  Fixture f;
  DiscordOptions o = options();
  o.batch_window = 1s;
  o.max_posts_per_minute = 2;
  auto n = f.make(o);
  n.notify(info("a"));
  f.run_until(T(2s));  // posted at 1 s
  n.notify(info("b"));
  f.run_until(T(4s));  // posted at 3 s
  n.notify(info("c"));
  f.run_until(T(60s));
  ASSERT_EQ(f.times.size(), 2u);  // the third would be the third POST within a minute
  f.run_until(T(2min));
  ASSERT_EQ(f.times.size(), 3u);
  EXPECT_EQ(f.times[0], T(1s));
  EXPECT_EQ(f.times[1], T(3s));
  EXPECT_EQ(f.times[2], T(61s));  // a minute after the first POST
}

TEST(DiscordNotifier, RateLimitedAnswerIsRetriedAfterRetryAfter) {
  Fixture f;
  auto n = f.make(options());
  f.script.push_back({429, 3s, {}});
  n.notify(warning("w"));
  f.run_until(T(1min));
  ASSERT_EQ(f.times.size(), 2u);
  EXPECT_EQ(f.times[0], T(2s));
  EXPECT_EQ(f.times[1], T(5s));  // 2 s + Discord's 3 s
  EXPECT_EQ(f.bodies[0], f.bodies[1]);
  const DiscordStats s = n.stats();
  EXPECT_EQ(s.rate_limited, 1u);
  EXPECT_EQ(s.sent, 1u);
  EXPECT_EQ(s.posts, 2u);
  EXPECT_EQ(s.failed, 0u);
}

TEST(DiscordNotifier, FailuresBackOffThenTheMessageIsDropped) {
  Fixture f;
  DiscordOptions o = options();
  o.max_attempts = 3;
  auto n = f.make(o);
  f.script = {{503, std::nullopt, {}}, {0, std::nullopt, "connect"}, {502, std::nullopt, {}}};
  n.notify(critical("k"));
  n.notify(info("i"));
  f.run_until(T(1min));
  // POSTs at 2 s, then backoff 1 s → 3 s, then 2 s → 5 s; three attempts, given up.
  ASSERT_EQ(f.times.size(), 3u);
  EXPECT_EQ(f.times[1], T(3s));
  EXPECT_EQ(f.times[2], T(5s));
  EXPECT_EQ(n.stats().failed, 2u);
  EXPECT_EQ(n.stats().sent, 0u);
  EXPECT_THAT(f.log.str(), HasSubstr("alert_delivery_failed alerts=2 attempts=3 status=502"));
  // The notifier is not stuck: the next alert is delivered.
  n.notify(info("later"));
  f.run_until(T(2min));
  ASSERT_EQ(f.times.size(), 4u);
  EXPECT_EQ(n.stats().sent, 1u);
}

TEST(DiscordNotifier, ClientErrorsAreNotRetried) {
  Fixture f;
  auto n = f.make(options());
  f.script = {{404, std::nullopt, {}}};  // e.g. the webhook was deleted
  n.notify(info("i"));
  f.run_until(T(1min));
  EXPECT_EQ(f.times.size(), 1u);
  EXPECT_EQ(n.stats().failed, 1u);
  EXPECT_THAT(f.log.str(), HasSubstr("alert_delivery_failed alerts=1 attempts=1 status=404"));
}

TEST(DiscordNotifier, FullQueueDropsOldestLowestSeverityFirst) {
  Fixture f;
  DiscordOptions o = options();
  o.queue_capacity = 3;
  auto n = f.make(o);
  n.notify(info("i1"));
  n.notify(warning("w1"));
  n.notify(info("i2"));
  n.notify(critical("c1"));  // drops i1 (the oldest info)
  n.notify(info("i3"));      // drops i2 (the oldest info; i3 is newer)
  n.notify(warning("w2"));   // drops i3 (the only info)
  n.notify(info("i4"));      // everything queued is above info: i4 itself is dropped
  EXPECT_EQ(n.stats().dropped, 4u);
  EXPECT_EQ(n.stats().queued, 3u);
  f.run_until(T(1min));
  ASSERT_EQ(f.times.size(), 1u);
  EXPECT_EQ(f.titles(0),
            (std::vector<std::string>{"[WARNING] w1", "[CRITICAL] c1", "[WARNING] w2"}));
  EXPECT_EQ(f.bodies[0]["content"], "4 alerts dropped: the queue was full.");
  // Reported once: the next message does not repeat it.
  n.notify(info("i5"));
  f.run_until(T(2min));
  ASSERT_EQ(f.times.size(), 2u);
  EXPECT_FALSE(f.bodies[1].contains("content"));
}

TEST(DiscordNotifier, CriticalIsDroppedOnlyWhenAllQueuedAreCritical) {
  Fixture f;
  DiscordOptions o = options();
  o.queue_capacity = 2;
  auto n = f.make(o);
  n.notify(critical("c1"));
  n.notify(critical("c2"));
  n.notify(critical("c3"));  // drops c1
  f.run_until(T(1min));
  ASSERT_EQ(f.times.size(), 1u);
  EXPECT_EQ(f.titles(0), (std::vector<std::string>{"[CRITICAL] c2", "[CRITICAL] c3"}));
  EXPECT_EQ(n.stats().dropped, 1u);
}

TEST(DiscordNotifier, BelowMinSeverityIsFiltered) {
  Fixture f;
  DiscordOptions o = options();
  o.min_severity = AlertSeverity::warning;
  auto n = f.make(o);
  n.notify(info("i"));
  n.notify(warning("w"));
  f.run_until(T(1min));
  ASSERT_EQ(f.times.size(), 1u);
  EXPECT_EQ(f.titles(0), (std::vector<std::string>{"[WARNING] w"}));
  EXPECT_EQ(n.stats().filtered, 1u);
}

TEST(DiscordNotifier, NotifyNeverWaitsForAHangingWebhook) {
  Fixture f;
  f.hang = true;
  auto n = f.make(options());
  n.notify(info("a"));
  f.run_until(T(10s));
  ASSERT_EQ(f.times.size(), 1u);  // a POST is in flight and never answers
  // notify() only enqueues: nothing is sent from inside it, whatever the webhook does.
  for (int i = 0; i < 500; ++i) n.notify(info("more"));
  EXPECT_EQ(f.times.size(), 1u);
  EXPECT_EQ(n.stats().queued, 200u);  // the queue's bound
  EXPECT_EQ(n.stats().dropped, 300u);
}

TEST(DiscordNotifier, SubscribesToAlertEventsAndStopDiscards) {
  Fixture f;
  EventBus bus;
  auto n = f.make(options());
  n.subscribe(bus);
  bus.publish(info("from the bus"));
  EXPECT_EQ(n.stats().queued, 1u);
  n.stop();
  bus.publish(info("after stop"));
  f.run_until(T(1min));
  EXPECT_TRUE(f.times.empty());
  EXPECT_EQ(n.stats().queued, 0u);
  EXPECT_FALSE(n.sending());
  EXPECT_EQ(f.clock.pending_timers(), 0u);
}

}  // namespace
}  // namespace antevorta::api
