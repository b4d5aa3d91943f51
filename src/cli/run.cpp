// `antevorta run`: the composition root. Builds the one io_context, the clock, the bus, the
// store and (as later components land) the clients, strategies, risk and execution; runs
// until SIGINT/SIGTERM; then stops everything in reverse order and flushes the store.
#include <csignal>
#include <cstdio>
#include <memory>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <fmt/format.h>

#include "antevorta/api/auth.hpp"
#include "antevorta/api/operator_api.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/store/store.hpp"
#include "antevorta/version.hpp"

#include "cli/cli.hpp"
#include "cli/crypto_link.hpp"
#include "cli/kalshi_link.hpp"
#include "cli/operator_surface.hpp"
#include "cli/trading.hpp"

namespace antevorta::cli {

store::StoreOptions store_options(const config::AppConfig& cfg);  // init_db.cpp

namespace {

namespace asio = boost::asio;

std::string_view signal_name(int signo) {
  switch (signo) {
    case SIGINT:
      return "SIGINT";
    case SIGTERM:
      return "SIGTERM";
    default:
      return "signal";
  }
}

class Daemon {
 public:
  Daemon(const config::AppConfig& cfg, const Logging& logging)
      : cfg_(cfg),
        logging_(logging),
        log_(logging.make_logger("runtime")),
        clock_(io_.get_executor()),
        bus_(logging.make_logger("bus")),
        signals_(io_, SIGINT, SIGTERM) {}

  int run() {
    const auto& k = cfg_.kalshi;
    // The Kalshi link is built first (in sim mode that binds the simulator's port) so the
    // mode line states the real URLs; nothing connects before io_.run().
    kalshi_ = std::make_unique<KalshiLink>(io_.get_executor(), bus_, clock_, logging_, cfg_);
    const auto problem = kalshi_->start();
    log_->info(
        "runtime_mode_resolved environment={} execution_mode={} rest_url={} ws_url={} "
        "database={} version={}",
        config::to_string(k.environment), config::to_string(k.execution_mode),
        log_value(kalshi_->rest_url()), log_value(kalshi_->ws_url()),
        log_value(cfg_.database.path.string()), build_info::kVersion);
    if (k.environment == config::Environment::production &&
        k.execution_mode == config::ExecutionMode::live) {
      log_->warn("live_trading_enabled environment=production confirm_live=true");
    }
    if (problem) {
      log_->error("kalshi_start_failed error={}", log_value(*problem));
      report_failure(*problem);
      return kExitFailure;
    }

    try {
      store_ = std::make_unique<store::Store>(store_options(cfg_), logging_.make_logger("store"));
      session_id_ =
          store_->begin_session(to_unix_ns(clock_.now()), config::to_string(k.environment),
                                config::to_string(k.execution_mode), build_info::kVersion);
    } catch (const store::StoreError& e) {
      log_->error("store_open_failed error={}", log_value(e.what()));
      report_failure(e.what());
      return kExitFailure;
    }
    log_->info("session_started session_id={}", session_id_);

    crypto_ = std::make_unique<CryptoLink>(io_.get_executor(), bus_, clock_, logging_, cfg_,
                                           *kalshi_, *store_);
    if (auto crypto_problem = crypto_->start()) {
      log_->error("crypto_start_failed error={}", log_value(*crypto_problem));
      report_failure(*crypto_problem);
      crypto_.reset();
      kalshi_.reset();
      store_->close();
      return kExitFailure;
    }

    trading_ = std::make_unique<Trading>(
        io_.get_executor(), bus_, clock_, logging_, cfg_, *store_, *kalshi_,
        [crypto = crypto_.get()](const MarketTicker& t) { return crypto->index_feeds(t); });
    if (auto trading_problem = trading_->start()) {
      log_->error("trading_start_failed error={}", log_value(*trading_problem));
      report_failure(*trading_problem);
      trading_.reset();
      crypto_.reset();
      kalshi_.reset();
      store_->close();
      return kExitFailure;
    }

    surface_ = std::make_unique<OperatorSurface>(io_.get_executor(), bus_, clock_, logging_, cfg_,
                                                 *kalshi_, *trading_, *crypto_);
    if (auto api_problem = surface_->start()) {
      log_->error("api_start_failed error={}", log_value(*api_problem));
      report_failure(*api_problem);
      surface_.reset();
      trading_->stop();
      trading_.reset();
      crypto_.reset();
      kalshi_->stop();
      kalshi_.reset();
      store_->close();
      return kExitFailure;
    }

    wait_for_signal();
    log_->info("runtime_started pid={} components=store,kalshi,crypto,trading,api",
               static_cast<long>(::getpid()));
    io_.run();
    surface_.reset();
    trading_.reset();
    crypto_.reset();
    kalshi_.reset();

    store_->end_session(session_id_, to_unix_ns(clock_.now()));
    store_->close();
    const auto stats = store_->stats();
    log_->info("runtime_stopped rows_written={} rows_dropped={} rows_failed={}", stats.rows_written,
               stats.rows_dropped, stats.rows_failed);
    return kExitOk;
  }

 private:
  void wait_for_signal() {
    signals_.async_wait([this](boost::system::error_code ec, int signo) {
      if (ec) return;
      log_->info("shutdown_requested signal={}", signal_name(signo));
      begin_shutdown();
    });
  }

  // Components stop in reverse order of start, then the loop ends; the store is flushed after
  // the loop, bounded by its close timeout.
  void begin_shutdown() {
    if (surface_) surface_->stop();
    if (trading_) trading_->stop();
    if (crypto_) crypto_->stop();
    if (kalshi_) kalshi_->stop();
    io_.stop();
  }

  const config::AppConfig& cfg_;
  const Logging& logging_;
  Logger log_;
  asio::io_context io_{1};
  LiveClock clock_;
  EventBus bus_;
  asio::signal_set signals_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<KalshiLink> kalshi_;
  std::unique_ptr<CryptoLink> crypto_;
  std::unique_ptr<Trading> trading_;
  std::unique_ptr<OperatorSurface> surface_;
  std::int64_t session_id_ = 0;
};

}  // namespace

int run_daemon(const CommonOptions& common) {
  const auto cfg = load_config_or_report(common);
  if (!cfg) return kExitFailure;
  const Logging logging(cfg->logging);
  Daemon daemon(*cfg, logging);
  return daemon.run();
}

}  // namespace antevorta::cli
