// StrategyHost: owns the created strategies, feeds them bus events, and switches them on and
// off at runtime.
//
// Delivery. While running (start() .. stop()) the host subscribes to
//   kalshi::BookUpdated   → on_book, for strategies that follow the book's market;
//   kalshi::MarketChanged → on_market, the same filter;
//   StrategyOrderUpdate, StrategyFill → on_order / on_fill of the strategy they name
//   (the hook for execution: publish those two events and strategies hear about their orders);
//   feeds::IndexUpdated   → on_index, every strategy (indices are not per market);
//   feeds::SettlementProgress → on_settlement, for strategies that follow its market.
// Only enabled strategies are called. A strategy follows a market when the market's ticker
// is in its `markets`, or its series is in its `series`; the series is the event ticker's
// first segment (as the scanner matches it), the event ticker coming from the MarketChanged
// event or StrategyServices::market(), else the market ticker's own first segment (Kalshi
// market tickers start with their event ticker). Empty `series` and `markets` follow
// nothing (logged as `strategy_follows_nothing` when such a strategy is enabled).
//
// Never re-entered. Strategy handlers run one at a time: an event that reaches the host
// while a handler runs (a submit answered synchronously on the bus, say) is queued and
// delivered after that handler returns, in order.
//
// Enable / disable. start() calls on_start for the strategies enabled in their
// configuration and publishes StrategyStateChanged{reason config} for each. set_enabled()
// changes one at runtime: enabling calls on_start, disabling calls on_stop, and each
// publishes StrategyStateChanged{reason operator_request}. Disabling cancels nothing by
// itself: open orders stay until the strategy cancels them in on_stop, the operator
// cancels them, or they fill. Runtime changes are not persisted: the configuration decides
// again at the next start. Before start() only the flag changes (hooks run at start).
// stop() calls on_stop for the enabled ones and unsubscribes; it keeps the flags (status()
// still shows what was running) and publishes nothing, unless an on_stop throws (a failure,
// as below).
//
// Failure. A strategy handler that throws is caught here: the host logs
// `strategy_failed name=… error=…`, disables it (calls on_stop, whose own exception is
// logged and ignored), drops its timer and publishes StrategyStateChanged{enabled false,
// reason failed, detail = the error}. Nothing is canceled; the daemon keeps running.
//
// Manual orders. manual() is the operator API's context: strategy "manual", the same intent
// stamping and the same StrategyServices::submit path as every strategy.
//
// Errors: expected outcomes are values (SetEnabledResult) and events. Threading: the
// io_context thread only. Lifetime: bus, clock, services and the BookStore behind
// BookUpdated outlive the host (a queued delivery holds the book's pointer).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/strategy/context.hpp"
#include "antevorta/strategy/registry.hpp"
#include "antevorta/strategy/strategy.hpp"

namespace antevorta::strategy {

// Makes the logger of a component ("strategy.threshold_taker"); e.g. Logging::make_logger.
using LoggerFactory = std::function<Logger(const std::string& component)>;

enum class SetEnabledResult : std::uint8_t {
  changed,           // the state changed (and the event was published)
  unchanged,         // already in that state; nothing happened
  unknown_strategy,  // no strategy of that name
  failed,            // enabling: on_start threw, so the strategy stays disabled
};
std::string_view to_string(SetEnabledResult result) noexcept;

struct StrategyStatus {
  StrategyId name;
  bool enabled = false;
  std::vector<SeriesTicker> series;
  std::vector<MarketTicker> markets;
  std::optional<std::string> last_error;  // the last failure, cleared when re-enabled
};

struct HostOptions {
  // Middle part of intent ids ("<strategy>-<session>-<n>"). Empty: the clock's unix time in
  // milliseconds at construction, so ids differ between runs while the clock moves forward.
  std::string session;
  LoggerFactory loggers;  // empty: null loggers for the strategies
};

class StrategyHost {
 public:
  StrategyHost(EventBus& bus, Clock& clock, Logger logger, StrategyServices& services,
               std::vector<CreatedStrategy> strategies, HostOptions options = {});
  ~StrategyHost();
  StrategyHost(const StrategyHost&) = delete;
  StrategyHost& operator=(const StrategyHost&) = delete;

  void start();
  void stop();
  bool running() const noexcept;

  SetEnabledResult set_enabled(std::string_view name, bool enabled);
  // nullopt for an unknown name.
  std::optional<bool> enabled(std::string_view name) const;
  // Every strategy, in name order.
  std::vector<StrategyStatus> status() const;
  // Whether the named strategy follows `ticker` (false for an unknown name).
  bool follows(std::string_view name, const MarketTicker& ticker) const;
  // Whether the named strategy trades on the price index (false for an unknown name).
  bool trades_on_index(std::string_view name) const;

  // The operator's context (strategy "manual"); valid for the host's lifetime.
  StrategyContext& manual();

  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace antevorta::strategy
