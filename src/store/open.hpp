// Opening and verifying the database file: directory creation, header checks that catch
// garbage and truncated files, WAL and the other pragmas, and one-line error messages.
// Every function throws StoreError whose message starts with `label`.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "antevorta/store/store.hpp"

namespace SQLite {
class Database;
}

namespace antevorta::store::detail {

// "database <path>": the prefix of every error message about this file.
std::string database_label(const std::filesystem::path& path);

// Creates the parent directory and checks an existing file's SQLite header and size.
// Returns whether the file existed.
bool prepare_file(const std::filesystem::path& path, std::string_view label);

// The read-write connection for migrations and the writer thread: WAL (verified),
// synchronous=NORMAL, foreign_keys=ON, busy_timeout; the schema is read and a write lock
// taken once so that an unreadable or unwritable file fails here.
std::unique_ptr<SQLite::Database> open_write_connection(const StoreOptions& options,
                                                        std::string_view label, bool existed);

// The read-only connection for synchronous queries.
std::unique_ptr<SQLite::Database> open_read_connection(const StoreOptions& options,
                                                       std::string_view label);

}  // namespace antevorta::store::detail
