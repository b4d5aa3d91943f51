// EquityHistory: the account's equity sampled over time for the dashboard's equity curve
// (GET /api/equity), so a page opened now shows the last day, not only what it has seen.
//
// record(at, equity) keeps a sample when it is the first, or at least `interval` after the
// last kept one (earlier calls are ignored: the caller may call it more often than that).
// At most `capacity` samples are kept; the oldest goes first. Unknown equity (positions not
// reconciled yet) is the caller's to skip. In memory only: a restart starts a new curve.
//
// Errors: none. Threading: one thread (the io_context's).
#pragma once

#include <cstddef>
#include <deque>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"

namespace antevorta::api {

struct EquityPoint {
  Timestamp at{};
  Money equity;
};

class EquityHistory {
 public:
  // A day at one sample a minute by default.
  explicit EquityHistory(Duration interval = std::chrono::minutes(1), std::size_t capacity = 1440);

  // True when the sample was kept.
  bool record(Timestamp at, Money equity);

  const std::deque<EquityPoint>& points() const noexcept { return points_; }
  Duration interval() const noexcept { return interval_; }

 private:
  Duration interval_;
  std::size_t capacity_;
  std::deque<EquityPoint> points_;
};

}  // namespace antevorta::api
