#include "antevorta/feeds/forecast_score.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace antevorta::feeds {

using std::chrono::seconds;

std::string_view to_string(HorizonBucket bucket) noexcept {
  switch (bucket) {
    case HorizonBucket::m0_1:
      return "0-1m";
    case HorizonBucket::m1_5:
      return "1-5m";
    case HorizonBucket::m5_10:
      return "5-10m";
    case HorizonBucket::m10_15:
      return "10-15m";
    case HorizonBucket::m15_plus:
      return "15m+";
  }
  return "unknown";
}

HorizonBucket horizon_bucket(Duration t) noexcept {
  if (t < seconds(60)) return HorizonBucket::m0_1;
  if (t < seconds(300)) return HorizonBucket::m1_5;
  if (t < seconds(600)) return HorizonBucket::m5_10;
  if (t < seconds(900)) return HorizonBucket::m10_15;
  return HorizonBucket::m15_plus;
}

void ForecastScorer::add_forecast(std::string_view model, std::string_view ticker, double p,
                                  Duration time_to_close) {
  assert(p >= 0.0 && p <= 1.0);
  const double c = std::clamp(p, kLogLossClamp, 1.0 - kLogLossClamp);
  Pending one;
  one.n = 1;
  one.at_least_half = p >= 0.5 ? 1 : 0;
  one.sq_if_yes = (1.0 - p) * (1.0 - p);
  one.sq_if_no = p * p;
  one.log_if_yes = std::log(c);
  one.log_if_no = std::log(1.0 - c);
  const auto bucket = static_cast<std::size_t>(horizon_bucket(time_to_close));
  const std::string key(ticker);

  if (const auto known = outcomes_.find(key); known != outcomes_.end()) {
    score(std::string(model), bucket, one, known->second);
    return;
  }
  auto& models = pending_[key];
  auto it = models.find(model);
  if (it == models.end()) it = models.emplace(std::string(model), decltype(it->second){}).first;
  Pending& sums = it->second[bucket];
  sums.n += one.n;
  sums.at_least_half += one.at_least_half;
  sums.sq_if_yes += one.sq_if_yes;
  sums.sq_if_no += one.sq_if_no;
  sums.log_if_yes += one.log_if_yes;
  sums.log_if_no += one.log_if_no;
}

bool ForecastScorer::add_outcome(std::string_view ticker, bool yes) {
  const std::string key(ticker);
  if (!outcomes_.emplace(key, yes).second) return false;
  const auto it = pending_.find(key);
  if (it == pending_.end()) return true;
  for (const auto& [model, buckets] : it->second) {
    for (std::size_t b = 0; b < kHorizonBuckets; ++b) {
      if (buckets[b].n > 0) score(model, b, buckets[b], yes);
    }
  }
  pending_.erase(it);
  return true;
}

void ForecastScorer::score(const std::string& model, std::size_t bucket, const Pending& p,
                           bool yes) {
  Cell& cell = cells_[model][bucket];
  cell.n += p.n;
  cell.hits += yes ? p.at_least_half : p.n - p.at_least_half;
  cell.squared_error += yes ? p.sq_if_yes : p.sq_if_no;
  cell.log_loss -= yes ? p.log_if_yes : p.log_if_no;
  scored_ += p.n;
}

std::vector<ForecastScore> ForecastScorer::scores() const {
  std::vector<ForecastScore> out;
  const auto make = [](const std::string& model, std::string_view bucket, const Cell& c) {
    ForecastScore s;
    s.model = model;
    s.bucket = std::string(bucket);
    s.n = c.n;
    const auto n = static_cast<double>(c.n);
    s.brier = c.squared_error / n;
    s.log_loss = c.log_loss / n;
    s.hit_rate = static_cast<double>(c.hits) / n;
    return s;
  };
  for (const auto& [model, cells] : cells_) {
    Cell all;
    for (std::size_t b = 0; b < kHorizonBuckets; ++b) {
      const Cell& c = cells[b];
      if (c.n == 0) continue;
      out.push_back(make(model, to_string(static_cast<HorizonBucket>(b)), c));
      all.n += c.n;
      all.hits += c.hits;
      all.squared_error += c.squared_error;
      all.log_loss += c.log_loss;
    }
    if (all.n > 0) out.push_back(make(model, kAllBuckets, all));
  }
  return out;
}

}  // namespace antevorta::feeds
