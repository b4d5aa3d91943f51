// OrderLifetime: the duties execution runs on a timer (once a second in the daemon), over
// the engine and the followed markets:
//   - the expiry sequence (expiry.hpp) of every market: its phase is remembered (the engine's
//     phase lookup reads it, so entries stop at reduce_only and everything stops at
//     cancel_all), and on entering cancel_all or closed every open order of the market is
//     cancelled (log expiry_cancel);
//   - order timeouts: a resting order older than execution.order_timeout_seconds (from its
//     creation) is cancelled once (log order_timeout);
//   - exits (exits.hpp): for every strategy with `exits` configured and a holding in a
//     market, the rules are evaluated against the live book; a decision becomes a reducing
//     IOC intent (sell the held leg at its bid, reduce_only, IntentPurpose::reduce) through
//     the engine's normal path (risk still checks it). At most one exit per strategy and
//     market per `exit_retry` while the last one is worked out; a rule that fires with no
//     bid is logged (exit_blocked). A holding's opening time is when this object first saw
//     it (time decay counts from there; after a restart from the restart). The strategy's
//     latest fair value is not tracked yet: edge_evaporated cannot fire.
// Errors: none (values and the engine's events). Threading: io_context thread. Lifetime: the
// engine and the market supplier outlive it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/execution/engine.hpp"
#include "antevorta/execution/expiry.hpp"
#include "antevorta/kalshi/models.hpp"

namespace antevorta::execution {

class OrderLifetime {
 public:
  using Markets = std::function<const std::map<MarketTicker, kalshi::Market>&()>;

  OrderLifetime(Engine& engine, Logger logger, Markets markets, config::ExecutionConfig config,
                std::map<std::string, config::ExitConfig> exits,
                Duration exit_retry = std::chrono::seconds(10));

  // Expiry, then timeouts, then exits, at `now`.
  void run(Timestamp now);
  void run_expiry(Timestamp now);
  void run_timeouts(Timestamp now);
  void run_exits(Timestamp now);

  // The market's remembered phase (for Engine::set_phase_lookup).
  std::optional<MarketPhase> phase(const MarketTicker& ticker) const {
    return expiry_.phase(ticker);
  }

 private:
  using Key = std::pair<strategy::StrategyId, MarketTicker>;

  Engine& engine_;
  Logger log_;
  Markets markets_;
  config::ExecutionConfig config_;
  std::map<std::string, config::ExitConfig> exits_;
  Duration exit_retry_;
  ExpiryTracker expiry_;
  std::map<Key, Timestamp> opened_at_;
  std::map<Key, Timestamp> last_exit_;
  std::uint64_t exit_seq_ = 0;
};

}  // namespace antevorta::execution
