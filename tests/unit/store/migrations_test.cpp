#include "antevorta/store/migrations.hpp"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/core/logging.hpp"
#include "antevorta/store/store.hpp"

#include "unit/store/store_test_support.hpp"

namespace antevorta::store {
namespace {

namespace fs = std::filesystem;
using testing::count_rows;
using ::testing::HasSubstr;
using testing::options_for;
using testing::TempDir;

std::set<std::string> tables(SQLite::Database& db) {
  std::set<std::string> out;
  SQLite::Statement q(db, "SELECT name FROM sqlite_schema WHERE type = 'table'");
  while (q.executeStep()) out.insert(q.getColumn(0).getString());
  return out;
}

struct VersionRow {
  int version;
  std::string name;
  std::string applied_at;
  friend bool operator==(const VersionRow&, const VersionRow&) = default;
};

std::vector<VersionRow> version_rows(SQLite::Database& db) {
  std::vector<VersionRow> out;
  SQLite::Statement q(db, "SELECT version, name, applied_at FROM schema_version ORDER BY version");
  while (q.executeStep()) {
    out.push_back(
        {q.getColumn(0).getInt(), q.getColumn(1).getString(), q.getColumn(2).getString()});
  }
  return out;
}

std::vector<Migration> with_extra(std::vector<Migration> extra) {
  std::vector<Migration> list(migrations().begin(), migrations().end());
  list.insert(list.end(), extra.begin(), extra.end());
  return list;
}

TEST(Migrations, ListIsNumberedWithoutGaps) {
  const auto list = migrations();
  ASSERT_FALSE(list.empty());
  for (std::size_t i = 0; i < list.size(); ++i) {
    EXPECT_EQ(list[i].version, static_cast<int>(i) + 1);
    EXPECT_FALSE(list[i].name.empty());
  }
  EXPECT_EQ(latest_schema_version(), list.back().version);
}

const std::vector<std::string> kTradingTables = {
    "intents",   "risk_decisions", "orders",      "order_transitions", "fills",
    "positions", "daily_pnl",      "settlements", "ledger_adjustments"};

TEST(Migrations, FreshDatabaseGetsEveryVersionAndTheirTables) {
  TempDir dir;
  Store s(options_for(dir / "x.db"), null_logger());
  EXPECT_EQ(latest_schema_version(), 3);
  EXPECT_EQ(s.schema_version(), 3);
  EXPECT_EQ(current_schema_version(s.read()), 3);
  const auto t = tables(s.read());
  for (const char* name : {"schema_version", "runtime_sessions", "kv_state", "event_log"}) {
    EXPECT_TRUE(t.count(name)) << name;
  }
  for (const std::string& name : kTradingTables) EXPECT_TRUE(t.count(name)) << name;
  for (const char* name : {"forecasts", "market_outcomes"}) EXPECT_TRUE(t.count(name)) << name;
  const auto rows = version_rows(s.read());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].version, 1);
  EXPECT_EQ(rows[0].name, "initial");
  EXPECT_EQ(rows[1].version, 2);
  EXPECT_EQ(rows[1].name, "trading");
  EXPECT_EQ(rows[2].version, 3);
  EXPECT_EQ(rows[2].name, "forecasts");
  EXPECT_THAT(rows[0].applied_at, ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T.*Z"));
}

TEST(Migrations, DatabaseAtVersionOneIsMigratedKeepingItsRows) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  {
    // What the previous build left: version 1, with a session, a state and an event.
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    ASSERT_EQ(migrate(db, "database x", null_logger(), migrations().first(1)), 1);
    db.exec(
        "INSERT INTO runtime_sessions (started_at_ns, environment, execution_mode, version) "
        "VALUES (5, 'sim', 'paper', '0.0.9')");
    db.exec("INSERT INTO kv_state (key, value, updated_at_ns) VALUES ('risk_state', '{}', 7)");
    db.exec("INSERT INTO event_log (ts_ns, kind, payload) VALUES (9, 'boot', '{}')");
    for (const std::string& name : kTradingTables) ASSERT_FALSE(db.tableExists(name)) << name;
  }
  Store s(options_for(path), null_logger());
  EXPECT_EQ(s.schema_version(), 3);
  const auto t = tables(s.read());
  for (const std::string& name : kTradingTables) EXPECT_TRUE(t.count(name)) << name;
  EXPECT_EQ(count_rows(s.read(), "runtime_sessions", "version = '0.0.9'"), 1);
  EXPECT_EQ(s.get_state("risk_state"), "{}");
  EXPECT_EQ(count_rows(s.read(), "event_log", "kind = 'boot'"), 1);
  const auto rows = version_rows(s.read());
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].name, "trading");
}

TEST(Migrations, ReopeningAndMigratingAgainAreNoOps) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  std::vector<VersionRow> before;
  {
    Store s(options_for(path), null_logger());
    before = version_rows(s.read());
  }
  {
    Store s(options_for(path), null_logger());
    EXPECT_EQ(s.schema_version(), 3);
    EXPECT_EQ(version_rows(s.read()), before);
  }
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  EXPECT_EQ(migrate(db, "database x", null_logger()), 3);
  EXPECT_EQ(migrate(db, "database x", null_logger()), 3);
  EXPECT_EQ(version_rows(db), before);
  EXPECT_EQ(count_rows(db, "schema_version"), 3);
}

TEST(Migrations, NewerDatabaseIsRefusedNamingTheFile) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  { Store s(options_for(path), null_logger()); }
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("INSERT INTO schema_version (version, name, applied_at) VALUES (7, 'future', 'x')");
  }
  try {
    Store s(options_for(path), null_logger());
    FAIL() << "a newer schema must be refused";
  } catch (const StoreError& e) {
    EXPECT_EQ(
        std::string(e.what()),
        "database " + path.string() + ": schema version 7 is newer than this build supports (3)");
  }
}

TEST(Migrations, AddingAMigrationIsOneEntry) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  { Store s(options_for(path), null_logger()); }
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  const auto list = with_extra({{4, "widgets", "CREATE TABLE widgets (id INTEGER PRIMARY KEY);"}});
  EXPECT_EQ(migrate(db, "database x", null_logger(), list), 4);
  EXPECT_TRUE(db.tableExists("widgets"));
  EXPECT_EQ(migrate(db, "database x", null_logger(), list), 4);
  const auto rows = version_rows(db);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[3].version, 4);
  EXPECT_EQ(rows[3].name, "widgets");
  // The build that only knows version 3 now refuses the file.
  EXPECT_THROW(migrate(db, "database x", null_logger()), StoreError);
}

TEST(Migrations, FailedMigrationIsRolledBackEntirely) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  { Store s(options_for(path), null_logger()); }
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  const auto list = with_extra({{4, "broken", "CREATE TABLE good (x); CREATE TABLE oops (;"}});
  try {
    migrate(db, "database x.db", null_logger(), list);
    FAIL() << "a broken migration must throw";
  } catch (const StoreError& e) {
    EXPECT_THAT(e.what(), HasSubstr("database x.db: migration 4 (broken) failed: "));
  }
  EXPECT_EQ(current_schema_version(db), 3);
  EXPECT_FALSE(db.tableExists("good")) << "the migration's first statement must be rolled back";
}

TEST(Migrations, DatabaseWithoutVersionTableStartsAtZero) {
  TempDir dir;
  SQLite::Database db(dir / "raw.db", SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
  EXPECT_EQ(current_schema_version(db), 0);
  EXPECT_EQ(migrate(db, "database raw.db", null_logger()), latest_schema_version());
}

}  // namespace
}  // namespace antevorta::store
