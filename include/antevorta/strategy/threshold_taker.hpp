// threshold_taker: a deliberately simple built-in strategy, so that the whole pipeline
// (books → strategy → risk → execution) can trade end to end in sim mode.
//
// Rule. When the best ask of its `side` in a followed market is at or below `max_price`,
// it submits one buy IOC intent for `count` contracts at that ask, with evidence reason
// "ask <= max_price (ask A, max_price M)". At most one intent per market per
// `cooldown_seconds`, counted from the previous submission (so an intent exactly one
// cooldown later is allowed; 0 = no cooldown). It does nothing on a stale book, on a book
// with no ask on its side, or on a market the context knows is not active. It never sells
// and never cancels (IOC orders do not rest).
//
// Params (strategies.threshold_taker.params):
//   max_price         required, dollars, 0 < p < 1
//   count             required, contracts, > 0
//   side              yes | no (default yes)
//   cooldown_seconds  integer >= 0 (default 60)
//
// Errors: bad params are config errors (registry.hpp); at runtime nothing to report.
// Threading: the io_context thread, through the host.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "antevorta/config/reader.hpp"
#include "antevorta/strategy/context.hpp"
#include "antevorta/strategy/registry.hpp"
#include "antevorta/strategy/strategy.hpp"

namespace antevorta::strategy {

inline constexpr std::string_view kThresholdTaker = "threshold_taker";

struct ThresholdTakerParams {
  Price max_price;
  Count count;
  kalshi::OutcomeSide side = kalshi::OutcomeSide::yes;
  std::chrono::seconds cooldown{60};
};

// Reads and checks every parameter; nullopt when one is missing or invalid (each problem is
// reported through `params`). Does not call finish().
std::optional<ThresholdTakerParams> read_threshold_taker_params(config::Reader& params);

class ThresholdTaker final : public Strategy {
 public:
  ThresholdTaker(StrategyId name, ThresholdTakerParams params);

  const ThresholdTakerParams& params() const noexcept { return params_; }

  void on_start(StrategyContext& context) override;
  void on_stop() override;
  void on_book(const kalshi::OrderBook& book, Timestamp at) override;

 private:
  ThresholdTakerParams params_;
  StrategyContext* context_ = nullptr;
  std::unordered_map<MarketTicker, Timestamp> last_submit_;  // kept across disable/enable
};

StrategyFactory threshold_taker_factory();

}  // namespace antevorta::strategy
