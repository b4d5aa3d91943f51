// The simulator's front door: API-key authentication (KALSHI-ACCESS-* headers checked with
// kalshi::Verifier, exactly as Kalshi does: timestamp ms + METHOD + path without query) and
// per-account token buckets (API-NOTES §7.1), so clients meet the same 401s and 429s they
// would meet at the exchange.
//
// Errors are values: AccessDenied carries the HTTP status and the Kalshi-shaped error body.
// Secrets: the simulator only ever holds public keys; key ids are not secret here.
// Threading: one io_context thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/expected.hpp"
#include "antevorta/kalshi/rate_limiter.hpp"
#include "antevorta/kalshi/verifier.hpp"
#include "antevorta/net/http_server.hpp"
#include "antevorta/sim/types.hpp"

namespace antevorta::sim {

struct AccessDenied {
  unsigned status = 401;
  std::string code;  // e.g. "authentication_error", "too_many_requests"
  std::string message;
  std::string details;
  // {"error":{"code":…,"message":…,"details":…}}
  std::string body() const;
};

class AccessControl {
 public:
  struct Options {
    // Requests whose timestamp is further than this from the simulator's clock are refused
    // (Kalshi does not document its window; FIX uses 30 s).
    Duration max_skew = std::chrono::seconds(30);
    kalshi::BucketLimit read{200, 400};  // Basic tier
    kalshi::BucketLimit write{100, 100};
  };

  AccessControl(Clock& clock, Options options);

  // Registers a public key (SubjectPublicKeyInfo PEM, RSA or Ed25519) for an account;
  // the problem when the key does not parse.
  std::optional<std::string> add_key(const std::string& key_id, std::string_view public_key_pem,
                                     AccountId account);
  void remove_key(const std::string& key_id);
  std::size_t key_count() const noexcept { return keys_.size(); }

  // The account of a signed request, or why it is refused (401).
  Expected<AccountId, AccessDenied> authenticate(const net::ServerRequest& request) const;

  // Takes `cost` tokens from the account's bucket, or refuses with 429.
  std::optional<AccessDenied> charge(const AccountId& account, kalshi::BucketKind kind,
                                     std::int64_t cost);
  // The cost table clients see at GET /account/endpoint_costs.
  const kalshi::EndpointCosts& costs() const noexcept { return costs_; }
  const Options& options() const noexcept { return options_; }
  void set_limits(kalshi::BucketLimit read, kalshi::BucketLimit write);
  std::uint64_t rejected_429() const noexcept { return rejected_429_; }
  std::uint64_t rejected_401() const noexcept { return rejected_401_; }

 private:
  struct Key {
    std::unique_ptr<kalshi::Verifier> verifier;
    AccountId account;
  };
  struct Buckets {
    kalshi::TokenBucket read;
    kalshi::TokenBucket write;
  };

  Clock& clock_;
  Options options_;
  kalshi::EndpointCosts costs_;
  std::map<std::string, Key, std::less<>> keys_;
  std::map<AccountId, Buckets> buckets_;
  mutable std::uint64_t rejected_401_ = 0;
  std::uint64_t rejected_429_ = 0;
};

}  // namespace antevorta::sim
