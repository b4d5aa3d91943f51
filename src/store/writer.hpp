// The store's writer thread: a bounded queue of writes drained in batched transactions by a
// thread that owns its own SQLite connection. See store.hpp for the contract.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "antevorta/core/logging.hpp"
#include "antevorta/store/store.hpp"

#include "store/detail.hpp"

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace antevorta::store::detail {

class Writer {
 public:
  using Clock = std::chrono::steady_clock;

  // Takes ownership of an open, migrated connection and starts the thread.
  Writer(std::unique_ptr<SQLite::Database> db, const StoreOptions& options, Logger logger,
         std::string label);
  ~Writer();  // close()

  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  bool enqueue(Write write);
  // Queues a unit of one or more critical writes committed all-or-nothing. With a callback,
  // an immediate commit is requested and the callback runs exactly once: on the writer
  // thread after the unit's commit or failure, or on this thread when it is refused.
  bool enqueue_group(std::vector<Write> writes, CommitCallback on_commit);
  // Enqueues a critical write, asks for an immediate commit and returns its rowid once
  // committed; the future holds a StoreError if the write failed or was refused.
  std::future<std::int64_t> enqueue_for_rowid(Write write);
  void flush();
  void close() noexcept;
  StoreStats stats() const;

 private:
  // One unit: a row, or a group committed all-or-nothing (`write` first, then `more`).
  struct Job {
    Write write;
    std::vector<Write> more;
    std::uint64_t seq = 0;
    CommitCallback on_commit;         // set for waited units only
    CommitResult outcome;             // for on_commit, set when the unit is finished
    std::int64_t inserted_rowid = 0;  // after the unit's first statement
    std::size_t rows() const noexcept { return 1 + more.size(); }
  };
  enum class Status { done, permanent, transient };
  struct Attempt {
    Status status = Status::done;
    std::string error;  // for transient failures
  };
  struct Tally {
    std::uint64_t written = 0;
    std::uint64_t failed = 0;
    std::uint64_t retries = 0;
    bool committed = false;
    bool synced = false;  // committed with synchronous=FULL
  };

  // Moves from `job` only when it accepts it; a job with a callback is urgent.
  bool push(Job& job);
  void run();
  // Writes one batch: all rows in one transaction, or row by row after a row failed.
  Tally process(std::vector<Job>& batch);
  Attempt write_all(std::vector<Job>& batch, Tally& tally);
  Attempt write_rows(std::vector<Job>& batch, std::size_t& next, Tally& tally);
  // Runs one job's statements; throws on failure.
  void execute(Job& job);
  void execute(const Write& write);
  // synchronous=FULL for batches that someone waits on, NORMAL otherwise.
  void set_full_sync(bool full);
  // Records a waited unit's outcome; deliver() runs the callbacks once the batch is
  // accounted for (stats, done_seq_), outside the lock.
  void report(Job& job, CommitResult result) noexcept;
  void deliver(std::vector<Job>& jobs) noexcept;
  void committed(Job& job) noexcept;
  SQLite::Statement& statement(const std::string& sql);
  void rollback() noexcept;
  void fail_row(Job& job, const std::string& error, Tally& tally);
  void abandon(std::vector<Job>& jobs, std::size_t from, const std::string& error, Tally& tally);
  bool giving_up() const;
  void abandon_queue(const std::string& error);

  const std::size_t batch_max_rows_;
  const Clock::duration flush_interval_;
  const std::size_t queue_capacity_;
  const Clock::duration close_timeout_;
  const bool sync_waited_commits_;
  const Logger logger_;
  const std::string label_;

  // Writer thread only.
  std::unique_ptr<SQLite::Database> db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  RateLimiter failed_log_{std::chrono::seconds(5)};
  RateLimiter retry_log_{std::chrono::seconds(5)};
  bool abandoning_ = false;
  bool full_sync_ = false;

  // Guarded by mu_.
  mutable std::mutex mu_;
  std::condition_variable work_cv_;  // the writer waits for rows, flushes and stop
  std::condition_variable done_cv_;  // flush() waits for done_seq_
  std::deque<Job> queue_;
  std::uint64_t last_seq_ = 0;      // sequence number of the last accepted row
  std::uint64_t done_seq_ = 0;      // every row up to here is committed or failed
  std::uint64_t flush_target_ = 0;  // commit without waiting until done_seq_ reaches this
  Clock::time_point oldest_at_{};   // when the queue last became non-empty
  bool stopping_ = false;
  Clock::time_point stop_deadline_{};
  StoreStats stats_;
  RateLimiter dropped_log_{std::chrono::seconds(5)};
  RateLimiter over_capacity_log_{std::chrono::seconds(5)};
  RateLimiter closed_log_{std::chrono::seconds(5)};

  std::mutex join_mu_;
  std::thread thread_;
};

}  // namespace antevorta::store::detail
