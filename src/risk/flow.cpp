#include "risk/flow.hpp"

#include <chrono>

#include <fmt/format.h>

namespace antevorta::risk::detail {

namespace {

constexpr Duration kWindow = std::chrono::minutes(1);

// Drops timestamps that left the window (now - 60 s, now].
void prune(std::deque<Timestamp>& window, Timestamp now) {
  while (!window.empty() && window.front() <= now - kWindow) window.pop_front();
}

Verdict rate(std::deque<Timestamp>& window, std::int64_t limit, Timestamp now, DenyReason reason,
             std::string_view rule, std::string_view scope) {
  prune(window, now);
  const auto count = static_cast<std::int64_t>(window.size()) + 1;
  if (count <= limit) return std::nullopt;
  return RiskDecision::deny(reason, std::string(rule), integer_text(limit), integer_text(count),
                            fmt::format("{} orders approved in the last 60 s; one more for {} is "
                                        "over the limit of {}",
                                        window.size(), scope, limit));
}

}  // namespace

FlowControl::Key FlowControl::key(const strategy::OrderIntent& intent) {
  return Key{intent.strategy.str(), intent.ticker.str(), intent.side, intent.action};
}

Verdict FlowControl::check(const strategy::OrderIntent& intent, Timestamp now) {
  if (const auto& limit = config_.max_orders_per_minute) {
    if (auto v = rate(global_, *limit, now, DenyReason::max_orders_per_minute,
                      "max_orders_per_minute", "all strategies")) {
      return v;
    }
  }
  if (const auto& limit = config_.max_orders_per_minute_per_strategy) {
    auto& window = by_strategy_[intent.strategy.str()];
    if (auto v = rate(window, *limit, now, DenyReason::max_orders_per_minute_per_strategy,
                      "max_orders_per_minute_per_strategy", "strategy " + intent.strategy.str())) {
      return v;
    }
  }
  if (const auto& cooldown = config_.duplicate_intent_cooldown_seconds) {
    const auto it = last_approved_.find(key(intent));
    if (it != last_approved_.end()) {
      const Duration elapsed = now - it->second;
      if (elapsed < *cooldown) {
        return RiskDecision::deny(
            DenyReason::duplicate_intent, "duplicate_intent_cooldown_seconds",
            seconds_text(*cooldown), seconds_text(elapsed),
            fmt::format("strategy {} already had a {} {} in {} approved {} ago", intent.strategy,
                        strategy::to_string(intent.action), kalshi::to_string(intent.side),
                        intent.ticker, seconds_text(elapsed)));
      }
    }
  }
  return std::nullopt;
}

void FlowControl::record(const strategy::OrderIntent& intent, Timestamp now) {
  if (config_.max_orders_per_minute) global_.push_back(now);
  if (config_.max_orders_per_minute_per_strategy) {
    by_strategy_[intent.strategy.str()].push_back(now);
  }
  for (auto it = by_strategy_.begin(); it != by_strategy_.end();) {
    prune(it->second, now);
    it = it->second.empty() ? by_strategy_.erase(it) : std::next(it);
  }
  if (const auto& cooldown = config_.duplicate_intent_cooldown_seconds) {
    std::erase_if(last_approved_,
                  [&](const auto& entry) { return now - entry.second >= *cooldown; });
    last_approved_[key(intent)] = now;
  }
}

}  // namespace antevorta::risk::detail
