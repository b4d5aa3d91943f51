// The dashboard page (web/dashboard/) in headless Chromium against FakeApi, an in-process
// stand-in for the operator API with known answers: the page shows the snapshots exactly as
// sent, follows the stream, says "disconnected" and reconnects, asks for the token through
// its form and shows the API's 401 message, and renders the books it subscribed to.
// Skipped when /usr/bin/chromium is absent.
#include <memory>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cdp.hpp"
#include "dashboard_fake_api.hpp"
#include "process.hpp"

namespace antevorta::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr const char* kToken = "page-test-token-0123456789";
constexpr auto kWait = 10s;

// JavaScript: the number of rows in the body of table #id.
std::string rows(const std::string& id) {
  return "document.querySelectorAll('#" + id + " tbody tr').length";
}

// Polls `done` every 50 ms for up to kWait.
template <class Pred>
bool poll_for(Pred done) {
  const auto deadline = std::chrono::steady_clock::now() + kWait;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

class DashboardPage : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Chromium::available()) GTEST_SKIP() << Chromium::kPath << " is not installed";
    dir_ = make_temp_dir("antevorta-dashboard-page");
    api_ = std::make_unique<FakeApi>(kToken);
    browser_ = std::make_unique<Chromium>(dir_ / "chromium", 30s);
    page_ = std::make_unique<CdpPage>(browser_->devtools_port());
    page_->navigate(api_->url());
    // Connected, the snapshots shown and a first status_update in.
    ASSERT_TRUE(page_->wait_for(
        "document.querySelector('#stream-state').dataset.state === 'connected' && " +
            rows("positions") + " === 2 && " + rows("decisions") + " === 2 && " +
            "document.querySelector('#book-select').options.length === 2 && "
            "Number(document.querySelector('#equity-curve').dataset.points) >= 1",
        kWait))
        << page_->text_of("#stream-state");
  }
  void TearDown() override {
    page_.reset();
    browser_.reset();
    api_.reset();
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  bool wait_for(const std::string& predicate) { return page_->wait_for(predicate, kWait); }
  json eval(const std::string& expression) { return page_->evaluate(expression); }

  fs::path dir_;
  std::unique_ptr<FakeApi> api_;
  std::unique_ptr<Chromium> browser_;
  std::unique_ptr<CdpPage> page_;
};

TEST_F(DashboardPage, ShowsTheSnapshotsExactlyAsSent) {
  ASSERT_TRUE(wait_for(rows("positions") + " === 2 && " + rows("decisions") + " === 2"));
  EXPECT_EQ(eval("document.querySelector('#mode-banner').dataset.environment"), "sim");
  EXPECT_EQ(eval("document.querySelector('#mode-banner').dataset.executionMode"), "paper");
  EXPECT_THAT(page_->text_of("#mode-banner"), HasSubstr("environment: sim"));
  EXPECT_THAT(page_->text_of("#mode-banner"), HasSubstr("execution: paper"));

  // Strings as sent, no reformatting: "2.00" stays "2.00", "-3.00" is marked negative.
  const std::string position = page_->text_of("#positions tbody tr:nth-child(1)");
  EXPECT_THAT(position, HasSubstr("2.00"));
  EXPECT_THAT(position, HasSubstr("0.4500"));
  EXPECT_THAT(position, HasSubstr("0.9000"));
  EXPECT_EQ(eval("document.querySelector('#positions tbody tr:nth-child(2) td:nth-child(2)')"
                 ".className"),
            "neg");
  EXPECT_EQ(page_->text_of("#positions tbody tr:nth-child(2) td:nth-child(2)"), "-3.00");

  // Only the open order: the API's filled order is never listed.
  EXPECT_EQ(eval(rows("orders")), 1);
  EXPECT_EQ(eval("document.querySelector('#orders tbody tr').dataset.clientOrderId"), "av1-open1");
  EXPECT_EQ(eval(rows("fills")), 1);
  EXPECT_EQ(eval("document.querySelector('#fills tbody tr').dataset.tradeId"), "t-1");

  // Newest decision first: the denial with its rule, limit and actual value.
  const std::string denied = page_->text_of("#decisions tbody tr:nth-child(1)");
  EXPECT_THAT(denied, HasSubstr("denied: max_order_count"));
  EXPECT_THAT(denied, HasSubstr("risk.max_order_count"));
  EXPECT_THAT(denied, HasSubstr("5.00"));
  EXPECT_THAT(denied, HasSubstr("7.00"));
  EXPECT_THAT(page_->text_of("#decisions tbody tr:nth-child(2)"), HasSubstr("approved"));

  EXPECT_EQ(page_->text_of("#pnl-net"), "-0.4300");
  EXPECT_EQ(page_->text_of("#pnl-fees"), "0.0700");
  EXPECT_EQ(page_->text_of("#balance"), "10000.0000");
  EXPECT_EQ(page_->text_of("#exposure"), "12.3400");
  EXPECT_EQ(eval("document.querySelector('#connections tr[data-name=\"kalshi_ws\"]')"
                 ".dataset.state"),
            "connected");
  EXPECT_EQ(eval("document.querySelector('#kill-switch-state').dataset.engaged"), "false");
}

TEST_F(DashboardPage, FollowsTheStream) {
  // status_update every 300 ms: the timestamp advances and the equity curve grows.
  ASSERT_TRUE(wait_for("document.querySelector('#last-update').dataset.at.endsWith('Z')"));
  const auto first = eval("document.querySelector('#last-update').dataset.at").get<std::string>();
  ASSERT_TRUE(
      wait_for("document.querySelector('#last-update').dataset.at !== " + js_string(first)));
  // Two points of the daemon's history, then three status updates at least.
  ASSERT_TRUE(wait_for("Number(document.querySelector('#equity-curve').dataset.points) >= 5"));
  // Each status adds $0.0100 to $10001.2300: the latest equity is shown as sent.
  EXPECT_THAT(page_->text_of("#equity"), ::testing::MatchesRegex("1000[1-9]\\.[0-9]{2}00"));
  EXPECT_THAT(page_->text_of("#equity-max"), ::testing::MatchesRegex("high 1000[1-9]\\.[0-9]{4}"));
  // The daemon's history (GET /api/equity) comes first: its low is the curve's low.
  EXPECT_EQ(page_->text_of("#equity-min"), "low 9990.0000");

  ASSERT_TRUE(wait_for(rows("fills") + " === 1 && " + rows("orders") + " === 1"));
  api_->publish("fill", {{"trade_id", "t-2"},
                         {"client_order_id", "av1-open1"},
                         {"order_id", "paper-av1-open1"},
                         {"ticker", FakeApi::kTicker},
                         {"strategy", "threshold_taker"},
                         {"side", "yes"},
                         {"action", "buy"},
                         {"price", "0.4500"},
                         {"count", "2.00"},
                         {"fee", "0.0200"},
                         {"is_taker", false},
                         {"at", "2026-11-21T10:00:05.000Z"}});
  EXPECT_TRUE(wait_for("document.querySelector('#fills tbody tr').dataset.tradeId === 't-2'"));
  EXPECT_EQ(eval(rows("fills")), 2);

  // The open order fills (a later update, in the stream's shape: no created_at): it leaves
  // the list; a new resting one joins, shown at its update time; one the daemon has not
  // named yet (client_order_id null) is not listed.
  json filled = {{"client_order_id", "av1-open1"},
                 {"state", "filled"},
                 {"ticker", FakeApi::kTicker},
                 {"filled", "2.00"},
                 {"updated_at", "2026-11-21T10:00:05.000Z"}};
  api_->publish("order_update", filled);
  EXPECT_TRUE(wait_for(rows("orders") + " === 0"));
  json fresh = filled;
  fresh["client_order_id"] = "av1-new1";
  fresh["state"] = "resting";
  fresh["filled"] = "0.00";
  api_->publish("order_update", fresh);
  fresh["client_order_id"] = nullptr;
  fresh["state"] = "pending";
  api_->publish("order_update", fresh);
  EXPECT_TRUE(
      wait_for("document.querySelector('#orders tbody tr')?.dataset.clientOrderId === "
               "'av1-new1'"));
  EXPECT_EQ(page_->text_of("#orders tbody tr td:nth-child(1)"), "10:00:05.000");

  api_->publish("decision", {{"intent_id", "i-3"},
                             {"strategy", "threshold_taker"},
                             {"ticker", FakeApi::kTicker},
                             {"approved", false},
                             {"reason", "max_position"},
                             {"rule", "risk.max_position"},
                             {"limit", "10.00"},
                             {"actual", "12.00"},
                             {"at", "2026-11-21T10:00:06.000Z"}});
  EXPECT_TRUE(wait_for(rows("decisions") + " === 3"));
  EXPECT_THAT(page_->text_of("#decisions tbody tr:nth-child(1)"),
              HasSubstr("denied: max_position"));

  api_->publish("alert", {{"severity", "critical"},
                          {"kind", "kill_switch"},
                          {"title", "Kill switch engaged"},
                          {"text", "by the operator"}});
  EXPECT_TRUE(
      wait_for("document.querySelector('#alerts').textContent.includes("
               "'Kill switch engaged')"));
  // For a look at the layout with every panel filled (the end-to-end test keeps the real one).
  EXPECT_TRUE(write_file(artifacts_dir() / "dashboard-fake-api.png", page_->screenshot_png()));
}

TEST_F(DashboardPage, SaysDisconnectedAndReconnects) {
  api_->refuse_streams(true);
  api_->drop_streams();
  ASSERT_TRUE(wait_for("document.querySelector('#stream-state').dataset.state === 'disconnected'"))
      << page_->text_of("#stream-state");
  EXPECT_THAT(page_->text_of("#stream-state"), HasSubstr("disconnected"));
  EXPECT_EQ(api_->stream_clients(), 0u);

  api_->refuse_streams(false);
  // The first retries come after about 0.5, 1 and 2 s.
  ASSERT_TRUE(
      page_->wait_for("document.querySelector('#stream-state').dataset.state === 'connected'", 15s))
      << page_->text_of("#stream-state");
  const auto at = eval("document.querySelector('#last-update').dataset.at").get<std::string>();
  EXPECT_TRUE(wait_for("document.querySelector('#last-update').dataset.at !== " + js_string(at)));
  EXPECT_EQ(api_->stream_clients(), 1u);
}

TEST_F(DashboardPage, KillSwitchAsksForTheTokenAndShowsTheApiError) {
  // No reason: nothing is sent, the form is not even shown.
  page_->click("#kill-switch-engage");
  EXPECT_THAT(page_->text_of("#action-message"), HasSubstr("Type a reason"));
  EXPECT_EQ(eval("document.querySelector('#token-form').hidden"), true);

  page_->type("#kill-switch-reason", "page test");
  page_->click("#kill-switch-engage");
  ASSERT_TRUE(wait_for("!document.querySelector('#token-form').hidden"));
  page_->type("#token-input", "wrong-token-0123456789");
  page_->click("#token-submit");
  ASSERT_TRUE(wait_for("document.querySelector('#action-message').dataset.status === '401'"))
      << page_->text_of("#action-message");
  EXPECT_THAT(page_->text_of("#action-message"),
              HasSubstr("401 unauthorized: the bearer token is missing or wrong"));
  EXPECT_EQ(api_->unauthorized_requests(), 1);
  EXPECT_FALSE(api_->kill_switch_engaged());
  EXPECT_EQ(eval("document.querySelector('#kill-switch-state').dataset.engaged"), "false");
  EXPECT_EQ(page_->text_of("#token-state"), "not set");  // a rejected token is forgotten

  // The right token: engaged, on the page at once and at the API.
  page_->click("#kill-switch-engage");
  ASSERT_TRUE(wait_for("!document.querySelector('#token-form').hidden"));
  page_->type("#token-input", kToken);
  page_->click("#token-submit");
  ASSERT_TRUE(wait_for("document.querySelector('#action-message').dataset.status === '200'"))
      << page_->text_of("#action-message");
  EXPECT_TRUE(api_->kill_switch_engaged());
  EXPECT_EQ(api_->kill_switch_reason(), "page test");
  EXPECT_EQ(eval("document.querySelector('#kill-switch-state').dataset.engaged"), "true");
  EXPECT_EQ(page_->text_of("#kill-switch-state"), "ENGAGED");
  EXPECT_THAT(page_->text_of("#kill-switch-detail"), HasSubstr("manual · page test · since"));
  EXPECT_EQ(eval("sessionStorage.length"), 1);

  // The token is kept for this tab: the next actions do not ask again.
  page_->click("#kill-switch-release");
  ASSERT_TRUE(
      wait_for("document.querySelector('#action-message').textContent === "
               "'Kill switch released.'"));
  EXPECT_EQ(eval("document.querySelector('#token-form').hidden"), true);
  EXPECT_FALSE(api_->kill_switch_engaged());
  page_->click("#strategies button[data-strategy=\"threshold_taker\"]");
  ASSERT_TRUE(
      wait_for("document.querySelector('#action-message').textContent === "
               "'threshold_taker disabled.'"))
      << page_->text_of("#action-message");
  EXPECT_EQ(api_->unauthorized_requests(), 1);
}

TEST_F(DashboardPage, RendersTheBooksItSubscribedTo) {
  const std::string ticker = FakeApi::kTicker;
  ASSERT_TRUE(wait_for("document.querySelector('#book-select').options.length === 2"));
  eval("document.querySelector('#book-select option[value=" + js_string(ticker) +
       "]').selected = true");
  page_->click("#book-subscribe");

  const std::string sent = json{{"subscribe_books", {ticker}}}.dump();
  EXPECT_TRUE(poll_for([&] {
    for (const auto& m : api_->stream_inbox()) {
      if (m == sent) return true;
    }
    return false;
  }));
  const std::string box = "#books .book[data-ticker=" + js_string(ticker) + "]";
  ASSERT_TRUE(wait_for("document.querySelector(" + js_string(box) +
                       ")?.textContent"
                       ".includes('0.4700')"))
      << eval(
             "JSON.stringify({selected: [...document.querySelector('#book-select')"
             ".selectedOptions].map(o => o.value), books: document.querySelector('#books')"
             ".innerHTML, stream: document.querySelector('#stream-state').textContent, "
             "notice: document.querySelector('#notice').textContent})");
  const std::string shown = page_->text_of(box);
  EXPECT_THAT(shown, HasSubstr("0.4500"));
  EXPECT_THAT(shown, HasSubstr("10.00"));
  EXPECT_THAT(shown, HasSubstr("3.50"));

  json update = {{"ticker", ticker},
                 {"fresh", true},
                 {"bids", json::array({{{"price", "0.4600"}, {"count", "1.00"}}})},
                 {"asks", json::array({{{"price", "0.4800"}, {"count", "2.00"}}})}};
  api_->publish("book", update);
  EXPECT_TRUE(wait_for("document.querySelector(" + js_string(box) +
                       ").textContent"
                       ".includes('0.4800')"));
  update["ticker"] = FakeApi::kOtherTicker;  // not subscribed: not shown
  api_->publish("book", update);
  api_->publish(
      "book",
      {{"ticker", ticker}, {"fresh", false}, {"bids", json::array()}, {"asks", json::array()}});
  EXPECT_TRUE(wait_for("document.querySelector(" + js_string(box) +
                       ").textContent"
                       ".includes('(stale)')"));
  EXPECT_EQ(eval("document.querySelectorAll('#books .book').length"), 1);
}

}  // namespace
}  // namespace antevorta::test
