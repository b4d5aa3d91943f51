#include "antevorta/strategy/probability_model.hpp"

#include <cassert>
#include <utility>

namespace antevorta::strategy {

void ModelRegistry::register_model(std::string name, ModelFactory factory) {
  assert(factory && !factories_.contains(name));
  factories_.emplace(std::move(name), std::move(factory));
}

bool ModelRegistry::contains(std::string_view name) const {
  return factories_.find(name) != factories_.end();
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, factory] : factories_) out.push_back(name);
  return out;
}

std::unique_ptr<ProbabilityModel> ModelRegistry::create(std::string_view name,
                                                        config::Reader& params) const {
  const auto it = factories_.find(name);
  if (it == factories_.end()) return nullptr;
  return it->second(params);
}

}  // namespace antevorta::strategy
