// The crypto hot path, per message: a Binance bookTicker frame → parser → PriceTick → the
// asset's IndexAggregator (median of three sources) → crypto_digital (the digital on the
// settlement average with an EWMA volatility, Kelly sizing against the book, the intent).
// Also each stage alone. Run: build/release/bench/bench_crypto
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include "antevorta/feeds/index_aggregator.hpp"
#include "antevorta/feeds/parser.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/strategy/crypto_taker.hpp"

namespace {

using namespace antevorta;
using namespace std::chrono_literals;

const Timestamp kT0 = from_unix_ms(1'795'000'000'000);
const MarketTicker kTicker{"KXBTC15M-26NOV211915-15"};

// A minimal context: one book, a fee schedule, a bankroll; intents are counted, not sent.
class BenchContext final : public strategy::StrategyContext {
 public:
  BenchContext() : book_(kTicker, kalshi::PriceGrid::linear_cent()) {
    const std::vector<kalshi::BookLevel> yes{{*Price::parse("0.55"), Count::contracts(100)}};
    const std::vector<kalshi::BookLevel> no{{*Price::parse("0.40"), Count::contracts(100)}};
    book_.apply_snapshot(yes, no, kT0);
    market_.ticker = kTicker;
    market_.status = kalshi::MarketStatus::active;
    config_.name = "crypto_digital";
  }
  ManualClock clock_{kT0};
  std::size_t intents = 0;
  std::size_t forecasts = 0;

  const strategy::StrategyId& strategy() const noexcept override { return id_; }
  const config::StrategyConfig& config() const noexcept override { return config_; }
  const Logger& logger() const noexcept override { return logger_; }
  const Clock& clock() const noexcept override { return clock_; }
  const kalshi::OrderBook* book(const MarketTicker&) const override { return &book_; }
  const kalshi::Market* market(const MarketTicker&) const override { return &market_; }
  std::optional<kalshi::FeeSchedule> fees(const MarketTicker&) const override {
    return kalshi::FeeSchedule{};
  }
  Count position(const MarketTicker&) const override { return Count{}; }
  std::vector<strategy::StrategyOrder> open_orders() const override { return {}; }
  Money bankroll() const override { return Money::from_centicents(10'000'000); }
  strategy::IntentId submit(strategy::OrderIntent) override {
    ++intents;
    return strategy::IntentId("i");
  }
  bool cancel(const ClientOrderId&) override { return false; }
  std::size_t cancel_all(const MarketTicker&) override { return 0; }
  strategy::RepriceOutcome reprice(const ClientOrderId&, Price, Count) override {
    return strategy::RepriceOutcome::not_open;
  }
  void schedule(Duration) override {}
  void publish(const strategy::ForecastPublished&) override { ++forecasts; }

 private:
  strategy::StrategyId id_{"crypto_digital"};
  config::StrategyConfig config_;
  Logger logger_ = null_logger("bench");
  kalshi::OrderBook book_;
  kalshi::Market market_;
};

std::string book_ticker_frame(int i) {
  const int cents = 10'050'000 + (i % 200) - 100;  // around 100500.00
  return fmt::format(
      R"({{"stream":"btcusdt@bookTicker","data":{{"u":{},"s":"BTCUSDT","b":"{}.{:02}","B":"1.25000000","a":"{}.{:02}","A":"0.50000000"}}}})",
      400900000 + i, cents / 100, cents % 100, (cents + 1) / 100, (cents + 1) % 100);
}

std::vector<std::string> frames() {
  std::vector<std::string> out;
  for (int i = 0; i < 1024; ++i) out.push_back(book_ticker_frame(i));
  return out;
}

std::unique_ptr<feeds::FeedParser> binance_parser() {
  feeds::ParserOptions o;
  o.source = "binance";
  o.symbols = {{"BTCUSDT", "BTC"}};
  return feeds::make_binance_parser(o);
}

feeds::IndexAggregator make_index() {
  feeds::IndexParams p;
  p.min_sources = 2;
  feeds::IndexAggregator index("BTC", p);
  // Two other fresh sources on either side, so Binance's quote is the median of three and
  // every frame moves the index.
  for (const auto& [source, price] :
       {std::pair{"coinbase", "100400.00"}, {"kraken", "100600.00"}}) {
    feeds::PriceTick t;
    t.source = source;
    t.asset = "BTC";
    t.price = *Decimal::parse(price);
    t.received_at = kT0;
    t.exchange_time = kT0;
    index.on_price(t);
  }
  return index;
}

void BM_ParseBookTicker(benchmark::State& state) {
  const auto fs = frames();
  auto parser = binance_parser();
  std::vector<feeds::PriceTick> ticks;
  std::size_t i = 0;
  for (auto _ : state) {
    ticks.clear();
    benchmark::DoNotOptimize(parser->parse(fs[i++ & 1023], kT0, ticks));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseBookTicker);

// Frame → tick → index → strategy (forecast + sizing + intent on every message).
void BM_FrameToDecision(benchmark::State& state) {
  const auto fs = frames();
  auto parser = binance_parser();
  auto index = make_index();
  BenchContext context;
  strategy::CryptoTakerParams params;
  params.cooldown = 0s;
  params.forecast_interval = 1s;
  std::vector<config::ConfigError> errors;
  config::Reader model_params(nullptr, "model_params", errors);
  auto model = strategy::builtin_models().create("ewma_digital", model_params);
  strategy::CryptoTaker taker(strategy::StrategyId("crypto_digital"), params, std::move(model));
  taker.on_start(context);
  // Warm the volatility estimate up: one index value per second for a minute.
  for (int s = 0; s < 60; ++s) {
    feeds::IndexUpdated u;
    u.asset = "BTC";
    u.status = feeds::IndexStatus::ok;
    u.reason = feeds::IndexUnavailableReason::none;
    u.value = *Decimal::parse(s % 2 == 0 ? "100500.00" : "100550.00");
    u.at = kT0 - std::chrono::seconds(60 - s);
    taker.on_index(u);
  }
  feeds::SettlementProgress progress;
  progress.ticker = kTicker;
  progress.asset = "BTC";
  progress.target = *Decimal::parse("100000.00");
  progress.close_time = kT0 + 300s;
  std::vector<feeds::PriceTick> ticks;
  std::size_t i = 0;
  for (auto _ : state) {
    ticks.clear();
    parser->parse(fs[i++ & 1023], kT0, ticks);
    for (const auto& t : ticks) index.on_price(t);
    if (auto u = index.evaluate(kT0)) {
      taker.on_index(*u);
      progress.index = u->value;
      progress.at = kT0;
      taker.on_settlement(progress);
    }
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["intents"] = static_cast<double>(context.intents);
}
BENCHMARK(BM_FrameToDecision);

}  // namespace
