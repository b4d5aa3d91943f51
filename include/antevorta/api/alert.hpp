// The `Alert` bus event: something an operator should hear about (DESIGN §1: one typed
// event per fact). The AlertMonitor (alert_monitor.hpp) publishes alerts from the other
// components' events; the DiscordNotifier (discord.hpp) delivers them to a webhook and the
// operator API forwards them on its stream as
//   {"type":"alert","at":…,"data":{"severity":"warning","kind":"connection_lost","title":…,"text":…}}.
//
// Errors: none (plain data); parse_* return nullopt for an unknown name.
// Threading: values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "antevorta/core/clock.hpp"

namespace antevorta::api {

// Ordered: a higher severity compares greater.
enum class AlertSeverity : std::uint8_t { info, warning, critical };
std::string_view to_string(AlertSeverity severity) noexcept;
std::optional<AlertSeverity> parse_alert_severity(std::string_view text) noexcept;

enum class AlertKind : std::uint8_t {
  order_placed,         // a live order reached the exchange
  order_filled,         // a live order traded (one alert per fill)
  denial_rate,          // the risk manager denied more intents than the configured rate
  kill_switch,          // the kill switch was engaged or released
  circuit_breaker,      // the circuit breaker was tripped or reset
  ledger_drift,         // the kill switch engaged because the ledger disagrees with the exchange
  auth_failure,         // the exchange refused our credentials
  connection_lost,      // a connection has been down longer than the configured time
  connection_restored,  // … and is back
  daily_summary,        // the day's balance, P&L, fills and fees at the configured time
};
std::string_view to_string(AlertKind kind) noexcept;
std::optional<AlertKind> parse_alert_kind(std::string_view text) noexcept;

struct Alert {
  AlertSeverity severity = AlertSeverity::info;
  AlertKind kind = AlertKind::order_placed;
  std::string title;  // one short line
  std::string text;   // details for people; may span lines; may be empty
  Timestamp at{};
};

}  // namespace antevorta::api
