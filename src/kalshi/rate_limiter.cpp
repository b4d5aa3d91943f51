#include "antevorta/kalshi/rate_limiter.hpp"

#include <algorithm>

#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace antevorta::kalshi {

namespace asio = boost::asio;

// ---- TokenBucket ------------------------------------------------------------------------

TokenBucket::TokenBucket(std::int64_t refill_rate, std::int64_t capacity, Timestamp now)
    : rate_(std::max<std::int64_t>(refill_rate, 1)),
      capacity_(std::max<std::int64_t>(capacity, 1)),
      level_(capacity_ * kNano),
      last_(now) {}

void TokenBucket::refill(Timestamp now) {
  if (now <= last_) return;
  const std::int64_t full = capacity_ * kNano;
  const std::int64_t elapsed = (now - last_).count();  // ns
  last_ = now;
  if (level_ >= full) return;
  // rate × elapsed[ns] nano-tokens; stop before the product can overflow.
  const std::int64_t missing = full - level_;
  if (elapsed >= missing / rate_ + 1) {
    level_ = full;
  } else {
    level_ = std::min(full, level_ + rate_ * elapsed);
  }
}

Duration TokenBucket::time_for(std::int64_t nano_tokens) const {
  if (nano_tokens <= 0) return Duration{0};
  return Duration((nano_tokens + rate_ - 1) / rate_);  // ns, rounded up
}

std::int64_t TokenBucket::tokens(Timestamp now) {
  refill(now);
  // Floor division, also for a negative level.
  return level_ >= 0 ? level_ / kNano : -((-level_ + kNano - 1) / kNano);
}

bool TokenBucket::try_take(std::int64_t cost, Timestamp now) {
  refill(now);
  const std::int64_t need = std::clamp<std::int64_t>(cost, 0, capacity_) * kNano;
  if (level_ < need) return false;
  level_ -= need;
  return true;
}

Duration TokenBucket::reserve(std::int64_t cost, Timestamp now) {
  refill(now);
  const std::int64_t need = std::clamp<std::int64_t>(cost, 0, capacity_) * kNano;
  // Enough now: go. Otherwise the request goes when the level before it has grown to `need`,
  // which is when the level after it is back at zero.
  level_ -= need;
  return time_for(-level_);
}

Duration TokenBucket::wait_time(std::int64_t cost, Timestamp now) {
  refill(now);
  const std::int64_t need = std::clamp<std::int64_t>(cost, 0, capacity_) * kNano;
  return time_for(need - level_);
}

void TokenBucket::drain(Timestamp now) {
  refill(now);
  level_ = std::min<std::int64_t>(level_, 0);
}

void TokenBucket::resize(std::int64_t refill_rate, std::int64_t capacity, Timestamp now) {
  refill(now);
  // Both buckets were full when we started counting, so what we have spent (and reserved)
  // since is what the exchange's real bucket is missing too. More spent than the new
  // capacity means it is empty, not in debt (it refused instead), unless the debt is our own
  // reservations for waiting callers, which stay.
  const std::int64_t spent = capacity_ * kNano - level_;
  rate_ = std::max<std::int64_t>(refill_rate, 1);
  capacity_ = std::max<std::int64_t>(capacity, 1);
  level_ = std::max(capacity_ * kNano - spent, std::min<std::int64_t>(level_, 0));
}

std::string_view to_string(BucketKind kind) noexcept {
  return kind == BucketKind::read ? "read" : "write";
}

// ---- EndpointCosts ----------------------------------------------------------------------

namespace {

constexpr std::string_view kBasePrefix = "/trade-api/v2";
constexpr std::string_view kCreatePath = "/portfolio/events/orders";
constexpr std::string_view kCancelPath = "/portfolio/events/orders/{order_id}";

std::string_view strip_prefix(std::string_view path) {
  if (path.substr(0, kBasePrefix.size()) == kBasePrefix) path.remove_prefix(kBasePrefix.size());
  if (const auto q = path.find('?'); q != std::string_view::npos) path = path.substr(0, q);
  while (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  return path;
}

bool segments_match(std::string_view tmpl, std::string_view path) {
  while (true) {
    if (tmpl.empty() || path.empty()) return tmpl.empty() && path.empty();
    if (tmpl[0] == '/') tmpl.remove_prefix(1);
    if (path[0] == '/') path.remove_prefix(1);
    const auto te = std::min(tmpl.find('/'), tmpl.size());
    const auto pe = std::min(path.find('/'), path.size());
    const auto ts = tmpl.substr(0, te);
    const auto ps = path.substr(0, pe);
    const bool wildcard = ts.size() >= 2 && ts.front() == '{' && ts.back() == '}';
    if (!(wildcard ? !ps.empty() : ts == ps)) return false;
    tmpl.remove_prefix(te);
    path.remove_prefix(pe);
  }
}

bool iequals(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return (x >= 'a' && x <= 'z' ? x - 32 : x) == (y >= 'a' && y <= 'z' ? y - 32 : y);
  });
}

}  // namespace

EndpointCosts::EndpointCosts() { set("DELETE", std::string(kCancelPath), 2); }

EndpointCosts EndpointCosts::from(const EndpointCostsInfo& info) {
  EndpointCosts c;
  c.set_default(info.default_cost);
  for (const auto& e : info.endpoint_costs) c.set(e.method, e.path, e.cost);
  return c;
}

void EndpointCosts::set(std::string method, std::string path_template, std::int64_t cost) {
  std::string path(strip_prefix(path_template));
  for (auto& e : entries_) {
    if (iequals(e.method, method) && e.path == path) {
      e.cost = cost;
      return;
    }
  }
  entries_.push_back({std::move(method), std::move(path), cost});
}

std::int64_t EndpointCosts::cost(std::string_view method, std::string_view path) const {
  const auto p = strip_prefix(path);
  // Exact entries first, then templates (a literal segment beats a wildcard).
  for (const auto& e : entries_) {
    if (iequals(e.method, method) && e.path == p) return e.cost;
  }
  for (const auto& e : entries_) {
    if (iequals(e.method, method) && segments_match(e.path, p)) return e.cost;
  }
  return default_cost_;
}

std::int64_t EndpointCosts::batch_create_cost(std::size_t items) const {
  return cost("POST", kCreatePath) * static_cast<std::int64_t>(items);
}

std::int64_t EndpointCosts::batch_cancel_cost(std::size_t items) const {
  return cost("DELETE", kCancelPath) * static_cast<std::int64_t>(items);
}

// ---- RateLimiter ------------------------------------------------------------------------

RateLimiter::RateLimiter(Clock& clock, BucketLimit read, BucketLimit write)
    : clock_(clock),
      read_(read.refill_rate, read.bucket_capacity, clock.now()),
      write_(write.refill_rate, write.bucket_capacity, clock.now()) {}

void RateLimiter::configure(const AccountLimits& limits) {
  const auto now = clock_.now();
  read_.resize(limits.read.refill_rate, limits.read.bucket_capacity, now);
  write_.resize(limits.write.refill_rate, limits.write.bucket_capacity, now);
}

asio::awaitable<void> RateLimiter::acquire(BucketKind kind, std::int64_t cost) {
  const Duration wait = bucket(kind).reserve(cost, clock_.now());
  if (wait <= Duration{0}) co_return;
  total_wait_ += wait;
  co_await async_sleep(clock_, wait, asio::use_awaitable);
}

bool RateLimiter::try_acquire(BucketKind kind, std::int64_t cost) {
  return bucket(kind).try_take(cost, clock_.now());
}

void RateLimiter::drain(BucketKind kind) { bucket(kind).drain(clock_.now()); }

}  // namespace antevorta::kalshi
