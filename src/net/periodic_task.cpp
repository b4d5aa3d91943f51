#include "antevorta/net/periodic_task.hpp"

#include <algorithm>
#include <exception>
#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace antevorta::net {

namespace asio = boost::asio;

struct PeriodicTask::State {
  State(Clock& c, Logger l, std::string n, PeriodicOptions o, Body b)
      : clock(c),
        logger(std::move(l)),
        name(std::move(n)),
        options(o),
        body(std::move(b)),
        backoff(o.backoff),
        rng(std::hash<std::string>{}(name)) {}

  Clock& clock;
  Logger logger;
  std::string name;
  PeriodicOptions options;
  Body body;
  Backoff backoff;
  std::mt19937_64 rng;
  asio::cancellation_signal cancel;
  bool running = false;
  bool stopped = false;
  std::uint64_t runs = 0;
  std::uint64_t failures = 0;

  Duration next_period() {
    const double j = std::clamp(options.jitter, 0.0, 1.0);
    if (j == 0.0) return options.period;
    std::uniform_real_distribution<double> factor(1.0 - j, 1.0 + j);
    return Duration(
        static_cast<Duration::rep>(static_cast<double>(options.period.count()) * factor(rng)));
  }
};

namespace {

asio::awaitable<void> run_loop(std::shared_ptr<PeriodicTask::State> s) {
  bool first = true;
  while (!s->stopped) {
    if (!(first && s->options.run_immediately)) {
      auto [ec] =
          co_await async_sleep(s->clock, s->next_period(), asio::as_tuple(asio::use_awaitable));
      if (ec || s->stopped) break;
    }
    first = false;
    // Failures loop here with backoff delays until a run succeeds.
    while (!s->stopped) {
      ++s->runs;
      std::exception_ptr failure;
      try {
        co_await s->body();
      } catch (...) {
        failure = std::current_exception();
      }
      if (s->stopped) break;
      if (!failure) {
        s->backoff.reset();
        break;
      }
      ++s->failures;
      std::string what = "unknown";
      try {
        std::rethrow_exception(failure);
      } catch (const std::exception& e) {
        what = e.what();
      } catch (...) {
      }
      const Duration delay =
          std::min(s->backoff.next_delay().value_or(s->options.backoff.max), s->options.period);
      s->logger->warn(
          "periodic_task_failed name={} failures={} retry_in_ms={} error={}", s->name, s->failures,
          std::chrono::duration_cast<std::chrono::milliseconds>(delay).count(), log_value(what));
      auto [ec] = co_await async_sleep(s->clock, delay, asio::as_tuple(asio::use_awaitable));
      if (ec) break;
    }
  }
  s->running = false;
}

}  // namespace

PeriodicTask::PeriodicTask(asio::any_io_executor executor, Clock& clock, Logger logger,
                           std::string name, PeriodicOptions options, Body body)
    : executor_(std::move(executor)),
      state_(std::make_shared<State>(clock, std::move(logger), std::move(name), options,
                                     std::move(body))) {}

PeriodicTask::~PeriodicTask() { stop(); }

void PeriodicTask::start() {
  if (state_->running || state_->stopped) return;
  state_->running = true;
  asio::co_spawn(executor_, run_loop(state_),
                 asio::bind_cancellation_slot(state_->cancel.slot(), asio::detached));
}

void PeriodicTask::stop() {
  if (state_->stopped) return;
  state_->stopped = true;
  state_->cancel.emit(asio::cancellation_type::terminal);
}

bool PeriodicTask::running() const noexcept { return state_->running; }
std::uint64_t PeriodicTask::runs() const noexcept { return state_->runs; }
std::uint64_t PeriodicTask::failures() const noexcept { return state_->failures; }

}  // namespace antevorta::net
