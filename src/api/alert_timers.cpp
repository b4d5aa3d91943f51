// AlertMonitor: connections down for too long, and the daily summary.
#include <chrono>
#include <exception>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "api/alert_monitor_state.hpp"

namespace antevorta::api {

namespace {

std::string seconds_text(Duration d) {
  return fmt::format("{} s", std::chrono::duration_cast<std::chrono::seconds>(d).count());
}

}  // namespace

Timestamp next_daily_time(Timestamp now, std::chrono::minutes time_of_day) {
  const auto day = std::chrono::floor<std::chrono::days>(now);
  Timestamp candidate = day + time_of_day;
  while (candidate <= now) candidate += std::chrono::days(1);
  return candidate;
}

void AlertMonitor::on_connection_state(std::string_view name, bool up, std::string detail) {
  State& s = *state_;
  if (!s.started) return;
  auto it = s.connections.find(name);
  const bool known = it != s.connections.end();
  if (!known) it = s.connections.emplace(std::string(name), State::Connection{}).first;
  State::Connection& c = it->second;
  if (up) {
    c.timer.cancel();
    if (c.alerted) {
      s.publish(AlertSeverity::info, AlertKind::connection_restored,
                fmt::format("Connection restored: {}", name),
                fmt::format("{} is up again after {} down", name,
                            seconds_text(s.clock.now() - c.down_since)));
    }
    c.up = true;
    c.ever_up = true;
    c.alerted = false;
    return;
  }
  if (!detail.empty()) c.detail = std::move(detail);
  if (known && !c.up) return;  // already down: the outage (and its timer) goes on
  c.up = false;
  c.alerted = false;
  c.down_since = s.clock.now();
  c.timer = s.clock.call_after(s.rules.connection_lost_after,
                               [&s, key = it->first] { s.connection_timeout(key); });
}

void AlertMonitor::forget_connection(std::string_view name) {
  auto& connections = state_->connections;
  if (auto it = connections.find(name); it != connections.end()) connections.erase(it);
}

void AlertMonitor::State::connection_timeout(const std::string& name) {
  auto it = connections.find(name);
  if (it == connections.end() || it->second.up) return;
  Connection& c = it->second;
  c.alerted = true;
  const Duration down = clock.now() - c.down_since;
  std::string text = c.ever_up ? fmt::format("{} has been down for {}", name, seconds_text(down))
                               : fmt::format("{} has not connected in {} since it started", name,
                                             seconds_text(down));
  if (!c.detail.empty()) text += "; last error: " + c.detail;
  publish(AlertSeverity::warning, AlertKind::connection_lost,
          fmt::format("Connection lost: {}", name), std::move(text));
}

void AlertMonitor::State::schedule_summary() {
  if (!rules.daily_summary_utc) return;
  const Timestamp now = clock.now();
  const Timestamp next = next_daily_time(now, *rules.daily_summary_utc);
  summary_timer = clock.call_after(next - now, [this] {
    send_summary();
    schedule_summary();
  });
}

void AlertMonitor::State::send_summary() {
  if (!summary) {
    logger->warn("daily_summary_skipped reason=no_source");
    return;
  }
  std::string text;
  try {
    text = summary();
  } catch (const std::exception& e) {
    logger->error("daily_summary_failed error={}", log_value(e.what()));
    return;
  }
  std::string when = format_iso8601(clock.now()).substr(0, 16);  // "2026-01-01T21:00"
  when[10] = ' ';
  publish(AlertSeverity::info, AlertKind::daily_summary, fmt::format("Daily summary {} UTC", when),
          std::move(text));
}

}  // namespace antevorta::api
