// The collateral held for resting orders, as the exchange reserves it (reconcile.hpp).
#include <algorithm>
#include <array>

#include "antevorta/execution/reconcile.hpp"

namespace antevorta::execution {

namespace {

Money dollars(Count count) { return notional(Price::one(), count, Rounding::down); }

std::optional<Price> yes_price_of(const kalshi::Order& order) {
  if (order.yes_price) return order.yes_price;
  if (order.no_price) return order.no_price->complement();
  return std::nullopt;
}

Money maker_fee(const std::optional<kalshi::FeeSchedule>& fees, kalshi::FeeRounding rounding,
                Price yes_price, Count count) {
  if (!fees || count.is_zero()) return Money::zero();
  // No formula (the `flat` type) charges nothing, as the simulator does.
  return kalshi::trading_fee(*fees, kalshi::Liquidity::maker, yes_price, count, rounding)
      .value_or(Money::zero());
}

}  // namespace

std::optional<Money> resting_collateral(const std::vector<const kalshi::Order*>& orders,
                                        Count position,
                                        const std::optional<kalshi::FeeSchedule>& fees,
                                        kalshi::FeeRounding rounding) {
  std::array<Money, 2> value{};  // [bid, ask]
  std::array<Count, 2> quantity{};
  for (const kalshi::Order* o : orders) {
    if (o->status != kalshi::OrderStatus::resting || o->remaining_count <= Count{}) continue;
    const std::optional<Price> yes = yes_price_of(*o);
    if (!yes) return std::nullopt;
    const bool bid = o->book_side == kalshi::BookSide::bid;
    const Price leg = bid ? *yes : yes->complement();
    // The exchange rounds a maker's leg per order cumulatively from its first maker fill.
    const Count base = o->taker_fill_cost.is_zero() ? o->fill_count : Count{};
    const Count after = base + o->remaining_count;
    const std::size_t side = bid ? 0 : 1;
    value[side] += notional(leg, after, Rounding::up) - notional(leg, base, Rounding::up);
    value[side] += maker_fee(fees, rounding, *yes, after) - maker_fee(fees, rounding, *yes, base);
    quantity[side] += o->remaining_count;
  }
  // A bid's fills close held NO first, an ask's held YES; each closed pair returns $1.
  const Count held_no = std::max(Count{}, -position);
  const Count held_yes = std::max(Count{}, position);
  const Money bid_need =
      std::max(Money::zero(), value[0] - dollars(std::min(quantity[0], held_no)));
  const Money ask_need =
      std::max(Money::zero(), value[1] - dollars(std::min(quantity[1], held_yes)));
  return std::max(bid_need, ask_need);
}

}  // namespace antevorta::execution
