// Small helpers shared by the store's translation units.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace antevorta::store::detail {

// True for SQLite result codes that say nothing about the statement itself (locked, busy,
// disk full, I/O): the write should be retried later rather than counted as failed.
bool is_transient_sqlite_error(int code) noexcept;

// Lets one log line through per interval and counts the ones it held back.
class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RateLimiter(Clock::duration interval) : interval_(interval) {}

  // The number of events suppressed since the last allowed one, or nullopt when this event
  // is to be suppressed.
  std::optional<std::uint64_t> allow(Clock::time_point now) {
    if (allowed_once_ && now < next_) {
      ++suppressed_;
      return std::nullopt;
    }
    allowed_once_ = true;
    next_ = now + interval_;
    const std::uint64_t n = suppressed_;
    suppressed_ = 0;
    return n;
  }

 private:
  Clock::duration interval_;
  Clock::time_point next_{};
  std::uint64_t suppressed_ = 0;
  bool allowed_once_ = false;
};

}  // namespace antevorta::store::detail
