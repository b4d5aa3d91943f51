// The execution engine against the simulator on loopback: live orders through the REST
// client with fills and order updates from the WS `fill` / `user_orders` channels, faults
// on the create (a 500 after acting, a soft reject), cancels, and paper orders filled by
// the observed book only when it trades through them. After each scenario the daemon's
// ledger, its SQLite rows and the simulator's own books agree.
#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "antevorta/core/event_bus.hpp"
#include "antevorta/execution/engine.hpp"
#include "antevorta/execution/lifetime.hpp"
#include "antevorta/execution/live_venue.hpp"
#include "antevorta/execution/order_request.hpp"
#include "antevorta/execution/paper_venue.hpp"
#include "antevorta/execution/reconcile.hpp"
#include "antevorta/execution/records.hpp"
#include "antevorta/kalshi/exchange_status.hpp"
#include "antevorta/kalshi/market_directory.hpp"
#include "antevorta/kalshi/market_scanner.hpp"
#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/kalshi/stream_client.hpp"
#include "antevorta/net/http_client.hpp"
#include "antevorta/risk/manager.hpp"
#include "antevorta/sim/sim_server.hpp"
#include "antevorta/store/trading_store.hpp"

#include "unit/store/store_test_support.hpp"

namespace antevorta::execution {
namespace {

using namespace std::chrono_literals;

const sim::AccountId kDaemon("daemon");

Timestamp start_time() {
  using namespace std::chrono;
  // 2026-11-21T12:07:00Z: a KXBTC15M window is open (closes 12:15).
  return Timestamp{sys_days{year{2026} / November / 21} + hours(12) + minutes(7)};
}

class EngineAgainstSim : public ::testing::Test {
 protected:
  EngineAgainstSim() : clock(start_time()) {
    sim::SimServerOptions options;
    options.tick_interval = std::chrono::hours(24);  // quotes stay put unless the test acts
    server =
        std::make_unique<sim::SimServer>(io.get_executor(), clock, null_logger("sim"), options);
    server->start();
    EXPECT_FALSE(server->add_api_key("daemon-key", signer.public_key_pem(), kDaemon));
    net::HttpClientOptions http_options;
    http_options.request_timeout = std::chrono::seconds(1);  // (real time) the hang test
    http = std::make_unique<net::HttpClient>(io.get_executor(), clock, null_logger("http"),
                                             net::parse_endpoint(server->rest_url()).value(),
                                             http_options);
    rest = std::make_unique<kalshi::RestClient>(io.get_executor(), clock, null_logger("rest"),
                                                *http, &signer, kalshi::RestOptions{});
    kalshi::StreamOptions stream_options;
    stream_options.ws.idle_timeout = 48h;
    stream_options.ws.ping_interval = Duration{0};
    stream = std::make_unique<kalshi::StreamClient>(
        io.get_executor(), bus, clock, null_logger("ws"),
        net::parse_endpoint(server->ws_url()).value(), &signer, books, stream_options);
    kalshi::ScannerOptions scan;
    scan.series = {SeriesTicker("KXBTC15M")};
    scan.close_check_interval = 24h;
    scanner = std::make_unique<kalshi::MarketScanner>(io.get_executor(), bus, clock,
                                                      null_logger("scanner"), *rest, *stream, scan);
    directory = std::make_unique<kalshi::MarketDirectory>(io.get_executor(), bus, clock,
                                                          null_logger("directory"), *rest);
    monitor = std::make_unique<kalshi::ExchangeStatusMonitor>(io.get_executor(), bus, clock,
                                                              null_logger("status"), *rest);
    db = std::make_unique<store::Store>(store::testing::options_for(dir.path() / "t.db"),
                                        null_logger("store"));
    trading = std::make_unique<store::TradingStore>(*db);
    config::RiskConfig limits;
    limits.max_order_count = Count::contracts(20);
    risk = std::make_unique<risk::RiskManager>(limits);
    updates_sub = bus.subscribe<strategy::StrategyOrderUpdate>(
        [this](const strategy::StrategyOrderUpdate& u) { updates.push_back(u); });
    fills_sub = bus.subscribe<strategy::StrategyFill>(
        [this](const strategy::StrategyFill& f) { fills.push_back(f); });
  }

  ~EngineAgainstSim() override {
    if (engine) engine->stop();
    duties.reset();
    monitor->stop();
    directory->stop();
    scanner->stop();
    stream->stop();
    server->stop();
    io.restart();
    io.run_for(100ms);
    engine.reset();
    db->close();
  }

  // Builds the engine over a live or paper venue and starts everything.
  void start(bool paper, bool user_channels = true) {
    EngineOptions options;
    options.paper = paper;
    options.feeds = feed_lookup;
    auto lookup = [this](const MarketTicker& t) -> const kalshi::Market* {
      const auto& all = scanner->markets();
      auto it = all.find(t);
      return it == all.end() ? nullptr : &it->second;
    };
    if (paper) {
      PaperExchange::Options po;
      po.session = "t";
      paper_venue = std::make_unique<PaperVenue>(io.get_executor(), clock, null_logger("paper"),
                                                 books, lookup, *directory, po);
      venue = paper_venue.get();
    } else {
      live_venue = std::make_unique<LiveVenue>(*rest);
      venue = live_venue.get();
    }
    engine = std::make_unique<Engine>(io.get_executor(), bus, clock, null_logger("exec"), *trading,
                                      *risk, *venue, books, lookup, *directory, *monitor, options);
    if (paper_venue) {
      paper_venue->set_sinks(PaperVenue::Sinks{
          [this](const ExchangeFill& f, Timestamp at) { engine->on_fill(f, at); },
          [this](const ExchangeUpdate& u, const std::optional<ClientOrderId>& id) {
            engine->on_order_update(u, id);
          }});
      book_state_sub = bus.subscribe<kalshi::BookStateChanged>(
          [this](const kalshi::BookStateChanged& e) { paper_venue->on_book_state(e); });
      market_sub = bus.subscribe<kalshi::MarketChanged>(
          [this](const kalshi::MarketChanged& e) { paper_venue->on_market_changed(e); });
      stream->subscribe(kalshi::SubscriptionSpec{kalshi::Channel::trade, {}, {}, true, false});
    } else if (user_channels) {
      stream->subscribe(kalshi::SubscriptionSpec{kalshi::Channel::fill, {}, {}, true, false});
      stream->subscribe(
          kalshi::SubscriptionSpec{kalshi::Channel::user_orders, {}, {}, true, false});
    }
    stream->set_message_tap([this](const kalshi::WsMessage& m, Timestamp at) {
      scanner->on_message(m, at);
      directory->on_message(m, at);
      if (paper_venue) {
        paper_venue->on_ws_message(m, at);
      } else {
        engine->on_ws_message(m, at);
      }
    });
    engine->start();
    stream->start();
    scanner->start();
    monitor->start();
    ASSERT_TRUE(drive([&] {
      const auto* m = window();
      return m != nullptr && books.find(m->ticker.str()) != nullptr &&
             !books.find(m->ticker.str())->stale() && directory->fees(m->event_ticker) &&
             monitor->last_success().has_value();
    }));
    if (!paper && user_channels) engine->set_positions_known(true);  // (see Reconcile* tests)
  }

  // The lifetime duties over this engine, wired as the daemon wires them.
  OrderLifetime& lifetime(config::ExecutionConfig config,
                          std::map<std::string, config::ExitConfig> exits = {}) {
    duties = std::make_unique<OrderLifetime>(
        *engine, null_logger("lifetime"),
        [this]() -> const std::map<MarketTicker, kalshi::Market>& { return scanner->markets(); },
        std::move(config), std::move(exits));
    engine->set_phase_lookup([this](const MarketTicker& t) { return duties->phase(t); });
    return *duties;
  }

  ReconcileReport reconcile() {
    std::optional<ReconcileReport> report;
    boost::asio::co_spawn(io, engine->reconcile(*rest),
                          [&](const std::exception_ptr& e, ReconcileReport r) {
                            EXPECT_FALSE(e);
                            report = std::move(r);
                          });
    EXPECT_TRUE(drive([&] { return report.has_value(); }));
    return report.value_or(ReconcileReport{});
  }

  // An order of the daemon's account placed at the exchange directly (another session, the
  // UI, or this daemon before a restart).
  void place_at_exchange(const MarketTicker& ticker, sim::BookSide side, Price price, Count count,
                         sim::TimeInForce tif, std::optional<ClientOrderId> id) {
    sim::OrderRequest r;
    r.client_order_id = std::move(id);
    r.side = side;
    r.price = price;
    r.count = count;
    r.time_in_force = tif;
    ASSERT_TRUE(server->exchange().submit(kDaemon, ticker, r));
  }

  // The open KXBTC15M window the daemon follows.
  const kalshi::Market* window() const {
    for (const auto& [t, m] : scanner->markets()) {
      if (m.status == kalshi::MarketStatus::active && m.close_time && *m.close_time > clock.now()) {
        return &m;
      }
    }
    return nullptr;
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

  // Like drive(), but virtual time also moves, in steps of at most `step` towards the next
  // timer (the client's retry backoff runs on the clock; a simulated hang must outlast the
  // real-time request deadline, so the steps stay small).
  bool drive_in_time(const std::function<bool()>& done, Duration step) {
    return drive([&] {
      if (done()) return true;
      if (const auto next = clock.next_deadline()) {
        clock.advance_to(std::min(*next, clock.now() + step));
      }
      return done();
    });
  }

  strategy::OrderIntent intent(const MarketTicker& ticker, Price price, Count count,
                               kalshi::TimeInForce tif, std::string id) {
    strategy::OrderIntent i;
    i.id = strategy::IntentId(std::move(id));
    i.strategy = strategy::StrategyId("test");
    i.ticker = ticker;
    i.side = kalshi::OutcomeSide::yes;
    i.action = strategy::Action::buy;
    i.count = count;
    i.limit_price = price;
    i.time_in_force = tif;
    i.created_at = clock.now();
    return i;
  }

  // Submits a good-till-cancelled buy of strategy "test" and drives until its order rests;
  // false when risk denies it or it does not rest in time.
  bool rest_order(const MarketTicker& ticker, Price price, Count count, std::string id) {
    const auto tif = kalshi::TimeInForce::good_till_canceled;
    if (!engine
             ->submit(intent(ticker, price, count, tif, std::move(id)), risk::IntentPurpose::entry)
             .approved) {
      return false;
    }
    return drive([&] {
      return last_update() != nullptr &&
             last_update()->order.state == strategy::OrderState::resting;
    });
  }

  // A fault on the next V2 create at the exchange.
  void fault_on_create(sim::RestFault::Action action, sim::RestFault::When when) {
    sim::RestFault fault;
    fault.method = "POST";
    fault.path_prefix = "/trade-api/v2/portfolio/events/orders";
    fault.action = action;
    fault.when = when;  // (a status fault answers 500)
    server->rest().add_fault(fault);
  }

  const strategy::StrategyOrderUpdate* last_update() const {
    return updates.empty() ? nullptr : &updates.back();
  }

  std::size_t exchange_orders() const { return server->exchange().orders(kDaemon).size(); }

  boost::asio::io_context io;
  ManualClock clock;
  EventBus bus;
  kalshi::BookStore books;
  kalshi::Signer signer =
      kalshi::Signer::from_pem(kalshi::generate_private_key_pem(kalshi::KeyType::ed25519),
                               Secret("daemon-key"), "daemon-key")
          .value();
  store::testing::TempDir dir;
  std::unique_ptr<sim::SimServer> server;
  std::unique_ptr<net::HttpClient> http;
  std::unique_ptr<kalshi::RestClient> rest;
  std::unique_ptr<kalshi::StreamClient> stream;
  std::unique_ptr<kalshi::MarketScanner> scanner;
  std::unique_ptr<kalshi::MarketDirectory> directory;
  std::unique_ptr<kalshi::ExchangeStatusMonitor> monitor;
  std::unique_ptr<store::Store> db;
  std::unique_ptr<store::TradingStore> trading;
  std::unique_ptr<risk::RiskManager> risk;
  std::unique_ptr<LiveVenue> live_venue;
  std::unique_ptr<PaperVenue> paper_venue;
  Venue* venue = nullptr;
  PortfolioView::FeedLookup feed_lookup;  // set before start()
  std::unique_ptr<Engine> engine;
  std::unique_ptr<OrderLifetime> duties;
  std::vector<strategy::StrategyOrderUpdate> updates;
  std::vector<strategy::StrategyFill> fills;
  Subscription updates_sub, fills_sub, book_state_sub, market_sub;
};

TEST_F(EngineAgainstSim, LiveTakerOrderFillsAndTheLedgerMatchesTheExchange) {
  start(false);
  const kalshi::Market& m = *window();
  const auto ask = books.find(m.ticker.str())->best_yes_ask();
  ASSERT_TRUE(ask);
  const auto decision = engine->submit(intent(m.ticker, ask->price, Count::contracts(2),
                                              kalshi::TimeInForce::immediate_or_cancel, "test-1"),
                                       risk::IntentPurpose::entry);
  ASSERT_TRUE(decision.approved) << decision.detail;
  ASSERT_TRUE(drive([&] {
    return engine->ledger().position(m.ticker).position == Count::contracts(2) &&
           engine->orders().open_count() == 0;
  }));
  EXPECT_EQ(exchange_orders(), 1u);
  // The exchange's books for the daemon's account and the daemon's ledger agree.
  const auto theirs = server->exchange().core().ledger().position(kDaemon, m.ticker);
  const auto ours = engine->ledger().position(m.ticker);
  EXPECT_EQ(ours.position, theirs.position);
  EXPECT_EQ(ours.cost_basis, theirs.cost);
  EXPECT_EQ(ours.fees_paid, theirs.fees_paid);
  ASSERT_FALSE(fills.empty());
  EXPECT_EQ(fills.back().strategy.str(), "test");
  EXPECT_EQ(last_update()->order.state, strategy::OrderState::filled);
  // And the database says the same.
  db->flush();
  const auto order_rows = trading->orders(store::OrderFilter{});
  ASSERT_EQ(order_rows.size(), 1u);
  EXPECT_EQ(order_rows[0].state, "filled");
  EXPECT_EQ(order_rows[0].filled, 200);
  std::int64_t filled = 0, fees = 0;
  for (const auto& f : trading->recent_fills(100)) {
    filled += f.count;
    fees += f.fee;
  }
  EXPECT_EQ(filled, 200);
  EXPECT_EQ(fees, theirs.fees_paid.centicents());
  const auto positions = trading->positions();
  ASSERT_EQ(positions.size(), 1u);
  EXPECT_EQ(positions[0].position, 200);
  EXPECT_EQ(positions[0].cost_basis, theirs.cost.centicents());
  EXPECT_EQ(positions[0].shard, 2);  // KXBTC15M trades on the crypto shard
  const auto decisions = trading->recent_decisions(10);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_TRUE(decisions[0].approved);
}

TEST_F(EngineAgainstSim, LiveCreateAnswered500AfterActingPlacesExactlyOneOrder) {
  start(false);
  const kalshi::Market& m = *window();
  const auto ask = books.find(m.ticker.str())->best_yes_ask();
  ASSERT_TRUE(ask);
  fault_on_create(sim::RestFault::Action::status, sim::RestFault::When::after);
  ASSERT_TRUE(engine
                  ->submit(intent(m.ticker, ask->price, Count::contracts(1),
                                  kalshi::TimeInForce::immediate_or_cancel, "test-500"),
                           risk::IntentPurpose::entry)
                  .approved);
  ASSERT_TRUE(drive([&] {
    return engine->ledger().position(m.ticker).position == Count::contracts(1) &&
           engine->orders().open_count() == 0;
  }));
  EXPECT_EQ(exchange_orders(), 1u);  // the retry met the exchange's duplicate check
  EXPECT_EQ(server->exchange().core().ledger().position(kDaemon, m.ticker).position,
            Count::contracts(1));
  EXPECT_EQ(engine->stats().creates_sent, 1u);  // one create, retried inside the client
}

TEST_F(EngineAgainstSim, LiveCreateThatHangsAfterActingPlacesExactlyOneOrder) {
  start(false);
  const kalshi::Market& m = *window();
  fault_on_create(sim::RestFault::Action::hang,
                  sim::RestFault::When::after);  // the order is placed, the answer never comes
  ASSERT_TRUE(rest_order(m.ticker, Price::of(1000), Count::contracts(1), "test-hang"));
  // (The WS user_orders update may confirm it before the REST answer.) The request timed out
  // and was sent again with the same id: the exchange answered 409, the client read it back.
  ASSERT_TRUE(drive_in_time(
      [&] {
        return server->rest().requests("POST", "/trade-api/v2/portfolio/events/orders") >= 2 &&
               server->rest().requests("GET", "/trade-api/v2/portfolio/orders") >= 1;
      },
      std::chrono::milliseconds(5)));
  drive([] { return false; }, 200ms);
  EXPECT_EQ(exchange_orders(), 1u);
  EXPECT_EQ(engine->stats().illegal_events, 0u);
  EXPECT_EQ(last_update()->order.state, strategy::OrderState::resting);
  const auto* order = engine->orders().find(last_update()->order.client_order_id);
  ASSERT_NE(order, nullptr);
  ASSERT_TRUE(order->order_id.has_value());
  EXPECT_EQ(*order->order_id, server->exchange().orders(kDaemon).front()->order.id);
}

TEST_F(EngineAgainstSim, LiveSoftRejectIsARejectionAndNothingRests) {
  start(false);
  const kalshi::Market& m = *window();
  fault_on_create(sim::RestFault::Action::soft_reject, sim::RestFault::When::before);
  ASSERT_TRUE(engine
                  ->submit(intent(m.ticker, Price::of(1000), Count::contracts(1),
                                  kalshi::TimeInForce::good_till_canceled, "test-soft"),
                           risk::IntentPurpose::entry)
                  .approved);
  ASSERT_TRUE(drive([&] {
    return last_update() != nullptr && last_update()->order.state == strategy::OrderState::rejected;
  }));
  EXPECT_EQ(exchange_orders(), 0u);
  EXPECT_EQ(engine->orders().open_count(), 0u);
  db->flush();
  const auto rows = trading->orders(store::OrderFilter{});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].state, "rejected");
  EXPECT_EQ(trading->transitions(rows[0].client_order_id).back().to_state, "rejected");
}

TEST_F(EngineAgainstSim, LiveRestingOrderIsCanceledAtTheExchange) {
  start(false);
  const kalshi::Market& m = *window();
  ASSERT_TRUE(rest_order(m.ticker, Price::of(1000), Count::contracts(3), "test-rest"));
  const ClientOrderId id = last_update()->order.client_order_id;
  ASSERT_EQ(engine->open_orders(strategy::StrategyId("test")).size(), 1u);
  EXPECT_FALSE(engine->cancel(strategy::StrategyId("other"), id));  // not its order
  ASSERT_TRUE(engine->cancel(strategy::StrategyId("test"), id));
  ASSERT_TRUE(drive([&] { return last_update()->order.state == strategy::OrderState::canceled; }));
  const auto* record = server->exchange().orders(kDaemon).front();
  EXPECT_EQ(record->order.status, sim::OrderStatus::canceled);
  EXPECT_TRUE(engine->open_orders(strategy::StrategyId("test")).empty());
}

TEST_F(EngineAgainstSim, LiveIntentsAreDeniedUntilPositionsAreKnown) {
  start(false);
  engine->set_positions_known(false);
  const kalshi::Market& m = *window();
  const auto decision =
      engine->submit(intent(m.ticker, Price::of(1000), Count::contracts(1),
                            kalshi::TimeInForce::good_till_canceled, "test-unknown"),
                     risk::IntentPurpose::entry);
  EXPECT_FALSE(decision.approved);
  EXPECT_EQ(decision.reason, risk::DenyReason::unknown_input);
  ASSERT_NE(last_update(), nullptr);
  EXPECT_EQ(last_update()->order.state, strategy::OrderState::denied);
  drive([] { return false; }, 100ms);
  EXPECT_EQ(exchange_orders(), 0u);
  db->flush();
  const auto decisions = trading->recent_decisions(10);
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(decisions[0].reason, "unknown_input");
  EXPECT_TRUE(trading->intent("test-unknown").has_value());
}

TEST_F(EngineAgainstSim, AnIntentWhoseIndexIsStaleIsDeniedBeforeAnythingIsSent) {
  config::RiskConfig limits;
  limits.max_feed_age_seconds = 5s;
  risk = std::make_unique<risk::RiskManager>(limits);
  std::optional<Timestamp> observed = clock.now() - 6s;
  std::vector<std::pair<std::string, MarketTicker>> asked;
  feed_lookup = [&](const strategy::StrategyId& s, const MarketTicker& t) {
    asked.emplace_back(s.str(), t);
    return std::optional(std::vector<risk::FeedState>{{"index BTC", observed}});
  };
  start(false);
  const kalshi::Market& m = *window();
  auto submit = [&](std::string id) {
    return engine->submit(intent(m.ticker, Price::of(1000), Count::contracts(1),
                                 kalshi::TimeInForce::good_till_canceled, std::move(id)),
                          risk::IntentPurpose::entry);
  };
  const auto denied = submit("test-stale");
  EXPECT_FALSE(denied.approved);
  EXPECT_EQ(denied.reason, risk::DenyReason::stale_feed);
  EXPECT_NE(denied.detail.find("index BTC"), std::string::npos) << denied.detail;
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0].first, "test");
  EXPECT_EQ(asked[0].second, m.ticker);
  // Exactly 5 s old is still fresh.
  observed = clock.now() - 5s;
  EXPECT_TRUE(submit("test-fresh").approved);
  drive([&] { return exchange_orders() >= 1; });
  EXPECT_EQ(exchange_orders(), 1u);  // only the fresh one reached the exchange
}

TEST_F(EngineAgainstSim, TheSameIntentTwiceIsOneOrder) {
  start(false);
  const kalshi::Market& m = *window();
  const auto i = intent(m.ticker, Price::of(1000), Count::contracts(1),
                        kalshi::TimeInForce::good_till_canceled, "test-twice");
  ASSERT_TRUE(engine->submit(i, risk::IntentPurpose::entry).approved);
  ASSERT_TRUE(engine->submit(i, risk::IntentPurpose::entry).approved);
  drive([&] {
    return exchange_orders() >= 1 && engine->orders().open_count() == 1 &&
           last_update()->order.state == strategy::OrderState::resting;
  });
  drive([] { return false; }, 100ms);
  EXPECT_EQ(exchange_orders(), 1u);
  EXPECT_EQ(engine->stats().resubmitted, 1u);
  db->flush();
  EXPECT_EQ(db->stats().rows_failed, 0u);  // the intent is recorded once
}

TEST_F(EngineAgainstSim, PaperOrderAtTheBidFillsOnlyWhenTheBookTradesThroughIt) {
  start(true);
  const kalshi::Market& m = *window();
  const auto bid = books.find(m.ticker.str())->best_yes_bid();
  ASSERT_TRUE(bid);
  ASSERT_TRUE(rest_order(m.ticker, bid->price, Count::contracts(2), "paper-bid"));
  drive([] { return false; }, 200ms);
  EXPECT_TRUE(fills.empty());        // resting behind the visible queue: no fill, never at the mid
  EXPECT_EQ(exchange_orders(), 0u);  // nothing left the process

  // Another trader sells through the whole bid level and one level below.
  const sim::AccountId seller("seller");
  server->exchange().fund(seller, 2, Money::from_centicents(100'000'000));
  sim::OrderRequest sweep;
  sweep.side = sim::BookSide::ask;
  sweep.price = Price::of(bid->price.centicents() - 200);
  sweep.count = bid->size + Count::contracts(60);
  sweep.time_in_force = sim::TimeInForce::immediate_or_cancel;
  ASSERT_TRUE(server->exchange().submit(seller, m.ticker, sweep));
  ASSERT_TRUE(
      drive([&] { return engine->ledger().position(m.ticker).position == Count::contracts(2); }));
  ASSERT_FALSE(fills.empty());
  EXPECT_EQ(fills.back().price, bid->price);  // a maker fill at its own price
  EXPECT_EQ(fills.back().liquidity, kalshi::Liquidity::maker);
  EXPECT_EQ(last_update()->order.state, strategy::OrderState::filled);
  db->flush();
  const auto positions = trading->positions();
  ASSERT_EQ(positions.size(), 1u);
  EXPECT_EQ(positions[0].position, 200);
}

TEST_F(EngineAgainstSim, ReconcileAdoptsOurOrderPlacedWhileDownAndLeavesForeignOnes) {
  start(false, false);
  const kalshi::Market& m = *window();
  // Ours by prefix (placed by this daemon before a restart lost its record), and a foreign one.
  const ClientOrderId ours =
      derive_client_order_id(intent(m.ticker, Price::of(1000), Count::contracts(3),
                                    kalshi::TimeInForce::good_till_canceled, "lost-1"),
                             *ClientIdPrefix::make("av1-"));
  place_at_exchange(m.ticker, sim::BookSide::bid, Price::of(1000), Count::contracts(3),
                    sim::TimeInForce::good_till_canceled, ours);
  place_at_exchange(m.ticker, sim::BookSide::bid, Price::of(900), Count::contracts(1),
                    sim::TimeInForce::good_till_canceled, ClientOrderId("someone-else"));
  EXPECT_FALSE(engine->positions_known());
  const auto report = reconcile();
  ASSERT_TRUE(report.ok) << report.error;
  EXPECT_EQ(report.adopted, 1u);
  EXPECT_EQ(report.foreign_orders, 1u);
  EXPECT_FALSE(report.drift);
  EXPECT_TRUE(engine->positions_known());
  const TrackedOrder* adopted = engine->orders().find(ours);
  ASSERT_NE(adopted, nullptr);
  EXPECT_EQ(adopted->state, OrderState::resting);
  EXPECT_EQ(adopted->strategy, kAdoptedStrategy);
  EXPECT_EQ(adopted->remaining, Count::contracts(3));
  EXPECT_EQ(engine->orders().size(), 1u);  // the foreign order is not ours to track
  // The opening cash is the exchange's: available plus what the resting orders hold.
  const auto& sim_ledger = server->exchange().core().ledger();
  EXPECT_EQ(engine->ledger().cash(2), sim_ledger.cash(kDaemon, 2));
  // A second round finds nothing to correct.
  const auto again = reconcile();
  ASSERT_TRUE(again.ok);
  EXPECT_EQ(again.corrections(), 0u);
  EXPECT_EQ(exchange_orders(), 2u);  // nothing was placed or duplicated
  db->flush();
  ASSERT_TRUE(trading->order(ours.str()).has_value());
  EXPECT_EQ(trading->order(ours.str())->state, "resting");
}

TEST_F(EngineAgainstSim, ReconcileCorrectsAPositionChangedBehindTheDaemonsBack) {
  start(false, false);
  const kalshi::Market& m = *window();
  const auto ask = books.find(m.ticker.str())->best_yes_ask();
  ASSERT_TRUE(ask);
  place_at_exchange(m.ticker, sim::BookSide::bid, ask->price, Count::contracts(4),
                    sim::TimeInForce::immediate_or_cancel, std::nullopt);
  const auto theirs = server->exchange().core().ledger().position(kDaemon, m.ticker);
  ASSERT_EQ(theirs.position, Count::contracts(4));
  EXPECT_TRUE(engine->ledger().position(m.ticker).position.is_zero());
  const auto report = reconcile();
  ASSERT_TRUE(report.ok) << report.error;
  EXPECT_EQ(report.position_fixes, 1u);
  EXPECT_FALSE(report.drift);  // the first round after a start: a correction, not drift
  EXPECT_EQ(engine->ledger().position(m.ticker).position, Count::contracts(4));
  EXPECT_EQ(engine->ledger().position(m.ticker).cost_basis, theirs.cost);
  db->flush();
  const auto adjustments = trading->recent_adjustments(10);
  const bool stored = std::any_of(adjustments.begin(), adjustments.end(), [&](const auto& a) {
    return a.kind == "position" && a.ticker == m.ticker.str() && a.position_delta == 400;
  });
  EXPECT_TRUE(stored);
  EXPECT_FALSE(risk->state().kill_switch.engaged);
}

TEST_F(EngineAgainstSim, AFillMissedDuringADisconnectIsRecoveredFromRest) {
  start(false, false);  // no WS fill channel: every fill is "missed"
  const kalshi::Market& m = *window();
  ASSERT_TRUE(reconcile().ok);  // opening round: positions known
  const auto ask = books.find(m.ticker.str())->best_yes_ask();
  ASSERT_TRUE(ask);
  ASSERT_TRUE(engine
                  ->submit(intent(m.ticker, ask->price, Count::contracts(2),
                                  kalshi::TimeInForce::immediate_or_cancel, "missed-1"),
                           risk::IntentPurpose::entry)
                  .approved);
  ASSERT_TRUE(drive([&] { return engine->orders().open_count() == 0; }));
  EXPECT_TRUE(engine->ledger().position(m.ticker).position.is_zero());  // the fill never came
  clock.advance(std::chrono::seconds(10));
  const auto report = reconcile();
  ASSERT_TRUE(report.ok) << report.error;
  EXPECT_GE(report.fills_recovered, 1u);
  EXPECT_EQ(report.position_fixes, 0u);  // recovered as fills, not papered over
  EXPECT_FALSE(report.drift);
  const auto theirs = server->exchange().core().ledger().position(kDaemon, m.ticker);
  EXPECT_EQ(engine->ledger().position(m.ticker).position, Count::contracts(2));
  EXPECT_EQ(engine->ledger().position(m.ticker).fees_paid, theirs.fees_paid);
  EXPECT_EQ(engine->stats().external_fills, 0u);  // matched to our order by its order id
  EXPECT_FALSE(risk->state().kill_switch.engaged);
}

TEST_F(EngineAgainstSim, SettlementRealizesThePositionAsTheExchangeDoes) {
  start(false);
  const kalshi::Market& m = *window();
  const MarketTicker ticker = m.ticker;
  const auto ask = books.find(ticker.str())->best_yes_ask();
  ASSERT_TRUE(ask);
  ASSERT_TRUE(engine
                  ->submit(intent(ticker, ask->price, Count::contracts(2),
                                  kalshi::TimeInForce::immediate_or_cancel, "settle-1"),
                           risk::IntentPurpose::entry)
                  .approved);
  ASSERT_TRUE(
      drive([&] { return engine->ledger().position(ticker).position == Count::contracts(2); }));
  const Money cash_before = engine->ledger().cash(2);
  const Money sim_cash_before = server->exchange().core().ledger().cash(kDaemon, 2);

  // Close, determination (the exchange's second tick), then settlement after its timer.
  const auto* sim_market = server->exchange().catalog().market(ticker);
  clock.advance_to(sim_market->close_time);
  scanner->check_closes();
  server->exchange().tick();
  server->exchange().tick();
  ASSERT_EQ(sim_market->status, kalshi::MarketStatus::determined);
  clock.advance(std::chrono::seconds(sim_market->settlement_timer_seconds));
  server->exchange().tick();
  ASSERT_TRUE(drive([&] { return engine->stats().settlements == 1; }));

  const auto theirs = server->exchange().core().ledger().position(kDaemon, ticker);
  const auto ours = engine->ledger().position(ticker);
  EXPECT_TRUE(ours.position.is_zero());
  EXPECT_EQ(ours.position, theirs.position);
  EXPECT_EQ(ours.realized_before_fees, theirs.realized_pnl);
  EXPECT_EQ(ours.fees_paid, theirs.fees_paid);
  // Both credited the same payout to the crypto shard's cash.
  const Money payout = engine->ledger().cash(2) - cash_before;
  EXPECT_EQ(payout, server->exchange().core().ledger().cash(kDaemon, 2) - sim_cash_before);
  const Money expected = sim_market->result == kalshi::MarketResult::yes
                             ? Money::from_centicents(2 * Money::kDollar)
                             : Money::zero();
  EXPECT_EQ(payout, expected);
  db->flush();
  const auto row = trading->settlement(ticker.str());
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->position, 200);
  EXPECT_EQ(row->payout, expected.centicents());
  EXPECT_EQ(trading->positions().front().position, 0);
}

TEST_F(EngineAgainstSim, ExpirySequenceStopsEntriesThenCancelsRestingOrders) {
  start(false);
  config::ExecutionConfig cfg;  // reduce_only 60 s and cancel_all 10 s before close
  auto& duties_ref = lifetime(cfg);
  const kalshi::Market& m = *window();
  const MarketTicker ticker = m.ticker;
  const Timestamp close = *m.close_time;
  duties_ref.run(clock.now());
  EXPECT_EQ(duties_ref.phase(ticker), MarketPhase::normal);
  ASSERT_TRUE(engine
                  ->submit(intent(ticker, Price::of(1000), Count::contracts(2),
                                  kalshi::TimeInForce::good_till_canceled, "expiry-rest"),
                           risk::IntentPurpose::entry)
                  .approved);
  ASSERT_TRUE(drive([&] {
    return engine->orders().open_count() == 1 && exchange_orders() == 1 &&
           last_update()->order.state == strategy::OrderState::resting;
  }));

  // 30 s before close: reduce-only. A new entry is denied before it reaches the exchange.
  clock.advance_to(close - std::chrono::seconds(30));
  duties_ref.run(clock.now());
  EXPECT_EQ(duties_ref.phase(ticker), MarketPhase::reduce_only);
  const auto late = engine->submit(intent(ticker, Price::of(1100), Count::contracts(1),
                                          kalshi::TimeInForce::good_till_canceled, "expiry-late"),
                                   risk::IntentPurpose::entry);
  EXPECT_FALSE(late.approved);
  EXPECT_EQ(late.reason, risk::DenyReason::close_window);
  EXPECT_EQ(exchange_orders(), 1u);
  EXPECT_EQ(engine->orders().open_count(), 1u);  // the resting order is left alone

  // 10 s before close (the boundary): cancel all. The resting order is cancelled.
  clock.advance_to(close - std::chrono::seconds(10));
  duties_ref.run(clock.now());
  EXPECT_EQ(duties_ref.phase(ticker), MarketPhase::cancel_all);
  ASSERT_TRUE(drive([&] { return engine->orders().open_count() == 0; }));
  EXPECT_EQ(server->exchange().orders(kDaemon).front()->order.status, sim::OrderStatus::canceled);
}

TEST_F(EngineAgainstSim, RestingOrdersOlderThanTheTimeoutAreCancelled) {
  start(false);
  config::ExecutionConfig cfg;
  cfg.order_timeout = std::chrono::seconds(30);
  auto& duties_ref = lifetime(cfg);
  const kalshi::Market& m = *window();
  ASSERT_TRUE(rest_order(m.ticker, Price::of(1000), Count::contracts(1), "timeout-1"));
  clock.advance(std::chrono::seconds(29));
  duties_ref.run(clock.now());
  drive([] { return false; }, 100ms);
  EXPECT_EQ(engine->orders().open_count(), 1u);  // 29 s old: not yet
  clock.advance(std::chrono::seconds(1));
  duties_ref.run(clock.now());  // exactly 30 s: cancelled
  ASSERT_TRUE(drive([&] { return engine->orders().open_count() == 0; }));
  EXPECT_EQ(last_update()->order.state, strategy::OrderState::canceled);
  EXPECT_EQ(server->exchange().orders(kDaemon).front()->order.status, sim::OrderStatus::canceled);
}

TEST_F(EngineAgainstSim, AStopLossExitSellsTheHoldingIntoTheBid) {
  start(false);
  config::ExitConfig exits;
  exits.stop_loss = Price::of(100);  // exit when the bid is 0.01 or more below the cost
  auto& duties_ref = lifetime(config::ExecutionConfig{}, {{"test", exits}});
  const kalshi::Market& m = *window();
  const auto* book = books.find(m.ticker.str());
  const auto ask = book->best_yes_ask();
  const auto bid = book->best_yes_bid();
  ASSERT_TRUE(ask && bid);
  ASSERT_LE(bid->price.centicents(), ask->price.centicents() - 100);  // the spread is the loss
  ASSERT_TRUE(engine
                  ->submit(intent(m.ticker, ask->price, Count::contracts(2),
                                  kalshi::TimeInForce::immediate_or_cancel, "exit-entry"),
                           risk::IntentPurpose::entry)
                  .approved);
  ASSERT_TRUE(
      drive([&] { return engine->ledger().position(m.ticker).position == Count::contracts(2); }));
  duties_ref.run(clock.now());
  ASSERT_TRUE(drive([&] { return engine->ledger().position(m.ticker).position.is_zero(); }));
  const auto& f = fills.back();
  EXPECT_EQ(f.action, strategy::Action::sell);
  EXPECT_EQ(f.side, kalshi::OutcomeSide::yes);
  EXPECT_EQ(f.price, bid->price);
  // Realized before fees: (bid − ask) × 2 contracts.
  EXPECT_EQ(engine->ledger().position(m.ticker).realized_before_fees,
            Money::from_centicents((bid->price.centicents() - ask->price.centicents()) * 2));
  EXPECT_EQ(server->exchange().core().ledger().position(kDaemon, m.ticker).position, Count{});
}

TEST_F(EngineAgainstSim, AnEdgeEvaporatedExitUsesTheStrategysLatestProbability) {
  start(false);
  config::ExitConfig exits;
  exits.edge_evaporated = Price::of(1000);  // exit when fair value − bid < 0.10
  auto& duties_ref = lifetime(config::ExecutionConfig{}, {{"test", exits}});
  const kalshi::Market& m = *window();
  const auto* book = books.find(m.ticker.str());
  const auto ask = book->best_yes_ask();
  const auto bid = book->best_yes_bid();
  ASSERT_TRUE(ask && bid);
  auto entry = intent(m.ticker, ask->price, Count::contracts(1),
                      kalshi::TimeInForce::immediate_or_cancel, "edge-entry");
  // The model thought YES was worth bid + 0.20: a comfortable edge, no exit.
  entry.evidence.probability = static_cast<double>(bid->price.centicents() + 2000) / 10000.0;
  ASSERT_TRUE(engine->submit(entry, risk::IntentPurpose::entry).approved);
  ASSERT_TRUE(
      drive([&] { return engine->ledger().position(m.ticker).position == Count::contracts(1); }));
  duties_ref.run(clock.now());
  drive([] { return false; }, 100ms);
  EXPECT_EQ(engine->ledger().position(m.ticker).position, Count::contracts(1));
  // Its next intent (denied or not) says YES is worth only bid + 0.05: the edge is gone.
  auto update = intent(m.ticker, Price::of(100), Count::contracts(1),
                       kalshi::TimeInForce::good_till_canceled, "edge-update");
  update.evidence.probability = static_cast<double>(bid->price.centicents() + 500) / 10000.0;
  engine->submit(update, risk::IntentPurpose::entry);
  ASSERT_TRUE(engine->fair_value(strategy::StrategyId("test"), m.ticker).has_value());
  clock.advance(std::chrono::seconds(11));  // past the exit retry window
  duties_ref.run(clock.now());
  ASSERT_TRUE(drive([&] { return engine->ledger().position(m.ticker).position.is_zero(); }));
  EXPECT_EQ(fills.back().action, strategy::Action::sell);
}

TEST_F(EngineAgainstSim, RepriceDecreasesInPlaceOrCancelsAndReplaces) {
  start(false);
  const kalshi::Market& m = *window();
  const strategy::StrategyId test("test");
  ASSERT_TRUE(rest_order(m.ticker, Price::of(1000), Count::contracts(5), "reprice-1"));
  const ClientOrderId id = last_update()->order.client_order_id;
  const OrderId exchange_id = *engine->orders().find(id)->order_id;
  // Someone joins the level behind us.
  const sim::AccountId other("other");
  server->exchange().fund(other, 2, Money::from_centicents(100'000'000));
  sim::OrderRequest behind;
  behind.side = sim::BookSide::bid;
  behind.price = Price::of(1000);
  behind.count = Count::contracts(3);
  ASSERT_TRUE(server->exchange().submit(other, m.ticker, behind));
  ASSERT_EQ(server->exchange().core().queue_position(exchange_id), std::optional<Count>(Count{}));

  // Same price, fewer contracts: a decrease; still first in the queue.
  EXPECT_EQ(
      engine->reprice(test, id, Price::of(1000), Count::contracts(2), strategy::IntentId("r1")),
      strategy::RepriceOutcome::decrease);
  ASSERT_TRUE(drive([&] { return engine->orders().find(id)->remaining == Count::contracts(2); }));
  EXPECT_EQ(server->exchange().core().find_order(exchange_id)->remaining_count,
            Count::contracts(2));
  EXPECT_EQ(server->exchange().core().queue_position(exchange_id), std::optional<Count>(Count{}));
  EXPECT_EQ(
      engine->reprice(test, id, Price::of(1000), Count::contracts(2), strategy::IntentId("r2")),
      strategy::RepriceOutcome::unchanged);
  EXPECT_EQ(engine->reprice(strategy::StrategyId("other"), id, Price::of(1100), Count::contracts(2),
                            strategy::IntentId("r3")),
            strategy::RepriceOutcome::not_open);  // not its order

  // A new price: cancel and replace with a new order through risk.
  EXPECT_EQ(engine->reprice(test, id, Price::of(1100), Count::contracts(2),
                            strategy::IntentId("test-replacement-1")),
            strategy::RepriceOutcome::cancel_replace);
  ASSERT_TRUE(drive([&] {
    return engine->orders().find(id)->state == OrderState::canceled &&
           engine->orders().open_count() == 1 && exchange_orders() == 2 &&
           last_update()->order.state == strategy::OrderState::resting;
  }));
  const auto& replacement = last_update()->order;
  EXPECT_EQ(replacement.intent, strategy::IntentId("test-replacement-1"));
  EXPECT_EQ(replacement.limit_price, Price::of(1100));
  EXPECT_EQ(replacement.count, Count::contracts(2));
}

TEST_F(EngineAgainstSim, AnOrderPendingAtACrashIsResolvedWithItsFillsNotSentAgain) {
  // Before the "crash": the order was persisted as pending, reached the exchange and filled
  // there; neither the answer nor the fill reached the database.
  server->exchange().tick();  // the liquidity providers quote
  std::optional<MarketTicker> ticker;
  const auto& catalog = server->exchange().catalog();
  for (const auto& t : catalog.market_order()) {
    const auto* m = catalog.market(t);
    if (m->series.str() == "KXBTC15M" && m->status == kalshi::MarketStatus::active) ticker = t;
  }
  ASSERT_TRUE(ticker);
  const auto lost = intent(*ticker, Price::of(9900), Count::contracts(1),
                           kalshi::TimeInForce::immediate_or_cancel, "crash-1");
  OrderTracker scratch(*ClientIdPrefix::make("av1-"));
  const TrackedOrder pending = *scratch.create(lost, clock.now()).order;
  ASSERT_TRUE(trading->save_order(order_row(pending), std::nullopt));
  db->flush();
  place_at_exchange(*ticker, sim::BookSide::bid, Price::of(9900), Count::contracts(1),
                    sim::TimeInForce::immediate_or_cancel, pending.client_order_id);
  const auto theirs = server->exchange().core().ledger().position(kDaemon, *ticker);
  ASSERT_EQ(theirs.position, Count::contracts(1));

  // With loss latches set: a wrong equity in the restart's first rounds would trip them.
  config::RiskConfig limits;
  limits.daily_loss_limit = Money::from_centicents(10 * Money::kDollar);
  limits.max_drawdown = Money::from_centicents(10 * Money::kDollar);
  risk = std::make_unique<risk::RiskManager>(limits);
  start(false, false);  // the restart; the order comes back as `unknown`
  ASSERT_NE(engine->orders().find(pending.client_order_id), nullptr);
  EXPECT_EQ(engine->orders().find(pending.client_order_id)->state, OrderState::unknown);
  const auto report = reconcile();
  ASSERT_TRUE(report.ok) << report.error;
  EXPECT_EQ(report.fills_recovered, 1u);
  EXPECT_EQ(report.position_fixes, 0u);  // the fill, not a correction, explains the position
  EXPECT_EQ(engine->stats().external_fills, 0u);  // matched to the order once its id was known
  EXPECT_EQ(engine->orders().find(pending.client_order_id)->state, OrderState::filled);
  EXPECT_EQ(engine->ledger().position(*ticker).position, theirs.position);
  EXPECT_EQ(engine->ledger().position(*ticker).fees_paid, theirs.fees_paid);
  EXPECT_EQ(exchange_orders(), 1u);  // never sent again
  // The fill had just been applied: the crypto shard's cash waits for REST to catch up, and
  // until it is compared the positions (and equity) stay unknown.
  EXPECT_FALSE(report.complete);
  EXPECT_FALSE(engine->positions_known());
  clock.advance(std::chrono::seconds(10));
  const auto again = reconcile();
  ASSERT_TRUE(again.ok);
  // The crypto shard's cash was deferred in the first round (a fill had just been applied):
  // its first comparison is an opening balance, not drift.
  EXPECT_FALSE(again.drift);
  EXPECT_TRUE(again.complete);
  EXPECT_TRUE(engine->positions_known());
  clock.advance(std::chrono::seconds(10));
  const auto third = reconcile();
  ASSERT_TRUE(third.ok);
  EXPECT_EQ(third.corrections(), 0u);
  EXPECT_FALSE(risk->state().kill_switch.engaged);
  EXPECT_FALSE(risk->state().circuit_breaker.engaged);
}

TEST_F(EngineAgainstSim, CashDriftBeyondTheToleranceEngagesTheKillSwitch) {
  start(false, false);
  ASSERT_TRUE(reconcile().ok);  // opening balances: compared from now on
  // $0.05 is the default tolerance: a 5-cent difference is corrected, not drift.
  server->exchange().fund(kDaemon, 0, Money::from_centicents(500));
  clock.advance(std::chrono::seconds(10));
  auto report = reconcile();
  ASSERT_TRUE(report.ok);
  EXPECT_EQ(report.cash_fixes, 1u);
  EXPECT_FALSE(report.drift);
  EXPECT_FALSE(risk->state().kill_switch.engaged);
  // One centi-cent beyond it is drift.
  server->exchange().fund(kDaemon, 0, Money::from_centicents(501));
  clock.advance(std::chrono::seconds(10));
  report = reconcile();
  ASSERT_TRUE(report.ok);
  EXPECT_TRUE(report.drift);
  EXPECT_TRUE(risk->state().kill_switch.engaged);
  EXPECT_EQ(risk->state().kill_switch.reason, risk::LatchReason::ledger_drift);
  EXPECT_EQ(engine->ledger().cash(0), server->exchange().core().ledger().cash(kDaemon, 0));
}

}  // namespace
}  // namespace antevorta::execution
