// Position sizing: fractional Kelly for buying one leg of a binary contract, with fees,
// scaled by confidence and capped by risk limits. Pure functions.
//
// Derivation. Buy n contracts of a leg at price P (dollars) paying a fee of f per contract.
// Each costs c = P + f; it pays $1 if the leg wins (probability p, q = 1 − p) and 0 if not.
// Staking a fraction x of the bankroll B buys n = xB / c contracts, and afterwards
//   win:  B + n (1 − c) = B (1 + x b)   with net odds b = (1 − c) / c
//   loss: B − n c       = B (1 − x).
// Kelly maximises p ln(1 + x b) + q ln(1 − x); setting the derivative to zero,
//   p b / (1 + x b) = q / (1 − x)   ⇒   x* = p − q / b = p − q c / (1 − c) = (p − c) / (1 − c).
// So f* = (p − P − f) / (1 − P − f): the edge per contract after fees, p − c, over what a win
// nets, 1 − c. (p = 0.6, P = 0.5, no fee: f* = 0.1 / 0.5 = 0.2.) No edge (p ≤ c) ⇒ no trade.
//
// Size. count = fraction × confidence × f* × B / c contracts, floored to a whole number of
// `lot`s (whole contracts by default; 0.01 for fractional sizes), then capped by max_count
// and by max_cost (price × count rounded up, plus the fee, must not exceed it). Floors use a
// tolerance of 1e-6 centi-contract so that exact boundaries are not lost to binary rounding.
//
// Fees. The fee is kalshi::trading_fee for the whole order (taker and the per-order cent
// rounding by default: both are the dearer assumption). Rounding up per order makes small
// orders dearer per contract (1 contract at 0.50 pays 0.02, 100 pay 0.0175 each), so the fee
// per contract depends on the count. The search starts from a count computed with the
// unrounded rate (a lower bound of every order's fee per contract, so an upper bound of the
// count) and steps down, recomputing the fee per contract from the candidate's actual fee,
// until a count is consistent with its own fee and with the caps. The reported
// edge_per_contract and kelly_fraction_full use the final count's fee (one lot's fee when
// the count is zero).
//
// Errors: invalid input (probability, fraction or confidence outside 0..1 or not finite;
// price not strictly between 0 and 1; negative bankroll or caps; lot <= 0) and a fee type
// without a formula (`flat`) size to zero with the reason in `limited_by`; nothing throws
// for such input. Threading: pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "antevorta/core/fixed.hpp"
#include "antevorta/kalshi/fees.hpp"

namespace antevorta::strategy {

struct KellyInput {
  double probability = 0;  // P(the bought leg wins), 0..1
  Price price;             // the bought leg's price
  kalshi::FeeSchedule fees;
  kalshi::Liquidity liquidity = kalshi::Liquidity::taker;
  kalshi::FeeRounding fee_rounding = kalshi::FeeRounding::order_cent;
  double fraction = 0.25;   // of full Kelly, 0..1
  double confidence = 1.0;  // 0..1
  Money bankroll;
  std::optional<Count> max_count;
  std::optional<Money> max_cost;       // price × count + fee
  Count lot = Count::from_centi(100);  // sizes are whole multiples of this
};

enum class SizeLimit : std::uint8_t {
  kelly,          // the Kelly size itself
  max_count,      // capped by max_count
  max_cost,       // capped by max_cost
  below_lot,      // positive edge, but the Kelly size is less than one lot
  no_edge,        // p <= price + fee per contract
  fee_unknown,    // the fee type has no formula
  invalid_input,  // see the header comment
};
std::string_view to_string(SizeLimit limit) noexcept;

struct KellySize {
  Count count;
  double kelly_fraction_full = 0;  // f* at the fee per contract below
  double kelly_fraction_used = 0;  // fraction × confidence × f* (0 without an edge)
  double edge_per_contract = 0;    // p − price − fee per contract, dollars
  double fee_per_contract = 0;     // dollars
  Money fee;                       // of the whole order
  Money cost;                      // price × count (rounded up) + fee
  SizeLimit limited_by = SizeLimit::kelly;
};

// Full Kelly for a binary leg bought at `cost_per_contract` (price + fee, dollars):
// (p − c) / (1 − c), negative when there is no edge. c must be below 1.
double kelly_fraction(double probability, double cost_per_contract) noexcept;

KellySize kelly_size(const KellyInput& input);

}  // namespace antevorta::strategy
