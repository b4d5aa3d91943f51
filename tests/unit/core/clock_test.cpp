#include "antevorta/core/clock.hpp"

#include <chrono>
#include <optional>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gtest/gtest.h>

namespace antevorta {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

TEST(Time, UnixAndIsoConversions) {
  const Timestamp t = from_unix_ms(1'703'123'456'789);
  EXPECT_EQ(to_unix_ms(t), 1'703'123'456'789);
  EXPECT_EQ(to_unix_ns(t), 1'703'123'456'789'000'000);
  EXPECT_EQ(format_iso8601(t), "2023-12-21T01:50:56.789Z");
}

TEST(ManualClock, TimersFireInDeadlineOrderWithClockAtDeadline) {
  ManualClock clock;
  const Timestamp start = clock.now();
  std::vector<std::pair<int, Duration>> fired;
  auto t3 = clock.call_after(3s, [&] { fired.emplace_back(3, clock.now() - start); });
  auto t1 = clock.call_after(1s, [&] { fired.emplace_back(1, clock.now() - start); });
  auto t2 = clock.call_after(2s, [&] { fired.emplace_back(2, clock.now() - start); });
  clock.advance(1500ms);
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0], std::make_pair(1, Duration(1s)));
  EXPECT_TRUE(t2.pending());
  EXPECT_FALSE(t1.pending());
  clock.advance(10s);
  ASSERT_EQ(fired.size(), 3u);
  EXPECT_EQ(fired[1], std::make_pair(2, Duration(2s)));
  EXPECT_EQ(fired[2], std::make_pair(3, Duration(3s)));
  EXPECT_EQ(clock.now() - start, Duration(11500ms));
}

TEST(ManualClock, CancelledTimerNeverFiresAndLeavesNoEntry) {
  ManualClock clock;
  int fired = 0;
  {
    auto t = clock.call_after(1s, [&] { ++fired; });
    EXPECT_EQ(clock.pending_timers(), 1u);
  }
  EXPECT_EQ(clock.pending_timers(), 0u);
  auto t2 = clock.call_after(1s, [&] { ++fired; });
  t2.cancel();
  clock.advance(5s);
  EXPECT_EQ(fired, 0);
}

TEST(ManualClock, CallbacksMayRescheduleWithinOneAdvance) {
  ManualClock clock;
  std::vector<TimerHandle> handles;
  int ticks = 0;
  std::function<void()> tick = [&] {
    ++ticks;
    handles.push_back(clock.call_after(1s, tick));
  };
  handles.push_back(clock.call_after(1s, tick));
  clock.advance(5s);
  EXPECT_EQ(ticks, 5);
}

TEST(ManualClock, AsyncSleepCompletesOnAdvance) {
  asio::io_context io;
  ManualClock clock;
  std::optional<boost::system::error_code> result;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        auto [ec] = co_await async_sleep(clock, 10s, asio::as_tuple(asio::use_awaitable));
        result = ec;
      },
      asio::detached);
  io.poll();
  EXPECT_FALSE(result.has_value());
  clock.advance(9s);
  io.poll();
  EXPECT_FALSE(result.has_value());
  clock.advance(1s);
  io.poll();
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(*result);
}

TEST(ManualClock, AsyncSleepCancelledThroughSlot) {
  asio::io_context io;
  ManualClock clock;
  asio::cancellation_signal signal;
  std::optional<boost::system::error_code> result;
  async_sleep(clock, 10s,
              asio::bind_cancellation_slot(
                  signal.slot(),
                  asio::bind_executor(io, [&](boost::system::error_code ec) { result = ec; })));
  EXPECT_EQ(clock.pending_timers(), 1u);
  signal.emit(asio::cancellation_type::terminal);
  io.poll();
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, asio::error::operation_aborted);
  EXPECT_EQ(clock.pending_timers(), 0u);
}

TEST(LiveClock, TimerFiresOnTheExecutor) {
  asio::io_context io;
  LiveClock clock(io.get_executor());
  const auto before = clock.now();
  bool fired = false;
  auto t = clock.call_after(5ms, [&] { fired = true; });
  io.run_for(2s);
  EXPECT_TRUE(fired);
  EXPECT_GE(clock.now() - before, Duration(5ms));
}

TEST(LiveClock, CancelledTimerDoesNotFire) {
  asio::io_context io;
  LiveClock clock(io.get_executor());
  bool fired = false;
  auto t = clock.call_after(1ms, [&] { fired = true; });
  t.cancel();
  io.run_for(50ms);
  EXPECT_FALSE(fired);
}

TEST(LiveClock, PendingSleepIsReleasedWhenClockIsDestroyed) {
  // No leak (the sanitizer build checks) and no callback after the clock is gone.
  asio::io_context io;
  bool completed = false;
  {
    LiveClock clock(io.get_executor());
    async_sleep(clock, 1h,
                asio::bind_executor(io, [&](boost::system::error_code) { completed = true; }));
  }
  io.run_for(10ms);
  EXPECT_FALSE(completed);
}

}  // namespace
}  // namespace antevorta
