// Client-side pacing for Kalshi's token-bucket rate limits (API-NOTES §7.1).
//
// Kalshi keeps a Read and a Write bucket per account: each request costs tokens (default 10,
// V2 cancel 2, batch create 10 per item, batch cancel 2 per item; the exchange publishes the
// table at GET /account/endpoint_costs), refilled at `refill_rate` tokens/s up to
// `bucket_capacity`. A request the bucket cannot cover gets 429 with no Retry-After. We keep
// our own copy of both buckets so that we (almost) never hit a 429.
//
// TokenBucket: pure arithmetic on timestamps from the injected clock, exact in nano-tokens.
// RateLimiter::acquire(): reserves the tokens at once (the bucket may go into debt) and
// sleeps, through the Clock, until the debt that reservation created has been refilled.
// Reservations are served strictly in call order (FIFO): a later caller always waits at
// least as long as an earlier one, whatever its cost. A cost above the capacity is clamped
// to the capacity (the exchange would refuse such a request; callers check batch sizes
// against capacity() first).
//
// Cancellation: a cancelled acquire() keeps its reservation (the tokens stay spent).
// Threading: one io_context thread; not thread-safe. The Clock must outlive the limiter,
// and the limiter every acquire() in flight.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/kalshi/models.hpp"

namespace antevorta::kalshi {

class TokenBucket {
 public:
  // Starts full at `now`. refill_rate and capacity are clamped to at least 1.
  TokenBucket(std::int64_t refill_rate, std::int64_t capacity, Timestamp now);

  std::int64_t refill_rate() const noexcept { return rate_; }
  std::int64_t capacity() const noexcept { return capacity_; }

  // Whole tokens available at `now` (negative while in debt).
  std::int64_t tokens(Timestamp now);
  // Takes `cost` tokens when available now; otherwise changes nothing.
  bool try_take(std::int64_t cost, Timestamp now);
  // Takes `cost` tokens unconditionally (possibly into debt) and returns how long until the
  // level is back at zero, i.e. when the request may go; zero when it may go at once.
  Duration reserve(std::int64_t cost, Timestamp now);
  // How long until `cost` tokens are available, without taking them.
  Duration wait_time(std::int64_t cost, Timestamp now);
  // The exchange said 429: its bucket is empty, so ours is too (debt is kept).
  void drain(Timestamp now);
  // New limits (GET /account/limits). The tokens spent since the bucket was full are
  // carried over (new level = new capacity - spent), floored at zero, or at the current
  // debt when callers are waiting on reservations.
  void resize(std::int64_t refill_rate, std::int64_t capacity, Timestamp now);

 private:
  static constexpr std::int64_t kNano = 1'000'000'000;  // nano-tokens per token
  void refill(Timestamp now);
  Duration time_for(std::int64_t nano_tokens) const;

  std::int64_t rate_;
  std::int64_t capacity_;
  std::int64_t level_;  // nano-tokens; may be negative (reserved ahead)
  Timestamp last_;
};

enum class BucketKind : std::uint8_t { read, write };
std::string_view to_string(BucketKind kind) noexcept;

// Token cost per endpoint. Paths are matched segment by segment, with "{name}" segments
// matching any one segment, with or without the "/trade-api/v2" prefix.
class EndpointCosts {
 public:
  // The documented costs: default 10, DELETE /portfolio/events/orders/{order_id} 2.
  EndpointCosts();
  // The exchange's table (GET /account/endpoint_costs), on top of the documented defaults.
  static EndpointCosts from(const EndpointCostsInfo& info);

  void set_default(std::int64_t cost) { default_cost_ = cost; }
  void set(std::string method, std::string path_template, std::int64_t cost);

  std::int64_t default_cost() const noexcept { return default_cost_; }
  // Cost of one request; `path` without query.
  std::int64_t cost(std::string_view method, std::string_view path) const;
  // Batch endpoints bill each item like the single operation.
  std::int64_t batch_create_cost(std::size_t items) const;
  std::int64_t batch_cancel_cost(std::size_t items) const;

 private:
  struct Entry {
    std::string method;
    std::string path;
    std::int64_t cost;
  };
  std::int64_t default_cost_ = 10;
  std::vector<Entry> entries_;
};

// Basic tier (the lowest): read 200/s with 2 s of burst, write 100/s with 1 s.
inline constexpr BucketLimit kBasicReadLimit{200, 400};
inline constexpr BucketLimit kBasicWriteLimit{100, 100};

class RateLimiter {
 public:
  explicit RateLimiter(Clock& clock, BucketLimit read = kBasicReadLimit,
                       BucketLimit write = kBasicWriteLimit);

  // Resizes both buckets (from GET /account/limits).
  void configure(const AccountLimits& limits);
  void set_costs(EndpointCosts costs) { costs_ = std::move(costs); }
  const EndpointCosts& costs() const noexcept { return costs_; }

  // Completes once `cost` tokens of `kind` are ours (see the top of this file).
  boost::asio::awaitable<void> acquire(BucketKind kind, std::int64_t cost);
  bool try_acquire(BucketKind kind, std::int64_t cost);
  // After a 429 on `kind`.
  void drain(BucketKind kind);

  TokenBucket& bucket(BucketKind kind) noexcept {
    return kind == BucketKind::read ? read_ : write_;
  }
  // Total time acquire() callers were told to wait (for metrics and tests).
  Duration total_wait() const noexcept { return total_wait_; }

 private:
  Clock& clock_;
  TokenBucket read_;
  TokenBucket write_;
  EndpointCosts costs_;
  Duration total_wait_{0};
};

}  // namespace antevorta::kalshi
