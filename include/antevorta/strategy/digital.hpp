// The probability that a 15-minute crypto market resolves YES: a digital option on an
// average, not on a spot price (API-NOTES §10.1: YES when the simple average of the index's
// one-second values over the window (close − 60 s, close] is >= the target). Pure functions.
//
// Model. The index follows a driftless geometric Brownian motion with volatility σ per
// √second (a martingale: E[S_T] = S). The average of the index over a window of length W
// that starts τ seconds from now is approximated as lognormal with the same mean S and log
// variance σ²(τ + W/3) — the W/3 is the variance of the mean of a Brownian path over W,
// relative to its start. Then
//   P(avg >= K) = Φ((ln(S/K) − v/2) / √v),   v = σ²(τ + W/3).
// Inside the window, k of the N one-second samples are already known (their average A);
// the remaining m = N − k samples must average at least F* = (N·K − k·A) / m, and their
// average has log variance σ²·r/3 over the r seconds left:
//   P = Φ((ln(S/F*) − v/2) / √v),   v = σ² r / 3;   F* <= 0 ⇒ 1.
// With every sample known (or the market closed) the answer is the rule itself: A >= K
// (a tie is YES). Without samples inside the window (we joined late) the known part is
// missing and the window is treated as starting now.
//
// Errors: inputs that make no sense (index or target <= 0, σ < 0, non-finite values) give
// nullopt; nothing throws. Threading: pure.
#pragma once

#include <optional>

namespace antevorta::strategy {

// Φ, the standard normal distribution function.
double normal_cdf(double x) noexcept;

// σ per √second from an annualised volatility (365-day year), and back.
double per_second_volatility(double annualised) noexcept;
double annualised_volatility(double per_second) noexcept;

struct AverageDigitalInput {
  double index = 0;             // S, the index now
  double target = 0;            // K, floor_strike
  double sigma = 0;             // σ per √second of log returns
  double seconds_to_close = 0;  // close − now
  double window_seconds = 60;   // W: the averaging window before close
  int window_samples = 60;      // N: one-second samples in the window
  int samples = 0;              // k: samples already taken in the window
  double running_average = 0;   // A: their average (used when samples > 0)
};

std::optional<double> average_digital_probability(const AverageDigitalInput& in) noexcept;
// The standardised distance behind it: P = Φ(z). ±infinity when the outcome is decided (or
// no variance is left); other models (momentum_sigmoid) reuse it as their distance term.
std::optional<double> average_digital_z(const AverageDigitalInput& in) noexcept;

}  // namespace antevorta::strategy
