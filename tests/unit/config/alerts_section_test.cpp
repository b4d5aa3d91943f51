// The alerts section: defaults, every key, ranges at their boundaries, all errors at once
// with key paths, the webhook URL as a secret (environment form; never in an error or the
// summary), and the shipped config.
#include <chrono>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/config/loader.hpp"

#include "support/paths.hpp"
#include "support/shipped_config.hpp"
#include "unit/config/config_fixture.hpp"

namespace antevorta::config::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kUrlVar = "ANTEVORTA__ALERTS__DISCORD_WEBHOOK_URL";

std::string at(const LoadResult& r, std::string_view key_path) {
  for (const auto& e : r.errors) {
    if (e.key_path == key_path) return e.to_string();
  }
  return "(none)";
}

TEST_F(ConfigTest, AlertsDefaults) {
  file("base.yaml", "");
  const AlertsConfig a = load_ok().alerts;
  EXPECT_TRUE(a.discord_webhook_url.empty());
  EXPECT_EQ(a.discord_min_severity, AlertLevel::info);
  EXPECT_TRUE(a.live_orders);
  EXPECT_EQ(a.denials_per_window, 20);
  EXPECT_EQ(a.denial_window, 60s);
  EXPECT_EQ(a.connection_lost_after, 30s);
  EXPECT_FALSE(a.daily_summary_utc);
  EXPECT_EQ(a.batch_window, 2000ms);
  EXPECT_EQ(a.max_posts_per_minute, 20);
  EXPECT_EQ(a.queue_capacity, 200);
  EXPECT_EQ(a.max_attempts, 4);
  EXPECT_EQ(a.request_timeout, 10s);
}

TEST_F(ConfigTest, EveryAlertsKeyIsRead) {
  file("base.yaml",
       "alerts:\n"
       "  discord_webhook_url: https://discord.com/api/webhooks/1/tok\n"
       "  discord_min_severity: warning\n"
       "  live_orders: false\n"
       "  denials_per_window: 5\n"
       "  denial_window_seconds: 120\n"
       "  connection_lost_after_seconds: 45\n"
       "  daily_summary_utc: \"21:30\"\n"
       "  batch_window_ms: 500\n"
       "  max_posts_per_minute: 30\n"
       "  queue_capacity: 50\n"
       "  max_attempts: 1\n"
       "  request_timeout_seconds: 3\n");
  const AlertsConfig a = load_ok().alerts;
  EXPECT_EQ(a.discord_webhook_url.reveal(), "https://discord.com/api/webhooks/1/tok");
  EXPECT_EQ(a.discord_min_severity, AlertLevel::warning);
  EXPECT_FALSE(a.live_orders);
  EXPECT_EQ(a.denials_per_window, 5);
  EXPECT_EQ(a.denial_window, 120s);
  EXPECT_EQ(a.connection_lost_after, 45s);
  EXPECT_EQ(a.daily_summary_utc, 21h + 30min);  // 1290 minutes after midnight
  EXPECT_EQ(a.batch_window, 500ms);
  EXPECT_EQ(a.max_posts_per_minute, 30);
  EXPECT_EQ(a.queue_capacity, 50);
  EXPECT_EQ(a.max_attempts, 1);
  EXPECT_EQ(a.request_timeout, 3s);
}

TEST_F(ConfigTest, WebhookUrlFromTheEnvironment) {
  file("base.yaml", "");
  const AppConfig c = load_ok({{kUrlVar, "https://discord.com/api/webhooks/123/abc-DEF_ghi"}});
  EXPECT_EQ(c.alerts.discord_webhook_url.reveal(),
            "https://discord.com/api/webhooks/123/abc-DEF_ghi");
  // Plain http only on loopback (a local relay or a test's fake webhook).
  EXPECT_EQ(load_ok({{kUrlVar, "http://127.0.0.1:9000/hook"}}).alerts.discord_webhook_url.reveal(),
            "http://127.0.0.1:9000/hook");
}

TEST_F(ConfigTest, BadWebhookUrlsAreReportedWithoutTheirValue) {
  file("base.yaml", "");
  for (const char* bad : {"http://discord.com/api/webhooks/1/TOPSECRET",  // plain http, remote
                          "discord.com/api/webhooks/1/TOPSECRET",         // not absolute
                          "https://discord.com/api/webhooks/1/TOPSECRET#x"}) {
    const LoadResult r = load_with({{kUrlVar, bad}});
    ASSERT_EQ(r.errors.size(), 1u) << bad << "\n" << all(r);
    EXPECT_EQ(r.errors[0].key_path, "alerts.discord_webhook_url");
    EXPECT_THAT(r.errors[0].to_string(), HasSubstr("(value not shown)"));
    EXPECT_THAT(r.errors[0].to_string(), Not(HasSubstr("TOPSECRET"))) << bad;
  }
  // A wrong type is reported without the value too (the reader knows the key is secret).
  file("base.yaml", "alerts:\n  discord_webhook_url: [TOPSECRET]\n");
  const LoadResult r = load_with();
  ASSERT_EQ(r.errors.size(), 1u) << all(r);
  EXPECT_THAT(r.errors[0].to_string(), Not(HasSubstr("TOPSECRET")));
}

TEST_F(ConfigTest, BadAlertsValuesAreAllReportedWithKeyPaths) {
  file("base.yaml",
       "alerts:\n"
       "  discord_min_severity: loud\n"         // line 2
       "  live_orders: maybe\n"                 // line 3
       "  denials_per_window: 0\n"              // line 4
       "  denial_window_seconds: 0\n"           // line 5
       "  connection_lost_after_seconds: -1\n"  // line 6
       "  daily_summary_utc: \"24:00\"\n"       // line 7
       "  batch_window_ms: 0\n"                 // line 8
       "  max_posts_per_minute: 31\n"           // line 9
       "  queue_capacity: 0\n"                  // line 10
       "  max_attempts: 11\n"                   // line 11
       "  request_timeout_seconds: 0\n"         // line 12
       "  daily_sumary_utc: \"10:00\"\n");      // line 13
  const LoadResult r = load_with();
  ASSERT_FALSE(r.config);
  ASSERT_EQ(r.errors.size(), 12u) << all(r);
  const std::string src = source("base.yaml") + ": alerts.";
  EXPECT_THAT(at(r, "alerts.discord_min_severity"), HasSubstr("info, warning, critical"));
  EXPECT_THAT(at(r, "alerts.live_orders"), HasSubstr("(line 3)"));
  EXPECT_EQ(at(r, "alerts.denials_per_window"),
            src + "denials_per_window: must be > 0, was 0 (line 4)");
  EXPECT_EQ(at(r, "alerts.denial_window_seconds"),
            src + "denial_window_seconds: must be > 0, was 0 (line 5)");
  EXPECT_EQ(at(r, "alerts.connection_lost_after_seconds"),
            src + "connection_lost_after_seconds: must be > 0, was -1 (line 6)");
  EXPECT_EQ(at(r, "alerts.daily_summary_utc"),
            src +
                "daily_summary_utc: expected a UTC time of day as \"HH:MM\" (00:00 to 23:59), "
                "was \"24:00\" (line 7)");
  EXPECT_EQ(at(r, "alerts.batch_window_ms"), src + "batch_window_ms: must be > 0, was 0 (line 8)");
  EXPECT_EQ(at(r, "alerts.max_posts_per_minute"),
            src + "max_posts_per_minute: must be between 1 and 30, was 31 (line 9)");
  EXPECT_EQ(at(r, "alerts.queue_capacity"),
            src + "queue_capacity: must be between 1 and 10000, was 0 (line 10)");
  EXPECT_EQ(at(r, "alerts.max_attempts"),
            src + "max_attempts: must be between 1 and 10, was 11 (line 11)");
  EXPECT_EQ(at(r, "alerts.request_timeout_seconds"),
            src + "request_timeout_seconds: must be > 0, was 0 (line 12)");
  EXPECT_THAT(at(r, "alerts.daily_sumary_utc"),
              HasSubstr("unknown key; did you mean \"daily_summary_utc\"?"));
}

TEST_F(ConfigTest, DailySummaryTimeBoundaries) {
  file("base.yaml", "");
  const auto summary_at = [&](const char* text) {
    return load_with({{"ANTEVORTA__ALERTS__DAILY_SUMMARY_UTC", text}});
  };
  EXPECT_EQ(summary_at("00:00").config->alerts.daily_summary_utc, 0min);
  EXPECT_EQ(summary_at("23:59").config->alerts.daily_summary_utc, 23h + 59min);  // 1439 min
  EXPECT_FALSE(summary_at("").config->alerts.daily_summary_utc);                 // off
  for (const char* bad : {"24:00", "23:60", "9:30", "09:30:00", "0930", "ab:cd"}) {
    const LoadResult r = summary_at(bad);
    ASSERT_EQ(r.errors.size(), 1u) << bad << "\n" << all(r);
    EXPECT_EQ(r.errors[0].key_path, "alerts.daily_summary_utc") << bad;
  }
}

TEST_F(ConfigTest, SummaryRedactsTheWebhookUrl) {
  file("base.yaml", "alerts:\n  daily_summary_utc: \"07:05\"\n");
  const std::string s =
      summary(load_ok({{kUrlVar, "https://discord.com/api/webhooks/1/TOPSECRET"}}));
  EXPECT_THAT(s,
              ::testing::ContainsRegex("alerts.discord_webhook_url += <redacted> +\\[environment"));
  EXPECT_THAT(s, ::testing::ContainsRegex("alerts.daily_summary_utc += 07:05 +\\[.*base.yaml"));
  EXPECT_THAT(s, ::testing::ContainsRegex("alerts.batch_window_ms += 2000 +\\[default\\]"));
  EXPECT_THAT(s, Not(HasSubstr("TOPSECRET")));
}

TEST(ShippedAlertsConfig, MatchesTheDocumentedDefaults) {
  const LoadResult r = antevorta::test::load_shipped_config();
  ASSERT_TRUE(r.config) << (r.errors.empty() ? "" : r.errors[0].to_string());
  const AlertsConfig& a = r.config->alerts;
  const AlertsConfig d;
  EXPECT_EQ(a.discord_webhook_url, d.discord_webhook_url);
  EXPECT_EQ(a.discord_min_severity, d.discord_min_severity);
  EXPECT_EQ(a.live_orders, d.live_orders);
  EXPECT_EQ(a.denials_per_window, d.denials_per_window);
  EXPECT_EQ(a.denial_window, d.denial_window);
  EXPECT_EQ(a.connection_lost_after, d.connection_lost_after);
  EXPECT_EQ(a.daily_summary_utc, d.daily_summary_utc);
  EXPECT_EQ(a.batch_window, d.batch_window);
  EXPECT_EQ(a.max_posts_per_minute, d.max_posts_per_minute);
  EXPECT_EQ(a.queue_capacity, d.queue_capacity);
  EXPECT_EQ(a.max_attempts, d.max_attempts);
  EXPECT_EQ(a.request_timeout, d.request_timeout);
}

}  // namespace
}  // namespace antevorta::config::testing
