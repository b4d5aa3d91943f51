// `antevorta sim` on its own, and a daemon configured against it: the standalone simulator
// prints what a configuration needs, keeps its key across restarts, and the daemon's clients
// connect to it, scan the configured series and keep live books.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/kalshi/signer.hpp"
#include "antevorta/kalshi/verifier.hpp"

#include "process.hpp"

namespace antevorta::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

std::string read_file(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// "key: value" lines from the simulator's stdout.
std::map<std::string, std::string> settings_of(const std::string& out) {
  std::map<std::string, std::string> m;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    const auto colon = line.find(": ");
    if (colon != std::string::npos) m[line.substr(0, colon)] = line.substr(colon + 2);
  }
  return m;
}

class SimCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = make_temp_dir("antevorta-sim");
    fs::copy(source_dir() / "config", dir_ / "config", fs::copy_options::recursive);
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // Starts `antevorta sim --port 0` and waits until it listens.
  std::unique_ptr<Process> start_sim() {
    auto sim = std::make_unique<Process>(std::vector<std::string>{"sim", "--port", "0"}, dir_);
    EXPECT_TRUE(sim->wait_for_stderr("sim_listening", 10s)) << sim->err();
    return sim;
  }
  fs::path dir_;
};

TEST_F(SimCli, StandaloneSimulatorServesADaemon) {
  auto sim = start_sim();
  const auto settings = settings_of(sim->out());
  ASSERT_TRUE(settings.contains("rest_url")) << sim->out();
  ASSERT_TRUE(settings.contains("ws_url"));
  EXPECT_EQ(settings.at("api_key_id"), "sim-user");
  ASSERT_EQ(settings.at("private_key_path"), "data/sim_api_key.pem");
  // The simulated crypto venues' feeds share the port: http://host:port → ws://host:port.
  const std::string rest = settings.at("rest_url");
  const std::string ws_origin = "ws" + rest.substr(4, rest.find("/trade-api") - 4);
  const auto setting = [&](const std::string& key) {
    return settings.contains(key) ? settings.at(key) : "<missing>";
  };
  EXPECT_EQ(setting("coinbase_advanced_url"), ws_origin + "/feeds/coinbase-advanced");
  EXPECT_EQ(setting("coinbase_exchange_url"), ws_origin + "/feeds/coinbase-exchange");
  EXPECT_EQ(setting("binance_url"), ws_origin + "/feeds/binance");
  EXPECT_EQ(setting("kraken_url"), ws_origin + "/feeds/kraken/v2");
  const auto key_file = dir_ / "data/sim_api_key.pem";
  ASSERT_TRUE(fs::exists(key_file));
  EXPECT_EQ(fs::status(key_file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  // The key material is in the file only: never on stdout or in the log.
  const std::string pem = read_file(key_file);
  EXPECT_THAT(pem, HasSubstr("PRIVATE KEY"));
  EXPECT_THAT(sim->out() + sim->err(), ::testing::Not(HasSubstr("PRIVATE KEY")));

  Process daemon({"run"}, dir_,
                 {{"ANTEVORTA__KALSHI__REST_URL", settings.at("rest_url")},
                  {"ANTEVORTA__KALSHI__WS_URL", settings.at("ws_url")},
                  {"ANTEVORTA__KALSHI__API_KEY_ID", settings.at("api_key_id")},
                  {"ANTEVORTA__KALSHI__PRIVATE_KEY_PATH", settings.at("private_key_path")},
                  {"ANTEVORTA__SCANNER__SERIES", "[KXBTC15M]"}});
  ASSERT_TRUE(daemon.wait_for_stderr("kalshi_ws_books_live", 15s)) << daemon.err();
  const std::string log = daemon.err();
  EXPECT_THAT(log, HasSubstr("rest_url=" + settings.at("rest_url")));
  EXPECT_THAT(log, HasSubstr("key_type=ed25519"));
  EXPECT_THAT(log, HasSubstr("kalshi_ws_subscribed channel=orderbook_delta"));
  // Only the series' windows: the seeded listing has two KXBTC15M markets open at most.
  EXPECT_THAT(log,
              ::testing::ContainsRegex("scanner_ready markets_found=[12] markets_followed=[12]"));
  EXPECT_THAT(log, ::testing::Not(HasSubstr("sim_started")))
      << "the daemon started its own simulator instead of using the standalone one";

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), std::optional<int>(0)) << daemon.err();
  sim->signal(SIGTERM);
  EXPECT_EQ(sim->wait(10s), std::optional<int>(0)) << sim->err();

  // A restart keeps the key, so the daemon's configuration stays valid.
  auto again = start_sim();
  EXPECT_EQ(read_file(key_file), pem);
  again->signal(SIGINT);
  EXPECT_EQ(again->wait(10s), std::optional<int>(0));
}

TEST_F(SimCli, UsersOwnKeyRegisteredByItsPublicHalf) {
  // The user's own key pair: the simulator gets only the public half.
  const std::string private_pem = kalshi::generate_private_key_pem(kalshi::KeyType::rsa);
  const auto signer = kalshi::Signer::from_pem(private_pem, Secret("my-key"), "test key");
  ASSERT_TRUE(signer.has_value());
  std::ofstream(dir_ / "my_key.pem") << private_pem;
  fs::permissions(dir_ / "my_key.pem", fs::perms::owner_read | fs::perms::owner_write);
  std::ofstream(dir_ / "my_key.pub") << signer->public_key_pem();

  Process sim({"sim", "--port", "0", "--api-key-id", "my-key", "--public-key-file", "my_key.pub"},
              dir_);
  ASSERT_TRUE(sim.wait_for_stderr("sim_listening", 10s)) << sim.err();
  const auto settings = settings_of(sim.out());
  EXPECT_EQ(settings.at("api_key_id"), "my-key");
  EXPECT_FALSE(settings.contains("private_key_path"));  // the simulator never had it
  EXPECT_FALSE(fs::exists(dir_ / "data/sim_api_key.pem"));

  Process daemon({"run"}, dir_,
                 {{"ANTEVORTA__KALSHI__REST_URL", settings.at("rest_url")},
                  {"ANTEVORTA__KALSHI__WS_URL", settings.at("ws_url")},
                  {"ANTEVORTA__KALSHI__API_KEY_ID", "my-key"},
                  {"ANTEVORTA__KALSHI__PRIVATE_KEY_PATH", "my_key.pem"}});
  ASSERT_TRUE(daemon.wait_for_stderr("kalshi_ws_books_live", 15s)) << daemon.err();
  EXPECT_THAT(daemon.err(), HasSubstr("key_type=rsa"));
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait(10s), std::optional<int>(0)) << daemon.err();
  sim.signal(SIGTERM);
  EXPECT_EQ(sim.wait(10s), std::optional<int>(0));
}

TEST_F(SimCli, UsersOwnPublicKeyAndBadArguments) {
  const auto missing = run_antevorta({"sim", "--public-key", "nope.pem"}, dir_);
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_THAT(missing.err, HasSubstr("nope.pem"));

  std::ofstream(dir_ / "garbage.pem") << "not a key\n";
  const auto garbage = run_antevorta({"sim", "--port", "0", "--public-key", "garbage.pem"}, dir_);
  EXPECT_EQ(garbage.exit_code, 1);
  EXPECT_FALSE(garbage.err.empty());

  const auto funding = run_antevorta({"sim", "--port", "0", "--funding", "-5"}, dir_);
  EXPECT_NE(funding.exit_code, 0);
  EXPECT_THAT(funding.err, HasSubstr("--funding"));
}

TEST_F(SimCli, UnreadableIndexPathIsAClearError) {
  const auto r = run_antevorta({"sim", "--port", "0"}, dir_,
                               {{"ANTEVORTA__SIM__INDEX_PATH", "missing/index.csv"}});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("missing/index.csv"));
}

TEST_F(SimCli, PortInUseIsAClearError) {
  auto first = start_sim();
  const auto url = settings_of(first->out()).at("rest_url");
  const auto port =
      url.substr(url.rfind(':') + 1, url.find('/', url.rfind(':')) - url.rfind(':') - 1);
  const auto second = run_antevorta({"sim", "--port", port}, dir_);
  EXPECT_EQ(second.exit_code, 1);
  EXPECT_THAT(second.err, HasSubstr(port));
}

}  // namespace
}  // namespace antevorta::test
