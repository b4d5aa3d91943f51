#include "store/open.hpp"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sqlite3.h>
#include <system_error>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

namespace antevorta::store::detail {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kHeaderSize = 100;
constexpr std::string_view kMagic{"SQLite format 3\0", 16};

[[noreturn]] void fail(std::string_view label, std::string_view problem) {
  throw StoreError(fmt::format("{}: {}", label, problem));
}

std::uint32_t be16(const unsigned char* p) { return (std::uint32_t{p[0]} << 8) | p[1]; }
std::uint32_t be32(const unsigned char* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

bool non_empty_file(const fs::path& p) {
  std::error_code ec;
  const auto size = fs::file_size(p, ec);
  return !ec && size > 0;
}

// SQLite opens garbage lazily and reads a truncated file's missing pages as zeros, so
// without this check both would fail much later, on the first query that touches them.
void check_header(const fs::path& path, std::uintmax_t size, std::string_view label) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(label, "cannot open: cannot read the file (permission denied?)");
  unsigned char h[kHeaderSize] = {};
  in.read(reinterpret_cast<char*>(h), kHeaderSize);
  const auto got = static_cast<std::size_t>(in.gcount());
  if (std::memcmp(h, kMagic.data(), std::min(got, kMagic.size())) != 0) {
    fail(label, "file is not a database (corrupt or not SQLite)");
  }
  if (got < kHeaderSize) {
    fail(label, fmt::format("file is truncated ({} bytes, shorter than the {}-byte SQLite header)",
                            size, kHeaderSize));
  }
  std::uint32_t page_size = be16(h + 16);
  if (page_size == 1) page_size = 65536;
  if (page_size < 512 || page_size > 65536 || (page_size & (page_size - 1)) != 0) {
    fail(label, fmt::format("file is corrupt (invalid page size {} in the header)", page_size));
  }
  // A WAL or a hot rollback journal may hold pages the main file does not have yet.
  const std::string base = path.string();
  if (non_empty_file(base + "-wal") || non_empty_file(base + "-journal")) return;
  if (size % page_size != 0) {
    fail(label, fmt::format("file is truncated ({} bytes, not a multiple of the page size {})",
                            size, page_size));
  }
  const std::uint32_t change_counter = be32(h + 24);
  const std::uint32_t pages = be32(h + 28);
  const std::uint32_t valid_for = be32(h + 92);  // the page count is valid if this matches
  if (change_counter == valid_for && pages != 0 &&
      size < std::uintmax_t{pages} * std::uintmax_t{page_size}) {
    fail(label, fmt::format("file is truncated ({} bytes, the header says {} pages of {} bytes)",
                            size, pages, page_size));
  }
}

[[noreturn]] void fail_sqlite(std::string_view label, const SQLite::Exception& e, bool existed) {
  switch (e.getErrorCode() & 0xff) {
    case SQLITE_CANTOPEN:
      if (!existed)
        fail(label, fmt::format("cannot create: {} (directory not writable?)", e.what()));
      fail(label, fmt::format("cannot open: {} (permission denied?)", e.what()));
    case SQLITE_NOTADB:
      fail(label, "file is not a database (corrupt or not SQLite)");
    case SQLITE_CORRUPT:
      fail(label, fmt::format("file is corrupt: {}", e.what()));
    case SQLITE_READONLY:
      fail(label, fmt::format("cannot write: {} (file or directory not writable?)", e.what()));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      fail(label, fmt::format("locked by another connection: {}", e.what()));
    case SQLITE_PERM:
    case SQLITE_AUTH:
      fail(label, fmt::format("permission denied: {}", e.what()));
    case SQLITE_FULL:
      fail(label, fmt::format("disk full: {}", e.what()));
    case SQLITE_IOERR:
      fail(label, fmt::format("I/O error: {}", e.what()));
    default:
      fail(label, e.what());
  }
}

std::string query_text(SQLite::Database& db, const char* sql) {
  SQLite::Statement q(db, sql);
  if (!q.executeStep()) return {};
  return q.getColumn(0).getString();
}

int busy_timeout_ms(const StoreOptions& options) {
  return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(options.busy_timeout.count(),
                                                                     0, 24 * 3600 * 1000));
}

}  // namespace

std::string database_label(const fs::path& path) {
  return fmt::format("database {}", path.string());
}

bool prepare_file(const fs::path& path, std::string_view label) {
  std::error_code ec;
  const fs::path parent = path.parent_path();
  if (!parent.empty()) {
    fs::create_directories(parent, ec);
    if (ec)
      fail(label, fmt::format("cannot create directory {}: {}", parent.string(), ec.message()));
  }
  const fs::file_status st = fs::status(path, ec);
  if (!fs::exists(st)) return false;
  if (ec) fail(label, fmt::format("cannot access: {}", ec.message()));
  if (fs::is_directory(st)) fail(label, "is a directory, not a database file");
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) fail(label, fmt::format("cannot access: {}", ec.message()));
  if (size > 0) check_header(path, size, label);  // an empty file is a valid new database
  return true;
}

std::unique_ptr<SQLite::Database> open_write_connection(const StoreOptions& options,
                                                        std::string_view label, bool existed) {
  try {
    auto db = std::make_unique<SQLite::Database>(
        options.path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE | SQLite::OPEN_NOMUTEX,
        busy_timeout_ms(options));
    std::string mode = query_text(*db, "PRAGMA journal_mode=WAL");
    std::transform(mode.begin(), mode.end(), mode.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (mode != "wal") {
      fail(label, fmt::format("journal_mode is '{}', not 'wal' (WAL needs a local file system "
                              "with shared memory)",
                              mode));
    }
    db->exec("PRAGMA synchronous=NORMAL");
    db->exec("PRAGMA foreign_keys=ON");
    db->exec("SELECT count(*) FROM sqlite_schema");
    db->exec("BEGIN IMMEDIATE; COMMIT;");
    return db;
  } catch (const SQLite::Exception& e) {
    fail_sqlite(label, e, existed);
  }
}

std::unique_ptr<SQLite::Database> open_read_connection(const StoreOptions& options,
                                                       std::string_view label) {
  try {
    auto db = std::make_unique<SQLite::Database>(
        options.path, SQLite::OPEN_READONLY | SQLite::OPEN_NOMUTEX, busy_timeout_ms(options));
    db->exec("SELECT count(*) FROM sqlite_schema");
    return db;
  } catch (const SQLite::Exception& e) {
    fail_sqlite(label, e, true);
  }
}

}  // namespace antevorta::store::detail
