// End to end: the dashboard served by the `antevorta` binary (sim mode, paper, the test
// strategy threshold_taker trading) in headless Chromium, driven over the DevTools protocol.
//  - the page says sim and paper, shows kalshi_ws connected, the stream's status timestamp
//    advances and an order or fill row appears;
//  - through the page's own controls (reason, the token form, the engage button) the kill
//    switch engages, on the page and at GET /api/status; a wrong token first shows the
//    API's 401 message and changes nothing.
// The screenshot is kept in <test binary dir>/artifacts/dashboard.png. Each daemon runs in its
// own temp directory (config copy, database), the operator API on 127.0.0.1:0, and is stopped
// with SIGTERM to its own pid; the browser likewise. Skipped without /usr/bin/chromium.
#include <cctype>
#include <csignal>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cdp.hpp"
#include "process.hpp"

namespace antevorta::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

constexpr const char* kToken = "dashboard-e2e-token-0123456789";
// Generous: the asan build runs several times slower, and the strategy waits for live books.
constexpr auto kStartTimeout = 30s;
constexpr auto kDataTimeout = 60s;
constexpr auto kUiTimeout = 10s;

class Dashboard : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!Chromium::available()) GTEST_SKIP() << Chromium::kPath << " is not installed";
    stay_clear_of_the_quarter_hour();
    dir_ = make_temp_dir("antevorta-dashboard");
    fs::copy(source_dir() / "config", dir_ / "config", fs::copy_options::recursive);
    daemon_ = std::make_unique<Process>(std::vector<std::string>{"run"}, dir_, env());
    ASSERT_TRUE(daemon_->wait_for_stderr("api_listening url=http://127.0.0.1:", kStartTimeout))
        << daemon_->err();
    api_port_ = listening_port(daemon_->err());
    ASSERT_NE(api_port_, 0) << daemon_->err();
    browser_ = std::make_unique<Chromium>(dir_ / "chromium", kStartTimeout);
    page_ = std::make_unique<CdpPage>(browser_->devtools_port());
    page_->navigate(url());
  }

  void TearDown() override {
    page_.reset();
    browser_.reset();
    if (daemon_) {
      daemon_->signal(SIGTERM);
      const auto code = daemon_->wait(30s);
      EXPECT_EQ(code, std::optional<int>(0)) << "the daemon did not stop cleanly\n"
                                             << daemon_->err();
      daemon_.reset();
    }
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }

  // The simulator's KXBTC15M windows close on the quarter hours and a daemon started
  // mid-window does not pick up the next one: a test starting less than 20 s before a quarter
  // hour waits until 3 s after it (as the trading end-to-end tests do).
  static void stay_clear_of_the_quarter_hour() {
    const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
    const auto into_quarter = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch) %
                              std::chrono::minutes(15);
    const auto left = std::chrono::minutes(15) - into_quarter;
    if (left < 20s) std::this_thread::sleep_for(left + 3s);
  }

  // base.yaml: environment sim (the daemon's own simulator), execution_mode paper. The
  // strategy and window settings are those of the trading end-to-end tests: threshold_taker
  // buys 2 contracts as soon as a book is live.
  static std::map<std::string, std::string> env() {
    return {
        {"ANTEVORTA__HTTP__LISTEN", "127.0.0.1:0"},
        {"ANTEVORTA__HTTP__TOKEN", kToken},
        {"ANTEVORTA__SCANNER__SERIES", "[KXBTC15M]"},
        {"ANTEVORTA__STRATEGIES__THRESHOLD_TAKER__ENABLED", "true"},
        {"ANTEVORTA__STRATEGIES__THRESHOLD_TAKER__PARAMS__MAX_PRICE", "0.99"},
        {"ANTEVORTA__STRATEGIES__THRESHOLD_TAKER__PARAMS__COUNT", "2"},
        {"ANTEVORTA__STRATEGIES__THRESHOLD_TAKER__PARAMS__COOLDOWN_SECONDS", "10"},
        {"ANTEVORTA__RISK__NO_ENTRY_BEFORE_CLOSE_SECONDS", "5"},
        {"ANTEVORTA__EXECUTION__REDUCE_ONLY_BEFORE_CLOSE_SECONDS", "5"},
        {"ANTEVORTA__EXECUTION__CANCEL_ALL_BEFORE_CLOSE_SECONDS", "2"},
    };
  }

  // The port of "api_listening url=http://127.0.0.1:PORT ..."; 0 when absent.
  static std::uint16_t listening_port(const std::string& log) {
    const std::string needle = "api_listening url=http://127.0.0.1:";
    const auto at = log.find(needle);
    if (at == std::string::npos) return 0;
    unsigned port = 0;
    for (auto i = at + needle.size(); i < log.size() && std::isdigit(log[i]) != 0; ++i) {
      port = port * 10 + static_cast<unsigned>(log[i] - '0');
      if (port > 65535) return 0;
    }
    return static_cast<std::uint16_t>(port);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(api_port_) + "/"; }
  json api_status() const { return json::parse(http_get(api_port_, "/api/status")); }

  std::string attr(const std::string& selector, const std::string& name) {
    const json v = page_->evaluate("document.querySelector(" + js_string(selector) + ")?.dataset." +
                                   name + " ?? ''");
    return v.is_string() ? v.get<std::string>() : std::string();
  }

  // What the page and the daemon said, for failure messages.
  std::string context() {
    return "stream: " + page_->text_of("#stream-state") + "\nnotice: " + page_->text_of("#notice") +
           "\nmessage: " + page_->text_of("#action-message") + "\ndaemon log:\n" + daemon_->err();
  }

  fs::path dir_;
  std::unique_ptr<Process> daemon_;
  std::uint16_t api_port_ = 0;
  std::unique_ptr<Chromium> browser_;
  std::unique_ptr<CdpPage> page_;
};

TEST_F(Dashboard, ShowsSimPaperAndLiveData) {
  ASSERT_TRUE(
      page_->wait_for("document.querySelector('#mode-banner').dataset.environment", kUiTimeout))
      << context();
  EXPECT_EQ(attr("#mode-banner", "environment"), "sim");
  EXPECT_EQ(attr("#mode-banner", "executionMode"), "paper");
  EXPECT_THAT(page_->text_of("#mode-banner"), HasSubstr("environment: sim"));
  EXPECT_THAT(page_->text_of("#mode-banner"), HasSubstr("execution: paper"));

  // Live over /api/stream: the exchange stream connected, status_update every 2 s.
  ASSERT_TRUE(page_->wait_for(
      "document.querySelector('#stream-state').dataset.state === 'connected'", kUiTimeout))
      << context();
  EXPECT_TRUE(page_->wait_for(
      "document.querySelector('#connections tr[data-name=\"kalshi_ws\"]')?.dataset.state === "
      "'connected'",
      kStartTimeout))
      << page_->text_of("#connections") << "\n"
      << context();
  ASSERT_TRUE(
      page_->wait_for("document.querySelector('#last-update').dataset.at !== ''", kUiTimeout))
      << context();
  const std::string first = attr("#last-update", "at");
  EXPECT_TRUE(page_->wait_for(
      "document.querySelector('#last-update').dataset.at > " + js_string(first), kUiTimeout))
      << "no later status_update than " << first << "\n"
      << context();
  EXPECT_TRUE(page_->wait_for("Number(document.querySelector('#equity-curve').dataset.points) >= 2",
                              kUiTimeout));

  // The strategy trades: an order or a fill row, and its decision.
  EXPECT_TRUE(
      page_->wait_for("document.querySelectorAll('#fills tbody tr, #orders tbody "
                      "tr').length > 0",
                      kDataTimeout))
      << context();
  EXPECT_TRUE(
      page_->wait_for("document.querySelectorAll('#decisions tbody tr').length > 0", kUiTimeout))
      << context();
  if (page_->evaluate("document.querySelectorAll('#fills tbody tr').length").get<int>() > 0) {
    EXPECT_THAT(page_->text_of("#fills tbody tr"), HasSubstr("threshold_taker"));
  }
}

TEST_F(Dashboard, KillSwitchFromThePage) {
  ASSERT_TRUE(
      page_->wait_for("document.querySelector('#stream-state').dataset.state === 'connected' && "
                      "document.querySelector('#kill-switch-state').dataset.engaged === 'false'",
                      kUiTimeout))
      << context();
  ASSERT_FALSE(api_status()["kill_switch"].value("engaged", true));
  // Trading first, so the screenshot below shows every panel filled.
  EXPECT_TRUE(
      page_->wait_for("document.querySelectorAll('#fills tbody tr').length > 0", kDataTimeout))
      << context();

  // A wrong token: the API's 401 message on the page, nothing engaged.
  page_->type("#kill-switch-reason", "dashboard e2e");
  page_->click("#kill-switch-engage");
  ASSERT_TRUE(page_->wait_for("!document.querySelector('#token-form').hidden", kUiTimeout));
  page_->type("#token-input", "not-the-token-0123456789");
  page_->click("#token-submit");
  ASSERT_TRUE(page_->wait_for("document.querySelector('#action-message').dataset.status === '401'",
                              kUiTimeout))
      << context();
  EXPECT_THAT(page_->text_of("#action-message"), HasSubstr("failed: 401 unauthorized"));
  EXPECT_FALSE(api_status()["kill_switch"].value("engaged", true));
  EXPECT_EQ(attr("#kill-switch-state", "engaged"), "false");

  // The right token engages it: at once on the page, and at the API.
  page_->click("#kill-switch-engage");
  ASSERT_TRUE(page_->wait_for("!document.querySelector('#token-form').hidden", kUiTimeout));
  page_->type("#token-input", kToken);
  page_->click("#token-submit");
  ASSERT_TRUE(page_->wait_for("document.querySelector('#action-message').dataset.status === '200'",
                              kUiTimeout))
      << context();
  EXPECT_EQ(attr("#kill-switch-state", "engaged"), "true");
  EXPECT_EQ(page_->text_of("#kill-switch-state"), "ENGAGED");
  const json kill = api_status()["kill_switch"];
  EXPECT_TRUE(kill.value("engaged", false)) << kill.dump();
  EXPECT_THAT(kill.dump(), HasSubstr("dashboard e2e"));
  // The next status_update agrees, and the stream's alert is listed.
  EXPECT_TRUE(
      page_->wait_for("document.querySelector('#kill-switch-detail').textContent"
                      ".includes('dashboard e2e')",
                      kUiTimeout));
  EXPECT_TRUE(
      page_->wait_for("document.querySelector('#alerts li.critical')?.textContent"
                      ".includes('Kill switch engaged (manual)')",
                      kUiTimeout))
      << page_->text_of("#alerts");

  // The screenshot: every panel, the kill switch engaged.
  const std::string png = page_->screenshot_png();
  const fs::path file = artifacts_dir() / "dashboard.png";
  ASSERT_TRUE(write_file(file, png)) << file;
  ASSERT_GE(fs::file_size(file), 20'000u) << "a screenshot of the whole page is larger";
  EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
}

}  // namespace
}  // namespace antevorta::test
