// From the validated `alerts` config section to the options of AlertMonitor and
// DiscordNotifier, so the daemon wires them in two lines.
//
// Errors: none (the config is validated). Threading: pure functions.
#pragma once

#include "antevorta/api/alert_monitor.hpp"
#include "antevorta/api/discord.hpp"
#include "antevorta/api/discord_webhook.hpp"
#include "antevorta/config/config.hpp"

namespace antevorta::api {

AlertSeverity to_severity(config::AlertLevel level) noexcept;

// `live`: the daemon executes live (kalshi.execution_mode); order alerts need it and
// alerts.live_orders.
AlertRules alert_rules(const config::AlertsConfig& alerts, bool live);
DiscordOptions discord_options(const config::AlertsConfig& alerts);
WebhookOptions webhook_options(const config::AlertsConfig& alerts);

}  // namespace antevorta::api
