#include "antevorta/net/periodic_task.hpp"

#include <stdexcept>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

namespace antevorta::net {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

struct Fixture {
  asio::io_context io;
  ManualClock clock;
  std::vector<Duration> run_times;  // since start

  // The tasks (declared after the fixture) are stopped by now; let their coroutines see the
  // cancellation and finish, as the daemon does at shutdown, instead of abandoning them.
  ~Fixture() {
    io.restart();
    io.poll();
  }

  PeriodicTask::Body recording_body(std::function<void()> extra = {}) {
    const Timestamp start = clock.now();
    return [this, start, extra]() -> asio::awaitable<void> {
      run_times.push_back(clock.now() - start);
      if (extra) extra();
      co_return;
    };
  }
  // Advances in small steps, letting the io_context run between them.
  void advance(Duration total, Duration step = 100ms) {
    for (Duration d{0}; d < total; d += step) {
      clock.advance(step);
      io.poll();
    }
  }
};

TEST(PeriodicTask, RunsImmediatelyThenEveryPeriod) {
  Fixture f;
  PeriodicTask task(f.io.get_executor(), f.clock, null_logger(), "t", {.period = 1s},
                    f.recording_body());
  task.start();
  f.io.poll();
  f.advance(3500ms);
  EXPECT_EQ(f.run_times, (std::vector<Duration>{0s, 1s, 2s, 3s}));
  EXPECT_EQ(task.runs(), 4u);
}

TEST(PeriodicTask, CanWaitAPeriodBeforeTheFirstRun) {
  Fixture f;
  PeriodicTask task(f.io.get_executor(), f.clock, null_logger(), "t",
                    {.period = 1s, .run_immediately = false}, f.recording_body());
  task.start();
  f.io.poll();
  f.advance(2500ms);
  EXPECT_EQ(f.run_times, (std::vector<Duration>{1s, 2s}));
}

TEST(PeriodicTask, FailuresBackOffThenSuccessReturnsToThePeriod) {
  Fixture f;
  int calls = 0;
  PeriodicOptions o{.period = 10s};
  o.backoff = {.initial = 1s, .max = 8s, .multiplier = 2.0, .jitter = 0.0};
  PeriodicTask task(f.io.get_executor(), f.clock, null_logger(), "t", o, f.recording_body([&] {
    if (++calls <= 3) throw std::runtime_error("upstream 503");
  }));
  task.start();
  f.io.poll();
  f.advance(20s);
  // Fails at 0, 1 and 3 s (retry delays 1, 2, 4 s), then succeeds at 7 s.
  ASSERT_GE(f.run_times.size(), 5u);
  EXPECT_EQ(f.run_times[0], Duration(0s));
  EXPECT_EQ(f.run_times[1], Duration(1s));
  EXPECT_EQ(f.run_times[2], Duration(3s));
  EXPECT_EQ(f.run_times[3], Duration(7s));   // fourth call succeeds
  EXPECT_EQ(f.run_times[4], Duration(17s));  // then the normal period
  EXPECT_EQ(task.failures(), 3u);
}

TEST(PeriodicTask, StopEndsRunsAndTheTaskMayBeDestroyed) {
  Fixture f;
  {
    PeriodicTask task(f.io.get_executor(), f.clock, null_logger(), "t", {.period = 1s},
                      f.recording_body());
    task.start();
    f.io.poll();
    f.advance(1500ms);
    task.stop();
  }
  f.advance(5s);
  EXPECT_EQ(f.run_times.size(), 2u);
  EXPECT_EQ(f.clock.pending_timers(), 0u);
}

TEST(PeriodicTask, JitterKeepsWaitsWithinBounds) {
  Fixture f;
  PeriodicTask task(f.io.get_executor(), f.clock, null_logger(), "jittered",
                    {.period = 10s, .jitter = 0.2}, f.recording_body());
  task.start();
  f.io.poll();
  f.advance(200s, 50ms);
  ASSERT_GE(f.run_times.size(), 10u);
  bool varied = false;
  for (std::size_t i = 1; i < f.run_times.size(); ++i) {
    const Duration gap = f.run_times[i] - f.run_times[i - 1];
    EXPECT_GE(gap, Duration(8s) - Duration(50ms));
    EXPECT_LE(gap, Duration(12s) + Duration(50ms));
    if (gap != f.run_times[1] - f.run_times[0]) varied = true;
  }
  EXPECT_TRUE(varied);
}

}  // namespace
}  // namespace antevorta::net
