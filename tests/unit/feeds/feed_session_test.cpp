// FeedSession: the states, the watchdog and the reconnect decisions, step by step, without
// sockets.
#include "antevorta/feeds/feed_session.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/feeds/feeds_test_util.hpp"

namespace antevorta::feeds {
namespace {

using namespace std::chrono_literals;

const Timestamp t0 = from_unix_ms(1'767'225'600'000);

FrameResult data(std::size_t ticks) { return FrameResult{FrameStatus::data, ticks, 0, {}}; }
FrameResult status(FrameStatus s, std::string_view text = {}) { return FrameResult{s, 0, 0, text}; }

void expect_state(const SessionStep& step, FeedState state, std::string_view detail, Timestamp at) {
  ASSERT_TRUE(step.announce.has_value());
  EXPECT_EQ(step.announce->source, "kraken");
  EXPECT_EQ(step.announce->state, state);
  EXPECT_EQ(step.announce->detail, detail);
  EXPECT_EQ(step.announce->at, at);
  EXPECT_FALSE(step.reconnect);
}

void expect_nothing(const SessionStep& step) {
  EXPECT_FALSE(step.announce.has_value());
  EXPECT_FALSE(step.reconnect);
}

TEST(FeedSession, ConnectingThenLiveOnTheFirstTick) {
  FeedSession s("kraken", 10s, 60s);
  EXPECT_EQ(s.state(), FeedState::down);
  expect_state(s.start(t0), FeedState::connecting, "", t0);
  expect_nothing(s.start(t0));  // once
  EXPECT_FALSE(s.next_check().has_value());
  expect_nothing(s.connected(t0 + 1s));
  EXPECT_EQ(s.state(), FeedState::connecting);
  EXPECT_EQ(s.next_check(), t0 + 11s);  // connected + stale_after

  // Acks, heartbeats, malformed frames and data without ticks prove nothing.
  expect_nothing(s.frame(status(FrameStatus::subscribed), t0 + 2s));
  expect_nothing(s.frame(status(FrameStatus::heartbeat), t0 + 2s));
  expect_nothing(s.frame(status(FrameStatus::malformed, "bad"), t0 + 2s));
  expect_nothing(s.frame(data(0), t0 + 2s));
  EXPECT_FALSE(s.last_tick().has_value());

  expect_state(s.frame(data(2), t0 + 3s), FeedState::live, "", t0 + 3s);
  expect_nothing(s.frame(data(1), t0 + 4s));
  EXPECT_EQ(s.last_tick(), t0 + 4s);
  EXPECT_EQ(s.next_check(), t0 + 14s);
}

TEST(FeedSession, StaleAfterTheLimitLiveAgainThenReconnect) {
  FeedSession s("kraken", 10s, 60s);
  (void)s.start(t0);
  (void)s.connected(t0);
  (void)s.frame(data(1), t0 + 1s);  // live; the last tick at t0 + 1 s

  expect_nothing(s.check(t0 + 10s));  // 9 s quiet
  expect_nothing(s.check(t0 + 11s - 1ns));
  expect_state(s.check(t0 + 11s), FeedState::stale, "no data for 10s", t0 + 11s);
  EXPECT_EQ(s.next_check(), t0 + 61s);  // now the reconnect deadline
  expect_nothing(s.check(t0 + 30s));    // still stale: announced once

  expect_state(s.frame(data(1), t0 + 40s), FeedState::live, "", t0 + 40s);
  EXPECT_EQ(s.next_check(), t0 + 50s);
  expect_state(s.check(t0 + 50s), FeedState::stale, "no data for 10s", t0 + 50s);

  const SessionStep step = s.check(t0 + 100s);  // 60 s after the tick at 40 s
  EXPECT_TRUE(step.reconnect);
  EXPECT_EQ(step.reason, "no data for 60s");
  EXPECT_FALSE(step.announce.has_value());
  // Asked once: until the loop reports the connection gone, the watchdog rests.
  EXPECT_FALSE(s.next_check().has_value());
  expect_nothing(s.check(t0 + 100s));

  // The loop closes the socket and reports the failure with that reason.
  expect_state(s.failed(t0 + 100s, "no data for 60s"), FeedState::connecting, "no data for 60s",
               t0 + 100s);
  EXPECT_FALSE(s.connected());
  EXPECT_FALSE(s.next_check().has_value());
  expect_nothing(s.frame(data(1), t0 + 101s));  // not connected: ignored
  expect_nothing(s.check(t0 + 200s));
}

TEST(FeedSession, ANewConnectionWithoutDataGoesStaleFromItsStart) {
  FeedSession s("kraken", 10s, 60s);
  (void)s.start(t0);
  (void)s.connected(t0);
  (void)s.frame(data(1), t0 + 1s);
  (void)s.failed(t0 + 2s, "closed");
  (void)s.connected(t0 + 5s);
  EXPECT_FALSE(s.last_tick().has_value());  // the old connection's tick does not count
  EXPECT_EQ(s.next_check(), t0 + 15s);
  expect_state(s.check(t0 + 15s), FeedState::stale, "no data for 10s", t0 + 15s);
}

TEST(FeedSession, EveryFailureIsAnnouncedWithItsError) {
  FeedSession s("kraken", 10s, 60s);
  (void)s.start(t0);
  expect_state(s.failed(t0 + 1s, "connect refused"), FeedState::connecting, "connect refused",
               t0 + 1s);
  expect_state(s.failed(t0 + 2s, "connect refused"), FeedState::connecting, "connect refused",
               t0 + 2s);
}

TEST(FeedSession, VenueErrorsAndShutdownAskForAReconnect) {
  FeedSession s("kraken", 10s, 60s);
  (void)s.start(t0);
  (void)s.connected(t0);
  SessionStep error = s.frame(status(FrameStatus::error, "subscribe failed: nope"), t0);
  EXPECT_TRUE(error.reconnect);
  EXPECT_EQ(error.reason, "venue error: subscribe failed: nope");
  EXPECT_FALSE(s.next_check().has_value());
  expect_nothing(s.frame(status(FrameStatus::info, "maintenance"), t0));
  (void)s.failed(t0, error.reason);
  (void)s.connected(t0 + 1s);
  EXPECT_EQ(s.next_check(), t0 + 11s);  // a new connection is watched again
  SessionStep shutdown = s.frame(status(FrameStatus::shutdown), t0 + 2s);
  EXPECT_TRUE(shutdown.reconnect);
  EXPECT_EQ(shutdown.reason, "server shutdown");
}

TEST(FeedSession, WithoutStaleReconnectAStaleFeedWaitsForData) {
  FeedSession s("kraken", 10s, 0s);
  (void)s.start(t0);
  (void)s.connected(t0);
  expect_state(s.check(t0 + 10s), FeedState::stale, "no data for 10s", t0 + 10s);
  EXPECT_FALSE(s.next_check().has_value());
  expect_nothing(s.check(t0 + 24h));
  expect_state(s.frame(data(1), t0 + 25h), FeedState::live, "", t0 + 25h);
}

TEST(FeedSession, StoppedIsFinal) {
  FeedSession s("kraken", 10s, 60s);
  expect_nothing(s.stopped(t0));  // never started: nothing to announce
  (void)s.start(t0);
  (void)s.connected(t0);
  expect_state(s.stopped(t0 + 1s), FeedState::down, "stopped", t0 + 1s);
  expect_nothing(s.failed(t0 + 2s, "closed"));
  expect_nothing(s.connected(t0 + 3s));
  expect_nothing(s.frame(data(1), t0 + 4s));
  EXPECT_EQ(s.state(), FeedState::down);
}

}  // namespace
}  // namespace antevorta::feeds
