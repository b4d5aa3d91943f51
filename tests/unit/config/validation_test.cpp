// Validation: every error at once, with exact sources, key paths and messages.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/config/loader.hpp"

#include "unit/config/config_fixture.hpp"

namespace antevorta::config::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST_F(ConfigTest, UnknownKeysNameTheirSourceAndSuggestACloseMatch) {
  file("base.yaml", "kalshi:\n  environment: sim\n  enviroment: demo\ndatabse:\n  path: x\n");
  const LoadResult r = load_with(
      {{"ANTEVORTA__RISK__MAX_ORDER_COUN", "3"}, {"ANTEVORTA__STRATEGIES__S__PARAMZ__X", "1"}});
  ASSERT_FALSE(r.config);
  ASSERT_EQ(r.errors.size(), 4u) << all(r);
  EXPECT_EQ(r.errors[0].to_string(),
            source("base.yaml") +
                ": kalshi.enviroment: unknown key; did you mean \"environment\"? (line 3)");
  EXPECT_EQ(r.errors[1].to_string(),
            "environment ANTEVORTA__RISK__MAX_ORDER_COUN: risk.max_order_coun: unknown key; did "
            "you mean \"max_order_count\"?");
  EXPECT_EQ(r.errors[2].to_string(),
            "environment ANTEVORTA__STRATEGIES__S__PARAMZ__X: strategies.s.paramz: unknown key; "
            "did you mean \"params\"?");
  EXPECT_EQ(r.errors[3].to_string(),
            source("base.yaml") + ": databse: unknown key; did you mean \"database\"? (line 4)");
}

TEST_F(ConfigTest, WrongTypeNegativeLimitAndUnknownKeyAreReportedTogether) {
  file("base.yaml", "database:\n  batch_max_rows: abc\n");
  file("risk.yaml", "risk:\n  max_order_count: -3\n  max_order_size: 5\n");
  const LoadResult r = load_with();
  ASSERT_FALSE(r.config);
  ASSERT_EQ(r.errors.size(), 3u) << all(r);
  EXPECT_EQ(
      r.errors[0].to_string(),
      source("base.yaml") + ": database.batch_max_rows: expected an integer, was \"abc\" (line 2)");
  EXPECT_EQ(r.errors[1].to_string(),
            source("risk.yaml") + ": risk.max_order_count: must be > 0, was -3 (line 2)");
  EXPECT_EQ(r.errors[2].key_path, "risk.max_order_size");
  EXPECT_EQ(r.errors[2].source, source("risk.yaml"));
  EXPECT_THAT(r.errors[2].message, HasSubstr("unknown key"));
}

TEST_F(ConfigTest, ExampleErrorStringWithARelativeConfigDir) {
  file("base.yaml", "");
  file("risk.yaml", "risk:\n  max_order_count: -3\n");
  const WorkingDir cwd(tmp_.path());
  LoadOptions options;  // config_dir "config", dotenv ".env", relative to the working dir
  const LoadResult r = load(options);
  ASSERT_EQ(r.errors.size(), 1u) << all(r);
  EXPECT_THAT(r.errors[0].to_string(),
              ::testing::StartsWith("config/risk.yaml: risk.max_order_count: must be > 0, was -3"));
  EXPECT_EQ(r.errors[0].source, "config/risk.yaml");
}

TEST_F(ConfigTest, ErrorsFromTheEnvironmentAndDotenvNameTheVariable) {
  file("base.yaml", "");
  dotenv("# limits\n\nANTEVORTA__RISK__MAX_ORDER_COUNT=-3\n");
  LoadResult r = load_with();
  ASSERT_EQ(r.errors.size(), 1u) << all(r);
  EXPECT_EQ(r.errors[0].to_string(),
            dotenv_source(3) + ": risk.max_order_count: must be > 0, was -3");

  r = load_with({{"ANTEVORTA__RISK__MAX_ORDER_COUNT", "-3"}});
  ASSERT_EQ(r.errors.size(), 1u) << all(r);
  EXPECT_EQ(
      r.errors[0].to_string(),
      "environment ANTEVORTA__RISK__MAX_ORDER_COUNT: risk.max_order_count: must be > 0, was -3");
}

TEST_F(ConfigTest, TypeErrors) {
  file("base.yaml",
       "kalshi:\n  confirm_live: maybe\n"
       "sim: 5\n"
       "database:\n  flush_interval_ms: 1.5\n  queue_capacity: 0x10\n"
       "http:\n  listen: [a]\n"
       "strategies:\n  s:\n    series: KXBTC\n    markets: [ok, [nested]]\n    params: 3\n");
  const LoadResult r = load_with();
  const auto message = [&](std::string_view key) {
    const ConfigError* e = error_at(r, key);
    return e ? e->message : "<no error at " + std::string(key) + ">";
  };
  EXPECT_EQ(message("kalshi.confirm_live"), "expected true or false, was \"maybe\"");
  EXPECT_EQ(message("sim"), "expected a mapping, was \"5\"");
  EXPECT_EQ(message("database.flush_interval_ms"),
            "expected an integer number of milliseconds, was \"1.5\"");
  EXPECT_EQ(message("database.queue_capacity"), "expected an integer, was \"0x10\"");
  EXPECT_EQ(message("http.listen"), "expected a string, was a list");
  EXPECT_EQ(message("strategies.s.series"),
            "expected a list of strings, such as [a, b], was \"KXBTC\"");
  EXPECT_EQ(message("strategies.s.markets[1]"), "expected a string, was a list");
  EXPECT_EQ(message("strategies.s.params"), "expected a mapping of plugin parameters");
  EXPECT_EQ(r.errors.size(), 8u) << all(r);
}

TEST_F(ConfigTest, EnumErrorsListTheChoices) {
  file("base.yaml",
       "kalshi:\n  environment: prod\n  execution_mode: Live\nlogging:\n  level: verbose\n  "
       "format: xml\n");
  const LoadResult r = load_with();
  ASSERT_EQ(r.errors.size(), 4u) << all(r);
  EXPECT_EQ(
      r.errors[0].to_string(),
      source("base.yaml") +
          ": kalshi.environment: must be one of sim, demo, production; was \"prod\" (line 2)");
  EXPECT_EQ(r.errors[1].message, "must be one of paper, live; was \"Live\"");
  EXPECT_EQ(r.errors[2].message,
            "must be one of trace, debug, info, warn, error, critical, off; was \"verbose\"");
  EXPECT_EQ(r.errors[3].message, "must be one of text, json; was \"xml\"");
}

TEST_F(ConfigTest, RiskLimitsAreFixedPoint) {
  file("base.yaml", "");
  file("risk.yaml",
       "risk:\n  max_order_count: \"10.5\"\n  max_order_cost: 10.50\n"
       "  max_position_per_market: 100\n  max_open_orders: '4'\n  daily_loss_limit: 0.0001\n");
  const AppConfig c = load_ok();
  EXPECT_EQ(c.risk.max_order_count, Count::from_centi(1050));
  EXPECT_EQ(c.risk.max_order_cost, Money::from_centicents(105000));
  EXPECT_EQ(c.risk.max_position_per_market, Count::contracts(100));
  EXPECT_EQ(c.risk.max_open_orders, 4);
  EXPECT_EQ(c.risk.daily_loss_limit, Money::from_centicents(1));

  file("risk.yaml",
       "risk:\n  max_order_count: 1.234\n  max_order_cost: 1e3\n  daily_loss_limit: 0\n"
       "  max_open_orders: -1\n");
  const LoadResult r = load_with();
  ASSERT_EQ(r.errors.size(), 4u) << all(r);
  EXPECT_EQ(r.errors[0].message,
            "expected a number of contracts with at most 2 decimal places, was \"1.234\"");
  EXPECT_EQ(r.errors[1].message, "expected an amount in dollars, was \"1e3\"");
  EXPECT_EQ(r.errors[2].to_string(),
            source("risk.yaml") + ": risk.max_open_orders: must be > 0, was -1 (line 5)");
  EXPECT_EQ(r.errors[3].to_string(),
            source("risk.yaml") + ": risk.daily_loss_limit: must be > 0, was 0 (line 4)");
}

TEST_F(ConfigTest, UrlOverridesMustBeSecureUnlessLoopback) {
  file("base.yaml", "");
  const auto check = [&](std::string rest, std::string ws) {
    return load_with({{"ANTEVORTA__KALSHI__REST_URL", rest}, {"ANTEVORTA__KALSHI__WS_URL", ws}});
  };
  LoadResult ok = check("http://127.0.0.1:9000/trade-api/v2", "ws://localhost:9000/ws");
  ASSERT_TRUE(ok.config) << all(ok);
  EXPECT_EQ(ok.config->kalshi.rest_url, "http://127.0.0.1:9000/trade-api/v2");
  EXPECT_TRUE(ok.config->kalshi.rest_url_overridden);
  EXPECT_TRUE(check("http://127.5.6.7/x", "ws://[::1]:80/x").config);
  EXPECT_TRUE(check("https://example.com/trade-api/v2", "wss://example.com/ws").config);

  const LoadResult bad = check("http://example.com/trade-api/v2", "https://example.com/ws");
  ASSERT_EQ(bad.errors.size(), 2u) << all(bad);
  EXPECT_EQ(bad.errors[0].to_string(),
            "environment ANTEVORTA__KALSHI__REST_URL: kalshi.rest_url: must use https:// (http:// "
            "is allowed only for a loopback host: 127.0.0.0/8, localhost, ::1), was "
            "\"http://example.com/trade-api/v2\"");
  EXPECT_EQ(bad.errors[1].key_path, "kalshi.ws_url");
  EXPECT_THAT(bad.errors[1].message, HasSubstr("must use wss://"));

  const LoadResult garbage = check("not a url", "ws://10.0.0.1/x");
  ASSERT_EQ(garbage.errors.size(), 2u) << all(garbage);
  EXPECT_THAT(garbage.errors[0].message, HasSubstr("expected an absolute URL"));
  EXPECT_THAT(garbage.errors[1].message, HasSubstr("must use wss://"));
}

TEST_F(ConfigTest, SimAndHttpAddresses) {
  file("base.yaml", "sim:\n  host: '::1'\n  port: 9100\nhttp:\n  listen: '[::1]:9000'\n");
  AppConfig c = load_ok();
  EXPECT_EQ(c.kalshi.rest_url, "http://[::1]:9100/trade-api/v2");
  EXPECT_EQ(c.kalshi.ws_url, "ws://[::1]:9100/trade-api/ws/v2");
  EXPECT_EQ(c.http.host, "::1");
  EXPECT_EQ(c.http.port, 9000);

  file("base.yaml", "sim:\n  host: 0.0.0.0\n  port: 70000\nhttp:\n  listen: localhost\n");
  const LoadResult r = load_with({{"ANTEVORTA__DATABASE__BATCH_MAX_ROWS", "70000"}});
  ASSERT_EQ(r.errors.size(), 3u) << all(r);
  EXPECT_EQ(r.errors[0].key_path, "sim.host");
  EXPECT_THAT(r.errors[0].message, HasSubstr("must be a loopback address"));
  EXPECT_EQ(r.errors[1].key_path, "sim.port");
  EXPECT_THAT(r.errors[1].to_string(), HasSubstr("(line 3)"));
  EXPECT_EQ(r.errors[2].message, "expected host:port or [IPv6]:port, was \"localhost\"");

  // Port 0 is allowed: the simulator picks a free port at start.
  file("base.yaml", "sim:\n  port: 0\n");
  EXPECT_EQ(load_ok().sim.port, 0);
}

TEST_F(ConfigTest, ProductionLiveNeedsConfirmation) {
  file("key.pem", "placeholder: config validation only checks that the key file exists\n");
  const std::string key = (tmp_.path() / "config" / "key.pem").string();
  file("base.yaml", "kalshi:\n  environment: production\n  private_key_path: " + key + "\n");
  std::map<std::string, std::string> env = {{"ANTEVORTA__KALSHI__EXECUTION_MODE", "live"},
                                            {"ANTEVORTA__KALSHI__API_KEY_ID", "abc-123"}};
  const LoadResult refused = load_with(env);
  ASSERT_EQ(refused.errors.size(), 1u) << all(refused);
  EXPECT_EQ(refused.errors[0].key_path, "kalshi.confirm_live");
  EXPECT_EQ(refused.errors[0].source, "environment ANTEVORTA__KALSHI__EXECUTION_MODE");
  EXPECT_THAT(refused.errors[0].message, HasSubstr("`kalshi.confirm_live: true` in live.yaml"));
  EXPECT_THAT(refused.errors[0].message, HasSubstr("ANTEVORTA__KALSHI__CONFIRM_LIVE=true"));

  file("live.yaml", "kalshi:\n  confirm_live: true\n");
  const AppConfig c = load_ok(env);
  EXPECT_EQ(c.kalshi.environment, Environment::production);
  EXPECT_EQ(c.kalshi.execution_mode, ExecutionMode::live);
  EXPECT_TRUE(c.kalshi.confirm_live);
  EXPECT_EQ(c.kalshi.rest_url, "https://external-api.kalshi.com/trade-api/v2");
  EXPECT_EQ(c.kalshi.ws_url, "wss://external-api-ws.kalshi.com/trade-api/ws/v2");
  EXPECT_EQ(c.database.path, std::filesystem::path("data/antevorta_live.db"));

  // Paper trading on production needs no confirmation.
  env.erase("ANTEVORTA__KALSHI__EXECUTION_MODE");
  EXPECT_TRUE(load_with(env).config);
}

TEST_F(ConfigTest, DemoAndProductionNeedCredentials) {
  file("base.yaml", "kalshi:\n  environment: demo\n");
  LoadResult r = load_with();
  ASSERT_EQ(r.errors.size(), 2u) << all(r);
  EXPECT_EQ(r.errors[0].key_path, "kalshi.api_key_id");
  EXPECT_EQ(r.errors[0].source, source("base.yaml"));
  EXPECT_THAT(r.errors[0].message, HasSubstr("required when kalshi.environment is demo"));
  EXPECT_EQ(r.errors[1].key_path, "kalshi.private_key_path");

  r = load_with({{"ANTEVORTA__KALSHI__API_KEY_ID", "id"},
                 {"ANTEVORTA__KALSHI__PRIVATE_KEY_PATH", (tmp_.path() / "missing.pem").string()}});
  ASSERT_EQ(r.errors.size(), 1u) << all(r);
  EXPECT_EQ(r.errors[0].key_path, "kalshi.private_key_path");
  EXPECT_THAT(r.errors[0].message, HasSubstr("file not found"));

  file("key.pem", "pem");
  const AppConfig c = load_ok(
      {{"ANTEVORTA__KALSHI__API_KEY_ID", "id"},
       {"ANTEVORTA__KALSHI__PRIVATE_KEY_PATH", (tmp_.path() / "config" / "key.pem").string()}});
  EXPECT_EQ(c.kalshi.rest_url, "https://external-api.demo.kalshi.co/trade-api/v2");
  EXPECT_EQ(c.kalshi.ws_url, "wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2");
  EXPECT_EQ(c.kalshi.api_key_id.reveal(), "id");
}

constexpr std::string_view kSecret = "SUPERSECRET";

void expect_no_secret(const LoadResult& r) {
  for (const auto& e : r.errors) {
    EXPECT_THAT(e.to_string(), Not(HasSubstr(kSecret))) << e.to_string();
  }
}

TEST_F(ConfigTest, SecretsNeverAppearInErrors) {
  file("base.yaml",
       "kalshi:\n  api_key_id: SUPERSECRET with spaces\nhttp:\n  token: SUPERSECRET\n");
  LoadResult r = load_with();
  ASSERT_EQ(r.errors.size(), 2u) << all(r);
  EXPECT_EQ(r.errors[0].to_string(),
            source("base.yaml") +
                ": kalshi.api_key_id: must not contain whitespace or control characters (value "
                "not shown) (line 2)");
  EXPECT_EQ(r.errors[1].message, "must be at least 16 characters long (value not shown)");
  expect_no_secret(r);

  // Wrong types, from files and from the environment.
  file("base.yaml", "kalshi:\n  api_key_id: [SUPERSECRET]\nhttp:\n  token: {SUPERSECRET: 1}\n");
  r = load_with();
  ASSERT_EQ(r.errors.size(), 2u) << all(r);
  EXPECT_EQ(r.errors[0].message, "expected a string");
  expect_no_secret(r);

  file("base.yaml", "");
  r = load_with({{"ANTEVORTA__HTTP__TOKEN", "[SUPERSECRET-0123456789"},
                 {"ANTEVORTA__KALSHI__API_KEY_ID", "\"SUPERSECRET"}});
  ASSERT_EQ(r.errors.size(), 2u) << all(r);
  expect_no_secret(r);

  dotenv("ANTEVORTA__HTTP__TOKEN SUPERSECRET\n");
  r = load_with();
  ASSERT_EQ(r.errors.size(), 1u) << all(r);
  expect_no_secret(r);
}

TEST_F(ConfigTest, SummaryShowsEveryKeyButNoSecret) {
  file("key.pem", "pem");
  file("base.yaml",
       "kalshi:\n  environment: demo\n  api_key_id: SUPERSECRET-key-id\n"
       "  private_key_path: " +
           (tmp_.path() / "config" / "key.pem").string() + "\n");
  file("strategies/s.yaml",
       "strategies:\n  crypto_digital:\n    enabled: true\n    series: [KXBTC]\n"
       "    params:\n      api_key: SUPERSECRET-in-params\n");
  const AppConfig c = load_ok({{"ANTEVORTA__HTTP__TOKEN", "SUPERSECRET-token-0123456789"}});
  const std::string s = summary(c);
  EXPECT_THAT(s, Not(HasSubstr(kSecret))) << s;
  EXPECT_THAT(s, HasSubstr(source("base.yaml")));
  EXPECT_THAT(s, HasSubstr(source("strategies/s.yaml")));
  for (const char* key : {"kalshi.environment",
                          "kalshi.execution_mode",
                          "kalshi.confirm_live",
                          "kalshi.api_key_id",
                          "kalshi.private_key_path",
                          "kalshi.rest_url",
                          "kalshi.ws_url",
                          "kalshi.ca_file",
                          "sim.host",
                          "sim.port",
                          "sim.seed",
                          "database.path",
                          "database.batch_max_rows",
                          "database.flush_interval_ms",
                          "database.queue_capacity",
                          "http.listen",
                          "http.token",
                          "logging.level",
                          "logging.format",
                          "risk.max_order_count",
                          "risk.max_order_cost",
                          "risk.max_position_per_market",
                          "risk.max_open_orders",
                          "risk.daily_loss_limit"}) {
    EXPECT_THAT(s, HasSubstr(key));
  }
  EXPECT_THAT(s, ::testing::ContainsRegex("kalshi.api_key_id += <redacted>"));
  EXPECT_THAT(s, ::testing::ContainsRegex("http.token += <redacted> +\\[environment "
                                          "ANTEVORTA__HTTP__TOKEN\\]"));
  EXPECT_THAT(s, ::testing::ContainsRegex("kalshi.rest_url += https://external-api.demo"));
  EXPECT_THAT(s, ::testing::ContainsRegex("crypto_digital +enabled"));
  EXPECT_THAT(s, HasSubstr("params: api_key"));
}

TEST_F(ConfigTest, ScannerSection) {
  file("base.yaml",
       "scanner:\n  series: [KXBTC15M, KXSOL15M]\n  created_within_seconds: 86400\n"
       "  min_seconds_to_close: 60\n  max_seconds_to_close: 900\n  min_volume: 10.5\n"
       "  min_open_interest: 3\n  include_multivariate: true\n  max_markets: 40\n");
  const AppConfig c = load_ok();
  ASSERT_EQ(c.scanner.series.size(), 2u);
  EXPECT_EQ(c.scanner.series[1], SeriesTicker("KXSOL15M"));
  EXPECT_EQ(c.scanner.created_within, std::chrono::seconds(86400));
  EXPECT_EQ(c.scanner.min_time_to_close, std::chrono::seconds(60));
  EXPECT_EQ(c.scanner.max_time_to_close, std::chrono::seconds(900));
  EXPECT_EQ(c.scanner.min_volume, Count::from_centi(1050));
  EXPECT_EQ(c.scanner.min_open_interest, Count::contracts(3));
  EXPECT_TRUE(c.scanner.include_multivariate);
  EXPECT_EQ(c.scanner.max_markets, 40);

  file("base.yaml",
       "scanner:\n  series: [KX BTC]\n  min_seconds_to_close: 900\n"
       "  max_seconds_to_close: 60\n  min_volume: -1\n  max_markets: 0\n  colour: red\n");
  const LoadResult r = load_with({});
  std::vector<std::string> keys;
  for (const auto& e : r.errors) keys.push_back(e.key_path);
  EXPECT_THAT(keys, ::testing::UnorderedElementsAre(
                        "scanner.series", "scanner.max_seconds_to_close", "scanner.min_volume",
                        "scanner.max_markets", "scanner.colour"))
      << all(r);
}

}  // namespace
}  // namespace antevorta::config::testing
