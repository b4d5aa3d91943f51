// The strategies that ship with Antevorta.
#include "antevorta/strategy/registry.hpp"
#include "antevorta/strategy/threshold_taker.hpp"

namespace antevorta::strategy {

void register_builtin_strategies(StrategyRegistry& registry) {
  registry.register_factory(std::string(kThresholdTaker), threshold_taker_factory());
}

StrategyRegistry builtin_registry() {
  StrategyRegistry registry;
  register_builtin_strategies(registry);
  return registry;
}

}  // namespace antevorta::strategy
