// A StrategyHost over FakeServices and RecordingStrategy instances, with a captured log.
#pragma once

#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/kalshi/events.hpp"
#include "antevorta/strategy/host.hpp"

#include "unit/strategy/strategy_test_support.hpp"

namespace antevorta::strategy::testing {

class HostTest : public ::testing::Test {
 public:
  struct Spec {
    config::StrategyConfig config;
    RecordingStrategy::Script script;
  };

 protected:
  void make_host(std::vector<Spec> specs) {
    std::vector<CreatedStrategy> created;
    for (auto& spec : specs) {
      auto strategy = std::make_unique<RecordingStrategy>(spec.config.name, log, spec.script);
      recorders[spec.config.name] = strategy.get();
      created.push_back({std::move(spec.config), std::move(strategy)});
    }
    HostOptions options;
    options.session = "S";
    options.loggers = [this](const std::string& component) {
      return logging.make_logger(component);
    };
    host = std::make_unique<StrategyHost>(bus, clock, logging.make_logger("strategy"), services,
                                          std::move(created), std::move(options));
  }

  // Publishes a BookUpdated for a (kept) book of `ticker` with YES bid 0.40 / NO bid 0.55.
  void publish_book(const std::string& ticker) {
    books_.push_back(make_book(ticker, P("0.40"), P("0.55")));
    bus.publish(kalshi::BookUpdated{books_.back().get(), clock.now(), false});
  }

  std::vector<std::string> take_log() { return std::exchange(log, {}); }

  std::ostringstream log_text;
  Logging logging{{LogLevel::info, LogFormat::text},
                  std::make_shared<spdlog::sinks::ostream_sink_st>(log_text)};
  EventBus bus;
  ManualClock clock{kStart};
  FakeServices services;
  std::vector<std::string> log;
  std::map<std::string, RecordingStrategy*> recorders;  // owned by the host
  std::vector<StrategyStateChanged> states;
  Subscription states_sub = bus.subscribe<StrategyStateChanged>(
      [this](const StrategyStateChanged& e) { states.push_back(e); });

 private:
  std::vector<std::unique_ptr<kalshi::OrderBook>> books_;  // outlive the host

 protected:
  std::unique_ptr<StrategyHost> host;
};

}  // namespace antevorta::strategy::testing
