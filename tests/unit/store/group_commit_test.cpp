// Groups (all-or-nothing units) and commit callbacks of the Store's writer.
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
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
using testing::committed_rows;
using testing::count_rows;
using testing::eventually;
using ::testing::HasSubstr;
using testing::options_for;
using testing::TempDir;
using testing::WriteLock;

constexpr const char* kInsertEventWithId =
    "INSERT INTO event_log (id, ts_ns, kind, payload) VALUES (?, ?, ?, ?)";

Write ev(std::int64_t id, Durability d = Durability::critical) {
  return Write{kInsertEventWithId, {id, id * 10, std::string("fill"), std::string("{}")}, d};
}
Write bad_sql() { return Write{"INSERT INTO nowhere VALUES (?)", {std::int64_t{1}}}; }

std::vector<std::int64_t> ids(SQLite::Database& db) {
  std::vector<std::int64_t> out;
  SQLite::Statement q(db, "SELECT id FROM event_log ORDER BY id");
  while (q.executeStep()) out.push_back(q.getColumn(0).getInt64());
  return out;
}

StoreOptions one_batch(const fs::path& path) {
  StoreOptions o = options_for(path);
  o.flush_interval = std::chrono::minutes(10);  // everything waits for flush(): one batch
  o.batch_max_rows = 1000;
  return o;
}

// What a commit callback saw, filled in on the writer thread.
struct Seen {
  std::mutex mu;
  int calls = 0;
  CommitResult result;
  std::int64_t visible_rows = -1;  // event_log rows a fresh connection saw inside the callback
  std::thread::id thread;

  int call_count() {
    std::lock_guard lock(mu);
    return calls;
  }
};

CommitCallback recorder(std::shared_ptr<Seen> seen, fs::path path) {
  return [seen, path](const CommitResult& r) {
    const std::int64_t visible = committed_rows(path, "event_log");
    std::lock_guard lock(seen->mu);
    ++seen->calls;
    seen->result = r;
    seen->visible_rows = visible;
    seen->thread = std::this_thread::get_id();
  };
}

std::vector<Write> unit(std::vector<Write> writes) { return writes; }

TEST(StoreGroups, AFailingStatementRollsBackItsWholeGroupAndOnlyItsGroup) {
  TempDir dir;
  Store s(one_batch(dir / "x.db"), null_logger());
  ASSERT_TRUE(s.enqueue(ev(1)));
  ASSERT_TRUE(s.enqueue_group(unit({ev(10), ev(11), bad_sql()})));  // fails on its last row
  ASSERT_TRUE(s.enqueue_group(unit({ev(20), ev(1)})));  // fails on its second: id 1 is taken
  ASSERT_TRUE(s.enqueue(ev(2)));
  ASSERT_TRUE(s.enqueue_group(unit({ev(30), ev(31)})));
  s.flush();

  EXPECT_EQ(ids(s.read()), (std::vector<std::int64_t>{1, 2, 30, 31}));
  const StoreStats st = s.stats();
  EXPECT_EQ(st.rows_written, 4u);  // 1 + 1 + 2
  EXPECT_EQ(st.rows_failed, 5u);   // 3 + 2: every row of a failed group
  EXPECT_EQ(st.queue_depth, 0u);
  EXPECT_EQ(st.synced_commits, 0u) << "nobody waited: synchronous=NORMAL";
}

TEST(StoreGroups, AGroupIsOneUnitAgainstTheQueueBoundAndIsNeverDropped) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  StoreOptions o = options_for(path);
  o.queue_capacity = 2;
  Store s(o, null_logger());
  WriteLock lock(path);  // nothing drains
  EXPECT_TRUE(s.enqueue(ev(1, Durability::best_effort)));
  EXPECT_TRUE(s.enqueue_group(unit({ev(2), ev(3), ev(4)})));
  EXPECT_EQ(s.stats().queue_depth, 2u);  // two units, four rows
  EXPECT_FALSE(s.enqueue(ev(5, Durability::best_effort))) << "at capacity: dropped";
  EXPECT_TRUE(s.enqueue_group(unit({ev(6), ev(7)}))) << "groups are critical";
  EXPECT_EQ(s.stats().queue_depth, 3u);
  lock.release();
  s.flush();
  EXPECT_EQ(ids(s.read()), (std::vector<std::int64_t>{1, 2, 3, 4, 6, 7}));
  EXPECT_EQ(s.stats().rows_dropped, 1u);
}

TEST(StoreCommitCallback, RunsOnceAfterTheRowsAreVisibleToAFreshConnection) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  Store s(one_batch(path), null_logger());  // no flush() below: the callback makes it urgent
  auto seen = std::make_shared<Seen>();
  WriteLock lock(path);

  ASSERT_TRUE(s.enqueue_and_notify(unit({ev(1), ev(2)}), recorder(seen, path)));
  ASSERT_TRUE(eventually([&] { return s.stats().retries >= 1; })) << "the writer is blocked";
  EXPECT_EQ(seen->call_count(), 0) << "not committed yet, so not told";

  lock.release();
  ASSERT_TRUE(eventually([&] { return seen->call_count() == 1; }));
  std::lock_guard guard(seen->mu);
  EXPECT_TRUE(seen->result.committed);
  EXPECT_EQ(seen->result.error, "");
  EXPECT_EQ(seen->result.rowid, 1);  // the first statement's row
  EXPECT_EQ(seen->visible_rows, 2) << "both rows committed before the callback ran";
  EXPECT_NE(seen->thread, std::this_thread::get_id()) << "runs on the writer thread";
  EXPECT_EQ(s.stats().synced_commits, 1u) << "a waited unit is committed with synchronous=FULL";
}

TEST(StoreCommitCallback, WithoutSyncWaitedCommitsTheCommitIsNotSynced) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  StoreOptions o = one_batch(path);
  o.sync_waited_commits = false;
  Store s(o, null_logger());
  auto seen = std::make_shared<Seen>();
  ASSERT_TRUE(s.enqueue_and_notify(unit({ev(1)}), recorder(seen, path)));
  ASSERT_TRUE(eventually([&] { return seen->call_count() == 1; })) << "still urgent";
  std::lock_guard guard(seen->mu);
  EXPECT_TRUE(seen->result.committed);
  EXPECT_EQ(seen->visible_rows, 1);
  EXPECT_EQ(s.stats().synced_commits, 0u);
}

TEST(StoreCommitCallback, ReportsTheFailureOfItsUnit) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  Store s(options_for(path), null_logger());
  auto seen = std::make_shared<Seen>();
  ASSERT_TRUE(s.enqueue_and_notify(unit({ev(5), bad_sql()}), recorder(seen, path)));
  ASSERT_TRUE(eventually([&] { return seen->call_count() == 1; }));
  std::lock_guard guard(seen->mu);
  EXPECT_FALSE(seen->result.committed);
  EXPECT_THAT(seen->result.error, HasSubstr("write failed: no such table: nowhere"));
  EXPECT_EQ(seen->visible_rows, 0) << "row 5 was rolled back with its group";
}

TEST(StoreCommitCallback, AfterCloseItRunsAtOnceOnTheCallingThread) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  Store s(options_for(path), null_logger());
  s.close();
  auto seen = std::make_shared<Seen>();
  EXPECT_FALSE(s.enqueue_and_notify(unit({ev(1)}), recorder(seen, path)));
  std::lock_guard guard(seen->mu);
  EXPECT_EQ(seen->calls, 1);
  EXPECT_FALSE(seen->result.committed);
  EXPECT_EQ(seen->result.error, "store is closed");
  EXPECT_EQ(seen->thread, std::this_thread::get_id());
}

TEST(StoreCommitCallback, CloseReportsAWaitedUnitItCouldNotWrite) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  StoreOptions o = options_for(path);
  o.close_timeout = std::chrono::milliseconds(100);
  Store s(o, null_logger());
  WriteLock lock(path);  // never released before close()
  auto seen = std::make_shared<Seen>();
  ASSERT_TRUE(s.enqueue_and_notify(unit({ev(1), ev(2)}), recorder(seen, path)));
  s.close();
  std::lock_guard guard(seen->mu);
  EXPECT_EQ(seen->calls, 1);
  EXPECT_FALSE(seen->result.committed);
  EXPECT_THAT(seen->result.error, HasSubstr("write abandoned at close"));
  EXPECT_EQ(s.stats().rows_failed, 2u);
}

TEST(StoreCommitCallback, ACallbackThatThrowsIsLoggedAndTheWriterGoesOn) {
  TempDir dir;
  std::ostringstream out;
  Logging logging{LoggingOptions{}, std::make_shared<spdlog::sinks::ostream_sink_mt>(out)};
  Logger logger = logging.make_logger("store");
  Store s(options_for(dir / "x.db"), logger);
  std::atomic<int> calls{0};
  ASSERT_TRUE(s.enqueue_and_notify(unit({ev(1)}), [&](const CommitResult&) {
    ++calls;
    throw std::runtime_error("handler bug");
  }));
  ASSERT_TRUE(eventually([&] { return calls.load() == 1; }));
  ASSERT_TRUE(s.enqueue(ev(2)));
  s.flush();
  EXPECT_EQ(ids(s.read()), (std::vector<std::int64_t>{1, 2}));
  logger->flush();
  EXPECT_THAT(out.str(), HasSubstr("store_commit_callback_threw error=\"handler bug\""));
}

}  // namespace
}  // namespace antevorta::store
