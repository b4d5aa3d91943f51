#include "antevorta/feeds/settlement_tracker.hpp"

#include <algorithm>
#include <utility>

#include "antevorta/feeds/reference_tick.hpp"

namespace antevorta::feeds {

namespace {

using std::chrono::seconds;

// Samples older than this before the last sampled second are dropped: a window is 60 s, and
// a market's samples are frozen into it once its close second is sampled.
constexpr Duration kKeepSamples = seconds(120);
// A market without a result this long after close is dropped.
constexpr Duration kResultDeadline = std::chrono::hours(6);

std::string_view series_of(const kalshi::MarketChanged& e) {
  return kalshi::series_of(e.ticker.str(), e.market ? &*e.market : nullptr);
}

bool is_result_event(kalshi::MarketChange c) {
  return c == kalshi::MarketChange::determined || c == kalshi::MarketChange::settled;
}

}  // namespace

SettlementTracker::SettlementTracker(IndexConfig config) : config_(std::move(config)) {
  for (const auto& a : config_.assets) assets_.try_emplace(a.asset);
}

SettlementTracker::MarketEffect SettlementTracker::on_market(const kalshi::MarketChanged& e,
                                                             Timestamp now) {
  MarketEffect effect;
  auto it = markets_.find(e.ticker);
  if (!e.market) {
    effect.followed = it != markets_.end() && !it->second.done;
    return effect;
  }
  const kalshi::Market& m = *e.market;
  const AssetIndexConfig* asset = config_.asset_for_series(series_of(e));
  if (it == markets_.end()) {
    if (asset == nullptr || !m.close_time) return effect;
    Market followed;
    followed.ticker = e.ticker;
    followed.asset = asset->asset;
    followed.close = *m.close_time;
    it = markets_.emplace(e.ticker, std::move(followed)).first;
  }
  Market& market = it->second;
  if (market.done) return effect;
  if (m.close_time) market.close = *m.close_time;
  if (m.floor_strike) market.target = m.floor_strike;

  if (is_result_event(e.change) && m.result) {
    effect = settle(market, *m.result, now);
  } else {
    effect.followed = true;
  }
  stats_.followed = static_cast<std::uint64_t>(std::count_if(
      markets_.begin(), markets_.end(), [](const auto& kv) { return !kv.second.done; }));
  return effect;
}

void SettlementTracker::on_index(const IndexUpdated& update, Timestamp now) {
  auto it = assets_.find(update.asset);
  if (it == assets_.end()) return;
  AssetState& a = it->second;
  sample_until(it->first, a, now);  // the seconds before now keep the value they had
  if (update.status == IndexStatus::ok) {
    a.current = update.value;
    a.last_value = update.value;
  } else {
    a.current.reset();
  }
}

void SettlementTracker::on_reference(const std::string& asset, const ReferenceTick& tick) {
  if (!tick.final_minute) return;
  auto it = assets_.find(asset);
  if (it == assets_.end()) return;
  const auto& fm = *tick.final_minute;
  auto [slot, inserted] = it->second.accumulators.try_emplace(fm.window_end, fm);
  if (!inserted && fm.count >= slot->second.count) slot->second = fm;
}

std::vector<MarketTicker> SettlementTracker::on_second(Timestamp now) {
  for (auto& [name, a] : assets_) {
    sample_until(name, a, now);
    std::erase_if(a.accumulators, [&](const auto& kv) { return kv.first + kResultDeadline < now; });
  }
  std::vector<MarketTicker> dropped;
  for (auto it = markets_.begin(); it != markets_.end();) {
    if (it->second.close + kResultDeadline < now) {
      if (!it->second.done) {
        ++stats_.results_missing;
        dropped.push_back(it->first);
      }
      it = markets_.erase(it);
    } else {
      ++it;
    }
  }
  if (!dropped.empty()) stats_.followed -= dropped.size();
  return dropped;
}

std::vector<SettlementProgress> SettlementTracker::progress(Timestamp now) const {
  std::vector<SettlementProgress> out;
  for (const auto& [ticker, m] : markets_) {
    if (m.done || !m.target || now > m.close + seconds(1)) continue;
    const auto a = assets_.find(m.asset);
    if (a == assets_.end()) continue;
    const View v = view(m, a->second);
    if (!a->second.last_value && v.samples == 0) continue;  // nothing known yet
    SettlementProgress p;
    p.ticker = ticker;
    p.asset = m.asset;
    p.target = *m.target;
    p.close_time = m.close;
    p.index = a->second.last_value.value_or(v.average.value_or(Decimal{}));
    p.time_to_close = m.close - now;
    p.samples = v.samples;
    if (v.samples > 0) p.running_average = v.average;
    p.implied_yes = v.samples > 0 ? v.yes : p.index >= *m.target;
    p.at = now;
    out.push_back(std::move(p));
  }
  return out;
}

void SettlementTracker::sample_until(const std::string& name, AssetState& a, Timestamp now) {
  const Timestamp last = floor_to_second(now - Duration(1));  // the last second before now
  if (!a.sampled_through) {
    a.sampled_through = last;  // nothing is known about the seconds before the first call
    return;
  }
  if (last <= *a.sampled_through) return;
  Timestamp s = std::max(*a.sampled_through + seconds(1), last - kKeepSamples);
  if (a.current) {
    for (; s <= last; s += seconds(1)) a.samples.insert_or_assign(s, *a.current);
  }
  a.sampled_through = last;
  for (auto& [ticker, m] : markets_) {
    if (m.asset != name || m.frozen || m.close > last) continue;
    SampleSum own;
    for (auto it = a.samples.upper_bound(m.close - kSettlementWindow);
         it != a.samples.end() && it->first <= m.close; ++it) {
      own.add(it->second);
    }
    m.frozen = own;
  }
  a.samples.erase(a.samples.begin(), a.samples.lower_bound(last - kKeepSamples));
}

SettlementTracker::View SettlementTracker::view(const Market& m, const AssetState& a) const {
  SampleSum own;
  if (m.frozen) {
    own = *m.frozen;
  } else {
    for (auto it = a.samples.upper_bound(m.close - kSettlementWindow);
         it != a.samples.end() && it->first <= m.close; ++it) {
      own.add(it->second);
    }
  }
  View v;
  const auto acc = a.accumulators.find(m.close);
  if (acc != a.accumulators.end() && acc->second.count > 0 && acc->second.count >= own.count) {
    v.average = acc->second.value;
    v.samples = static_cast<int>(std::min<std::int64_t>(acc->second.count, kWindowSamples));
    v.yes = m.target && acc->second.value >= *m.target;
    v.from_reference = true;
  } else if (own.count > 0) {
    v.average = own.average();
    v.samples = own.count;
    v.yes = m.target && own.at_least(*m.target);
  }
  return v;
}

SettlementTracker::MarketEffect SettlementTracker::settle(Market& m, kalshi::MarketResult result,
                                                          Timestamp now) {
  MarketEffect effect;
  m.done = true;
  if (result != kalshi::MarketResult::yes && result != kalshi::MarketResult::no) {
    ++stats_.ignored_results;
    effect.ignored_result = result;
    return effect;
  }
  if (!m.target) {
    ++stats_.missing_target;
    effect.missing_target = true;
    return effect;
  }
  AssetState& a = assets_.at(m.asset);
  sample_until(m.asset, a, now);
  const View v = view(m, a);

  SettlementRecord r;
  r.check.ticker = m.ticker;
  r.check.asset = m.asset;
  r.check.computed_average = v.average;
  r.check.computed_yes = v.samples > 0 && v.yes;
  r.check.kalshi_yes = result == kalshi::MarketResult::yes;
  r.check.agree = v.samples > 0 && r.check.computed_yes == r.check.kalshi_yes;
  r.check.samples = v.samples;
  r.check.at = now;
  r.target = *m.target;
  r.close_time = m.close;
  r.from_reference = v.from_reference;

  if (v.samples == 0) {
    ++stats_.unobserved;
  } else {
    ++stats_.checked;
    if (r.check.agree) ++stats_.agreed;
    if (v.samples < kWindowSamples) ++stats_.incomplete;
    if (v.from_reference) ++stats_.from_reference;
  }
  recent_.push_back(r);
  if (recent_.size() > kRecentRecords) recent_.pop_front();
  effect.checked = std::move(r);
  return effect;
}

}  // namespace antevorta::feeds
