#include "antevorta/strategy/registry.hpp"

#include <cassert>
#include <optional>
#include <string_view>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace antevorta::strategy {

namespace {

const config::Node* strategies_node(const config::Node* tree) {
  return tree == nullptr ? nullptr : tree->find("strategies");
}

// The line that names the strategy (`  threshold_taker:`) in the merged tree, if known.
std::optional<config::Origin> entry_origin(const config::Node* tree, std::string_view name) {
  const config::Node* strategies = strategies_node(tree);
  if (strategies == nullptr) return std::nullopt;
  for (const auto& entry : strategies->entries) {
    if (entry.key == name && !entry.key_origin.source.empty()) return entry.key_origin;
  }
  return std::nullopt;
}

// Errors about the strategy as a whole go to its entry in the tree, else to its params,
// else to "defaults" (the reader's fallback).
void entry_error(const config::StrategyConfig& c, const config::Node* tree, std::string message,
                 std::vector<config::ConfigError>& errors) {
  config::Reader strategies(nullptr, "strategies", errors);
  if (const auto where = entry_origin(tree, c.name)) {
    strategies.error(*where, c.name, std::move(message));
  } else if (!c.params.origin.source.empty()) {
    strategies.error(c.params.origin, c.name, std::move(message));
  } else {
    strategies.error(c.name, std::move(message));
  }
}

}  // namespace

void StrategyRegistry::register_factory(std::string name, StrategyFactory factory) {
  assert(factory && "a strategy factory must be callable");
  [[maybe_unused]] const bool inserted =
      factories_.emplace(std::move(name), std::move(factory)).second;
  assert(inserted && "a strategy name is registered once");
}

bool StrategyRegistry::contains(std::string_view name) const {
  return factories_.find(name) != factories_.end();
}

std::vector<std::string> StrategyRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, factory] : factories_) out.push_back(name);
  return out;
}

Expected<std::unique_ptr<Strategy>, std::vector<config::ConfigError>> StrategyRegistry::create(
    const config::StrategyConfig& c, const config::Node* tree) const {
  std::vector<config::ConfigError> errors;
  if (c.name == kManualStrategy.str()) {
    entry_error(c, tree, "the name \"manual\" is reserved for the operator's orders", errors);
    return unexpected(std::move(errors));
  }
  const auto it = factories_.find(c.name);
  if (it == factories_.end()) {
    const auto known = names();
    entry_error(c, tree,
                fmt::format("unknown strategy {}; known strategies: {}", config::quote(c.name),
                            known.empty() ? std::string("none")
                                          : fmt::format("{}", fmt::join(known, ", "))),
                errors);
    return unexpected(std::move(errors));
  }
  // Without params, a stand-in empty mapping placed at the strategy's entry, so that "is
  // required" errors point at the strategy rather than at "defaults".
  config::Node placeholder;
  const config::Node* params_node = &c.params;
  if (c.params.is_null()) {
    placeholder.kind = config::Node::Kind::mapping;
    if (const auto where = entry_origin(tree, c.name)) placeholder.origin = *where;
    params_node = &placeholder;
  }
  config::Reader params(params_node, fmt::format("strategies.{}.params", c.name), errors);
  std::unique_ptr<Strategy> strategy = it->second(c, params);
  params.finish();
  if (!errors.empty()) return unexpected(std::move(errors));
  if (strategy == nullptr) {
    // A factory that declines without saying why is a bug in the plugin; still an error here.
    entry_error(c, tree, "the strategy could not be created", errors);
    return unexpected(std::move(errors));
  }
  assert(strategy->name().str() == c.name && "a factory names its strategy after its config");
  return strategy;
}

CreateResult StrategyRegistry::create_all(
    const std::map<std::string, config::StrategyConfig>& configs, const config::Node* tree) const {
  CreateResult out;
  for (const auto& [name, c] : configs) {
    auto created = create(c, tree);
    if (!created) {
      const auto& errors = created.error();
      out.errors.insert(out.errors.end(), errors.begin(), errors.end());
      continue;
    }
    out.strategies.push_back({c, std::move(created).value()});
  }
  return out;
}

}  // namespace antevorta::strategy
