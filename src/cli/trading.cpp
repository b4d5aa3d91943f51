// The trading composition for `run` (trading.hpp).
#include "cli/trading.hpp"

#include <map>
#include <set>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "antevorta/execution/engine.hpp"
#include "antevorta/execution/exits.hpp"
#include "antevorta/execution/expiry.hpp"
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
        log(l.make_logger("trading")),
        expiry(execution::expiry_options(config.execution)) {}

  asio::any_io_executor executor;
  EventBus& bus;
  Clock& clock;
  const Logging& logging;
  const config::AppConfig& cfg;
  store::TradingStore trading;
  KalshiLink& link;
  Logger log;

  std::unique_ptr<risk::RiskManager> risk;
  std::unique_ptr<execution::PaperVenue> paper;
  std::unique_ptr<execution::LiveVenue> live;
  std::unique_ptr<execution::Engine> engine;
  std::unique_ptr<strategy::StrategyHost> host;
  std::unique_ptr<net::PeriodicTask> reconcile;
  std::unique_ptr<net::PeriodicTask> duties;
  std::vector<Subscription> subscriptions;

  execution::ExpiryTracker expiry;
  // Exits: when each strategy's holding in a market was first seen, and the last exit sent.
  std::map<std::pair<strategy::StrategyId, MarketTicker>, Timestamp> opened_at;
  std::map<std::pair<strategy::StrategyId, MarketTicker>, Timestamp> last_exit;
  std::uint64_t exit_seq = 0;

  const kalshi::Market* market(const MarketTicker& t) const {
    const auto& all = link.scanner().markets();
    auto it = all.find(t);
    return it == all.end() ? nullptr : &it->second;
  }

  void run_expiry(Timestamp now);
  void run_timeouts(Timestamp now);
  void run_exits(Timestamp now);
};

Trading::Trading(asio::any_io_executor executor, EventBus& bus, Clock& clock,
                 const Logging& logging, const config::AppConfig& cfg, store::Store& store,
                 KalshiLink& link)
    : parts_(std::make_unique<Parts>(std::move(executor), bus, clock, logging, cfg, store, link)) {}

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
  const std::string session = std::to_string(to_unix_ms(now));
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
  p.engine = std::make_unique<execution::Engine>(
      p.executor, p.bus, p.clock, p.logging.make_logger("execution"), p.trading, *p.risk, *venue,
      p.link.books(), lookup, p.link.directory(), p.link.exchange_status(), options);
  p.engine->set_phase_lookup([&p](const MarketTicker& t) { return p.expiry.phase(t); });

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
        });
    p.reconcile->start();
  }
  net::PeriodicOptions second;
  second.period = std::chrono::seconds(1);
  p.duties = std::make_unique<net::PeriodicTask>(p.executor, p.clock, p.log, "execution.duties",
                                                 second, [&p]() -> asio::awaitable<void> {
                                                   const Timestamp t = p.clock.now();
                                                   p.run_expiry(t);
                                                   p.run_timeouts(t);
                                                   p.run_exits(t);
                                                   co_return;
                                                 });
  p.duties->start();
  p.log->info("trading_started mode={} strategies={} kill_switch={}", paper ? "paper" : "live",
              p.host->status().size(), p.risk->state().kill_switch.engaged);
  return std::nullopt;
}

void Trading::stop() {
  auto& p = *parts_;
  if (p.duties) p.duties->stop();
  if (p.reconcile) p.reconcile->stop();
  if (p.host) p.host->stop();
  if (p.engine) p.engine->stop();
  p.subscriptions.clear();
}

void Trading::Parts::run_expiry(Timestamp now) {
  for (const auto& [ticker, m] : link.scanner().markets()) {
    const auto change = expiry.update(m, now);
    if (!change) continue;
    log->info("market_phase ticker={} from={} to={}", ticker,
              change->from ? execution::to_string(*change->from) : std::string_view("none"),
              execution::to_string(change->to));
    if (change->to == execution::MarketPhase::cancel_all ||
        change->to == execution::MarketPhase::closed) {
      std::size_t n = 0;
      for (auto state : {execution::OrderState::pending, execution::OrderState::resting,
                         execution::OrderState::partially_filled}) {
        for (const auto* o : engine->orders().in_state(state)) {
          if (o->ticker == ticker && engine->cancel_order(o->client_order_id, "expiry")) ++n;
        }
      }
      if (n > 0) log->info("expiry_cancel ticker={} orders={}", ticker, n);
    }
  }
}

void Trading::Parts::run_timeouts(Timestamp now) {
  if (!cfg.execution.order_timeout) return;
  const Duration timeout = *cfg.execution.order_timeout;
  std::vector<ClientOrderId> due;
  for (auto state : {execution::OrderState::resting, execution::OrderState::partially_filled}) {
    for (const auto* o : engine->orders().in_state(state)) {
      if (!o->cancel_requested && now - o->created_at >= timeout) due.push_back(o->client_order_id);
    }
  }
  for (const auto& id : due) {
    if (engine->cancel_order(id, "timeout")) {
      log->info("order_timeout client_order_id={} timeout_s={}", id,
                std::chrono::duration_cast<std::chrono::seconds>(timeout).count());
    }
  }
}

void Trading::Parts::run_exits(Timestamp now) {
  const auto& ledger = engine->ledger();
  for (const auto& [name, sc] : cfg.strategies) {
    if (!sc.exits.any()) continue;
    const strategy::StrategyId id(name);
    for (const auto& [ticker, position] : ledger.positions()) {
      const auto key = std::make_pair(id, ticker);
      if (position.position.is_zero()) {
        opened_at.erase(key);
        continue;
      }
      std::optional<execution::Holding> holding;
      for (const auto& [sid, h] : ledger.holdings(ticker)) {
        if (sid == id) holding = h;
      }
      if (!holding) {
        opened_at.erase(key);
        continue;
      }
      const Timestamp opened = opened_at.try_emplace(key, now).first->second;
      if (auto it = last_exit.find(key);
          it != last_exit.end() && now - it->second < std::chrono::seconds(10)) {
        continue;  // the last exit order is still being worked out
      }
      const kalshi::Market* m = market(ticker);
      execution::ExitInput in;
      in.ticker = ticker;
      in.held_leg =
          position.position > Count{} ? kalshi::OutcomeSide::yes : kalshi::OutcomeSide::no;
      in.contracts = holding->contracts;
      in.cost_basis = holding->cost_basis;
      in.opened_at = opened;
      in.mark = engine->view().mark(ticker);
      in.close_time = m != nullptr ? m->close_time : std::nullopt;
      in.now = now;
      const auto eval = execution::evaluate_exit(sc.exits, in);
      if (eval.blocked) {
        log->warn("exit_blocked strategy={} ticker={} rule={}: no bid for the held leg", name,
                  ticker, execution::to_string(*eval.blocked));
        last_exit[key] = now;
        continue;
      }
      if (!eval.decision) continue;
      strategy::OrderIntent intent;
      intent.id =
          strategy::IntentId(fmt::format("{}-exit-{}-{}", name, to_unix_ms(now), ++exit_seq));
      intent.strategy = id;
      intent.ticker = ticker;
      intent.side = eval.decision->leg;
      intent.action = strategy::Action::sell;
      intent.count = eval.decision->count;
      intent.limit_price = eval.decision->limit_price;
      intent.time_in_force = kalshi::TimeInForce::immediate_or_cancel;
      intent.reduce_only = true;
      intent.evidence.reason = fmt::format("exit: {}", execution::to_string(eval.decision->reason));
      intent.created_at = now;
      last_exit[key] = now;
      log->info("exit strategy={} ticker={} reason={} count={} price={}", name, ticker,
                execution::to_string(eval.decision->reason), intent.count, intent.limit_price);
      engine->submit(intent, risk::IntentPurpose::reduce);
    }
  }
}

}  // namespace antevorta::cli
