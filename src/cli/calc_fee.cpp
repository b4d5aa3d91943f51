#include <cstdio>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "antevorta/kalshi/fees.hpp"

#include "cli/cli.hpp"

namespace antevorta::cli {

int calc_fee(const CalcFeeArgs& a) {
  const auto price = Price::parse(a.price);
  if (!price) return report_failure(price.error().message()), kExitUsage;
  const auto count = Count::parse_non_negative(a.count);
  if (!count) return report_failure(count.error().message()), kExitUsage;
  if (count->is_zero()) return report_failure("--count must be greater than 0"), kExitUsage;
  const auto type = kalshi::parse_fee_type(a.fee_type);
  if (!type) {
    report_failure(
        fmt::format("unknown fee type \"{}\" (quadratic, quadratic_with_maker_fees, "
                    "quadratic_with_combo_maker_fees)",
                    a.fee_type));
    return kExitUsage;
  }
  const auto multiplier = kalshi::FeeMultiplier::parse(a.multiplier);
  if (!multiplier) return report_failure(multiplier.error().message()), kExitUsage;

  const kalshi::FeeSchedule schedule{*type, *multiplier};
  const auto liquidity = a.maker ? kalshi::Liquidity::maker : kalshi::Liquidity::taker;
  const auto fee =
      kalshi::trading_fee(schedule, liquidity, *price, *count, kalshi::FeeRounding::order_cent);
  const auto fill_fee =
      kalshi::trading_fee(schedule, liquidity, *price, *count, kalshi::FeeRounding::fill_centicent);
  if (!fee || !fill_fee) {
    report_failure(fmt::format("fee type {} has no formula here (Specific Trading Fees Table)",
                               kalshi::to_string(*type)));
    return kExitFailure;
  }
  const Money cost = notional(*price, *count, Rounding::up);
  const Money total = cost + *fee;
  const double break_even = *kalshi::break_even_probability(*price, *count, *fee);

  if (a.json) {
    const nlohmann::json j{{"fee_type", kalshi::to_string(*type)},
                           {"multiplier", multiplier->to_string()},
                           {"liquidity", a.maker ? "maker" : "taker"},
                           {"price", price->to_string()},
                           {"count", count->to_string()},
                           {"cost", cost.to_string()},
                           {"fee", fee->to_string()},
                           {"fee_per_fill", fill_fee->to_string()},
                           {"total", total.to_string()},
                           {"break_even", fmt::format("{:.4f}", break_even)}};
    std::fputs((j.dump() + "\n").c_str(), stdout);
    return kExitOk;
  }
  std::fputs(
      fmt::format("fee_type:      {}\n"
                  "multiplier:    {}\n"
                  "liquidity:     {}\n"
                  "price:         {}\n"
                  "count:         {}\n"
                  "cost:          {}\n"
                  "fee:           {}  (rounded up to the cent per order)\n"
                  "fee_per_fill:  {}  (rounded up to $0.0001 per fill)\n"
                  "total:         {}\n"
                  "break_even:    {:.4f}\n",
                  kalshi::to_string(*type), multiplier->to_string(), a.maker ? "maker" : "taker",
                  *price, *count, cost, *fee, *fill_fee, total, break_even)
          .c_str(),
      stdout);
  return kExitOk;
}
}  // namespace antevorta::cli
