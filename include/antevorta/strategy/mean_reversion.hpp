// mean_reversion: fades extremes of a market's own price. The YES mid is sampled once a
// second from the book (fresh books with both sides only); over the last `lookback_seconds`
// its mean μ and standard deviation s (at least `min_std`) give z = (mid − μ) / s. When
// z >= entry_z the price spiked up: buy NO at its ask if (1 − μ) − ask − fee >= min_edge;
// when z <= −entry_z buy YES if μ − ask − fee >= min_edge. μ is the strategy's belief (the
// evidence probability, and the forecast it publishes as model "<strategy>/rolling_mean").
// Orders are immediate-or-cancel limits at the ask for `count` contracts, at most
// `max_position` contracts held per market, one intent per market per `cooldown_seconds`,
// only inside the entry window [min_seconds_to_close, max_seconds_to_close] of an active
// market with a known fee. It follows the markets of its configuration like any strategy.
//
// Params (all optional): lookback_seconds (300, 10..86400), min_samples (30, >= 3),
// entry_z (2.0, > 0), min_std (0.01 dollars, > 0), min_edge (0.02), count (1), max_position
// (5), cooldown_seconds (30), min_seconds_to_close (60), max_seconds_to_close (86400),
// forecast_interval_seconds (5).
//
// Errors: bad params are config errors. Threading: the io_context thread, through the host.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string_view>

#include "antevorta/strategy/context.hpp"
#include "antevorta/strategy/registry.hpp"
#include "antevorta/strategy/strategy.hpp"

namespace antevorta::strategy {

inline constexpr std::string_view kMeanReversion = "mean_reversion";

struct MeanReversionParams {
  Duration lookback = std::chrono::seconds(300);
  int min_samples = 30;
  double entry_z = 2.0;
  double min_std = 0.01;
  double min_edge = 0.02;
  Count count = Count::contracts(1);
  Count max_position = Count::contracts(5);
  Duration cooldown = std::chrono::seconds(30);
  Duration min_to_close = std::chrono::seconds(60);
  Duration max_to_close = std::chrono::seconds(86'400);
  Duration forecast_interval = std::chrono::seconds(5);
};

std::optional<MeanReversionParams> read_mean_reversion_params(config::Reader& params);

// The rolling statistics of one market's mid (one sample per second, the last one wins).
class RollingMid {
 public:
  explicit RollingMid(Duration lookback) : lookback_(lookback) {}
  void add(double mid, Timestamp at);
  int size() const noexcept { return static_cast<int>(samples_.size()); }
  double mean() const noexcept;
  double stddev() const noexcept;  // population

 private:
  Duration lookback_;
  std::deque<std::pair<std::int64_t, double>> samples_;  // (second, mid)
};

class MeanReversion final : public Strategy {
 public:
  MeanReversion(StrategyId name, MeanReversionParams params);

  void on_start(StrategyContext& context) override;
  void on_book(const kalshi::OrderBook& book, Timestamp at) override;
  void on_market(const kalshi::MarketChanged& change) override;

 private:
  struct MarketState {
    explicit MarketState(Duration lookback) : mid(lookback) {}
    RollingMid mid;
    std::optional<Timestamp> last_submit;
    std::optional<Timestamp> last_forecast;
  };
  void consider(const kalshi::OrderBook& book, MarketState& state, double mid, Timestamp now);

  MeanReversionParams params_;
  StrategyContext* context_ = nullptr;
  std::map<MarketTicker, MarketState> markets_;
};

StrategyFactory mean_reversion_factory();

}  // namespace antevorta::strategy
