#include "antevorta/kalshi/rate_limiter.hpp"

#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace antevorta::kalshi {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

TEST(TokenBucket, StartsFullAndRefillsAtTheRate) {
  ManualClock clock;
  TokenBucket b(100, 200, clock.now());
  EXPECT_EQ(b.tokens(clock.now()), 200);
  EXPECT_TRUE(b.try_take(150, clock.now()));
  EXPECT_FALSE(b.try_take(60, clock.now()));  // 50 left: nothing taken
  EXPECT_EQ(b.tokens(clock.now()), 50);
  clock.advance(100ms);  // +10
  EXPECT_EQ(b.tokens(clock.now()), 60);
  EXPECT_TRUE(b.try_take(60, clock.now()));
  clock.advance(10s);  // capped at capacity
  EXPECT_EQ(b.tokens(clock.now()), 200);
}

TEST(TokenBucket, FractionalRefillIsExact) {
  ManualClock clock;
  TokenBucket b(3, 3, clock.now());  // one token every 333.33… ms
  ASSERT_TRUE(b.try_take(3, clock.now()));
  EXPECT_EQ(b.wait_time(1, clock.now()), Duration(333'333'334));  // rounded up
  clock.advance(Duration(333'333'333));
  EXPECT_EQ(b.tokens(clock.now()), 0);
  clock.advance(Duration(1));
  EXPECT_EQ(b.tokens(clock.now()), 1);
}

TEST(TokenBucket, ReserveGoesIntoDebtAndReportsTheWait) {
  ManualClock clock;
  TokenBucket b(10, 20, clock.now());
  EXPECT_EQ(b.reserve(10, clock.now()), Duration{0});
  EXPECT_EQ(b.reserve(10, clock.now()), Duration{0});
  EXPECT_EQ(b.reserve(10, clock.now()), Duration(1s));
  EXPECT_EQ(b.reserve(2, clock.now()), Duration(1200ms));  // queued behind the previous one
  EXPECT_EQ(b.tokens(clock.now()), -12);
  clock.advance(1200ms);
  EXPECT_EQ(b.tokens(clock.now()), 0);
}

TEST(TokenBucket, CostAboveCapacityIsClamped) {
  ManualClock clock;
  TokenBucket b(10, 20, clock.now());
  EXPECT_TRUE(b.try_take(1000, clock.now()));  // takes the whole bucket, not 1000
  EXPECT_EQ(b.tokens(clock.now()), 0);
}

TEST(TokenBucket, DrainAndResize) {
  ManualClock clock;
  TokenBucket b(10, 20, clock.now());
  b.drain(clock.now());
  EXPECT_EQ(b.tokens(clock.now()), 0);
  EXPECT_EQ(b.wait_time(10, clock.now()), Duration(1s));
  clock.advance(5s);
  EXPECT_EQ(b.tokens(clock.now()), 20);
  EXPECT_TRUE(b.try_take(15, clock.now()));
  b.resize(1000, 2000, clock.now());  // the 15 spent are missing from the bigger bucket too
  EXPECT_EQ(b.tokens(clock.now()), 1985);
  EXPECT_TRUE(b.try_take(1000, clock.now()));
  b.resize(5, 8, clock.now());  // 1015 spent of 8: empty, not in debt
  EXPECT_EQ(b.tokens(clock.now()), 0);
  clock.advance(1s);
  EXPECT_EQ(b.tokens(clock.now()), 5);

  // Reservations of waiting callers survive a resize.
  TokenBucket r(10, 20, clock.now());
  EXPECT_EQ(r.reserve(20, clock.now()), Duration(0s));
  EXPECT_EQ(r.reserve(20, clock.now()), Duration(2s));  // 20 in debt
  r.resize(10, 100, clock.now());                       // 40 spent of 100: 60 left
  EXPECT_EQ(r.tokens(clock.now()), 60);
  r.reserve(80, clock.now());  // -20
  r.resize(10, 30, clock.now());
  EXPECT_EQ(r.tokens(clock.now()), -20);  // our own debt stays
}

TEST(EndpointCosts, DocumentedDefaultsAndOverrides) {
  EndpointCosts c;
  EXPECT_EQ(c.cost("GET", "/markets"), 10);
  EXPECT_EQ(c.cost("POST", "/portfolio/events/orders"), 10);
  EXPECT_EQ(c.cost("DELETE", "/portfolio/events/orders/abc-123"), 2);
  EXPECT_EQ(c.cost("DELETE", "/trade-api/v2/portfolio/events/orders/abc-123?market_ticker=X"), 2);
  EXPECT_EQ(c.cost("DELETE", "/portfolio/events/orders/batched"), 2);  // billed per item instead
  EXPECT_EQ(c.batch_create_cost(3), 30);
  EXPECT_EQ(c.batch_cancel_cost(5), 10);

  EndpointCostsInfo info;
  info.default_cost = 12;
  info.endpoint_costs = {{"DELETE", "/trade-api/v2/portfolio/events/orders/{order_id}", 3},
                         {"GET", "/trade-api/v2/cfbenchmarks/history/values", 50}};
  const auto s = EndpointCosts::from(info);
  EXPECT_EQ(s.cost("GET", "/markets"), 12);
  EXPECT_EQ(s.cost("get", "/cfbenchmarks/history/values"), 50);
  EXPECT_EQ(s.cost("DELETE", "/portfolio/events/orders/o1"), 3);
  EXPECT_EQ(s.cost("DELETE", "/portfolio/events/orders/o1/extra"), 12);  // segments must match
  EXPECT_EQ(s.batch_cancel_cost(4), 12);
}

struct LimiterFixture : ::testing::Test {
  asio::io_context io;
  ManualClock clock;

  // Runs io until nothing is ready (the clock does not move by itself).
  void settle() {
    io.restart();
    io.poll();
  }
};

TEST_F(LimiterFixture, AcquireWaitsThroughTheClockInFifoOrder) {
  RateLimiter limiter(clock, {10, 20}, {10, 10});
  std::vector<std::pair<int, Timestamp>> granted;
  const auto start = clock.now();
  auto spawn = [&](int id, std::int64_t cost) {
    asio::co_spawn(
        io,
        [&, id, cost]() -> asio::awaitable<void> {
          co_await limiter.acquire(BucketKind::read, cost);
          granted.emplace_back(id, clock.now());
        },
        asio::detached);
  };
  spawn(1, 10);
  spawn(2, 10);
  spawn(3, 10);  // waits 1 s
  spawn(4, 1);   // cheap, but behind 3: 1.1 s
  settle();
  ASSERT_EQ(granted.size(), 2u);
  clock.advance(999ms);
  settle();
  EXPECT_EQ(granted.size(), 2u);
  clock.advance(1ms);
  settle();
  ASSERT_EQ(granted.size(), 3u);
  EXPECT_EQ(granted[2], std::make_pair(3, start + 1s));
  clock.advance(100ms);
  settle();
  ASSERT_EQ(granted.size(), 4u);
  EXPECT_EQ(granted[3], std::make_pair(4, start + 1100ms));
  EXPECT_EQ(limiter.total_wait(), Duration(2100ms));
}

TEST_F(LimiterFixture, BucketsAreIndependentAndConfigurable) {
  RateLimiter limiter(clock, {10, 10}, {10, 10});
  EXPECT_TRUE(limiter.try_acquire(BucketKind::read, 10));
  EXPECT_FALSE(limiter.try_acquire(BucketKind::read, 1));
  EXPECT_TRUE(limiter.try_acquire(BucketKind::write, 10));
  limiter.configure(AccountLimits{"premier", {1000, 1000}, {1000, 2000}});
  // What was spent stays spent: read 1000 - 10, write 2000 - 10.
  EXPECT_FALSE(limiter.try_acquire(BucketKind::read, 991));
  EXPECT_TRUE(limiter.try_acquire(BucketKind::read, 990));
  EXPECT_TRUE(limiter.try_acquire(BucketKind::write, 1990));
  EXPECT_FALSE(limiter.try_acquire(BucketKind::write, 1));
  clock.advance(1s);
  EXPECT_FALSE(limiter.try_acquire(BucketKind::write, 1001));  // 0 + 1 s × 1000
  EXPECT_TRUE(limiter.try_acquire(BucketKind::write, 1000));
  limiter.drain(BucketKind::write);
  EXPECT_FALSE(limiter.try_acquire(BucketKind::write, 1));
}

}  // namespace
}  // namespace antevorta::kalshi
