// SQLite store: the cost of enqueue() on the caller's thread, and rows/s through flush().
//
//   BM_StoreEnqueue/<durability>  one enqueue() of a prebuilt row (mutex + push); the
//                                 writer thread drains concurrently, as in production
//   BM_StoreMakeWrite             building that row (SQL string + three parameters), which
//                                 callers pay on top of enqueue()
//   BM_StoreEndToEnd/<rows>       enqueue <rows> rows and flush(): committed rows per second
//   BM_StoreFillGroups/<fills>    record <fills> fills, each with its position and daily P&L
//                                 rows in one group, and flush(): fills per second
//   BM_StoreCommitWait/sync:<0|1> one order + transition through enqueue_and_notify(), waited
//                                 for: the durable-before-send latency, with and without
//                                 sync_waited_commits (synchronous=FULL)
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

#include <benchmark/benchmark.h>

#include "antevorta/core/logging.hpp"
#include "antevorta/store/store.hpp"
#include "antevorta/store/trading_store.hpp"
#include "antevorta/store/trading_writes.hpp"

namespace {

namespace fs = std::filesystem;
using antevorta::null_logger;
using antevorta::store::Durability;
using antevorta::store::Store;
using antevorta::store::StoreOptions;
using antevorta::store::Write;
namespace st = antevorta::store;

constexpr const char* kInsert = "INSERT INTO event_log (ts_ns, kind, payload) VALUES (?, ?, ?)";

Write make_write(std::int64_t i, Durability durability) {
  return Write{
      kInsert,
      {i, std::string("quote"), std::string(R"({"ticker":"KXBTC","bid":5600,"ask":5700})")},
      durability};
}

// A fresh database in its own temporary directory, deleted afterwards.
class BenchDatabase {
 public:
  BenchDatabase() {
    static std::atomic<int> counter{0};
    dir_ = fs::temp_directory_path() / ("antevorta-store-bench-" + std::to_string(::getpid()) +
                                        "-" + std::to_string(counter++));
    fs::remove_all(dir_);
  }
  ~BenchDatabase() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  BenchDatabase(const BenchDatabase&) = delete;
  BenchDatabase& operator=(const BenchDatabase&) = delete;

  StoreOptions options() const {
    StoreOptions o;
    o.path = dir_ / "bench.db";
    o.queue_capacity = 1'000'000;  // measure enqueue, not the drop path
    return o;
  }

 private:
  fs::path dir_;
};

void BM_StoreEnqueue(benchmark::State& state, Durability durability) {
  BenchDatabase db;
  Store store(db.options(), null_logger());
  constexpr std::size_t kChunk = 1 << 16;
  std::vector<Write> rows;
  std::size_t next = kChunk;
  std::int64_t i = 0;
  for (auto _ : state) {
    if (next == kChunk) {  // refill off the clock, and keep the queue from growing unbounded
      state.PauseTiming();
      store.flush();
      rows.clear();
      for (std::size_t k = 0; k < kChunk; ++k) rows.push_back(make_write(i++, durability));
      next = 0;
      state.ResumeTiming();
    }
    benchmark::DoNotOptimize(store.enqueue(std::move(rows[next++])));
  }
  store.flush();  // after the timed loop: not measured
  state.SetItemsProcessed(state.iterations());
  state.counters["dropped"] = static_cast<double>(store.stats().rows_dropped);
}
BENCHMARK_CAPTURE(BM_StoreEnqueue, best_effort, Durability::best_effort);
BENCHMARK_CAPTURE(BM_StoreEnqueue, critical, Durability::critical);

void BM_StoreMakeWrite(benchmark::State& state) {
  std::int64_t i = 0;
  for (auto _ : state) {
    Write w = make_write(i++, Durability::best_effort);
    benchmark::DoNotOptimize(w);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StoreMakeWrite);

void BM_StoreEndToEnd(benchmark::State& state) {
  BenchDatabase db;
  Store store(db.options(), null_logger());
  const auto rows = static_cast<std::int64_t>(state.range(0));
  std::int64_t i = 0;
  for (auto _ : state) {
    for (std::int64_t k = 0; k < rows; ++k) store.enqueue(make_write(i++, Durability::critical));
    store.flush();
  }
  state.SetItemsProcessed(state.iterations() * rows);
  const auto stats = store.stats();
  state.counters["rows_per_batch"] =
      static_cast<double>(stats.rows_written) / static_cast<double>(stats.batches_committed);
  state.counters["max_batch_ms"] = static_cast<double>(stats.max_batch_duration.count()) / 1e6;
}
BENCHMARK(BM_StoreEndToEnd)->Arg(1'000)->Arg(10'000)->UseRealTime()->Unit(benchmark::kMillisecond);

// A fill of 1 contract at 0.56 with a 0.02 fee, and the ledger rows it moves.
st::FillRow bench_fill(std::int64_t i) {
  st::FillRow f;
  f.trade_id = "trade-" + std::to_string(i);
  f.client_order_id = "coid-" + std::to_string(i / 4);
  f.exchange_order_id = "order-" + std::to_string(i / 4);
  f.ticker = "KXBTCD-26JAN01-T100000";
  f.strategy = "crypto_momentum";
  f.side = "yes";
  f.action = "buy";
  f.price = 5600;
  f.count = 100;
  f.fee = 200;
  f.at_ns = 1'767'225'600'000'000'000 + i;
  return f;
}

void BM_StoreFillGroups(benchmark::State& state) {
  BenchDatabase db;
  Store store(db.options(), null_logger());
  st::TradingStore trading(store);
  const auto fills = static_cast<std::int64_t>(state.range(0));
  std::int64_t i = 0;
  for (auto _ : state) {
    for (std::int64_t k = 0; k < fills; ++k, ++i) {
      const st::PositionRow position{"KXBTCD-26JAN01-T100000",
                                     0,
                                     100 * (i + 1),
                                     5600 * (i + 1),
                                     0,
                                     200 * (i + 1),
                                     0,
                                     100 * (i + 1),
                                     1'767'225'600'000'000'000 + i};
      trading.record_fill_with_ledger(
          bench_fill(i), position,
          st::DailyPnlRow{"2026-01-01", "crypto_momentum", 0, 200, 0, 100, 1});
    }
    store.flush();
  }
  state.SetItemsProcessed(state.iterations() * fills);
  state.counters["rows_failed"] = static_cast<double>(store.stats().rows_failed);
}
BENCHMARK(BM_StoreFillGroups)
    ->Arg(1'000)
    ->Arg(10'000)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_StoreCommitWait(benchmark::State& state) {
  BenchDatabase db;
  StoreOptions options = db.options();
  options.sync_waited_commits = state.range(0) != 0;
  Store store(options, null_logger());
  std::mutex mu;
  std::condition_variable cv;
  std::int64_t i = 0;
  for (auto _ : state) {
    st::OrderRow o;
    o.client_order_id = "coid-" + std::to_string(i);
    o.strategy = "crypto_momentum";
    o.ticker = "KXBTCD-26JAN01-T100000";
    o.side = "yes";
    o.action = "buy";
    o.price = 5600;
    o.count = 100;
    o.remaining = 100;
    o.state = "pending";
    o.tif = "good_till_canceled";
    o.created_ns = o.updated_ns = i;
    const st::TransitionRow t{0, o.client_order_id, std::nullopt, "pending", "risk_approved", i};
    bool done = false;
    store.enqueue_and_notify(st::writes::order_group(o, t), [&](const st::CommitResult&) {
      std::lock_guard lock(mu);
      done = true;
      cv.notify_one();
    });
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return done; });
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["synced_commits"] = static_cast<double>(store.stats().synced_commits);
}
BENCHMARK(BM_StoreCommitWait)
    ->ArgName("sync")
    ->Arg(1)
    ->Arg(0)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

}  // namespace
