#include "antevorta/strategy/threshold_taker.hpp"

#include <cstdint>
#include <utility>

#include <fmt/format.h>

namespace antevorta::strategy {

std::optional<ThresholdTakerParams> read_threshold_taker_params(config::Reader& r) {
  ThresholdTakerParams p;
  bool ok = true;

  if (!r.has("max_price")) {
    r.error("max_price", "is required (dollars, e.g. 0.40)");
    ok = false;
  } else if (!r.read("max_price", p.max_price)) {
    ok = false;
  } else if (p.max_price <= Price::zero() || p.max_price >= Price::one()) {
    r.error("max_price", "must be > 0 and < 1, was " + p.max_price.to_string());
    ok = false;
  }

  if (!r.has("count")) {
    r.error("count", "is required (contracts, e.g. 1)");
    ok = false;
  } else if (!r.read("count", p.count) || !r.check_positive("count", p.count)) {
    ok = false;
  }

  if (r.has("side") &&
      !r.read_enum("side", p.side,
                   {{"yes", kalshi::OutcomeSide::yes}, {"no", kalshi::OutcomeSide::no}})) {
    ok = false;
  }

  if (r.has("cooldown_seconds")) {
    std::int64_t seconds = 0;
    if (r.read("cooldown_seconds", seconds) &&
        r.check_at_least("cooldown_seconds", seconds, std::int64_t{0})) {
      p.cooldown = std::chrono::seconds(seconds);
    } else {
      ok = false;
    }
  }

  if (!ok) return std::nullopt;
  return p;
}

ThresholdTaker::ThresholdTaker(StrategyId name, ThresholdTakerParams params)
    : Strategy(std::move(name)), params_(params) {}

void ThresholdTaker::on_start(StrategyContext& context) { context_ = &context; }

void ThresholdTaker::on_stop() {}

void ThresholdTaker::on_book(const kalshi::OrderBook& book, Timestamp at) {
  (void)at;
  if (context_ == nullptr || book.stale()) return;
  const auto ask = book.best_ask(params_.side);
  if (!ask || ask->price > params_.max_price) return;
  if (const kalshi::Market* market = context_->market(book.ticker());
      market != nullptr && market->status != kalshi::MarketStatus::active) {
    return;
  }

  const Timestamp now = context_->now();
  const auto last = last_submit_.find(book.ticker());
  if (last != last_submit_.end() && now - last->second < params_.cooldown) return;

  OrderIntent intent;
  intent.ticker = book.ticker();
  intent.side = params_.side;
  intent.action = Action::buy;
  intent.count = params_.count;
  intent.limit_price = ask->price;
  intent.time_in_force = kalshi::TimeInForce::immediate_or_cancel;
  // The rule's belief: the leg is worth max_price. As P(YES), so that the risk manager's
  // edge check (P(leg) − price − fee) sees what this strategy assumes.
  const double leg_value = static_cast<double>(params_.max_price.centicents()) / Price::kOne;
  intent.evidence.probability =
      params_.side == kalshi::OutcomeSide::yes ? leg_value : 1.0 - leg_value;
  intent.evidence.reason =
      fmt::format("ask <= max_price (ask {}, max_price {})", ask->price, params_.max_price);
  const IntentId id = context_->submit(std::move(intent));
  if (!id.empty()) last_submit_[book.ticker()] = now;
  context_->logger()->info("threshold_crossed ticker={} side={} ask={} max_price={} intent={}",
                           book.ticker(), kalshi::to_string(params_.side), ask->price,
                           params_.max_price, id);
}

StrategyFactory threshold_taker_factory() {
  return [](const config::StrategyConfig& c, config::Reader& params) -> std::unique_ptr<Strategy> {
    auto p = read_threshold_taker_params(params);
    if (!p) return nullptr;
    return std::make_unique<ThresholdTaker>(StrategyId(c.name), *p);
  };
}

}  // namespace antevorta::strategy
