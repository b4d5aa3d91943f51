// The risk manager's state across restarts: loaded from the store at start, saved on every
// change (latches engaged or released, the day's baseline, the equity peak).
//
// load_persisted_state(): no stored state yet → a fresh RiskState (nothing engaged); a
// stored state that cannot be read → RiskState::fail_closed() (kill switch engaged with
// reason state_unreadable), so a damaged row can never silently clear a latch.
// persisting_hooks(): RiskHooks whose state_changed enqueues the state as a critical store
// row (never dropped, written before the store closes) and then calls `inner`'s hooks.
// Errors: values (the problem text in LoadedRiskState). Threading: the store's owning thread.
#pragma once

#include <optional>
#include <string>

#include "antevorta/core/clock.hpp"
#include "antevorta/risk/manager.hpp"
#include "antevorta/risk/state.hpp"
#include "antevorta/store/trading_store.hpp"

namespace antevorta::risk {

struct LoadedRiskState {
  RiskState state;
  bool found = false;                  // a stored state existed
  std::optional<std::string> problem;  // set when it could not be read (state is fail-closed)
};

LoadedRiskState load_persisted_state(store::TradingStore& store, Timestamp now);
RiskHooks persisting_hooks(store::TradingStore& store, RiskHooks inner = {});

}  // namespace antevorta::risk
