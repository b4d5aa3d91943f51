// The crypto windows of the simulated exchange: the indices they settle on, their targets,
// results and fair values, and the cfbenchmarks_value ticks.
#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "antevorta/sim/crypto_model.hpp"
#include "antevorta/sim/sim_exchange.hpp"

namespace antevorta::sim {

namespace {

std::int64_t unix_seconds(Timestamp t) {
  return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count();
}

IndexAverageText average_text(const IndexAverage& avg, std::int64_t start_ms, std::int64_t end_ms) {
  return IndexAverageText{fixed_text(avg.value, Decimal::kDecimals), avg.count, start_ms, end_ms};
}

}  // namespace

void SimExchange::build_indices() {
  const Timestamp now = clock_.now();
  for (const auto& spec : catalog_.crypto_specs()) {
    index_window_s_[spec.index_name] =
        std::chrono::duration_cast<std::chrono::seconds>(spec.window).count();
    if (indices_.by_id(spec.index_name) != nullptr) continue;
    IndexSpec index{spec.asset_name, spec.index_name, spec.start_price, spec.strike_decimals,
                    spec.vol_scale};
    std::vector<RecordedPoint> points;
    for (const auto& p : options_.recorded_index) {
      if (p.asset == spec.asset_name || p.asset == spec.index_name) points.push_back(p);
    }
    if (points.empty()) {
      indices_.add(IndexPath(std::move(index), options_.index, options_.seed, now));
    } else {
      indices_.add(IndexPath(std::move(index), options_.index, std::move(points), now));
    }
  }
  // Windows open at the start: their target is where the index starts.
  for (const auto& ticker : catalog_.market_order()) {
    SimMarket& m = *catalog_.market(ticker);
    if (!m.index_id.empty() && m.status == kalshi::MarketStatus::active) {
      set_crypto_target(m, now, false);
    }
  }
}

const CryptoSeriesSpec* SimExchange::crypto_spec(const SimMarket& m) const {
  for (const auto& spec : catalog_.crypto_specs()) {
    if (spec.series == m.series) return &spec;
  }
  return nullptr;
}

void SimExchange::set_crypto_target(SimMarket& m, Timestamp now, bool announce) {
  const CryptoSeriesSpec* spec = crypto_spec(m);
  const IndexPath* index = indices_.by_id(m.index_id);
  if (spec == nullptr || index == nullptr) return;
  const IndexAverage avg = settlement_average(*index, unix_seconds(m.open_time));
  // Before the index has a second in (open − 60 s, open] (the simulator just started), the
  // target is the index as it is.
  const Decimal target = avg.count > 0 ? avg.value : index->value();
  m.floor_strike = round_decimals(target, spec->strike_decimals);
  m.yes_sub_title = target_sub_title(m.floor_strike, spec->strike_decimals);
  m.no_sub_title = m.yes_sub_title;
  m.updated_time = now;
  logger_->debug("sim_crypto_target market={} target={} samples={}", m.ticker,
                 m.floor_strike->to_string(), avg.count);
  if (announce) lifecycle_event(m, "metadata_updated");
}

std::optional<bool> SimExchange::crypto_result(SimMarket& m) {
  if (m.index_id.empty() || !m.floor_strike) return std::nullopt;
  const IndexPath* index = indices_.by_id(m.index_id);
  if (index == nullptr) return std::nullopt;
  const IndexAverage avg = settlement_average(*index, unix_seconds(m.close_time));
  const Decimal value = avg.count > 0 ? avg.value : index->value();
  m.expiration_value = fixed_text(value, Decimal::kDecimals);
  logger_->info("sim_crypto_settled market={} value={} samples={} target={} result={}", m.ticker,
                m.expiration_value, avg.count, m.floor_strike->to_string(),
                value >= *m.floor_strike ? "yes" : "no");
  return value >= *m.floor_strike;
}

void SimExchange::update_crypto_fair_value(SimMarket& m, Timestamp now) {
  const IndexPath* index = indices_.by_id(m.index_id);
  if (index == nullptr || !m.floor_strike) return;
  const std::int64_t close_s = unix_seconds(m.close_time);
  const std::int64_t now_s = unix_seconds(now);
  DigitalInputs in;
  in.spot = index->value().to_double();
  in.target = m.floor_strike->to_double();
  in.annual_vol = index->annual_vol();
  in.seconds_to_close = std::chrono::duration<double>(m.close_time - now).count();
  if (close_s - now_s < kSettlementSeconds) {
    const IndexAverage taken =
        index->average(close_s - kSettlementSeconds + 1, std::min(now_s, close_s));
    in.accumulated_sum = taken.sum.to_double();
    in.accumulated_count = taken.count;
  }
  const double digital = digital_probability(in);
  m.digital_value = digital;
  double& noise = crypto_noise_[m.ticker];
  if (options_.crypto_quote_noise > 0.0) {
    std::normal_distribution<double> innovation(0.0, options_.crypto_quote_noise);
    noise = options_.crypto_noise_persistence * noise + innovation(rng_);
  }
  const double scale = 2.0 * std::sqrt(std::max(0.0, digital * (1.0 - digital)));
  m.fair_value = std::clamp(digital + noise * scale, 0.01, 0.99);
}

void SimExchange::advance_indices() {
  const Timestamp now = clock_.now();
  std::vector<SecondValue> seconds;
  for (auto& index : indices_.all()) {
    seconds.clear();
    index.advance_to(now, &seconds);
    // After a long pause (a suspended process, a clock jump) only the last minute is relayed.
    const std::int64_t oldest = unix_seconds(now) - kSettlementSeconds;
    for (const auto& s : seconds) {
      if (s.unix_s >= oldest) publish_index_second(index, s, now);
    }
  }
}

void SimExchange::publish_index_second(const IndexPath& index, const SecondValue& second,
                                       Timestamp now) {
  const std::int64_t s = second.unix_s;
  const std::int64_t ms = s * 1000;
  IndexTick tick;
  tick.index_id = index.spec().index_id;
  tick.received_at_ms = std::max(to_unix_ms(now), ms);
  tick.time_ms = ms;
  tick.value = fixed_text(second.value, index.spec().decimals);
  // Trailing [t − 60 s, t): the prior ticks only, or the tick itself when there are none.
  IndexAverage trailing = index.average(s - kSettlementSeconds, s - 1);
  if (trailing.count == 0) trailing.value = second.value;
  tick.avg_60s = average_text(trailing, ms - kSettlementSeconds * 1000, ms);
  auto window = index_window_s_.find(tick.index_id);
  if (window != index_window_s_.end()) {
    if (const auto close = final_minute_close(s, window->second)) {
      const IndexAverage acc = index.average(*close - kSettlementSeconds + 1, s);
      tick.final_minute = average_text(acc, (*close - kSettlementSeconds) * 1000, *close * 1000);
    }
  }
  hub_.index_value(tick);
}

}  // namespace antevorta::sim
