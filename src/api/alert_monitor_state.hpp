// AlertMonitor's state, shared by alert_monitor.cpp (events) and alert_timers.cpp
// (connections and the daily summary).
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "antevorta/api/alert_monitor.hpp"
#include "antevorta/core/event_bus.hpp"

namespace antevorta::api {

struct AlertMonitor::State {
  State(EventBus& b, Clock& c, Logger l, AlertRules r, SummarySource s)
      : bus(b), clock(c), logger(std::move(l)), rules(r), summary(std::move(s)) {}

  struct Denial {
    Timestamp at;
    std::string reason;
  };
  struct Connection {
    bool up = false;
    bool ever_up = false;
    bool alerted = false;  // connection_lost was published for the current outage
    Timestamp down_since{};
    std::string detail;
    TimerHandle timer;
  };

  EventBus& bus;
  Clock& clock;
  Logger logger;
  AlertRules rules;
  SummarySource summary;
  bool started = false;
  std::vector<Subscription> subscriptions;
  AlertMonitorStats stats;

  // Orders seen pending or unknown and not yet acknowledged, by client order id (or intent
  // id when the client order id is not derived yet). Bounded: see kMaxUnconfirmed.
  std::unordered_set<std::string> unconfirmed;
  std::deque<Denial> denials;
  std::optional<Timestamp> denial_quiet_until;
  std::map<std::string, Timestamp, std::less<>> auth_quiet_until;  // by source
  std::map<std::string, Connection, std::less<>> connections;
  TimerHandle summary_timer;

  void publish(AlertSeverity severity, AlertKind kind, std::string title, std::string text);
  void auth_failure(std::string_view source, std::string detail);
  void connection_timeout(const std::string& name);
  void schedule_summary();
  void send_summary();
};

}  // namespace antevorta::api
