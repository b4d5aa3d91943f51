#include "antevorta/store/store.hpp"

#include <cassert>
#include <utility>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

#include "antevorta/store/migrations.hpp"

#include "store/detail.hpp"
#include "store/open.hpp"
#include "store/writer.hpp"

namespace antevorta::store {

namespace {

constexpr const char* kInsertSession =
    "INSERT INTO runtime_sessions (started_at_ns, environment, execution_mode, version) "
    "VALUES (?, ?, ?, ?)";
constexpr const char* kEndSession = "UPDATE runtime_sessions SET stopped_at_ns = ? WHERE id = ?";
constexpr const char* kPutState =
    "INSERT INTO kv_state (key, value, updated_at_ns) VALUES (?, ?, ?) "
    "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at_ns = "
    "excluded.updated_at_ns";
constexpr const char* kGetState = "SELECT value FROM kv_state WHERE key = ?";
constexpr const char* kAppendEvent =
    "INSERT INTO event_log (ts_ns, kind, payload) VALUES (?, ?, ?)";

void validate(const StoreOptions& o, std::string_view label) {
  const char* problem = nullptr;
  if (o.path.empty()) {
    problem = "path is empty";
  } else if (o.batch_max_rows == 0) {
    problem = "batch_max_rows must be at least 1";
  } else if (o.queue_capacity == 0) {
    problem = "queue_capacity must be at least 1";
  } else if (o.flush_interval.count() < 0 || o.busy_timeout.count() < 0 ||
             o.close_timeout.count() < 0) {
    problem = "flush_interval, busy_timeout and close_timeout must not be negative";
  }
  if (problem != nullptr) throw StoreError(fmt::format("{}: invalid options: {}", label, problem));
}

}  // namespace

Store::Store(StoreOptions options, Logger logger)
    : options_(std::move(options)),
      logger_(logger ? std::move(logger) : null_logger("store")),
      label_(detail::database_label(options_.path)) {
  validate(options_, label_);
  const bool existed = detail::prepare_file(options_.path, label_);
  auto write_db = detail::open_write_connection(options_, label_, existed);
  schema_version_ = migrate(*write_db, label_, logger_);
  read_db_ = detail::open_read_connection(options_, label_);
  writer_ = std::make_unique<detail::Writer>(std::move(write_db), options_, logger_, label_);
  logger_->info(
      "store_opened path={} created={} schema_version={} journal_mode=wal batch_max_rows={} "
      "flush_interval_ms={} queue_capacity={}",
      log_value(options_.path.string()), !existed, schema_version_, options_.batch_max_rows,
      options_.flush_interval.count(), options_.queue_capacity);
}

Store::~Store() { close(); }

bool Store::enqueue(Write write) { return writer_->enqueue(std::move(write)); }

bool Store::enqueue_group(std::vector<Write> writes) {
  return writer_->enqueue_group(std::move(writes), nullptr);
}

bool Store::enqueue_and_notify(std::vector<Write> writes, CommitCallback on_commit) {
  assert(on_commit && "enqueue_and_notify() without a callback");
  return writer_->enqueue_group(std::move(writes), std::move(on_commit));
}

void Store::flush() { writer_->flush(); }

void Store::close() noexcept {
  if (closed_) return;
  closed_ = true;
  // The read-only connection goes first: only a read-write connection closing last can
  // checkpoint the WAL into the main file and delete it.
  read_db_.reset();
  writer_->close();
  const StoreStats s = writer_->stats();
  logger_->info(
      "store_closed path={} rows_written={} batches_committed={} rows_dropped={} rows_failed={}",
      log_value(options_.path.string()), s.rows_written, s.batches_committed, s.rows_dropped,
      s.rows_failed);
}

StoreStats Store::stats() const { return writer_->stats(); }

SQLite::Database& Store::read() {
  assert(read_db_ && "Store::read() after close()");
  return *read_db_;
}

std::int64_t Store::begin_session(std::int64_t started_at_ns, std::string_view environment,
                                  std::string_view execution_mode, std::string_view version) {
  auto id = writer_->enqueue_for_rowid(Write{
      kInsertSession,
      {started_at_ns, std::string(environment), std::string(execution_mode), std::string(version)},
      Durability::critical});
  return id.get();
}

void Store::end_session(std::int64_t session_id, std::int64_t stopped_at_ns) {
  enqueue(Write{kEndSession, {stopped_at_ns, session_id}, Durability::critical});
}

void Store::put_state(std::string_view key, std::string_view value, std::int64_t updated_at_ns) {
  enqueue(Write{
      kPutState, {std::string(key), std::string(value), updated_at_ns}, Durability::critical});
}

std::optional<std::string> Store::get_state(std::string_view key) {
  try {
    SQLite::Statement q(read(), kGetState);
    q.bind(1, std::string(key));
    if (!q.executeStep()) return std::nullopt;
    return q.getColumn(0).getString();
  } catch (const SQLite::Exception& e) {
    throw StoreError(fmt::format("{}: get_state failed: {}", label_, e.what()));
  }
}

void Store::append_event(std::int64_t ts_ns, std::string_view kind, std::string_view payload,
                         Durability durability) {
  enqueue(Write{kAppendEvent, {ts_ns, std::string(kind), std::string(payload)}, durability});
}

}  // namespace antevorta::store
