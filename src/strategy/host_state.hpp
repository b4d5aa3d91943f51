// StrategyHost's state, shared by host.cpp (life cycle, enable/disable) and
// host_dispatch.cpp (bus events → strategy handlers).
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "antevorta/kalshi/events.hpp"
#include "antevorta/strategy/host.hpp"

#include "bound_context.hpp"

namespace antevorta::strategy {

namespace detail {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept {
    return std::hash<std::string_view>{}(s);
  }
};

struct Entry {
  config::StrategyConfig config;
  std::unique_ptr<Strategy> strategy;
  std::unique_ptr<BoundContext> context;
  bool enabled = false;  // the switch (config, operator, failure)
  bool started = false;  // on_start ran and on_stop has not
  std::optional<std::string> last_error;
  TimerHandle timer;
};

}  // namespace detail

struct StrategyHost::State {
  State(EventBus& bus_, Clock& clock_, Logger logger_, StrategyServices& services_,
        HostOptions options_)
      : bus(bus_),
        clock(clock_),
        logger(std::move(logger_)),
        services(services_),
        options(std::move(options_)) {}

  EventBus& bus;
  Clock& clock;
  Logger logger;
  StrategyServices& services;
  HostOptions options;

  std::vector<std::unique_ptr<detail::Entry>> entries;  // by name
  config::StrategyConfig manual_config;
  std::unique_ptr<detail::BoundContext> manual;
  std::vector<Subscription> subscriptions;
  bool running = false;

  // Which entries follow a market ticker (indices into `entries`), filled on first sight.
  std::unordered_map<std::string, std::vector<std::uint32_t>, detail::StringHash, std::equal_to<>>
      followers;

  // Strategy handlers run one at a time; work arriving meanwhile waits here (in order).
  bool busy = false;
  std::deque<std::function<void()>> deferred;

  detail::Entry* find(std::string_view name);
  const detail::Entry* find(std::string_view name) const;

  // Runs `work` now, or after the running handler when one is running.
  template <class F>
  void exclusive(F&& work) {
    if (busy) {
      deferred.emplace_back(std::forward<F>(work));
      return;
    }
    busy = true;
    struct Release {
      State& s;
      ~Release() { s.busy = false; }
    } release{*this};
    work();
    while (!deferred.empty()) {
      auto next = std::move(deferred.front());
      deferred.pop_front();
      next();
    }
  }

  // Calls `fn(strategy)` for an entry that is started; a throw disables it. Inside exclusive().
  template <class F>
  void invoke(detail::Entry& e, F&& fn) {
    if (!e.started) return;
    try {
      fn(*e.strategy);
    } catch (const std::exception& ex) {
      fail(e, ex.what());
    } catch (...) {
      fail(e, "unknown exception");
    }
  }

  // host.cpp
  void fail(detail::Entry& e, const std::string& error);
  void start_entry(detail::Entry& e);
  void stop_entry(detail::Entry& e);
  void publish_state(const detail::Entry& e, StateChangeReason reason, std::string detail);
  void schedule(detail::Entry& e, Duration delay);

  // host_dispatch.cpp
  void subscribe();
  bool follows(const detail::Entry& e, std::string_view ticker, std::string_view series) const;
  const std::vector<std::uint32_t>& followers_of(std::string_view ticker,
                                                 const kalshi::Market* market, bool refresh);
  void deliver_book(const kalshi::OrderBook& book, Timestamp at);
  void deliver_market(const kalshi::MarketChanged& change);
  void deliver_order(const StrategyOrderUpdate& update);
  void deliver_fill(const StrategyFill& fill);
  void deliver_index(const feeds::IndexUpdated& update);
  void deliver_settlement(const feeds::SettlementProgress& progress);
};

}  // namespace antevorta::strategy
