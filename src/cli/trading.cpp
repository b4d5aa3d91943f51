// The trading composition for `run` (trading.hpp).
#include "cli/trading.hpp"

#include <map>
#include <stdexcept>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <fmt/format.h>

#include "antevorta/execution/engine.hpp"
#include "antevorta/execution/lifetime.hpp"
#include "antevorta/execution/live_venue.hpp"
#include "antevorta/execution/paper_venue.hpp"
#include "antevorta/net/periodic_task.hpp"
#include "antevorta/risk/gate.hpp"
#include "antevorta/risk/persistence.hpp"
#include "antevorta/store/trading_store.hpp"
#include "antevorta/strategy/host.hpp"
#include "antevorta/strategy/registry.hpp"

namespace antevorta::cli {

namespace asio = boost::asio;

struct Trading::Parts {
  Parts(asio::any_io_executor ex, EventBus& b, Clock& c, const Logging& l,
        const config::AppConfig& config, store::Store& s, KalshiLink& k)
      : executor(std::move(ex)),
        bus(b),
        clock(c),
        logging(l),
        cfg(config),
        trading(s),
        link(k),
        log(l.make_logger("trading")) {}

  asio::any_io_executor executor;
  EventBus& bus;
  Clock& clock;
  const Logging& logging;
  const config::AppConfig& cfg;
  store::TradingStore trading;
  KalshiLink& link;
  Logger log;
  std::string session;
  Trading::IndexFeeds index_feeds;

  std::unique_ptr<risk::RiskManager> risk;
  std::unique_ptr<execution::PaperVenue> paper;
  std::unique_ptr<execution::LiveVenue> live;
  std::unique_ptr<execution::Engine> engine;
  std::unique_ptr<strategy::StrategyHost> host;
  std::unique_ptr<net::PeriodicTask> reconcile;
  std::unique_ptr<net::PeriodicTask> duties;
  std::vector<Subscription> subscriptions;

  std::unique_ptr<execution::OrderLifetime> lifetime;
  TimerHandle post_fill_check;  // live: a reconciliation shortly after fills

  // Live: one reconciliation 6 s from now (after fills, or to finish a deferred first round),
  // once REST has caught up with the exchange's events.
  void check_soon() {
    if (post_fill_check.pending()) return;
    post_fill_check = clock.call_after(std::chrono::seconds(6), [this] {
      asio::co_spawn(
          executor,
          [this]() -> asio::awaitable<void> {
            const auto report = co_await engine->reconcile(link.rest());
            if (!report.ok) {
              log->warn("reconcile_check_failed error={}", log_value(report.error));
            } else if (!engine->positions_known()) {
              check_soon();
            }
          },
          asio::detached);
    });
  }

  const kalshi::Market* market(const MarketTicker& t) const {
    const auto& all = link.scanner().markets();
    auto it = all.find(t);
    return it == all.end() ? nullptr : &it->second;
  }
};

Trading::Trading(asio::any_io_executor executor, EventBus& bus, Clock& clock,
                 const Logging& logging, const config::AppConfig& cfg, store::Store& store,
                 KalshiLink& link, IndexFeeds index_feeds)
    : parts_(std::make_unique<Parts>(std::move(executor), bus, clock, logging, cfg, store, link)) {
  parts_->index_feeds = std::move(index_feeds);
}

Trading::~Trading() { stop(); }

std::optional<std::string> Trading::start() {
  auto& p = *parts_;
  const auto& cfg = p.cfg;
  const bool paper = cfg.kalshi.execution_mode == config::ExecutionMode::paper;
  const Timestamp now = p.clock.now();

  auto created = strategy::builtin_registry().create_all(cfg.strategies, &cfg.tree);
  if (!created.ok()) {
    const auto& e = created.errors.front();
    return fmt::format("{}: {}: {}", e.source, e.key_path, e.message);
  }

  auto loaded = risk::load_persisted_state(p.trading, now);
  if (loaded.problem) {
    p.log->error("risk_state_unreadable problem={}: the kill switch stays engaged",
                 log_value(*loaded.problem));
  }
  p.risk = std::make_unique<risk::RiskManager>(
      cfg.risk, loaded.state, risk::persisting_hooks(p.trading, risk::bus_hooks(p.bus)));
  if (p.risk->state().kill_switch.engaged) {
    p.log->warn("kill_switch_engaged_at_start reason={} detail={}",
                risk::to_string(p.risk->state().kill_switch.reason),
                log_value(p.risk->state().kill_switch.detail));
  }

  auto lookup = [&p](const MarketTicker& t) { return p.market(t); };
  execution::Venue* venue = nullptr;
  p.session = std::to_string(to_unix_ms(now));
  const std::string& session = p.session;
  if (paper) {
    execution::PaperExchange::Options options;
    options.session = session;
    p.paper = std::make_unique<execution::PaperVenue>(
        p.executor, p.clock, p.logging.make_logger("paper"), p.link.books(), lookup,
        p.link.directory(), options);
    venue = p.paper.get();
  } else {
    p.live = std::make_unique<execution::LiveVenue>(p.link.rest());
    venue = p.live.get();
  }

  execution::EngineOptions options;
  auto prefix = execution::ClientIdPrefix::make(cfg.execution.client_order_id_prefix);
  if (!prefix) return "execution.client_order_id_prefix: invalid";
  options.prefix = *prefix;
  options.paper = paper;
  options.paper_starting_balance = cfg.execution.paper_starting_balance;
  options.ledger_drift_tolerance = cfg.execution.ledger_drift_tolerance;
  options.feeds = [&p](const strategy::StrategyId& strategy,
                       const MarketTicker& ticker) -> std::optional<std::vector<risk::FeedState>> {
    if (!p.host || !p.host->trades_on_index(strategy.str())) return std::vector<risk::FeedState>{};
    if (!p.index_feeds) return std::nullopt;  // trades on an index nobody provides
    return p.index_feeds(ticker);
  };
  p.engine = std::make_unique<execution::Engine>(
      p.executor, p.bus, p.clock, p.logging.make_logger("execution"), p.trading, *p.risk, *venue,
      p.link.books(), lookup, p.link.directory(), p.link.exchange_status(), options);
  std::map<std::string, config::ExitConfig> exits;
  for (const auto& [name, sc] : cfg.strategies) exits.emplace(name, sc.exits);
  p.lifetime = std::make_unique<execution::OrderLifetime>(
      *p.engine, p.logging.make_logger("lifetime"),
      [&p]() -> const std::map<MarketTicker, kalshi::Market>& {
        return p.link.scanner().markets();
      },
      cfg.execution, std::move(exits));
  p.engine->set_phase_lookup([&p](const MarketTicker& t) { return p.lifetime->phase(t); });

  if (paper) {
    p.paper->set_sinks(execution::PaperVenue::Sinks{
        [&p](const execution::ExchangeFill& f, Timestamp at) { p.engine->on_fill(f, at); },
        [&p](const execution::ExchangeUpdate& u, const std::optional<ClientOrderId>& id) {
          p.engine->on_order_update(u, id);
        }});
    p.subscriptions.push_back(p.bus.subscribe<kalshi::BookStateChanged>(
        [&p](const kalshi::BookStateChanged& e) { p.paper->on_book_state(e); }));
    p.subscriptions.push_back(p.bus.subscribe<kalshi::MarketChanged>(
        [&p](const kalshi::MarketChanged& e) { p.paper->on_market_changed(e); }));
    // Public trades move the paper orders' queues (all markets: the channel takes no
    // per-subscription market list updates here).
    kalshi::SubscriptionSpec trades;
    trades.channel = kalshi::Channel::trade;
    p.link.stream().subscribe(trades);
    p.link.add_message_tap(
        [&p](const kalshi::WsMessage& m, Timestamp at) { p.paper->on_ws_message(m, at); });
  } else {
    kalshi::SubscriptionSpec fills;
    fills.channel = kalshi::Channel::fill;
    p.link.stream().subscribe(fills);
    kalshi::SubscriptionSpec orders;
    orders.channel = kalshi::Channel::user_orders;
    p.link.stream().subscribe(orders);
    p.link.add_message_tap(
        [&p](const kalshi::WsMessage& m, Timestamp at) { p.engine->on_ws_message(m, at); });
  }
  p.engine->start();
  // The kill switch stops trading, and also what is already resting.
  p.subscriptions.push_back(
      p.bus.subscribe<risk::KillSwitchChanged>([&p](const risk::KillSwitchChanged& e) {
        if (!e.latch.engaged) {
          p.log->warn("kill_switch_released detail={}", log_value(e.latch.detail));
          return;
        }
        p.log->error("kill_switch_engaged reason={} detail={}", risk::to_string(e.latch.reason),
                     log_value(e.latch.detail));
        const auto n = p.engine->cancel_everything("kill switch");
        p.log->warn("kill_switch_cancel_all orders={}", n);
      }));
  p.subscriptions.push_back(
      p.bus.subscribe<risk::CircuitBreakerChanged>([&p](const risk::CircuitBreakerChanged& e) {
        if (e.latch.engaged) {
          p.log->error("circuit_breaker_tripped reason={} detail={}",
                       risk::to_string(e.latch.reason), log_value(e.latch.detail));
        } else {
          p.log->warn("circuit_breaker_reset detail={}", log_value(e.latch.detail));
        }
      }));
  if (!paper) {
    // After fills, compare the ledger with the exchange once REST has caught up (drift
    // engages the kill switch), rather than waiting for the next periodic round.
    p.subscriptions.push_back(p.bus.subscribe<strategy::StrategyFill>(
        [&p](const strategy::StrategyFill&) { p.check_soon(); }));
  }

  strategy::HostOptions host_options;
  host_options.session = session;
  host_options.loggers = [&p](const std::string& component) {
    return p.logging.make_logger(component);
  };
  p.host = std::make_unique<strategy::StrategyHost>(p.bus, p.clock,
                                                    p.logging.make_logger("strategies"), *p.engine,
                                                    std::move(created.strategies), host_options);
  p.host->start();

  if (!paper) {
    net::PeriodicOptions every;
    every.period = cfg.execution.reconcile_interval;
    every.run_immediately = true;
    p.reconcile = std::make_unique<net::PeriodicTask>(
        p.executor, p.clock, p.log, "execution.reconcile", every, [&p]() -> asio::awaitable<void> {
          const auto report = co_await p.engine->reconcile(p.link.rest());
          if (!report.ok) throw std::runtime_error("reconciliation failed: " + report.error);
          if (!p.engine->positions_known()) p.check_soon();  // a deferred first round
        });
    p.reconcile->start();
  }
  net::PeriodicOptions second;
  second.period = std::chrono::seconds(1);
  p.duties = std::make_unique<net::PeriodicTask>(p.executor, p.clock, p.log, "execution.duties",
                                                 second, [&p]() -> asio::awaitable<void> {
                                                   p.lifetime->run(p.clock.now());
                                                   co_return;
                                                 });
  p.duties->start();
  p.log->info("trading_started mode={} strategies={} kill_switch={}", paper ? "paper" : "live",
              p.host->status().size(), p.risk->state().kill_switch.engaged);
  return std::nullopt;
}

execution::Engine& Trading::engine() { return *parts_->engine; }
risk::RiskManager& Trading::risk() { return *parts_->risk; }
strategy::StrategyHost& Trading::host() { return *parts_->host; }
store::TradingStore& Trading::store() { return parts_->trading; }
const std::string& Trading::session() const { return parts_->session; }

void Trading::stop() {
  auto& p = *parts_;
  p.post_fill_check.cancel();
  if (p.duties) p.duties->stop();
  if (p.reconcile) p.reconcile->stop();
  if (p.host) p.host->stop();
  if (p.engine) p.engine->stop();
  p.subscriptions.clear();
}

}  // namespace antevorta::cli
