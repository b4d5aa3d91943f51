// End to end: the operator API of a running `antevorta run` (sim mode, paper), driven over
// HTTP on 127.0.0.1 and through the `antevorta status | kill | flatten` commands.
//  - the token file is created with mode 0600, its path is logged and the token never is;
//  - /healthz, /readyz and /api/status answer with the modes;
//  - a manual order rests (201), is listed as open, is cancelled by DELETE;
//  - `antevorta kill` engages the kill switch: resting orders are cancelled and a new manual
//    order is denied (422 kill_switch_engaged); a wrong token changes nothing;
//  - a manual buy at the ask fills (paper), and /api/flatten closes the position;
//  - /metrics passes `promtool check metrics` (when promtool is installed);
//  - with alerts.discord_webhook_url set, engaging the kill switch is posted to a loopback
//    fake webhook, and the webhook's URL never reaches the log.
// Each daemon runs in its own temp directory and is stopped with SIGTERM to its own pid.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/net/http_client.hpp"
#include "antevorta/net/http_server.hpp"

#include "process.hpp"
#include "trading_e2e_support.hpp"

namespace antevorta::test {
namespace {

namespace fs = std::filesystem;
namespace asio = boost::asio;
using Json = nlohmann::json;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr auto kStartTimeout = 30s;
constexpr auto kWait = 30s;

struct Reply {
  unsigned status = 0;
  Json body;
  std::string text;
};

class ApiE2e : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("antevorta-api-e2e");
    fs::copy(source_dir() / "config", dir_ / "config", fs::copy_options::recursive);
    std::map<std::string, std::string> env{
        {"ANTEVORTA__HTTP__LISTEN", "127.0.0.1:0"},
        {"ANTEVORTA__SCANNER__SERIES", "[KXBTC15M]"},
        // Manual orders only; a short close window so a test never waits for the next market.
        {"ANTEVORTA__RISK__NO_ENTRY_BEFORE_CLOSE_SECONDS", "5"},
        {"ANTEVORTA__EXECUTION__REDUCE_ONLY_BEFORE_CLOSE_SECONDS", "5"},
        {"ANTEVORTA__EXECUTION__CANCEL_ALL_BEFORE_CLOSE_SECONDS", "2"},
    };
    for (const auto& [k, v] : extra_env_) env[k] = v;
    daemon_ = std::make_unique<Process>(std::vector<std::string>{"run"}, dir_, env);
    ASSERT_TRUE(daemon_->wait_for_stderr("runtime_started", kStartTimeout)) << daemon_->err();
    const auto lines = lines_with(daemon_->err(), "api_listening url=http://127.0.0.1:");
    ASSERT_EQ(lines.size(), 1u) << daemon_->err();
    const auto at = lines[0].find("127.0.0.1:") + 10;
    port_ = static_cast<std::uint16_t>(std::stoi(lines[0].substr(at)));
    std::ifstream in(dir_ / "data" / "api_token");
    std::getline(in, token_);
    ASSERT_EQ(token_.size(), 64u);
  }
  void TearDown() override {
    if (daemon_) {
      daemon_->signal(SIGTERM);
      const auto code = daemon_->wait(30s);
      EXPECT_TRUE(code.has_value() && *code == 0) << daemon_->err();
      // The token is never written to the log.
      EXPECT_THAT(daemon_->err(), ::testing::Not(HasSubstr(token_)));
      EXPECT_THAT(daemon_->out(), ::testing::Not(HasSubstr(token_)));
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  Reply call(const std::string& method, const std::string& target, const std::string& body = {},
             std::optional<std::string> token = std::nullopt) {
    asio::io_context io(1);
    LiveClock clock(io.get_executor());
    net::HttpClient http(io.get_executor(), clock, null_logger(),
                         net::Endpoint{"http", "127.0.0.1", port_, "/"});
    net::HttpRequest request;
    request.method = method;
    request.target = target;
    request.body = body;
    if (token) request.headers.emplace_back("Authorization", "Bearer " + *token);
    auto future = asio::co_spawn(io, http.request(std::move(request)), asio::use_future);
    io.run();
    const auto response = future.get();
    Reply r;
    r.status = response.status;
    r.text = response.body;
    r.body = Json::parse(response.body, nullptr, false);
    return r;
  }
  Reply authed(const std::string& method, const std::string& target, const std::string& body = {}) {
    return call(method, target, body, token_);
  }

  // The open market that closes last (its book live), so orders are not near its close.
  std::string a_market() {
    std::string best;
    std::string best_close;
    poll_until(
        [&] {
          const auto markets = call("GET", "/api/markets").body["markets"];
          for (const auto& m : markets) {
            if (m["status"] != "active" || !m["book_fresh"].get<bool>() || m["yes_ask"].is_null())
              continue;
            const auto close = m["close_time"].get<std::string>();
            if (close > best_close) {
              best_close = close;
              best = m["ticker"].get<std::string>();
            }
          }
          return !best.empty();
        },
        kWait);
    return best;
  }

  static std::string order_body(const std::string& ticker, const std::string& action,
                                const std::string& price, const std::string& tif) {
    return Json{{"ticker", ticker}, {"side", "yes"},        {"action", action},  {"count", "2.00"},
                {"price", price},   {"time_in_force", tif}, {"post_only", false}}
        .dump();
  }

  // A manual GTC buy of 2 YES at 0.02, far below the bid: it rests.
  Reply buy_far_below_the_bid(const std::string& ticker) {
    return authed("POST", "/api/orders", order_body(ticker, "buy", "0.0200", "good_till_canceled"));
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  std::string order_state(const std::string& id) {
    const auto orders = call("GET", "/api/orders?limit=1000").body["orders"];
    for (const auto& o : orders) {
      if (o["client_order_id"] == id) return o["state"].get<std::string>();
    }
    return "";
  }

  std::map<std::string, std::string> extra_env_;  // set before SetUp (a derived constructor)
  fs::path dir_;
  std::unique_ptr<Process> daemon_;
  std::uint16_t port_ = 0;
  std::string token_;
};

TEST_F(ApiE2e, TokenFileHealthReadinessAndStatus) {
  const auto file = dir_ / "data" / "api_token";
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_THAT(daemon_->err(), HasSubstr("token_file=data/api_token token_created=true"));

  auto health = call("GET", "/healthz");
  EXPECT_EQ(health.status, 200u);
  EXPECT_EQ(health.body["status"], "ok");
  EXPECT_TRUE(poll_until([&] { return call("GET", "/readyz").status == 200; }, kWait))
      << call("GET", "/readyz").text;
  auto status = call("GET", "/api/status");
  ASSERT_EQ(status.status, 200u);
  EXPECT_EQ(status.body["environment"], "sim");
  EXPECT_EQ(status.body["execution_mode"], "paper");
  EXPECT_EQ(status.body["kill_switch"]["engaged"], false);
  EXPECT_EQ(status.body["positions_known"], true);
  EXPECT_EQ(status.body["connections"][0]["name"], "kalshi_ws");
  EXPECT_EQ(status.body["connections"][0]["state"], "connected");
  EXPECT_EQ(status.body["connections"][1]["name"], "kalshi_rest");
  EXPECT_EQ(status.body["connections"][1]["state"], "ok");
  // The price feeds (sim mode: the simulator's feed servers) are listed too, and come up.
  EXPECT_TRUE(poll_until(
      [&] {
        const auto c = call("GET", "/api/status").body["connections"];
        int live = 0;
        for (const auto& x : c) live += x["name"] != nullptr && x["state"] == "live";
        return c.size() == 5 && live == 3;  // kalshi_ws, kalshi_rest, three feeds
      },
      kWait))
      << call("GET", "/api/status").body["connections"].dump();
  // Paper: $10,000 on each followed shard; KXBTC15M markets are all on shard 2.
  EXPECT_EQ(status.body["balance"], "10000.0000");
  // The equity curve starts once the daemon is ready (sampled every 10 s): never at the
  // unfunded zero of the first milliseconds.
  ASSERT_TRUE(
      poll_until([&] { return !call("GET", "/api/equity").body["points"].empty(); }, kWait));
  const auto equity = call("GET", "/api/equity").body;
  EXPECT_EQ(equity["interval_seconds"], 60);
  EXPECT_EQ(equity["points"][0]["equity"], "10000.0000") << equity.dump();

  // The CLI reads the same status (no token needed).
  auto cli = run_antevorta({"status", "--url", url()}, dir_);
  EXPECT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_THAT(cli.out, HasSubstr("\"execution_mode\": \"paper\""));
  // Without --url the CLI finds the daemon where the configuration says it listens.
  auto configured = run_antevorta(
      {"status"}, dir_, {{"ANTEVORTA__HTTP__LISTEN", "127.0.0.1:" + std::to_string(port_)}});
  EXPECT_EQ(configured.exit_code, 0) << configured.err;
  EXPECT_THAT(configured.out, HasSubstr("\"execution_mode\": \"paper\""));
}

TEST_F(ApiE2e, ManualOrderRestsIsListedAndIsCancelled) {
  const auto ticker = a_market();
  ASSERT_FALSE(ticker.empty());
  auto created = buy_far_below_the_bid(ticker);
  ASSERT_EQ(created.status, 201u) << created.text;
  const auto id = created.body["order"]["client_order_id"].get<std::string>();
  EXPECT_EQ(created.body["order"]["strategy"], "manual");
  EXPECT_EQ(created.body["order"]["price"], "0.0200");
  EXPECT_EQ(created.body["order"]["count"], "2.00");
  EXPECT_TRUE(poll_until([&] { return order_state(id) == "resting"; }, kWait)) << order_state(id);
  bool listed = false;
  const auto open = call("GET", "/api/orders?status=open").body["orders"];
  for (const auto& o : open) {
    listed = listed || o["client_order_id"] == id;
  }
  EXPECT_TRUE(listed);
  // The decision is on record with its intent.
  const auto decisions = call("GET", "/api/decisions?limit=5").body["decisions"];
  ASSERT_FALSE(decisions.empty());
  EXPECT_EQ(decisions[0]["strategy"], "manual");
  EXPECT_EQ(decisions[0]["approved"], true);

  EXPECT_EQ(call("DELETE", "/api/orders/" + id).status, 401u);
  auto cancel = authed("DELETE", "/api/orders/" + id);
  EXPECT_EQ(cancel.status, 200u) << cancel.text;
  EXPECT_TRUE(poll_until([&] { return order_state(id) == "canceled"; }, kWait)) << order_state(id);
  EXPECT_EQ(authed("DELETE", "/api/orders/" + id).status, 409u);
  EXPECT_EQ(authed("DELETE", "/api/orders/av1-nosuchorder").status, 404u);
  // Bad input loses nothing and says why.
  auto bad = authed("POST", "/api/orders", R"({"ticker":")" + ticker + R"(","count":"1"})");
  EXPECT_EQ(bad.status, 400u);
  EXPECT_THAT(bad.body["message"].get<std::string>(), HasSubstr("missing field"));
}

TEST_F(ApiE2e, KillCommandCancelsRestingOrdersAndDeniesNewOnes) {
  const auto ticker = a_market();
  ASSERT_FALSE(ticker.empty());
  auto created = buy_far_below_the_bid(ticker);
  ASSERT_EQ(created.status, 201u) << created.text;
  const auto id = created.body["order"]["client_order_id"].get<std::string>();
  ASSERT_TRUE(poll_until([&] { return order_state(id) == "resting"; }, kWait));

  auto wrong =
      run_antevorta({"kill", "--reason", "x", "--url", url(), "--token", "wrong-token"}, dir_);
  EXPECT_NE(wrong.exit_code, 0);
  EXPECT_THAT(wrong.err, HasSubstr("401"));
  EXPECT_EQ(call("GET", "/api/status").body["kill_switch"]["engaged"], false);

  // The CLI finds the token in data/api_token through the configuration, like an operator.
  auto kill = run_antevorta({"kill", "--reason", "e2e test", "--url", url()}, dir_);
  ASSERT_EQ(kill.exit_code, 0) << kill.err;
  // The answer counts the order the engagement cancelled (paper cancels at once).
  const auto answer = nlohmann::json::parse(kill.out, nullptr, false);
  ASSERT_TRUE(answer.is_object()) << kill.out;
  EXPECT_EQ(answer["canceled_orders"], 1) << kill.out;
  const auto status = call("GET", "/api/status").body;
  EXPECT_EQ(status["kill_switch"]["engaged"], true);
  EXPECT_EQ(status["kill_switch"]["detail"], "e2e test");
  EXPECT_TRUE(poll_until([&] { return order_state(id) == "canceled"; }, kWait)) << order_state(id);
  auto denied =
      authed("POST", "/api/orders", order_body(ticker, "buy", "0.0200", "good_till_canceled"));
  EXPECT_EQ(denied.status, 422u) << denied.text;
  EXPECT_EQ(denied.body["reason"], "kill_switch_engaged");

  auto release = run_antevorta({"kill", "--release", "--url", url()}, dir_);
  ASSERT_EQ(release.exit_code, 0) << release.err;
  EXPECT_EQ(call("GET", "/api/status").body["kill_switch"]["engaged"], false);
}

TEST_F(ApiE2e, FlattenClosesAPositionBoughtByHand) {
  const auto ticker = a_market();
  ASSERT_FALSE(ticker.empty());
  // A marketable IOC buy at the best ask (risk.price_band allows no further reach): it fills
  // against the simulator's asks (paper, taker).
  const auto book = call("GET", "/api/books/" + ticker).body;
  ASSERT_FALSE(book["asks"].empty()) << book.dump();
  const auto ask = book["asks"][0]["price"].get<std::string>();
  auto bought =
      authed("POST", "/api/orders", order_body(ticker, "buy", ask, "immediate_or_cancel"));
  ASSERT_EQ(bought.status, 201u) << bought.text;
  auto position_of = [&]() -> std::string {
    const auto positions = call("GET", "/api/positions").body["positions"];
    for (const auto& p : positions) {
      if (p["ticker"] == ticker) return p["position"].get<std::string>();
    }
    return "";
  };
  ASSERT_TRUE(poll_until([&] { return position_of() == "2.00"; }, kWait)) << position_of();
  // The fill reaches the database with its batch (database.flush_interval_ms).
  Json fills;
  ASSERT_TRUE(poll_until(
      [&] {
        fills = call("GET", "/api/fills?limit=5").body["fills"];
        return !fills.empty();
      },
      kWait));
  EXPECT_EQ(fills[0]["ticker"], ticker);
  EXPECT_EQ(fills[0]["price"], ask);

  auto cli = run_antevorta({"flatten", "--url", url()}, dir_);
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  const auto answer = Json::parse(cli.out);
  ASSERT_EQ(answer["submitted"].size(), 1u) << cli.out;
  EXPECT_EQ(answer["submitted"][0]["ticker"], ticker);
  EXPECT_EQ(answer["submitted"][0]["count"], "2.00");
  EXPECT_TRUE(poll_until([&] { return position_of() == "0.00"; }, kWait)) << position_of();
}

TEST_F(ApiE2e, MetricsPassPromtool) {
  ASSERT_TRUE(poll_until([&] { return call("GET", "/readyz").status == 200; }, kWait));
  auto metrics = call("GET", "/metrics");
  ASSERT_EQ(metrics.status, 200u);
  for (const char* name :
       {"antevorta_connection_up{connection=\"kalshi_ws\"} 1", "antevorta_kill_switch_engaged 0",
        "antevorta_rest_request_duration_seconds_bucket", "antevorta_risk_denials_total{reason=",
        "antevorta_balance_dollars 10000", "antevorta_ready 1"}) {
    EXPECT_THAT(metrics.text, HasSubstr(name));
  }
  if (!fs::exists("/usr/bin/promtool")) GTEST_SKIP() << "promtool is not installed";
  const auto file = dir_ / "metrics.txt";
  std::ofstream(file) << metrics.text;
  const std::string command = "/usr/bin/promtool check metrics < " + file.string() + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int code = ::pclose(pipe);
  EXPECT_EQ(code, 0) << output;
  EXPECT_EQ(output, "") << output;
}

// A Discord webhook stand-in on loopback: every POST body is kept and answered 204.
class FakeWebhook {
 public:
  FakeWebhook() {
    server_.emplace(io_.get_executor(), null_logger("fake-webhook"), net::HttpServerOptions{},
                    [this](const net::ServerRequest& req) -> asio::awaitable<net::ServerResponse> {
                      std::lock_guard lock(mutex_);
                      bodies_.push_back(req.method + " " + req.target + " " + req.body);
                      co_return net::ServerResponse{204, {}, {}, {}};
                    });
    server_->start();
    thread_ = std::thread([this] {
      auto guard = asio::make_work_guard(io_);
      io_.run();
    });
  }
  ~FakeWebhook() {
    asio::post(io_, [this] {
      server_->stop();
      io_.stop();
    });
    thread_.join();
  }
  FakeWebhook(const FakeWebhook&) = delete;
  FakeWebhook& operator=(const FakeWebhook&) = delete;

  static constexpr const char* kPath = "/api/webhooks/123/e2e-webhook-secret";
  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()) + kPath; }
  std::vector<std::string> bodies() const {
    std::lock_guard lock(mutex_);
    return bodies_;
  }

 private:
  asio::io_context io_;
  std::optional<net::HttpServer> server_;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::vector<std::string> bodies_;
};

class ApiE2eDiscord : public ApiE2e {
 protected:
  ApiE2eDiscord() { extra_env_["ANTEVORTA__ALERTS__DISCORD_WEBHOOK_URL"] = webhook_.url(); }
  FakeWebhook webhook_;
};

TEST_F(ApiE2eDiscord, AnEngagedKillSwitchIsPostedToTheWebhook) {
  auto kill = run_antevorta({"kill", "--reason", "discord e2e", "--url", url()}, dir_);
  ASSERT_EQ(kill.exit_code, 0) << kill.err;
  std::string posted;
  ASSERT_TRUE(poll_until(
      [&] {
        for (const auto& b : webhook_.bodies()) {
          if (b.find("Kill switch engaged") != std::string::npos) posted = b;
        }
        return !posted.empty();
      },
      kWait))
      << daemon_->err();
  EXPECT_THAT(posted, ::testing::StartsWith(std::string("POST ") + FakeWebhook::kPath));
  EXPECT_THAT(posted, HasSubstr("discord e2e"));  // the reason is in the message
  // The webhook URL carries its token: never logged.
  EXPECT_THAT(daemon_->err(), ::testing::Not(HasSubstr("e2e-webhook-secret")));
  EXPECT_THAT(daemon_->err(), HasSubstr("alerts_discord enabled=true"));
}

}  // namespace
}  // namespace antevorta::test
