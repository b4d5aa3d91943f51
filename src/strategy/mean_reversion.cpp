#include "antevorta/strategy/mean_reversion.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include <fmt/format.h>

#include "params.hpp"

namespace antevorta::strategy {

namespace {

double dollars(Price p) { return static_cast<double>(p.centicents()) / Price::kOne; }
double dollars(Money m) { return static_cast<double>(m.centicents()) / 10'000.0; }

}  // namespace

std::optional<MeanReversionParams> read_mean_reversion_params(config::Reader& r) {
  MeanReversionParams p;
  bool ok = detail::read_seconds(r, "lookback_seconds", p.lookback, 10, 86'400);
  if (r.has("min_samples")) {
    std::int64_t n = 0;
    if (r.read("min_samples", n) &&
        r.check_between("min_samples", n, std::int64_t{3}, std::int64_t{86'400})) {
      p.min_samples = static_cast<int>(n);
    } else {
      ok = false;
    }
  }
  ok = detail::read_number(r, "entry_z", p.entry_z, 0, 100, true) && ok;
  ok = detail::read_number(r, "min_std", p.min_std, 0, 1, true) && ok;
  ok = detail::read_number(r, "min_edge", p.min_edge, 0, 1) && ok;
  if (r.has("count")) ok = r.read("count", p.count) && r.check_positive("count", p.count) && ok;
  if (r.has("max_position")) {
    ok = r.read("max_position", p.max_position) &&
         r.check_positive("max_position", p.max_position) && ok;
  }
  ok = detail::read_seconds(r, "cooldown_seconds", p.cooldown, 0, 86'400) && ok;
  ok = detail::read_entry_window(r, p.min_to_close, p.max_to_close, 31'536'000) && ok;
  ok = detail::read_seconds(r, "forecast_interval_seconds", p.forecast_interval, 1, 3600) && ok;
  if (!ok) return std::nullopt;
  return p;
}

void RollingMid::add(double mid, Timestamp at) {
  const std::int64_t second = at.time_since_epoch() / std::chrono::seconds(1);
  if (!samples_.empty() && samples_.back().first == second) {
    samples_.back().second = mid;
  } else if (samples_.empty() || samples_.back().first < second) {
    samples_.emplace_back(second, mid);
  }
  const std::int64_t keep = lookback_ / std::chrono::seconds(1);
  while (!samples_.empty() && samples_.front().first <= second - keep) samples_.pop_front();
}

double RollingMid::mean() const noexcept {
  if (samples_.empty()) return 0;
  double sum = 0;
  for (const auto& s : samples_) sum += s.second;
  return sum / static_cast<double>(samples_.size());
}

double RollingMid::stddev() const noexcept {
  if (samples_.size() < 2) return 0;
  const double m = mean();
  double sum = 0;
  for (const auto& s : samples_) sum += (s.second - m) * (s.second - m);
  return std::sqrt(sum / static_cast<double>(samples_.size()));
}

MeanReversion::MeanReversion(StrategyId name, MeanReversionParams params)
    : Strategy(std::move(name)), params_(params) {}

void MeanReversion::on_start(StrategyContext& context) { context_ = &context; }

void MeanReversion::on_market(const kalshi::MarketChanged& change) {
  if (change.change == kalshi::MarketChange::settled) markets_.erase(change.ticker);
}

void MeanReversion::on_book(const kalshi::OrderBook& book, Timestamp at) {
  if (context_ == nullptr || book.stale()) return;
  const auto bid = book.best_yes_bid();
  const auto ask = book.best_yes_ask();
  if (!bid || !ask) return;
  const double mid = (dollars(bid->price) + dollars(ask->price)) / 2;
  auto it = markets_.find(book.ticker());
  if (it == markets_.end())
    it = markets_.emplace(book.ticker(), MarketState(params_.lookback)).first;
  it->second.mid.add(mid, at);
  consider(book, it->second, mid, context_->now());
}

void MeanReversion::consider(const kalshi::OrderBook& book, MarketState& state, double mid,
                             Timestamp now) {
  if (state.mid.size() < params_.min_samples) return;
  const double mean = state.mid.mean();
  const double sd = std::max(state.mid.stddev(), params_.min_std);
  const double z = (mid - mean) / sd;
  const kalshi::Market* market = context_->market(book.ticker());
  if (!state.last_forecast || now - *state.last_forecast >= params_.forecast_interval) {
    ForecastPublished f;
    f.model = fmt::format("{}/rolling_mean", name());
    f.ticker = book.ticker();
    f.probability = std::clamp(mean, 0.0, 1.0);
    if (const auto b = book.best_yes_bid()) f.yes_bid = b->price;
    if (const auto a = book.best_yes_ask()) f.yes_ask = a->price;
    if (market != nullptr && market->close_time) f.close_time = *market->close_time;
    f.at = now;
    context_->publish(f);
    state.last_forecast = now;
  }
  if (std::abs(z) < params_.entry_z) return;
  if (state.last_submit && now - *state.last_submit < params_.cooldown) return;
  if (market == nullptr || market->status != kalshi::MarketStatus::active || !market->close_time) {
    return;
  }
  const Duration left = *market->close_time - now;
  if (left < params_.min_to_close || left > params_.max_to_close) return;
  const auto fees = context_->fees(book.ticker());
  if (!fees) return;

  // Fade the move: a spike up buys NO, a drop buys YES.
  const kalshi::OutcomeSide side = z > 0 ? kalshi::OutcomeSide::no : kalshi::OutcomeSide::yes;
  const bool yes = side == kalshi::OutcomeSide::yes;
  const Count position = context_->position(book.ticker());
  const Count held = yes ? position : -position;
  if (yes ? position < Count{} : position > Count{}) return;
  if (held + params_.count > params_.max_position) return;
  const auto leg_ask = book.best_ask(side);
  if (!leg_ask) return;
  const auto fee = kalshi::trading_fee(*fees, kalshi::Liquidity::taker, leg_ask->price,
                                       params_.count, kalshi::FeeRounding::order_cent);
  if (!fee) return;
  const double contracts = static_cast<double>(params_.count.centi()) / 100.0;
  const double belief = yes ? mean : 1.0 - mean;
  const double edge = belief - dollars(leg_ask->price) - dollars(*fee) / contracts;
  if (edge < params_.min_edge) return;

  OrderIntent intent;
  intent.ticker = book.ticker();
  intent.side = side;
  intent.action = Action::buy;
  intent.count = params_.count;
  intent.limit_price = leg_ask->price;
  intent.time_in_force = kalshi::TimeInForce::immediate_or_cancel;
  intent.evidence.probability = std::clamp(mean, 0.0, 1.0);
  intent.evidence.edge_after_fees = edge;
  intent.evidence.reason =
      fmt::format("mid {:.4f} is {:.2f} sd from its {}s mean {:.4f}", mid, z,
                  std::chrono::duration_cast<std::chrono::seconds>(params_.lookback).count(), mean);
  const IntentId id = context_->submit(std::move(intent));
  if (id.empty()) return;
  state.last_submit = now;
  context_->logger()->info("mean_reversion_entry ticker={} side={} price={} z={:.2f} intent={}",
                           book.ticker(), kalshi::to_string(side), leg_ask->price, z, id);
}

StrategyFactory mean_reversion_factory() {
  return [](const config::StrategyConfig& c, config::Reader& params) -> std::unique_ptr<Strategy> {
    auto p = read_mean_reversion_params(params);
    if (!p) return nullptr;
    return std::make_unique<MeanReversion>(StrategyId(c.name), *p);
  };
}

}  // namespace antevorta::strategy
