#include "antevorta/api/equity_history.hpp"

#include <cassert>

namespace antevorta::api {

EquityHistory::EquityHistory(Duration interval, std::size_t capacity)
    : interval_(interval), capacity_(capacity) {
  assert(capacity_ > 0);
}

bool EquityHistory::record(Timestamp at, Money equity) {
  if (!points_.empty() && at - points_.back().at < interval_) return false;
  points_.push_back({at, equity});
  while (points_.size() > capacity_) points_.pop_front();
  return true;
}

}  // namespace antevorta::api
