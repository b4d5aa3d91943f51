// The expiry sequence of a market: which orders the daemon may still place in it as its
// close nears, and when it awaits or has its settlement. Pure: a function of the market's
// metadata, the time and two configured windows (execution.reduce_only_before_close_seconds,
// execution.cancel_all_before_close_seconds).
//
//   normal       entries and exits
//   reduce_only  close_time − now <= reduce_only_before_close: exits only
//   cancel_all   close_time − now <= cancel_all_before_close: no new orders; on entering it
//                the engine cancels every resting order in the market (Kalshi rejects every
//                order operation, cancels included, from close_time on: API-NOTES §8)
//   closed       now >= close_time, or the exchange says closed/disputed: await the result
//   settled      the exchange published a result the ledger can realize (status determined,
//                amended or finalized with result yes/no, or scalar with settlement_value)
//
// Boundaries: a phase starts when the time left is exactly its window (<=), so with the
// defaults (60 s, 10 s) a market is reduce_only at close − 60 s exactly, cancel_all at
// close − 10 s exactly, and closed at close_time exactly. A window of 0 is empty (closed wins
// at close_time); equal windows skip reduce_only. (The risk manager's
// no_entry_before_close_seconds denies only when strictly less time is left.)
//
// Status by status:
// - closed, disputed → closed. A disputed result may still change: wait for amended or
//   finalized.
// - determined, amended, finalized → settled when the result is usable, else closed.
// - active, initialized, inactive, unknown → by time. A paused (inactive) market keeps its
//   time phase: a pause is temporary, the risk manager's require_exchange_active already
//   denies orders while it lasts, and cancels are accepted during pauses, so cancel_all is
//   still attempted on time. A market not yet open (initialized) is normally far from close.
// - no close_time (and a status that does not decide) → reduce_only: nobody can say how near
//   the close is, so entries stop (fail closed) and exits stay possible.
//
// ExpiryTracker remembers each market's last phase and returns only changes, so the engine
// acts once per change (cancel all on entering cancel_all, settle on entering settled). A
// market's first observation is a change from nothing. Closed and settled are final in the
// tracker: a market that closed never goes back to a trading phase (stale metadata cannot
// reopen it), and nothing is reported after settled (a dispute after determination does not
// undo the settlement). Before close, moving back is reported (a close_time moved later).
// Phases change with time alone: call update() on every market change and when
// next_phase_time() is reached.
//
// Errors: windows that are negative or out of order are a broken invariant (assert); the
// loader never produces them. Threading: pure functions; a tracker has one owner.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <unordered_map>

#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/models.hpp"

namespace antevorta::execution {

enum class MarketPhase : std::uint8_t { normal, reduce_only, cancel_all, closed, settled };
std::string_view to_string(MarketPhase p) noexcept;

struct ExpiryOptions {
  Duration reduce_only_before_close = std::chrono::seconds(60);  // >= cancel_all_before_close
  Duration cancel_all_before_close = std::chrono::seconds(10);   // >= 0
};
ExpiryOptions expiry_options(const config::ExecutionConfig& config);

MarketPhase market_phase(const kalshi::Market& market, Timestamp now, const ExpiryOptions& o);

// The first instant after `now` at which market_phase() changes by time alone; nullopt when
// only a status change can change it (closed, settled, or no close_time).
std::optional<Timestamp> next_phase_time(const kalshi::Market& market, Timestamp now,
                                         const ExpiryOptions& o);

// New positions (buys that add exposure): normal only.
bool allows_entry(MarketPhase p) noexcept;
// Orders that only reduce a position (exits): normal and reduce_only.
bool allows_reduce(MarketPhase p) noexcept;

struct PhaseChange {
  MarketTicker ticker;
  std::optional<MarketPhase> from;  // nullopt: the market's first observation
  MarketPhase to = MarketPhase::normal;
  friend bool operator==(const PhaseChange&, const PhaseChange&) = default;
};

class ExpiryTracker {
 public:
  explicit ExpiryTracker(ExpiryOptions options);

  // The market's phase now; a change when it differs from the last one remembered (see the
  // finality rules above), nullopt otherwise.
  std::optional<PhaseChange> update(const kalshi::Market& market, Timestamp now);
  // The last phase remembered; nullopt for a market never seen (or forgotten).
  std::optional<MarketPhase> phase(const MarketTicker& ticker) const;
  // Drops a market (e.g. once settled and booked); seeing it again is a first observation.
  void forget(const MarketTicker& ticker);
  std::size_t size() const noexcept { return phases_.size(); }
  const ExpiryOptions& options() const noexcept { return options_; }

 private:
  ExpiryOptions options_;
  std::unordered_map<MarketTicker, MarketPhase> phases_;
};

}  // namespace antevorta::execution
