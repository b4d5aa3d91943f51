#include "antevorta/core/event_bus.hpp"

#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace antevorta {
namespace {

struct Ping {
  int n;
};
struct Pong {
  int n;
};

TEST(EventBus, DeliversToSubscribersInSubscriptionOrder) {
  EventBus bus;
  std::vector<std::string> log;
  auto a = bus.subscribe<Ping>([&](const Ping& p) { log.push_back("a" + std::to_string(p.n)); });
  auto b = bus.subscribe<Ping>([&](const Ping& p) { log.push_back("b" + std::to_string(p.n)); });
  bus.publish(Ping{1});
  bus.publish(Ping{2});
  EXPECT_EQ(log, (std::vector<std::string>{"a1", "b1", "a2", "b2"}));
}

TEST(EventBus, OnlyMatchingTypeIsDelivered) {
  EventBus bus;
  int pings = 0;
  int pongs = 0;
  auto a = bus.subscribe<Ping>([&](const Ping&) { ++pings; });
  auto b = bus.subscribe<Pong>([&](const Pong&) { ++pongs; });
  bus.publish(Pong{1});
  EXPECT_EQ(pings, 0);
  EXPECT_EQ(pongs, 1);
}

TEST(EventBus, PublishFromHandlerIsQueuedNotReentered) {
  EventBus bus;
  std::vector<std::string> log;
  int depth = 0;
  int max_depth = 0;
  auto a = bus.subscribe<Ping>([&](const Ping& p) {
    ++depth;
    max_depth = std::max(max_depth, depth);
    log.push_back("a-ping" + std::to_string(p.n));
    bus.publish(Pong{p.n});
    if (p.n == 1) bus.publish(Ping{2});
    log.push_back("a-ping-end" + std::to_string(p.n));
    --depth;
  });
  auto b =
      bus.subscribe<Ping>([&](const Ping& p) { log.push_back("b-ping" + std::to_string(p.n)); });
  auto c = bus.subscribe<Pong>([&](const Pong& p) {
    ++depth;
    max_depth = std::max(max_depth, depth);
    log.push_back("c-pong" + std::to_string(p.n));
    --depth;
  });
  bus.publish(Ping{1});
  EXPECT_EQ(max_depth, 1);
  // Ping 1 reaches every subscriber first; then the queued events in publish order.
  EXPECT_EQ(log, (std::vector<std::string>{"a-ping1", "a-ping-end1", "b-ping1", "c-pong1",
                                           "a-ping2", "a-ping-end2", "b-ping2", "c-pong2"}));
  EXPECT_EQ(bus.queued(), 0u);
}

TEST(EventBus, SubscriptionEndsWithItsHandle) {
  EventBus bus;
  int calls = 0;
  {
    auto sub = bus.subscribe<Ping>([&](const Ping&) { ++calls; });
    bus.publish(Ping{1});
    EXPECT_EQ(bus.subscriber_count<Ping>(), 1u);
  }
  bus.publish(Ping{2});
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(bus.subscriber_count<Ping>(), 0u);
}

TEST(EventBus, MovedSubscriptionStaysActive) {
  EventBus bus;
  int calls = 0;
  Subscription keep;
  {
    auto sub = bus.subscribe<Ping>([&](const Ping&) { ++calls; });
    keep = std::move(sub);
  }
  bus.publish(Ping{1});
  EXPECT_EQ(calls, 1);
  keep.reset();
  bus.publish(Ping{2});
  EXPECT_EQ(calls, 1);
}

TEST(EventBus, UnsubscribeSelfDuringDispatchIsSafe) {
  EventBus bus;
  int calls = 0;
  auto holder = std::make_shared<Subscription>();
  // The handler owns state that unsubscribing must not destroy while it runs.
  auto payload = std::make_shared<std::string>("still alive");
  *holder = bus.subscribe<Ping>([&, payload](const Ping&) {
    ++calls;
    holder->reset();
    EXPECT_EQ(*payload, "still alive");
  });
  bus.publish(Ping{1});
  bus.publish(Ping{2});
  EXPECT_EQ(calls, 1);
}

TEST(EventBus, UnsubscribeOtherDuringDispatchSkipsIt) {
  EventBus bus;
  std::vector<std::string> log;
  Subscription second;
  auto first = bus.subscribe<Ping>([&](const Ping&) {
    log.push_back("first");
    second.reset();
  });
  second = bus.subscribe<Ping>([&](const Ping&) { log.push_back("second"); });
  bus.publish(Ping{1});
  EXPECT_EQ(log, std::vector<std::string>{"first"});
}

TEST(EventBus, SubscribeDuringDispatchSeesNextEventOnly) {
  EventBus bus;
  std::vector<int> late_seen;
  std::vector<Subscription> late;
  auto first = bus.subscribe<Ping>([&](const Ping& p) {
    if (late.empty()) {
      // Enough subscriptions to force the container to grow while dispatching.
      for (int i = 0; i < 64; ++i) {
        late.push_back(bus.subscribe<Ping>([&](const Ping& q) { late_seen.push_back(q.n); }));
      }
    }
    (void)p;
  });
  bus.publish(Ping{1});
  EXPECT_TRUE(late_seen.empty());
  bus.publish(Ping{2});
  EXPECT_EQ(late_seen.size(), 64u);
  EXPECT_EQ(late_seen.front(), 2);
}

TEST(EventBus, SubscriptionOutlivingBusIsHarmless) {
  Subscription sub;
  {
    EventBus bus;
    sub = bus.subscribe<Ping>([](const Ping&) {});
    EXPECT_TRUE(sub.active());
  }
  EXPECT_FALSE(sub.active());
  sub.reset();
}

TEST(EventBus, ThrowingHandlerDoesNotStopOthers) {
  EventBus bus;
  int after = 0;
  auto a = bus.subscribe<Ping>([](const Ping&) { throw std::runtime_error("boom"); });
  auto b = bus.subscribe<Ping>([&](const Ping&) { ++after; });
  bus.publish(Ping{1});
  EXPECT_EQ(after, 1);
  EXPECT_EQ(bus.handler_errors(), 1u);
}

TEST(EventBus, QueueBoundStopsRunawayPublishing) {
  EventBus bus(null_logger(), /*max_queued=*/100);
  int pongs = 0;
  int published = 0;
  auto a = bus.subscribe<Ping>([&](const Ping&) {
    for (int i = 0; i < 150; ++i) {
      bus.publish(Pong{i});
      ++published;
    }
  });
  auto b = bus.subscribe<Pong>([&](const Pong&) { ++pongs; });
  bus.publish(Ping{0});
  EXPECT_EQ(published, 100);  // the 101st publish threw out of the handler
  EXPECT_EQ(bus.handler_errors(), 1u);
  EXPECT_EQ(pongs, 100);
  EXPECT_EQ(bus.queued(), 0u);
}

}  // namespace
}  // namespace antevorta
