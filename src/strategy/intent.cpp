#include "antevorta/strategy/intent.hpp"

namespace antevorta::strategy {

std::string_view to_string(Action a) noexcept { return a == Action::buy ? "buy" : "sell"; }

std::optional<Action> parse_action(std::string_view text) noexcept {
  if (text == "buy") return Action::buy;
  if (text == "sell") return Action::sell;
  return std::nullopt;
}

}  // namespace antevorta::strategy
