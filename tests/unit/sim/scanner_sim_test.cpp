// The market-data services against the simulator on loopback, under a manual clock: the
// scanner's initial REST scan of one series and a 15-minute window's whole life as the daemon
// sees it (closed by the clock, determined and settled over market_lifecycle_v2, the next
// windows listed); the market directory's events, series and fee schedules; the exchange
// status monitor; and the risk manager's PortfolioView over all of them.
#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "antevorta/core/event_bus.hpp"
#include "antevorta/execution/portfolio_view.hpp"
#include "antevorta/kalshi/exchange_status.hpp"
#include "antevorta/kalshi/market_directory.hpp"
#include "antevorta/kalshi/market_scanner.hpp"
#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/kalshi/stream_client.hpp"
#include "antevorta/kalshi/verifier.hpp"
#include "antevorta/net/http_client.hpp"
#include "antevorta/sim/sim_server.hpp"

namespace antevorta {
namespace {

using namespace std::chrono_literals;

Timestamp start_time() {
  using namespace std::chrono;
  // 2026-11-21T12:07:00Z: a KXBTC15M window is open, the next one listed.
  return Timestamp{sys_days{year{2026} / November / 21} + hours(12) + minutes(7)};
}

class ScannerAgainstSim : public ::testing::Test {
 protected:
  ScannerAgainstSim() : clock(start_time()) {
    sim::SimServerOptions options;
    options.tick_interval = std::chrono::hours(24);  // the test ticks the exchange itself
    server =
        std::make_unique<sim::SimServer>(io.get_executor(), clock, null_logger("sim"), options);
    server->start();
    EXPECT_FALSE(server->add_api_key("daemon-key", signer.public_key_pem(), sim::AccountId("d")));
    http = std::make_unique<net::HttpClient>(io.get_executor(), clock, null_logger("http"),
                                             net::parse_endpoint(server->rest_url()).value());
    rest = std::make_unique<kalshi::RestClient>(io.get_executor(), clock, null_logger("rest"),
                                                *http, &signer, kalshi::RestOptions{});
    kalshi::StreamOptions stream_options;
    stream_options.ws.idle_timeout = 48h;  // virtual time jumps by minutes here
    stream_options.ws.ping_interval = Duration{0};
    stream = std::make_unique<kalshi::StreamClient>(
        io.get_executor(), bus, clock, null_logger("ws"),
        net::parse_endpoint(server->ws_url()).value(), &signer, books, stream_options);
    kalshi::ScannerOptions scan;
    scan.series = {SeriesTicker("KXBTC15M")};
    scan.close_check_interval = 24h;  // the test calls check_closes()
    scanner = std::make_unique<kalshi::MarketScanner>(io.get_executor(), bus, clock,
                                                      null_logger("scanner"), *rest, *stream, scan);
    stream->set_message_tap(
        [this](const kalshi::WsMessage& m, Timestamp at) { scanner->on_message(m, at); });
    directory = std::make_unique<kalshi::MarketDirectory>(io.get_executor(), bus, clock,
                                                          null_logger("directory"), *rest);
    subscription = bus.subscribe<kalshi::MarketChanged>(
        [this](const kalshi::MarketChanged& e) { changes.push_back(e); });
  }

  ~ScannerAgainstSim() override {
    directory->stop();
    scanner->stop();
    stream->stop();
    server->stop();
    io.restart();
    io.run_for(100ms);
  }

  bool drive(const std::function<bool()>& done, std::chrono::milliseconds limit = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    io.restart();
    while (std::chrono::steady_clock::now() < deadline) {
      io.run_for(5ms);
      if (done()) return true;
    }
    return done();
  }

  const kalshi::MarketChanged* find(kalshi::MarketChange what, const MarketTicker& t) const {
    for (const auto& c : changes) {
      if (c.change == what && c.ticker == t) return &c;
    }
    return nullptr;
  }

  // The series' windows that are open or listed but not open yet.
  std::vector<MarketTicker> active_btc_windows() {
    std::vector<MarketTicker> out;
    const auto& catalog = server->exchange().catalog();
    for (const auto& t : catalog.market_order()) {
      const auto* m = catalog.market(t);
      if (m->series.str() == "KXBTC15M" && (m->status == kalshi::MarketStatus::active ||
                                            m->status == kalshi::MarketStatus::initialized)) {
        out.push_back(t);
      }
    }
    return out;
  }

  boost::asio::io_context io;
  ManualClock clock;
  EventBus bus;
  kalshi::BookStore books;
  kalshi::Signer signer =
      kalshi::Signer::from_pem(kalshi::generate_private_key_pem(kalshi::KeyType::ed25519),
                               Secret("daemon-key"), "daemon-key")
          .value();
  std::unique_ptr<sim::SimServer> server;
  std::unique_ptr<net::HttpClient> http;
  std::unique_ptr<kalshi::RestClient> rest;
  std::unique_ptr<kalshi::StreamClient> stream;
  std::unique_ptr<kalshi::MarketScanner> scanner;
  std::unique_ptr<kalshi::MarketDirectory> directory;
  std::vector<kalshi::MarketChanged> changes;
  Subscription subscription;
};

TEST_F(ScannerAgainstSim, ExchangeStatusPerShardGoesUnknownWhenNotRefreshed) {
  kalshi::ExchangeStatusOptions options;
  options.period = 30s;
  options.stale_after = 90s;
  kalshi::ExchangeStatusMonitor monitor(io.get_executor(), bus, clock, null_logger("status"), *rest,
                                        options);
  std::vector<kalshi::ExchangeStatusChanged> seen;
  auto sub = bus.subscribe<kalshi::ExchangeStatusChanged>(
      [&](const kalshi::ExchangeStatusChanged& e) { seen.push_back(e); });
  EXPECT_FALSE(monitor.trading_active(0).has_value());  // unknown before the first poll
  monitor.start();
  ASSERT_TRUE(drive([&] { return monitor.last_success().has_value(); }));
  EXPECT_EQ(monitor.trading_active(0), std::optional<bool>(true));
  EXPECT_EQ(monitor.trading_active(2), std::optional<bool>(true));
  EXPECT_FALSE(monitor.trading_active(7).has_value());  // not reported
  const auto first_events = seen.size();
  EXPECT_GE(first_events, 2u);

  // Shard 2 pauses: one event, and only shard 2 stops.
  kalshi::ExchangeStatus paused;
  paused.exchange_active = true;
  paused.trading_active = true;
  paused.exchange_index_statuses.push_back({2, "crypto", true, false, true});
  monitor.apply(paused, clock.now());
  ASSERT_EQ(seen.size(), first_events + 1);
  EXPECT_EQ(seen.back().exchange_index, 2);
  EXPECT_FALSE(seen.back().trading_active);
  EXPECT_EQ(monitor.trading_active(2), std::optional<bool>(false));
  EXPECT_EQ(monitor.trading_active(0), std::optional<bool>(true));
  monitor.apply(paused, clock.now());
  EXPECT_EQ(seen.size(), first_events + 1);  // no change, no event

  // No successful poll for longer than stale_after: unknown again.
  monitor.stop();
  clock.advance(91s);
  EXPECT_FALSE(monitor.trading_active(0).has_value());
}

TEST_F(ScannerAgainstSim, ExchangeStatusMonitorMayGoAwayWithAPollInFlight) {
  // The exchange holds the status request; the monitor is destroyed meanwhile; then the
  // exchange answers. The orphaned poll is cancelled or its answer ignored: either way the
  // destroyed monitor is not touched (ASan checks).
  server->rest().add_fault({.method = "GET",
                            .path_prefix = "/trade-api/v2/exchange/status",
                            .when = sim::RestFault::When::after,  // then the real answer
                            .action = sim::RestFault::Action::hang,
                            .hang_for = 2s});
  {
    kalshi::ExchangeStatusMonitor monitor(io.get_executor(), bus, clock, null_logger("status"),
                                          *rest);
    monitor.start();
    ASSERT_TRUE(drive(
        [&] { return server->rest().requests("GET", "/trade-api/v2/exchange/status") == 1; }));
  }
  clock.advance(2s);  // the hang ends: the exchange answers the orphaned poll
  drive([] { return false; }, 200ms);
  EXPECT_EQ(server->rest().requests("GET", "/trade-api/v2/exchange/status"), 1u);
}

TEST_F(ScannerAgainstSim, PortfolioViewAnswersTheRiskManagerFromLiveState) {
  kalshi::ExchangeStatusMonitor exchange(io.get_executor(), bus, clock, null_logger("status"),
                                         *rest);
  execution::Ledger ledger;
  bool orders_known = false;
  execution::PortfolioView view(
      ledger, books,
      [&](const MarketTicker& t) -> const kalshi::Market* {
        auto it = scanner->markets().find(t);
        return it == scanner->markets().end() ? nullptr : &it->second;
      },
      *directory, exchange,
      [&]() -> std::optional<risk::OpenOrders> {
        if (!orders_known) return std::nullopt;
        return risk::OpenOrders{};
      });
  stream->start();
  scanner->start();
  exchange.start();
  ASSERT_TRUE(drive([&] {
    return scanner->initial_scan_done() && directory->pending_fetches() == 0 &&
           exchange.last_success() && books.size() > 0 && books.fresh_count() == books.size();
  }));
  const MarketTicker t = scanner->markets().begin()->first;

  // Unknown until reconciled / supplied: the risk manager will deny.
  EXPECT_FALSE(view.position(t));
  EXPECT_FALSE(view.positions());
  EXPECT_FALSE(view.equity());
  EXPECT_FALSE(view.open_orders());
  EXPECT_FALSE(view.market(MarketTicker("NOT-FOLLOWED")));
  EXPECT_FALSE(view.book(MarketTicker("NOT-FOLLOWED")));

  ASSERT_FALSE(ledger.add_market(t, 2));
  ledger.set_cash(2, Money::parse("250").value(), clock.now());
  view.set_positions_known(true);
  orders_known = true;
  EXPECT_EQ(view.position(t)->position, Count{});
  EXPECT_TRUE(view.positions()->empty());
  EXPECT_EQ(view.equity(), Money::parse("250").value());
  EXPECT_EQ(view.open_orders()->total, 0);

  const auto info = view.market(t);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->series_ticker, SeriesTicker("KXBTC15M"));
  EXPECT_EQ(info->status, kalshi::MarketStatus::active);
  EXPECT_TRUE(info->fees.has_value());
  EXPECT_EQ(info->close_time, scanner->markets().at(t).close_time);

  const auto top = view.book(t);
  ASSERT_TRUE(top);
  EXPECT_TRUE(top->fresh);
  const auto* book = books.find(t.str());
  ASSERT_TRUE(book->best_yes_bid());
  ASSERT_TRUE(top->yes_bid);
  EXPECT_EQ(top->yes_bid->price, book->best_yes_bid()->price);
  EXPECT_EQ(view.exchange_trading_active(t), std::optional<bool>(true));
  exchange.stop();
}

TEST_F(ScannerAgainstSim, DirectoryLearnsEventsSeriesAndFeeSchedules) {
  stream->start();
  scanner->start();
  ASSERT_TRUE(drive([&] { return scanner->initial_scan_done(); }));
  ASSERT_TRUE(drive([&] {
    if (directory->pending_fetches() > 0) return false;
    for (const auto& [t, m] : scanner->markets()) {
      if (!directory->fees(m.event_ticker)) return false;
    }
    return true;
  })) << "fees not known for every followed market";
  const auto& market = scanner->markets().begin()->second;
  const kalshi::Event* event = directory->event(market.event_ticker);
  ASSERT_NE(event, nullptr);
  const kalshi::Series* series = directory->series(event->series_ticker);
  ASSERT_NE(series, nullptr);
  EXPECT_EQ(series->ticker, SeriesTicker("KXBTC15M"));
  const auto fees = directory->fees(market.event_ticker);
  ASSERT_TRUE(fees);
  EXPECT_EQ(fees->type, *series->fee_type);
  EXPECT_EQ(fees->multiplier, *series->fee_multiplier);

  // An event_fee_update overrides the series' schedule for that event only; an override of
  // a type this build does not know makes the fee unknown (fail closed).
  kalshi::EventFeeUpdate update;
  update.event_ticker = market.event_ticker.str();
  update.fee_type_override_text = "quadratic_with_maker_fees";
  update.fee_type_override = kalshi::FeeType::quadratic_with_maker_fees;
  update.fee_multiplier_override = kalshi::FeeMultiplier::parse("0.5").value();
  directory->on_message(kalshi::WsMessage{update}, clock.now());
  ASSERT_TRUE(directory->fees(market.event_ticker));
  EXPECT_EQ(directory->fees(market.event_ticker)->type, kalshi::FeeType::quadratic_with_maker_fees);
  EXPECT_EQ(directory->fees(market.event_ticker)->multiplier.micros(), 500'000);
  update.fee_type_override_text = "cubic";
  update.fee_type_override.reset();
  directory->on_message(kalshi::WsMessage{update}, clock.now());
  EXPECT_FALSE(directory->fees(market.event_ticker));
}

TEST_F(ScannerAgainstSim, FollowsOneSeriesThroughCloseDeterminationAndSettlement) {
  stream->start();
  scanner->start();
  ASSERT_TRUE(drive([&] {
    return scanner->initial_scan_done() && books.size() > 0 && books.fresh_count() == books.size();
  }));

  // Exactly the series' open and upcoming windows, each with a live book.
  const auto expected = active_btc_windows();
  ASSERT_FALSE(expected.empty());
  ASSERT_EQ(scanner->markets().size(), expected.size());
  for (const auto& t : expected) {
    EXPECT_TRUE(scanner->markets().contains(t)) << t.str();
    EXPECT_NE(books.find(t.str()), nullptr) << t.str();
    EXPECT_NE(find(kalshi::MarketChange::listed, t), nullptr) << t.str();
  }
  for (const auto& [t, m] : scanner->markets()) {
    EXPECT_TRUE(t.str().starts_with("KXBTC15M-")) << t.str();
  }

  // The clock passes the first window's close: the scanner marks it closed by itself and
  // retires its book, but keeps following the market until it settles.
  const MarketTicker first = expected.front();
  const auto* sim_market = server->exchange().catalog().market(first);
  clock.advance_to(sim_market->close_time);
  scanner->check_closes();
  ASSERT_NE(find(kalshi::MarketChange::closed, first), nullptr);
  EXPECT_EQ(scanner->markets().at(first).status, kalshi::MarketStatus::closed);
  EXPECT_EQ(books.find(first.str()), nullptr);  // retired: nobody may trade on it
  // The next window opened at the same instant, with no event from the exchange: the
  // scanner marks it active by the clock.
  for (const auto& t : expected) {
    const auto* m = server->exchange().catalog().market(t);
    if (t == first || m->open_time > clock.now()) continue;
    EXPECT_EQ(scanner->markets().at(t).status, kalshi::MarketStatus::active) << t.str();
    EXPECT_NE(find(kalshi::MarketChange::updated, t), nullptr) << t.str();
  }

  // The exchange closes, then determines it (the second tick), and lists the next windows.
  const std::size_t listed_before = std::count_if(
      changes.begin(), changes.end(),
      [](const kalshi::MarketChanged& c) { return c.change == kalshi::MarketChange::listed; });
  server->exchange().tick();
  server->exchange().tick();
  ASSERT_EQ(sim_market->status, kalshi::MarketStatus::determined);
  ASSERT_TRUE(drive([&] { return find(kalshi::MarketChange::determined, first) != nullptr; }));
  // The next window's target, set by the exchange when it opened (metadata_updated), reaches
  // the scanner's copy of the market.
  ASSERT_GE(expected.size(), 2u);
  const auto* sim_second = server->exchange().catalog().market(expected[1]);
  ASSERT_TRUE(sim_second->floor_strike.has_value());
  ASSERT_TRUE(drive([&] {
    return scanner->markets().at(expected[1]).floor_strike == sim_second->floor_strike;
  })) << "the target never arrived";
  const auto& determined = scanner->markets().at(first);
  EXPECT_EQ(determined.status, kalshi::MarketStatus::determined);
  EXPECT_EQ(determined.result, sim_market->result);
  EXPECT_EQ(determined.settlement_value, sim_market->settlement_value);
  ASSERT_TRUE(drive([&] {
    return static_cast<std::size_t>(
               std::count_if(changes.begin(), changes.end(), [](const kalshi::MarketChanged& c) {
                 return c.change == kalshi::MarketChange::listed;
               })) > listed_before;
  })) << "no new window was listed";

  // After the settlement timer the exchange settles: the scanner forgets the market.
  clock.advance(std::chrono::seconds(sim_market->settlement_timer_seconds));
  server->exchange().tick();
  ASSERT_TRUE(drive([&] { return find(kalshi::MarketChange::settled, first) != nullptr; }));
  EXPECT_FALSE(scanner->markets().contains(first));
  for (const auto& [t, m] : scanner->markets()) {
    EXPECT_TRUE(t.str().starts_with("KXBTC15M-")) << t.str();
  }
}

}  // namespace
}  // namespace antevorta
