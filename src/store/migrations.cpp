#include "antevorta/store/migrations.hpp"

#include <cassert>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "antevorta/store/store.hpp"

namespace antevorta::store {

namespace {

// Append new migrations at the end; never edit one that has shipped.
constexpr Migration kMigrations[] = {
    {1, "initial",
     R"sql(
CREATE TABLE runtime_sessions (
  id INTEGER PRIMARY KEY,
  started_at_ns INTEGER NOT NULL,
  stopped_at_ns INTEGER,
  environment TEXT NOT NULL,
  execution_mode TEXT NOT NULL,
  version TEXT NOT NULL
);
CREATE TABLE kv_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at_ns INTEGER NOT NULL
);
CREATE TABLE event_log (
  id INTEGER PRIMARY KEY,
  ts_ns INTEGER NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX event_log_kind_ts ON event_log (kind, ts_ns);
)sql"},
};

constexpr bool versions_contiguous(std::span<const Migration> list) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].version != static_cast<int>(i) + 1) return false;
  }
  return true;
}
static_assert(versions_contiguous(kMigrations), "migration versions must be 1, 2, 3, …");

constexpr const char* kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)";

}  // namespace

std::span<const Migration> migrations() noexcept { return kMigrations; }

int latest_schema_version() noexcept { return kMigrations[std::size(kMigrations) - 1].version; }

int current_schema_version(SQLite::Database& db) {
  if (!db.tableExists("schema_version")) return 0;
  SQLite::Statement q(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
  q.executeStep();
  return q.getColumn(0).getInt();
}

int migrate(SQLite::Database& db, std::string_view label, const Logger& logger,
            std::span<const Migration> list) {
  assert(versions_contiguous(list));
  const int latest = list.empty() ? 0 : list.back().version;
  int version = 0;
  try {
    db.exec(kCreateVersionTable);
    version = current_schema_version(db);
  } catch (const SQLite::Exception& e) {
    throw StoreError(fmt::format("{}: cannot read schema version: {}", label, e.what()));
  }
  if (version > latest) {
    throw StoreError(fmt::format("{}: schema version {} is newer than this build supports ({})",
                                 label, version, latest));
  }
  for (const Migration& m : list) {
    if (m.version <= version) continue;
    try {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      // Another process may have migrated between our read and our write lock.
      if (const int now = current_schema_version(db); now >= m.version) {
        version = now;
        continue;
      }
      db.exec(std::string(m.sql));
      SQLite::Statement row(db,
                            "INSERT INTO schema_version (version, name, applied_at) "
                            "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
      row.bind(1, m.version);
      row.bind(2, std::string(m.name));
      row.exec();
      tx.commit();
    } catch (const SQLite::Exception& e) {
      throw StoreError(
          fmt::format("{}: migration {} ({}) failed: {}", label, m.version, m.name, e.what()));
    }
    version = m.version;
    logger->info("store_migration_applied version={} name={}", m.version, m.name);
  }
  return version;
}

}  // namespace antevorta::store
