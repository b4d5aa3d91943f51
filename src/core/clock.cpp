#include "antevorta/core/clock.hpp"

#include <cassert>

#include <boost/asio/steady_timer.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

namespace antevorta {

std::int64_t to_unix_ms(Timestamp t) noexcept {
  return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
std::int64_t to_unix_ns(Timestamp t) noexcept { return t.time_since_epoch().count(); }
Timestamp from_unix_ms(std::int64_t ms) noexcept {
  return Timestamp(std::chrono::milliseconds(ms));
}
Timestamp from_unix_ns(std::int64_t ns) noexcept { return Timestamp(std::chrono::nanoseconds(ns)); }

std::string format_iso8601(Timestamp t) {
  const auto secs = std::chrono::floor<std::chrono::seconds>(t);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - secs).count();
  const auto days = std::chrono::floor<std::chrono::days>(secs);
  const std::chrono::year_month_day ymd{days};
  const std::chrono::hh_mm_ss hms{secs - days};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(), ms);
}

namespace detail {

void TimerState::fire() {
  if (!active_) return;
  active_ = false;
  auto fn = std::move(fn_);
  fn_ = nullptr;
  fn();
}

void TimerState::cancel() {
  if (!active_) return;
  active_ = false;
  // Destroy the callback only after the state is consistent: its captures may own a
  // TimerHandle to this very timer.
  auto fn = std::move(fn_);
  fn_ = nullptr;
  cancel_backend();
}

}  // namespace detail

// ---- LiveClock --------------------------------------------------------------------------

namespace {
class LiveTimerState final : public detail::TimerState {
 public:
  LiveTimerState(boost::asio::any_io_executor ex, std::function<void()> fn)
      : TimerState(std::move(fn)), timer(std::move(ex)) {}
  boost::asio::steady_timer timer;

 protected:
  void cancel_backend() override { timer.cancel(); }
};
}  // namespace

LiveClock::LiveClock(boost::asio::any_io_executor executor) : executor_(std::move(executor)) {}

LiveClock::~LiveClock() {
  for (auto& weak : timers_) {
    if (auto s = weak.lock()) s->cancel();
  }
}

Timestamp LiveClock::now() const noexcept {
  return std::chrono::time_point_cast<std::chrono::nanoseconds>(std::chrono::system_clock::now());
}

TimerHandle LiveClock::call_after(Duration delay, std::function<void()> fn) {
  auto state = std::make_shared<LiveTimerState>(executor_, std::move(fn));
  state->timer.expires_after(delay.count() > 0 ? delay : Duration::zero());
  state->timer.async_wait([state](boost::system::error_code ec) {
    if (!ec) state->fire();
  });
  // Drop expired entries now and then so the list tracks only live timers.
  if (timers_.size() >= 64 && timers_.size() == timers_.capacity()) {
    std::erase_if(timers_, [](const auto& w) {
      auto s = w.lock();
      return !s || !s->active();
    });
  }
  timers_.push_back(state);
  return TimerHandle(std::move(state));
}

// ---- ManualClock ------------------------------------------------------------------------

// Removes itself from the clock's queue when cancelled, so a replay that re-arms a watchdog
// on every frame does not accumulate dead entries.
class ManualClock::State final : public detail::TimerState {
 public:
  State(ManualClock* clock, Key key, std::function<void()> fn)
      : TimerState(std::move(fn)), clock_(clock), key_(key) {}
  void detach() noexcept { clock_ = nullptr; }

 protected:
  void cancel_backend() override {
    if (clock_ != nullptr) clock_->queue_.erase(key_);
  }

 private:
  ManualClock* clock_;
  Key key_;
};

ManualClock::ManualClock(Timestamp start) : now_(start) {}

ManualClock::~ManualClock() {
  auto queue = std::move(queue_);
  for (auto& [key, state] : queue) {
    state->detach();
    state->cancel();
  }
}

TimerHandle ManualClock::call_after(Duration delay, std::function<void()> fn) {
  const Key key{now_ + (delay.count() > 0 ? delay : Duration::zero()), seq_++};
  auto state = std::make_shared<State>(this, key, std::move(fn));
  queue_.emplace(key, state);
  return TimerHandle(std::move(state));
}

void ManualClock::advance(Duration d) {
  assert(d.count() >= 0);
  advance_to(now_ + d);
}

void ManualClock::advance_to(Timestamp t) {
  assert(t >= now_);
  while (!queue_.empty()) {
    auto it = queue_.begin();
    if (it->first.first > t) break;
    auto state = std::move(it->second);
    now_ = it->first.first;
    queue_.erase(it);
    state->detach();
    state->fire();
  }
  now_ = t;
}

std::size_t ManualClock::pending_timers() const { return queue_.size(); }

std::optional<Timestamp> ManualClock::next_deadline() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.begin()->first.first;
}

}  // namespace antevorta
