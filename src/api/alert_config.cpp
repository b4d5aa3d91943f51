#include "antevorta/api/alert_config.hpp"

namespace antevorta::api {

AlertSeverity to_severity(config::AlertLevel level) noexcept {
  switch (level) {
    case config::AlertLevel::warning:
      return AlertSeverity::warning;
    case config::AlertLevel::critical:
      return AlertSeverity::critical;
    case config::AlertLevel::info:
      break;
  }
  return AlertSeverity::info;
}

AlertRules alert_rules(const config::AlertsConfig& alerts, bool live) {
  AlertRules rules;
  rules.live = live && alerts.live_orders;
  rules.denials_per_window = static_cast<std::size_t>(alerts.denials_per_window);
  rules.denial_window = alerts.denial_window;
  rules.connection_lost_after = alerts.connection_lost_after;
  rules.daily_summary_utc = alerts.daily_summary_utc;
  return rules;
}

DiscordOptions discord_options(const config::AlertsConfig& alerts) {
  DiscordOptions options;
  options.batch_window = alerts.batch_window;
  options.max_posts_per_minute = static_cast<std::size_t>(alerts.max_posts_per_minute);
  options.queue_capacity = static_cast<std::size_t>(alerts.queue_capacity);
  options.max_attempts = static_cast<int>(alerts.max_attempts);
  options.min_severity = to_severity(alerts.discord_min_severity);
  return options;
}

WebhookOptions webhook_options(const config::AlertsConfig& alerts) {
  WebhookOptions options;
  options.request_timeout = alerts.request_timeout;
  return options;
}

}  // namespace antevorta::api
