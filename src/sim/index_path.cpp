#include "antevorta/sim/index_path.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdlib>

namespace antevorta::sim {

namespace {

constexpr double kSecondsPerYear = 365.25 * 24 * 3600;

std::int64_t pow10(int n) {
  std::int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// Integer division rounded half away from zero.
std::int64_t div_round(std::int64_t num, std::int64_t den) {
  const std::int64_t q = num / den;
  const std::int64_t r = num % den;
  if (std::llabs(r) * 2 >= den) return num >= 0 ? q + 1 : q - 1;
  return q;
}

// FNV-1a: a stable per-asset seed (std::hash is not specified to be stable).
std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

bool whole_second(Timestamp t) {
  return t.time_since_epoch() % std::chrono::seconds(1) == Duration::zero();
}

std::int64_t unix_seconds(Timestamp t) {
  return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
}

}  // namespace

Decimal round_decimals(Decimal value, int decimals) {
  assert(decimals >= 0 && decimals <= Decimal::kDecimals);
  const std::int64_t unit = pow10(Decimal::kDecimals - decimals);
  return Decimal::from_scaled(div_round(value.scaled(), unit) * unit);
}

std::string fixed_text(Decimal value, int decimals) {
  assert(decimals >= 0 && decimals <= Decimal::kDecimals);
  const std::int64_t unit = pow10(Decimal::kDecimals - decimals);
  const std::int64_t scaled = div_round(value.scaled(), unit);
  const std::int64_t one = pow10(decimals);
  const std::int64_t whole = std::llabs(scaled) / one;
  const std::int64_t frac = std::llabs(scaled) % one;
  const char* sign = scaled < 0 ? "-" : "";
  if (decimals == 0) return fmt::format("{}{}", sign, whole);
  return fmt::format("{}{}.{:0{}}", sign, whole, frac, decimals);
}

std::string_view to_string(VolRegime regime) noexcept {
  switch (regime) {
    case VolRegime::calm:
      return "calm";
    case VolRegime::normal:
      return "normal";
    case VolRegime::turbulent:
      return "turbulent";
  }
  return "normal";
}

IndexPath::IndexPath(IndexSpec spec, IndexModelOptions options, std::uint64_t seed, Timestamp start)
    : spec_(std::move(spec)),
      options_(options),
      rng_(seed ^ fnv1a(spec_.asset)),
      regime_(options.initial_regime) {
  assert(options_.step > Duration::zero() &&
         std::chrono::seconds(1) % options_.step == Duration::zero());
  start_ = Timestamp{(start.time_since_epoch() / options_.step) * options_.step};
  time_ = start_;
  level_ = spec_.start.to_double();
  value_ = round_decimals(spec_.start, spec_.decimals);
  if (whole_second(time_)) record_second(nullptr);
}

IndexPath::IndexPath(IndexSpec spec, IndexModelOptions options, std::vector<RecordedPoint> points,
                     Timestamp start)
    : IndexPath(std::move(spec), options, 0, start) {
  points_ = std::move(points);
  std::stable_sort(
      points_.begin(), points_.end(),
      [](const RecordedPoint& a, const RecordedPoint& b) { return a.unix_ms < b.unix_ms; });
  if (points_.empty()) return;
  value_ = recorded_value(time_);
  history_.clear();
  if (whole_second(time_)) record_second(nullptr);
}

void IndexPath::advance_to(Timestamp now, std::vector<SecondValue>* out) {
  // A wall clock that went backwards makes no steps until it has caught up.
  while (time_ + options_.step <= now) {
    step_once();
    if (whole_second(time_)) record_second(out);
  }
}

void IndexPath::step_once() {
  time_ += options_.step;
  if (!points_.empty()) {
    value_ = recorded_value(time_);
    return;
  }
  std::uniform_real_distribution<double> u(0.0, 1.0);
  if (u(rng_) < options_.switch_probability) {
    switch (regime_) {
      case VolRegime::calm:
        regime_ = VolRegime::normal;
        break;
      case VolRegime::turbulent:
        regime_ = VolRegime::normal;
        break;
      case VolRegime::normal:
        regime_ = u(rng_) < 0.5 ? VolRegime::calm : VolRegime::turbulent;
        break;
    }
  }
  const double sigma = annual_vol();
  const double dt = std::chrono::duration<double>(options_.step).count() / kSecondsPerYear;
  std::normal_distribution<double> z(0.0, 1.0);
  level_ *= std::exp(-0.5 * sigma * sigma * dt + sigma * std::sqrt(dt) * z(rng_));
  value_ = rounded(level_);
}

void IndexPath::record_second(std::vector<SecondValue>* out) {
  const SecondValue sv{unix_seconds(time_), value_};
  history_.push_back(sv);
  if (out != nullptr) out->push_back(sv);
  const std::int64_t keep = std::chrono::ceil<std::chrono::seconds>(options_.history).count();
  while (!history_.empty() && history_.front().unix_s < sv.unix_s - keep) history_.pop_front();
}

Decimal IndexPath::recorded_value(Timestamp t) const {
  const std::int64_t at_ms = points_.front().unix_ms + (to_unix_ms(t) - to_unix_ms(start_));
  auto it =
      std::upper_bound(points_.begin(), points_.end(), at_ms,
                       [](std::int64_t ms, const RecordedPoint& p) { return ms < p.unix_ms; });
  const RecordedPoint& p = it == points_.begin() ? points_.front() : *std::prev(it);
  return round_decimals(p.value, spec_.decimals);
}

Decimal IndexPath::rounded(double x) const {
  const double scale = static_cast<double>(pow10(spec_.decimals));
  const auto units = static_cast<std::int64_t>(std::llround(x * scale));
  return Decimal::from_scaled(units * pow10(Decimal::kDecimals - spec_.decimals));
}

double IndexPath::annual_vol() const {
  const double regime_vol =
      options_.regime_vols[static_cast<std::size_t>(regime_)] * spec_.vol_scale;
  if (points_.empty()) return regime_vol;
  // Realised volatility of the last five minutes of one-second values (zero-mean returns).
  const std::size_t n = std::min<std::size_t>(history_.size(), 301);
  if (n < 31) return options_.regime_vols[1] * spec_.vol_scale;
  double sum_sq = 0.0;
  for (std::size_t i = history_.size() - n + 1; i < history_.size(); ++i) {
    const double a = history_[i - 1].value.to_double();
    const double b = history_[i].value.to_double();
    if (a <= 0.0 || b <= 0.0) continue;
    const double r = std::log(b / a);
    sum_sq += r * r;
  }
  return std::sqrt(sum_sq / static_cast<double>(n - 1) * kSecondsPerYear);
}

std::optional<Decimal> IndexPath::second_value(std::int64_t unix_s) const {
  auto it = std::lower_bound(history_.begin(), history_.end(), unix_s,
                             [](const SecondValue& v, std::int64_t s) { return v.unix_s < s; });
  if (it == history_.end() || it->unix_s != unix_s) return std::nullopt;
  return it->value;
}

IndexAverage IndexPath::average(std::int64_t first_s, std::int64_t last_s) const {
  IndexAverage avg;
  auto it = std::lower_bound(history_.begin(), history_.end(), first_s,
                             [](const SecondValue& v, std::int64_t s) { return v.unix_s < s; });
  for (; it != history_.end() && it->unix_s <= last_s; ++it) {
    avg.sum = avg.sum + it->value;
    ++avg.count;
  }
  if (avg.count > 0) avg.value = Decimal::from_scaled(div_round(avg.sum.scaled(), avg.count));
  return avg;
}

void IndexPath::jump_to(Decimal value) {
  value_ = round_decimals(value, spec_.decimals);
  level_ = value_.to_double();
  points_.clear();  // a recorded path becomes a random walk from the jump
}

}  // namespace antevorta::sim
