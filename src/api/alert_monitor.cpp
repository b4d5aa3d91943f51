// AlertMonitor: subscriptions, order and fill alerts, the denial rate, latches and
// authentication failures. Connections and the daily summary are in alert_timers.cpp.
#include <algorithm>
#include <exception>
#include <map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "antevorta/feeds/events.hpp"
#include "antevorta/kalshi/events.hpp"
#include "antevorta/risk/events.hpp"
#include "antevorta/strategy/events.hpp"

#include "api/alert_monitor_state.hpp"

namespace antevorta::api {

namespace {

// Orders acknowledged never come back for this set, so it only holds orders in flight; a
// bound still keeps a stream of never-acknowledged orders from growing it without end.
constexpr std::size_t kMaxUnconfirmed = 10'000;
constexpr std::size_t kTopReasons = 3;

std::string order_key(const strategy::StrategyOrder& o) {
  return o.client_order_id.empty() ? "intent:" + o.intent.str() : o.client_order_id.str();
}

// "max_order_count: 7 > 5" → "max_order_count" (execution writes `reason[: detail]`).
std::string denial_reason(const std::string& text) {
  const auto colon = text.find(':');
  std::string reason = text.substr(0, colon);
  return reason.empty() ? std::string("unspecified") : reason;
}

std::string order_line(std::string_view verb, strategy::Action action, kalshi::OutcomeSide side,
                       Count count, const MarketTicker& ticker, Price price) {
  return fmt::format("{}: {} {} {} {} @ {}", verb, strategy::to_string(action), count,
                     kalshi::to_string(side), ticker, price);
}

std::string seconds_text(Duration d) {
  return fmt::format("{} s", std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

}  // namespace

void AlertMonitor::State::publish(AlertSeverity severity, AlertKind kind, std::string title,
                                  std::string text) {
  ++stats.published;
  const auto level = severity == AlertSeverity::critical  ? spdlog::level::err
                     : severity == AlertSeverity::warning ? spdlog::level::warn
                                                          : spdlog::level::info;
  logger->log(level, "alert_raised kind={} severity={} title={}", to_string(kind),
              to_string(severity), log_value(title));
  bus.publish(Alert{severity, kind, std::move(title), std::move(text), clock.now()});
}

void AlertMonitor::State::auth_failure(std::string_view source, std::string detail) {
  const Timestamp now = clock.now();
  auto it = auth_quiet_until.find(source);
  if (it != auth_quiet_until.end() && now < it->second) {
    ++stats.suppressed;
    return;
  }
  auth_quiet_until[std::string(source)] = now + rules.repeat_interval;
  publish(AlertSeverity::critical, AlertKind::auth_failure,
          fmt::format("Authentication failed: {}", source),
          detail.empty() ? std::string("the exchange refused our credentials") : std::move(detail));
}

AlertMonitor::AlertMonitor(EventBus& bus, Clock& clock, Logger logger, AlertRules rules,
                           SummarySource summary)
    : state_(std::make_unique<State>(bus, clock, std::move(logger), rules, std::move(summary))) {}

AlertMonitor::~AlertMonitor() { stop(); }

const AlertRules& AlertMonitor::rules() const noexcept { return state_->rules; }
AlertMonitorStats AlertMonitor::stats() const noexcept { return state_->stats; }

void AlertMonitor::start() {
  State& s = *state_;
  if (s.started) return;
  s.started = true;
  s.subscriptions.push_back(
      s.bus.subscribe<strategy::StrategyOrderUpdate>([&s](const strategy::StrategyOrderUpdate& e) {
        const auto& o = e.order;
        if (o.state == strategy::OrderState::denied) {
          ++s.stats.denials_seen;
          const Timestamp now = s.clock.now();
          s.denials.push_back({now, denial_reason(e.reason)});
          while (!s.denials.empty() && now - s.denials.front().at >= s.rules.denial_window) {
            s.denials.pop_front();
          }
          if (s.denials.size() <= s.rules.denials_per_window) return;
          if (s.denial_quiet_until && now < *s.denial_quiet_until) {
            ++s.stats.suppressed;
            return;
          }
          s.denial_quiet_until = now + s.rules.denial_window;
          std::map<std::string, std::size_t> counts;
          for (const auto& d : s.denials) ++counts[d.reason];
          std::vector<std::pair<std::string, std::size_t>> top(counts.begin(), counts.end());
          std::stable_sort(top.begin(), top.end(),
                           [](const auto& a, const auto& b) { return a.second > b.second; });
          if (top.size() > kTopReasons) top.resize(kTopReasons);
          std::string reasons;
          for (const auto& [reason, n] : top) {
            reasons += fmt::format("{}{} ×{}", reasons.empty() ? "" : ", ", reason, n);
          }
          s.publish(AlertSeverity::warning, AlertKind::denial_rate,
                    fmt::format("Risk denials: {} in {}", s.denials.size(),
                                seconds_text(s.rules.denial_window)),
                    fmt::format("more than {} intents denied within {}; top reasons: {}",
                                s.rules.denials_per_window, seconds_text(s.rules.denial_window),
                                reasons));
          return;
        }
        if (!s.rules.live) return;
        const std::string key = order_key(o);
        switch (o.state) {
          case strategy::OrderState::pending:
          case strategy::OrderState::unknown:
            if (s.unconfirmed.size() >= kMaxUnconfirmed) s.unconfirmed.clear();
            s.unconfirmed.insert(key);
            return;
          case strategy::OrderState::rejected:
          case strategy::OrderState::denied:
            s.unconfirmed.erase(key);
            return;
          case strategy::OrderState::resting:
          case strategy::OrderState::filled:
          case strategy::OrderState::canceled:
            if (s.unconfirmed.erase(key) == 0) return;
            s.publish(
                AlertSeverity::info, AlertKind::order_placed,
                order_line("Order placed", o.action, o.side, o.count, o.ticker, o.limit_price),
                fmt::format("strategy {}, client_order_id {}, {}, filled {}", o.strategy,
                            o.client_order_id, strategy::to_string(o.state), o.filled));
            return;
        }
      }));
  s.subscriptions.push_back(
      s.bus.subscribe<strategy::StrategyFill>([&s](const strategy::StrategyFill& f) {
        if (!s.rules.live) return;
        s.publish(AlertSeverity::info, AlertKind::order_filled,
                  order_line("Filled", f.action, f.side, f.count, f.ticker, f.price),
                  fmt::format("fee {} ({}), strategy {}, client_order_id {}, trade {}", f.fee,
                              f.liquidity == kalshi::Liquidity::maker ? "maker" : "taker",
                              f.strategy, f.client_order_id, f.trade_id));
      }));
  s.subscriptions.push_back(
      s.bus.subscribe<risk::KillSwitchChanged>([&s](const risk::KillSwitchChanged& e) {
        const auto& l = e.latch;
        if (!l.engaged) {
          s.publish(AlertSeverity::info, AlertKind::kill_switch, "Kill switch released", l.detail);
        } else if (l.reason == risk::LatchReason::ledger_drift) {
          s.publish(AlertSeverity::critical, AlertKind::ledger_drift,
                    "Ledger drift: kill switch engaged", l.detail);
        } else {
          s.publish(AlertSeverity::critical, AlertKind::kill_switch,
                    fmt::format("Kill switch engaged ({})", risk::to_string(l.reason)), l.detail);
        }
      }));
  s.subscriptions.push_back(
      s.bus.subscribe<risk::CircuitBreakerChanged>([&s](const risk::CircuitBreakerChanged& e) {
        const auto& l = e.latch;
        if (l.engaged) {
          s.publish(AlertSeverity::critical, AlertKind::circuit_breaker,
                    fmt::format("Circuit breaker tripped ({})", risk::to_string(l.reason)),
                    l.detail);
        } else {
          s.publish(AlertSeverity::info, AlertKind::circuit_breaker, "Circuit breaker reset",
                    l.detail);
        }
      }));
  s.subscriptions.push_back(
      s.bus.subscribe<kalshi::StreamStateChanged>([this](const kalshi::StreamStateChanged& e) {
        constexpr std::string_view kName = "kalshi_ws";
        switch (e.state) {
          case kalshi::ConnectionState::connected:
            on_connection_state(kName, true, e.detail);
            return;
          case kalshi::ConnectionState::auth_failed:
            state_->auth_failure(kName, e.detail);
            on_connection_state(kName, false, e.detail);
            return;
          case kalshi::ConnectionState::connecting:
          case kalshi::ConnectionState::disconnected:
            on_connection_state(kName, false, e.detail);
            return;
          case kalshi::ConnectionState::stopped:
            forget_connection(kName);
            return;
        }
      }));
  s.subscriptions.push_back(
      s.bus.subscribe<feeds::FeedStateChanged>([this](const feeds::FeedStateChanged& e) {
        on_connection_state("feed_" + e.source, e.state == feeds::FeedState::live, e.detail);
      }));
  s.schedule_summary();
}

void AlertMonitor::stop() {
  State& s = *state_;
  s.subscriptions.clear();
  s.summary_timer.cancel();
  for (auto& [name, c] : s.connections) c.timer.cancel();
  s.started = false;
}

void AlertMonitor::on_rest_auth_failure(std::string detail) {
  if (!state_->started) return;
  state_->auth_failure("kalshi_rest", std::move(detail));
}

}  // namespace antevorta::api
