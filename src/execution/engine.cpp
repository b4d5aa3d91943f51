// Engine: construction, start/stop and restore, the strategy services' queries.
#include "antevorta/execution/engine.hpp"

#include "antevorta/execution/records.hpp"
#include "antevorta/kalshi/market_scanner.hpp"

#include "engine_state.hpp"

namespace antevorta::execution {

strategy::OrderState strategy_state(OrderState state) noexcept {
  switch (state) {
    case OrderState::pending:
      return strategy::OrderState::pending;
    case OrderState::resting:
    case OrderState::partially_filled:
      return strategy::OrderState::resting;
    case OrderState::filled:
      return strategy::OrderState::filled;
    case OrderState::canceled:
      return strategy::OrderState::canceled;
    case OrderState::rejected:
      return strategy::OrderState::rejected;
    case OrderState::unknown:
      return strategy::OrderState::unknown;
  }
  return strategy::OrderState::unknown;
}

strategy::StrategyOrder strategy_order(const TrackedOrder& o) {
  strategy::StrategyOrder s;
  s.strategy = o.strategy;
  s.intent = o.intent_id;
  s.client_order_id = o.client_order_id;
  s.ticker = o.ticker;
  s.side = o.side;
  s.action = o.action;
  s.limit_price = o.limit_price;
  s.count = o.count;
  s.filled = o.filled_count();
  s.time_in_force = o.time_in_force;
  s.state = strategy_state(o.state);
  return s;
}

Engine::Engine(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock, Logger logger,
               store::TradingStore& store, risk::RiskManager& risk, Venue& venue,
               const kalshi::BookStore& books, MarketLookup markets,
               const kalshi::MarketDirectory& directory,
               const kalshi::ExchangeStatusMonitor& exchange, EngineOptions options)
    : state_(std::make_shared<State>(std::move(executor), bus, clock, std::move(logger), store,
                                     risk, venue, books, std::move(markets), directory, exchange,
                                     std::move(options))) {
  state_->view.set_positions_known(state_->options.paper);
}

Engine::~Engine() {
  stop();
  state_->alive = false;
}

void Engine::start() {
  auto& s = *state_;
  if (s.running) return;
  s.running = true;
  s.restore();
  s.subscriptions.push_back(s.bus.subscribe<kalshi::MarketChanged>(
      [st = state_.get()](const kalshi::MarketChanged& e) { st->on_market_changed(e); }));
  s.subscriptions.push_back(
      s.bus.subscribe<kalshi::BookUpdated>([st = state_.get()](const kalshi::BookUpdated& e) {
        if (e.book && !st->ledger.position(e.book->ticker()).position.is_zero()) {
          st->observe_equity(false);
        }
      }));
  s.log->info("execution_started mode={} open_orders={} markets={}",
              s.options.paper ? "paper" : "live", s.tracker.open_count(),
              s.ledger.positions().size());
}

void Engine::stop() {
  auto& s = *state_;
  if (!s.running) return;
  s.running = false;
  s.subscriptions.clear();
}

void Engine::State::add_market(const MarketTicker& ticker, ExchangeIndex shard) {
  if (auto error = ledger.add_market(ticker, shard)) {
    log->warn("ledger_market_rejected ticker={} shard={} error={}", ticker, shard,
              to_string(*error));
    return;
  }
  if (options.paper && funded_shards.insert(shard).second) {
    Money cash = options.paper_starting_balance;
    if (auto it = restored_cash.find(shard); it != restored_cash.end()) cash += it->second;
    ledger.set_cash(shard, cash, clock.now());
    log->info("paper_cash shard={} cash={}", shard, cash);
  }
}

void Engine::State::restore() {
  const Timestamp now = clock.now();
  // Positions: the ledger starts from the stored accounts (the exchange's word replaces them
  // in live mode at the first reconciliation).
  const auto rows = store.positions();
  for (const auto& row : rows) {
    restored_cash[static_cast<ExchangeIndex>(row.shard)] +=
        Money::from_centicents(row.realized - row.cost_basis - row.fees);
  }
  for (const auto& row : rows) {
    const MarketTicker ticker(row.ticker);
    MarketPosition account;
    account.shard = static_cast<ExchangeIndex>(row.shard);
    account.position = Count::from_centi(row.position);
    account.cost_basis = Money::from_centicents(row.cost_basis);
    account.realized_before_fees = Money::from_centicents(row.realized);
    account.fees_paid = Money::from_centicents(row.fees);
    account.settlement_payouts = Money::from_centicents(row.payouts);
    account.volume = Count::from_centi(row.volume);
    add_market(ticker, account.shard);
    if (auto error = ledger.restore(ticker, account)) {
      log->warn("position_restore_failed ticker={} error={}", ticker, to_string(*error));
    }
  }
  // Orders that may still be live: back into the tracker. A pending one may have left
  // before the process stopped: its outcome is unknown until the exchange says.
  std::size_t restored = 0;
  for (const auto& row : store.open_orders()) {
    auto order = row_to_order(row);
    if (!order) {
      log->error("order_restore_failed client_order_id={} state={}", row.client_order_id,
                 row.state);
      continue;
    }
    const bool pending = order->state == OrderState::pending;
    const ClientOrderId id = order->client_order_id;
    if (!tracker.restore(std::move(*order))) continue;
    ++restored;
    if (pending) apply(id, OutcomeUnknown{"pending at restart", now}, "restart");
  }
  if (restored > 0) log->info("orders_restored count={}", restored);
}

void Engine::State::observe_equity(bool force) {
  const Timestamp now = clock.now();
  if (!force && last_equity_observation &&
      now - *last_equity_observation < std::chrono::seconds(1)) {
    return;
  }
  last_equity_observation = now;
  if (auto equity = view.equity()) risk.observe_equity(*equity, now);
}

const kalshi::OrderBook* Engine::book(const MarketTicker& ticker) const {
  return state_->books.find(ticker.str());
}

const kalshi::Market* Engine::market(const MarketTicker& ticker) const {
  return state_->markets ? state_->markets(ticker) : nullptr;
}

std::optional<kalshi::FeeSchedule> Engine::fees(const MarketTicker& ticker) const {
  const kalshi::Market* m = market(ticker);
  return m != nullptr ? state_->directory.fees(m->event_ticker) : std::nullopt;
}

Count Engine::position(const strategy::StrategyId& strategy, const MarketTicker& ticker) const {
  const auto& s = *state_;
  const Count net = s.ledger.position(ticker).position;
  if (net.is_zero()) return Count{};
  for (const auto& [id, holding] : s.ledger.holdings(ticker)) {
    if (id == strategy) return net > Count{} ? holding.contracts : -holding.contracts;
  }
  return Count{};
}

std::vector<strategy::StrategyOrder> Engine::open_orders(
    const strategy::StrategyId& strategy) const {
  std::vector<strategy::StrategyOrder> out;
  for (const auto* o : state_->tracker.open()) {
    if (o->strategy == strategy) out.push_back(strategy_order(*o));
  }
  return out;
}

Money Engine::bankroll(const strategy::StrategyId& /*strategy*/) const {
  // One pool for every strategy: the cash of all shards. Per-strategy allocations are a
  // risk-limit matter (max exposure), not a bookkeeping one.
  return state_->ledger.cash();
}

void Engine::submit(const strategy::OrderIntent& intent) {
  state_->submit(intent, risk::IntentPurpose::entry);
}

risk::RiskDecision Engine::submit(const strategy::OrderIntent& intent,
                                  risk::IntentPurpose purpose) {
  return state_->submit(intent, purpose);
}

bool Engine::cancel(const strategy::StrategyId& strategy, const ClientOrderId& id) {
  const auto* o = state_->tracker.find(id);
  if (o == nullptr || o->strategy != strategy || !is_open(o->state)) return false;
  return state_->request_cancel(id, "strategy");
}

std::size_t Engine::cancel_all(const strategy::StrategyId& strategy, const MarketTicker& ticker) {
  std::size_t n = 0;
  for (const auto& o : open_orders(strategy)) {
    if (o.ticker == ticker && state_->request_cancel(o.client_order_id, "strategy")) ++n;
  }
  return n;
}

strategy::RepriceOutcome Engine::reprice(const strategy::StrategyId& strategy,
                                         const ClientOrderId& id, Price limit_price, Count count,
                                         const strategy::IntentId& replacement) {
  return state_->reprice(strategy, id, limit_price, count, replacement);
}

bool Engine::cancel_order(const ClientOrderId& id, std::string_view why) {
  const auto* o = state_->tracker.find(id);
  if (o == nullptr || !is_open(o->state)) return false;
  return state_->request_cancel(id, why);
}

std::size_t Engine::cancel_everything(std::string_view why) {
  std::vector<ClientOrderId> ids;
  for (const auto* o : state_->tracker.open()) ids.push_back(o->client_order_id);
  std::size_t n = 0;
  for (const auto& id : ids) n += state_->request_cancel(id, why) ? 1 : 0;
  return n;
}

void Engine::on_fill(const ExchangeFill& fill, Timestamp received_at) {
  state_->on_fill(fill, received_at);
}

void Engine::on_order_update(const ExchangeUpdate& update, const std::optional<ClientOrderId>& id) {
  auto& s = *state_;
  const TrackedOrder* o = s.tracker.find(update.order_id);
  if (o == nullptr && id) o = s.tracker.find(*id);
  if (o == nullptr) return;  // not ours, or forgotten: reconciliation decides
  s.apply(o->client_order_id, update, "exchange update");
}

void Engine::on_ws_message(const kalshi::WsMessage& message, Timestamp received_at) {
  if (const auto* f = std::get_if<kalshi::FillMessage>(&message)) {
    on_fill(exchange_fill(*f), received_at);
  } else if (const auto* u = std::get_if<kalshi::UserOrderUpdate>(&message)) {
    std::optional<ClientOrderId> id;
    if (u->client_order_id) id = ClientOrderId(std::string(*u->client_order_id));
    on_order_update(exchange_update(*u, received_at), id);
  }
}

std::optional<double> Engine::fair_value(const strategy::StrategyId& strategy,
                                         const MarketTicker& ticker) const {
  auto it = state_->fair_values.find({strategy, ticker});
  if (it == state_->fair_values.end()) return std::nullopt;
  return it->second;
}

void Engine::set_phase_lookup(PhaseLookup lookup) { state_->phase_of = std::move(lookup); }

void Engine::set_positions_known(bool known) { state_->view.set_positions_known(known); }
bool Engine::positions_known() const noexcept { return state_->view.positions_known(); }
const Ledger& Engine::ledger() const noexcept { return state_->ledger; }
const OrderTracker& Engine::orders() const noexcept { return state_->tracker; }
const PortfolioView& Engine::view() const noexcept { return state_->view; }
const EngineStats& Engine::stats() const noexcept { return state_->stats; }

}  // namespace antevorta::execution
