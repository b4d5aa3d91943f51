// Layering: which files are read, in which order, and what wins.
#include "antevorta/config/loader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/paths.hpp"
#include "support/shipped_config.hpp"
#include "unit/config/config_fixture.hpp"

namespace antevorta::config::testing {
namespace {

using ::testing::HasSubstr;

TEST_F(ConfigTest, MinimalBaseGivesDefaults) {
  file("base.yaml", "kalshi:\n  environment: sim\n");
  const AppConfig c = load_ok();
  EXPECT_EQ(c.config_dir, tmp_.path() / "config");
  ASSERT_EQ(c.files.size(), 1u);
  EXPECT_EQ(c.files[0], tmp_.path() / "config" / "base.yaml");

  EXPECT_EQ(c.kalshi.environment, Environment::sim);
  EXPECT_EQ(c.kalshi.execution_mode, ExecutionMode::paper);
  EXPECT_FALSE(c.kalshi.confirm_live);
  EXPECT_TRUE(c.kalshi.api_key_id.empty());
  EXPECT_TRUE(c.kalshi.private_key_path.empty());
  // Port 0: the in-process simulator's port is chosen at start (run logs the bound URLs).
  EXPECT_EQ(c.kalshi.rest_url, "http://127.0.0.1:0/trade-api/v2");
  EXPECT_EQ(c.kalshi.ws_url, "ws://127.0.0.1:0/trade-api/ws/v2");
  EXPECT_FALSE(c.kalshi.rest_url_overridden);
  EXPECT_TRUE(c.kalshi.ca_file.empty());

  EXPECT_EQ(c.sim.host, "127.0.0.1");
  EXPECT_EQ(c.sim.port, 0);
  EXPECT_EQ(c.sim.seed, 1);

  EXPECT_EQ(c.database.path, std::filesystem::path("data/antevorta_paper.db"));
  EXPECT_EQ(c.database.batch_max_rows, 512u);
  EXPECT_EQ(c.database.flush_interval, std::chrono::milliseconds(50));
  EXPECT_EQ(c.database.queue_capacity, 100000u);

  EXPECT_EQ(c.http.listen, "127.0.0.1:8787");
  EXPECT_EQ(c.http.host, "127.0.0.1");
  EXPECT_EQ(c.http.port, 8787);
  EXPECT_TRUE(c.http.token.empty());

  EXPECT_EQ(c.logging.level, LogLevel::info);
  EXPECT_EQ(c.logging.format, LogFormat::text);

  EXPECT_FALSE(c.risk.max_order_count.has_value());
  EXPECT_FALSE(c.risk.max_order_cost.has_value());
  EXPECT_FALSE(c.risk.max_position_per_market.has_value());
  EXPECT_FALSE(c.risk.max_open_orders.has_value());
  EXPECT_FALSE(c.risk.daily_loss_limit.has_value());
  EXPECT_TRUE(c.strategies.empty());
  EXPECT_TRUE(c.sources.empty());
}

TEST_F(ConfigTest, EmptyBaseIsValid) {
  file("base.yaml", "# nothing yet\n");
  EXPECT_EQ(load_ok().kalshi.environment, Environment::sim);
}

// The same key is set by one more layer at each step; each step's layer must win.
TEST_F(ConfigTest, EachLayerOverridesThePreviousOne) {
  const auto rows = [](int n) { return fmt::format("database:\n  batch_max_rows: {}\n", n); };
  const auto effective = [&](std::map<std::string, std::string> env = {}) {
    const AppConfig c = load_ok(std::move(env));
    const Node* node = c.tree.find_path("database.batch_max_rows");
    return std::pair{c.database.batch_max_rows, node ? node->origin.source : std::string()};
  };

  file("base.yaml", rows(1));
  EXPECT_EQ(effective(), std::pair(std::size_t{1}, source("base.yaml")));
  file("paper.yaml", rows(2));
  EXPECT_EQ(effective(), std::pair(std::size_t{2}, source("paper.yaml")));
  file("risk.yaml", rows(3));
  EXPECT_EQ(effective(), std::pair(std::size_t{3}, source("risk.yaml")));
  file("strategies/b.yaml", rows(5));
  file("strategies/a.yml", rows(4));  // sorted by name: a.yml, then b.yaml
  EXPECT_EQ(effective(), std::pair(std::size_t{5}, source("strategies/b.yaml")));
  file("sources/a.yaml", rows(6));
  EXPECT_EQ(effective(), std::pair(std::size_t{6}, source("sources/a.yaml")));
  dotenv("ANTEVORTA__DATABASE__BATCH_MAX_ROWS=7\n");
  EXPECT_EQ(effective(), std::pair(std::size_t{7}, dotenv_source(1)));
  EXPECT_EQ(
      effective({{"ANTEVORTA__DATABASE__BATCH_MAX_ROWS", "8"}}),
      std::pair(std::size_t{8}, std::string("environment ANTEVORTA__DATABASE__BATCH_MAX_ROWS")));

  const AppConfig c = load_ok();
  std::vector<std::string> names;
  for (const auto& f : c.files) names.push_back(f.filename().string());
  EXPECT_EQ(names, (std::vector<std::string>{"base.yaml", "paper.yaml", "risk.yaml", "a.yml",
                                             "b.yaml", "a.yaml", ".env"}));
}

TEST_F(ConfigTest, MappingsMergeAndListsAreReplaced) {
  file("base.yaml",
       "logging:\n  level: debug\n  format: json\n"
       "strategies:\n  s:\n    series: [A, B, C]\n    params:\n      x: 1\n      y: 2\n");
  file("strategies/s.yaml",
       "logging:\n  level: warn\n"
       "strategies:\n  s:\n    series: [D]\n    params:\n      y: 3\n");
  const AppConfig c = load_ok();
  EXPECT_EQ(c.logging.level, LogLevel::warn);
  EXPECT_EQ(c.logging.format, LogFormat::json);  // kept from base: mappings merge
  const StrategyConfig& s = c.strategies.at("s");
  EXPECT_EQ(s.series, std::vector<SeriesTicker>{SeriesTicker("D")});  // lists replace
  ASSERT_NE(s.params.find("x"), nullptr);
  EXPECT_EQ(s.params.find("x")->text, "1");
  EXPECT_EQ(s.params.find("y")->text, "3");
}

TEST_F(ConfigTest, DotenvAppliesOnlyWhenTheEnvironmentDoesNotSetTheVariable) {
  file("base.yaml", "sim:\n  seed: 1\n  port: 9000\n");
  dotenv("ANTEVORTA__SIM__SEED=2\nANTEVORTA__SIM__PORT=9100\n");
  const AppConfig c = load_ok({{"ANTEVORTA__SIM__SEED", "3"}});
  EXPECT_EQ(c.sim.seed, 3);     // environment wins over .env
  EXPECT_EQ(c.sim.port, 9100);  // .env wins over the files
  EXPECT_EQ(c.tree.find_path("sim.port")->origin.source, dotenv_source(2));
}

TEST_F(ConfigTest, DotenvSyntax) {
  file("base.yaml", "");
  dotenv(
      "# comment\n"
      "\n"
      "export ANTEVORTA__SIM__SEED=42   # trailing comment\n"
      "ANTEVORTA__HTTP__LISTEN='127.0.0.1:9999'\n"
      "ANTEVORTA__KALSHI__PRIVATE_KEY_PATH=\"\"\n"
      "ANTEVORTA__DATABASE__PATH=\"db/a #b.db\"\n"
      "OTHER_APP_SETTING=whatever\n"
      "ANTEVORTA__STRATEGIES__X__SERIES=[KXBTC, KXETH]\n");
  const AppConfig c = load_ok();
  EXPECT_EQ(c.sim.seed, 42);
  EXPECT_EQ(c.http.port, 9999);
  EXPECT_EQ(c.database.path, std::filesystem::path("db/a #b.db"));
  EXPECT_EQ(c.strategies.at("x").series,
            (std::vector<SeriesTicker>{SeriesTicker("KXBTC"), SeriesTicker("KXETH")}));
}

TEST_F(ConfigTest, MalformedDotenvLinesAreReportedWithTheirLine) {
  file("base.yaml", "");
  dotenv("ANTEVORTA__SIM__SEED=1\nthis line has no equals sign\nANTEVORTA__X=\"open\n");
  const LoadResult r = load_with();
  ASSERT_EQ(r.errors.size(), 2u) << all(r);
  EXPECT_EQ(r.errors[0].to_string(), dotenv_source(2) + ": expected KEY=VALUE");
  EXPECT_EQ(r.errors[1].source, dotenv_source(3));
  EXPECT_THAT(r.errors[1].message, HasSubstr("unterminated double quote"));
}

TEST_F(ConfigTest, EnvironmentNestsByDoubleUnderscoreAndLowerCases) {
  file("base.yaml", "");
  file("strategies/crypto.yaml",
       "strategies:\n  crypto_digital:\n    enabled: true\n    series: [KXBTC]\n");
  const AppConfig c = load_ok({
      {"ANTEVORTA__STRATEGIES__CRYPTO_DIGITAL__ENABLED", "false"},
      {"ANTEVORTA__STRATEGIES__CRYPTO_DIGITAL__MARKETS", "[KXBTC-25JAN01-T100000, KXBTC-B]"},
      {"ANTEVORTA__STRATEGIES__NEW_ONE__PARAMS__DEPTH", "3"},
      {"ANTEVORTA__Logging__Level", "debug"},
      {"ANTEVORTA_SINGLE_UNDERSCORE", "ignored"},
      {"PATH", "/usr/bin"},
      {"antevorta__sim__seed", "ignored too: the prefix is upper-case"},
  });
  const StrategyConfig& s = c.strategies.at("crypto_digital");
  EXPECT_FALSE(s.enabled);
  EXPECT_EQ(s.series, std::vector<SeriesTicker>{SeriesTicker("KXBTC")});
  EXPECT_EQ(s.markets, (std::vector<MarketTicker>{MarketTicker("KXBTC-25JAN01-T100000"),
                                                  MarketTicker("KXBTC-B")}));
  ASSERT_EQ(c.strategies.count("new_one"), 1u);
  EXPECT_FALSE(c.strategies.at("new_one").enabled);
  ASSERT_NE(c.strategies.at("new_one").params.find("depth"), nullptr);
  EXPECT_EQ(c.strategies.at("new_one").params.find("depth")->text, "3");
  EXPECT_EQ(c.logging.level, LogLevel::debug);
  EXPECT_EQ(c.sim.seed, 1);
}

TEST_F(ConfigTest, EnvironmentValuesAreYamlScalars) {
  file("base.yaml", "kalshi:\n  rest_url: https://example.com/x\ndatabase:\n  path: a.db\n");
  const AppConfig c = load_ok({
      {"ANTEVORTA__KALSHI__REST_URL", "~"},  // null: back to the default
      {"ANTEVORTA__DATABASE__PATH", "\"quoted # kept\""},
      {"ANTEVORTA__HTTP__TOKEN", "*not-an-alias-0123456789"},
      {"ANTEVORTA__SIM__SEED", "  17  "},
  });
  EXPECT_EQ(c.kalshi.rest_url, "http://127.0.0.1:0/trade-api/v2");
  EXPECT_EQ(c.database.path, std::filesystem::path("quoted # kept"));
  EXPECT_EQ(c.http.token.reveal(), "*not-an-alias-0123456789");
  EXPECT_EQ(c.sim.seed, 17);
}

TEST_F(ConfigTest, ExecutionModeFromEnvironmentSelectsLiveYaml) {
  file("base.yaml", "kalshi:\n  execution_mode: paper\n");
  file("paper.yaml", "database:\n  batch_max_rows: 3\n");
  file("live.yaml", "database:\n  batch_max_rows: 7\n");

  const AppConfig paper = load_ok();
  EXPECT_EQ(paper.database.batch_max_rows, 3u);
  EXPECT_EQ(paper.database.path, std::filesystem::path("data/antevorta_paper.db"));

  const AppConfig live = load_ok({{"ANTEVORTA__KALSHI__EXECUTION_MODE", "live"}});
  EXPECT_EQ(live.kalshi.execution_mode, ExecutionMode::live);
  EXPECT_EQ(live.database.batch_max_rows, 7u);
  EXPECT_EQ(live.database.path, std::filesystem::path("data/antevorta_live.db"));
  for (const auto& f : live.files) EXPECT_NE(f.filename(), "paper.yaml");

  dotenv("ANTEVORTA__KALSHI__EXECUTION_MODE=live\n");
  EXPECT_EQ(load_ok().database.batch_max_rows, 7u);
}

TEST_F(ConfigTest, ModeFileMayNotChangeTheExecutionMode) {
  file("base.yaml", "");
  file("paper.yaml", "kalshi:\n  execution_mode: live\n");
  const LoadResult r = load_with();
  ASSERT_FALSE(r.config.has_value());
  ASSERT_EQ(r.errors.size(), 1u) << all(r);
  EXPECT_EQ(r.errors[0].source, source("paper.yaml"));
  EXPECT_EQ(r.errors[0].key_path, "kalshi.execution_mode");
  EXPECT_EQ(r.errors[0].line, 2);
  EXPECT_THAT(r.errors[0].message, HasSubstr("ANTEVORTA__KALSHI__EXECUTION_MODE"));
}

TEST_F(ConfigTest, MissingDirectoryOrBaseIsAnError) {
  LoadOptions options;
  options.config_dir = tmp_.path() / "nope";
  options.dotenv_path.clear();
  LoadResult r = load(options);
  EXPECT_FALSE(r.config);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].to_string(),
            options.config_dir.generic_string() + ": config directory not found");

  file("risk.yaml", "risk: {}\n");
  r = load_with();
  EXPECT_FALSE(r.config);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].to_string(), source("base.yaml") + ": required file not found");
}

TEST_F(ConfigTest, YamlSyntaxErrorNamesFileAndLine) {
  file("base.yaml", "kalshi:\n  environment: sim\n");
  file("risk.yaml", "risk:\n  max_order_count: 1\n  max_order_cost: 2: 3\n  max_open_orders: 4\n");
  const LoadResult r = load_with();
  ASSERT_FALSE(r.config);
  ASSERT_EQ(r.errors.size(), 1u) << all(r);
  EXPECT_EQ(r.errors[0].source, source("risk.yaml"));
  EXPECT_THAT(r.errors[0].message, HasSubstr("YAML syntax error at line 3, column"));
}

TEST_F(ConfigTest, DuplicateKeysAndNonMappingDocumentsAreErrors) {
  file("base.yaml", "sim:\n  seed: 1\n  seed: 2\n");
  file("risk.yaml", "- just\n- a list\n");
  const LoadResult r = load_with();
  ASSERT_EQ(r.errors.size(), 2u) << all(r);
  EXPECT_EQ(r.errors[0].to_string(), source("base.yaml") + ": sim.seed: duplicate key (line 3)");
  EXPECT_EQ(r.errors[1].source, source("risk.yaml"));
  EXPECT_THAT(r.errors[1].message, HasSubstr("expected a mapping"));
}

TEST_F(ConfigTest, ProcessEnvironmentReadsEnviron) {
  ASSERT_EQ(::setenv("ANTEVORTA_CONFIG_TEST_PROBE", "a=b", 1), 0);
  const auto env = process_environment();
  ::unsetenv("ANTEVORTA_CONFIG_TEST_PROBE");
  ASSERT_EQ(env.count("ANTEVORTA_CONFIG_TEST_PROBE"), 1u);
  EXPECT_EQ(env.at("ANTEVORTA_CONFIG_TEST_PROBE"), "a=b");
}

TEST(ShippedConfig, LoadsWithoutErrors) {
  const LoadResult r = antevorta::test::load_shipped_config();
  std::string errors;
  for (const auto& e : r.errors) errors += e.to_string() + "\n";
  ASSERT_TRUE(r.errors.empty()) << errors;
  ASSERT_TRUE(r.config);
  EXPECT_EQ(r.config->kalshi.environment, Environment::sim);
  EXPECT_EQ(r.config->kalshi.execution_mode, ExecutionMode::paper);
  EXPECT_EQ(r.config->database.path, std::filesystem::path("data/antevorta_paper.db"));
  EXPECT_TRUE(r.config->risk.max_order_count.has_value());
  EXPECT_TRUE(r.config->risk.daily_loss_limit.has_value());
}

TEST(ShippedConfig, LiveYamlDoesNotConfirmLiveTrading) {
  LoadOptions options = antevorta::test::shipped_config_options();
  options.environment = {{"ANTEVORTA__KALSHI__EXECUTION_MODE", "live"}};
  const LoadResult r = load(options);
  ASSERT_TRUE(r.config) << (r.errors.empty() ? "" : r.errors[0].to_string());
  EXPECT_FALSE(r.config->kalshi.confirm_live);
  EXPECT_EQ(r.config->database.path, std::filesystem::path("data/antevorta_live.db"));
}

}  // namespace
}  // namespace antevorta::config::testing
