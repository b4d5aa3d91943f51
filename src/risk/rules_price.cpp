// Rules about the price: the minimum edge after fees and the price band.
#include <cmath>

#include <fmt/format.h>

#include "risk/rules.hpp"

namespace antevorta::risk::detail {

namespace {

constexpr std::int64_t kMicro = 1'000'000;  // micro-dollars per dollar
constexpr std::int64_t kMicroPerCentiCent = kMicro / Money::kDollar;

// The probability that the leg the intent opens wins, in micro-units (0..1e6).
std::int64_t win_probability_micro(const strategy::OrderIntent& intent, double p_yes) {
  const std::int64_t yes = std::llround(p_yes * kMicro);
  const auto opened =
      intent.action == strategy::Action::buy ? intent.side : kalshi::other(intent.side);
  return opened == kalshi::OutcomeSide::yes ? yes : kMicro - yes;
}

}  // namespace

Verdict check_edge(Context& ctx) {
  const auto& min = ctx.config.min_edge_after_fees;
  if (!min || !ctx.entry() || ctx.intent.strategy == strategy::kManualStrategy) {
    return std::nullopt;
  }
  constexpr std::string_view rule = "min_edge_after_fees";
  const auto& evidence = ctx.intent.evidence;
  std::int64_t edge = 0;  // micro-dollars per contract
  std::string how;
  if (evidence.probability) {
    const IntentCost* cost = ctx.cost();
    if (cost == nullptr) {
      return unknown(rule, ctx.market() == nullptr ? "market" : "fee_schedule",
                     ctx.intent.ticker.str());
    }
    // fee per contract = fee / (count_centi / 100), rounded up against us.
    const std::int64_t fee_per_contract =
        antevorta::detail::divide(static_cast<antevorta::detail::int128>(cost->fee.centicents()) *
                                      kMicroPerCentiCent * Count::kOne,
                                  ctx.intent.count.centi(), Rounding::up);
    const std::int64_t win = win_probability_micro(ctx.intent, *evidence.probability);
    const std::int64_t price = opening_price(ctx.intent).centicents() * kMicroPerCentiCent;
    edge = win - price - fee_per_contract;
    how = fmt::format("P(win) {} - price {} - fee/contract {}", micros_text(win),
                      micros_text(price), micros_text(fee_per_contract));
  } else if (evidence.edge_after_fees) {
    edge = std::llround(*evidence.edge_after_fees * kMicro);
    how = "as reported by the strategy";
  } else {
    return unknown(rule, "probability", ctx.intent.id.str());
  }
  const std::int64_t limit = min->centicents() * kMicroPerCentiCent;
  if (edge >= limit) return std::nullopt;
  return RiskDecision::deny(DenyReason::min_edge_after_fees, std::string(rule), micros_text(limit),
                            micros_text(edge),
                            fmt::format("expected edge {} per contract after fees ({}), below "
                                        "the minimum of {}",
                                        micros_text(edge), how, micros_text(limit)));
}

Verdict check_band(Context& ctx) {
  const auto& band = ctx.config.price_band;
  if (!band) return std::nullopt;
  constexpr std::string_view rule = "price_band";
  const BookTop* book = ctx.book();  // known and fresh: check_staleness ran
  if (book == nullptr) return unknown(rule, "book", ctx.intent.ticker.str());
  const bool buys_yes = strategy::position_direction(ctx.intent.side, ctx.intent.action) > 0;
  const std::int64_t limit =
      strategy::yes_price(ctx.intent.side, ctx.intent.limit_price).centicents();
  const auto& quote = buys_yes ? book->yes_ask : book->yes_bid;
  if (!quote)
    return unknown(rule, buys_yes ? "best_yes_ask" : "best_yes_bid", ctx.intent.ticker.str());
  // How far the YES-terms limit reaches past the best opposite quote (negative: passive).
  const std::int64_t through =
      buys_yes ? limit - quote->price.centicents() : quote->price.centicents() - limit;
  if (through <= band->centicents()) return std::nullopt;
  return RiskDecision::deny(
      DenyReason::price_band, std::string(rule), band->to_string(),
      antevorta::detail::format_decimal(through, Price::kDecimals),
      fmt::format("a YES-terms limit of {} reaches {} past the best {} of {}, over the band of {}",
                  antevorta::detail::format_decimal(limit, Price::kDecimals),
                  antevorta::detail::format_decimal(through, Price::kDecimals),
                  buys_yes ? "ask" : "bid", quote->price, *band));
}

}  // namespace antevorta::risk::detail
