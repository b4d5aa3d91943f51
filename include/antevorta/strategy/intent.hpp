// What a strategy (or the operator) wants to trade: the OrderIntent, the one input of the
// risk manager and of execution. Manual orders from the operator API are intents too, with
// strategy "manual".
//
// Direction. `side` is the outcome leg (YES or NO) and `action` buys or sells it;
// `limit_price` is in that leg's own terms (a NO buy at 0.40 is a YES sell at 0.60 on the
// exchange's single book). `reduce_only` intents may only shrink the position.
//
// Evidence is what the decision was based on; it is stored with the intent and with every
// risk decision, so "why did (or didn't) it trade" always has an answer. Probabilities and
// edges are doubles (DESIGN §5 allows them for probabilities); money never is.
//
// Errors: none (plain data). Threading: values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/kalshi/order_book.hpp"

namespace antevorta::strategy {

enum class Action : std::uint8_t { buy, sell };
std::string_view to_string(Action a) noexcept;
std::optional<Action> parse_action(std::string_view text) noexcept;

// The position change an action on a leg makes, in signed YES-equivalent terms:
// buying YES or selling NO adds (+1), buying NO or selling YES subtracts (-1).
constexpr int position_direction(kalshi::OutcomeSide side, Action action) noexcept {
  const bool yes = side == kalshi::OutcomeSide::yes;
  const bool buy = action == Action::buy;
  return yes == buy ? +1 : -1;
}

// The YES-price equivalent of a leg's price (NO at x is YES at 1 - x).
constexpr Price yes_price(kalshi::OutcomeSide side, Price leg_price) noexcept {
  return side == kalshi::OutcomeSide::yes ? leg_price : leg_price.complement();
}

struct StrategyIdTag {};
using StrategyId = Id<StrategyIdTag>;  // the strategy's configured name, or "manual"
inline const StrategyId kManualStrategy{"manual"};

struct IntentIdTag {};
using IntentId = Id<IntentIdTag>;  // unique per intent; the client_order_id derives from it

struct Evidence {
  std::optional<double> probability;      // the model's P(YES), 0..1
  std::optional<double> edge_after_fees;  // expected value per contract in dollars, after fees
  std::optional<double> confidence;       // 0..1
  std::string reason;                     // free text, for people
};

struct OrderIntent {
  IntentId id;
  StrategyId strategy;
  MarketTicker ticker;
  kalshi::OutcomeSide side = kalshi::OutcomeSide::yes;
  Action action = Action::buy;
  Count count;
  Price limit_price;  // in the leg's own terms
  kalshi::TimeInForce time_in_force = kalshi::TimeInForce::good_till_canceled;
  bool post_only = false;
  bool reduce_only = false;
  Evidence evidence;
  Timestamp created_at{};

  // The signed YES-equivalent change if the whole intent filled.
  std::int64_t signed_centi() const noexcept {
    return position_direction(side, action) * count.centi();
  }
};

}  // namespace antevorta::strategy
