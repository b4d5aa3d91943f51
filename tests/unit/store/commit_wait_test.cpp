// async_commit(): waiting for a commit from an io_context without blocking it.
#include "antevorta/store/commit_wait.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/core/logging.hpp"
#include "antevorta/store/store.hpp"

#include "unit/store/store_test_support.hpp"

namespace antevorta::store {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using testing::committed_rows;
using ::testing::HasSubstr;
using testing::options_for;
using testing::TempDir;
using testing::WriteLock;

constexpr const char* kInsertEventWithId =
    "INSERT INTO event_log (id, ts_ns, kind, payload) VALUES (?, ?, ?, ?)";

std::vector<Write> rows(std::vector<std::int64_t> ids) {
  std::vector<Write> out;
  for (std::int64_t id : ids) {
    out.push_back(Write{kInsertEventWithId, {id, id, std::string("order"), std::string("{}")}});
  }
  return out;
}

std::vector<Write> two_rows() { return rows({1, 2}); }

StoreOptions slow_timer(const fs::path& path) {
  StoreOptions o = options_for(path);
  o.flush_interval = std::chrono::minutes(10);  // only the wait itself can make it commit now
  return o;
}

// The first test's shared state; plain coroutine functions rather than coroutine lambdas
// (GCC 12 miscompiles some of those).
struct Scene {
  Store& store;
  fs::path path;
  WriteLock& lock;
  std::optional<CommitResult> result;
  std::int64_t visible_on_resume = -1;
  std::thread::id resumed_on;
  int ticks = 0;
  bool resumed_before_release = false;
};

asio::awaitable<void> commit_and_check(Scene& sc) {
  const auto ex = co_await asio::this_coro::executor;
  // Built outside the co_await: GCC 12 rejects a braced list inside a coroutine's full
  // expression ("array used as initializer").
  std::vector<Write> writes = two_rows();
  sc.result = co_await async_commit(sc.store, std::move(writes), ex, asio::use_awaitable);
  sc.visible_on_resume = committed_rows(sc.path, "event_log");
  sc.resumed_on = std::this_thread::get_id();
}

// Ticks on the same loop while the commit waits, then releases the lock.
asio::awaitable<void> tick_then_release(Scene& sc) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (sc.ticks < 5 || sc.store.stats().retries < 1) {
    timer.expires_after(std::chrono::milliseconds(2));
    co_await timer.async_wait(asio::use_awaitable);
    ++sc.ticks;
  }
  sc.resumed_before_release = sc.result.has_value();
  sc.lock.release();
}

TEST(CommitWait, AwaitingResumesOnTheLoopOnlyAfterTheRowIsVisibleAndTheLoopKeepsRunning) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  Store s(slow_timer(path), null_logger());
  WriteLock lock(path);  // the commit cannot happen until the lock is released
  Scene sc{s, path, lock, {}, -1, {}, 0, false};
  asio::io_context io;
  asio::co_spawn(io, commit_and_check(sc), asio::detached);
  asio::co_spawn(io, tick_then_release(sc), asio::detached);
  io.run_for(std::chrono::seconds(20));

  EXPECT_GE(sc.ticks, 5) << "the loop served a timer while the commit waited";
  EXPECT_FALSE(sc.resumed_before_release) << "resumed while the rows were not committed";
  ASSERT_TRUE(sc.result.has_value());
  EXPECT_TRUE(sc.result->committed);
  EXPECT_EQ(sc.result->error, "");
  EXPECT_EQ(sc.visible_on_resume, 2) << "a fresh connection sees both rows on resume";
  EXPECT_EQ(sc.resumed_on, std::this_thread::get_id()) << "resumed on the loop's thread";
  EXPECT_EQ(s.stats().synced_commits, 1u);
}

TEST(CommitWait, RunDoesNotReturnWhileACommitIsOutstanding) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  Store s(slow_timer(path), null_logger());
  asio::io_context io;
  int calls = 0;
  std::int64_t visible = -1;
  async_commit(s, rows({7}), io.get_executor(), [&](CommitResult r) {
    ++calls;
    EXPECT_TRUE(r.committed);
    visible = committed_rows(path, "event_log", "id = 7");
  });
  io.run_for(std::chrono::seconds(20));  // returns early when out of work: only the
  // commit keeps it running (no timer, no socket)
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(visible, 1);
}

TEST(CommitWait, AFailedGroupCompletesWithItsErrorAndLeavesNoRow) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  Store s(options_for(path), null_logger());
  asio::io_context io;
  std::optional<CommitResult> result;
  auto writes = rows({1, 2});
  writes.push_back(rows({1}).front());  // the key 1 again: the whole group fails
  async_commit(s, std::move(writes), io.get_executor(), [&](CommitResult r) { result = r; });
  io.run_for(std::chrono::seconds(20));
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->committed);
  EXPECT_THAT(result->error, HasSubstr("UNIQUE constraint failed: event_log.id"));
  EXPECT_EQ(committed_rows(path, "event_log"), 0);
}

TEST(CommitWait, OnAClosedStoreTheHandlerIsPostedNotCalledInline) {
  TempDir dir;
  Store s(options_for(dir / "x.db"), null_logger());
  s.close();
  asio::io_context io;
  std::optional<CommitResult> result;
  async_commit(s, rows({1}), io.get_executor(), [&](CommitResult r) { result = r; });
  EXPECT_FALSE(result.has_value()) << "never completes inside the initiating call";
  io.run_for(std::chrono::seconds(20));
  ASSERT_TRUE(result.has_value());
  EXPECT_FALSE(result->committed);
  EXPECT_EQ(result->error, "store is closed");
}

TEST(CommitWait, TheHandlerRunsOnItsAssociatedExecutor) {
  TempDir dir;
  Store s(options_for(dir / "x.db"), null_logger());
  asio::io_context io;
  auto strand = asio::make_strand(io);
  bool on_strand = false;
  int calls = 0;
  async_commit(s, rows({1}), io.get_executor(), asio::bind_executor(strand, [&](CommitResult r) {
                 ++calls;
                 on_strand = strand.running_in_this_thread() && r.committed;
               }));
  io.run_for(std::chrono::seconds(20));
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(on_strand);
}

}  // namespace
}  // namespace antevorta::store
