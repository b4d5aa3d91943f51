// A fixture for RestClient tests: a FakeHttpServer on 127.0.0.1, an HttpClient to it, a
// ManualClock for pacing and backoff (advanced by the driver whenever the io_context is idle,
// so virtual time passes only while something waits on the clock), and an Ed25519 signer
// with its verifier.
#pragma once

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/kalshi/verifier.hpp"

#include "unit/net/fake_http_server.hpp"

namespace antevorta::kalshi::test_support {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using antevorta::test::FakeHttpServer;
using antevorta::test::FakeReply;
using antevorta::test::FakeRequest;

inline FakeReply reply(unsigned status, std::string body) {
  FakeReply r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

inline FakeReply hang() {
  FakeReply r;
  r.action = FakeReply::Action::hang;
  return r;
}

inline const std::string& test_key_pem() {
  static const std::string pem = generate_private_key_pem(KeyType::ed25519);
  return pem;
}

struct RestFixture : ::testing::Test {
  asio::io_context io;
  ManualClock clock;
  std::unique_ptr<FakeHttpServer> server;
  std::unique_ptr<net::HttpClient> http;
  std::optional<Signer> signer;
  std::unique_ptr<RestClient> client;
  std::vector<Timestamp> request_times;  // virtual time of each request the server saw

  RestOptions options() {
    RestOptions o;
    o.backoff.initial = 100ms;
    o.backoff.max = 1s;
    return o;
  }

  // Starts the server with `script` and a client (signed unless told otherwise).
  void start(FakeHttpServer::Script script, RestOptions o, bool sign = true,
             net::HttpClientOptions http_options = {}) {
    server = std::make_unique<FakeHttpServer>(
        io, [this, script = std::move(script)](const FakeRequest& req) {
          request_times.push_back(clock.now());
          return script(req);
        });
    net::Endpoint e{"http", "127.0.0.1", server->port(), "/trade-api/v2"};
    http =
        std::make_unique<net::HttpClient>(io.get_executor(), clock, null_logger(), e, http_options);
    if (sign) {
      auto s = Signer::from_pem(test_key_pem(), Secret("key-id-1"), "test");
      EXPECT_TRUE(s);
      signer.emplace(std::move(*s));
    }
    client = std::make_unique<RestClient>(io.get_executor(), clock, null_logger(), *http,
                                          signer ? &*signer : nullptr, std::move(o));
  }
  void start(FakeHttpServer::Script script) { start(std::move(script), options()); }

  const std::vector<FakeRequest>& requests() const { return server->requests(); }

  // Runs a coroutine to completion; while the io_context is idle and something waits on the
  // manual clock, moves virtual time forward in 5 ms steps.
  template <class T>
  T run(asio::awaitable<T> aw) {
    std::optional<T> out;
    std::exception_ptr error;
    bool done = false;
    asio::co_spawn(
        io, [&]() -> asio::awaitable<void> { out.emplace(co_await std::move(aw)); },
        [&](std::exception_ptr e) {
          error = e;
          done = true;
        });
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (!done) {
      if (std::chrono::steady_clock::now() > deadline) throw std::runtime_error("test timed out");
      if (io.run_one_for(1ms) == 0 && clock.pending_timers() > 0) clock.advance(5ms);
    }
    if (error) std::rethrow_exception(error);
    return std::move(*out);
  }

  // True when the request carries a valid signature over METHOD + the path without query.
  bool signature_valid(const FakeRequest& req) const {
    const auto pub = public_key_pem(test_key_pem());
    if (!pub) return false;
    const auto ts = std::stoll(req.header(kAccessTimestampHeader));
    std::string path = req.target.substr(0, req.target.find('?'));
    return verify_signature(*pub, signing_string(ts, req.method, path),
                            req.header(kAccessSignatureHeader));
  }

  void TearDown() override {
    client.reset();
    http.reset();
    server.reset();
    io.restart();
    io.poll();  // let abandoned server coroutines unwind before the io_context goes
  }
};

inline nlohmann::json market_json(const std::string& ticker) {
  return {{"ticker", ticker},
          {"event_ticker", "EV"},
          {"market_type", "binary"},
          {"status", "active"},
          {"result", ""},
          {"yes_bid_dollars", "0.4200"},
          {"price_level_structure", "linear_cent"},
          {"price_ranges", {{{"start", "0.0000"}, {"end", "1.0000"}, {"step", "0.0100"}}}}};
}

}  // namespace antevorta::kalshi::test_support
