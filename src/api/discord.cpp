// DiscordNotifier: the bounded queue and the one sender coroutine (contract in discord.hpp).
#include "antevorta/api/discord.hpp"

#include <algorithm>
#include <cassert>
#include <deque>
#include <exception>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "antevorta/api/discord_message.hpp"

namespace antevorta::api {

namespace asio = boost::asio;

namespace {
constexpr Duration kRateWindow = std::chrono::minutes(1);
constexpr Duration kDefaultRetryAfter = std::chrono::seconds(1);  // a 429 that names no wait

std::int64_t ms(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}
}  // namespace

struct DiscordNotifier::State {
  struct Entry {
    Alert alert;
    Timestamp queued_at;
  };

  State(Clock& c, Logger l, DiscordOptions o, WebhookPoster p)
      : clock(c),
        logger(std::move(l)),
        options(std::move(o)),
        poster(std::move(p)),
        backoff(options.backoff) {}

  Clock& clock;
  Logger logger;
  DiscordOptions options;
  WebhookPoster poster;
  net::Backoff backoff;
  std::deque<Entry> queue;
  std::deque<Timestamp> posts;  // POST times within the last minute
  std::optional<Timestamp> not_before;
  std::size_t dropped_unreported = 0;
  DiscordStats stats;
  asio::cancellation_signal wake;  // cancels the sender's current sleep (stop())
  bool running = false;
  bool stopped = false;

  // The earliest time the next POST may go out.
  Timestamp post_allowed_at(Timestamp now) {
    while (!posts.empty() && now - posts.front() >= kRateWindow) posts.pop_front();
    Timestamp at = now;
    if (posts.size() >= options.max_posts_per_minute) at = posts.front() + kRateWindow;
    if (not_before && *not_before > at) at = *not_before;
    return at;
  }

  // Up to kMaxEmbeds alerts: critical first, then warning, then info, each oldest first;
  // returned in the order they were queued.
  std::vector<Alert> take_batch() {
    std::vector<std::size_t> picked;
    for (const auto severity :
         {AlertSeverity::critical, AlertSeverity::warning, AlertSeverity::info}) {
      for (std::size_t i = 0; i < queue.size() && picked.size() < discord::kMaxEmbeds; ++i) {
        if (queue[i].alert.severity == severity) picked.push_back(i);
      }
    }
    std::sort(picked.begin(), picked.end());
    std::vector<Alert> batch;
    batch.reserve(picked.size());
    for (const std::size_t i : picked) batch.push_back(std::move(queue[i].alert));
    for (auto it = picked.rbegin(); it != picked.rend(); ++it) {
      queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(*it));
    }
    return batch;
  }
};

namespace {

using StatePtr = std::shared_ptr<DiscordNotifier::State>;

// Sleeps until `at` on the clock; false when cancelled (stop()).
asio::awaitable<bool> sleep_until(const StatePtr& s, Timestamp at) {
  const Timestamp now = s->clock.now();
  if (at <= now) co_return !s->stopped;
  // The sleep's own slot, not the coroutine's: async_sleep clears it when it completes, so
  // stop() can emit at any time without reaching a finished operation.
  auto [ec] = co_await async_sleep(
      s->clock, at - now,
      asio::bind_cancellation_slot(s->wake.slot(), asio::as_tuple(asio::use_awaitable)));
  co_return !ec && !s->stopped;
}

// Posts one message until it is delivered, given up, or the notifier stops.
asio::awaitable<void> deliver(StatePtr s, std::vector<Alert> batch) {
  const discord::MessageNotes notes{s->dropped_unreported, s->queue.size()};
  const std::string body = discord::build_payload(batch, notes, s->options.username);
  s->backoff.reset();
  for (int attempt = 1;; ++attempt) {
    // Rate limits and Discord's waits; alerts keep queueing meanwhile.
    while (true) {
      const Timestamp allowed = s->post_allowed_at(s->clock.now());
      if (allowed <= s->clock.now()) break;
      if (!co_await sleep_until(s, allowed)) co_return;
    }
    s->posts.push_back(s->clock.now());
    ++s->stats.posts;
    WebhookResult r;
    try {
      r = co_await s->poster(body);
    } catch (...) {
      r = WebhookResult{0, std::nullopt, "exception"};
    }
    if (s->stopped) co_return;
    const Timestamp now = s->clock.now();
    if (r.retry_after) s->not_before = now + *r.retry_after;
    if (r.delivered()) {
      s->stats.sent += batch.size();
      ++s->stats.messages;
      s->dropped_unreported -= std::min(s->dropped_unreported, notes.dropped);
      co_return;
    }
    bool retry = false;
    if (r.status == 429) {
      ++s->stats.rate_limited;
      retry = true;
      if (!r.retry_after) s->not_before = now + kDefaultRetryAfter;
    } else if (r.status == 0 || r.status >= 500) {
      retry = true;
      const Duration delay = s->backoff.next_delay().value_or(s->options.backoff.max);
      if (!s->not_before || *s->not_before < now + delay) s->not_before = now + delay;
    }
    if (!retry || attempt >= s->options.max_attempts) {
      s->stats.failed += batch.size();
      s->logger->warn("alert_delivery_failed alerts={} attempts={} status={} error={}",
                      batch.size(), attempt, r.status, r.error.empty() ? "none" : r.error);
      co_return;
    }
    s->logger->debug("alert_delivery_retry attempt={} status={} error={} retry_in_ms={}", attempt,
                     r.status, r.error.empty() ? "none" : r.error, ms(*s->not_before - now));
  }
}

asio::awaitable<void> send_loop(StatePtr s) {
  const std::size_t full = discord::kMaxEmbeds;
  while (!s->stopped && !s->queue.empty()) {
    const Timestamp now = s->clock.now();
    Timestamp ready =
        s->queue.size() >= full ? now : s->queue.front().queued_at + s->options.batch_window;
    ready = std::max(ready, s->post_allowed_at(now));
    if (ready > now) {
      if (!co_await sleep_until(s, ready)) break;
      continue;  // the queue may have changed while waiting
    }
    co_await deliver(s, s->take_batch());
  }
}

asio::awaitable<void> run(StatePtr s) {
  try {
    co_await send_loop(s);
  } catch (const std::exception& e) {
    s->logger->error("alert_sender_failed error={}", log_value(e.what()));
  } catch (...) {
    s->logger->error("alert_sender_failed error=unknown");
  }
  s->running = false;  // the next notify() starts a new sender
}

}  // namespace

DiscordNotifier::DiscordNotifier(asio::any_io_executor executor, Clock& clock, Logger logger,
                                 DiscordOptions options, WebhookPoster poster)
    : executor_(std::move(executor)),
      state_(std::make_shared<State>(clock, std::move(logger), std::move(options),
                                     std::move(poster))) {
  assert(state_->options.queue_capacity > 0 && state_->options.max_posts_per_minute > 0 &&
         state_->options.max_attempts > 0 && state_->poster);
}

DiscordNotifier::~DiscordNotifier() { stop(); }

void DiscordNotifier::subscribe(EventBus& bus) {
  subscription_ = bus.subscribe<Alert>([this](const Alert& a) { notify(a); });
}

void DiscordNotifier::notify(const Alert& alert) {
  State& s = *state_;
  if (s.stopped) return;
  if (alert.severity < s.options.min_severity) {
    ++s.stats.filtered;
    return;
  }
  if (s.queue.size() >= s.options.queue_capacity) {
    AlertSeverity lowest = alert.severity;
    for (const auto& e : s.queue) lowest = std::min(lowest, e.alert.severity);
    const auto victim = std::find_if(s.queue.begin(), s.queue.end(), [&](const State::Entry& e) {
      return e.alert.severity == lowest;
    });
    const Alert& dropped = victim == s.queue.end() ? alert : victim->alert;
    ++s.stats.dropped;
    // The first drop since the last delivered message is worth a warning; the rest are counted.
    const auto level = s.dropped_unreported == 0 ? spdlog::level::warn : spdlog::level::debug;
    ++s.dropped_unreported;
    s.logger->log(level, "alert_dropped kind={} severity={} queued={} dropped_total={}",
                  to_string(dropped.kind), to_string(dropped.severity), s.queue.size(),
                  s.stats.dropped);
    if (victim == s.queue.end()) return;
    s.queue.erase(victim);
  }
  s.queue.push_back({alert, s.clock.now()});
  if (s.running) return;
  s.running = true;
  asio::co_spawn(executor_, run(state_), asio::detached);
}

void DiscordNotifier::stop() {
  subscription_.reset();
  State& s = *state_;
  if (s.stopped) return;
  s.stopped = true;
  if (!s.queue.empty()) {
    s.logger->info("alert_queue_discarded alerts={}", s.queue.size());
    s.queue.clear();
  }
  s.wake.emit(asio::cancellation_type::terminal);
}

DiscordStats DiscordNotifier::stats() const noexcept {
  DiscordStats out = state_->stats;
  out.queued = state_->queue.size();
  return out;
}

bool DiscordNotifier::sending() const noexcept { return state_->running; }

}  // namespace antevorta::api
