// Runs the built `antevorta` binary: exit codes, messages, and the daemon's lifecycle.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "process.hpp"

namespace antevorta::test {
namespace {

namespace fs = std::filesystem;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

void write_file(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p) << text;
}

// A working directory holding a copy of the shipped config/ tree.
class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("antevorta-cli");
    fs::copy(source_dir() / "config", dir_ / "config", fs::copy_options::recursive);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(dir_, ec);
  }
  ProcessResult run(const std::vector<std::string>& args,
                    const std::map<std::string, std::string>& env = {}) {
    return run_antevorta(args, dir_, env);
  }
  fs::path dir_;
};

TEST_F(Cli, VersionPrintsVersion) {
  const auto r = run({"version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("antevorta 0.1.0"));
}

TEST_F(Cli, EverySubcommandHasHelpWithConfigDir) {
  for (const char* sub : {"run", "validate-config", "init-db", "calc-fee", "sim", "version"}) {
    const auto r = run({sub, "--help"});
    EXPECT_EQ(r.exit_code, 0) << sub;
    EXPECT_THAT(r.out, HasSubstr("--config-dir")) << sub;
  }
}

TEST_F(Cli, NoSubcommandIsAUsageError) {
  const auto r = run({});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_FALSE(r.err.empty());
}

TEST_F(Cli, ValidateShippedConfig) {
  const auto r = run({"validate-config"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("configuration is valid"));
  EXPECT_THAT(r.out, HasSubstr("kalshi.environment"));
  EXPECT_THAT(r.out, HasSubstr("sim"));
  EXPECT_THAT(r.out, HasSubstr("data/antevorta_paper.db"));
}

TEST_F(Cli, ValidateReportsEveryErrorWithFileAndKey) {
  write_file(dir_ / "bad/base.yaml",
             "kalshi:\n  environment: sim\n  colour: blue\nlogging:\n  level: info\n"
             "database:\n  batch_max_rows: lots\n");
  write_file(dir_ / "bad/risk.yaml", "risk:\n  max_order_count: -3\n");
  const auto r = run({"validate-config", "--config-dir", "bad"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("bad/base.yaml: kalshi.colour: unknown key"));
  EXPECT_THAT(r.err, HasSubstr("bad/base.yaml: database.batch_max_rows: expected"));
  EXPECT_THAT(r.err, HasSubstr("bad/risk.yaml: risk.max_order_count: must be > 0, was -3"));
  EXPECT_THAT(r.err, HasSubstr("3 errors"));
  EXPECT_THAT(r.out, Not(HasSubstr("configuration is valid")));
}

TEST_F(Cli, ValidateNeverPrintsSecrets) {
  const std::map<std::string, std::string> env{
      {"ANTEVORTA__HTTP__TOKEN", "tok-3f9a1c-SECRET"},
      {"ANTEVORTA__KALSHI__API_KEY_ID", "a952bcbe-ec3b-4b5b-b8f9-11dae589608c"}};
  const auto ok = run({"validate-config"}, env);
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_THAT(ok.out + ok.err, Not(HasSubstr("tok-3f9a1c-SECRET")));
  EXPECT_THAT(ok.out + ok.err, Not(HasSubstr("a952bcbe")));
  EXPECT_THAT(ok.out, HasSubstr("<redacted>"));
  // Also when the configuration is invalid for another reason.
  auto bad_env = env;
  bad_env["ANTEVORTA__LOGGING__LEVEL"] = "loud";
  const auto bad = run({"validate-config"}, bad_env);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("ANTEVORTA__LOGGING__LEVEL"));
  EXPECT_THAT(bad.out + bad.err, Not(HasSubstr("tok-3f9a1c-SECRET")));
}

TEST_F(Cli, ProductionLiveNeedsConfirmation) {
  write_file(dir_ / "prod.key", "not used by validation");
  std::map<std::string, std::string> env{
      {"ANTEVORTA__KALSHI__ENVIRONMENT", "production"},
      {"ANTEVORTA__KALSHI__EXECUTION_MODE", "live"},
      {"ANTEVORTA__KALSHI__API_KEY_ID", "key-id"},
      {"ANTEVORTA__KALSHI__PRIVATE_KEY_PATH", (dir_ / "prod.key").string()}};
  const auto refused = run({"validate-config"}, env);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("kalshi.confirm_live"));
  const auto refused_run = run({"run"}, env);
  EXPECT_EQ(refused_run.exit_code, 1);
  env["ANTEVORTA__KALSHI__CONFIRM_LIVE"] = "true";
  const auto accepted = run({"validate-config"}, env);
  EXPECT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_THAT(accepted.out, HasSubstr("data/antevorta_live.db"));
}

TEST_F(Cli, InitDbCreatesAndIsIdempotent) {
  const auto first = run({"init-db"});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_THAT(first.out, HasSubstr("database: data/antevorta_paper.db"));
  EXPECT_THAT(first.out, HasSubstr("schema_version: 3"));  // 1 runtime, 2 trading, 3 forecasts
  EXPECT_TRUE(fs::exists(dir_ / "data/antevorta_paper.db"));
  const auto second = run({"init-db"});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(first.out, second.out);
}

TEST_F(Cli, InitDbUnwritableLocationIsAClearError) {
  // A regular file where the directory should be: unwritable even for root.
  write_file(dir_ / "blocker", "x");
  const auto r = run({"init-db"}, {{"ANTEVORTA__DATABASE__PATH", "blocker/db/antevorta.db"}});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("blocker/db/antevorta.db"));
  EXPECT_THAT(r.err, HasSubstr("antevorta: "));
}

TEST_F(Cli, InitDbReadOnlyDirectoryIsAClearError) {
  // Root ignores directory permissions, so the binary runs as nobody (see Process).
  if (::geteuid() == 0 && !fs::exists("/usr/bin/setpriv")) GTEST_SKIP() << "needs setpriv";
  const auto everyone_rx = fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                           fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec;
  fs::permissions(dir_, everyone_rx | fs::perms::owner_write);
  fs::create_directories(dir_ / "ro");
  fs::permissions(dir_ / "ro", everyone_rx);
  const auto r = run_antevorta({"init-db", "--database", "ro/antevorta.db"}, dir_, {},
                               /*as_unprivileged=*/true);
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("ro/antevorta.db"));
  EXPECT_FALSE(fs::exists(dir_ / "ro/antevorta.db"));
}

TEST_F(Cli, InitDbCorruptFileIsAClearError) {
  write_file(dir_ / "data/antevorta_paper.db", std::string(4096, 'z'));
  const auto r = run({"init-db"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("data/antevorta_paper.db"));
}

TEST_F(Cli, CalcFeeKnownAnswers) {
  const auto taker = run({"calc-fee", "--price", "0.50", "--count", "100"});
  EXPECT_EQ(taker.exit_code, 0) << taker.err;
  EXPECT_THAT(taker.out, HasSubstr("fee:           1.7500"));
  EXPECT_THAT(taker.out, HasSubstr("cost:          50.0000"));
  EXPECT_THAT(taker.out, HasSubstr("break_even:    0.5175"));
  const auto one = run({"calc-fee", "--price", "0.50", "--count", "1", "--json"});
  EXPECT_EQ(one.exit_code, 0);
  EXPECT_THAT(one.out, HasSubstr("\"fee\":\"0.0200\""));
  EXPECT_THAT(one.out, HasSubstr("\"fee_per_fill\":\"0.0175\""));
  const auto maker = run({"calc-fee", "--price", "0.50", "--count", "100", "--maker"});
  EXPECT_THAT(maker.out, HasSubstr("fee:           0.0000"));
  const auto maker_fees = run({"calc-fee", "--price", "0.50", "--count", "100", "--maker",
                               "--fee-type", "quadratic_with_maker_fees"});
  EXPECT_THAT(maker_fees.out, HasSubstr("fee:           0.4400"));
  const auto half = run({"calc-fee", "--price", "0.50", "--count", "100", "--multiplier", "0.5"});
  EXPECT_THAT(half.out, HasSubstr("fee:           0.8800"));
}

TEST_F(Cli, CalcFeeRejectsBadNumbers) {
  const auto price = run({"calc-fee", "--price", "0.12345", "--count", "1"});
  EXPECT_NE(price.exit_code, 0);
  EXPECT_THAT(price.err, HasSubstr("invalid price \"0.12345\""));
  const auto count = run({"calc-fee", "--price", "0.5", "--count", "-1"});
  EXPECT_NE(count.exit_code, 0);
  const auto type = run({"calc-fee", "--price", "0.5", "--count", "1", "--fee-type", "cubic"});
  EXPECT_NE(type.exit_code, 0);
  EXPECT_THAT(type.err, HasSubstr("unknown fee type"));
}

TEST_F(Cli, RunStartsLogsModeAndStopsOnSigterm) {
  Process daemon({"run"}, dir_);
  ASSERT_TRUE(daemon.wait_for_stderr("runtime_started", 10s)) << daemon.err();
  const std::string log = daemon.err();
  EXPECT_THAT(log, HasSubstr("runtime_mode_resolved environment=sim execution_mode=paper"));
  // The in-process simulator's bound port, not the configured 0.
  EXPECT_THAT(log, ContainsRegex("rest_url=http://127\\.0\\.0\\.1:[1-9][0-9]*/trade-api/v2"));
  EXPECT_THAT(log, ContainsRegex("ws_url=ws://127\\.0\\.0\\.1:[1-9][0-9]*/trade-api/ws/v2"));
  EXPECT_THAT(log, HasSubstr("database=data/antevorta_paper.db"));
  daemon.signal(SIGTERM);
  const auto code = daemon.wait(10s);
  ASSERT_TRUE(code.has_value()) << "daemon did not stop within 10 s";
  EXPECT_EQ(*code, 0) << daemon.err();
  EXPECT_THAT(daemon.err(), HasSubstr("shutdown_requested signal=SIGTERM"));
  EXPECT_THAT(daemon.err(), HasSubstr("runtime_stopped"));

  SQLite::Database db((dir_ / "data/antevorta_paper.db").string());
  SQLite::Statement q(db,
                      "SELECT environment, execution_mode, stopped_at_ns FROM runtime_sessions");
  ASSERT_TRUE(q.executeStep());
  EXPECT_EQ(q.getColumn(0).getString(), "sim");
  EXPECT_EQ(q.getColumn(1).getString(), "paper");
  EXPECT_FALSE(q.getColumn(2).isNull()) << "the session end was not flushed";
}

TEST_F(Cli, StrategyParametersAreCheckedByTheirPlugin) {
  const auto bad = run({"validate-config"},
                       {{"ANTEVORTA__STRATEGIES__THRESHOLD_TAKER__PARAMS__MAX_PRICE", "1.50"},
                        {"ANTEVORTA__STRATEGIES__THRESHOLD_TAKER__PARAMS__SPEED", "fast"}});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("strategies.threshold_taker.params.max_price"));
  EXPECT_THAT(bad.err, HasSubstr("strategies.threshold_taker.params.speed"));
  const auto unknown = run({"run"}, {{"ANTEVORTA__STRATEGIES__NO_SUCH_PLUGIN__ENABLED", "true"}});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("no_such_plugin"));
  EXPECT_THAT(unknown.err, HasSubstr("threshold_taker"));  // the known ones are listed
}

TEST_F(Cli, RunInSimModeKeepsLiveBooksFromItsOwnSimulator) {
  Process daemon({"run"}, dir_);
  ASSERT_TRUE(daemon.wait_for_stderr("kalshi_ws_books_live", 15s)) << daemon.err();
  const std::string log = daemon.err();
  EXPECT_THAT(log, HasSubstr("sim_started"));
  EXPECT_THAT(log, HasSubstr("kalshi_client_connected client=ws"));
  EXPECT_THAT(log, HasSubstr("kalshi_ws_subscribed channel=market_lifecycle_v2"));
  EXPECT_THAT(log, HasSubstr("kalshi_ws_subscribed channel=orderbook_delta"));
  EXPECT_THAT(log, ContainsRegex("scanner_ready markets_found=[1-9][0-9]* markets_followed=[1-9]"));
  EXPECT_THAT(log, ContainsRegex("kalshi_ws_books_live books=[1-9][0-9]* snapshots=[1-9]"));
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), std::optional<int>(0)) << daemon.err();
}

TEST_F(Cli, RunStopsOnSigintWithJsonLogs) {
  Process daemon({"run"}, dir_, {{"ANTEVORTA__LOGGING__FORMAT", "json"}});
  ASSERT_TRUE(daemon.wait_for_stderr("runtime_started", 10s)) << daemon.err();
  EXPECT_THAT(daemon.err(), HasSubstr("\"event\":\"runtime_mode_resolved\""));
  daemon.signal(SIGINT);
  EXPECT_EQ(daemon.wait(10s), std::optional<int>(0));
}

TEST_F(Cli, RunWithInvalidConfigFails) {
  const auto r = run({"run"}, {{"ANTEVORTA__KALSHI__ENVIRONMENT", "moon"}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("kalshi.environment"));
}

TEST_F(Cli, RunWithCorruptDatabaseFailsNamingTheFile) {
  write_file(dir_ / "data/antevorta_paper.db", std::string(4096, 'z'));
  const auto r = run({"run"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("data/antevorta_paper.db"));
}

}  // namespace
}  // namespace antevorta::test
