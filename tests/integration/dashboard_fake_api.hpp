// An in-process stand-in for the daemon's operator API, for the dashboard page tests. It
// serves web/dashboard/ from the source tree at /, /app.js and /style.css, canned answers in
// the shapes of the API contract (sim / paper, two positions, one open and one filled order,
// one fill, an approved and a denied decision, two markets with books), a kill switch and
// strategies that need the Bearer token, and /api/stream: a status_update every 300 ms (its
// equity rising by $0.0100 each time) plus whatever the test publishes.
//
// Errors: the constructor throws std::runtime_error when the server cannot listen.
// Threading: the server runs on its own thread and io_context; every public method may be
// called from the test's thread (they post to the server's thread and wait, or lock).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace antevorta::test {

class FakeApi {
 public:
  static constexpr const char* kTicker = "KXBTC15M-26NOV211015-15";
  static constexpr const char* kOtherTicker = "KXBTC15M-26NOV211030-30";

  explicit FakeApi(std::string token);
  ~FakeApi();
  FakeApi(const FakeApi&) = delete;
  FakeApi& operator=(const FakeApi&) = delete;

  std::string url() const;  // "http://127.0.0.1:PORT/"

  // Sends {"type":type,"at":...,"data":data} to every stream client.
  void publish(const std::string& type, nlohmann::json data);
  // Aborts every stream connection; while refusing, upgrades are answered 503.
  void drop_streams();
  void refuse_streams(bool refuse);
  std::size_t stream_clients();

  bool kill_switch_engaged() const;
  std::string kill_switch_reason() const;
  int unauthorized_requests() const;              // answered 401
  std::vector<std::string> stream_inbox() const;  // messages the clients sent, in order

  struct Impl;

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace antevorta::test
