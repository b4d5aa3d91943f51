// The strategies that ship with Antevorta.
#include "antevorta/strategy/crypto_taker.hpp"
#include "antevorta/strategy/mean_reversion.hpp"
#include "antevorta/strategy/registry.hpp"
#include "antevorta/strategy/threshold_taker.hpp"

namespace antevorta::strategy {

void register_builtin_strategies(StrategyRegistry& registry,
                                 std::shared_ptr<const ModelRegistry> models) {
  if (!models) models = std::make_shared<const ModelRegistry>(builtin_models());
  registry.register_factory(std::string(kThresholdTaker), threshold_taker_factory());
  registry.register_factory(std::string(kCryptoDigital),
                            crypto_taker_factory(models, std::string(kEwmaDigitalModel)));
  registry.register_factory(std::string(kMomentumBaseline),
                            crypto_taker_factory(models, std::string(kMomentumSigmoidModel)));
  registry.register_factory(std::string(kMeanReversion), mean_reversion_factory());
}

StrategyRegistry builtin_registry() {
  StrategyRegistry registry;
  register_builtin_strategies(registry);
  return registry;
}

}  // namespace antevorta::strategy
