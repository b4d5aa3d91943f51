// GCC 12 reports -Wmismatched-new-delete on coroutine frames (Asio's awaitable_frame_base
// pairs its own operator new and delete; a known false positive of GCC's coroutine lowering).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif
#include "dashboard_fake_api.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <future>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "antevorta/core/logging.hpp"
#include "antevorta/net/http_server.hpp"

#include "support/paths.hpp"

namespace antevorta::test {

namespace asio = boost::asio;
using json = nlohmann::json;
using namespace std::chrono_literals;

namespace {

// Now (less `ago`) as the API writes times.
std::string now_rfc3339(std::chrono::seconds ago = std::chrono::seconds(0)) {
  const auto now = std::chrono::system_clock::now() - ago;
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch());
  const std::time_t secs = static_cast<std::time_t>(ms.count() / 1000);
  std::tm tm{};
  ::gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms.count() % 1000));
  return buf;
}

// Centi-cents as the API's dollar string: 100'012'300 → "10001.2300".
std::string dollars(std::int64_t centicents) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%04lld", static_cast<long long>(centicents / 10'000),
                static_cast<long long>(centicents % 10'000));
  return buf;
}

net::ServerResponse reply(unsigned status, const json& body) {
  net::ServerResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

net::ServerResponse error(unsigned status, const std::string& code, const std::string& message) {
  return reply(status, {{"error", code}, {"message", message}});
}

// As the daemon: reason is the kind of latch ("manual" from the API), detail the words.
json latch(bool engaged, const std::string& detail) {
  return {{"engaged", engaged},
          {"reason", engaged ? "manual" : ""},
          {"detail", detail},
          {"since", engaged ? json("2026-11-21T10:00:00.000Z") : json(nullptr)}};
}

json order(const std::string& id, const std::string& state, const std::string& filled) {
  return {{"client_order_id", id},
          {"order_id", "paper-" + id},
          {"intent_id", "i-" + id},
          {"strategy", "threshold_taker"},
          {"ticker", FakeApi::kTicker},
          {"side", "yes"},
          {"action", "buy"},
          {"price", "0.4500"},
          {"count", "2.00"},
          {"filled", filled},
          {"remaining", "0.00"},
          {"state", state},
          {"time_in_force", "good_till_canceled"},
          {"post_only", false},
          {"reduce_only", false},
          {"created_at", "2026-11-21T10:00:01.000Z"},
          {"updated_at", "2026-11-21T10:00:02.000Z"},
          {"reason", ""}};
}

json book(const std::string& ticker) {
  return {{"ticker", ticker},
          {"fresh", true},
          {"bids", json::array({{{"price", "0.4500"}, {"count", "10.00"}},
                                {{"price", "0.4400"}, {"count", "3.50"}}})},
          {"asks", json::array({{{"price", "0.4700"}, {"count", "5.00"}}})}};
}

std::string query_value(const std::string& target, const std::string& key) {
  const auto q = target.find('?');
  if (q == std::string::npos) return "";
  std::istringstream parts(target.substr(q + 1));
  std::string part;
  while (std::getline(parts, part, '&')) {
    if (part.starts_with(key + "=")) return part.substr(key.size() + 1);
  }
  return "";
}

}  // namespace

struct FakeApi::Impl {
  explicit Impl(std::string t) : token(std::move(t)) {}

  // Shared with the test's thread.
  mutable std::mutex mutex;
  bool kill_engaged = false;
  std::string kill_reason;
  bool strategy_enabled = true;
  int unauthorized = 0;
  std::vector<std::string> inbox;
  bool refuse = false;

  // The server's thread only.
  const std::string token;
  asio::io_context io{1};
  std::optional<net::HttpServer> server;
  std::optional<asio::steady_timer> ticker;
  std::vector<std::shared_ptr<net::ServerWebSocket>> streams;
  std::int64_t ticks = 0;
  std::thread thread;

  json status() {
    std::lock_guard lock(mutex);
    return {{"version", "0.4.0"},
            {"environment", "sim"},
            {"execution_mode", "paper"},
            {"connections",
             json::array({{{"name", "kalshi_ws"}, {"state", "connected"}, {"detail", ""}},
                          {{"name", "kalshi_rest"}, {"state", "ok"}, {"detail", ""}}})},
            {"exchange", {{"trading_active", true}, {"exchange_active", true}}},
            {"books", {{"total", 2}, {"fresh", 2}}},
            {"ready", true},
            {"kill_switch", latch(kill_engaged, kill_reason)},
            {"circuit_breaker", latch(false, "")},
            {"positions_known", true},
            {"balance", "10000.0000"},
            // $10001.2300 + $0.0100 per tick (100 centi-cents)
            {"equity", dollars(100'012'300 + 100 * ticks)},
            {"exposure", "12.3400"},
            {"pnl_today",
             {{"realized", "0.5000"},
              {"fees", "0.0700"},
              {"payouts", "0.0000"},
              {"net", "-0.4300"},
              {"fills", 3}}},
            {"open_orders", 1},
            {"strategies",
             json::array({{{"name", "threshold_taker"}, {"enabled", strategy_enabled}}})}};
  }

  void send_all(const std::string& type, const json& data) {
    const std::string text = json{{"type", type}, {"at", now_rfc3339()}, {"data", data}}.dump();
    for (auto& s : streams) s->send(text);
  }

  void tick() {
    ticker->expires_after(300ms);
    ticker->async_wait([this](boost::system::error_code ec) {
      if (ec) return;
      ++ticks;
      send_all("status_update", status());
      tick();
    });
  }

  bool authorized(const net::ServerRequest& req) {
    const std::string* h = req.header("Authorization");
    if (h && *h == "Bearer " + token) return true;
    std::lock_guard lock(mutex);
    ++unauthorized;
    return false;
  }

  net::ServerResponse get(const std::string& path, const std::string& target) {
    if (path == "/" || path == "/app.js" || path == "/style.css") {
      const std::string file = path == "/" ? "index.html" : path.substr(1);
      std::ifstream in(source_dir() / "web" / "dashboard" / file);
      std::stringstream ss;
      ss << in.rdbuf();
      net::ServerResponse r;
      r.body = ss.str();
      r.content_type = path == "/"         ? "text/html; charset=utf-8"
                       : path == "/app.js" ? "application/javascript"
                                           : "text/css";
      return r;
    }
    if (path == "/api/status") return reply(200, status());
    if (path == "/api/positions") {
      return reply(200, {{"positions", json::array({{{"ticker", kTicker},
                                                     {"position", "2.00"},
                                                     {"cost_basis", "0.9000"},
                                                     {"average_price", "0.4500"},
                                                     {"realized", "0.0000"},
                                                     {"fees", "0.0200"},
                                                     {"payouts", "0.0000"},
                                                     {"volume", "2.00"}},
                                                    {{"ticker", kOtherTicker},
                                                     {"position", "-3.00"},
                                                     {"cost_basis", "1.6500"},
                                                     {"average_price", "0.5500"},
                                                     {"realized", "-0.1000"},
                                                     {"fees", "0.0300"},
                                                     {"payouts", "0.0000"},
                                                     {"volume", "3.00"}}})}});
    }
    if (path == "/api/orders") {
      // One open order and one filled; `status` is a state or "open" (as the daemon).
      const std::string wanted = query_value(target, "status");
      json list = json::array();
      for (json o : {order("av1-open1", "resting", "0.00"), order("av1-done1", "filled", "2.00")}) {
        const bool open = o["state"] == "resting";
        if (wanted.empty() || o["state"] == wanted || (wanted == "open" && open)) {
          list.push_back(std::move(o));
        }
      }
      return reply(200, {{"orders", list}});
    }
    if (path == "/api/fills") {
      return reply(200, {{"fills", json::array({{{"trade_id", "t-1"},
                                                 {"client_order_id", "av1-done1"},
                                                 {"order_id", "paper-av1-done1"},
                                                 {"ticker", kTicker},
                                                 {"strategy", "threshold_taker"},
                                                 {"side", "yes"},
                                                 {"action", "buy"},
                                                 {"price", "0.4500"},
                                                 {"count", "2.00"},
                                                 {"fee", "0.0200"},
                                                 {"is_taker", true},
                                                 {"at", "2026-11-21T10:00:02.000Z"}}})}});
    }
    if (path == "/api/decisions") {
      json approved = {{"intent_id", "i-av1-done1"},
                       {"strategy", "threshold_taker"},
                       {"ticker", kTicker},
                       {"side", "yes"},
                       {"action", "buy"},
                       {"price", "0.4500"},
                       {"count", "2.00"},
                       {"approved", true},
                       {"reason", ""},
                       {"rule", ""},
                       {"limit", ""},
                       {"actual", ""},
                       {"detail", ""},
                       {"at", "2026-11-21T10:00:01.000Z"}};
      json denied = approved;
      denied["intent_id"] = "i-denied";
      denied["approved"] = false;
      denied["reason"] = "max_order_count";
      denied["rule"] = "risk.max_order_count";
      denied["limit"] = "5.00";
      denied["actual"] = "7.00";
      denied["detail"] = "order count above the limit";
      denied["at"] = "2026-11-21T10:00:03.000Z";
      return reply(200, {{"decisions", json::array({denied, approved})}});
    }
    if (path == "/api/markets") {
      json markets = json::array();
      for (const char* t : {kTicker, kOtherTicker}) {
        markets.push_back(
            {{"ticker", t},
             {"event_ticker", "KXBTC15M-26NOV2110"},
             {"series_ticker", "KXBTC15M"},
             {"title", "BTC up?"},
             {"status", "open"},
             {"open_time", "2026-11-21T10:00:00.000Z"},
             {"close_time", "2026-11-21T10:15:00.000Z"},
             {"yes_bid", "0.4500"},
             {"yes_ask", std::string_view(t) == kTicker ? json("0.4700") : json(nullptr)},
             {"book_fresh", true}});
      }
      return reply(200, {{"markets", markets}});
    }
    if (path == "/api/equity") {
      // Two minutes of history before the page opened, the lowest point of the curve.
      return reply(
          200, {{"interval_seconds", 60},
                {"points",
                 json::array(
                     {{{"at", now_rfc3339(std::chrono::seconds(120))}, {"equity", "9990.0000"}},
                      {{"at", now_rfc3339(std::chrono::seconds(60))}, {"equity", "9995.0000"}}})}});
    }
    if (path.starts_with("/api/books/")) {
      const std::string t = path.substr(11);
      if (t != kTicker && t != kOtherTicker) return error(404, "not_found", "unknown market");
      return reply(200, book(t));
    }
    return error(404, "not_found", "no such route");
  }

  net::ServerResponse post(const std::string& path, const std::string& body) {
    const json b = json::parse(body.empty() ? "{}" : body, nullptr, false);
    if (b.is_discarded()) return error(400, "bad_request", "malformed JSON");
    std::lock_guard lock(mutex);
    if (path == "/api/kill-switch") {
      kill_engaged = b.value("engaged", false);
      kill_reason = kill_engaged ? b.value("reason", "") : "";
      return reply(200,
                   {{"kill_switch", latch(kill_engaged, kill_reason)}, {"canceled_orders", 1}});
    }
    if (path == "/api/strategies/threshold_taker") {
      strategy_enabled = b.value("enabled", true);
      return reply(200, {{"name", "threshold_taker"}, {"enabled", strategy_enabled}});
    }
    if (path == "/api/circuit-breaker/reset") {
      return reply(200, {{"circuit_breaker", latch(false, "")}});
    }
    return error(404, "not_found", "no such route");
  }

  net::ServerResponse route(const net::ServerRequest& req) {
    const std::string path = req.target.substr(0, req.target.find('?'));
    if (req.method == "GET") return get(path, req.target);
    if (req.method != "POST") return error(405, "method_not_allowed", "GET or POST");
    if (!authorized(req)) {
      return error(401, "unauthorized", "the bearer token is missing or wrong");
    }
    return post(path, req.body);
  }
};

FakeApi::FakeApi(std::string token) : impl_(std::make_shared<Impl>(std::move(token))) {
  Impl& s = *impl_;
  net::HttpServerOptions options;
  options.ws_ping_interval = 0s;
  s.server.emplace(
      s.io.get_executor(), null_logger("fake-api"), options,
      [&s](const net::ServerRequest& req) -> asio::awaitable<net::ServerResponse> {
        co_return s.route(req);
      },
      [&s](const net::ServerRequest& req) -> std::optional<net::ServerResponse> {
        if (req.target != "/api/stream") return error(404, "not_found", "no such route");
        std::lock_guard lock(s.mutex);
        if (s.refuse) return error(503, "not_ready", "refusing streams");
        return std::nullopt;
      },
      [&s](std::shared_ptr<net::ServerWebSocket> ws) {
        const net::ServerWebSocket* raw = ws.get();
        ws->on_message([&s](std::string_view m) {
          std::lock_guard lock(s.mutex);
          s.inbox.emplace_back(m);
        });
        ws->on_closed([&s, raw] {
          std::erase_if(s.streams, [raw](const auto& p) { return p.get() == raw; });
        });
        s.streams.push_back(std::move(ws));
      });
  s.server->start();
  s.ticker.emplace(s.io);
  s.tick();
  s.thread = std::thread([&s] {
    auto guard = asio::make_work_guard(s.io);
    s.io.run();
  });
}

FakeApi::~FakeApi() {
  Impl& s = *impl_;
  asio::post(s.io, [&s] {
    s.ticker->cancel();
    s.server->stop();
    s.streams.clear();
    s.io.stop();
  });
  s.thread.join();
}

std::string FakeApi::url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->server->port()) + "/";
}

void FakeApi::publish(const std::string& type, json data) {
  auto impl = impl_;
  asio::post(impl->io, [impl, type, data = std::move(data)] { impl->send_all(type, data); });
}

void FakeApi::drop_streams() {
  auto impl = impl_;
  std::promise<void> done;
  asio::post(impl->io, [&] {
    impl->server->drop_websockets();
    done.set_value();
  });
  done.get_future().wait();
}

void FakeApi::refuse_streams(bool refuse) {
  std::lock_guard lock(impl_->mutex);
  impl_->refuse = refuse;
}

std::size_t FakeApi::stream_clients() {
  auto impl = impl_;
  std::promise<std::size_t> n;
  asio::post(impl->io, [&] { n.set_value(impl->server->websocket_count()); });
  return n.get_future().get();
}

bool FakeApi::kill_switch_engaged() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->kill_engaged;
}

std::string FakeApi::kill_switch_reason() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->kill_reason;
}

int FakeApi::unauthorized_requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->unauthorized;
}

std::vector<std::string> FakeApi::stream_inbox() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->inbox;
}

}  // namespace antevorta::test
