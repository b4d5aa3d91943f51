// The schema: one reader function per section, then the cross-field rules.
#include <cctype>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "antevorta/config/reader.hpp"

#include "config/internal.hpp"

namespace antevorta::config {

std::string_view to_string(Environment e) noexcept {
  switch (e) {
    case Environment::sim:
      return "sim";
    case Environment::demo:
      return "demo";
    case Environment::production:
      return "production";
  }
  return "sim";
}

std::string_view to_string(ExecutionMode m) noexcept {
  return m == ExecutionMode::live ? "live" : "paper";
}

std::string_view to_string(AlertLevel level) noexcept {
  switch (level) {
    case AlertLevel::warning:
      return "warning";
    case AlertLevel::critical:
      return "critical";
    case AlertLevel::info:
      break;
  }
  return "info";
}

std::string default_rest_url(Environment e, const SimConfig& sim) {
  switch (e) {
    case Environment::production:
      return "https://external-api.kalshi.com/trade-api/v2";
    case Environment::demo:
      return "https://external-api.demo.kalshi.co/trade-api/v2";
    case Environment::sim:
      break;
  }
  return fmt::format("http://{}:{}/trade-api/v2", detail::url_host(sim.host), sim.port);
}

std::string default_ws_url(Environment e, const SimConfig& sim) {
  switch (e) {
    case Environment::production:
      return "wss://external-api-ws.kalshi.com/trade-api/ws/v2";
    case Environment::demo:
      return "wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2";
    case Environment::sim:
      break;
  }
  return fmt::format("ws://{}:{}/trade-api/ws/v2", detail::url_host(sim.host), sim.port);
}

namespace detail {
namespace {

bool has_space_or_control(std::string_view s) {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isspace(u) || u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

void read_sim(Reader r, SimConfig& sim) {
  if (r.read("host", sim.host)) {
    if (!is_loopback_host(sim.host)) {
      r.error("host",
              "must be a loopback address (127.0.0.0/8, localhost or ::1): the "
              "simulator never listens on a network interface, was " +
                  quote(sim.host));
    } else if (sim.host.size() > 2 && sim.host.front() == '[') {
      sim.host = sim.host.substr(1, sim.host.size() - 2);
    }
  }
  r.read("port", sim.port);  // 0..65535; 0 = a free port
  r.read("seed", sim.seed);
  if (r.read("crypto_window_seconds", sim.crypto_window_seconds) &&
      (sim.crypto_window_seconds < 60 || sim.crypto_window_seconds > 3600 ||
       (900 % sim.crypto_window_seconds != 0 && sim.crypto_window_seconds % 900 != 0))) {
    r.error("crypto_window_seconds",
            "must be 60..3600 seconds and divide 900 or be a multiple of it, was " +
                std::to_string(sim.crypto_window_seconds));
  }
  std::string index_path;
  if (r.read("index_path", index_path) && !index_path.empty()) sim.index_path = index_path;
  r.finish();
}

void read_kalshi(Reader& r, KalshiConfig& k) {
  r.read_enum("environment", k.environment,
              {{"sim", Environment::sim},
               {"demo", Environment::demo},
               {"production", Environment::production}});
  r.read_enum("execution_mode", k.execution_mode,
              {{"paper", ExecutionMode::paper}, {"live", ExecutionMode::live}});
  r.read("confirm_live", k.confirm_live);
  if (r.read("api_key_id", k.api_key_id) && has_space_or_control(k.api_key_id.reveal())) {
    r.error("api_key_id", "must not contain whitespace or control characters (value not shown)");
  }
  std::string path;
  if (r.read("private_key_path", path)) k.private_key_path = path;
  r.read("rest_url", k.rest_url);
  r.read("ws_url", k.ws_url);
  path.clear();
  if (r.read("ca_file", path)) k.ca_file = path;
}

void check_file(Reader& r, std::string_view key, const std::filesystem::path& path) {
  std::error_code ec;
  if (path.empty() || std::filesystem::is_regular_file(path, ec)) return;
  r.error(key, "file not found: " + quote(path.string()));
}

void check_url_override(Reader& r, std::string_view key, const std::string& url,
                        std::string_view secure, std::string_view plain) {
  if (auto problem = check_url(url, secure, plain)) {
    r.error(key, fmt::format("{}, was {}", *problem, quote(url)));
  }
}

// Defaults for the URLs, then the rules that involve several kalshi keys.
void resolve_kalshi(Reader& r, KalshiConfig& k, const SimConfig& sim) {
  k.rest_url_overridden = !k.rest_url.empty();
  k.ws_url_overridden = !k.ws_url.empty();
  if (k.rest_url_overridden) {
    check_url_override(r, "rest_url", k.rest_url, "https", "http");
  } else {
    k.rest_url = default_rest_url(k.environment, sim);
  }
  if (k.ws_url_overridden) {
    check_url_override(r, "ws_url", k.ws_url, "wss", "ws");
  } else {
    k.ws_url = default_ws_url(k.environment, sim);
  }
  check_file(r, "private_key_path", k.private_key_path);
  check_file(r, "ca_file", k.ca_file);

  const auto first_origin = [&](std::initializer_list<std::string_view> keys) {
    for (const auto key : keys) {
      if (auto where = r.origin(key)) return *where;
    }
    return Origin{"defaults", 0};
  };
  if (k.environment == Environment::production && k.execution_mode == ExecutionMode::live &&
      !k.confirm_live) {
    r.error(first_origin({"confirm_live", "execution_mode", "environment"}), "confirm_live",
            "live trading on production must be confirmed explicitly: set "
            "`kalshi.confirm_live: true` in live.yaml or ANTEVORTA__KALSHI__CONFIRM_LIVE=true");
  }
  if (k.environment != Environment::sim) {
    const std::string why = fmt::format(
        "required when kalshi.environment is {} (Kalshi authenticates every request, "
        "market-data WebSockets included)",
        to_string(k.environment));
    if (k.api_key_id.empty()) {
      r.error(first_origin({"environment", "api_key_id"}), "api_key_id",
              why + "; set it in a config file or ANTEVORTA__KALSHI__API_KEY_ID");
    }
    if (k.private_key_path.empty()) {
      r.error(first_origin({"environment", "private_key_path"}), "private_key_path",
              why + "; set the path of the key's PEM file or ANTEVORTA__KALSHI__PRIVATE_KEY_PATH");
    }
  }
}

void read_database(Reader r, DatabaseConfig& d, ExecutionMode mode) {
  std::string path;
  r.read("path", path);
  d.path = path.empty()
               ? std::filesystem::path(fmt::format("data/antevorta_{}.db", to_string(mode)))
               : std::filesystem::path(path);
  auto batch = static_cast<std::int64_t>(d.batch_max_rows);
  if (r.read("batch_max_rows", batch) && r.check_positive("batch_max_rows", batch)) {
    d.batch_max_rows = static_cast<std::size_t>(batch);
  }
  if (r.read("flush_interval_ms", d.flush_interval)) {
    r.check_positive("flush_interval_ms", d.flush_interval);
  }
  auto capacity = static_cast<std::int64_t>(d.queue_capacity);
  if (r.read("queue_capacity", capacity) && r.check_positive("queue_capacity", capacity)) {
    d.queue_capacity = static_cast<std::size_t>(capacity);
  }
  r.finish();
}

void read_http(Reader r, HttpConfig& h) {
  if (r.read("listen", h.listen)) {
    std::string problem;
    if (auto parsed = parse_listen(h.listen, problem)) {
      h.host = parsed->host;
      h.port = parsed->port;
    } else {
      r.error("listen", fmt::format("{}, was {}", problem, quote(h.listen)));
    }
  }
  if (r.read("token", h.token) && !h.token.empty()) {
    if (h.token.reveal().size() < 16) {
      r.error("token", "must be at least 16 characters long (value not shown)");
    } else if (has_space_or_control(h.token.reveal())) {
      r.error("token", "must not contain whitespace or control characters (value not shown)");
    }
  }
  r.finish();
}

void read_logging(Reader r, LoggingOptions& l) {
  const auto level = [](LogLevel v) { return std::pair{to_string(v), v}; };
  r.read_enum(
      "level", l.level,
      {level(LogLevel::trace), level(LogLevel::debug), level(LogLevel::info), level(LogLevel::warn),
       level(LogLevel::error), level(LogLevel::critical), level(LogLevel::off)});
  r.read_enum("format", l.format,
              {std::pair{to_string(LogFormat::text), LogFormat::text},
               std::pair{to_string(LogFormat::json), LogFormat::json}});
  r.finish();
}

template <class T>
void read_limit(Reader& r, std::string_view key, std::optional<T>& out) {
  T value{};
  if (r.read(key, value) && r.check_positive(key, value)) out = value;
}

void read_seconds(Reader& r, std::string_view key, std::optional<std::chrono::seconds>& out) {
  std::int64_t value = 0;
  if (r.read(key, value) && r.check_positive(key, value)) out = std::chrono::seconds(value);
}

// A fraction 0 < x <= 1 such as 0.25, parsed as an exact decimal (never through double).
void read_share(Reader& r, std::string_view key, std::optional<Decimal>& out) {
  std::string text;
  if (!r.read(key, text)) return;
  const auto parsed = Decimal::parse(text);
  if (!parsed || *parsed <= Decimal{} || *parsed > Decimal::from_integer(1)) {
    r.error(key, "expected a fraction > 0 and <= 1 such as 0.25, was " + quote(text));
    return;
  }
  out = *parsed;
}

void read_risk(Reader r, RiskConfig& risk) {
  read_limit(r, "max_order_count", risk.max_order_count);
  read_limit(r, "max_order_cost", risk.max_order_cost);
  read_limit(r, "max_position_per_market", risk.max_position_per_market);
  read_limit(r, "max_event_exposure", risk.max_event_exposure);
  read_limit(r, "max_series_exposure", risk.max_series_exposure);
  read_limit(r, "max_category_exposure", risk.max_category_exposure);
  read_limit(r, "max_open_orders", risk.max_open_orders);
  read_limit(r, "max_concurrent_positions", risk.max_concurrent_positions);
  read_limit(r, "max_portfolio_exposure", risk.max_portfolio_exposure);
  read_share(r, "max_portfolio_exposure_share", risk.max_portfolio_exposure_share);
  read_limit(r, "daily_loss_limit", risk.daily_loss_limit);
  read_limit(r, "max_drawdown", risk.max_drawdown);
  read_seconds(r, "no_entry_before_close_seconds", risk.no_entry_before_close_seconds);
  read_limit(r, "max_orders_per_minute", risk.max_orders_per_minute);
  read_limit(r, "max_orders_per_minute_per_strategy", risk.max_orders_per_minute_per_strategy);
  read_seconds(r, "duplicate_intent_cooldown_seconds", risk.duplicate_intent_cooldown_seconds);
  Money edge;
  if (r.read("min_edge_after_fees", edge) &&
      r.check_at_least("min_edge_after_fees", edge, Money::zero())) {
    risk.min_edge_after_fees = edge;
  }
  // A band of 0 still lets a limit meet the best opposite quote; it only forbids reaching past.
  r.read("price_band", risk.price_band);
  read_seconds(r, "max_book_age_seconds", risk.max_book_age_seconds);
  read_seconds(r, "max_feed_age_seconds", risk.max_feed_age_seconds);
  r.read("require_exchange_active", risk.require_exchange_active);
  r.finish();
}

// "HH:MM", 00:00 .. 23:59, as minutes after midnight.
std::optional<std::chrono::minutes> parse_time_of_day(std::string_view text) {
  const auto digit = [&](std::size_t i) {
    return std::isdigit(static_cast<unsigned char>(text[i]));
  };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return std::chrono::minutes(hours * 60 + minutes);
}

void read_alerts(Reader r, AlertsConfig& a) {
  if (r.read("discord_webhook_url", a.discord_webhook_url) && !a.discord_webhook_url.empty()) {
    // check_url's reasons never repeat the URL; the value is a secret (its path is a token).
    if (auto problem = check_url(a.discord_webhook_url.reveal(), "https", "http")) {
      r.error("discord_webhook_url", *problem + " (value not shown)");
    } else if (has_space_or_control(a.discord_webhook_url.reveal()) ||
               a.discord_webhook_url.reveal().find('#') != std::string::npos) {
      r.error("discord_webhook_url",
              "must not contain whitespace, control characters or a fragment (value not shown)");
    }
  }
  r.read_enum("discord_min_severity", a.discord_min_severity,
              {{"info", AlertLevel::info},
               {"warning", AlertLevel::warning},
               {"critical", AlertLevel::critical}});
  r.read("live_orders", a.live_orders);
  std::int64_t n = 0;
  if (r.read("denials_per_window", n) && r.check_positive("denials_per_window", n)) {
    a.denials_per_window = n;
  }
  std::optional<std::chrono::seconds> seconds;
  read_seconds(r, "denial_window_seconds", seconds);
  if (seconds) a.denial_window = *seconds;
  seconds.reset();
  read_seconds(r, "connection_lost_after_seconds", seconds);
  if (seconds) a.connection_lost_after = *seconds;
  std::string time;
  if (r.read("daily_summary_utc", time) && !time.empty()) {
    if (auto parsed = parse_time_of_day(time)) {
      a.daily_summary_utc = *parsed;
    } else {
      r.error("daily_summary_utc",
              "expected a UTC time of day as \"HH:MM\" (00:00 to 23:59), was " + quote(time));
    }
  }
  std::chrono::milliseconds window{};
  if (r.read("batch_window_ms", window) && r.check_positive("batch_window_ms", window)) {
    a.batch_window = window;
  }
  if (r.read("max_posts_per_minute", n) &&
      r.check_between("max_posts_per_minute", n, std::int64_t{1}, std::int64_t{30})) {
    a.max_posts_per_minute = n;
  }
  if (r.read("queue_capacity", n) &&
      r.check_between("queue_capacity", n, std::int64_t{1}, std::int64_t{10000})) {
    a.queue_capacity = n;
  }
  if (r.read("max_attempts", n) &&
      r.check_between("max_attempts", n, std::int64_t{1}, std::int64_t{10})) {
    a.max_attempts = n;
  }
  seconds.reset();
  read_seconds(r, "request_timeout_seconds", seconds);
  if (seconds) a.request_timeout = *seconds;
  r.finish();
}

template <class Ticker>
bool read_tickers(Reader& r, std::string_view key, std::vector<Ticker>& out);

void read_scanner(Reader r, ScannerConfig& s) {
  read_tickers(r, "series", s.series);
  read_seconds(r, "created_within_seconds", s.created_within);
  read_seconds(r, "min_seconds_to_close", s.min_time_to_close);
  read_seconds(r, "max_seconds_to_close", s.max_time_to_close);
  if (r.read("min_volume", s.min_volume)) r.check_at_least("min_volume", s.min_volume, Count{});
  if (r.read("min_open_interest", s.min_open_interest)) {
    r.check_at_least("min_open_interest", s.min_open_interest, Count{});
  }
  r.read("include_multivariate", s.include_multivariate);
  if (r.read("max_markets", s.max_markets)) {
    r.check_between("max_markets", s.max_markets, std::int64_t{1}, std::int64_t{5000});
  }
  if (s.min_time_to_close && s.max_time_to_close && *s.min_time_to_close > *s.max_time_to_close) {
    r.error("max_seconds_to_close", "must be at least min_seconds_to_close");
  }
  r.finish();
}

// Lower-case names only: ANTEVORTA__STRATEGIES__<NAME>__… is lower-cased on the way in.
bool valid_plugin_name(std::string_view name) {
  if (name.empty()) return false;
  for (const char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (!std::islower(u) && !std::isdigit(u) && c != '_') return false;
  }
  return true;
}

template <class Ticker>
bool read_tickers(Reader& r, std::string_view key, std::vector<Ticker>& out) {
  std::vector<std::string> items;
  if (!r.read(key, items)) return false;
  for (const auto& item : items) {
    if (item.empty() || has_space_or_control(item)) {
      r.error(key, "tickers must be non-empty and contain no spaces, was " + quote(item));
      return false;
    }
  }
  out.clear();
  for (auto& item : items) out.emplace_back(std::move(item));
  return true;
}

void read_params(Reader& r, Node& params) {
  const Node* node = r.find("params");
  if (node == nullptr || node->is_null()) return;
  if (!node->is_mapping()) {
    r.error("params", "expected a mapping of plugin parameters");
    return;
  }
  params = *node;
}

// `strategies` and `sources`: maps from plugin name to its settings.
template <class Plugin, class ReadBody>
void read_plugins(Reader r, std::string_view kind, std::map<std::string, Plugin>& out,
                  ReadBody read_body) {
  for (const auto& name : r.keys()) {
    if (!valid_plugin_name(name)) {
      r.error(name, fmt::format("{} names use lower-case letters, digits and _ only (so that "
                                "environment variables can address them)",
                                kind));
      continue;
    }
    Reader entry = r.child(name);
    Plugin plugin;
    plugin.name = name;
    read_body(entry, plugin);
    read_params(entry, plugin.params);
    entry.finish();
    out.emplace(name, std::move(plugin));
  }
  r.finish();
}

}  // namespace

void parse_sections(const Node& tree, AppConfig& config, std::vector<ConfigError>& errors) {
  Reader root(&tree, "", errors);
  Reader kalshi = root.child("kalshi");
  read_kalshi(kalshi, config.kalshi);
  read_sim(root.child("sim"), config.sim);
  resolve_kalshi(kalshi, config.kalshi, config.sim);
  kalshi.finish();
  read_database(root.child("database"), config.database, config.kalshi.execution_mode);
  read_http(root.child("http"), config.http);
  read_logging(root.child("logging"), config.logging);
  read_risk(root.child("risk"), config.risk);
  read_scanner(root.child("scanner"), config.scanner);
  read_execution(root.child("execution"), config.execution);
  read_alerts(root.child("alerts"), config.alerts);
  read_plugins(root.child("strategies"), "strategy", config.strategies,
               [&config](Reader& r, StrategyConfig& s) {
                 r.read("enabled", s.enabled);
                 read_tickers(r, "series", s.series);
                 read_tickers(r, "markets", s.markets);
                 read_exits(r.child("exits"), s.exits, config.execution);
               });
  read_plugins(root.child("sources"), "source", config.sources,
               [](Reader& r, SourceConfig& s) { r.read("enabled", s.enabled); });
  root.finish();
}

}  // namespace detail
}  // namespace antevorta::config
