#include "antevorta/feeds/index_aggregator.hpp"

#include <cassert>
#include <utility>

#include "antevorta/feeds/index_math.hpp"

namespace antevorta::feeds {

namespace {

bool fresh(Timestamp received_at, Timestamp now, Duration limit) {
  return now - received_at <= limit;
}

bool same_state(const IndexUpdated& a, const IndexUpdated& b) {
  return a.status == b.status && a.reason == b.reason && a.basis == b.basis && a.value == b.value &&
         a.median == b.median && a.reference == b.reference && a.fresh_sources == b.fresh_sources &&
         a.spread_bps == b.spread_bps;
}

}  // namespace

IndexParams IndexParams::from(const IndexConfig& config) {
  IndexParams p;
  p.min_sources = config.min_sources;
  p.max_divergence_bps = config.max_divergence_bps;
  p.stale_after = config.stale_after;
  p.use_reference = config.use_reference;
  p.reference_stale_after = config.reference_stale_after;
  return p;
}

IndexAggregator::IndexAggregator(std::string asset, IndexParams params)
    : asset_(std::move(asset)), params_(params) {
  stats_.asset = asset_;
  stats_.current.asset = asset_;
}

void IndexAggregator::on_price(const PriceTick& tick) {
  assert(tick.asset == asset_);
  if (tick.price <= Decimal{}) {
    ++stats_.rejected_ticks;
    return;
  }
  ++stats_.price_ticks;
  auto it = sources_.find(tick.source);
  if (it == sources_.end()) {
    sources_.emplace(tick.source, SourcePrice{tick.price, tick.received_at});
  } else {
    it->second = SourcePrice{tick.price, tick.received_at};
  }
}

void IndexAggregator::on_reference(const ReferenceTick& tick) {
  assert(tick.asset == asset_);
  if (tick.value <= Decimal{}) {
    ++stats_.rejected_ticks;
    return;
  }
  ++stats_.reference_ticks;
  reference_ = tick;
}

IndexUpdated IndexAggregator::compute(Timestamp now) {
  IndexUpdated u;
  u.asset = asset_;
  u.at = now;

  scratch_.clear();
  std::optional<Timestamp> newest_fresh;
  for (const auto& [name, source] : sources_) {
    if (!fresh(source.received_at, now, params_.stale_after)) continue;
    scratch_.push_back(source.price);
    if (!newest_fresh || source.received_at > *newest_fresh) newest_fresh = source.received_at;
  }
  u.fresh_sources = static_cast<int>(scratch_.size());
  bool divergent = false;
  if (!scratch_.empty()) {
    const Decimal median = median_in_place(scratch_);  // sorts: front is min, back is max
    u.median = median;
    u.spread_bps = spread_bps_ceil(scratch_.front(), scratch_.back(), median);
    divergent =
        spread_exceeds(scratch_.front(), scratch_.back(), median, params_.max_divergence_bps);
  }

  const bool reference_fresh =
      reference_ && fresh(reference_->received_at, now, params_.reference_stale_after);
  if (reference_fresh) u.reference = reference_->value;

  if (params_.use_reference && reference_fresh) {
    u.status = IndexStatus::ok;
    u.reason = IndexUnavailableReason::none;
    u.basis = IndexBasis::reference;
    u.value = *u.reference;
    stats_.observed_at = reference_->received_at;
  } else if (u.fresh_sources < params_.min_sources) {
    u.status = IndexStatus::unavailable;
    u.reason = IndexUnavailableReason::too_few_sources;
    u.basis = IndexBasis::median;
  } else if (divergent) {
    u.status = IndexStatus::unavailable;
    u.reason = IndexUnavailableReason::divergent;
    u.basis = IndexBasis::median;
  } else {
    u.status = IndexStatus::ok;
    u.reason = IndexUnavailableReason::none;
    u.basis = IndexBasis::median;
    u.value = *u.median;
    stats_.observed_at = newest_fresh;
  }

  // Episodes of exchange divergence and of a gap between the reference and the median.
  transition_.divergence_started = divergent && !stats_.divergent;
  transition_.divergence_ended = !divergent && stats_.divergent;
  if (transition_.divergence_started) ++stats_.divergence_alarms;
  stats_.divergent = divergent;

  bool gap = false;
  stats_.reference_gap_bps.reset();
  if (u.reference && u.median) {
    const Decimal low = std::min(*u.reference, *u.median);
    const Decimal high = std::max(*u.reference, *u.median);
    stats_.reference_gap_bps = spread_bps_ceil(low, high, *u.median);
    gap = spread_exceeds(low, high, *u.median, params_.max_divergence_bps);
  }
  transition_.reference_gap_started = gap && !reference_gap_;
  transition_.reference_gap_ended = !gap && reference_gap_;
  if (transition_.reference_gap_started) ++stats_.reference_gap_alarms;
  reference_gap_ = gap;
  return u;
}

std::optional<IndexUpdated> IndexAggregator::evaluate(Timestamp now) {
  transition_ = Transition{};
  IndexUpdated u = compute(now);
  const bool first = !evaluated_;
  evaluated_ = true;
  if (!first && same_state(u, stats_.current)) return std::nullopt;

  const bool was_ok = !first && stats_.current.status == IndexStatus::ok;
  const bool was_unavailable = !first && stats_.current.status == IndexStatus::unavailable;
  transition_.became_unavailable = was_ok && u.status == IndexStatus::unavailable;
  transition_.became_available = was_unavailable && u.status == IndexStatus::ok;
  if (transition_.became_unavailable) ++stats_.unavailable_episodes;
  ++stats_.updates;
  stats_.current = u;
  return u;
}

}  // namespace antevorta::feeds
