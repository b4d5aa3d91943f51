#include "antevorta/sim/access.hpp"

#include <charconv>
#include <cstdlib>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "antevorta/kalshi/signer.hpp"

namespace antevorta::sim {

std::string AccessDenied::body() const {
  return nlohmann::json{{"error", {{"code", code}, {"message", message}, {"details", details}}}}
      .dump();
}

namespace {

AccessDenied unauthorized(std::string details) {
  return AccessDenied{401, "authentication_error", "authentication_error", std::move(details)};
}

std::optional<std::int64_t> parse_ms(std::string_view text) {
  std::int64_t value = 0;
  const auto* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

AccessControl::AccessControl(Clock& clock, Options options)
    : clock_(clock), options_(std::move(options)) {}

std::optional<std::string> AccessControl::add_key(const std::string& key_id,
                                                  std::string_view public_key_pem,
                                                  AccountId account) {
  if (key_id.empty()) return std::string("empty API key id");
  auto verifier = kalshi::Verifier::from_public_key_pem(public_key_pem);
  if (!verifier) return verifier.error().message;
  keys_[key_id] = Key{std::make_unique<kalshi::Verifier>(std::move(*verifier)), std::move(account)};
  return std::nullopt;
}

void AccessControl::remove_key(const std::string& key_id) { keys_.erase(key_id); }

Expected<AccountId, AccessDenied> AccessControl::authenticate(
    const net::ServerRequest& request) const {
  const std::string* key = request.header(kalshi::kAccessKeyHeader);
  const std::string* timestamp = request.header(kalshi::kAccessTimestampHeader);
  const std::string* signature = request.header(kalshi::kAccessSignatureHeader);
  if (key == nullptr || timestamp == nullptr || signature == nullptr) {
    ++rejected_401_;
    return unexpected(unauthorized("missing KALSHI-ACCESS-* headers"));
  }
  auto it = keys_.find(*key);
  if (it == keys_.end()) {
    ++rejected_401_;
    return unexpected(unauthorized("INCORRECT_API_KEY"));
  }
  const auto ms = parse_ms(*timestamp);
  if (!ms) {
    ++rejected_401_;
    return unexpected(unauthorized("invalid KALSHI-ACCESS-TIMESTAMP"));
  }
  const std::int64_t skew_ms = std::llabs(to_unix_ms(clock_.now()) - *ms);
  if (skew_ms > std::chrono::duration_cast<std::chrono::milliseconds>(options_.max_skew).count()) {
    ++rejected_401_;
    return unexpected(unauthorized("KALSHI-ACCESS-TIMESTAMP too far from the exchange clock"));
  }
  const std::string message = kalshi::signing_string(*ms, request.method, request.target);
  if (!it->second.verifier->verify(message, *signature)) {
    ++rejected_401_;
    return unexpected(unauthorized("INCORRECT_API_KEY_SIGNATURE"));
  }
  return it->second.account;
}

std::optional<AccessDenied> AccessControl::charge(const AccountId& account, kalshi::BucketKind kind,
                                                  std::int64_t cost) {
  const Timestamp now = clock_.now();
  auto it = buckets_.find(account);
  if (it == buckets_.end()) {
    it = buckets_
             .emplace(account, Buckets{kalshi::TokenBucket(options_.read.refill_rate,
                                                           options_.read.bucket_capacity, now),
                                       kalshi::TokenBucket(options_.write.refill_rate,
                                                           options_.write.bucket_capacity, now)})
             .first;
  }
  auto& bucket = kind == kalshi::BucketKind::read ? it->second.read : it->second.write;
  // A request costing more than the bucket holds can never go (a batch must fit as a
  // whole); TokenBucket::try_take would clamp it to the capacity instead.
  if (cost > bucket.capacity()) {
    ++rejected_429_;
    return AccessDenied{
        429, "too_many_requests", "too many requests",
        fmt::format("the request costs {} tokens; the bucket holds {}", cost, bucket.capacity())};
  }
  if (bucket.try_take(cost, now)) return std::nullopt;
  ++rejected_429_;
  return AccessDenied{429, "too_many_requests", "too many requests", ""};
}

void AccessControl::set_limits(kalshi::BucketLimit read, kalshi::BucketLimit write) {
  options_.read = read;
  options_.write = write;
  const Timestamp now = clock_.now();
  for (auto& [account, b] : buckets_) {
    b.read.resize(read.refill_rate, read.bucket_capacity, now);
    b.write.resize(write.refill_rate, write.bucket_capacity, now);
  }
}

}  // namespace antevorta::sim
