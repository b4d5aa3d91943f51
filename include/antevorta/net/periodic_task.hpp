// The one utility every poller uses: run an asynchronous body every `period` (with jitter),
// back off after failures, stop promptly.
//
//   PeriodicTask task(executor, clock, logger, "arena.poll", {.period = 60s},
//                     [&]() -> asio::awaitable<void> { co_await poll_once(); });
//   task.start();  …  task.stop();
//
// Contract:
// - Runs on the given executor; all waits go through the injected Clock, so a ManualClock
//   drives it in tests and replays.
// - The body's exceptions are failures: logged (`periodic_task_failed name=… error=…`),
//   counted, and followed by the next delay from a Backoff instead of the period. A success
//   resets the backoff.
// - One run at a time: the next wait starts after the body completes.
// - stop() cancels the pending wait (and the body, if its operations honour cancellation);
//   no run starts after stop(). The task may be destroyed right after stop(): the coroutine
//   holds only shared state.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/net/backoff.hpp"

namespace antevorta::net {

struct PeriodicOptions {
  Duration period = std::chrono::seconds(60);
  // The wait after a success is drawn uniformly from period × [1 − jitter, 1 + jitter].
  double jitter = 0.0;
  // Run the body at start() (true) or only after the first period (false).
  bool run_immediately = true;
  // Delays after failures (the period is the ceiling when it is shorter than backoff.max).
  BackoffOptions backoff{};
};

class PeriodicTask {
 public:
  using Body = std::function<boost::asio::awaitable<void>()>;

  PeriodicTask(boost::asio::any_io_executor executor, Clock& clock, Logger logger, std::string name,
               PeriodicOptions options, Body body);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  void start();
  void stop();

  bool running() const noexcept;
  std::uint64_t runs() const noexcept;      // bodies started
  std::uint64_t failures() const noexcept;  // bodies that threw

  struct State;  // shared with the running coroutine; defined in the .cpp

 private:
  boost::asio::any_io_executor executor_;
  std::shared_ptr<State> state_;
};

}  // namespace antevorta::net
