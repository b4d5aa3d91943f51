// Exposure: the money at risk, defined once here for every rule that limits it.
//
//   Position  — what it cost, i.e. what it loses if it settles against us
//               (PositionInfo::exposure, Kalshi `market_exposure_dollars`).
//   Market    — the position's exposure + the larger of the costs of its resting orders in
//               the two directions (towards YES, towards NO). Orders in opposite directions
//               net against each other, so at most one direction adds money at risk.
//   Intent    — split against the current position into a reducing part (shrinks |position|,
//               adds nothing) and an opening part (opens or extends a position). The opening
//               part costs opening × its price in the leg it opens (the limit for a buy,
//               1 − limit for a sell, which buys the other leg), and the order pays the
//               taker fee on its whole count (kalshi::trading_fee, rounded up to the cent;
//               taker even for post-only orders, the conservative estimate). The intent adds
//               opening cost + fee; an intent with no opening part adds nothing.
//   Event, series, category, portfolio — the sum of the market exposures of their markets.
//               An event's mutually exclusive legs are summed too (they count together);
//               netting exclusive legs against each other is deliberately not modelled.
//
// Errors: an unknown fee (the `flat` schedule) is std::nullopt; callers deny. Overflow in the
// fixed-point types throws ArithmeticOverflow (a broken invariant). Threading: pure functions.
#pragma once

#include <optional>

#include "antevorta/core/fixed.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/risk/view.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::risk {

struct IntentSplit {
  Count reducing;  // shrinks the current position
  Count opening;   // opens or extends one (past zero, or in the position's direction)
  // Reducing only: the intent cannot open or extend a position.
  bool reduces_only() const noexcept { return opening.is_zero() && !reducing.is_zero(); }
};

// `position` is the market's signed position (+YES / −NO).
IntentSplit split_intent(const strategy::OrderIntent& intent, Count position) noexcept;

// The price per contract of the opening part, in the leg it opens.
Price opening_price(const strategy::OrderIntent& intent) noexcept;

struct IntentCost {
  IntentSplit split;
  Money opening_cost;  // opening_price × opening, rounded up
  Money fee;           // estimated taker fee on the whole count

  // What the order may spend: opening cost + fee (a reducing part is paid for, not paid).
  Money order_cost() const { return opening_cost + fee; }
  // Money at risk the intent adds.
  Money added_exposure() const { return split.opening.is_zero() ? Money::zero() : order_cost(); }
};

// nullopt when the schedule has no fee formula.
std::optional<IntentCost> intent_cost(const strategy::OrderIntent& intent, Count position,
                                      const kalshi::FeeSchedule& fees);

Money market_exposure(const PositionInfo& position, const RestingOrders& resting);

}  // namespace antevorta::risk
