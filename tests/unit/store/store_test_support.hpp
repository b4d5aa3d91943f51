// Helpers for the store tests: a unique temporary directory per test, row counting, a
// second connection that holds the write lock, and polling with a bound.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <system_error>
#include <thread>
#include <unistd.h>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "antevorta/store/store.hpp"

namespace antevorta::store::testing {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            fmt::format("antevorta-store-{}-{}-{}-{}", ::getpid(),
                        info ? info->test_suite_name() : "", info ? info->name() : "", counter++);
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    // Undo any chmod a test left behind, then delete everything.
    for (auto it = std::filesystem::recursive_directory_iterator(path_, ec);
         it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
      std::filesystem::permissions(it->path(), std::filesystem::perms::owner_all,
                                   std::filesystem::perm_options::add, ec);
    }
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline StoreOptions options_for(const std::filesystem::path& path) {
  StoreOptions o;
  o.path = path;
  o.busy_timeout = std::chrono::milliseconds(20);  // lock tests retry quickly
  return o;
}

inline std::int64_t count_rows(SQLite::Database& db, const std::string& table,
                               const std::string& where = "") {
  SQLite::Statement q(db,
                      "SELECT count(*) FROM " + table + (where.empty() ? "" : " WHERE " + where));
  q.executeStep();
  return q.getColumn(0).getInt64();
}

// Rows of `table` as a fresh connection sees them: what is committed, from outside the store.
inline std::int64_t committed_rows(const std::filesystem::path& path, const std::string& table,
                                   const std::string& where = "") {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return count_rows(db, table, where);
}

// Polls until pred() holds; a generous bound only guards against a hung test.
template <class Pred>
bool eventually(Pred pred) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < until) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return pred();
}

// A second read-write connection that holds the database's write lock while it lives.
class WriteLock {
 public:
  explicit WriteLock(const std::filesystem::path& path) : db_(path, SQLite::OPEN_READWRITE) {
    db_.exec("BEGIN EXCLUSIVE");
  }
  ~WriteLock() { release(); }
  void release() {
    if (held_) db_.exec("ROLLBACK");
    held_ = false;
  }

 private:
  SQLite::Database db_;
  bool held_ = true;
};

}  // namespace antevorta::store::testing
