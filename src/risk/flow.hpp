// Internal: order-flow limits that need memory of earlier approvals — orders per rolling
// minute (global and per strategy) and the duplicate-intent cooldown.
//
// Memory is bounded: a rate window holds at most its limit of timestamps (denied intents
// are never recorded), and cooldown entries older than the cooldown are dropped on each
// record. Nothing is kept for a limit that is off.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <tuple>

#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"

#include "risk/rules.hpp"

namespace antevorta::risk::detail {

class FlowControl {
 public:
  explicit FlowControl(const config::RiskConfig& config) : config_(config) {}

  // Rates first, then the duplicate cooldown.
  Verdict check(const strategy::OrderIntent& intent, Timestamp now);
  void record(const strategy::OrderIntent& intent, Timestamp now);

 private:
  using Key = std::tuple<std::string, std::string, kalshi::OutcomeSide, strategy::Action>;
  static Key key(const strategy::OrderIntent& intent);

  const config::RiskConfig& config_;
  std::deque<Timestamp> global_;
  std::map<std::string, std::deque<Timestamp>> by_strategy_;
  std::map<Key, Timestamp> last_approved_;
};

}  // namespace antevorta::risk::detail
