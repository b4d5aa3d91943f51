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
// SQLite, so it is safe on the event loop. The handler is never called inline: the writer
// thread posts the completion to `executor` (the event loop's own executor: an
// io_context::executor_type, or the any_io_executor of a coroutine spawned on it), which
// then dispatches the handler on its associated executor (a strand bound to the handler is
// fine). So the handler runs on the event loop, never on the writer thread. Until then the
// operation holds work on the handler's executor, like any Asio operation, so run() does
// not return while a commit is outstanding. The writer commits such a unit at once (no
// flush_interval wait) and with synchronous=FULL (store.hpp).
//
// Lifetime: the execution context must outlive the operation; Store::close() completes
// every outstanding operation (committed, failed or abandoned). The writer thread touches
// only its copy of `executor` after posting, so `executor` must not itself be a strand
// whose last reference could then be dropped on the writer thread. No cancellation: a
// commit that has been queued will happen; to stop waiting, ignore the result.
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
#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>

#include "antevorta/store/store.hpp"

namespace antevorta::store {

namespace detail {

template <class Handler, class HandlerExecutor>
struct CommitWaitOp {
  Handler handler;
  boost::asio::executor_work_guard<HandlerExecutor> work;  // on the handler's executor
};

struct InitiateCommitWait {
  Store& store;

  template <class Handler, class Executor>
  void operator()(Handler&& handler, std::vector<Write> writes, const Executor& executor) const {
    auto handler_ex = boost::asio::get_associated_executor(handler, executor);
    using Op = CommitWaitOp<std::decay_t<Handler>, decltype(handler_ex)>;
    auto op = std::make_shared<Op>(
        Op{std::forward<Handler>(handler), boost::asio::make_work_guard(handler_ex)});
    store.enqueue_and_notify(
        std::move(writes), [op = std::move(op), executor](const CommitResult& result) mutable {
          // On the writer thread (or here, when refused). The writer keeps nothing of the
          // operation once it is posted: the handler may run, and the loop's context be
          // destroyed, before this function returns. Only `executor` (the loop's own) is
          // posted to from here; the handler's executor is used on the loop.
          boost::asio::post(executor, [owned = std::move(op), result]() mutable {
            auto target = owned->work.get_executor();
            auto h = std::move(owned->handler);
            owned.reset();  // releases the work: the dispatch below is work of its own
            boost::asio::dispatch(target, [h = std::move(h), r = std::move(result)]() mutable {
              std::move(h)(std::move(r));
            });
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
