#include "antevorta/execution/exits.hpp"

#include <cassert>
#include <cmath>

namespace antevorta::execution {

namespace {

using detail::int128;

// Both sides of a per-contract comparison scaled by the contracts: centi-cents × centi-contracts.
int128 per_contract_total(Price per_contract, Count contracts) {
  return static_cast<int128>(per_contract.centicents()) * contracts.centi();
}

int128 basis_total(Money cost_basis) {
  return static_cast<int128>(cost_basis.centicents()) * Count::kOne;
}

// bid <= cost / contracts − threshold  ⇔  bid × contracts <= cost − threshold × contracts.
bool stop_loss_hit(Price bid, Price threshold, const ExitInput& in) {
  return per_contract_total(bid, in.contracts) <=
         basis_total(in.cost_basis) - per_contract_total(threshold, in.contracts);
}

// bid >= cost / contracts + threshold  ⇔  bid × contracts >= cost + threshold × contracts.
bool take_profit_hit(Price bid, Price threshold, const ExitInput& in) {
  return per_contract_total(bid, in.contracts) >=
         basis_total(in.cost_basis) + per_contract_total(threshold, in.contracts);
}

bool edge_gone(Price bid, Price threshold, const ExitInput& in) {
  const auto fair = held_leg_fair_value(in.held_leg, in.fair_yes);
  if (!fair) return false;
  return fair->centicents() - bid.centicents() < threshold.centicents();
}

}  // namespace

std::string_view to_string(ExitReason r) noexcept {
  switch (r) {
    case ExitReason::flatten_before_close:
      return "flatten_before_close";
    case ExitReason::stop_loss:
      return "stop_loss";
    case ExitReason::take_profit:
      return "take_profit";
    case ExitReason::edge_evaporated:
      return "edge_evaporated";
    case ExitReason::time_decay:
      return "time_decay";
  }
  return "flatten_before_close";
}

std::optional<Price> held_leg_bid(kalshi::OutcomeSide leg, const Mark& mark) {
  std::optional<Price> bid;
  if (leg == kalshi::OutcomeSide::yes) {
    bid = mark.yes_bid;
  } else if (mark.yes_ask) {
    bid = mark.yes_ask->complement();
  }
  if (bid && *bid == Price::zero()) return std::nullopt;
  return bid;
}

std::optional<Price> held_leg_fair_value(kalshi::OutcomeSide leg, std::optional<double> fair_yes) {
  if (!fair_yes || !std::isfinite(*fair_yes) || *fair_yes < 0.0 || *fair_yes > 1.0) {
    return std::nullopt;
  }
  const double scaled = *fair_yes * static_cast<double>(Price::kOne);
  const double nearest = std::nearbyint(scaled);
  const bool whole = std::fabs(scaled - nearest) <= 1e-6;
  // YES rounds its own value down; NO takes the complement of P(YES) rounded up.
  const double yes_cc =
      whole ? nearest : (leg == kalshi::OutcomeSide::yes ? std::floor(scaled) : std::ceil(scaled));
  const Price yes = Price::of(static_cast<std::int64_t>(yes_cc));
  return leg == kalshi::OutcomeSide::yes ? yes : yes.complement();
}

Money average_cost(Money cost_basis, Count contracts, Rounding rounding) {
  assert(contracts > Count{});
  return Money::from_centicents(
      detail::divide(basis_total(cost_basis), contracts.centi(), rounding));
}

ExitEvaluation evaluate_exit(const config::ExitConfig& config, const ExitInput& in) {
  assert(in.contracts > Count{} && "an exit needs a holding");
  assert(in.cost_basis >= Money::zero());

  const std::optional<Price> bid = held_leg_bid(in.held_leg, in.mark);
  ExitEvaluation out;
  const auto fire = [&](ExitReason reason) {
    if (bid) {
      out.decision = ExitDecision{reason, in.held_leg, in.contracts, *bid};
    } else {
      out.blocked = reason;
    }
    return out;
  };

  if (config.flatten_before_close && in.close_time &&
      *in.close_time - in.now <= *config.flatten_before_close) {
    return fire(ExitReason::flatten_before_close);
  }
  if (bid) {
    if (config.stop_loss && stop_loss_hit(*bid, *config.stop_loss, in)) {
      return fire(ExitReason::stop_loss);
    }
    if (config.take_profit && take_profit_hit(*bid, *config.take_profit, in)) {
      return fire(ExitReason::take_profit);
    }
    if (config.edge_evaporated && edge_gone(*bid, *config.edge_evaporated, in)) {
      return fire(ExitReason::edge_evaporated);
    }
  }
  if (config.max_holding && in.now - in.opened_at > *config.max_holding) {
    return fire(ExitReason::time_decay);
  }
  return out;
}

}  // namespace antevorta::execution
