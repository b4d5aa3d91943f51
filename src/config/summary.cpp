#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "antevorta/config/loader.hpp"

namespace antevorta::config {

namespace {

class Printer {
 public:
  explicit Printer(const AppConfig& config) : config_(config) {}

  // `key = value  [where it was set]`.
  void line(std::string_view key, std::string_view value, std::string_view derived = {}) {
    const Node* node = config_.tree.find_path(key);
    std::string where;
    if (node != nullptr && !node->is_null() &&
        !(node->kind == Node::Kind::scalar && node->text.empty() && !derived.empty())) {
      where = node->origin.to_string();
    } else {
      where = derived.empty() ? "default" : std::string(derived);
    }
    out_ += fmt::format("  {:<42} = {:<40} [{}]\n", key, value, where);
  }

  template <class T>
  void limit(std::string_view key, const std::optional<T>& value) {
    line(key, value ? fmt::format("{}", *value) : std::string("off"));
  }

  template <class Plugin, class Extra>
  void plugins(std::string_view section, const std::map<std::string, Plugin>& plugins,
               Extra extra) {
    out_ += fmt::format("{}:\n", section);
    if (plugins.empty()) out_ += "  (none)\n";
    for (const auto& [name, plugin] : plugins) {
      std::string params;
      for (const auto& entry : plugin.params.entries) {
        params += params.empty() ? entry.key : ", " + entry.key;
      }
      const std::string key = fmt::format("{}.{}", section, name);
      const Node* node = config_.tree.find_path(key);
      out_ += fmt::format("  {:<24} {:<8}{} params: {}  [{}]\n", name,
                          plugin.enabled ? "enabled" : "disabled", extra(plugin),
                          params.empty() ? "(none)" : params,
                          node != nullptr ? node->origin.to_string() : "default");
    }
  }

  std::string& out() { return out_; }

 private:
  const AppConfig& config_;
  std::string out_;
};

std::string path_text(const std::filesystem::path& p) {
  return p.empty() ? std::string("(none)") : p.generic_string();
}

template <class Ticker>
std::string tickers(const std::vector<Ticker>& list) {
  return fmt::format("[{}]", fmt::join(list, ", "));
}

// "take_profit=0.1000 max_holding_seconds=600s", or "(none)".
std::string exits_text(const ExitConfig& x) {
  std::string out;
  const auto add = [&](std::string_view key, const auto& value, std::string_view unit) {
    if (!value) return;
    if (!out.empty()) out += ' ';
    out += fmt::format("{}={}{}", key, *value, unit);
  };
  const auto secs = [](const std::optional<std::chrono::seconds>& v) {
    return v ? std::optional<std::int64_t>(v->count()) : std::nullopt;
  };
  add("flatten_before_close_seconds", secs(x.flatten_before_close), "s");
  add("stop_loss", x.stop_loss, "");
  add("take_profit", x.take_profit, "");
  add("edge_evaporated", x.edge_evaporated, "");
  add("max_holding_seconds", secs(x.max_holding), "s");
  return out.empty() ? std::string("(none)") : out;
}

}  // namespace

std::string summary(const AppConfig& config) {
  Printer p(config);
  std::string& out = p.out();
  out += fmt::format("config dir: {}\nfiles loaded (later wins):\n", path_text(config.config_dir));
  for (const auto& file : config.files) out += fmt::format("  {}\n", file.generic_string());
  if (config.files.empty()) out += "  (none)\n";
  out += "environment variables ANTEVORTA__* override files and .env\n\nsettings:\n";

  const auto& k = config.kalshi;
  const std::string env_default = fmt::format("default for {}", to_string(k.environment));
  p.line("kalshi.environment", to_string(k.environment));
  p.line("kalshi.execution_mode", to_string(k.execution_mode));
  p.line("kalshi.confirm_live", k.confirm_live ? "true" : "false");
  p.line("kalshi.api_key_id", k.api_key_id.redacted());
  p.line("kalshi.private_key_path", path_text(k.private_key_path));
  p.line("kalshi.rest_url", k.rest_url, env_default);
  p.line("kalshi.ws_url", k.ws_url, env_default);
  p.line("kalshi.ca_file", path_text(k.ca_file));
  p.line("sim.host", config.sim.host);
  p.line("sim.port", config.sim.port == 0 ? std::string("0 (a free port, chosen at start)")
                                          : std::to_string(config.sim.port));
  p.line("sim.seed", std::to_string(config.sim.seed));
  p.line("sim.crypto_window_seconds", std::to_string(config.sim.crypto_window_seconds));
  p.line("sim.index_path", path_text(config.sim.index_path));
  const auto& sc = config.scanner;
  const auto seconds = [](const std::optional<std::chrono::seconds>& v) {
    return v ? std::optional<std::string>(fmt::format("{}s", v->count())) : std::nullopt;
  };
  p.line("scanner.series",
         sc.series.empty() ? std::string("[] (every series)") : tickers(sc.series));
  p.limit("scanner.created_within_seconds", seconds(sc.created_within));
  p.limit("scanner.min_seconds_to_close", seconds(sc.min_time_to_close));
  p.limit("scanner.max_seconds_to_close", seconds(sc.max_time_to_close));
  p.line("scanner.min_volume", sc.min_volume.to_string());
  p.line("scanner.min_open_interest", sc.min_open_interest.to_string());
  p.line("scanner.include_multivariate", sc.include_multivariate ? "true" : "false");
  p.line("scanner.max_markets", std::to_string(sc.max_markets));
  p.line("database.path", config.database.path.generic_string(),
         fmt::format("default for {}", to_string(k.execution_mode)));
  p.line("database.batch_max_rows", std::to_string(config.database.batch_max_rows));
  p.line("database.flush_interval_ms", std::to_string(config.database.flush_interval.count()));
  p.line("database.queue_capacity", std::to_string(config.database.queue_capacity));
  p.line("http.listen", config.http.listen);
  p.line("http.token", config.http.token.redacted());
  p.line("logging.level", to_string(config.logging.level));
  p.line("logging.format", to_string(config.logging.format));
  const auto& risk = config.risk;
  p.limit("risk.max_order_count", risk.max_order_count);
  p.limit("risk.max_order_cost", risk.max_order_cost);
  p.limit("risk.max_position_per_market", risk.max_position_per_market);
  p.limit("risk.max_event_exposure", risk.max_event_exposure);
  p.limit("risk.max_series_exposure", risk.max_series_exposure);
  p.limit("risk.max_category_exposure", risk.max_category_exposure);
  p.limit("risk.max_open_orders", risk.max_open_orders);
  p.limit("risk.max_concurrent_positions", risk.max_concurrent_positions);
  p.limit("risk.max_portfolio_exposure", risk.max_portfolio_exposure);
  p.limit("risk.max_portfolio_exposure_share", risk.max_portfolio_exposure_share);
  p.limit("risk.daily_loss_limit", risk.daily_loss_limit);
  p.limit("risk.max_drawdown", risk.max_drawdown);
  p.limit("risk.no_entry_before_close_seconds", seconds(risk.no_entry_before_close_seconds));
  p.limit("risk.max_orders_per_minute", risk.max_orders_per_minute);
  p.limit("risk.max_orders_per_minute_per_strategy", risk.max_orders_per_minute_per_strategy);
  p.limit("risk.duplicate_intent_cooldown_seconds",
          seconds(risk.duplicate_intent_cooldown_seconds));
  p.limit("risk.min_edge_after_fees", risk.min_edge_after_fees);
  p.limit("risk.price_band", risk.price_band);
  p.limit("risk.max_book_age_seconds", seconds(risk.max_book_age_seconds));
  p.limit("risk.max_feed_age_seconds", seconds(risk.max_feed_age_seconds));
  p.line("risk.require_exchange_active", risk.require_exchange_active ? "true" : "false");
  const auto& ex = config.execution;
  const auto secs = [](std::chrono::seconds v) { return fmt::format("{}s", v.count()); };
  p.line("execution.client_order_id_prefix", ex.client_order_id_prefix);
  p.line("execution.order_timeout_seconds",
         ex.order_timeout ? secs(*ex.order_timeout) : std::string("off (never)"));
  p.line("execution.reconcile_interval_seconds", secs(ex.reconcile_interval));
  p.line("execution.paper_starting_balance", ex.paper_starting_balance.to_string());
  p.line("execution.ledger_drift_tolerance", ex.ledger_drift_tolerance.to_string());
  p.line("execution.reduce_only_before_close_seconds", secs(ex.reduce_only_before_close));
  p.line("execution.cancel_all_before_close_seconds", secs(ex.cancel_all_before_close));
  const auto& al = config.alerts;
  p.line("alerts.discord_webhook_url", al.discord_webhook_url.redacted());
  p.line("alerts.discord_min_severity", to_string(al.discord_min_severity));
  p.line("alerts.live_orders", al.live_orders ? "true" : "false");
  p.line("alerts.denials_per_window", std::to_string(al.denials_per_window));
  p.line("alerts.denial_window_seconds", secs(al.denial_window));
  p.line("alerts.connection_lost_after_seconds", secs(al.connection_lost_after));
  p.line("alerts.daily_summary_utc",
         al.daily_summary_utc ? fmt::format("{:02}:{:02}", al.daily_summary_utc->count() / 60,
                                            al.daily_summary_utc->count() % 60)
                              : std::string("off"));
  p.line("alerts.batch_window_ms", std::to_string(al.batch_window.count()));
  p.line("alerts.max_posts_per_minute", std::to_string(al.max_posts_per_minute));
  p.line("alerts.queue_capacity", std::to_string(al.queue_capacity));
  p.line("alerts.max_attempts", std::to_string(al.max_attempts));
  p.line("alerts.request_timeout_seconds", secs(al.request_timeout));
  out += '\n';
  p.plugins("strategies", config.strategies, [&](const StrategyConfig& s) {
    return fmt::format(" series: {} markets: {} exits: {}", tickers(s.series), tickers(s.markets),
                       exits_text(s.exits));
  });
  p.plugins("sources", config.sources, [](const SourceConfig&) { return std::string(); });
  return std::move(p.out());
}

}  // namespace antevorta::config
