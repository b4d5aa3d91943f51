// The strategy registry: plugins by name, and the creation of the configured strategies.
//
// A strategy's configured name (the key under `strategies:` in config/strategies/*.yaml) is
// also the name of its plugin: `strategies.threshold_taker` creates the `threshold_taker`
// plugin. A factory receives the StrategyConfig and a config::Reader over its `params` at
// path "strategies.<name>.params"; it reads and validates every parameter through that
// reader (so errors carry the file, line and key path, and nothing stops at the first) and
// returns the strategy, or nullptr when it found errors. The registry then calls finish()
// on the reader, so unknown parameter keys are errors like everywhere else in the
// configuration, and discards the strategy when any error was reported for it.
//
// create_all() creates every configured strategy, enabled or not (a disabled one can be
// enabled at runtime, so its parameters must be valid too), and returns the strategies and
// every error at once:
//   - an unknown name: `unknown strategy "x"; known strategies: a, b`;
//   - the reserved name "manual" (operator orders use it);
//   - whatever the factories and finish() report.
// Errors about a strategy as a whole (and missing required params when it has no `params`)
// are located at the line naming it in the merged tree when one is given (AppConfig::tree),
// else at its params, else "defaults".
//
// Errors: configuration problems are values (ConfigError lists). Registering one name twice,
// or an empty factory, is a broken invariant (assert). Threading: build at startup; const
// use afterwards.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/config/config.hpp"
#include "antevorta/config/error.hpp"
#include "antevorta/config/reader.hpp"
#include "antevorta/config/tree.hpp"
#include "antevorta/core/expected.hpp"
#include "antevorta/strategy/probability_model.hpp"
#include "antevorta/strategy/strategy.hpp"

namespace antevorta::strategy {

using StrategyFactory = std::function<std::unique_ptr<Strategy>(
    const config::StrategyConfig& config, config::Reader& params)>;

// A created strategy with the configuration it was created from (the host needs `enabled`,
// `series` and `markets`).
struct CreatedStrategy {
  config::StrategyConfig config;
  std::unique_ptr<Strategy> strategy;
};

struct CreateResult {
  std::vector<CreatedStrategy> strategies;  // in name order; empty entries never
  std::vector<config::ConfigError> errors;
  bool ok() const noexcept { return errors.empty(); }
};

class StrategyRegistry {
 public:
  void register_factory(std::string name, StrategyFactory factory);
  bool contains(std::string_view name) const;
  // Registered names, sorted.
  std::vector<std::string> names() const;

  // One strategy; its errors, if any, instead.
  Expected<std::unique_ptr<Strategy>, std::vector<config::ConfigError>> create(
      const config::StrategyConfig& config, const config::Node* tree = nullptr) const;
  CreateResult create_all(const std::map<std::string, config::StrategyConfig>& configs,
                          const config::Node* tree = nullptr) const;

 private:
  std::map<std::string, StrategyFactory, std::less<>> factories_;
};

// Registers the strategies that ship with Antevorta: threshold_taker, crypto_digital,
// momentum_baseline, mean_reversion. The crypto strategies create their ProbabilityModel
// from `models` (default: builtin_models()); pass a registry with your own models added to
// make them selectable with `params.model`.
void register_builtin_strategies(StrategyRegistry& registry,
                                 std::shared_ptr<const ModelRegistry> models = nullptr);
// A registry with the built-in strategies.
StrategyRegistry builtin_registry();

}  // namespace antevorta::strategy
