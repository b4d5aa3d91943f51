// AlertMonitor: the alert rules. It listens on the bus and publishes an api::Alert for each
// thing an operator must hear about; it sends nothing itself (the DiscordNotifier and the
// operator API's stream subscribe to Alert).
//
// Rules (times from the injected Clock; all boundaries are stated so tests can pin them):
// - Live orders (only when rules.live; paper orders never alert):
//     order_placed (info) — a StrategyOrderUpdate moves an order we saw `pending` or
//       `unknown` to `resting`, `filled` or `canceled`: the exchange acknowledged it (the
//       same rule as execution's `order_placed` log line). An order first seen resting is
//       not announced (it was placed before we were watching).
//     order_filled (info) — every StrategyFill.
// - Risk denials (warning): StrategyOrderUpdate{state denied} are counted in a sliding
//   window of rules.denial_window (a denial at t counts while now − t < window). When the
//   count exceeds rules.denials_per_window (exactly that many does not alert, one more
//   does) one denial_rate alert is published with the three most frequent reasons; no
//   further denial_rate alert until rules.denial_window has passed since that one.
// - Latches: risk::KillSwitchChanged engaged → kill_switch (critical), or ledger_drift
//   (critical) when its reason is ledger_drift; released → kill_switch (info).
//   risk::CircuitBreakerChanged tripped → circuit_breaker (critical); reset → (info).
// - Authentication: kalshi::StreamStateChanged into auth_failed (source "kalshi_ws") and
//   on_rest_auth_failure() (source "kalshi_rest") → auth_failure (critical), at most one
//   per source per rules.repeat_interval.
// - Connections: on_connection_state(name, up, detail) for any connection; kalshi
//   StreamStateChanged feeds it as "kalshi_ws" (connected = up; connecting, disconnected,
//   auth_failed = down; stopped = forget_connection), and each price feed's
//   feeds::FeedStateChanged as "feed_<source>" (live = up; connecting, stale, down = down).
//   The first down report after up (or
//   the first report at all, when it is down) starts a timer of rules.connection_lost_after;
//   further down reports keep it (the detail is updated). Up before it fires: nothing. When
//   it fires (down exactly that long): connection_lost (warning). Up after that alert:
//   connection_restored (info) with how long it was down.
// - Daily summary (info): at rules.daily_summary_utc (minutes after 00:00 UTC) every day,
//   the first such instant strictly after start(); the text is SummarySource's. Without a
//   source (or when it throws, logged) nothing is published.
//
// on_* calls before start() or after stop() are ignored.
// Every alert is also logged (`alert_raised kind=… severity=… title=…`).
// Errors: none reach the caller; Alert handlers that throw are the bus's concern.
// Threading: the io_context thread only (bus handlers and Clock timers run there).
// Lifetime: the bus and clock outlive the monitor; destroying it (or stop()) unsubscribes
// and cancels its timers.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "antevorta/api/alert.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"

namespace antevorta::api {

struct AlertRules {
  bool live = false;  // live execution: alert on orders placed and filled
  std::size_t denials_per_window = 20;
  Duration denial_window = std::chrono::seconds(60);
  Duration connection_lost_after = std::chrono::seconds(30);
  std::optional<std::chrono::minutes> daily_summary_utc;  // minutes after 00:00 UTC, < 1440
  Duration repeat_interval = std::chrono::minutes(10);    // auth_failure per source
};

// The daily summary's text (balance, P&L, fills, fees), supplied by the integrator.
using SummarySource = std::function<std::string()>;

struct AlertMonitorStats {
  std::uint64_t published = 0;
  std::uint64_t denials_seen = 0;
  std::uint64_t suppressed = 0;  // denial_rate and auth_failure alerts held back by a rule
};

class AlertMonitor {
 public:
  AlertMonitor(EventBus& bus, Clock& clock, Logger logger, AlertRules rules,
               SummarySource summary = {});
  ~AlertMonitor();
  AlertMonitor(const AlertMonitor&) = delete;
  AlertMonitor& operator=(const AlertMonitor&) = delete;

  void start();  // subscribes and schedules the daily summary; idempotent
  void stop();   // unsubscribes and cancels every timer; idempotent

  // The integrator reports REST 401/403 answers here.
  void on_rest_auth_failure(std::string detail);
  // Any connection (feeds, REST health …): up or down, with the last error as detail.
  void on_connection_state(std::string_view name, bool up, std::string detail = {});
  // The connection was stopped on purpose: its timer is cancelled and it is forgotten.
  void forget_connection(std::string_view name);

  const AlertRules& rules() const noexcept;
  AlertMonitorStats stats() const noexcept;

  struct State;

 private:
  std::unique_ptr<State> state_;
};

// The first instant strictly after `now` whose UTC time of day is `time_of_day`.
Timestamp next_daily_time(Timestamp now, std::chrono::minutes time_of_day);

}  // namespace antevorta::api
