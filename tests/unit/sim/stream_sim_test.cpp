// The daemon's WebSocket client against the simulator on loopback: live books that equal the
// exchange's, a sequence gap resynchronised, a dropped socket reconnected and resubscribed,
// and a wrong key ending in the auth-failure state with bounded retries.
#include <chrono>
#include <functional>
#include <sstream>

#include <boost/asio/io_context.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/kalshi/stream_client.hpp"
#include "antevorta/kalshi/verifier.hpp"
#include "antevorta/sim/sim_server.hpp"

namespace antevorta {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

kalshi::Signer make_signer(const std::string& key_id) {
  return kalshi::Signer::from_pem(kalshi::generate_private_key_pem(kalshi::KeyType::ed25519),
                                  Secret(key_id), key_id)
      .value();
}

class StreamAgainstSim : public ::testing::Test {
 protected:
  StreamAgainstSim() : clock(io.get_executor()) {
    sim::SimServerOptions options;
    options.tick_interval = std::chrono::hours(1);  // one tick at start: quotes, then still
    server =
        std::make_unique<sim::SimServer>(io.get_executor(), clock, null_logger("sim"), options);
    server->start();
    EXPECT_FALSE(server->add_api_key("daemon-key", signer.public_key_pem(), sim::AccountId("d")));
    EXPECT_FALSE(server->add_api_key("trader-key", trader.public_key_pem(), sim::AccountId("t")));
  }

  ~StreamAgainstSim() override {
    stream.reset();
    server->stop();
    io.restart();
    io.run_for(200ms);
  }

  void start_stream(const kalshi::Signer* key, kalshi::StreamOptions options = {}) {
    options.backoff.initial = 20ms;
    options.backoff.max = 100ms;
    stream = std::make_unique<kalshi::StreamClient>(io.get_executor(), bus, clock, ws_logger,
                                                    net::parse_endpoint(server->ws_url()).value(),
                                                    key, books, options);
    std::vector<std::pair<MarketTicker, kalshi::PriceGrid>> markets;
    for (const auto& t : server->exchange().catalog().market_order()) {
      const auto* m = server->exchange().catalog().market(t);
      if (m->status == kalshi::MarketStatus::active) markets.emplace_back(t, m->grid);
    }
    stream->watch_books(markets);
    stream->start();
  }

  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit = 5s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      io.run_for(10ms);
      if (done()) return true;
    }
    return done();
  }

  bool all_fresh() const { return books.size() > 0 && books.fresh_count() == books.size(); }

  // Every book equals the simulator's levels.
  void expect_books_match() {
    for (const auto* book : books.all()) {
      const auto view = server->exchange().core().market(book->ticker());
      ASSERT_TRUE(view.has_value());
      const auto yes = view->engine->yes_bids();
      const auto no = view->engine->no_bids();
      auto mine_yes = book->bid_depth(kalshi::OutcomeSide::yes, 1000);
      auto mine_no = book->bid_depth(kalshi::OutcomeSide::no, 1000);
      std::reverse(mine_yes.begin(), mine_yes.end());  // depth is best first; REST ascending
      std::reverse(mine_no.begin(), mine_no.end());
      EXPECT_EQ(mine_yes, yes) << book->ticker().str();
      EXPECT_EQ(mine_no, no) << book->ticker().str();
    }
  }

  // An order by the other account that rests in the first book (a delta on the stream).
  void place_resting_order() {
    const auto* book = books.all().front();
    sim::OrderRequest req;
    req.side = sim::BookSide::bid;
    req.price = book->grid().min_tradable();
    req.count = Count::contracts(3);
    ASSERT_TRUE(server->exchange().submit(sim::AccountId("t"), book->ticker(), req).has_value());
  }

  boost::asio::io_context io;
  LiveClock clock;
  EventBus bus;
  kalshi::BookStore books;
  kalshi::Signer signer = make_signer("daemon-key");
  kalshi::Signer trader = make_signer("trader-key");
  std::unique_ptr<sim::SimServer> server;
  std::unique_ptr<kalshi::StreamClient> stream;
  std::ostringstream log_text;  // the stream client's log at the default level (info)
  Logging logging{{LogLevel::info, LogFormat::text},
                  std::make_shared<spdlog::sinks::ostream_sink_st>(log_text)};
  Logger ws_logger = logging.make_logger("ws");
};

TEST_F(StreamAgainstSim, BooksGoLiveAndFollowTheExchange) {
  server->exchange().fund(sim::AccountId("t"), 0, Money::from_centicents(100'000'000));
  server->exchange().fund(sim::AccountId("t"), 2, Money::from_centicents(100'000'000));
  start_stream(&signer);
  ASSERT_TRUE(run_until([&] { return all_fresh(); }));
  EXPECT_GE(books.size(), 6u);
  EXPECT_EQ(stream->state(), kalshi::ConnectionState::connected);
  expect_books_match();

  const auto deltas = stream->stats().deltas;
  place_resting_order();
  ASSERT_TRUE(run_until([&] { return stream->stats().deltas > deltas; }));
  expect_books_match();
}

TEST_F(StreamAgainstSim, SequenceGapMakesTheBookStaleUntilResynchronised) {
  server->exchange().fund(sim::AccountId("t"), 0, Money::from_centicents(100'000'000));
  server->exchange().fund(sim::AccountId("t"), 2, Money::from_centicents(100'000'000));
  start_stream(&signer);
  ASSERT_TRUE(run_until([&] { return all_fresh(); }));
  int went_stale = 0;
  auto sub = bus.subscribe<kalshi::BookStateChanged>([&](const kalshi::BookStateChanged& e) {
    if (e.stale && e.reason == kalshi::StaleReason::sequence_gap) ++went_stale;
  });

  server->exchange().hub().skip_seq();
  place_resting_order();
  ASSERT_TRUE(run_until([&] { return stream->stats().gaps == 1 && all_fresh(); }));
  EXPECT_GE(went_stale, 1);
  EXPECT_EQ(stream->stats().connects, 1u);  // resubscribed, not reconnected
  expect_books_match();
  // The operator reads it at the default level: stale by the gap, then resynced.
  const std::string log = log_text.str();
  EXPECT_THAT(log, HasSubstr("book_stale ticker="));
  EXPECT_THAT(log, HasSubstr("reason=sequence_gap"));
  EXPECT_THAT(log, HasSubstr("book_resynced ticker="));
  EXPECT_THAT(log, HasSubstr("was=sequence_gap"));
  // The first snapshots are not resyncs worth an info line.
  EXPECT_THAT(log, Not(HasSubstr("was=no_snapshot")));
}

TEST_F(StreamAgainstSim, DroppedSocketReconnectsAndResubscribes) {
  start_stream(&signer);
  ASSERT_TRUE(run_until([&] { return all_fresh(); }));
  const auto snapshots = stream->stats().snapshots;

  server->drop_websockets();
  ASSERT_TRUE(run_until([&] { return stream->stats().connects == 2 && all_fresh(); }));
  EXPECT_EQ(stream->stats().snapshots, snapshots * 2);
  expect_books_match();
}

TEST_F(StreamAgainstSim, WrongKeyEndsInAuthFailureWithBoundedRetries) {
  const kalshi::Signer stranger = make_signer("unknown-key");
  kalshi::StreamOptions options;
  options.max_auth_failures = 3;
  start_stream(&stranger, options);
  ASSERT_TRUE(run_until([&] { return stream->state() == kalshi::ConnectionState::auth_failed; }));
  // Parked after three refusals: no further attempts.
  run_until([] { return false; }, 500ms);
  EXPECT_EQ(server->access().rejected_401(), 3u);
  EXPECT_EQ(stream->state(), kalshi::ConnectionState::auth_failed);
  EXPECT_NE(stream->last_error().find("401"), std::string::npos);
  EXPECT_EQ(stream->stats().connects, 0u);
}

}  // namespace
}  // namespace antevorta
