// Versioned schema migrations.
//
// The schema_version table (version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT) holds
// one row per applied migration. Each pending migration runs in its own IMMEDIATE
// transaction together with its schema_version row, so a failure leaves the previous
// version intact. Running migrate() again is a no-op. A database whose version is newer
// than the newest migration of this build is refused.
//
// Adding a migration = appending one entry to the list in src/store/migrations.cpp.
//
// Errors: every failure throws StoreError whose message starts with `label` (conventionally
// "database <path>"). An out-of-order migration list is a broken invariant (assert).
// Threading: uses only the connection it is given.
#pragma once

#include <span>
#include <string_view>

#include "antevorta/core/logging.hpp"

namespace SQLite {
class Database;
}

namespace antevorta::store {

struct Migration {
  int version;  // 1, 2, 3, … without gaps
  std::string_view name;
  std::string_view sql;  // one or more statements
};

// This build's migrations, in order.
std::span<const Migration> migrations() noexcept;
// The newest version this build knows (the last entry of migrations()).
int latest_schema_version() noexcept;

// The highest version recorded in schema_version; 0 for a database without the table.
int current_schema_version(SQLite::Database& db);

// Applies the pending entries of `list` and returns the resulting version.
int migrate(SQLite::Database& db, std::string_view label, const Logger& logger,
            std::span<const Migration> list = migrations());

}  // namespace antevorta::store
