#include "antevorta/feeds/settlement_engine.hpp"

#include <utility>

#include "antevorta/feeds/index_service.hpp"

namespace antevorta::feeds {

SettlementEngine::SettlementEngine(EventBus& bus, Clock& clock, Logger logger, IndexConfig config)
    : bus_(bus),
      clock_(clock),
      logger_(std::move(logger)),
      config_(std::move(config)),
      tracker_(config_) {}

SettlementEngine::~SettlementEngine() { stop(); }

void SettlementEngine::start() {
  if (running_) return;
  running_ = true;
  subscriptions_.push_back(bus_.subscribe<kalshi::MarketChanged>(
      [this](const kalshi::MarketChanged& e) { on_market(e); }));
  subscriptions_.push_back(bus_.subscribe<IndexUpdated>(
      [this](const IndexUpdated& e) { tracker_.on_index(e, clock_.now()); }));
  subscriptions_.push_back(bus_.subscribe<ReferenceTick>([this](const ReferenceTick& t) {
    if (const AssetIndexConfig* a = config_.asset_for_tick(t.asset, t.index_id)) {
      tracker_.on_reference(a->asset, t);
    }
  }));
  schedule_tick();
}

void SettlementEngine::stop() {
  if (!running_) return;
  running_ = false;
  subscriptions_.clear();
  timer_.cancel();
}

void SettlementEngine::on_market(const kalshi::MarketChanged& e) {
  auto effect = tracker_.on_market(e, clock_.now());
  if (effect.ignored_result) {
    logger_->info("settlement_result_ignored ticker={} result={}", e.ticker,
                  kalshi::to_string(*effect.ignored_result));
  }
  if (effect.missing_target) logger_->warn("settlement_no_target ticker={}", e.ticker);
  if (!effect.checked) return;
  const SettlementRecord& r = *effect.checked;
  const SettlementChecked& c = r.check;
  const bool quiet = c.agree && c.samples >= SettlementTracker::kWindowSamples;
  const auto level = quiet ? spdlog::level::info : spdlog::level::warn;
  logger_->log(level,
               "settlement_checked ticker={} target={} computed_average={} samples={} basis={} "
               "computed={} kalshi={} agree={}",
               c.ticker, r.target,
               c.computed_average ? c.computed_average->to_string() : std::string("none"),
               c.samples, r.from_reference ? "reference" : "samples", c.computed_yes ? "yes" : "no",
               c.kalshi_yes ? "yes" : "no", c.agree);
  bus_.publish(c);
}

void SettlementEngine::tick() {
  const Timestamp now = clock_.now();
  for (const auto& ticker : tracker_.on_second(now)) {
    logger_->warn("settlement_result_missing ticker={}", ticker);
  }
  for (auto& p : tracker_.progress(now)) bus_.publish(std::move(p));
}

void SettlementEngine::schedule_tick() {
  timer_ = clock_.call_after(until_next_second(clock_.now()), [this] {
    if (!running_) return;
    tick();
    schedule_tick();
  });
}

}  // namespace antevorta::feeds
