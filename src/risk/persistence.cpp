#include "antevorta/risk/persistence.hpp"

#include <nlohmann/json.hpp>

namespace antevorta::risk {

LoadedRiskState load_persisted_state(store::TradingStore& store, Timestamp now) {
  LoadedRiskState out;
  const auto text = store.load_risk_state();
  if (!text) return out;
  out.found = true;
  const auto json = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    out.problem = "the stored risk state is not JSON";
  } else if (auto state = RiskState::from_json(json)) {
    out.state = std::move(*state);
    return out;
  } else {
    out.problem = "the stored risk state is unreadable: " + state.error();
  }
  out.state = RiskState::fail_closed(*out.problem, now);
  return out;
}

RiskHooks persisting_hooks(store::TradingStore& store, RiskHooks inner) {
  RiskHooks hooks = inner;
  hooks.state_changed = [&store, next = std::move(inner.state_changed)](const RiskStateChanged& e) {
    store.save_risk_state(e.state.to_json().dump(), to_unix_ns(e.at));
    if (next) next(e);
  };
  return hooks;
}

}  // namespace antevorta::risk
