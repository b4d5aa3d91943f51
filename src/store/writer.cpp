#include "store/writer.hpp"

#include <algorithm>
#include <cassert>
#include <exception>
#include <iterator>
#include <optional>
#include <sqlite3.h>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <fmt/format.h>

namespace antevorta::store::detail {

namespace {

// Statements are cached per SQL text; a caller that formats values into the SQL would grow
// the cache without bound, so it is cleared past this size.
constexpr std::size_t kMaxCachedStatements = 256;

constexpr auto kFirstBackoff = std::chrono::milliseconds(10);
constexpr auto kMaxBackoff = std::chrono::milliseconds(1000);

// A failure that belongs to the row itself (wrong parameter count).
class RowError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Failure {
  bool transient;
  std::string message;
};

Failure classify(const std::exception& e) {
  if (const auto* sq = dynamic_cast<const SQLite::Exception*>(&e)) {
    const int code = sq->getErrorCode();
    const bool transient = code > 0 && is_transient_sqlite_error(code);
    return {transient, fmt::format("{} (code {})", sq->what(), code)};
  }
  return {false, e.what()};
}

}  // namespace

Writer::Writer(std::unique_ptr<SQLite::Database> db, const StoreOptions& options, Logger logger,
               std::string label)
    : batch_max_rows_(std::max<std::size_t>(options.batch_max_rows, 1)),
      flush_interval_(options.flush_interval),
      queue_capacity_(options.queue_capacity),
      close_timeout_(options.close_timeout),
      sync_waited_commits_(options.sync_waited_commits),
      logger_(std::move(logger)),
      label_(std::move(label)),
      db_(std::move(db)) {
  thread_ = std::thread([this] { run(); });
}

Writer::~Writer() { close(); }

bool Writer::enqueue(Write write) {
  Job job;
  job.write = std::move(write);
  return push(job);
}

bool Writer::enqueue_group(std::vector<Write> writes, CommitCallback on_commit) {
  assert(!writes.empty() && "an empty group");
  if (writes.empty()) {
    if (on_commit) on_commit(CommitResult{false, 0, "empty group"});
    return false;
  }
  Job job;
  job.write = std::move(writes.front());
  job.write.durability = Durability::critical;
  job.more.reserve(writes.size() - 1);
  for (auto it = writes.begin() + 1; it != writes.end(); ++it) job.more.push_back(std::move(*it));
  job.on_commit = std::move(on_commit);
  if (push(job)) return true;
  if (job.on_commit) job.on_commit(CommitResult{false, 0, "store is closed"});
  return false;
}

std::future<std::int64_t> Writer::enqueue_for_rowid(Write write) {
  auto promise = std::make_shared<std::promise<std::int64_t>>();
  auto future = promise->get_future();
  std::vector<Write> unit;
  unit.push_back(std::move(write));
  enqueue_group(std::move(unit), [promise, label = label_](const CommitResult& r) {
    if (r.committed) {
      promise->set_value(r.rowid);
    } else {
      promise->set_exception(std::make_exception_ptr(StoreError(label + ": " + r.error)));
    }
  });
  return future;
}

bool Writer::push(Job& job) {
  enum class Note { none, dropped, over_capacity, closed };
  Note note = Note::none;
  std::uint64_t suppressed = 0;
  std::size_t pending = 0;
  bool notify = false;
  bool accepted = true;
  {
    std::lock_guard lock(mu_);
    pending = static_cast<std::size_t>(last_seq_ - done_seq_);
    std::optional<std::uint64_t> logged;
    if (stopping_) {
      accepted = false;
      logged = closed_log_.allow(Clock::now());
      if (logged) note = Note::closed;
    } else if (pending >= queue_capacity_) {
      if (job.write.durability == Durability::best_effort && job.more.empty()) {
        accepted = false;
        ++stats_.rows_dropped;
        logged = dropped_log_.allow(Clock::now());
        if (logged) note = Note::dropped;
      } else {
        logged = over_capacity_log_.allow(Clock::now());
        if (logged) note = Note::over_capacity;
      }
    }
    if (logged) suppressed = *logged;
    if (accepted) {
      const bool urgent = static_cast<bool>(job.on_commit);
      if (queue_.empty()) oldest_at_ = Clock::now();
      job.seq = ++last_seq_;
      queue_.push_back(std::move(job));
      if (urgent) flush_target_ = std::max(flush_target_, last_seq_);
      notify = queue_.size() == 1 || queue_.size() == batch_max_rows_ || urgent;
    }
  }
  if (notify) work_cv_.notify_one();
  switch (note) {
    case Note::none:
      break;
    case Note::dropped:
      logger_->warn(
          "store_queue_full_dropping pending={} capacity={} durability=best_effort "
          "suppressed={}",
          pending, queue_capacity_, suppressed);
      break;
    case Note::over_capacity:
      logger_->warn(
          "store_queue_over_capacity pending={} capacity={} durability=critical suppressed={}",
          pending, queue_capacity_, suppressed);
      break;
    case Note::closed:
      logger_->error("store_enqueue_after_close suppressed={}", suppressed);
      break;
  }
  return accepted;
}

void Writer::flush() {
  std::unique_lock lock(mu_);
  const std::uint64_t target = last_seq_;
  if (done_seq_ >= target) return;
  flush_target_ = std::max(flush_target_, target);
  work_cv_.notify_one();
  done_cv_.wait(lock, [&] { return done_seq_ >= target; });
}

void Writer::close() noexcept {
  std::lock_guard join_lock(join_mu_);
  {
    std::lock_guard lock(mu_);
    if (!stopping_) {
      stopping_ = true;
      stop_deadline_ = Clock::now() + close_timeout_;
    }
  }
  work_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  statements_.clear();  // finalize before closing the connection
  db_.reset();
}

StoreStats Writer::stats() const {
  std::lock_guard lock(mu_);
  StoreStats s = stats_;
  s.queue_depth = static_cast<std::size_t>(last_seq_ - done_seq_);
  return s;
}

void Writer::run() {
  std::vector<Job> batch;
  batch.reserve(batch_max_rows_);
  std::unique_lock lock(mu_);
  for (;;) {
    work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) break;  // stopping, and everything is written
    if (abandoning_) {
      lock.unlock();
      abandon_queue("gave up at close");
      lock.lock();
      continue;
    }
    if (!stopping_ && queue_.size() < batch_max_rows_ && flush_target_ <= done_seq_) {
      work_cv_.wait_until(lock, oldest_at_ + flush_interval_, [&] {
        return stopping_ || queue_.size() >= batch_max_rows_ || flush_target_ > done_seq_;
      });
    }
    const std::size_t n = std::min(queue_.size(), batch_max_rows_);
    std::move(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n),
              std::back_inserter(batch));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    // If rows remain, oldest_at_ stays as it was: they are at least that old.
    lock.unlock();

    const auto started = Clock::now();
    const Tally tally = process(batch);
    const auto took = Clock::now() - started;
    const std::uint64_t last = batch.back().seq;

    lock.lock();
    stats_.rows_written += tally.written;
    stats_.rows_failed += tally.failed;
    if (tally.committed) {
      ++stats_.batches_committed;
      if (tally.synced) ++stats_.synced_commits;
      if (tally.retries == 0) {
        stats_.max_batch_duration = std::max(
            stats_.max_batch_duration, std::chrono::duration_cast<std::chrono::nanoseconds>(took));
      }
    }
    done_seq_ = last;
    done_cv_.notify_all();
    // Callbacks run after the counters and done_seq_ include their unit, outside the lock.
    lock.unlock();
    deliver(batch);
    batch.clear();
    lock.lock();
  }
}

Writer::Tally Writer::process(std::vector<Job>& batch) {
  Tally tally;
  tally.synced = sync_waited_commits_ && std::any_of(batch.begin(), batch.end(), [](const Job& j) {
                   return static_cast<bool>(j.on_commit);
                 });
  bool row_by_row = false;
  std::size_t next = 0;  // in row-by-row mode, rows before this one are finished
  auto backoff = std::chrono::duration_cast<Clock::duration>(kFirstBackoff);
  for (;;) {
    const Attempt a = row_by_row ? write_rows(batch, next, tally) : write_all(batch, tally);
    if (a.status == Status::done) return tally;
    if (a.status == Status::permanent) {
      row_by_row = true;
      continue;
    }
    ++tally.retries;
    {
      std::lock_guard lock(mu_);
      ++stats_.retries;
    }
    if (auto n = retry_log_.allow(Clock::now())) {
      logger_->warn("store_write_retrying rows={} error={} suppressed={}", batch.size() - next,
                    log_value(a.error), *n);
    }
    if (giving_up()) {
      abandon(batch, next, a.error, tally);
      abandoning_ = true;
      return tally;
    }
    std::unique_lock lock(mu_);
    const bool was_stopping = stopping_;
    // Wake early when close() starts, so its deadline is checked promptly.
    work_cv_.wait_for(lock, backoff, [&] { return stopping_ && !was_stopping; });
    backoff = std::min(backoff * 2, std::chrono::duration_cast<Clock::duration>(kMaxBackoff));
  }
}

Writer::Attempt Writer::write_all(std::vector<Job>& batch, Tally& tally) {
  try {
    set_full_sync(tally.synced);
    db_->exec("BEGIN IMMEDIATE");
    for (Job& job : batch) execute(job);
    db_->exec("COMMIT");
  } catch (const std::exception& e) {
    rollback();
    Failure f = classify(e);
    if (f.transient) return {Status::transient, std::move(f.message)};
    return {Status::permanent, {}};  // find the culprit unit by unit
  }
  tally.committed = true;
  for (Job& job : batch) {
    tally.written += job.rows();
    committed(job);
  }
  return {};
}

Writer::Attempt Writer::write_rows(std::vector<Job>& batch, std::size_t& next, Tally& tally) {
  // One transaction per unit: a failing row or group (or its deferred constraints at
  // COMMIT) is rolled back alone. With WAL and synchronous=NORMAL a commit costs no fsync;
  // only a unit somebody waits for pays one.
  for (; next < batch.size(); ++next) {
    Job& job = batch[next];
    try {
      set_full_sync(sync_waited_commits_ && static_cast<bool>(job.on_commit));
      db_->exec("BEGIN IMMEDIATE");
      execute(job);
      db_->exec("COMMIT");
    } catch (const std::exception& e) {
      rollback();
      Failure f = classify(e);
      if (f.transient) return {Status::transient, std::move(f.message)};
      fail_row(job, f.message, tally);
      continue;
    }
    tally.written += job.rows();
    tally.committed = true;
    committed(job);
  }
  return {};
}

void Writer::execute(Job& job) {
  execute(job.write);
  job.inserted_rowid = db_->getLastInsertRowid();
  for (const Write& w : job.more) execute(w);
}

void Writer::execute(const Write& write) {
  SQLite::Statement& st = statement(write.sql);
  const auto& params = write.params;
  if (static_cast<std::size_t>(st.getBindParameterCount()) != params.size()) {
    throw RowError(fmt::format("statement expects {} parameters, got {}",
                               st.getBindParameterCount(), params.size()));
  }
  try {
    int index = 1;
    for (const Value& v : params) {
      std::visit(
          [&](const auto& x) {
            using T = std::decay_t<decltype(x)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
              st.bind(index);
            } else if constexpr (std::is_same_v<T, std::string>) {
              st.bindNoCopy(index, x);  // the write outlives the reset below
            } else {
              st.bind(index, x);
            }
          },
          v);
      ++index;
    }
    while (st.executeStep()) {
    }
  } catch (...) {
    st.tryReset();
    st.clearBindings();
    throw;
  }
  st.tryReset();
  st.clearBindings();
}

SQLite::Statement& Writer::statement(const std::string& sql) {
  if (auto it = statements_.find(sql); it != statements_.end()) return *it->second;
  if (statements_.size() >= kMaxCachedStatements) statements_.clear();
  auto st = std::make_unique<SQLite::Statement>(*db_, sql);  // throws on a bad statement
  return *statements_.emplace(sql, std::move(st)).first->second;
}

void Writer::set_full_sync(bool full) {
  if (full == full_sync_) return;
  db_->exec(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
  full_sync_ = full;
}

void Writer::report(Job& job, CommitResult result) noexcept {
  if (job.on_commit) job.outcome = std::move(result);
}

void Writer::deliver(std::vector<Job>& jobs) noexcept {
  for (Job& job : jobs) {
    if (!job.on_commit) continue;
    try {
      job.on_commit(job.outcome);
    } catch (const std::exception& e) {
      logger_->error("store_commit_callback_threw error={}", log_value(e.what()));
    } catch (...) {
      logger_->error("store_commit_callback_threw error=unknown");
    }
    job.on_commit = nullptr;
  }
}

void Writer::committed(Job& job) noexcept {
  if (job.on_commit) report(job, CommitResult{true, job.inserted_rowid, {}});
}

void Writer::rollback() noexcept {
  if (db_ && sqlite3_get_autocommit(db_->getHandle()) == 0) db_->tryExec("ROLLBACK");
}

void Writer::fail_row(Job& job, const std::string& error, Tally& tally) {
  tally.failed += job.rows();
  // The SQL text and SQLite's message only: parameter values may be secrets.
  if (auto n = failed_log_.allow(Clock::now())) {
    logger_->error("store_write_failed sql={} error={} suppressed={}", log_value(job.write.sql),
                   log_value(error), *n);
  }
  report(job, CommitResult{false, 0, fmt::format("write failed: {}", error)});
}

void Writer::abandon(std::vector<Job>& jobs, std::size_t from, const std::string& error,
                     Tally& tally) {
  std::uint64_t rows = 0;
  for (std::size_t i = from; i < jobs.size(); ++i) rows += jobs[i].rows();
  logger_->error("store_rows_abandoned rows={} error={}", rows, log_value(error));
  for (std::size_t i = from; i < jobs.size(); ++i) {
    tally.failed += jobs[i].rows();
    report(jobs[i], CommitResult{false, 0, fmt::format("write abandoned at close: {}", error)});
  }
}

bool Writer::giving_up() const {
  std::lock_guard lock(mu_);
  return stopping_ && Clock::now() >= stop_deadline_;
}

void Writer::abandon_queue(const std::string& error) {
  std::deque<Job> rest;
  {
    std::lock_guard lock(mu_);
    rest.swap(queue_);
  }
  if (rest.empty()) return;
  std::vector<Job> jobs(std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
  Tally tally;
  abandon(jobs, 0, error, tally);
  {
    std::lock_guard lock(mu_);
    stats_.rows_failed += tally.failed;
    done_seq_ = jobs.back().seq;
    done_cv_.notify_all();
  }
  deliver(jobs);
}

}  // namespace antevorta::store::detail
