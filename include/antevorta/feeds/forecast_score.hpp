// ForecastScorer: in-memory scores of the published forecasts against market outcomes, per
// (model, time-to-close bucket) and per model over all buckets (`all`).
//
// Buckets by time to close (close_time − at), lower edge included:
//   0-1m  [0, 60 s)   (a forecast made after close counts here too)
//   1-5m  [60 s, 300 s)   5-10m [300 s, 600 s)   10-15m [600 s, 900 s)   15m+ [900 s, ∞)
// Scores over the forecasts of markets whose outcome y (1 = yes, 0 = no) is known:
//   n, Brier = mean((p − y)²), log loss = −mean(y ln p + (1 − y) ln(1 − p)) with p clamped to
//   [1e-6, 1 − 1e-6], hit rate = share of forecasts with (p >= 0.5) == y.
//
// Cost: a forecast is folded into running sums of its (market, model, bucket) at once; the
// outcome of a market moves those sums into the scores (Σ(1−p)² or Σp², Σ ln p or
// Σ ln(1 − p), hits), so memory is bounded by markets × models × buckets, never by the
// number of forecasts, and scores() is a walk over (model, bucket) cells. A forecast for a
// market whose outcome is already known is scored at once. The first outcome of a market
// wins; a later one is ignored. Probabilities outside [0, 1] (or NaN) are the caller's to
// refuse (ForecastRecorder does); here they are a broken invariant (assert).
//
// Errors: none. Threading: one thread.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "antevorta/core/clock.hpp"

namespace antevorta::feeds {

enum class HorizonBucket : std::uint8_t { m0_1, m1_5, m5_10, m10_15, m15_plus };
inline constexpr std::size_t kHorizonBuckets = 5;
std::string_view to_string(HorizonBucket bucket) noexcept;  // "0-1m", …, "15m+"
inline constexpr std::string_view kAllBuckets = "all";

HorizonBucket horizon_bucket(Duration time_to_close) noexcept;

struct ForecastScore {
  std::string model;
  std::string bucket;  // "0-1m" … "15m+" or "all"
  std::uint64_t n = 0;
  double brier = 0.0;
  double log_loss = 0.0;
  double hit_rate = 0.0;
  friend bool operator==(const ForecastScore&, const ForecastScore&) = default;
};

inline constexpr double kLogLossClamp = 1e-6;

class ForecastScorer {
 public:
  void add_forecast(std::string_view model, std::string_view ticker, double probability,
                    Duration time_to_close);
  // Returns false when the market's outcome was already known (ignored).
  bool add_outcome(std::string_view ticker, bool yes);

  // Per model (by name): its buckets with n > 0 in bucket order, then `all`.
  std::vector<ForecastScore> scores() const;

  std::size_t outcomes() const noexcept { return outcomes_.size(); }
  std::size_t pending_markets() const noexcept { return pending_.size(); }
  std::uint64_t scored_forecasts() const noexcept { return scored_; }

 private:
  // Running sums of unscored forecasts of one (market, model, bucket).
  struct Pending {
    std::uint64_t n = 0;
    std::uint64_t at_least_half = 0;  // p >= 0.5
    double sq_if_yes = 0.0;           // Σ (1 − p)²
    double sq_if_no = 0.0;            // Σ p²
    double log_if_yes = 0.0;          // Σ ln p   (clamped)
    double log_if_no = 0.0;           // Σ ln(1 − p) (clamped)
  };
  struct Cell {
    std::uint64_t n = 0;
    std::uint64_t hits = 0;
    double squared_error = 0.0;
    double log_loss = 0.0;
  };
  using ModelPending = std::map<std::string, std::array<Pending, kHorizonBuckets>, std::less<>>;

  void score(const std::string& model, std::size_t bucket, const Pending& p, bool yes);

  std::unordered_map<std::string, bool> outcomes_;         // ticker → yes
  std::unordered_map<std::string, ModelPending> pending_;  // ticker → model → buckets
  std::map<std::string, std::array<Cell, kHorizonBuckets>, std::less<>> cells_;
  std::uint64_t scored_ = 0;
};

}  // namespace antevorta::feeds
