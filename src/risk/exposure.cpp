#include "antevorta/risk/exposure.hpp"

#include <algorithm>

namespace antevorta::risk {

IntentSplit split_intent(const strategy::OrderIntent& intent, Count position) noexcept {
  const int direction = strategy::position_direction(intent.side, intent.action);
  const std::int64_t held = position.centi();
  const std::int64_t count = intent.count.centi();
  // Only an intent against the position's sign reduces it, and only down to zero.
  const bool against = (direction > 0 && held < 0) || (direction < 0 && held > 0);
  const std::int64_t reducing = against ? std::min(count, held < 0 ? -held : held) : 0;
  return IntentSplit{Count::from_centi(reducing), Count::from_centi(count - reducing)};
}

Price opening_price(const strategy::OrderIntent& intent) noexcept {
  return intent.action == strategy::Action::buy ? intent.limit_price
                                                : intent.limit_price.complement();
}

std::optional<IntentCost> intent_cost(const strategy::OrderIntent& intent, Count position,
                                      const kalshi::FeeSchedule& fees) {
  const auto fee = kalshi::trading_fee(fees, kalshi::Liquidity::taker, intent.limit_price,
                                       intent.count, kalshi::FeeRounding::order_cent);
  if (!fee) return std::nullopt;
  IntentCost cost;
  cost.split = split_intent(intent, position);
  cost.opening_cost = notional(opening_price(intent), cost.split.opening, Rounding::up);
  cost.fee = *fee;
  return cost;
}

Money market_exposure(const PositionInfo& position, const RestingOrders& resting) {
  return position.exposure + std::max(resting.towards_yes_cost, resting.towards_no_cost);
}

}  // namespace antevorta::risk
