// The StrategyContext the host gives each strategy (and the operator): a thin layer over
// StrategyServices that stamps intents with their id, strategy and time (context.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "antevorta/core/event_bus.hpp"
#include "antevorta/strategy/context.hpp"

namespace antevorta::strategy::detail {

class BoundContext final : public StrategyContext {
 public:
  // `active` says whether the strategy may submit now; `schedule` arms its timer (empty:
  // timers are ignored, as for "manual").
  BoundContext(const config::StrategyConfig& config, Logger logger, const Clock& clock,
               StrategyServices& services, EventBus& bus, std::string session,
               std::function<bool()> active, std::function<void(Duration)> schedule);

  const StrategyId& strategy() const noexcept override { return id_; }
  const config::StrategyConfig& config() const noexcept override { return config_; }
  const Logger& logger() const noexcept override { return logger_; }
  const Clock& clock() const noexcept override { return clock_; }

  const kalshi::OrderBook* book(const MarketTicker& ticker) const override;
  const kalshi::Market* market(const MarketTicker& ticker) const override;
  std::optional<kalshi::FeeSchedule> fees(const MarketTicker& ticker) const override;
  Count position(const MarketTicker& ticker) const override;
  std::vector<StrategyOrder> open_orders() const override;
  Money bankroll() const override;

  IntentId submit(OrderIntent intent) override;
  bool cancel(const ClientOrderId& id) override;
  std::size_t cancel_all(const MarketTicker& ticker) override;
  RepriceOutcome reprice(const ClientOrderId& id, Price limit_price, Count count) override;
  void schedule(Duration delay) override;
  void publish(const ForecastPublished& forecast) override;

 private:
  const config::StrategyConfig& config_;
  StrategyId id_;
  Logger logger_;
  const Clock& clock_;
  StrategyServices& services_;
  EventBus& bus_;
  std::string session_;
  std::function<bool()> active_;
  std::function<void(Duration)> schedule_;
  std::uint64_t next_ = 0;
};

}  // namespace antevorta::strategy::detail
