// Reconnect and retry delays: exponential backoff with jitter, reset after a healthy period.
//
// A pure decision object (no I/O, no timers): the connection loop asks it how long to wait
// and tells it when a connection came up or went down. Deterministic for a given seed, so
// tests and replays see the same delays.
#pragma once

#include <cstdint>
#include <optional>
#include <random>

#include "antevorta/core/clock.hpp"

namespace antevorta::net {

struct BackoffOptions {
  Duration initial = std::chrono::milliseconds(250);
  Duration max = std::chrono::seconds(30);
  double multiplier = 2.0;
  // Each delay is drawn uniformly from [base × (1 − jitter), base]; 0 disables jitter.
  double jitter = 0.5;
  // A connection that stayed up this long resets the attempt count.
  Duration healthy_after = std::chrono::seconds(60);
  // 0 = retry forever; otherwise next_delay() returns nullopt after this many failures.
  int max_attempts = 0;
};

class Backoff {
 public:
  explicit Backoff(BackoffOptions options = {}, std::uint64_t seed = 0x5eed);

  // An attempt failed: the delay before the next one, or nullopt when attempts are used up.
  std::optional<Duration> next_delay();
  // The connection (or request) succeeded at `now`.
  void on_success(Timestamp now);
  // An established connection was lost at `now`; resets the attempt count if it had been
  // healthy for at least healthy_after.
  void on_lost(Timestamp now);
  void reset() noexcept { attempts_ = 0; }

  int attempts() const noexcept { return attempts_; }
  const BackoffOptions& options() const noexcept { return options_; }

 private:
  BackoffOptions options_;
  std::mt19937_64 rng_;
  int attempts_ = 0;
  std::optional<Timestamp> connected_since_;
};

}  // namespace antevorta::net
