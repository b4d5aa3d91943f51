// DiscordNotifier: delivers Alert events to a Discord webhook, batched and rate-limited,
// without ever slowing the caller (the issue: "an unreachable webhook never slows trading").
//
// notify() only enqueues (and starts the sender if it is idle); it never waits, never does
// I/O and never throws for delivery problems. One coroutine sends, one message at a time:
//   1. Batching: it waits until the oldest queued alert is batch_window old, then takes up
//      to 10 alerts (Discord's embed limit) — critical first, then warning, then info, each
//      oldest first — and posts them as one message (discord_message.hpp), shown in the
//      order they were raised. Alerts left over go in the next message, whose wait is
//      already over; the message says "… N more alerts follow".
//   2. Rate limit: at most max_posts_per_minute POSTs (retries included) in any 60 s; and
//      no POST before a wait Discord asked for (429 retry_after / Retry-After, or
//      X-RateLimit-Reset-After when X-RateLimit-Remaining is 0).
//   3. Failures: a 429 is retried after Discord's wait (1 s when it names none); no answer
//      (connection refused, timeout, TLS) or a 5xx is retried after a backoff delay; any
//      other status (a 4xx: bad payload, a deleted webhook) is not retried. After
//      max_attempts POSTs of one message (429s included) it is dropped: the alerts count
//      as failed and `alert_delivery_failed alerts=… attempts=… status=… error=…` is logged.
//      Nothing logged here contains the webhook URL (the notifier never knows it).
// Queue: at most queue_capacity alerts wait. When one more arrives, the oldest alert of the
// lowest severity present (the new one included) is dropped and counted: info goes first,
// then warning; a critical alert is dropped only when every waiting alert is critical. The
// next delivered message says how many were dropped. Alerts below min_severity are not
// queued (counted as filtered).
//
// Errors: none reach the caller. The poster's failures are values (WebhookResult); an
// exception from it counts as no answer. Threading: the io_context thread only. Lifetime:
// stop() (also run by the destructor) unsubscribes, cancels the sender's waits and discards
// what is queued; a POST in flight finishes on its own (the sender holds only shared state),
// within the poster's request timeout: the clock and executor must outlive that.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "antevorta/api/alert.hpp"
#include "antevorta/api/discord_webhook.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/net/backoff.hpp"

namespace antevorta::api {

struct DiscordOptions {
  Duration batch_window = std::chrono::seconds(2);
  std::size_t max_posts_per_minute = 20;  // Discord allows about 30 per minute per webhook
  std::size_t queue_capacity = 200;
  int max_attempts = 4;  // POSTs of one message, the first included
  net::BackoffOptions backoff{.initial = std::chrono::seconds(1),
                              .max = std::chrono::seconds(30),
                              .multiplier = 2.0,
                              .jitter = 0.2};
  AlertSeverity min_severity = AlertSeverity::info;
  std::string username = "Antevorta";
};

struct DiscordStats {
  std::uint64_t sent = 0;          // alerts delivered
  std::uint64_t failed = 0;        // alerts whose message was given up
  std::uint64_t dropped = 0;       // alerts dropped because the queue was full
  std::uint64_t filtered = 0;      // alerts below min_severity
  std::uint64_t messages = 0;      // messages delivered
  std::uint64_t posts = 0;         // POSTs attempted
  std::uint64_t rate_limited = 0;  // 429 answers
  std::size_t queued = 0;          // alerts waiting now
};

class DiscordNotifier {
 public:
  DiscordNotifier(boost::asio::any_io_executor executor, Clock& clock, Logger logger,
                  DiscordOptions options, WebhookPoster poster);
  ~DiscordNotifier();
  DiscordNotifier(const DiscordNotifier&) = delete;
  DiscordNotifier& operator=(const DiscordNotifier&) = delete;

  // Delivers every Alert published on `bus` from now on (until stop()).
  void subscribe(EventBus& bus);
  void notify(const Alert& alert);
  void stop();

  DiscordStats stats() const noexcept;
  bool sending() const noexcept;  // the sender coroutine is running

  struct State;

 private:
  boost::asio::any_io_executor executor_;
  std::shared_ptr<State> state_;
  Subscription subscription_;
};

}  // namespace antevorta::api
