// An in-memory RiskView and a fixture with a healthy default world, for the risk tests.
//
// Default world at 2026-01-01T12:00:00Z: the exchange trades; market KXBTC-26JAN01-T100
// (event KXBTC-26JAN01, series KXBTC, category Crypto) is active, closes in an hour, has the
// standard taker fee (quadratic, multiplier 1) and a fresh book 0.48 / 0.52; no positions,
// no orders, equity $1000. Every limit is off except require_exchange_active. The default
// intent buys 10 YES at 0.50 for strategy "alpha", with P(YES) = 0.60.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/kalshi/models.hpp"
#include "antevorta/risk/manager.hpp"
#include "antevorta/risk/view.hpp"

namespace antevorta::risk::testing {

inline Price px(std::string_view s) { return Price::parse(s).value(); }
inline Money usd(std::string_view s) { return Money::parse(s).value(); }
inline Count qty(std::string_view s) { return Count::parse(s).value(); }
inline Timestamp at(std::string_view iso) { return kalshi::parse_rfc3339(iso).value(); }

inline const MarketTicker kMarket{"KXBTC-26JAN01-T100"};
inline const EventTicker kEvent{"KXBTC-26JAN01"};
inline const SeriesTicker kSeries{"KXBTC"};

class FakeView final : public RiskView {
 public:
  std::optional<std::map<MarketTicker, PositionInfo>> holdings{std::in_place};
  std::set<MarketTicker> unknown_positions;  // position() says unknown for these
  bool positions_listed = true;              // false: positions() says unknown
  std::optional<OpenOrders> orders{std::in_place};
  std::map<MarketTicker, MarketInfo> markets;  // absent: unknown
  std::map<MarketTicker, BookTop> books;       // absent: unknown
  std::optional<Money> equity_value;
  std::optional<bool> trading_active = true;
  std::optional<std::vector<FeedState>> feed_states{std::in_place};

  std::optional<PositionInfo> position(const MarketTicker& ticker) const override {
    if (!holdings || unknown_positions.contains(ticker)) return std::nullopt;
    const auto it = holdings->find(ticker);
    return it == holdings->end() ? PositionInfo{} : it->second;
  }
  std::optional<std::vector<MarketPosition>> positions() const override {
    if (!holdings || !positions_listed) return std::nullopt;
    std::vector<MarketPosition> out;
    for (const auto& [ticker, info] : *holdings) {
      if (!info.position.is_zero()) out.push_back({ticker, info});
    }
    return out;
  }
  std::optional<OpenOrders> open_orders() const override { return orders; }
  std::optional<MarketInfo> market(const MarketTicker& ticker) const override {
    const auto it = markets.find(ticker);
    return it == markets.end() ? std::nullopt : std::optional(it->second);
  }
  std::optional<BookTop> book(const MarketTicker& ticker) const override {
    const auto it = books.find(ticker);
    return it == books.end() ? std::nullopt : std::optional(it->second);
  }
  std::optional<Money> equity() const override { return equity_value; }
  std::optional<bool> exchange_trading_active(const MarketTicker&) const override {
    return trading_active;
  }
  std::optional<std::vector<FeedState>> feeds(const strategy::StrategyId&,
                                              const MarketTicker&) const override {
    return feed_states;
  }

  // Helpers for the world.
  void hold(const MarketTicker& ticker, std::string_view position, std::string_view exposure) {
    (*holdings)[ticker] = PositionInfo{qty(position), usd(exposure)};
  }
  void rest(const MarketTicker& ticker, RestingOrders resting) {
    orders->total += resting.orders;
    orders->by_market[ticker] = resting;
  }
};

inline MarketInfo market_info(EventTicker event, SeriesTicker series, std::string category,
                              Timestamp close) {
  MarketInfo m;
  m.event_ticker = std::move(event);
  m.series_ticker = std::move(series);
  m.category = std::move(category);
  m.close_time = close;
  m.status = kalshi::MarketStatus::active;
  m.fees = kalshi::FeeSchedule{};  // quadratic, multiplier 1
  return m;
}

class RiskTest : public ::testing::Test {
 protected:
  RiskTest() {
    view.markets[kMarket] = market_info(kEvent, kSeries, "Crypto", now + std::chrono::hours(1));
    view.books[kMarket] =
        BookTop{Quote{px("0.48"), qty("100")}, Quote{px("0.52"), qty("100")}, true, now};
    view.equity_value = usd("1000");
  }

  // Buys 10 YES at 0.50 for "alpha" with P(YES) = 0.60 unless changed.
  static strategy::OrderIntent intent(kalshi::OutcomeSide side = kalshi::OutcomeSide::yes,
                                      strategy::Action action = strategy::Action::buy,
                                      std::string_view count = "10",
                                      std::string_view price = "0.50") {
    strategy::OrderIntent i;
    i.id = strategy::IntentId("i-1");
    i.strategy = strategy::StrategyId("alpha");
    i.ticker = kMarket;
    i.side = side;
    i.action = action;
    i.count = qty(count);
    i.limit_price = px(price);
    i.evidence.probability = 0.60;
    return i;
  }
  static strategy::OrderIntent sell_yes(std::string_view count, std::string_view price = "0.50") {
    return intent(kalshi::OutcomeSide::yes, strategy::Action::sell, count, price);
  }

  // The manager is created on first use from `config`: set the config first.
  RiskManager& manager() {
    if (!manager_) manager_ = std::make_unique<RiskManager>(config);
    return *manager_;
  }
  RiskDecision evaluate(const strategy::OrderIntent& i,
                        IntentPurpose purpose = IntentPurpose::entry) {
    return manager().evaluate(i, view, now, purpose);
  }
  RiskDecision evaluate_at(const strategy::OrderIntent& i, Timestamp when) {
    return manager().evaluate(i, view, when);
  }

  Timestamp now = at("2026-01-01T12:00:00Z");
  FakeView view;
  config::RiskConfig config;
  std::unique_ptr<RiskManager> manager_;
};

inline ::testing::AssertionResult Approved(const RiskDecision& d) {
  if (d.approved) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "denied " << to_string(d.reason) << " [" << d.rule << "]: " << d.detail;
}

inline ::testing::AssertionResult Denied(const RiskDecision& d, DenyReason reason) {
  if (d.approved)
    return ::testing::AssertionFailure() << "approved; expected " << to_string(reason);
  if (d.reason != reason) {
    return ::testing::AssertionFailure() << "denied " << to_string(d.reason) << " [" << d.rule
                                         << "]: " << d.detail << "; expected " << to_string(reason);
  }
  return ::testing::AssertionSuccess();
}

// Denied for an unknown input, naming it.
inline ::testing::AssertionResult Unknown(const RiskDecision& d, std::string_view missing) {
  auto result = Denied(d, DenyReason::unknown_input);
  if (!result) return result;
  if (d.missing != missing) {
    return ::testing::AssertionFailure()
           << "missing \"" << d.missing << "\"; expected \"" << missing << "\"";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace antevorta::risk::testing
