// Waiting for a commit from the event loop: the durable-before-send step.
//
//   auto r = co_await store::async_commit(store, store::writes::order_group(order, transition),
//                                         executor, boost::asio::use_awaitable);
//   if (!r.committed) { /* do not send; the order is not on record */ }
//
// async_commit() queues the writes as one critical unit (all or none) through
// Store::enqueue_and_notify() and completes with `void(CommitResult)` once the writer thread
// has committed them (or failed to). It works with any Asio completion token: a callback,
// use_awaitable, use_future, deferred, …
//
// Threading: the initiating call only takes the store's queue mutex; it never waits for
// SQLite, so it is safe on the event loop. The handler is never called inline: it is posted
// to its associated executor (by default `executor`), so it runs on the event loop, never on
// the writer thread. Until then the operation holds work on that executor, like any Asio
// operation, so run() does not return while a commit is outstanding. The writer commits
// such a unit at once (no flush_interval wait) and with synchronous=FULL (store.hpp).
//
// Lifetime: the executor's execution context must outlive the operation. Store::close()
// completes every outstanding operation (committed, failed or abandoned), so closing the
// store before destroying the io_context is enough. No cancellation: a commit that has been
// queued will happen; to stop waiting, ignore the result.
//
// Errors: the outcome is a value. committed=false with `error` when a statement failed (the
// whole unit is rolled back), when the store is closed, or when close() gave up on a
// locked database. An empty `writes` is a broken invariant (assert).
#pragma once

#include <memory>
#include <type_traits>
#include <utility>
#include <vector>

#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include "antevorta/store/store.hpp"

namespace antevorta::store {

namespace detail {

template <class Handler, class Executor>
struct CommitWaitOp {
  Handler handler;
  boost::asio::executor_work_guard<Executor> work;
};

struct InitiateCommitWait {
  Store& store;

  template <class Handler, class Executor>
  void operator()(Handler&& handler, std::vector<Write> writes, const Executor& executor) const {
    auto ex = boost::asio::get_associated_executor(handler, executor);
    using Op = CommitWaitOp<std::decay_t<Handler>, decltype(ex)>;
    auto op =
        std::make_shared<Op>(Op{std::forward<Handler>(handler), boost::asio::make_work_guard(ex)});
    store.enqueue_and_notify(std::move(writes), [op](const CommitResult& result) {
      auto target = op->work.get_executor();
      boost::asio::post(target, [op, result]() mutable {
        op->work.reset();
        std::move(op->handler)(std::move(result));
      });
    });
  }
};

}  // namespace detail

// Queues `writes` as one unit and completes with the CommitResult on `executor` (or the
// token's associated executor). See the header comment for threading and lifetime.
template <class Executor, class CompletionToken>
auto async_commit(Store& store, std::vector<Write> writes, const Executor& executor,
                  CompletionToken&& token) {
  return boost::asio::async_initiate<CompletionToken, void(CommitResult)>(
      detail::InitiateCommitWait{store}, token, std::move(writes), executor);
}

}  // namespace antevorta::store
