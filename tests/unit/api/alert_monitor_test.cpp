// AlertMonitor rules, each at its boundary, on a ManualClock: order alerts only in live
// mode, the denial rate (exactly at the rate vs one more; the window's edge; one alert per
// window), latches, authentication failures, connections down (N−1 s vs exactly N s) and
// the daily summary across midnight.
#include "antevorta/api/alert_monitor.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/feeds/events.hpp"
#include "antevorta/kalshi/events.hpp"
#include "antevorta/risk/events.hpp"
#include "antevorta/strategy/events.hpp"

namespace antevorta::api {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// 2026-01-01T00:00:00Z (ManualClock's default start) plus `d`.
Timestamp T(Duration d = Duration::zero()) { return from_unix_ms(1'767'225'600'000) + d; }

struct Fixture {
  EventBus bus;
  ManualClock clock;
  std::vector<Alert> alerts;
  Subscription sub = bus.subscribe<Alert>([this](const Alert& a) { alerts.push_back(a); });

  void deny(const std::string& reason) {
    strategy::StrategyOrderUpdate u;
    u.order.strategy = strategy::StrategyId{"s1"};
    u.order.intent = strategy::IntentId{"i-" + std::to_string(++n)};
    u.order.state = strategy::OrderState::denied;
    u.reason = reason + ": some detail";
    u.at = clock.now();
    bus.publish(u);
  }
  void order(const std::string& id, strategy::OrderState state, Count filled = Count{}) {
    strategy::StrategyOrderUpdate u;
    u.order.strategy = strategy::StrategyId{"s1"};
    u.order.intent = strategy::IntentId{"intent-" + id};
    u.order.client_order_id = ClientOrderId{id};
    u.order.ticker = MarketTicker{"KXTEST-1"};
    u.order.side = kalshi::OutcomeSide::yes;
    u.order.action = strategy::Action::buy;
    u.order.limit_price = Price::of(4500);
    u.order.count = Count::contracts(2);
    u.order.filled = filled;
    u.order.state = state;
    u.at = clock.now();
    bus.publish(u);
  }
  void fill(const std::string& id) {
    strategy::StrategyFill f;
    f.strategy = strategy::StrategyId{"s1"};
    f.client_order_id = ClientOrderId{id};
    f.trade_id = TradeId{"t-1"};
    f.ticker = MarketTicker{"KXTEST-1"};
    f.side = kalshi::OutcomeSide::no;
    f.action = strategy::Action::buy;
    f.price = Price::of(5500);
    f.count = Count::contracts(1);
    f.fee = Money::from_centicents(200);
    f.at = clock.now();
    bus.publish(f);
  }
  void stream(kalshi::ConnectionState state, std::string detail = {}) {
    bus.publish(kalshi::StreamStateChanged{state, std::move(detail), 0, clock.now()});
  }
  int n = 0;
};

AlertRules denial_rules() {
  AlertRules r;
  r.denials_per_window = 5;
  r.denial_window = 60s;
  return r;
}

TEST(AlertMonitorDenials, ExactlyAtTheRateIsQuietOneMoreAlerts) {
  Fixture f;
  AlertMonitor m(f.bus, f.clock, null_logger(), denial_rules());
  m.start();
  // Five denials within 60 s: exactly the rate, no alert.
  for (int i = 0; i < 5; ++i) {
    f.deny(i < 3 ? "max_order_count" : "stale_book");
    f.clock.advance(1s);
  }
  EXPECT_TRUE(f.alerts.empty());
  // The sixth (at 5 s) is one more than the rate: 4× max_order_count, 2× stale_book.
  f.deny("max_order_count");
  ASSERT_EQ(f.alerts.size(), 1u);
  const Alert& a = f.alerts[0];
  EXPECT_EQ(a.kind, AlertKind::denial_rate);
  EXPECT_EQ(a.severity, AlertSeverity::warning);
  EXPECT_EQ(a.title, "Risk denials: 6 in 60 s");
  EXPECT_THAT(a.text, HasSubstr("top reasons: max_order_count ×4, stale_book ×2"));
  EXPECT_EQ(a.at, T(5s));
  EXPECT_EQ(m.stats().denials_seen, 6u);
}

TEST(AlertMonitorDenials, ADenialLeavesTheWindowWhenItIsWindowOld) {
  Fixture f;
  AlertMonitor m(f.bus, f.clock, null_logger(), denial_rules());
  m.start();
  for (int i = 0; i < 5; ++i) f.deny("stale_book");  // all at 0 s
  f.clock.advance(60s);
  // At 60 s the five are exactly 60 s old and out of the window: 1 denial counted.
  f.deny("stale_book");
  EXPECT_TRUE(f.alerts.empty());
}

TEST(AlertMonitorDenials, JustInsideTheWindowStillCounts) {
  Fixture f;
  AlertMonitor m(f.bus, f.clock, null_logger(), denial_rules());
  m.start();
  for (int i = 0; i < 5; ++i) f.deny("stale_book");  // at 0 s
  f.clock.advance(59'999ms);                         // 1 ms before they leave
  f.deny("stale_book");
  ASSERT_EQ(f.alerts.size(), 1u);
  EXPECT_THAT(f.alerts[0].text, HasSubstr("stale_book ×6"));
}

TEST(AlertMonitorDenials, OneAlertPerWindow) {
  Fixture f;
  AlertMonitor m(f.bus, f.clock, null_logger(), denial_rules());
  m.start();
  for (int i = 0; i < 6; ++i) f.deny("max_open_orders");  // alert at 0 s
  ASSERT_EQ(f.alerts.size(), 1u);
  f.clock.advance(30s);
  for (int i = 0; i < 10; ++i) f.deny("max_open_orders");  // quiet until 60 s
  EXPECT_EQ(f.alerts.size(), 1u);
  EXPECT_EQ(m.stats().suppressed, 10u);
  f.clock.advance(30s);
  // At 60 s: the ten from 30 s and this one are 11 > 5, and the quiet time is over.
  f.deny("max_open_orders");
  ASSERT_EQ(f.alerts.size(), 2u);
  EXPECT_EQ(f.alerts[1].title, "Risk denials: 11 in 60 s");
}

TEST(AlertMonitorOrders, PaperOrdersAndFillsNeverAlert) {
  Fixture f;
  AlertRules r;
  r.live = false;
  AlertMonitor m(f.bus, f.clock, null_logger(), r);
  m.start();
  f.order("av1-a", strategy::OrderState::pending);
  f.order("av1-a", strategy::OrderState::resting);
  f.order("av1-a", strategy::OrderState::filled, Count::contracts(2));
  f.fill("av1-a");
  EXPECT_TRUE(f.alerts.empty());
}

TEST(AlertMonitorOrders, LiveOrderPlacedOnceWhenAcknowledgedAndEachFill) {
  Fixture f;
  AlertRules r;
  r.live = true;
  AlertMonitor m(f.bus, f.clock, null_logger(), r);
  m.start();
  f.order("av1-a", strategy::OrderState::pending);
  EXPECT_TRUE(f.alerts.empty());  // not at the exchange yet
  f.order("av1-a", strategy::OrderState::resting);
  ASSERT_EQ(f.alerts.size(), 1u);
  EXPECT_EQ(f.alerts[0].kind, AlertKind::order_placed);
  EXPECT_EQ(f.alerts[0].severity, AlertSeverity::info);
  EXPECT_EQ(f.alerts[0].title, "Order placed: buy 2.00 yes KXTEST-1 @ 0.4500");
  EXPECT_THAT(f.alerts[0].text, HasSubstr("client_order_id av1-a"));
  // A later update of the same order (a partial fill) is not a new placement.
  f.order("av1-a", strategy::OrderState::resting, Count::contracts(1));
  EXPECT_EQ(f.alerts.size(), 1u);
  f.fill("av1-a");
  ASSERT_EQ(f.alerts.size(), 2u);
  EXPECT_EQ(f.alerts[1].kind, AlertKind::order_filled);
  EXPECT_EQ(f.alerts[1].title, "Filled: buy 1.00 no KXTEST-1 @ 0.5500");
  EXPECT_THAT(f.alerts[1].text, HasSubstr("fee 0.0200 (taker)"));
}

TEST(AlertMonitorOrders, OnlyOrdersThatReachedTheExchangeArePlaced) {
  Fixture f;
  AlertRules r;
  r.live = true;
  AlertMonitor m(f.bus, f.clock, null_logger(), r);
  m.start();
  f.order("av1-rejected", strategy::OrderState::pending);
  f.order("av1-rejected", strategy::OrderState::rejected);
  f.order("av1-seen-late", strategy::OrderState::resting);  // placed before we watched
  EXPECT_TRUE(f.alerts.empty());
  // An unknown outcome resolved as an IOC with nothing filled: it did reach the exchange.
  f.order("av1-ioc", strategy::OrderState::pending);
  f.order("av1-ioc", strategy::OrderState::unknown);
  f.order("av1-ioc", strategy::OrderState::canceled);
  ASSERT_EQ(f.alerts.size(), 1u);
  EXPECT_THAT(f.alerts[0].text, HasSubstr("av1-ioc"));
}

TEST(AlertMonitorLatches, KillSwitchLedgerDriftAndBreaker) {
  Fixture f;
  AlertMonitor m(f.bus, f.clock, null_logger(), AlertRules{});
  m.start();
  f.bus.publish(risk::KillSwitchChanged{
      {true, risk::LatchReason::daily_loss_limit, "lost 50.0000", f.clock.now()}, f.clock.now()});
  f.bus.publish(risk::KillSwitchChanged{
      {false, risk::LatchReason::manual, "operator", f.clock.now()}, f.clock.now()});
  f.bus.publish(risk::KillSwitchChanged{
      {true, risk::LatchReason::ledger_drift, "cash differs by 1.0000", f.clock.now()},
      f.clock.now()});
  f.bus.publish(risk::CircuitBreakerChanged{
      {true, risk::LatchReason::drawdown, "equity 900 below peak 1000", f.clock.now()},
      f.clock.now()});
  f.bus.publish(risk::CircuitBreakerChanged{
      {false, risk::LatchReason::manual, "reset", f.clock.now()}, f.clock.now()});
  ASSERT_EQ(f.alerts.size(), 5u);
  EXPECT_EQ(f.alerts[0].kind, AlertKind::kill_switch);
  EXPECT_EQ(f.alerts[0].severity, AlertSeverity::critical);
  EXPECT_EQ(f.alerts[0].title, "Kill switch engaged (daily_loss_limit)");
  EXPECT_EQ(f.alerts[0].text, "lost 50.0000");
  EXPECT_EQ(f.alerts[1].kind, AlertKind::kill_switch);
  EXPECT_EQ(f.alerts[1].severity, AlertSeverity::info);
  EXPECT_EQ(f.alerts[2].kind, AlertKind::ledger_drift);
  EXPECT_EQ(f.alerts[2].severity, AlertSeverity::critical);
  EXPECT_EQ(f.alerts[3].kind, AlertKind::circuit_breaker);
  EXPECT_EQ(f.alerts[3].severity, AlertSeverity::critical);
  EXPECT_EQ(f.alerts[3].title, "Circuit breaker tripped (drawdown)");
  EXPECT_EQ(f.alerts[4].kind, AlertKind::circuit_breaker);
  EXPECT_EQ(f.alerts[4].severity, AlertSeverity::info);
}

TEST(AlertMonitorAuth, OncePerSourcePerRepeatInterval) {
  Fixture f;
  AlertRules r;
  r.repeat_interval = 10min;
  AlertMonitor m(f.bus, f.clock, null_logger(), r);
  m.start();
  const auto auth = [&f] {
    std::vector<Alert> out;
    for (const auto& a : f.alerts) {
      if (a.kind == AlertKind::auth_failure) out.push_back(a);
    }
    return out;
  };
  f.stream(kalshi::ConnectionState::auth_failed, "401 invalid signature");
  f.clock.advance(9min + 59s);
  f.stream(kalshi::ConnectionState::auth_failed, "401 invalid signature");  // within 10 min
  m.on_rest_auth_failure("403 forbidden");                                  // another source
  auto a = auth();
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].severity, AlertSeverity::critical);
  EXPECT_EQ(a[0].title, "Authentication failed: kalshi_ws");
  EXPECT_EQ(a[0].text, "401 invalid signature");
  EXPECT_EQ(a[1].title, "Authentication failed: kalshi_rest");
  EXPECT_EQ(m.stats().suppressed, 1u);
  f.clock.advance(1s);  // 10 min after the first
  f.stream(kalshi::ConnectionState::auth_failed, "401 again");
  a = auth();
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[2].text, "401 again");
  // A refused connection is also down: after 30 s it was reported lost.
  ASSERT_GE(f.alerts.size(), 4u);
  EXPECT_EQ(f.alerts[1].kind, AlertKind::connection_lost);
  EXPECT_EQ(f.alerts[1].at, T(30s));
}

AlertRules connection_rules() {
  AlertRules r;
  r.connection_lost_after = 30s;
  return r;
}

TEST(AlertMonitorConnections, ReconnectingAtNMinusOneSecondsIsQuiet) {
  Fixture f;
  AlertMonitor m(f.bus, f.clock, null_logger(), connection_rules());
  m.start();
  f.stream(kalshi::ConnectionState::connected);
  f.stream(kalshi::ConnectionState::disconnected, "eof");
  f.clock.advance(29s);
  f.stream(kalshi::ConnectionState::connected);
  f.clock.advance(10min);
  EXPECT_TRUE(f.alerts.empty());
  EXPECT_EQ(f.clock.pending_timers(), 0u);
}

TEST(AlertMonitorConnections, DownExactlyNSecondsAlertsThenRestored) {
  Fixture f;
  AlertMonitor m(f.bus, f.clock, null_logger(), connection_rules());
  m.start();
  f.stream(kalshi::ConnectionState::connected);
  f.stream(kalshi::ConnectionState::disconnected, "eof");
  f.clock.advance(10s);
  // More down reports during the outage keep the first timer (not 30 s from here).
  f.stream(kalshi::ConnectionState::connecting);
  f.stream(kalshi::ConnectionState::disconnected, "connection refused");
  f.clock.advance(19'999ms);
  EXPECT_TRUE(f.alerts.empty());
  f.clock.advance(1ms);  // down exactly 30 s
  ASSERT_EQ(f.alerts.size(), 1u);
  EXPECT_EQ(f.alerts[0].kind, AlertKind::connection_lost);
  EXPECT_EQ(f.alerts[0].severity, AlertSeverity::warning);
  EXPECT_EQ(f.alerts[0].at, T(30s));
  EXPECT_EQ(f.alerts[0].title, "Connection lost: kalshi_ws");
  EXPECT_EQ(f.alerts[0].text, "kalshi_ws has been down for 30 s; last error: connection refused");
  f.clock.advance(15s);
  f.stream(kalshi::ConnectionState::connected);
  ASSERT_EQ(f.alerts.size(), 2u);
  EXPECT_EQ(f.alerts[1].kind, AlertKind::connection_restored);
  EXPECT_EQ(f.alerts[1].severity, AlertSeverity::info);
  EXPECT_EQ(f.alerts[1].text, "kalshi_ws is up again after 45 s down");  // 30 + 15
}

TEST(AlertMonitorConnections, GenericSourcesNeverConnectedAndForgotten) {
  Fixture f;
  AlertMonitor m(f.bus, f.clock, null_logger(), connection_rules());
  m.start();
  m.on_connection_state("coinbase", false, "dns failure");  // first report: down
  m.on_connection_state("kraken", false);
  f.clock.advance(10s);
  m.forget_connection("kraken");  // stopped on purpose
  f.clock.advance(20s);
  ASSERT_EQ(f.alerts.size(), 1u);
  EXPECT_EQ(f.alerts[0].text,
            "coinbase has not connected in 30 s since it started; last error: dns failure");
  // The kalshi stream stopping (shutdown) is not an outage.
  f.stream(kalshi::ConnectionState::connected);
  f.stream(kalshi::ConnectionState::stopped);
  f.clock.advance(1min);
  EXPECT_EQ(f.alerts.size(), 1u);
}

TEST(AlertMonitorConnections, APriceFeedStaleOrDownForNSecondsAlerts) {
  Fixture f;
  AlertMonitor m(f.bus, f.clock, null_logger(), connection_rules());
  m.start();
  auto feed = [&](feeds::FeedState state, std::string detail = {}) {
    f.bus.publish(feeds::FeedStateChanged{"binance", state, std::move(detail), f.clock.now()});
  };
  feed(feeds::FeedState::live);
  feed(feeds::FeedState::stale, "no data for 10s");  // connected but silent counts as down
  f.clock.advance(10s);
  feed(feeds::FeedState::connecting, "connection refused");
  f.clock.advance(19s);
  EXPECT_TRUE(f.alerts.empty());
  f.clock.advance(1s);  // 30 s since it went stale
  ASSERT_EQ(f.alerts.size(), 1u);
  EXPECT_EQ(f.alerts[0].kind, AlertKind::connection_lost);
  EXPECT_EQ(f.alerts[0].title, "Connection lost: feed_binance");
  EXPECT_EQ(f.alerts[0].text,
            "feed_binance has been down for 30 s; last error: connection refused");
  feed(feeds::FeedState::live);
  ASSERT_EQ(f.alerts.size(), 2u);
  EXPECT_EQ(f.alerts[1].kind, AlertKind::connection_restored);
  // A feed that recovers inside the limit says nothing.
  feed(feeds::FeedState::down, "stopped");
  f.clock.advance(29s);
  feed(feeds::FeedState::live);
  f.clock.advance(1min);
  EXPECT_EQ(f.alerts.size(), 2u);
}

TEST(AlertMonitorSummary, NextDailyTimeIsStrictlyLater) {
  // 2026-01-01T23:50Z, summary at 00:05 → 2026-01-02T00:05Z (15 min later, across midnight).
  EXPECT_EQ(next_daily_time(T(23h + 50min), 5min), T(24h + 5min));
  // Exactly at the time → tomorrow's.
  EXPECT_EQ(next_daily_time(T(21h), 21h), T(45h));
  EXPECT_EQ(next_daily_time(T(21h - 1ns), 21h), T(21h));
}

TEST(AlertMonitorSummary, PublishedAtTheUtcTimeAcrossMidnightThenDaily) {
  Fixture f;
  f.clock.advance_to(T(23h + 50min));
  AlertRules r;
  r.daily_summary_utc = 5min;  // 00:05 UTC
  int calls = 0;
  AlertMonitor m(f.bus, f.clock, null_logger(), r, [&] {
    ++calls;
    return "balance 1000.0000, P&L +1.2000, 3 fills, fees 0.0700";
  });
  m.start();
  f.clock.advance(14min + 59s);
  EXPECT_TRUE(f.alerts.empty());
  f.clock.advance(1s);  // 2026-01-02T00:05:00Z
  ASSERT_EQ(f.alerts.size(), 1u);
  EXPECT_EQ(f.alerts[0].kind, AlertKind::daily_summary);
  EXPECT_EQ(f.alerts[0].severity, AlertSeverity::info);
  EXPECT_EQ(f.alerts[0].at, T(24h + 5min));
  EXPECT_EQ(f.alerts[0].title, "Daily summary 2026-01-02 00:05 UTC");
  EXPECT_EQ(f.alerts[0].text, "balance 1000.0000, P&L +1.2000, 3 fills, fees 0.0700");
  f.clock.advance(24h);
  ASSERT_EQ(f.alerts.size(), 2u);
  EXPECT_EQ(f.alerts[1].at, T(48h + 5min));
  EXPECT_EQ(calls, 2);
}

TEST(AlertMonitorLifecycle, StopUnsubscribesAndCancelsTimers) {
  Fixture f;
  AlertRules r = connection_rules();
  r.daily_summary_utc = 0min;
  AlertMonitor m(f.bus, f.clock, null_logger(), r, [] { return std::string("x"); });
  m.start();
  m.on_connection_state("feed", false);
  EXPECT_EQ(f.clock.pending_timers(), 2u);  // the summary and the connection
  m.stop();
  EXPECT_EQ(f.clock.pending_timers(), 0u);
  f.bus.publish(
      risk::KillSwitchChanged{{true, risk::LatchReason::manual, "", f.clock.now()}, f.clock.now()});
  m.on_rest_auth_failure("401");
  f.clock.advance(48h);
  EXPECT_TRUE(f.alerts.empty());
}

}  // namespace
}  // namespace antevorta::api
