#include "antevorta/feeds/index_service.hpp"

#include <utility>

#include "antevorta/feeds/reference_tick.hpp"

namespace antevorta::feeds {

namespace {

std::string optional_text(const std::optional<Decimal>& v) {
  return v ? v->to_string() : std::string("none");
}

}  // namespace

Duration until_next_second(Timestamp now) noexcept {
  return floor_to_second(now) + std::chrono::seconds(1) - now;
}

IndexService::IndexService(EventBus& bus, Clock& clock, Logger logger, IndexConfig config)
    : bus_(bus), clock_(clock), logger_(std::move(logger)), config_(std::move(config)) {
  const IndexParams params = IndexParams::from(config_);
  aggregators_.reserve(config_.assets.size());
  for (const auto& a : config_.assets) aggregators_.emplace_back(a.asset, params);
}

IndexService::~IndexService() { stop(); }

void IndexService::start() {
  if (running_) return;
  running_ = true;
  subscriptions_.push_back(bus_.subscribe<PriceTick>([this](const PriceTick& t) {
    IndexAggregator* a = find(t.asset);
    if (a == nullptr) {
      ++ignored_ticks_;
      return;
    }
    a->on_price(t);
    evaluate(*a);
  }));
  subscriptions_.push_back(bus_.subscribe<ReferenceTick>([this](const ReferenceTick& t) {
    const AssetIndexConfig* c = config_.asset_for_tick(t.asset, t.index_id);
    IndexAggregator* a = c == nullptr ? nullptr : find(c->asset);
    if (a == nullptr) {
      ++ignored_ticks_;
      return;
    }
    if (t.asset.empty()) {
      ReferenceTick routed = t;
      routed.asset = a->asset();
      a->on_reference(routed);
    } else {
      a->on_reference(t);
    }
    evaluate(*a);
  }));
  logger_->info("index_started assets={} min_sources={} max_divergence_bps={} use_reference={}",
                config_.assets.size(), config_.min_sources, config_.max_divergence_bps,
                config_.use_reference);
  evaluate_all();
  schedule_tick();
}

void IndexService::stop() {
  if (!running_) return;
  running_ = false;
  subscriptions_.clear();
  timer_.cancel();
}

std::vector<IndexStats> IndexService::stats() const {
  std::vector<IndexStats> out;
  out.reserve(aggregators_.size());
  for (const auto& a : aggregators_) out.push_back(a.stats());
  return out;
}

const IndexStats* IndexService::stats(std::string_view asset) const noexcept {
  for (const auto& a : aggregators_) {
    if (a.asset() == asset) return &a.stats();
  }
  return nullptr;
}

IndexAggregator* IndexService::find(std::string_view asset) noexcept {
  for (auto& a : aggregators_) {
    if (a.asset() == asset) return &a;
  }
  return nullptr;
}

void IndexService::evaluate(IndexAggregator& aggregator) {
  auto update = aggregator.evaluate(clock_.now());
  const auto& t = aggregator.last_transition();
  const IndexStats& s = aggregator.stats();
  if (t.divergence_started) {
    logger_->warn("index_divergent asset={} spread_bps={} max_bps={} fresh_sources={}",
                  aggregator.asset(), s.current.spread_bps, config_.max_divergence_bps,
                  s.current.fresh_sources);
  } else if (t.divergence_ended) {
    logger_->info("index_divergence_cleared asset={} spread_bps={}", aggregator.asset(),
                  s.current.spread_bps);
  }
  if (t.reference_gap_started) {
    logger_->warn("index_reference_gap asset={} reference={} median={} gap_bps={} max_bps={}",
                  aggregator.asset(), optional_text(s.current.reference),
                  optional_text(s.current.median), s.reference_gap_bps.value_or(0),
                  config_.max_divergence_bps);
  } else if (t.reference_gap_ended) {
    logger_->info("index_reference_gap_cleared asset={}", aggregator.asset());
  }
  if (!update) return;
  if (t.became_unavailable) {
    logger_->warn("index_unavailable asset={} reason={} fresh_sources={} median={} spread_bps={}",
                  update->asset, to_string(update->reason), update->fresh_sources,
                  optional_text(update->median), update->spread_bps);
  } else if (t.became_available) {
    logger_->info("index_available asset={} basis={} value={} fresh_sources={}", update->asset,
                  to_string(update->basis), update->value, update->fresh_sources);
  }
  bus_.publish(std::move(*update));
}

void IndexService::evaluate_all() {
  for (auto& a : aggregators_) evaluate(a);
}

void IndexService::schedule_tick() {
  timer_ = clock_.call_after(until_next_second(clock_.now()), [this] {
    if (!running_) return;
    evaluate_all();
    schedule_tick();
  });
}

}  // namespace antevorta::feeds
