// The SQLite store: one database file in WAL mode, versioned migrations, a batched writer
// thread that never stalls the event loop, and a read connection for synchronous queries.
//
// Threading:
//   - enqueue(), enqueue_group(), enqueue_and_notify(), flush(), stats(), begin_session(),
//     end_session(), put_state() and append_event() may be called from any thread.
//   - read(), get_state() and close() belong to the thread that constructed the Store (the
//     event loop): read() hands out a connection that thread owns.
//   - enqueue() takes a mutex and pushes onto a queue: no disk I/O, never waits for SQLite.
//     A dedicated writer thread with its own connection commits batches of up to
//     batch_max_rows units (a unit is one row or one group) in one transaction, as soon as
//     batch_max_rows are waiting or the oldest waiting unit is flush_interval old (or
//     someone calls flush(), or a unit with a commit callback is queued).
//   - Reads see committed rows only; call flush() first to read your own enqueued writes.
//
// Groups: enqueue_group() queues several statements that are committed in one transaction,
// all or none (a fill and its ledger rows). A failing statement rolls back its whole group,
// and only its group: the other units of the batch still commit.
//
// Waiting for a commit (durable before send): enqueue_and_notify() queues a unit, asks the
// writer to commit at once, and calls back exactly once with the outcome. The callback runs
// on the writer thread once its batch is finished (COMMIT returned, so the rows are visible
// to every connection, and stats() counts them), or on the calling thread when the unit is
// refused (store closed). A batch that carries such a unit is committed with
// synchronous=FULL (unless sync_waited_commits is false), so the WAL is on disk before the
// callback runs: the row survives a power cut, not only a crash of the process. The
// callback must be quick and must not call flush() or close() (the writer thread would wait
// for itself); it may enqueue. A callback that throws is logged and ignored.
// To resume on an event loop, use async_commit() (store/commit_wait.hpp), which posts the
// completion to an executor.
//
// Queue bound and overflow policy: at most queue_capacity units may be pending (waiting or
// being committed). Beyond it, best_effort rows (market data, signals) are dropped and
// counted; critical rows and groups (orders, fills, ledger, latched state) are always
// accepted. Both cases log a rate-limited warning.
//
// Errors:
//   - Opening (constructor): any failure throws StoreError, whose message is one line that
//     names the database file and the problem (not a database, truncated, cannot create,
//     schema newer than this build, WAL not available, …). Garbage files, truncated files
//     and an unreadable schema page are detected here; no full integrity_check is run
//     (it reads every page), so damage deep inside a table surfaces on first use.
//   - A write whose statement fails for a reason of its own (constraint violation, SQL
//     error, wrong parameter count) is logged (SQL text and error only, never parameter
//     values) and counted in rows_failed (every row of a failed group counts); the other
//     units of its batch are still committed.
//   - Infrastructure failures while writing (database locked by another process, disk
//     full, I/O error) keep the rows queued and are retried with backoff; flush() waits for
//     them. close() gives up after close_timeout and counts the remaining rows as failed.
//   - begin_session() and get_state() throw StoreError on failure.
//   - Calling read() after close() is a broken invariant (assert), as is an empty group.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "antevorta/core/logging.hpp"

namespace SQLite {
class Database;
}

namespace antevorta::store {

// Any failure to open, verify or migrate the database; the message names the file.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct StoreOptions {
  std::filesystem::path path;
  // Largest number of units (rows or groups) committed in one transaction.
  std::size_t batch_max_rows = 512;
  // Longest time a unit waits in the queue before its batch is committed.
  std::chrono::milliseconds flush_interval{50};
  // Bound on pending units; past it best_effort rows are dropped (critical ones are kept).
  std::size_t queue_capacity = 100000;
  // How long a connection waits for a lock held by another connection before retrying.
  std::chrono::milliseconds busy_timeout{5000};
  // How long close() keeps retrying pending rows after an infrastructure failure.
  std::chrono::milliseconds close_timeout{10000};
  // Commit units somebody waits for (enqueue_and_notify) with synchronous=FULL: the WAL is
  // fsynced before the callback, so the row survives a power cut (one fsync, ~1-10 ms).
  // false: synchronous=NORMAL like every batch (survives a crash of the process, not of the
  // machine).
  bool sync_waited_commits = true;
};

// A bound SQL parameter. Money is int64 centi-cents, never double.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

enum class Durability {
  critical,     // orders, fills, ledger, latched state: always accepted
  best_effort,  // market data, signals: dropped when the queue is full
};

// One row-level statement for the writer thread. Parameters bind to ?1, ?2, … in order.
// Prepared statements are cached per SQL text, so keep the SQL constant and put the
// values in params.
struct Write {
  std::string sql;
  std::vector<Value> params;
  Durability durability = Durability::critical;
};

// The outcome of one unit (a row or a group), as told to a CommitCallback.
struct CommitResult {
  bool committed = false;
  // The rowid inserted by the unit's first statement (meaningful when it is an INSERT).
  std::int64_t rowid = 0;
  // Why it was not committed: SQLite's message, "store is closed", or "abandoned at close".
  std::string error;
};

// Called exactly once per unit queued with enqueue_and_notify(); see the threading notes.
using CommitCallback = std::function<void(const CommitResult&)>;

struct StoreStats {
  std::uint64_t rows_written = 0;       // committed successfully
  std::uint64_t batches_committed = 0;  // transactions committed
  std::uint64_t rows_dropped = 0;       // best_effort rows refused at capacity
  std::uint64_t rows_failed = 0;        // statements that failed (logged), or abandoned at close
  std::uint64_t retries = 0;            // batches retried after an infrastructure failure
  std::uint64_t synced_commits = 0;     // transactions committed with synchronous=FULL
  std::size_t queue_depth = 0;          // units accepted and not yet committed or failed
  std::chrono::nanoseconds max_batch_duration{0};  // longest BEGIN…COMMIT seen
};

namespace detail {
class Writer;
}

class Store {
 public:
  // Opens or creates the database (and its parent directory), enables WAL, applies pending
  // migrations, opens the read connection and starts the writer thread.
  // Throws StoreError (naming the file) on any failure.
  Store(StoreOptions options, Logger logger);
  ~Store();  // close()

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Queues one write; returns false if it was dropped (best_effort at capacity, or the
  // store is closed). O(1): takes a mutex and pushes.
  bool enqueue(Write write);

  // Queues several critical writes committed in one transaction, all or none. Returns false
  // only when the store is closed. O(1) like enqueue(). `writes` must not be empty.
  bool enqueue_group(std::vector<Write> writes);

  // Queues one unit of critical writes (one or more, all or none), asks for an immediate
  // commit and calls `on_commit` exactly once with the outcome (see "Waiting for a commit").
  // Returns false when refused (store closed); on_commit has then already run.
  bool enqueue_and_notify(std::vector<Write> writes, CommitCallback on_commit);

  // Blocks until every write enqueued before this call is committed (or has failed).
  void flush();

  // Flushes, stops the writer thread and closes both connections. Idempotent; owning thread
  // only. Afterwards enqueue() returns false, begin_session() throws and stats()
  // still reports the final counters.
  void close() noexcept;

  StoreStats stats() const;

  // The schema version after migrations (the newest this build knows).
  int schema_version() const noexcept { return schema_version_; }
  const std::filesystem::path& path() const noexcept { return options_.path; }

  // The read-only connection for synchronous queries on the owning thread.
  SQLite::Database& read();

  // Inserts a runtime_sessions row through the writer and waits for its commit.
  // Blocks for up to one commit; meant for startup, not the hot path. Throws StoreError.
  std::int64_t begin_session(std::int64_t started_at_ns, std::string_view environment,
                             std::string_view execution_mode, std::string_view version);
  // Sets stopped_at_ns of a session (critical, enqueued).
  void end_session(std::int64_t session_id, std::int64_t stopped_at_ns);

  // Latched key/value state (kill switch, …): critical upsert, enqueued.
  void put_state(std::string_view key, std::string_view value, std::int64_t updated_at_ns);
  // The committed value of key; read connection, owning thread only. Throws StoreError.
  std::optional<std::string> get_state(std::string_view key);

  // Appends an audit-trail row to event_log.
  void append_event(std::int64_t ts_ns, std::string_view kind, std::string_view payload,
                    Durability durability = Durability::critical);

 private:
  StoreOptions options_;
  Logger logger_;
  std::string label_;  // "database <path>", the prefix of every error message
  int schema_version_ = 0;
  bool closed_ = false;
  std::unique_ptr<SQLite::Database> read_db_;
  std::unique_ptr<detail::Writer> writer_;
};

}  // namespace antevorta::store
