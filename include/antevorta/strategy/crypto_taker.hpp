// crypto_digital and momentum_baseline: takers on the 15-minute crypto markets (KXBTC15M,
// KXSOL15M) that buy the leg a ProbabilityModel prices above its ask after fees.
//
// Both are one strategy class with a different model: crypto_digital defaults to
// `ewma_digital` (the digital on the settlement average, digital.hpp), momentum_baseline to
// `momentum_sigmoid` (probability_model.hpp); `params.model` picks any registered model and
// `params.model_params` are that model's parameters.
//
// Loop. Every SettlementProgress of a followed market (about once a second) becomes a
// DigitalQuestion (target, close time, index, final-minute running average) for the model.
// Its answer p = P(YES) is published as a forecast (ForecastPublished, model
// "<strategy>/<model>", at most once per `forecast_interval` per market). Then, only when
//   - the asset's index is available (its last IndexUpdated was ok),
//   - the time to close is inside [min_seconds_to_close, max_seconds_to_close],
//   - the market is active, its book fresh and its fee schedule known,
//   - no intent was submitted for it within `cooldown_seconds`,
// each leg is sized with fractional Kelly (sizing.hpp: p of the leg, its best ask, the taker
// fee rounded per order, kelly_fraction, the bankroll, max_count, the room left under
// max_position contracts held in that direction, max_cost) and the leg with the larger edge
// per contract after fees, if it is at least min_edge, is bought: an immediate-or-cancel
// limit at the ask, evidence {probability p, edge after fees, the model's description}.
// A leg opposite to what the strategy holds is not bought (no churn through the spread).
//
// Params (strategies.<name>.params), all optional:
//   model                 registered model name (crypto_digital: ewma_digital,
//                         momentum_baseline: momentum_sigmoid)
//   model_params          mapping, read by the model (e.g. half_life_seconds, min_samples,
//                         volatility_floor, volatility_cap; momentum_sigmoid also scale,
//                         momentum_weight, lookback_seconds)
//   min_edge              dollars per contract after fees, 0..1 (default 0.03)
//   kelly_fraction        0 < f <= 1 (default 0.25)
//   max_count             contracts per order, > 0 (default 10)
//   max_position          contracts held per market in one direction, > 0 (default 20)
//   max_cost              dollars per order incl. fee (default off)
//   min_seconds_to_close  entry window, >= 0 (default 30)
//   max_seconds_to_close  entry window, > min (default 600)
//   cooldown_seconds      >= 0 (default 10)
//   forecast_interval_seconds  >= 1 (default 1)
//
// Errors: bad params are config errors; at runtime, missing inputs mean no trade (logged at
// debug, rate-limited). Threading: the io_context thread, through the host.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "antevorta/strategy/context.hpp"
#include "antevorta/strategy/probability_model.hpp"
#include "antevorta/strategy/registry.hpp"
#include "antevorta/strategy/strategy.hpp"

namespace antevorta::strategy {

inline constexpr std::string_view kCryptoDigital = "crypto_digital";
inline constexpr std::string_view kMomentumBaseline = "momentum_baseline";

struct CryptoTakerParams {
  double min_edge = 0.03;
  double kelly_fraction = 0.25;
  Count max_count = Count::contracts(10);
  Count max_position = Count::contracts(20);
  std::optional<Money> max_cost;
  Duration min_to_close = std::chrono::seconds(30);
  Duration max_to_close = std::chrono::seconds(600);
  Duration cooldown = std::chrono::seconds(10);
  Duration forecast_interval = std::chrono::seconds(1);
};

// Reads the trading params (not model / model_params); nullopt after reporting errors.
std::optional<CryptoTakerParams> read_crypto_taker_params(config::Reader& params);

class CryptoTaker final : public Strategy {
 public:
  CryptoTaker(StrategyId name, CryptoTakerParams params, std::unique_ptr<ProbabilityModel> model);

  const CryptoTakerParams& params() const noexcept { return params_; }
  const ProbabilityModel& model() const noexcept { return *model_; }

  bool trades_on_index() const noexcept override { return true; }
  void on_start(StrategyContext& context) override;
  void on_market(const kalshi::MarketChanged& change) override;
  void on_index(const feeds::IndexUpdated& update) override;
  void on_settlement(const feeds::SettlementProgress& progress) override;

 private:
  struct MarketState {
    std::optional<Timestamp> last_forecast;
    std::optional<Timestamp> last_submit;
  };
  void maybe_trade(const feeds::SettlementProgress& progress, double p,
                   const DigitalQuestion& question, MarketState& state);

  CryptoTakerParams params_;
  std::unique_ptr<ProbabilityModel> model_;
  std::string forecast_model_;  // "<strategy>/<model>"
  StrategyContext* context_ = nullptr;
  std::map<std::string, bool, std::less<>> index_ok_;  // by asset
  std::map<MarketTicker, MarketState> markets_;
};

// `default_model` is used when params.model is absent.
StrategyFactory crypto_taker_factory(std::shared_ptr<const ModelRegistry> models,
                                     std::string default_model);

}  // namespace antevorta::strategy
