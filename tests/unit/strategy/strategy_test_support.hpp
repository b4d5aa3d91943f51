// Fakes for the strategy tests: StrategyServices and StrategyContext that record what they
// are asked, a strategy that records what it is told, and small builders.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/strategy/context.hpp"
#include "antevorta/strategy/strategy.hpp"

namespace antevorta {
inline void PrintTo(Price p, std::ostream* os) { *os << p.to_string(); }
inline void PrintTo(Count c, std::ostream* os) { *os << c.to_string(); }
template <class Tag>
void PrintTo(const Id<Tag>& id, std::ostream* os) {
  *os << '"' << id.str() << '"';
}
}  // namespace antevorta

namespace antevorta::strategy::testing {

inline Price P(const char* text) { return *Price::parse(text); }
inline Count C(const char* text) { return *Count::parse(text); }

inline const Timestamp kStart = from_unix_ms(1'767'225'600'000);  // 2026-01-01T00:00:00Z

// A book on the one-cent grid with one YES bid and one NO bid level (each optional).
inline std::unique_ptr<kalshi::OrderBook> make_book(const std::string& ticker,
                                                    std::optional<Price> yes_bid,
                                                    std::optional<Price> no_bid,
                                                    Count size = Count::contracts(10)) {
  auto book =
      std::make_unique<kalshi::OrderBook>(MarketTicker(ticker), kalshi::PriceGrid::linear_cent());
  std::vector<kalshi::BookLevel> yes;
  std::vector<kalshi::BookLevel> no;
  if (yes_bid) yes.push_back({*yes_bid, size});
  if (no_bid) no.push_back({*no_bid, size});
  book->apply_snapshot(yes, no, kStart);
  return book;
}

inline config::StrategyConfig strategy_config(std::string name, bool enabled,
                                              std::vector<std::string> series,
                                              std::vector<std::string> markets = {}) {
  config::StrategyConfig c;
  c.name = std::move(name);
  c.enabled = enabled;
  for (auto& s : series) c.series.emplace_back(std::move(s));
  for (auto& m : markets) c.markets.emplace_back(std::move(m));
  return c;
}

inline kalshi::Market market(const std::string& ticker, const std::string& event,
                             kalshi::MarketStatus status = kalshi::MarketStatus::active) {
  kalshi::Market m;
  m.ticker = MarketTicker(ticker);
  m.event_ticker = EventTicker(event);
  m.status = status;
  return m;
}

class FakeServices final : public StrategyServices {
 public:
  std::map<MarketTicker, const kalshi::OrderBook*> books;
  std::map<MarketTicker, kalshi::Market> markets;
  std::vector<OrderIntent> submitted;
  std::vector<std::pair<StrategyId, ClientOrderId>> cancels;
  std::function<void(const OrderIntent&)> on_submit;  // e.g. answer at once on the bus

  const kalshi::OrderBook* book(const MarketTicker& ticker) const override {
    const auto it = books.find(ticker);
    return it == books.end() ? nullptr : it->second;
  }
  const kalshi::Market* market(const MarketTicker& ticker) const override {
    const auto it = markets.find(ticker);
    return it == markets.end() ? nullptr : &it->second;
  }
  std::optional<kalshi::FeeSchedule> fees(const MarketTicker&) const override {
    return fee_schedule;
  }
  std::optional<kalshi::FeeSchedule> fee_schedule = kalshi::FeeSchedule{};
  Count position(const StrategyId&, const MarketTicker&) const override { return Count{}; }
  std::vector<StrategyOrder> open_orders(const StrategyId&) const override { return {}; }
  Money bankroll(const StrategyId&) const override { return Money::from_centicents(1'000'000); }
  void submit(const OrderIntent& intent) override {
    submitted.push_back(intent);
    if (on_submit) on_submit(intent);
  }
  bool cancel(const StrategyId& strategy, const ClientOrderId& id) override {
    cancels.emplace_back(strategy, id);
    return true;
  }
  std::size_t cancel_all(const StrategyId&, const MarketTicker&) override { return 0; }
  RepriceOutcome reprice(const StrategyId&, const ClientOrderId&, Price, Count,
                         const IntentId& replacement) override {
    reprices.push_back(replacement);
    return RepriceOutcome::cancel_replace;
  }
  std::vector<IntentId> reprices;
};

// A context for testing one strategy without a host.
class FakeContext final : public StrategyContext {
 public:
  explicit FakeContext(std::string name) : id_(name) { config_.name = std::move(name); }

  ManualClock clock_{kStart};
  FakeServices services;
  std::vector<OrderIntent> submitted;

  const StrategyId& strategy() const noexcept override { return id_; }
  const config::StrategyConfig& config() const noexcept override { return config_; }
  const Logger& logger() const noexcept override { return logger_; }
  const Clock& clock() const noexcept override { return clock_; }
  const kalshi::OrderBook* book(const MarketTicker& t) const override { return services.book(t); }
  const kalshi::Market* market(const MarketTicker& t) const override { return services.market(t); }
  std::optional<kalshi::FeeSchedule> fees(const MarketTicker& t) const override {
    return services.fees(t);
  }
  Count position(const MarketTicker& t) const override {
    const auto it = positions.find(t);
    return it == positions.end() ? Count{} : it->second;
  }
  std::map<MarketTicker, Count> positions;
  Money bankroll_ = Money::from_centicents(1'000'000);  // $100
  std::vector<ForecastPublished> forecasts;
  void publish(const ForecastPublished& f) override { forecasts.push_back(f); }
  std::vector<StrategyOrder> open_orders() const override { return {}; }
  Money bankroll() const override { return bankroll_; }
  IntentId submit(OrderIntent intent) override {
    intent.id = IntentId(fmt::format("i-{}", submitted.size() + 1));
    intent.strategy = id_;
    intent.created_at = clock_.now();
    submitted.push_back(intent);
    return intent.id;
  }
  bool cancel(const ClientOrderId&) override { return false; }
  std::size_t cancel_all(const MarketTicker&) override { return 0; }
  RepriceOutcome reprice(const ClientOrderId&, Price, Count) override {
    return RepriceOutcome::not_open;
  }
  void schedule(Duration) override {}

 private:
  StrategyId id_;
  config::StrategyConfig config_;
  Logger logger_ = null_logger("test");
};

// Records every call as "<name>:<what>[:<detail>]" in a log shared by all instances, and
// can be told to throw or act in a handler.
struct RecorderScript {
  std::string throw_on;                 // "start", "book", "timer", "stop", "order"
  std::optional<Duration> timer_after;  // schedule() in on_start
  bool submit_on_start = false;         // submit one intent in on_start
  bool submit_on_timer = false;
};

class RecordingStrategy final : public Strategy {
 public:
  using Script = RecorderScript;

  RecordingStrategy(std::string name, std::vector<std::string>& log, Script script = {})
      : Strategy(StrategyId(std::move(name))), log_(log), script_(std::move(script)) {}

  StrategyContext* context = nullptr;

  void on_start(StrategyContext& c) override {
    context = &c;
    record("start");
    if (script_.timer_after) c.schedule(*script_.timer_after);
    if (script_.submit_on_start) submit_one();
    record("start_done");
    maybe_throw("start");
  }
  void on_stop() override {
    record("stop");
    maybe_throw("stop");
  }
  void on_book(const kalshi::OrderBook& book, Timestamp) override {
    record("book:" + book.ticker().str());
    maybe_throw("book");
  }
  void on_market(const kalshi::MarketChanged& change) override {
    record(fmt::format("market:{}:{}", change.ticker, kalshi::to_string(change.change)));
  }
  void on_order(const StrategyOrderUpdate& u) override {
    record(fmt::format("order:{}:{}", u.order.intent, to_string(u.order.state)));
    maybe_throw("order");
  }
  void on_fill(const StrategyFill& f) override {
    record(fmt::format("fill:{}:{}", f.trade_id, f.count));
  }
  void on_timer(Timestamp now) override {
    record(fmt::format("timer:{}", to_unix_ms(now) - to_unix_ms(kStart)));
    if (script_.submit_on_timer) submit_one();
    record("timer_done");
    maybe_throw("timer");
  }

 private:
  void record(const std::string& what) { log_.push_back(name().str() + ":" + what); }
  void maybe_throw(const std::string& where) {
    if (script_.throw_on == where) throw std::runtime_error("boom in " + where);
  }
  void submit_one() {
    OrderIntent intent;
    intent.ticker = MarketTicker("KXBTC-26JAN01-B1");
    intent.count = Count::contracts(1);
    intent.limit_price = Price::of(4000);
    context->submit(intent);
  }

  std::vector<std::string>& log_;
  Script script_;
};

}  // namespace antevorta::strategy::testing
