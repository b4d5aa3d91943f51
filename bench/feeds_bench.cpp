// Feed hot path (DESIGN §9): one exchange frame -> FeedParser -> PriceTicks, per protocol.
// The frames have the shapes and sizes the venues send (one trade or one best bid/ask).
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "antevorta/feeds/parser.hpp"

namespace {

using namespace antevorta;
using namespace antevorta::feeds;

ParserOptions options(const char* source, const char* symbol) {
  ParserOptions o;
  o.source = source;
  o.symbols = {{symbol, "BTC"}, {"OTHER", "SOL"}};
  return o;
}

void run(benchmark::State& state, FeedParser& parser, const std::string& frame) {
  std::vector<PriceTick> ticks;
  ticks.reserve(16);
  const Timestamp at = from_unix_ms(1'767'225'600'000);
  for (auto _ : state) {
    ticks.clear();
    const FrameResult r = parser.parse(frame, at, ticks);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(ticks.data());
  }
  if (ticks.size() != 1) state.SkipWithError("expected one tick");
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * frame.size()));
  state.counters["bytes"] = static_cast<double>(frame.size());
}

void BM_CoinbaseAdvancedTicker(benchmark::State& state) {
  auto p = make_coinbase_advanced_parser(options("coinbase", "BTC-USD"));
  const std::string frame =
      R"({"channel":"ticker","client_id":"","timestamp":"2026-04-07T14:30:03.123456789Z","sequence_num":12,)"
      R"("events":[{"type":"update","tickers":[{"type":"ticker","product_id":"BTC-USD","price":"68900.50",)"
      R"("volume_24_h":"15328.12345678","low_24_h":"67500.00","high_24_h":"69200.00","low_52_w":"25000.00",)"
      R"("high_52_w":"73800.00","price_percent_chg_24_h":"1.85","best_bid":"68900.00",)"
      R"("best_bid_quantity":"1.50000000","best_ask":"68901.00","best_ask_quantity":"0.50000000"}]}]})";
  run(state, *p, frame);
}
BENCHMARK(BM_CoinbaseAdvancedTicker);

void BM_CoinbaseExchangeMatch(benchmark::State& state) {
  auto p = make_coinbase_exchange_parser(options("coinbase", "BTC-USD"));
  const std::string frame =
      R"({"type":"match","trade_id":881613,"maker_order_id":"27fff20b-af29-4f45-8744-56dd1ef57dc0",)"
      R"("taker_order_id":"1da6ce16-c8da-4732-9f71-6049f4c6aaf8","side":"sell","size":"0.04",)"
      R"("price":"68900.50","product_id":"BTC-USD","sequence":333938798,"time":"2026-04-07T14:30:03.244075Z"})";
  run(state, *p, frame);
}
BENCHMARK(BM_CoinbaseExchangeMatch);

void BM_BinanceBookTicker(benchmark::State& state) {
  auto p = make_binance_parser(options("binance", "BTCUSDT"));
  const std::string frame =
      R"({"stream":"btcusdt@bookTicker","data":{"u":400900217,"s":"BTCUSDT","b":"68900.00000000",)"
      R"("B":"31.21000000","a":"68900.01000000","A":"40.66000000"}})";
  run(state, *p, frame);
}
BENCHMARK(BM_BinanceBookTicker);

void BM_BinanceTrade(benchmark::State& state) {
  auto p = make_binance_parser(options("binance", "BTCUSDT"));
  const std::string frame =
      R"({"stream":"btcusdt@trade","data":{"e":"trade","E":1767225600001,"s":"BTCUSDT","t":12345,)"
      R"("p":"68900.01000000","q":"0.00100000","T":1767225600000,"m":true,"M":true}})";
  run(state, *p, frame);  // the same trade id every time: counted once, then "repeat"
}
BENCHMARK(BM_BinanceTrade);

void BM_KrakenTicker(benchmark::State& state) {
  auto p = make_kraken_parser(options("kraken", "BTC/USD"));
  const std::string frame =
      R"({"channel":"ticker","type":"update","data":[{"symbol":"BTC/USD","bid":105944.20,"bid_qty":2.5,)"
      R"("ask":105944.30,"ask_qty":3.2,"last":105899.40,"volume":163.28908096,"vwap":105904.39279,)"
      R"("low":104711.00,"high":106613.10,"change":250.00,"change_pct":0.24,)"
      R"("timestamp":"2026-04-07T14:30:03.123456Z"}]})";
  run(state, *p, frame);
}
BENCHMARK(BM_KrakenTicker);

}  // namespace
