// Time for everything: an injected Clock (live wall clock, or a manual clock for tests and
// replay) and timers that go through it, so a replay of a day runs in seconds with the same
// code.
//
// Threading: a clock and its timers belong to one thread (the io_context's). Callbacks run
// on that thread: LiveClock from the executor, ManualClock from inside advance().
// Cancellation: a TimerHandle cancels its timer when destroyed or on cancel(); after that
// the callback is never called. Destroying a clock cancels every timer it still holds.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/system/error_code.hpp>

namespace antevorta {

using Duration = std::chrono::nanoseconds;
// UTC wall time with nanosecond resolution.
using Timestamp = std::chrono::sys_time<std::chrono::nanoseconds>;

std::int64_t to_unix_ms(Timestamp t) noexcept;
std::int64_t to_unix_ns(Timestamp t) noexcept;
Timestamp from_unix_ms(std::int64_t ms) noexcept;
Timestamp from_unix_ns(std::int64_t ns) noexcept;
// "2026-11-21T07:17:10.123Z"
std::string format_iso8601(Timestamp t);

namespace detail {
class TimerState {
 public:
  explicit TimerState(std::function<void()> fn) : fn_(std::move(fn)) {}
  virtual ~TimerState() = default;
  TimerState(const TimerState&) = delete;
  TimerState& operator=(const TimerState&) = delete;

  bool active() const noexcept { return active_; }
  // Runs the callback once, unless cancelled.
  void fire();
  // Idempotent and safe to call from inside the callback or from a destructor the
  // callback's captures trigger.
  void cancel();

 protected:
  virtual void cancel_backend() {}

 private:
  std::function<void()> fn_;
  bool active_ = true;
};
}  // namespace detail

class TimerHandle {
 public:
  TimerHandle() = default;
  explicit TimerHandle(std::shared_ptr<detail::TimerState> state) : state_(std::move(state)) {}
  TimerHandle(TimerHandle&&) noexcept = default;
  TimerHandle& operator=(TimerHandle&& other) noexcept {
    if (this != &other) {
      cancel();
      state_ = std::move(other.state_);
    }
    return *this;
  }
  TimerHandle(const TimerHandle&) = delete;
  TimerHandle& operator=(const TimerHandle&) = delete;
  ~TimerHandle() { cancel(); }

  void cancel() {
    if (auto s = std::move(state_)) s->cancel();
  }
  // True until the callback has run or the timer was cancelled.
  bool pending() const noexcept { return state_ && state_->active(); }

 private:
  std::shared_ptr<detail::TimerState> state_;
};

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp now() const noexcept = 0;
  // Calls fn once after `delay` (a delay <= 0 fires at the next opportunity, never inline).
  [[nodiscard]] virtual TimerHandle call_after(Duration delay, std::function<void()> fn) = 0;
};

// Wall clock; timers on an Asio steady_timer, so wall-clock jumps do not stretch delays.
class LiveClock final : public Clock {
 public:
  explicit LiveClock(boost::asio::any_io_executor executor);
  ~LiveClock() override;
  Timestamp now() const noexcept override;
  [[nodiscard]] TimerHandle call_after(Duration delay, std::function<void()> fn) override;

 private:
  boost::asio::any_io_executor executor_;
  std::vector<std::weak_ptr<detail::TimerState>> timers_;
};

// Time stands still until advance() / advance_to(); due timers then fire in deadline order
// (ties in scheduling order) with now() equal to each timer's deadline.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Timestamp start = from_unix_ms(1'767'225'600'000));  // 2026-01-01Z
  ~ManualClock() override;
  Timestamp now() const noexcept override { return now_; }
  [[nodiscard]] TimerHandle call_after(Duration delay, std::function<void()> fn) override;

  // Moves time forward, firing every timer due on the way, including timers scheduled by
  // the callbacks themselves. Moving backwards is a broken invariant.
  void advance(Duration d);
  void advance_to(Timestamp t);
  // Fires timers whose deadline is now (e.g. zero-delay timers) without moving time.
  void run_due() { advance_to(now_); }
  std::size_t pending_timers() const;
  // The deadline of the earliest pending timer, if any (tests jump to it when idle).
  std::optional<Timestamp> next_deadline() const;

 private:
  class State;
  using Key = std::pair<Timestamp, std::uint64_t>;
  Timestamp now_;
  std::uint64_t seq_ = 0;
  std::map<Key, std::shared_ptr<State>> queue_;
};

// Coroutine-friendly sleep through the clock:
//   auto [ec] = co_await async_sleep(clock, 5s, asio::as_tuple(asio::use_awaitable));
// Completes with operation_aborted when cancelled through the token's cancellation slot.
// The completion runs on the handler's associated executor (a coroutine's own executor);
// a plain callback should be bound with asio::bind_executor.
template <class Token>
auto async_sleep(Clock& clock, Duration delay, Token&& token) {
  return boost::asio::async_initiate<Token, void(boost::system::error_code)>(
      [&clock, delay](auto handler) {
        using Handler = decltype(handler);
        struct Op {
          explicit Op(Handler&& h) : handler(std::move(h)) {}
          Handler handler;
          TimerHandle timer;
          bool done = false;
        };
        auto op = std::make_shared<Op>(std::move(handler));
        auto complete = [op](boost::system::error_code ec, bool from_slot) {
          if (op->done) return;
          op->done = true;
          // Clearing the slot from inside its own handler would destroy the running handler.
          if (!from_slot) {
            auto slot = boost::asio::get_associated_cancellation_slot(op->handler);
            if (slot.is_connected()) slot.clear();
          }
          auto ex = boost::asio::get_associated_executor(op->handler);
          boost::asio::post(ex, [h = std::move(op->handler), ec]() mutable { std::move(h)(ec); });
          op->timer.cancel();
        };
        auto slot = boost::asio::get_associated_cancellation_slot(op->handler);
        if (slot.is_connected()) {
          slot.assign([complete](boost::asio::cancellation_type) {
            complete(boost::asio::error::operation_aborted, true);
          });
        }
        op->timer = clock.call_after(delay, [complete] { complete({}, false); });
      },
      token);
}

}  // namespace antevorta
