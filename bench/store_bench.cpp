// SQLite store: the cost of enqueue() on the caller's thread, and rows/s through flush().
//
//   BM_StoreEnqueue/<durability>  one enqueue() of a prebuilt row (mutex + push); the
//                                 writer thread drains concurrently, as in production
//   BM_StoreMakeWrite             building that row (SQL string + three parameters), which
//                                 callers pay on top of enqueue()
//   BM_StoreEndToEnd/<rows>       enqueue <rows> rows and flush(): committed rows per second
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>
#include <unistd.h>
#include <vector>

#include <benchmark/benchmark.h>

#include "antevorta/core/logging.hpp"
#include "antevorta/store/store.hpp"

namespace {

namespace fs = std::filesystem;
using antevorta::null_logger;
using antevorta::store::Durability;
using antevorta::store::Store;
using antevorta::store::StoreOptions;
using antevorta::store::Write;

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

}  // namespace
