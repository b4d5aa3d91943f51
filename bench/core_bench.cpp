// Core hot-path costs: fixed-point parsing/formatting, bus dispatch, fee computation.
#include <benchmark/benchmark.h>

#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/kalshi/fees.hpp"

namespace {

using namespace antevorta;

void BM_PriceParse(benchmark::State& state) {
  const char* inputs[] = {"0.5600", "0.0010", "0.99", "1"};
  std::size_t i = 0;
  for (auto _ : state) {
    auto p = Price::parse(inputs[i++ & 3]);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_PriceParse);

void BM_CountParse(benchmark::State& state) {
  for (auto _ : state) {
    auto c = Count::parse("1250.50");
    benchmark::DoNotOptimize(c);
  }
}
BENCHMARK(BM_CountParse);

void BM_PriceFormat(benchmark::State& state) {
  const Price p = Price::of(5600);
  for (auto _ : state) {
    auto s = p.to_string();
    benchmark::DoNotOptimize(s);
  }
}
BENCHMARK(BM_PriceFormat);

struct Quote {
  std::int64_t price;
  std::int64_t size;
};

// One publish delivered to N subscribers.
void BM_BusPublish(benchmark::State& state) {
  EventBus bus;
  std::int64_t sink = 0;
  std::vector<Subscription> subs;
  for (int i = 0; i < state.range(0); ++i) {
    subs.push_back(bus.subscribe<Quote>([&](const Quote& q) { sink += q.price; }));
  }
  for (auto _ : state) {
    bus.publish(Quote{5600, 10});
  }
  benchmark::DoNotOptimize(sink);
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BusPublish)->Arg(1)->Arg(4)->Arg(16);

// A handler that publishes a follow-up event (queued, then drained).
void BM_BusPublishCascade(benchmark::State& state) {
  struct Derived {
    std::int64_t v;
  };
  EventBus bus;
  std::int64_t sink = 0;
  auto a = bus.subscribe<Quote>([&](const Quote& q) { bus.publish(Derived{q.price}); });
  auto b = bus.subscribe<Derived>([&](const Derived& d) { sink += d.v; });
  for (auto _ : state) bus.publish(Quote{5600, 10});
  benchmark::DoNotOptimize(sink);
}
BENCHMARK(BM_BusPublishCascade);

void BM_TakerFee(benchmark::State& state) {
  const kalshi::FeeSchedule s{};
  const Price p = Price::of(4500);
  const Count c = Count::contracts(37);
  for (auto _ : state) {
    auto f =
        kalshi::trading_fee(s, kalshi::Liquidity::taker, p, c, kalshi::FeeRounding::order_cent);
    benchmark::DoNotOptimize(f);
  }
}
BENCHMARK(BM_TakerFee);

}  // namespace
