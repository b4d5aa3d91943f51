#include <chrono>
#include <optional>
#include <string>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gtest/gtest.h>

#include "antevorta/core/logging.hpp"
#include "antevorta/store/store.hpp"

#include "unit/store/store_test_support.hpp"

namespace antevorta::store {
namespace {

namespace fs = std::filesystem;
using testing::count_rows;
using testing::options_for;
using testing::TempDir;

TEST(StoreSessions, BeginAndEndRoundTrip) {
  TempDir dir;
  StoreOptions o = options_for(dir / "x.db");
  o.flush_interval = std::chrono::minutes(10);  // begin_session must not wait for the timer
  Store s(o, null_logger());
  const std::int64_t first = s.begin_session(1'000, "sim", "paper", "0.1.0");
  const std::int64_t second = s.begin_session(2'000, "demo", "live", "0.1.1");
  EXPECT_GT(first, 0);
  EXPECT_GT(second, first);
  EXPECT_EQ(count_rows(s.read(), "runtime_sessions"), 2)
      << "committed before begin_session returns";

  s.end_session(first, 1'500);
  s.flush();
  SQLite::Statement q(s.read(),
                      "SELECT id, started_at_ns, stopped_at_ns, environment, execution_mode, "
                      "version FROM runtime_sessions ORDER BY id");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt64(), first);
  EXPECT_EQ(q.getColumn(1).getInt64(), 1'000);
  EXPECT_EQ(q.getColumn(2).getInt64(), 1'500);
  EXPECT_EQ(q.getColumn(3).getString(), "sim");
  EXPECT_EQ(q.getColumn(4).getString(), "paper");
  EXPECT_EQ(q.getColumn(5).getString(), "0.1.0");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt64(), second);
  EXPECT_TRUE(q.getColumn(2).isNull());
  EXPECT_EQ(q.getColumn(3).getString(), "demo");
}

TEST(StoreState, PutGetAndOverwrite) {
  TempDir dir;
  Store s(options_for(dir / "x.db"), null_logger());
  EXPECT_EQ(s.get_state("kill_switch"), std::nullopt);
  s.put_state("kill_switch", "engaged", 10);
  s.flush();
  EXPECT_EQ(s.get_state("kill_switch"), "engaged");
  s.put_state("kill_switch", "released", 20);
  s.flush();
  EXPECT_EQ(s.get_state("kill_switch"), "released");
  EXPECT_EQ(count_rows(s.read(), "kv_state"), 1);
  SQLite::Statement q(s.read(), "SELECT updated_at_ns FROM kv_state WHERE key = 'kill_switch'");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt64(), 20);
}

TEST(StoreState, SurvivesCloseAndReopen) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  {
    Store s(options_for(path), null_logger());
    s.put_state("kill_switch", "engaged", 10);
    s.put_state("llm.budget_spent_cc", "12345", 11);
  }  // the destructor flushes
  Store s(options_for(path), null_logger());
  EXPECT_EQ(s.get_state("kill_switch"), "engaged");
  EXPECT_EQ(s.get_state("llm.budget_spent_cc"), "12345");
  EXPECT_EQ(s.get_state("absent"), std::nullopt);
}

TEST(StoreEvents, AppendEventRoundTrip) {
  TempDir dir;
  Store s(options_for(dir / "x.db"), null_logger());
  s.append_event(42, "intent_rejected", R"({"reason":"max_position"})");
  s.append_event(43, "quote", "{}", Durability::best_effort);
  s.flush();
  SQLite::Statement q(s.read(), "SELECT ts_ns, kind, payload FROM event_log ORDER BY id");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getInt64(), 42);
  EXPECT_EQ(q.getColumn(1).getString(), "intent_rejected");
  EXPECT_EQ(q.getColumn(2).getString(), R"({"reason":"max_position"})");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(1).getString(), "quote");
}

}  // namespace
}  // namespace antevorta::store
