#include "antevorta/strategy/host.hpp"

#include <algorithm>
#include <cassert>
#include <string>
#include <utility>

#include "host_state.hpp"

namespace antevorta::strategy {

using detail::Entry;

std::string_view to_string(SetEnabledResult result) noexcept {
  switch (result) {
    case SetEnabledResult::changed:
      return "changed";
    case SetEnabledResult::unchanged:
      return "unchanged";
    case SetEnabledResult::unknown_strategy:
      return "unknown_strategy";
    case SetEnabledResult::failed:
      return "failed";
  }
  return "unknown";
}

Entry* StrategyHost::State::find(std::string_view name) {
  for (auto& e : entries) {
    if (e->config.name == name) return e.get();
  }
  return nullptr;
}

const Entry* StrategyHost::State::find(std::string_view name) const {
  for (const auto& e : entries) {
    if (e->config.name == name) return e.get();
  }
  return nullptr;
}

void StrategyHost::State::publish_state(const Entry& e, StateChangeReason reason,
                                        std::string detail) {
  bus.publish(
      StrategyStateChanged{e.strategy->name(), e.enabled, reason, std::move(detail), clock.now()});
}

void StrategyHost::State::fail(Entry& e, const std::string& error) {
  logger->error("strategy_failed name={} error={}", e.config.name, log_value(error));
  e.enabled = false;
  e.last_error = error;
  e.timer.cancel();
  if (e.started) {
    e.started = false;
    try {
      e.strategy->on_stop();
    } catch (const std::exception& ex) {
      logger->warn("strategy_stop_failed name={} error={}", e.config.name, log_value(ex.what()));
    } catch (...) {
      logger->warn("strategy_stop_failed name={} error=unknown", e.config.name);
    }
  }
  publish_state(e, StateChangeReason::failed, error);
}

void StrategyHost::State::start_entry(Entry& e) {
  if (!running || !e.enabled || e.started) return;
  if (e.config.series.empty() && e.config.markets.empty()) {
    logger->warn("strategy_follows_nothing name={}", e.config.name);
  }
  logger->info("strategy_started name={}", e.config.name);
  e.started = true;
  invoke(e, [&e](Strategy& s) { s.on_start(*e.context); });
}

void StrategyHost::State::stop_entry(Entry& e) {
  if (!e.started) return;
  e.started = false;
  e.timer.cancel();
  logger->info("strategy_stopped name={}", e.config.name);
  try {
    e.strategy->on_stop();
  } catch (const std::exception& ex) {
    fail(e, ex.what());
  } catch (...) {
    fail(e, "unknown exception");
  }
}

void StrategyHost::State::schedule(Entry& e, Duration delay) {
  if (!running || !e.started) return;
  Entry* entry = &e;
  e.timer = clock.call_after(delay, [this, entry] {
    exclusive([this, entry] { invoke(*entry, [this](Strategy& s) { s.on_timer(clock.now()); }); });
  });
}

StrategyHost::StrategyHost(EventBus& bus, Clock& clock, Logger logger, StrategyServices& services,
                           std::vector<CreatedStrategy> strategies, HostOptions options)
    : state_(std::make_unique<State>(bus, clock, std::move(logger), services, std::move(options))) {
  State& s = *state_;
  const std::string session =
      s.options.session.empty() ? std::to_string(to_unix_ms(clock.now())) : s.options.session;
  std::sort(strategies.begin(), strategies.end(),
            [](const CreatedStrategy& a, const CreatedStrategy& b) {
              return a.config.name < b.config.name;
            });
  for (auto& created : strategies) {
    assert(created.strategy != nullptr && "a created strategy exists");
    assert(s.find(created.config.name) == nullptr && "strategy names are unique");
    assert(created.config.name != kManualStrategy.str() && "\"manual\" is the operator's");
    auto e = std::make_unique<Entry>();
    e->config = std::move(created.config);
    e->strategy = std::move(created.strategy);
    e->enabled = e->config.enabled;
    Entry* entry = e.get();
    Logger strategy_logger = s.options.loggers ? s.options.loggers("strategy." + e->config.name)
                                               : null_logger("strategy." + e->config.name);
    e->context = std::make_unique<detail::BoundContext>(
        e->config, std::move(strategy_logger), clock, services, bus, session,
        [entry] { return entry->enabled; },
        [&s, entry](Duration delay) { s.schedule(*entry, delay); });
    s.entries.push_back(std::move(e));
  }
  s.manual_config.name = kManualStrategy.str();
  s.manual_config.enabled = true;
  Logger manual_logger =
      s.options.loggers ? s.options.loggers("strategy.manual") : null_logger("strategy.manual");
  s.manual = std::make_unique<detail::BoundContext>(
      s.manual_config, std::move(manual_logger), clock, services, bus, session, nullptr, nullptr);
}

StrategyHost::~StrategyHost() {
  if (state_->running) stop();
}

void StrategyHost::start() {
  State& s = *state_;
  if (s.running) return;
  s.running = true;
  s.subscribe();
  for (auto& e : s.entries) {
    if (!e->enabled) continue;
    s.publish_state(*e, StateChangeReason::config, {});
    s.exclusive([&s, entry = e.get()] { s.start_entry(*entry); });
  }
}

void StrategyHost::stop() {
  State& s = *state_;
  if (!s.running) return;
  s.exclusive([&s] {
    for (auto& e : s.entries) s.stop_entry(*e);
  });
  s.subscriptions.clear();
  s.running = false;
}

bool StrategyHost::running() const noexcept { return state_->running; }

SetEnabledResult StrategyHost::set_enabled(std::string_view name, bool enabled) {
  State& s = *state_;
  Entry* e = s.find(name);
  if (e == nullptr) return SetEnabledResult::unknown_strategy;
  if (e->enabled == enabled) return SetEnabledResult::unchanged;
  e->enabled = enabled;
  if (enabled) e->last_error.reset();
  s.logger->info("strategy_{} name={} by=operator", enabled ? "enabled" : "disabled",
                 e->config.name);
  s.publish_state(*e, StateChangeReason::operator_request, {});
  s.exclusive([&s, e, enabled] {
    if (enabled) {
      s.start_entry(*e);
    } else {
      s.stop_entry(*e);
    }
  });
  return e->enabled == enabled ? SetEnabledResult::changed : SetEnabledResult::failed;
}

std::optional<bool> StrategyHost::enabled(std::string_view name) const {
  const Entry* e = state_->find(name);
  if (e == nullptr) return std::nullopt;
  return e->enabled;
}

std::vector<StrategyStatus> StrategyHost::status() const {
  std::vector<StrategyStatus> out;
  for (const auto& e : state_->entries) {
    out.push_back(
        {e->strategy->name(), e->enabled, e->config.series, e->config.markets, e->last_error});
  }
  return out;
}

bool StrategyHost::follows(std::string_view name, const MarketTicker& ticker) const {
  const Entry* e = state_->find(name);
  if (e == nullptr) return false;
  const kalshi::Market* market = state_->services.market(ticker);
  return state_->follows(*e, ticker.str(), kalshi::series_of(ticker.str(), market));
}

bool StrategyHost::trades_on_index(std::string_view name) const {
  const Entry* e = state_->find(name);
  return e != nullptr && e->strategy->trades_on_index();
}

StrategyContext& StrategyHost::manual() { return *state_->manual; }

}  // namespace antevorta::strategy
