// The built-in probability models: ewma_digital and momentum_sigmoid (probability_model.hpp).
#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "antevorta/strategy/digital.hpp"
#include "antevorta/strategy/probability_model.hpp"
#include "antevorta/strategy/volatility.hpp"

#include "params.hpp"

namespace antevorta::strategy {

namespace {

struct VolatilityParams {
  EwmaVolatilityOptions ewma;
  double floor = 0.05;  // annualised
  double cap = 5.0;     // annualised
};

bool read_volatility_params(config::Reader& r, VolatilityParams& p) {
  bool ok = detail::read_seconds(r, "half_life_seconds", p.ewma.half_life, 10, 86'400);
  if (r.has("min_samples")) {
    std::int64_t n = 0;
    if (r.read("min_samples", n) &&
        r.check_between("min_samples", n, std::int64_t{2}, std::int64_t{100'000})) {
      p.ewma.min_samples = static_cast<int>(n);
    } else {
      ok = false;
    }
  }
  ok = detail::read_number(r, "volatility_floor", p.floor, 0, 20) && ok;
  ok = detail::read_number(r, "volatility_cap", p.cap, 0, 20, true) && ok;
  if (ok && p.floor > p.cap) {
    r.error("volatility_floor",
            fmt::format("must not exceed volatility_cap ({} > {})", p.floor, p.cap));
    ok = false;
  }
  return ok;
}

// Per-asset volatility, shared by both models.
class VolatilityBook {
 public:
  explicit VolatilityBook(VolatilityParams params) : params_(params) {}

  void observe(const feeds::IndexUpdated& u) {
    if (u.status != feeds::IndexStatus::ok) return;
    auto it = assets_.find(u.asset);
    if (it == assets_.end()) it = assets_.emplace(u.asset, EwmaVolatility(params_.ewma)).first;
    it->second.observe(u.value.to_double(), u.at);
  }

  // σ per √second, clamped to [floor, cap]; nullopt while warming up.
  std::optional<double> sigma(const std::string& asset) const {
    const auto it = assets_.find(asset);
    if (it == assets_.end()) return std::nullopt;
    const auto raw = it->second.sigma();
    if (!raw) return std::nullopt;
    return std::clamp(*raw, per_second_volatility(params_.floor),
                      per_second_volatility(params_.cap));
  }

 private:
  VolatilityParams params_;
  std::map<std::string, EwmaVolatility, std::less<>> assets_;
};

AverageDigitalInput digital_input(const DigitalQuestion& q, double sigma) {
  AverageDigitalInput in;
  in.index = q.index.to_double();
  in.target = q.target.to_double();
  in.sigma = sigma;
  in.seconds_to_close = std::chrono::duration<double>(q.close_time - q.now).count();
  if (q.running_average && q.samples > 0) {
    in.samples = q.samples;
    in.running_average = q.running_average->to_double();
  }
  return in;
}

class EwmaDigitalModel final : public ProbabilityModel {
 public:
  explicit EwmaDigitalModel(VolatilityParams params) : vol_(params) {}

  std::string_view name() const noexcept override { return kEwmaDigitalModel; }
  void observe(const feeds::IndexUpdated& update) override { vol_.observe(update); }
  std::optional<double> probability(const DigitalQuestion& q) override {
    const auto sigma = vol_.sigma(q.asset);
    if (!sigma) return std::nullopt;
    return average_digital_probability(digital_input(q, *sigma));
  }
  std::string describe(const DigitalQuestion& q) const override {
    const auto sigma = vol_.sigma(q.asset);
    return sigma ? fmt::format("vol={:.3f}/yr", annualised_volatility(*sigma)) : "vol=warming";
  }

 private:
  VolatilityBook vol_;
};

struct MomentumParams {
  VolatilityParams volatility;
  double scale = 1.6;  // ≈ the logistic's match to Φ
  double momentum_weight = 0.5;
  Duration lookback = std::chrono::seconds(60);
};

class MomentumSigmoidModel final : public ProbabilityModel {
 public:
  explicit MomentumSigmoidModel(MomentumParams params) : params_(params), vol_(params.volatility) {}

  std::string_view name() const noexcept override { return kMomentumSigmoidModel; }

  void observe(const feeds::IndexUpdated& u) override {
    vol_.observe(u);
    if (u.status != feeds::IndexStatus::ok) return;
    auto& path = paths_[u.asset];
    const std::int64_t second = u.at.time_since_epoch() / std::chrono::seconds(1);
    if (!path.empty() && path.back().first == second) {
      path.back().second = u.value.to_double();
    } else if (path.empty() || path.back().first < second) {
      path.emplace_back(second, u.value.to_double());
    }
    const std::int64_t keep = params_.lookback / std::chrono::seconds(1);
    while (path.size() > 1 && path[1].first <= second - keep) path.pop_front();
  }

  std::optional<double> probability(const DigitalQuestion& q) override {
    const auto sigma = vol_.sigma(q.asset);
    if (!sigma) return std::nullopt;
    const auto z = average_digital_z(digital_input(q, *sigma));
    if (!z) return std::nullopt;
    const double m = momentum(q.asset, *sigma);
    const double score = params_.scale * *z + params_.momentum_weight * m;
    if (std::isinf(*z)) return *z > 0 ? 1.0 : 0.0;
    return 1.0 / (1.0 + std::exp(-score));
  }

  std::string describe(const DigitalQuestion& q) const override {
    const auto sigma = vol_.sigma(q.asset);
    if (!sigma) return "vol=warming";
    return fmt::format("vol={:.3f}/yr momentum={:.2f}", annualised_volatility(*sigma),
                       momentum(q.asset, *sigma));
  }

 private:
  // The log return over the lookback in units of σ√lookback; 0 without enough history.
  double momentum(const std::string& asset, double sigma) const {
    const auto it = paths_.find(asset);
    if (it == paths_.end() || it->second.size() < 2 || sigma <= 0) return 0;
    const auto& [t0, v0] = it->second.front();
    const auto& [t1, v1] = it->second.back();
    const double span = static_cast<double>(t1 - t0);
    if (span <= 0) return 0;
    return std::log(v1 / v0) / (sigma * std::sqrt(span));
  }

  MomentumParams params_;
  VolatilityBook vol_;
  std::map<std::string, std::deque<std::pair<std::int64_t, double>>, std::less<>> paths_;
};

}  // namespace

ModelRegistry builtin_models() {
  ModelRegistry registry;
  registry.register_model(std::string(kEwmaDigitalModel),
                          [](config::Reader& r) -> std::unique_ptr<ProbabilityModel> {
                            VolatilityParams p;
                            if (!read_volatility_params(r, p)) return nullptr;
                            return std::make_unique<EwmaDigitalModel>(p);
                          });
  registry.register_model(
      std::string(kMomentumSigmoidModel),
      [](config::Reader& r) -> std::unique_ptr<ProbabilityModel> {
        MomentumParams p;
        bool ok = read_volatility_params(r, p.volatility);
        ok = detail::read_number(r, "scale", p.scale, 0, 20, true) && ok;
        ok = detail::read_number(r, "momentum_weight", p.momentum_weight, -10, 10) && ok;
        ok = detail::read_seconds(r, "lookback_seconds", p.lookback, 5, 3600) && ok;
        if (!ok) return nullptr;
        return std::make_unique<MomentumSigmoidModel>(p);
      });
  return registry;
}

}  // namespace antevorta::strategy
