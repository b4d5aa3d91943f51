// ProbabilityModel: what turns the state of an index and a 15-minute market into P(YES), so a
// user can plug in a trained model without touching the strategy that trades on it.
//
// A model sees every index update (observe) and answers questions (probability). The crypto
// strategies (crypto_taker.hpp) ask it once per settlement update of a followed market and
// trade on the answer; they never look inside. Models are created by name from a
// ModelRegistry with their own parameters (a config::Reader over `params.model_params`, so
// errors name the key path); the built-in ones:
//   ewma_digital      σ from an EWMA of one-second log returns (volatility.hpp); P from the
//                     digital on the settlement average (digital.hpp).
//   momentum_sigmoid  a logistic of the same standardised distance to the target plus a
//                     momentum term: P = 1 / (1 + e^−(scale·z + momentum_weight·m)), where m
//                     is the index's log return over `lookback_seconds` in units of σ√lookback.
// To add one: implement ProbabilityModel, register a factory under a new name in the
// registry handed to register_builtin_strategies (registry.hpp), and set
// `strategies.crypto_digital.params.model: <name>`.
//
// Errors: a model that cannot answer yet (warming up, no volatility) returns nullopt;
// parameter problems are reported through the Reader (the factory then returns nullptr).
// Threading: the io_context thread, through the strategy that owns it.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/config/reader.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/decimal.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/feeds/events.hpp"

namespace antevorta::strategy {

// One question: will this market's settlement average be >= its target?
struct DigitalQuestion {
  MarketTicker ticker;
  std::string asset;
  Decimal target;
  Timestamp close_time{};
  Timestamp now{};
  Decimal index;  // the index now
  // The final-minute samples so far (SettlementProgress), when inside the window.
  std::optional<Decimal> running_average;
  int samples = 0;
};

class ProbabilityModel {
 public:
  virtual ~ProbabilityModel() = default;
  // "ewma_digital", … (the forecast record's model name is "<strategy>/<model>").
  virtual std::string_view name() const noexcept = 0;
  // Every index update of every asset, in order (status may be unavailable).
  virtual void observe(const feeds::IndexUpdated& update) { (void)update; }
  // P(YES) in [0, 1], or nullopt when the model cannot answer (yet).
  virtual std::optional<double> probability(const DigitalQuestion& question) = 0;
  // For the decision's evidence: a short text of what the answer rests on (e.g. "σ=0.62/yr").
  virtual std::string describe(const DigitalQuestion& question) const {
    (void)question;
    return {};
  }
};

using ModelFactory = std::function<std::unique_ptr<ProbabilityModel>(config::Reader& params)>;

class ModelRegistry {
 public:
  void register_model(std::string name, ModelFactory factory);
  bool contains(std::string_view name) const;
  std::vector<std::string> names() const;  // sorted
  // nullptr when the name is unknown or the factory reported errors through `params`.
  std::unique_ptr<ProbabilityModel> create(std::string_view name, config::Reader& params) const;

 private:
  std::map<std::string, ModelFactory, std::less<>> factories_;
};

inline constexpr std::string_view kEwmaDigitalModel = "ewma_digital";
inline constexpr std::string_view kMomentumSigmoidModel = "momentum_sigmoid";

// A registry holding ewma_digital and momentum_sigmoid.
ModelRegistry builtin_models();

}  // namespace antevorta::strategy
