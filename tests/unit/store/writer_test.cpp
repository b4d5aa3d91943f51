#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include "antevorta/core/logging.hpp"
#include "antevorta/store/store.hpp"

#include "unit/store/store_test_support.hpp"

namespace antevorta::store {
namespace {

namespace fs = std::filesystem;
using testing::count_rows;
using testing::eventually;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::options_for;
using testing::TempDir;
using testing::WriteLock;

constexpr const char* kInsertEvent =
    "INSERT INTO event_log (ts_ns, kind, payload) VALUES (?, ?, ?)";
constexpr const char* kInsertEventWithId =
    "INSERT INTO event_log (id, ts_ns, kind, payload) VALUES (?, ?, ?, ?)";

Write event(std::int64_t ts, std::string kind, Durability d = Durability::critical) {
  return Write{kInsertEvent, {ts, std::move(kind), std::string("{}")}, d};
}

// Log output captured through an ostream sink.
struct CapturedLog {
  std::ostringstream out;
  Logging logging{LoggingOptions{}, std::make_shared<spdlog::sinks::ostream_sink_mt>(out)};
  Logger logger = logging.make_logger("store");
  std::string text() {
    logger->flush();
    return out.str();
  }
};

std::vector<std::int64_t> column(SQLite::Database& db, const std::string& sql) {
  std::vector<std::int64_t> out;
  SQLite::Statement q(db, sql);
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

TEST(StoreWriter, TenThousandRowsAreCommittedInBatchesAndInOrder) {
  TempDir dir;
  Store s(options_for(dir / "x.db"), null_logger());
  constexpr int kRows = 10'000;
  for (int i = 0; i < kRows; ++i) ASSERT_TRUE(s.enqueue(event(i, "tick")));
  s.flush();

  EXPECT_EQ(count_rows(s.read(), "event_log"), kRows);
  const auto ts = column(s.read(), "SELECT ts_ns FROM event_log ORDER BY id");
  ASSERT_EQ(ts.size(), static_cast<std::size_t>(kRows));
  for (int i = 0; i < kRows; ++i) ASSERT_EQ(ts[static_cast<std::size_t>(i)], i) << "row " << i;

  const StoreStats st = s.stats();
  EXPECT_EQ(st.rows_written, static_cast<std::uint64_t>(kRows));
  EXPECT_LT(st.batches_committed, static_cast<std::uint64_t>(kRows));
  EXPECT_GE(st.batches_committed, static_cast<std::uint64_t>(kRows / 512));  // batch_max_rows
  EXPECT_EQ(st.rows_failed, 0u);
  EXPECT_EQ(st.rows_dropped, 0u);
  EXPECT_EQ(st.queue_depth, 0u);
  EXPECT_GT(st.max_batch_duration.count(), 0);
}

TEST(StoreWriter, EnqueueDoesNotWaitForAnotherConnectionsLock) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  Store s(options_for(path), null_logger());
  WriteLock lock(path);

  int accepted = 0;
  for (int i = 0; i < 1000; ++i) accepted += s.enqueue(event(i, "order")) ? 1 : 0;
  EXPECT_EQ(accepted, 1000);
  // The writer really is blocked: it has retried, and nothing is written yet.
  ASSERT_TRUE(eventually([&] { return s.stats().retries >= 1; }));
  EXPECT_EQ(s.stats().rows_written, 0u);
  EXPECT_EQ(s.stats().queue_depth, 1000u);

  lock.release();
  s.flush();
  EXPECT_EQ(count_rows(s.read(), "event_log"), 1000);
  EXPECT_EQ(s.stats().rows_written, 1000u);
  EXPECT_EQ(s.stats().rows_failed, 0u);
  EXPECT_EQ(s.stats().queue_depth, 0u);
}

TEST(StoreWriter, AtCapacityBestEffortRowsAreDroppedAndCriticalRowsKept) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  CapturedLog log;
  StoreOptions o = options_for(path);
  o.queue_capacity = 10;
  Store s(o, log.logger);
  WriteLock lock(path);  // the writer cannot drain anything

  int quotes = 0;
  for (int i = 0; i < 20; ++i) quotes += s.enqueue(event(i, "quote", Durability::best_effort));
  int orders = 0;
  for (int i = 0; i < 5; ++i) orders += s.enqueue(event(i, "order", Durability::critical));
  EXPECT_EQ(quotes, 10);
  EXPECT_EQ(orders, 5);
  EXPECT_EQ(s.stats().rows_dropped, 10u);
  EXPECT_EQ(s.stats().queue_depth, 15u);

  lock.release();
  s.flush();
  EXPECT_EQ(count_rows(s.read(), "event_log", "kind = 'quote'"), 10);
  EXPECT_EQ(count_rows(s.read(), "event_log", "kind = 'order'"), 5);
  EXPECT_EQ(s.stats().rows_written, 15u);
  const std::string text = log.text();
  EXPECT_THAT(text, HasSubstr("store_queue_full_dropping"));
  EXPECT_THAT(text, HasSubstr("store_queue_over_capacity"));
  // Rate-limited: one line each, not one per row.
  EXPECT_EQ(text.find("store_queue_full_dropping"), text.rfind("store_queue_full_dropping"));
}

TEST(StoreWriter, FailingRowDoesNotLoseTheRestOfItsBatch) {
  TempDir dir;
  StoreOptions o = options_for(dir / "x.db");
  o.flush_interval = std::chrono::minutes(10);  // one batch, committed by flush()
  o.batch_max_rows = 1000;
  Store s(o, null_logger());
  for (std::int64_t id : {1, 2, 3, 4, 5, 3, 6, 7, 8, 9}) {  // the second 3 violates the key
    ASSERT_TRUE(s.enqueue(
        Write{kInsertEventWithId, {id, id * 10, std::string("fill"), std::string("{}")}}));
  }
  s.flush();
  EXPECT_EQ(column(s.read(), "SELECT id FROM event_log ORDER BY id"),
            (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
  const StoreStats st = s.stats();
  EXPECT_EQ(st.rows_written, 9u);
  EXPECT_EQ(st.rows_failed, 1u);
  EXPECT_EQ(st.queue_depth, 0u);
}

TEST(StoreWriter, BadSqlAndWrongParameterCountFailOnlyTheirRow) {
  TempDir dir;
  Store s(options_for(dir / "x.db"), null_logger());
  EXPECT_TRUE(s.enqueue(event(1, "ok")));
  EXPECT_TRUE(s.enqueue(Write{"INSERT INTO nowhere VALUES (?)", {std::int64_t{1}}}));
  EXPECT_TRUE(s.enqueue(Write{kInsertEvent, {std::int64_t{2}, std::string("missing payload")}}));
  EXPECT_TRUE(
      s.enqueue(Write{kInsertEvent, {std::int64_t{3}, nullptr, std::string("{}")}}));  // NOT NULL
  EXPECT_TRUE(s.enqueue(event(4, "ok")));
  s.flush();
  EXPECT_EQ(column(s.read(), "SELECT ts_ns FROM event_log ORDER BY id"),
            (std::vector<std::int64_t>{1, 4}));
  EXPECT_EQ(s.stats().rows_failed, 3u);
  EXPECT_EQ(s.stats().rows_written, 2u);
}

TEST(StoreWriter, FailedStatementIsLoggedWithoutItsParameterValues) {
  TempDir dir;
  CapturedLog log;
  Store s(options_for(dir / "x.db"), log.logger);
  const std::string secret = "sk-live-0123456789abcdef";
  s.put_state("llm.api_key", secret, 1);
  // A plain INSERT of the same key violates the primary key.
  s.enqueue(Write{"INSERT INTO kv_state (key, value, updated_at_ns) VALUES (?, ?, ?)",
                  {std::string("llm.api_key"), secret + "-rotated", std::int64_t{2}}});
  s.flush();
  EXPECT_EQ(s.stats().rows_failed, 1u);
  const std::string text = log.text();
  EXPECT_THAT(text, HasSubstr("store_write_failed"));
  EXPECT_THAT(text, HasSubstr("INSERT INTO kv_state (key, value, updated_at_ns)"));
  EXPECT_THAT(text, HasSubstr("UNIQUE constraint failed: kv_state.key"));
  EXPECT_THAT(text, Not(HasSubstr("sk-live")));
  EXPECT_THAT(text, Not(HasSubstr("0123456789abcdef")));
}

TEST(StoreWriter, RowsAreCommittedAfterTheFlushIntervalWithoutAFlush) {
  TempDir dir;
  StoreOptions o = options_for(dir / "x.db");
  o.flush_interval = std::chrono::milliseconds(20);
  Store s(o, null_logger());
  ASSERT_TRUE(s.enqueue(event(1, "tick")));
  EXPECT_TRUE(eventually([&] { return count_rows(s.read(), "event_log") == 1; }));
  EXPECT_EQ(s.stats().batches_committed, 1u);
}

TEST(StoreWriter, ConcurrentProducersKeepTheirOwnOrder) {
  TempDir dir;
  Store s(options_for(dir / "x.db"), null_logger());
  constexpr int kThreads = 4;
  constexpr int kRows = 2500;
  std::vector<std::thread> producers;
  for (int t = 0; t < kThreads; ++t) {
    producers.emplace_back([&s, t] {
      for (int i = 0; i < kRows; ++i) s.enqueue(event(i, "p" + std::to_string(t)));
    });
  }
  for (auto& p : producers) p.join();
  s.flush();
  EXPECT_EQ(count_rows(s.read(), "event_log"), kThreads * kRows);
  for (int t = 0; t < kThreads; ++t) {
    const auto ts = column(s.read(), "SELECT ts_ns FROM event_log WHERE kind = 'p" +
                                         std::to_string(t) + "' ORDER BY id");
    ASSERT_EQ(ts.size(), static_cast<std::size_t>(kRows));
    for (int i = 0; i < kRows; ++i) ASSERT_EQ(ts[static_cast<std::size_t>(i)], i);
  }
}

TEST(StoreWriter, CloseIsIdempotentAndRefusesLaterWrites) {
  TempDir dir;
  Store s(options_for(dir / "x.db"), null_logger());
  s.append_event(1, "a", "{}");
  s.close();
  s.close();
  EXPECT_EQ(s.stats().rows_written, 1u) << "close() flushes";
  EXPECT_FALSE(s.enqueue(event(2, "late")));
  EXPECT_THROW(s.begin_session(1, "sim", "paper", "0.1.0"), StoreError);
  s.flush();  // nothing pending: returns
}

TEST(StoreWriter, CloseGivesUpOnALockThatIsNeverReleased) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  StoreOptions o = options_for(path);
  o.close_timeout = std::chrono::milliseconds(100);
  o.batch_max_rows = 4;
  Store s(o, null_logger());
  WriteLock lock(path);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(s.enqueue(event(i, "order")));
  s.close();  // must return although the rows can never be written
  EXPECT_EQ(s.stats().rows_written, 0u);
  EXPECT_EQ(s.stats().rows_failed, 10u);
  EXPECT_EQ(s.stats().queue_depth, 0u);
}

}  // namespace
}  // namespace antevorta::store
