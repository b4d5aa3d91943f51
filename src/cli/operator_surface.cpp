// The operator surface of `run` (operator_surface.hpp).
#include "cli/operator_surface.hpp"

#include <fmt/format.h>

#include "antevorta/api/alert.hpp"
#include "antevorta/api/alert_config.hpp"
#include "antevorta/api/alert_monitor.hpp"
#include "antevorta/api/auth.hpp"
#include "antevorta/api/discord.hpp"
#include "antevorta/api/discord_webhook.hpp"
#include "antevorta/api/encode.hpp"
#include "antevorta/api/operator_api.hpp"
#include "antevorta/net/tls.hpp"
#include "antevorta/net/url.hpp"

#include "cli/operator_backend.hpp"

namespace antevorta::cli {

struct OperatorSurface::Parts {
  Parts(boost::asio::any_io_executor ex, EventBus& b, Clock& c, const Logging& l,
        const config::AppConfig& config, KalshiLink& k, Trading& t, CryptoLink& x)
      : executor(std::move(ex)),
        bus(b),
        clock(c),
        logging(l),
        cfg(config),
        link(k),
        trading(t),
        crypto(x),
        log(l.make_logger("operator")) {}

  boost::asio::any_io_executor executor;
  EventBus& bus;
  Clock& clock;
  const Logging& logging;
  const config::AppConfig& cfg;
  KalshiLink& link;
  Trading& trading;
  CryptoLink& crypto;
  Logger log;

  std::unique_ptr<OperatorBackend> backend;
  std::unique_ptr<api::OperatorApi> api;
  std::unique_ptr<api::AlertMonitor> monitor;
  std::unique_ptr<api::DiscordNotifier> discord;
  Subscription alerts_to_stream;
  TimerHandle rest_check;
  TimerHandle equity_sample;
  bool rest_auth_reported = false;

  // Every 5 s: a new REST auth failure, and the REST connection's state for the
  // connection-lost rule (down while requests get no answer or the key is refused).
  void check_rest() {
    const auto& failure = link.rest().auth_failure();
    if (failure && !rest_auth_reported) monitor->on_rest_auth_failure(failure->describe());
    rest_auth_reported = failure.has_value();
    const RestHealth health = rest_health(link.rest());
    if (health.state != "connecting")
      monitor->on_connection_state("kalshi_rest", health.up, health.detail);
    rest_check = clock.call_after(std::chrono::seconds(5), [this] { check_rest(); });
  }

  // The equity curve: offered every 10 s, kept once a minute (EquityHistory).
  void sample_equity() {
    backend->sample_equity();
    equity_sample = clock.call_after(std::chrono::seconds(10), [this] { sample_equity(); });
  }

  // The daily summary's text: the day's P&L and the account, as /api/status has them.
  std::string summary() const {
    const auto s = backend->status();
    const auto& pnl = s["pnl_today"];
    return fmt::format(
        "{} {} · balance ${} · equity ${} · exposure ${}\nP&L {}: realized ${}, fees ${}, net "
        "${} over {} fills · open orders {} · kill switch {}",
        s["environment"].get<std::string>(), s["execution_mode"].get<std::string>(),
        s["balance"].get<std::string>(),
        s["equity"].is_string() ? s["equity"].get<std::string>() : "unknown",
        s["exposure"].get<std::string>(), pnl["date"].get<std::string>(),
        pnl["realized"].get<std::string>(), pnl["fees"].get<std::string>(),
        pnl["net"].get<std::string>(), pnl["fills"].get<std::int64_t>(),
        s["open_orders"].get<std::size_t>(),
        s["kill_switch"]["engaged"].get<bool>() ? "ENGAGED" : "off");
  }
};

OperatorSurface::OperatorSurface(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock,
                                 const Logging& logging, const config::AppConfig& cfg,
                                 KalshiLink& link, Trading& trading, CryptoLink& crypto)
    : parts_(std::make_unique<Parts>(std::move(executor), bus, clock, logging, cfg, link, trading,
                                     crypto)) {}

OperatorSurface::~OperatorSurface() { stop(); }

std::optional<std::string> OperatorSurface::start() {
  auto& p = *parts_;
  const auto& cfg = p.cfg;
  const auto token = api::load_or_create_token(cfg.http.token, cfg.database.path.parent_path());
  if (!token) return "http.token: " + token.error();
  p.backend = std::make_unique<OperatorBackend>(cfg, p.clock, p.link, p.trading, p.crypto);

  api::ApiOptions options;
  options.host = cfg.http.host;
  options.port = cfg.http.port;
  p.api = std::make_unique<api::OperatorApi>(
      p.executor, p.bus, p.clock, p.logging.make_logger("api"), options, token->token, *p.backend);
  try {
    p.api->start();
  } catch (const std::exception& e) {
    return fmt::format("http.listen {}: {}", cfg.http.listen, e.what());
  }
  const std::string url = net::Endpoint{"http", cfg.http.host, p.api->port(), "/"}.origin();
  if (token->file.empty()) {
    p.log->info("api_listening url={} token=configured", url);
  } else {
    p.log->info("api_listening url={} token_file={}{}", url, log_value(token->file.string()),
                token->created ? " token_created=true" : "");
  }

  // Alerts: to the stream always, to Discord when configured.
  p.alerts_to_stream = p.bus.subscribe<api::Alert>([&p](const api::Alert& a) {
    p.api->broadcast("alert", api::Json{{"severity", std::string(api::to_string(a.severity))},
                                        {"kind", std::string(api::to_string(a.kind))},
                                        {"title", a.title},
                                        {"text", a.text},
                                        {"at", api::time_json(a.at)}});
  });
  const bool live = cfg.kalshi.execution_mode == config::ExecutionMode::live;
  if (!cfg.alerts.discord_webhook_url.empty()) {
    std::shared_ptr<boost::asio::ssl::context> tls;
    if (cfg.alerts.discord_webhook_url.reveal().rfind("https://", 0) == 0) {
      tls = net::make_client_tls_context(cfg.kalshi.ca_file);
    }
    auto poster = api::make_webhook_poster(p.executor, p.clock, p.logging.make_logger("discord"),
                                           cfg.alerts.discord_webhook_url,
                                           api::webhook_options(cfg.alerts), tls);
    if (!poster) return "alerts.discord_webhook_url: " + poster.error();
    p.discord = std::make_unique<api::DiscordNotifier>(
        p.executor, p.clock, p.logging.make_logger("discord"), api::discord_options(cfg.alerts),
        std::move(*poster));
    p.discord->subscribe(p.bus);
    p.log->info("alerts_discord enabled=true min_severity={}",
                api::to_string(api::to_severity(cfg.alerts.discord_min_severity)));
  }
  p.monitor = std::make_unique<api::AlertMonitor>(p.bus, p.clock, p.logging.make_logger("alerts"),
                                                  api::alert_rules(cfg.alerts, live),
                                                  [&p] { return p.summary(); });
  p.monitor->start();
  p.check_rest();
  p.sample_equity();
  return std::nullopt;
}

void OperatorSurface::stop() {
  auto& p = *parts_;
  p.rest_check.cancel();
  p.equity_sample.cancel();
  if (p.monitor) p.monitor->stop();
  if (p.discord) p.discord->stop();
  p.alerts_to_stream.reset();
  if (p.api) p.api->stop();
}

}  // namespace antevorta::cli
