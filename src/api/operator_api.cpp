// The operator API's server, lifetime and /api/stream (operator_api.hpp).
#include "antevorta/api/operator_api.hpp"

#include <utility>

#include <boost/asio/awaitable.hpp>

#include "antevorta/api/encode.hpp"
#include "antevorta/execution/engine.hpp"
#include "antevorta/kalshi/events.hpp"
#include "antevorta/strategy/events.hpp"

#include "api/state.hpp"

namespace antevorta::api {

namespace asio = boost::asio;

OperatorApi::OperatorApi(asio::any_io_executor executor, EventBus& bus, Clock& clock, Logger logger,
                         ApiOptions options, Secret token, Backend& backend)
    : state_(std::make_shared<State>(std::move(executor), bus, clock, std::move(logger),
                                     std::move(options), std::move(token), backend)) {}

OperatorApi::~OperatorApi() { stop(); }

void OperatorApi::start() {
  auto& s = *state_;
  if (s.running) return;
  net::HttpServerOptions http;
  http.host = s.options.host;
  http.port = s.options.port;
  http.max_body = s.options.max_body;
  http.max_connections = s.options.max_connections;
  http.ws_outbox_limit = 1024;
  http.ws_max_message_bytes = 16 * 1024;
  std::weak_ptr<State> weak = state_;
  s.server = std::make_unique<net::HttpServer>(
      s.executor, s.log, http,
      [this](const net::ServerRequest& request) -> asio::awaitable<net::ServerResponse> {
        co_return handle(request);
      },
      [weak](const net::ServerRequest& request) -> std::optional<net::ServerResponse> {
        auto self = weak.lock();
        if (!self) return net::ServerResponse{503, {}, R"({"error":"stopping"})"};
        return self->check_upgrade(request);
      },
      [weak](std::shared_ptr<net::ServerWebSocket> socket) {
        if (auto self = weak.lock()) self->accept_stream(std::move(socket));
      });
  s.server->start();
  s.started_at = s.clock.now();
  s.running = true;
  s.subscribe_bus();
  s.schedule_status();
  s.schedule_books();
}

void OperatorApi::stop() {
  auto& s = *state_;
  if (!s.running) return;
  s.running = false;
  s.subscriptions.clear();
  s.status_timer.cancel();
  s.book_timer.cancel();
  if (s.server) s.server->stop();
  s.clients.clear();
}

std::uint16_t OperatorApi::port() const noexcept {
  return state_->server ? state_->server->port() : 0;
}

std::size_t OperatorApi::stream_clients() const noexcept { return state_->clients.size(); }

void OperatorApi::broadcast(std::string_view type, const nlohmann::json& data) {
  state_->broadcast(type, data);
}

// ---- stream ------------------------------------------------------------------------------

std::optional<net::ServerResponse> OperatorApi::State::check_upgrade(
    const net::ServerRequest& request) {
  const auto path = std::string_view(request.target).substr(0, request.target.find('?'));
  if (path != "/api/stream") {
    return net::ServerResponse{404, {}, R"({"error":"not_found","message":"no WebSocket here"})"};
  }
  if (clients.size() >= options.max_stream_clients) {
    return net::ServerResponse{503, {}, R"({"error":"busy","message":"too many stream clients"})"};
  }
  return std::nullopt;
}

void OperatorApi::State::accept_stream(std::shared_ptr<net::ServerWebSocket> socket) {
  const std::uint64_t id = next_client++;
  auto& client = clients[id];
  client.socket = socket;
  std::weak_ptr<State> weak = shared_from_this();
  socket->on_message([weak, id](std::string_view text) {
    if (auto self = weak.lock()) self->on_stream_message(id, text);
  });
  socket->on_closed([weak, id] {
    if (auto self = weak.lock()) self->clients.erase(id);
  });
  log->info("api_stream_opened client={} remote={} clients={}", id,
            socket->upgrade_request().remote, clients.size());
  // A new client sees where things stand at once.
  send_to(client, "status_update", backend.status());
}

void OperatorApi::State::on_stream_message(std::uint64_t id, std::string_view text) {
  auto it = clients.find(id);
  if (it == clients.end()) return;
  auto& client = it->second;
  auto reply_error = [&](std::string message) {
    send_to(client, "error", Json{{"message", std::move(message)}});
  };
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return reply_error("messages must be JSON objects");
  auto books = j.find("subscribe_books");
  if (books == j.end() || j.size() != 1) {
    return reply_error("the only message is {\"subscribe_books\": [tickers]}");
  }
  if (!books->is_array() || books->size() > kMaxBookSubscriptions) {
    return reply_error("subscribe_books takes an array of at most 20 tickers");
  }
  std::set<std::string> wanted;
  for (const auto& t : *books) {
    if (!t.is_string()) return reply_error("subscribe_books takes ticker strings");
    wanted.insert(t.get<std::string>());
  }
  client.books = std::move(wanted);
  // Each newly watched book is sent once now, then as it changes.
  for (const auto& t : client.books) {
    if (auto book = backend.book(t)) send_to(client, "book", *book);
  }
}

namespace {

// One message as the stream sends it.
std::string stream_message(Timestamp at, std::string_view type, const nlohmann::json& data) {
  return Json{{"type", type}, {"at", time_json(at)}, {"data", data}}.dump();
}

}  // namespace

void OperatorApi::State::send_to(StreamClient& client, std::string_view type,
                                 const nlohmann::json& data) {
  deliver(client, stream_message(clock.now(), type, data));
}

void OperatorApi::State::deliver(StreamClient& client, std::string text) {
  // Closed, or its outbox is full: a client that cannot keep up is let go.
  if (!client.socket->send(std::move(text)) && client.socket->is_open()) {
    log->warn("api_stream_slow_client remote={}", client.socket->upgrade_request().remote);
    client.socket->close(1008, "too slow");
  }
}

void OperatorApi::State::broadcast(std::string_view type, const nlohmann::json& data) {
  if (clients.empty()) return;
  const std::string text = stream_message(clock.now(), type, data);
  for (auto& [id, client] : clients) deliver(client, text);
}

bool OperatorApi::State::anyone_watches(std::string_view ticker) const {
  for (const auto& [id, client] : clients) {
    if (client.books.find(std::string(ticker)) != client.books.end()) return true;
  }
  return false;
}

void OperatorApi::State::subscribe_bus() {
  subscriptions.push_back(
      bus.subscribe<execution::IntentDecided>([this](const execution::IntentDecided& e) {
        if (clients.empty()) return;
        broadcast("signal", signal_event_json(e));
        broadcast("decision", decision_event_json(e));
      }));
  subscriptions.push_back(
      bus.subscribe<strategy::StrategyOrderUpdate>([this](const strategy::StrategyOrderUpdate& e) {
        if (!clients.empty()) broadcast("order_update", order_update_json(e));
      }));
  subscriptions.push_back(
      bus.subscribe<strategy::StrategyFill>([this](const strategy::StrategyFill& e) {
        if (!clients.empty()) broadcast("fill", fill_event_json(e));
      }));
  subscriptions.push_back(bus.subscribe<kalshi::BookUpdated>([this](const kalshi::BookUpdated& e) {
    if (clients.empty() || e.book == nullptr) return;
    const auto& ticker = e.book->ticker().str();
    if (anyone_watches(ticker)) dirty_books.insert(ticker);
  }));
}

void OperatorApi::State::schedule_status() {
  std::weak_ptr<State> weak = shared_from_this();
  status_timer = clock.call_after(options.status_interval, [weak] {
    auto self = weak.lock();
    if (!self || !self->running) return;
    if (!self->clients.empty()) {
      try {
        self->broadcast("status_update", self->backend.status());
      } catch (const std::exception& e) {
        self->log->error("api_status_failed error={}", log_value(e.what()));
      }
    }
    self->schedule_status();
  });
}

void OperatorApi::State::schedule_books() {
  std::weak_ptr<State> weak = shared_from_this();
  book_timer = clock.call_after(options.book_interval, [weak] {
    auto self = weak.lock();
    if (!self || !self->running) return;
    auto dirty = std::move(self->dirty_books);
    self->dirty_books.clear();
    for (const auto& ticker : dirty) {
      auto book = self->backend.book(ticker);
      if (!book) continue;
      for (auto& [id, client] : self->clients) {
        if (client.books.count(ticker) != 0) self->send_to(client, "book", *book);
      }
    }
    self->schedule_books();
  });
}

}  // namespace antevorta::api
