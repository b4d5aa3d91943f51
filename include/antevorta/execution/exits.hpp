// Exit rules for one strategy's holding in one market (config::ExitConfig, set per strategy
// in strategies.<name>.exits). Pure: the engine feeds each holding with its mark, the
// strategy's latest fair value and the time, and sends what comes back through risk.
//
// An exit sells the whole holding into the held leg's bid: a YES holding at the YES bid, a NO
// holding at the NO bid = 1 − YES ask. The limit is that bid (the engine applies the risk
// manager's price band). A bid of 0 (a YES ask of 1) is no bid: nothing can be sold there.
//
// Rules, in priority order (the first that fires decides the reason):
//   flatten_before_close  close_time − now <= flatten_before_close
//   stop_loss             bid <= average cost − stop_loss
//   take_profit           bid >= average cost + take_profit
//   edge_evaporated       fair value of the held leg − bid < edge_evaporated
//   time_decay            now − opened_at > max_holding
// Average cost = cost_basis / contracts, never rounded: stop_loss and take_profit compare
// bid × contracts with cost_basis ∓ threshold × contracts in exact integer units (centi-cents
// × centi-contracts), which is the same as comparing with the exact average. average_cost()
// below rounds only for display.
//
// Fair value: `fair_yes` is the strategy's P(YES), a double. The held leg's value is that
// probability in centi-cents rounded down (YES: floor(p × 10^4); NO: 10^4 − ceil(p × 10^4)),
// so the holding is never credited with more than the model gave it and at a boundary the
// rule exits (the conservative side). A product within 1e-6 of a whole centi-cent is taken as
// exactly that centi-cent (a double cannot hold most decimals: 0.57 × 10^4 is
// 5699.999999999999, which counts as 0.5700).
// No fair value, or one that is not a finite probability in [0, 1], and the rule cannot fire.
//
// No bid: the price rules cannot fire. When flatten_before_close or time_decay fires with no
// bid, evaluate_exit() returns no decision but names the rule in `blocked`, so the engine can
// log "cannot exit: no bid" and evaluate again on the next quote.
//
// Errors: contracts <= 0 or a negative cost basis is a broken invariant (assert); overflow
// throws ArithmeticOverflow (core/fixed.hpp). Threading: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/execution/ledger_types.hpp"
#include "antevorta/kalshi/order_book.hpp"

namespace antevorta::execution {

struct ExitInput {
  MarketTicker ticker;
  kalshi::OutcomeSide held_leg = kalshi::OutcomeSide::yes;
  Count contracts;   // > 0, of the held leg
  Money cost_basis;  // >= 0, what the holding cost (Holding::cost_basis)
  Timestamp opened_at{};
  Mark mark;                            // YES bid and ask
  std::optional<double> fair_yes;       // the strategy's latest P(YES)
  std::optional<Timestamp> close_time;  // nullopt: unknown, flatten_before_close cannot fire
  Timestamp now{};
};

enum class ExitReason : std::uint8_t {
  flatten_before_close,
  stop_loss,
  take_profit,
  edge_evaporated,
  time_decay,
};
std::string_view to_string(ExitReason r) noexcept;

// Sell `count` of `leg` at `limit_price` (the leg's own terms).
struct ExitDecision {
  ExitReason reason = ExitReason::flatten_before_close;
  kalshi::OutcomeSide leg = kalshi::OutcomeSide::yes;
  Count count;
  Price limit_price;
  friend bool operator==(const ExitDecision&, const ExitDecision&) = default;
};

// At most one of the two is set; neither: hold.
struct ExitEvaluation {
  std::optional<ExitDecision> decision;
  std::optional<ExitReason> blocked;  // a time rule fired, but the held leg has no bid
  friend bool operator==(const ExitEvaluation&, const ExitEvaluation&) = default;
};

ExitEvaluation evaluate_exit(const config::ExitConfig& config, const ExitInput& input);

// The held leg's bid (YES: yes_bid; NO: 1 − yes_ask); nullopt when absent or 0.
std::optional<Price> held_leg_bid(kalshi::OutcomeSide leg, const Mark& mark);

// The held leg's fair value from P(YES), rounded as described above; nullopt when the
// probability is absent or not in [0, 1].
std::optional<Price> held_leg_fair_value(kalshi::OutcomeSide leg, std::optional<double> fair_yes);

// cost_basis / contracts per contract, rounded as asked (for display; the rules do not round).
Money average_cost(Money cost_basis, Count contracts, Rounding rounding);

}  // namespace antevorta::execution
