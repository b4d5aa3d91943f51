// A RestApi over a seeded SimExchange (no liquidity providers, so the books hold only what a
// test puts there), with two accounts signing with Ed25519 keys generated at test time.
// Requests go through RestApi::handle() on an io_context, time through a ManualClock.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "antevorta/core/logging.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/kalshi/signer.hpp"
#include "antevorta/kalshi/verifier.hpp"
#include "antevorta/sim/rest_api.hpp"

#include "unit/sim/sim_test_support.hpp"

namespace antevorta::sim::test {

using nlohmann::json;

inline Timestamp rest_start() {
  using namespace std::chrono;
  // 2026-11-21T12:07:00Z: a KXBTC15M window is open, the next one is listed but not open.
  return Timestamp{sys_days{year{2026} / November / 21} + hours(12) + minutes(7)};
}

inline std::int64_t unix_seconds_of(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

inline SimExchangeOptions no_liquidity() {
  SimExchangeOptions o;
  o.liquidity = false;
  return o;
}

class RestApiFixture : public ::testing::Test {
 protected:
  RestApiFixture()
      : clock_(rest_start()),
        exchange_(clock_, null_logger("sim"), Catalog::seeded(rest_start(), 1), no_liquidity()),
        access_(clock_, AccessControl::Options{}),
        api_(exchange_, access_),
        alice_(make_signer("key-alice", AccountId("alice"))),
        bob_(make_signer("key-bob", AccountId("bob"))) {
    for (const char* who : {"alice", "bob"}) {
      exchange_.fund(AccountId(who), 0, M("1000"));
      exchange_.fund(AccountId(who), 2, M("500"));
    }
  }

  kalshi::Signer make_signer(const std::string& key_id, AccountId account) {
    const std::string pem = kalshi::generate_private_key_pem(kalshi::KeyType::ed25519);
    auto signer = kalshi::Signer::from_pem(pem, Secret(key_id));
    if (!signer) throw std::runtime_error(signer.error().message);
    const auto error = access_.add_key(key_id, signer->public_key_pem(), std::move(account));
    if (error) throw std::runtime_error(*error);
    return std::move(*signer);
  }

  // One request through handle(), signed by `signer` when given.
  net::ServerResponse call(const std::string& method, const std::string& target,
                           std::string body = {}, const kalshi::Signer* signer = nullptr) {
    net::ServerRequest request;
    request.method = method;
    request.target = target;
    request.body = std::move(body);
    request.remote = "127.0.0.1:40000";
    if (signer != nullptr) {
      const auto auth = signer->sign(method, target, clock_.now());
      for (const auto& [k, v] : auth.fields()) request.headers.emplace_back(k, v);
    }
    std::optional<net::ServerResponse> out;
    boost::asio::co_spawn(
        io_, [&]() -> boost::asio::awaitable<void> { out = co_await api_.handle(request); },
        boost::asio::detached);
    io_.restart();
    io_.run();
    if (!out) throw std::runtime_error("handle() did not complete");
    return std::move(*out);
  }
  net::ServerResponse get(const std::string& path, const kalshi::Signer* signer = nullptr) {
    return call("GET", std::string(RestApi::kBasePath) + path, {}, signer);
  }
  net::ServerResponse alice(const std::string& method, const std::string& path,
                            const json& body = nullptr) {
    return call(method, std::string(RestApi::kBasePath) + path, body.is_null() ? "" : body.dump(),
                &alice_);
  }
  net::ServerResponse bob(const std::string& method, const std::string& path,
                          const json& body = nullptr) {
    return call(method, std::string(RestApi::kBasePath) + path, body.is_null() ? "" : body.dump(),
                &bob_);
  }

  static json parsed(const net::ServerResponse& r) {
    return json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  }
  // The Kalshi error code of an error response.
  static std::string error_code(const net::ServerResponse& r) {
    const json j = parsed(r);
    if (!j.is_object() || !j.contains("error")) return "<no error body: " + r.body + ">";
    return j["error"].value("code", "<no code>");
  }

  static json order(const std::string& ticker, const std::string& side, const std::string& price,
                    const std::string& count, const std::string& client_id = {}) {
    json j{{"ticker", ticker},
           {"side", side},
           {"price", price},
           {"count", count},
           {"time_in_force", "good_till_canceled"},
           {"self_trade_prevention_type", "taker_at_cross"}};
    if (!client_id.empty()) j["client_order_id"] = client_id;
    return j;
  }

  // The seeded markets used by the tests.
  std::string rain_ticker() const { return first_of("KXSIMRAIN"); }
  std::string btc_ticker() const { return first_of("KXBTC15M"); }  // the open window
  std::string first_of(const std::string& series) const {
    for (const auto& t : exchange_.catalog().market_order()) {
      const SimMarket* m = exchange_.catalog().market(t);
      if (m->series.str() == series && m->status == kalshi::MarketStatus::active) return t.str();
    }
    throw std::runtime_error("no open market of " + series);
  }

  boost::asio::io_context io_;
  ManualClock clock_;
  SimExchange exchange_;
  AccessControl access_;
  RestApi api_;
  kalshi::Signer alice_;
  kalshi::Signer bob_;
};

}  // namespace antevorta::sim::test
