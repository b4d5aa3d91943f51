// The strategy plugin interface.
//
// A strategy is created by its factory (registry.hpp) from its configuration and owned by
// the StrategyHost (host.hpp), which calls it. The life cycle is
//   on_start(context) → any number of on_book / on_market / on_order / on_fill / on_timer /
//   on_index / on_settlement → on_stop()        (and again from on_start when the operator
//   re-enables it).
// Handlers are called only while the strategy is enabled, only for the markets it follows
// (its configured series and markets), one at a time, never re-entered: whatever a handler
// causes (a submit that is denied at once, say) reaches the strategy after it returns.
//
// What a strategy does is submit and cancel intents through its context (context.hpp); the
// context stays valid from on_start until the host is destroyed, so a strategy may keep a
// pointer to it. Every handler has a no-op default.
//
// Errors: a handler that throws is caught by the host, which disables the strategy (logs
// `strategy_failed`, publishes StrategyStateChanged{reason failed}); it never reaches the
// daemon. Expected outcomes (no edge, book stale) are simply no action.
// Threading: the io_context thread only.
#pragma once

#include <utility>

#include "antevorta/core/clock.hpp"
#include "antevorta/feeds/events.hpp"
#include "antevorta/kalshi/market_scanner.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/strategy/events.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::strategy {

class StrategyContext;

class Strategy {
 public:
  // `name` is the strategy's configured name (the key under `strategies:`); intents it
  // submits carry it as their StrategyId.
  explicit Strategy(StrategyId name) : name_(std::move(name)) {}
  virtual ~Strategy() = default;
  Strategy(const Strategy&) = delete;
  Strategy& operator=(const Strategy&) = delete;

  const StrategyId& name() const noexcept { return name_; }

  // Whether the strategy's prices come from the aggregated price index (on_index): then the
  // risk manager's max_feed_age_seconds applies the index of the market's asset to its
  // intents.
  virtual bool trades_on_index() const noexcept { return false; }

  // Enabled (at host start, or at runtime). Keep `context` for the other handlers.
  virtual void on_start(StrategyContext& context) { (void)context; }
  // Disabled, or the host is stopping. Open orders stay open unless the strategy cancels
  // them here: disabling cancels nothing by itself.
  virtual void on_stop() {}

  // A followed market's book changed (snapshot or delta; `book.stale()` may be true).
  // `at` is the receive time of the frame that changed it.
  virtual void on_book(const kalshi::OrderBook& book, Timestamp at) {
    (void)book;
    (void)at;
  }
  // A followed market was listed, updated, closed, determined or settled.
  virtual void on_market(const kalshi::MarketChanged& change) { (void)change; }
  // One of this strategy's orders changed state (including `denied` by risk).
  virtual void on_order(const StrategyOrderUpdate& update) { (void)update; }
  // One of this strategy's orders traded.
  virtual void on_fill(const StrategyFill& fill) { (void)fill; }
  // The timer asked for with StrategyContext::schedule() is due; `now` is the clock's time.
  virtual void on_timer(Timestamp now) { (void)now; }
  // An asset's aggregated index changed value or status (every asset: not filtered by the
  // markets the strategy follows). `unavailable` means: do not trade on it.
  virtual void on_index(const feeds::IndexUpdated& update) { (void)update; }
  // The settlement engine's view of a followed 15-minute market (target, index, time to
  // close, the final-minute running average): about once a second while it is open.
  virtual void on_settlement(const feeds::SettlementProgress& progress) { (void)progress; }

 private:
  StrategyId name_;
};

}  // namespace antevorta::strategy
