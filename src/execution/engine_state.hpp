// The engine's state, shared by its source files (engine.cpp: construction, services,
// restore; engine_orders.cpp: intents, sends, cancels, order events; engine_fills.cpp:
// fills and settlement). Order tasks hold the state by shared_ptr and check `alive` after
// every suspension: the objects it refers to may be gone once the engine is destroyed.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "antevorta/execution/engine.hpp"
#include "antevorta/risk/gate.hpp"

namespace antevorta::execution {

struct Engine::State : std::enable_shared_from_this<Engine::State> {
  State(boost::asio::any_io_executor ex, EventBus& b, Clock& c, Logger l, store::TradingStore& s,
        risk::RiskManager& r, Venue& v, const kalshi::BookStore& bk, MarketLookup m,
        const kalshi::MarketDirectory& d, const kalshi::ExchangeStatusMonitor& x, EngineOptions o)
      : executor(std::move(ex)),
        bus(b),
        clock(c),
        log(std::move(l)),
        store(s),
        risk(r),
        venue(v),
        books(bk),
        markets(std::move(m)),
        directory(d),
        options(std::move(o)),
        tracker(options.prefix),
        view(
            ledger, books, markets, d, x, [this] { return tracker.open_orders(); }, options.feeds),
        gate(b, c, r, view) {}

  boost::asio::any_io_executor executor;
  EventBus& bus;
  Clock& clock;
  Logger log;
  store::TradingStore& store;
  risk::RiskManager& risk;
  Venue& venue;
  const kalshi::BookStore& books;
  MarketLookup markets;
  const kalshi::MarketDirectory& directory;
  EngineOptions options;

  Ledger ledger;
  OrderTracker tracker;
  PortfolioView view;
  risk::RiskGate gate;
  EngineStats stats;

  bool alive = true;
  bool running = false;
  std::vector<Subscription> subscriptions;
  // Paper: cash restored from the store per shard (Σ realized − basis − fees), and the
  // shards funded so far.
  std::map<ExchangeIndex, Money> restored_cash;
  std::set<ExchangeIndex> funded_shards;
  std::uint64_t changes_since_forget = 0;
  std::optional<Timestamp> last_equity_observation;
  // Reconciliation: the latest local fill per market, and the last successful round.
  std::map<MarketTicker, Timestamp> last_fill;
  std::optional<Timestamp> last_reconciled;
  bool reconciling = false;
  // What reconciliation has compared with the exchange before: only a later difference
  // there is drift (a first look is an opening balance or a start-up correction).
  std::set<ExchangeIndex> cash_compared;
  std::set<MarketTicker> positions_compared;
  PhaseLookup phase_of;
  std::map<std::pair<strategy::StrategyId, MarketTicker>, double> fair_values;

  // The expiry gate (engine_orders.cpp): a denial when the market's phase forbids the intent.
  std::optional<risk::RiskDecision> expiry_denial(const strategy::OrderIntent& intent) const;

  // engine.cpp
  void add_market(const MarketTicker& ticker, ExchangeIndex shard);
  void restore();
  void observe_equity(bool force);

  // engine_orders.cpp
  risk::RiskDecision submit(const strategy::OrderIntent& intent, risk::IntentPurpose purpose);
  // Applies an event to a tracked order; persists and publishes what changed. `why` is the
  // transition's reason.
  TrackerResult apply(const ClientOrderId& id, const OrderEvent& event, std::string why);
  // Persists the order's row (and a transition when the state changed) and publishes it.
  void record_change(const TrackedOrder& order, OrderState from, const std::string& why,
                     bool state_changed);
  void publish_update(const TrackedOrder& order, std::string reason);
  bool request_cancel(const ClientOrderId& id, std::string_view why);
  void spawn(boost::asio::awaitable<void> task, const char* what);
  boost::asio::awaitable<void> send_create(ClientOrderId id);
  boost::asio::awaitable<void> send_cancel(ClientOrderId id);
  boost::asio::awaitable<void> send_decrease(ClientOrderId id, Count reduce_to);
  strategy::RepriceOutcome reprice(const strategy::StrategyId& strategy, const ClientOrderId& id,
                                   Price limit_price, Count count,
                                   const strategy::IntentId& replacement);

  // engine_fills.cpp
  void on_fill(const ExchangeFill& fill, Timestamp received_at);
  void on_market_changed(const kalshi::MarketChanged& change);
  // Settles a market's position into the ledger and the store; false when nothing settled.
  bool settle(const MarketTicker& ticker, kalshi::MarketResult result,
              std::optional<Price> yes_value, Timestamp at);

  // engine_reconcile.cpp
  boost::asio::awaitable<ReconcileReport> reconcile(kalshi::RestClient& rest);
  void record_adjustment(const MarketTicker& ticker, const std::string& note);
};

}  // namespace antevorta::execution
