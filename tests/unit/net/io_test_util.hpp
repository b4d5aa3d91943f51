// Running an io_context from a test: until an awaitable completes, or until a condition
// holds, each with a deadline so a broken test fails instead of hanging.
#pragma once

#include <chrono>
#include <future>
#include <stdexcept>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

namespace antevorta::test {

// Runs `aw` to completion (20 s at most) and returns its result (or rethrows).
template <class T>
T run(boost::asio::io_context& io, boost::asio::awaitable<T> aw) {
  using namespace std::chrono_literals;
  auto fut = boost::asio::co_spawn(io, std::move(aw), boost::asio::use_future);
  const auto deadline = std::chrono::steady_clock::now() + 20s;
  while (fut.wait_for(0s) != std::future_status::ready) {
    if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("test timed out");
    io.run_one_for(10ms);
  }
  return fut.get();
}

// Runs handlers until pred() holds; false when `limit` passed first.
template <class Pred>
bool run_until(boost::asio::io_context& io, Pred pred,
               std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    io.run_one_for(std::chrono::milliseconds(5));
  }
  return true;
}

}  // namespace antevorta::test
