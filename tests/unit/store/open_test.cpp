#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <unistd.h>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Statement.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/core/logging.hpp"
#include "antevorta/store/migrations.hpp"
#include "antevorta/store/store.hpp"

#include "unit/store/store_test_support.hpp"

namespace antevorta::store {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using testing::options_for;
using testing::TempDir;

// The StoreError message thrown when opening `path`.
std::string open_error(const StoreOptions& options) {
  try {
    Store s(options, null_logger());
  } catch (const StoreError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected StoreError opening " << options.path;
  return {};
}

std::string open_error(const fs::path& path) { return open_error(options_for(path)); }

void write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string journal_mode(SQLite::Database& db) {
  SQLite::Statement q(db, "PRAGMA journal_mode");
  q.executeStep();
  return q.getColumn(0).getString();
}

// A closed, valid database of several hundred pages.
void make_database(const fs::path& path) {
  Store s(options_for(path), null_logger());
  const std::string payload(1000, 'p');
  for (int i = 0; i < 300; ++i) s.append_event(i, "fill", payload);
  s.flush();
}

TEST(StoreOpen, CreatesFileAndParentDirectoriesInWalMode) {
  TempDir dir;
  const fs::path path = dir / "nested/deeper/antevorta.db";
  Store s(options_for(path), null_logger());
  EXPECT_TRUE(fs::is_directory(path.parent_path()));
  EXPECT_TRUE(fs::is_regular_file(path));
  EXPECT_EQ(journal_mode(s.read()), "wal");
  EXPECT_EQ(s.schema_version(), latest_schema_version());
  EXPECT_EQ(s.path(), path);

  SQLite::Database other(path, SQLite::OPEN_READONLY);  // WAL is persistent in the file
  EXPECT_EQ(journal_mode(other), "wal");
}

TEST(StoreOpen, EmptyFileIsANewDatabase) {
  TempDir dir;
  const fs::path path = dir / "empty.db";
  write_file(path, "");
  Store s(options_for(path), null_logger());
  EXPECT_EQ(s.schema_version(), latest_schema_version());
}

TEST(StoreOpen, GarbageFileIsRefusedNamingTheFile) {
  TempDir dir;
  const fs::path path = dir / "garbage.db";
  std::string bytes;
  for (int i = 0; i < 8192; ++i) bytes.push_back(static_cast<char>((i * 7919 + 13) % 256));
  write_file(path, bytes);
  const std::string msg = open_error(path);
  EXPECT_THAT(msg, HasSubstr("database " + path.string() + ": "));
  EXPECT_THAT(msg, HasSubstr("file is not a database (corrupt or not SQLite)"));
  EXPECT_EQ(msg.find('\n'), std::string::npos);
  EXPECT_EQ(fs::file_size(path), 8192u) << "a refused file must not be modified";
}

TEST(StoreOpen, ShortTextFileIsRefused) {
  TempDir dir;
  const fs::path path = dir / "notes.db";
  write_file(path, "hello\n");
  EXPECT_THAT(open_error(path),
              HasSubstr("database " + path.string() + ": file is not a database"));
}

TEST(StoreOpen, TruncatedDatabaseIsRefusedNamingTheFile) {
  TempDir dir;
  const fs::path original = dir / "original.db";
  make_database(original);
  ASSERT_FALSE(fs::exists(original.string() + "-wal") &&
               fs::file_size(original.string() + "-wal") > 0)
      << "a clean close checkpoints the WAL";
  const auto size = fs::file_size(original);
  ASSERT_GT(size, 200'000u);

  // Cut at a page boundary, in the middle of a page, inside the first page, inside the header.
  for (const std::uintmax_t cut :
       {size / 2 / 4096 * 4096, size / 2 + 100, std::uintmax_t{3000}, std::uintmax_t{60}}) {
    SCOPED_TRACE(cut);
    const fs::path path = dir / ("truncated-" + std::to_string(cut) + ".db");
    fs::copy_file(original, path);
    fs::resize_file(path, cut);
    const std::string msg = open_error(path);
    EXPECT_THAT(msg, HasSubstr("database " + path.string() + ": file is truncated"));
  }
}

TEST(StoreOpen, CorruptFirstPageIsRefused) {
  TempDir dir;
  const fs::path path = dir / "corrupt.db";
  make_database(path);
  {
    std::fstream f(path, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(100);  // keep the 100-byte file header, destroy the schema page behind it
    const std::string junk(3000, '\xff');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const std::string msg = open_error(path);
  EXPECT_THAT(msg, HasSubstr("database " + path.string() + ": "));
  EXPECT_THAT(msg, HasSubstr("corrupt"));
}

TEST(StoreOpen, ReadOnlyDirectoryIsRefusedNamingTheFile) {
  TempDir dir;
  const fs::path ro = dir / "ro";
  fs::create_directories(ro);
  fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                          fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
  const fs::path probe = ro / "probe";
  if (const int fd = ::open(probe.c_str(), O_CREAT | O_WRONLY, 0600); fd >= 0) {
    ::close(fd);
    GTEST_SKIP() << "a 0555 directory is still writable here (running as root?)";
  }
  const fs::path path = ro / "x.db";
  const std::string msg = open_error(path);
  EXPECT_THAT(msg, HasSubstr("database " + path.string() + ": cannot create"));
  EXPECT_THAT(msg, HasSubstr("directory not writable?"));
}

TEST(StoreOpen, ParentThatIsAFileIsRefusedNamingTheFile) {
  TempDir dir;
  const fs::path blocker = dir / "data";
  write_file(blocker, "not a directory");
  const fs::path path = blocker / "x.db";
  const std::string msg = open_error(path);
  EXPECT_THAT(msg, HasSubstr("database " + path.string() + ": cannot create directory"));
}

TEST(StoreOpen, DirectoryAsPathIsRefused) {
  TempDir dir;
  EXPECT_THAT(open_error(dir.path()), HasSubstr("is a directory"));
}

TEST(StoreOpen, RefusesAJournalModeOtherThanWal) {
  // An in-memory database cannot use WAL; the check must notice rather than run without it.
  const std::string msg = open_error(fs::path(":memory:"));
  EXPECT_THAT(msg, HasSubstr("database :memory:: journal_mode is 'memory', not 'wal'"));
}

TEST(StoreOpen, InvalidOptionsAreRefused) {
  TempDir dir;
  StoreOptions o = options_for(dir / "x.db");
  o.batch_max_rows = 0;
  EXPECT_THAT(open_error(o), HasSubstr("invalid options: batch_max_rows"));
  o = options_for(dir / "x.db");
  o.queue_capacity = 0;
  EXPECT_THAT(open_error(o), HasSubstr("invalid options: queue_capacity"));
}

}  // namespace
}  // namespace antevorta::store
