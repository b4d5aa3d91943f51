// The daemon's own kalshi::RestClient against the simulator's REST API over loopback HTTP
// (net::HttpServer on 127.0.0.1): the strongest check that the two speak the same API.
#include <exception>
#include <functional>
#include <set>

#include <boost/asio/detached.hpp>

#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/net/http_client.hpp"
#include "antevorta/net/http_server.hpp"

#include "unit/sim/rest_api_fixture.hpp"

namespace antevorta::sim::test {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

class RestApiClientTest : public RestApiFixture {
 protected:
  void SetUp() override {
    server_ = std::make_unique<net::HttpServer>(
        io_.get_executor(), null_logger("srv"), net::HttpServerOptions{},
        [this](const net::ServerRequest& r) { return api_.handle(r); });
    server_->start();
    net::Endpoint e{"http", "127.0.0.1", server_->port(), "/trade-api/v2"};
    net::HttpClientOptions http_options;
    http_options.request_timeout = 500ms;  // real time: the hang tests wait for it
    http_ = std::make_unique<net::HttpClient>(io_.get_executor(), clock_, null_logger(), e,
                                              http_options);
    kalshi::RestOptions o;
    o.backoff.initial = 100ms;
    o.backoff.max = 1s;
    client_ = std::make_unique<kalshi::RestClient>(io_.get_executor(), clock_, null_logger(),
                                                   *http_, &alice_, o);
  }

  void TearDown() override {
    client_.reset();
    http_.reset();
    server_->stop();
    server_.reset();
    io_.restart();
    io_.run_for(50ms);  // let the server's connection coroutines finish
  }

  // Runs a coroutine to completion; virtual time moves only while the io_context is idle
  // and something waits on the clock.
  template <class T>
  T run(asio::awaitable<T> aw) {
    std::optional<T> out;
    std::exception_ptr error;
    bool done = false;
    asio::co_spawn(
        io_, [&]() -> asio::awaitable<void> { out.emplace(co_await std::move(aw)); },
        [&](std::exception_ptr e) {
          error = e;
          done = true;
        });
    drive([&] { return done; });
    if (error) std::rethrow_exception(error);
    return std::move(*out);
  }

  // Runs the loop until `finished`; when nothing has happened for a few milliseconds of real
  // time (loopback I/O takes microseconds), virtual time jumps to the next timer.
  void drive(const std::function<bool()>& finished) {
    io_.restart();
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    int idle = 0;
    while (!finished()) {
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("test timed out");
      if (io_.run_one_for(1ms) > 0) {
        idle = 0;
      } else if (++idle >= 3) {
        if (const auto next = clock_.next_deadline()) {
          clock_.advance_to(max_jump_ ? std::min(*next, clock_.now() + *max_jump_) : *next);
        }
        idle = 0;
      }
    }
  }

  kalshi::CreateOrderRequest create(const std::string& ticker, kalshi::BookSide side,
                                    const char* price, const char* count,
                                    const std::string& client_id) {
    kalshi::CreateOrderRequest r;
    r.ticker = MarketTicker(ticker);
    r.client_order_id = ClientOrderId(client_id);
    r.side = side;
    r.price = P(price);
    r.count = C(count);
    return r;
  }

  // Caps the virtual-time jumps: a simulated hang (a sleep on the exchange's clock) must
  // outlast the client's real-time request deadline.
  std::optional<Duration> max_jump_;
  std::unique_ptr<net::HttpServer> server_;
  std::unique_ptr<net::HttpClient> http_;
  std::unique_ptr<kalshi::RestClient> client_;
};

TEST_F(RestApiClientTest, ClientReadsTheWholeListing) {
  const auto costs = run(client_->load_endpoint_costs());
  ASSERT_TRUE(costs) << costs.error().describe();
  const auto limits = run(client_->load_account_limits());
  ASSERT_TRUE(limits) << limits.error().describe();
  EXPECT_EQ(limits->write.bucket_capacity, 100);

  kalshi::MarketQuery q;
  q.limit = 3;
  const auto all = run(client_->all_markets(q));
  ASSERT_TRUE(all) << all.error().describe();
  ASSERT_EQ(all->size(), exchange_.catalog().market_order().size());
  std::set<std::string> tickers;
  for (const auto& m : *all) tickers.insert(m.ticker.str());
  EXPECT_EQ(tickers.size(), all->size());

  const auto status = run(client_->exchange_status());
  ASSERT_TRUE(status);
  const auto series = run(client_->series(SeriesTicker("KXBTC15M")));
  ASSERT_TRUE(series);
  EXPECT_EQ(series->exchange_index, 2);
  const auto balance = run(client_->balance(2));
  ASSERT_TRUE(balance) << balance.error().describe();
  EXPECT_EQ(balance->balance, M("500"));
}

TEST_F(RestApiClientTest, ClientOrderLifecycleOnShardTwo) {
  const std::string t = btc_ticker();
  auto placed = run(client_->create_order(create(t, kalshi::BookSide::bid, "0.045", "3", "c-1")));
  ASSERT_TRUE(placed.accepted()) << (placed.error ? placed.error->describe() : "");
  EXPECT_EQ(placed.ack->remaining_count, C("3"));

  const auto book = run(client_->orderbook(MarketTicker(t)));
  ASSERT_TRUE(book);
  EXPECT_EQ(book->yes_bids, (std::vector{L("0.045", "3")}));

  kalshi::DecreaseOrderRequest d;
  d.order_id = placed.ack->order_id;
  d.market_ticker = MarketTicker(t);
  d.reduce_to = C("1");
  const auto decreased = run(client_->decrease_order(d));
  ASSERT_TRUE(decreased.accepted()) << (decreased.error ? decreased.error->describe() : "");
  EXPECT_EQ(decreased.ack->remaining_count, C("1"));

  kalshi::AmendOrderRequest a;
  a.order_id = placed.ack->order_id;
  a.ticker = MarketTicker(t);
  a.price = P("0.046");
  a.count = C("2");
  const auto amended = run(client_->amend_order(a));
  ASSERT_TRUE(amended.accepted()) << (amended.error ? amended.error->describe() : "");
  EXPECT_EQ(amended.ack->remaining_count, C("2"));

  kalshi::CancelOrderRequest c;
  c.order_id = placed.ack->order_id;
  c.market_ticker = MarketTicker(t);
  const auto cancelled = run(client_->cancel_order(c));
  ASSERT_TRUE(cancelled.accepted()) << (cancelled.error ? cancelled.error->describe() : "");
  EXPECT_EQ(cancelled.ack->reduced_by, C("2"));

  const auto orders = run(client_->all_orders({}));
  ASSERT_TRUE(orders);
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ((*orders)[0].status, kalshi::OrderStatus::canceled);
}

TEST_F(RestApiClientTest, RetriedCreateAfterA500IsResolvedFromTheExchange) {
  // The exchange places the order and answers 500: the client retries with the same
  // client_order_id, meets 409 and finds the order by reading.
  api_.add_fault({.method = "POST",
                  .path_prefix = "/trade-api/v2/portfolio/events/orders",
                  .when = RestFault::When::after,
                  .status = 500});
  auto placed =
      run(client_->create_order(create(rain_ticker(), kalshi::BookSide::bid, "0.30", "2", "r-1")));
  ASSERT_TRUE(placed.accepted()) << (placed.error ? placed.error->describe() : "");
  EXPECT_TRUE(placed.already_existed);
  EXPECT_EQ(placed.attempts, 2);
  EXPECT_EQ(exchange_.orders(AccountId("alice")).size(), 1u);

  // A soft rejection (2xx without an order) is a rejection, not a success.
  api_.add_fault({.method = "POST",
                  .path_prefix = "/trade-api/v2/portfolio/events/orders",
                  .action = RestFault::Action::soft_reject});
  const auto soft =
      run(client_->create_order(create(rain_ticker(), kalshi::BookSide::bid, "0.30", "2", "r-2")));
  EXPECT_EQ(soft.outcome, kalshi::WriteOutcome::rejected);
}

TEST_F(RestApiClientTest, ClientBatchCreate) {
  std::vector<kalshi::CreateOrderRequest> batch;
  batch.push_back(create(rain_ticker(), kalshi::BookSide::bid, "0.20", "1", "b-1"));
  batch.push_back(create(rain_ticker(), kalshi::BookSide::ask, "0.80", "1", "b-2"));
  batch.push_back(create(rain_ticker(), kalshi::BookSide::bid, "0.205", "1", "b-3"));  // off grid
  const auto r = run(client_->batch_create(batch));
  ASSERT_EQ(r.outcome, kalshi::WriteOutcome::accepted)
      << (r.error ? r.error->describe() : std::string());
  ASSERT_EQ(r.items.size(), 3u);
  EXPECT_TRUE(r.items[0].accepted());
  EXPECT_TRUE(r.items[1].accepted());
  EXPECT_EQ(r.items[2].outcome, kalshi::WriteOutcome::rejected);
  ASSERT_TRUE(r.items[2].error.has_value());
  EXPECT_EQ(r.items[2].error->code, "invalid_parameters");
}

TEST_F(RestApiClientTest, CreateThatHangsAfterActingLeavesExactlyOneOrder) {
  max_jump_ = 5ms;
  // The exchange places the order, then never answers: the client's request deadline
  // passes, it resends with the same client_order_id, meets 409 and reads the order back.
  api_.add_fault({.method = "POST",
                  .path_prefix = "/trade-api/v2/portfolio/events/orders",
                  .when = RestFault::When::after,
                  .action = RestFault::Action::hang});
  auto placed =
      run(client_->create_order(create(rain_ticker(), kalshi::BookSide::bid, "0.30", "2", "h-1")));
  ASSERT_TRUE(placed.accepted()) << (placed.error ? placed.error->describe() : "");
  EXPECT_TRUE(placed.already_existed);
  ASSERT_EQ(exchange_.orders(AccountId("alice")).size(), 1u);
  EXPECT_EQ(exchange_.orders(AccountId("alice"))[0]->order.client_order_id, ClientOrderId("h-1"));
  EXPECT_EQ(api_.requests("POST", "/trade-api/v2/portfolio/events/orders"), 2u);
}

TEST_F(RestApiClientTest, CreateThatHangsBeforeActingIsPlacedOnceByTheRetry) {
  max_jump_ = 5ms;
  api_.add_fault({.method = "POST",
                  .path_prefix = "/trade-api/v2/portfolio/events/orders",
                  .action = RestFault::Action::hang});
  auto placed =
      run(client_->create_order(create(rain_ticker(), kalshi::BookSide::bid, "0.30", "2", "h-2")));
  ASSERT_TRUE(placed.accepted()) << (placed.error ? placed.error->describe() : "");
  EXPECT_FALSE(placed.already_existed);
  EXPECT_EQ(placed.attempts, 2);
  EXPECT_EQ(exchange_.orders(AccountId("alice")).size(), 1u);
}

TEST_F(RestApiClientTest, CreateThatNeverAnswersIsUnknownAndPlacedAtMostOnce) {
  max_jump_ = 5ms;
  // Every send acts and hangs: the outcome is unknown (not rejected), and the retries with
  // the same client_order_id still made one order, not three.
  api_.add_fault({.method = "POST",
                  .path_prefix = "/trade-api/v2/portfolio/events/orders",
                  .times = 10,
                  .when = RestFault::When::after,
                  .action = RestFault::Action::hang});
  auto placed =
      run(client_->create_order(create(rain_ticker(), kalshi::BookSide::bid, "0.30", "2", "h-3")));
  EXPECT_EQ(placed.outcome, kalshi::WriteOutcome::unknown);
  EXPECT_EQ(exchange_.orders(AccountId("alice")).size(), 1u);
}

TEST_F(RestApiClientTest, ReadBurstIsPacedBelowTheAccountLimits) {
  // A tight read bucket at the exchange: 40 tokens, 20 per second. The client learns it from
  // GET /account/limits and paces 30 book reads (10 tokens each) instead of bouncing.
  access_.set_limits(kalshi::BucketLimit{20, 40}, kalshi::BucketLimit{100, 100});
  ASSERT_TRUE(run(client_->load_account_limits()));
  const auto start = clock_.now();
  constexpr int kReads = 30;
  int ok = 0;
  int done = 0;
  for (int i = 0; i < kReads; ++i) {
    asio::co_spawn(
        io_,
        [&]() -> asio::awaitable<void> {
          const auto book = co_await client_->orderbook(MarketTicker(rain_ticker()));
          if (book) ++ok;
          ++done;
        },
        asio::detached);
  }
  drive([&] { return done == kReads; });
  EXPECT_EQ(ok, kReads);
  EXPECT_EQ(access_.rejected_429(), 0u);
  EXPECT_EQ(api_.requests("GET", "/trade-api/v2/markets/" + rain_ticker() + "/orderbook"),
            static_cast<std::size_t>(kReads));
  // The limits call took 10 tokens, the reads 300: (310 - 40) / 20 per second = 13.5 s.
  EXPECT_GE(clock_.now() - start, 13s);
  EXPECT_LT(clock_.now() - start, 16s);
}

TEST_F(RestApiClientTest, RepeatedThrottlingIsRetriedABoundedNumberOfTimes) {
  const std::string path = "/trade-api/v2/markets/" + rain_ticker() + "/orderbook";
  api_.add_fault({.method = "GET", .path_prefix = path, .times = 2, .status = 429});
  const auto start = clock_.now();
  const auto book = run(client_->orderbook(MarketTicker(rain_ticker())));
  ASSERT_TRUE(book) << book.error().describe();
  EXPECT_EQ(api_.requests("GET", path), 3u);
  EXPECT_GE(clock_.now() - start, 100ms);  // backed off (initial 100 ms, jitter ±50 %)

  api_.add_fault({.method = "GET", .path_prefix = path, .times = 100, .status = 429});
  const auto refused = run(client_->orderbook(MarketTicker(rain_ticker())));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, kalshi::RestErrorKind::rate_limited);
  EXPECT_EQ(api_.requests("GET", path), 3u + 4u);  // max_read_attempts, then it gives up
}

}  // namespace
}  // namespace antevorta::sim::test
