// OperatorApi's shared state (operator_api.hpp), split over routes.cpp (HTTP) and
// stream.cpp (the /api/stream WebSocket). Internal to src/api.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "antevorta/api/operator_api.hpp"

namespace antevorta::api {

struct StreamClient {
  std::shared_ptr<net::ServerWebSocket> socket;
  std::set<std::string> books;  // tickers the client asked for
};

struct OperatorApi::State : std::enable_shared_from_this<OperatorApi::State> {
  State(boost::asio::any_io_executor ex, EventBus& b, Clock& c, Logger l, ApiOptions o, Secret t,
        Backend& be)
      : executor(std::move(ex)),
        bus(b),
        clock(c),
        log(std::move(l)),
        options(std::move(o)),
        token(std::move(t)),
        backend(be) {}

  boost::asio::any_io_executor executor;
  EventBus& bus;
  Clock& clock;
  Logger log;
  ApiOptions options;
  Secret token;
  Backend& backend;
  Timestamp started_at{};

  std::unique_ptr<net::HttpServer> server;
  std::vector<Subscription> subscriptions;
  std::map<std::uint64_t, StreamClient> clients;
  std::uint64_t next_client = 1;
  std::set<std::string> dirty_books;  // subscribed tickers whose book changed
  TimerHandle status_timer;
  TimerHandle book_timer;
  bool running = false;

  net::ServerResponse route(const net::ServerRequest& request);
  std::optional<net::ServerResponse> check_upgrade(const net::ServerRequest& request);
  void accept_stream(std::shared_ptr<net::ServerWebSocket> socket);
  void on_stream_message(std::uint64_t id, std::string_view text);
  void broadcast(std::string_view type, const nlohmann::json& data);
  void send_to(StreamClient& client, std::string_view type, const nlohmann::json& data);
  void deliver(StreamClient& client, std::string text);  // closes a client that cannot keep up
  void subscribe_bus();
  void schedule_status();
  void schedule_books();
  bool anyone_watches(std::string_view ticker) const;
};

// The embedded dashboard files (generated from web/dashboard at build time).
struct Asset {
  std::string_view content_type;
  std::string_view body;
};
const Asset* find_asset(std::string_view path);

}  // namespace antevorta::api
