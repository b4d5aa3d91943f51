#include "bound_context.hpp"

#include <utility>

#include <fmt/format.h>

namespace antevorta::strategy::detail {

BoundContext::BoundContext(const config::StrategyConfig& config, Logger logger, const Clock& clock,
                           StrategyServices& services, EventBus& bus, std::string session,
                           std::function<bool()> active, std::function<void(Duration)> schedule)
    : config_(config),
      id_(config.name),
      logger_(std::move(logger)),
      clock_(clock),
      services_(services),
      bus_(bus),
      session_(std::move(session)),
      active_(std::move(active)),
      schedule_(std::move(schedule)) {}

const kalshi::OrderBook* BoundContext::book(const MarketTicker& ticker) const {
  return services_.book(ticker);
}

const kalshi::Market* BoundContext::market(const MarketTicker& ticker) const {
  return services_.market(ticker);
}

std::optional<kalshi::FeeSchedule> BoundContext::fees(const MarketTicker& ticker) const {
  return services_.fees(ticker);
}

void BoundContext::publish(const ForecastPublished& forecast) { bus_.publish(forecast); }

Count BoundContext::position(const MarketTicker& ticker) const {
  return services_.position(id_, ticker);
}

std::vector<StrategyOrder> BoundContext::open_orders() const { return services_.open_orders(id_); }

Money BoundContext::bankroll() const { return services_.bankroll(id_); }

IntentId BoundContext::submit(OrderIntent intent) {
  if (active_ && !active_()) {
    logger_->warn("intent_dropped strategy={} ticker={} reason=strategy_disabled", id_,
                  intent.ticker);
    return IntentId{};
  }
  intent.id = IntentId(fmt::format("{}-{}-{}", id_, session_, ++next_));
  intent.strategy = id_;
  intent.created_at = clock_.now();
  logger_->debug(
      "intent_submitted strategy={} intent={} ticker={} side={} action={} count={} price={} "
      "tif={}",
      id_, intent.id, intent.ticker, kalshi::to_string(intent.side), to_string(intent.action),
      intent.count, intent.limit_price, kalshi::to_string(intent.time_in_force));
  services_.submit(intent);
  return intent.id;
}

bool BoundContext::cancel(const ClientOrderId& id) { return services_.cancel(id_, id); }

std::size_t BoundContext::cancel_all(const MarketTicker& ticker) {
  return services_.cancel_all(id_, ticker);
}

RepriceOutcome BoundContext::reprice(const ClientOrderId& id, Price limit_price, Count count) {
  if (active_ && !active_()) {
    logger_->warn("reprice_dropped strategy={} client_order_id={} reason=strategy_disabled", id_,
                  id);
    return RepriceOutcome::dropped;
  }
  const IntentId replacement(fmt::format("{}-{}-{}", id_, session_, ++next_));
  return services_.reprice(id_, id, limit_price, count, replacement);
}

void BoundContext::schedule(Duration delay) {
  if (schedule_) schedule_(delay);
}

}  // namespace antevorta::strategy::detail
