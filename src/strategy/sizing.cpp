#include "antevorta/strategy/sizing.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace antevorta::strategy {

namespace {
double dollars(Money m) { return static_cast<double>(m.centicents()) / Money::kDollar; }
double dollars(Price p) { return static_cast<double>(p.centicents()) / Price::kOne; }
double contracts(Count c) { return static_cast<double>(c.centi()) / Count::kOne; }

bool unit_interval(double v) { return std::isfinite(v) && v >= 0.0 && v <= 1.0; }

// The largest multiple of `lot` not above `wanted` contracts. The tolerance keeps exact
// boundaries (e.g. 399.99999999999994 for 400) from losing a lot to binary rounding.
Count floor_to_lot(double wanted, Count lot) {
  if (!(wanted > 0.0)) return Count{};
  constexpr double kMaxCenti = 1e15;  // far beyond any bankroll; keeps the arithmetic exact
  const double centi = std::min(std::floor(wanted * Count::kOne + 1e-6), kMaxCenti);
  const auto c = static_cast<std::int64_t>(centi);
  return Count::from_centi(c - c % lot.centi());
}

Count floor_to_lot(Count wanted, Count lot) {
  return Count::from_centi(wanted.centi() - wanted.centi() % lot.centi());
}

class Sizer {
 public:
  explicit Sizer(const KellyInput& in) : in_(in), p_(in.probability), price_(dollars(in.price)) {}

  std::optional<Money> fee(Count n) const {
    return kalshi::trading_fee(in_.fees, in_.liquidity, in_.price, n, in_.fee_rounding);
  }
  // Fee per contract of an order of n (> 0) contracts; the fee must be known.
  double fee_per_contract(Count n) const { return dollars(*fee(n)) / contracts(n); }

  // A lower bound of every order's fee per contract: the rate of a huge order, less the
  // most its rounding can add.
  double fee_rate_lower_bound() const {
    const Count big = Count::contracts(1'000'000);
    return std::max(0.0, (dollars(*fee(big)) - 0.01) / contracts(big));
  }

  // The largest count allowed at fee per contract f: Kelly, and the caps if asked.
  Count bound(double f, bool with_caps) const {
    const double c = price_ + f;
    double wanted = 0.0;
    if (c < 1.0) {
      const double x = kelly_fraction(p_, c);
      if (x > 0.0) wanted = in_.fraction * in_.confidence * x * dollars(in_.bankroll) / c;
    }
    Count n = floor_to_lot(wanted, in_.lot);
    if (with_caps && in_.max_count) n = std::min(n, floor_to_lot(*in_.max_count, in_.lot));
    if (with_caps && in_.max_cost)
      n = std::min(n, floor_to_lot(dollars(*in_.max_cost) / c, in_.lot));
    return n;
  }

  // The largest count consistent with its own fee (and the caps): step down from the bound
  // at the lowest possible fee until a candidate fits.
  Count solve(double f_lower, bool with_caps) const {
    Count n = bound(f_lower, with_caps);
    while (n > Count{}) {
      const Money order_fee = *fee(n);
      const double f = dollars(order_fee) / contracts(n);
      const Count allowed = bound(f, with_caps);
      bool fits = n <= allowed;
      if (with_caps && in_.max_cost) {
        fits = fits && notional(in_.price, n, Rounding::up) + order_fee <= *in_.max_cost;
      }
      if (fits) return n;
      n = std::min(n - in_.lot, allowed);
    }
    return Count{};
  }

 private:
  const KellyInput& in_;
  double p_;
  double price_;
};

bool valid(const KellyInput& in) {
  return unit_interval(in.probability) && unit_interval(in.fraction) &&
         unit_interval(in.confidence) && in.price > Price::zero() && in.price < Price::one() &&
         in.bankroll >= Money::zero() && in.lot > Count{} &&
         (!in.max_count || *in.max_count >= Count{}) && (!in.max_cost || *in.max_cost >= Money{});
}
}  // namespace

std::string_view to_string(SizeLimit limit) noexcept {
  switch (limit) {
    case SizeLimit::kelly:
      return "kelly";
    case SizeLimit::max_count:
      return "max_count";
    case SizeLimit::max_cost:
      return "max_cost";
    case SizeLimit::below_lot:
      return "below_lot";
    case SizeLimit::no_edge:
      return "no_edge";
    case SizeLimit::fee_unknown:
      return "fee_unknown";
    case SizeLimit::invalid_input:
      return "invalid_input";
  }
  return "unknown";
}

double kelly_fraction(double probability, double cost_per_contract) noexcept {
  return (probability - cost_per_contract) / (1.0 - cost_per_contract);
}

KellySize kelly_size(const KellyInput& input) {
  KellySize out;
  if (!valid(input)) {
    out.limited_by = SizeLimit::invalid_input;
    return out;
  }
  const Sizer sizer(input);
  if (!sizer.fee(input.lot)) {
    out.limited_by = SizeLimit::fee_unknown;
    return out;
  }

  const double f_lower = sizer.fee_rate_lower_bound();
  const Count kelly_only = sizer.solve(f_lower, /*with_caps=*/false);
  const Count n = sizer.solve(f_lower, /*with_caps=*/true);

  out.count = n;
  out.fee = n > Count{} ? *sizer.fee(n) : Money::zero();
  out.cost = notional(input.price, n, Rounding::up) + out.fee;
  out.fee_per_contract = sizer.fee_per_contract(n > Count{} ? n : input.lot);
  const double c = dollars(input.price) + out.fee_per_contract;
  out.edge_per_contract = input.probability - c;
  out.kelly_fraction_full =
      c < 1.0 ? kelly_fraction(input.probability, c) : -std::numeric_limits<double>::infinity();
  out.kelly_fraction_used =
      std::max(0.0, input.fraction * input.confidence * out.kelly_fraction_full);

  if (n == kelly_only) {
    out.limited_by = !n.is_zero()                  ? SizeLimit::kelly
                     : out.edge_per_contract > 0.0 ? SizeLimit::below_lot
                                                   : SizeLimit::no_edge;
  } else {
    const bool count_bound = input.max_count && n == floor_to_lot(*input.max_count, input.lot);
    out.limited_by = count_bound ? SizeLimit::max_count : SizeLimit::max_cost;
  }
  return out;
}

}  // namespace antevorta::strategy
