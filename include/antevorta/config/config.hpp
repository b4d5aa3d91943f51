// The validated, typed configuration of the daemon: one struct per section.
//
// Produced only by config::load() (loader.hpp); every value here has passed validation, and
// derived values are resolved (Kalshi URLs for the environment, the database path for the
// execution mode, the parsed listen address). Paths are as written; relative paths are
// relative to the working directory, not to the config directory.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/config/tree.hpp"
#include "antevorta/core/decimal.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/core/secret.hpp"

namespace antevorta::config {

enum class Environment { sim, demo, production };
enum class ExecutionMode { paper, live };

std::string_view to_string(Environment e) noexcept;
std::string_view to_string(ExecutionMode m) noexcept;

struct KalshiConfig {
  Environment environment = Environment::sim;
  ExecutionMode execution_mode = ExecutionMode::paper;
  bool confirm_live = false;
  Secret api_key_id;
  std::filesystem::path private_key_path;
  std::string rest_url;  // effective: the override, or the environment's default
  std::string ws_url;    // effective: the override, or the environment's default
  bool rest_url_overridden = false;
  bool ws_url_overridden = false;
  std::filesystem::path ca_file;  // extra PEM trust anchors; empty = system store only
};

// The exchange simulator: in-process for `run` when kalshi.environment is sim, standalone
// for `antevorta sim`.
struct SimConfig {
  std::string host = "127.0.0.1";  // always a loopback address
  std::uint16_t port = 0;          // 0 = a free port chosen at start (the log states it)
  std::int64_t seed = 1;
  // Length of the simulated 15-minute crypto windows (KXBTC15M/KXSOL15M). 900 like Kalshi;
  // shorter (down to 60 s) only to watch a window run to settlement quickly (tests, demos).
  std::int64_t crypto_window_seconds = 900;
  // A recorded index path (CSV `unix_ms,asset,value` lines) replayed instead of the random
  // walk; empty = geometric Brownian motion with volatility regimes.
  std::filesystem::path index_path;
};

// Which markets the daemon follows (kalshi::ScannerOptions). Unset filters are off.
struct ScannerConfig {
  std::vector<SeriesTicker> series;  // empty: every series
  std::optional<std::chrono::seconds> created_within;
  std::optional<std::chrono::seconds> min_time_to_close;
  std::optional<std::chrono::seconds> max_time_to_close;
  Count min_volume;
  Count min_open_interest;
  bool include_multivariate = false;
  std::int64_t max_markets = 500;
};

struct DatabaseConfig {
  std::filesystem::path path;  // effective: data/antevorta_<paper|live>.db unless set
  std::size_t batch_max_rows = 512;
  std::chrono::milliseconds flush_interval{50};
  std::size_t queue_capacity = 100000;
};

struct HttpConfig {
  std::string listen = "127.0.0.1:8787";  // as written
  std::string host = "127.0.0.1";         // parsed; an IPv6 address without brackets
  std::uint16_t port = 8787;              // parsed; 0 = any free port
  Secret token;                           // empty: the daemon creates one at first start
};

// The risk manager's limits (config/risk.yaml). Every limit is off when unset; the risk
// manager (include/antevorta/risk/manager.hpp) says exactly how each is applied. Money is in
// dollars, counts in contracts, durations in whole seconds; "at the limit" passes.
struct RiskConfig {
  // Per order.
  std::optional<Count> max_order_count;  // contracts in one order
  std::optional<Money> max_order_cost;   // price × count + estimated taker fee
  // Positions and exposure (money at risk, see risk/exposure.hpp).
  std::optional<Count> max_position_per_market;  // |position| incl. resting orders, either side
  std::optional<Money> max_event_exposure;       // all markets of one event together
  std::optional<Money> max_series_exposure;      // the same limit for each series
  std::optional<Money> max_category_exposure;    // the same limit for each series category
  std::optional<std::int64_t> max_open_orders;   // resting orders at once
  std::optional<std::int64_t> max_concurrent_positions;  // markets with a position or order
  std::optional<Money> max_portfolio_exposure;           // all markets together
  std::optional<Decimal> max_portfolio_exposure_share;   // of equity, 0 < share <= 1
  // Losses: both latch (see risk/state.hpp).
  std::optional<Money> daily_loss_limit;  // equity lost since the UTC day began → kill switch
  std::optional<Money> max_drawdown;      // equity below its peak → circuit breaker
  // Timing and flow.
  std::optional<std::chrono::seconds> no_entry_before_close_seconds;
  std::optional<std::int64_t> max_orders_per_minute;               // all strategies together
  std::optional<std::int64_t> max_orders_per_minute_per_strategy;  // each strategy
  std::optional<std::chrono::seconds> duplicate_intent_cooldown_seconds;
  // Prices and data quality.
  std::optional<Money> min_edge_after_fees;  // dollars per contract, >= 0
  std::optional<Price> price_band;           // how far a limit may reach through the book
  std::optional<std::chrono::seconds> max_book_age_seconds;
  std::optional<std::chrono::seconds> max_feed_age_seconds;
  bool require_exchange_active = true;  // exchange trading and the market open
};

// How orders are placed, timed out, reconciled and wound down before a market closes
// (base.yaml `execution`). Durations in whole seconds, money in dollars.
struct ExecutionConfig {
  // Starts every client_order_id we send: 1..32 characters of [A-Za-z0-9_-]. Reconciliation
  // adopts orders with this prefix as ours and leaves every other order alone.
  std::string client_order_id_prefix = "av1-";
  // A resting order older than this is cancelled; nullopt: resting orders never time out.
  std::optional<std::chrono::seconds> order_timeout;
  std::chrono::seconds reconcile_interval{30};  // live: orders, positions, balance vs exchange
  Money paper_starting_balance = Money::from_centicents(10'000 * Money::kDollar);  // per shard
  // Live: the ledger and the exchange differing by more than this engages the kill switch.
  Money ledger_drift_tolerance = Money::from_centicents(5 * Money::kCent);
  // The expiry sequence of every market (execution/expiry.hpp): entries stop when the close
  // is this near, resting orders are cancelled when it is that near; cancel_all <= reduce_only.
  std::chrono::seconds reduce_only_before_close{60};
  std::chrono::seconds cancel_all_before_close{10};
};

// A strategy's exit rules (strategies.<name>.exits; execution/exits.hpp applies them). Every
// rule is off when unset. Prices are dollars per contract of the held leg.
struct ExitConfig {
  std::optional<Price> take_profit;                 // > 0: bid >= average cost + this
  std::optional<Price> stop_loss;                   // > 0: bid <= average cost − this
  std::optional<Price> edge_evaporated;             // >= 0: the model's fair value − bid < this
  std::optional<std::chrono::seconds> max_holding;  // > 0: held longer than this
  std::optional<std::chrono::seconds> flatten_before_close;  // > 0: close − now <= this
  bool any() const noexcept {
    return take_profit || stop_loss || edge_evaporated || max_holding || flatten_before_close;
  }
};

// Alerts (base.yaml `alerts`): the rules of api::AlertMonitor and the Discord webhook of
// api::DiscordNotifier (api/alert_monitor.hpp, api/discord.hpp say how each is applied).
enum class AlertLevel { info, warning, critical };
std::string_view to_string(AlertLevel level) noexcept;

struct AlertsConfig {
  // https:// (http:// only for a loopback host); carries the webhook's token, so it is a
  // secret. Empty: no Discord (alerts still reach the operator API's stream and the log).
  Secret discord_webhook_url;
  AlertLevel discord_min_severity = AlertLevel::info;  // lower alerts are not posted
  bool live_orders = true;  // live mode: alert on orders placed and filled (paper never does)
  std::int64_t denials_per_window = 20;            // more denials than this within the window alert
  std::chrono::seconds denial_window{60};          // > 0
  std::chrono::seconds connection_lost_after{30};  // > 0
  std::optional<std::chrono::minutes> daily_summary_utc;  // "HH:MM" UTC; unset = off
  std::chrono::milliseconds batch_window{2000};           // > 0: alerts collected into one message
  std::int64_t max_posts_per_minute = 20;    // 1..30 (Discord's webhook limit is ~30/min)
  std::int64_t queue_capacity = 200;         // 1..10000 alerts waiting; then info drops first
  std::int64_t max_attempts = 4;             // 1..10 POSTs of one message
  std::chrono::seconds request_timeout{10};  // > 0: one POST
};

struct StrategyConfig {
  std::string name;
  bool enabled = false;
  std::vector<SeriesTicker> series;
  std::vector<MarketTicker> markets;
  ExitConfig exits;  // read by the loader; the plugin never sees it
  // Opaque to the loader; the plugin reads it with a Reader over `params` at path
  // "strategies.<name>.params", so its errors name the file, line and key path too.
  Node params;
};

struct SourceConfig {
  std::string name;
  bool enabled = true;
  Node params;  // read by the source with a Reader at "sources.<name>.params"
};

struct AppConfig {
  std::filesystem::path config_dir;
  std::vector<std::filesystem::path> files;  // every file read, in layer order (incl. .env)
  KalshiConfig kalshi;
  SimConfig sim;
  ScannerConfig scanner;
  DatabaseConfig database;
  HttpConfig http;
  LoggingOptions logging;
  RiskConfig risk;
  ExecutionConfig execution;
  AlertsConfig alerts;
  std::map<std::string, StrategyConfig> strategies;  // by name
  std::map<std::string, SourceConfig> sources;       // by name
  Node tree;  // the merged tree with origins (contains secret values: never print it)
};

// Kalshi's base URLs for an environment (sim: the local simulator at host:port).
std::string default_rest_url(Environment e, const SimConfig& sim);
std::string default_ws_url(Environment e, const SimConfig& sim);

}  // namespace antevorta::config
