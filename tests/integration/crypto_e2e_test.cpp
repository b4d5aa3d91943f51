// End to end in sim mode: the daemon's feed clients connect to the simulator's feed servers,
// crypto_digital trades a (shortened, 60-second) crypto window from open to settlement, the
// settlement engine's outcome matches the simulator's result, and the fills, settlements,
// forecasts and outcomes are in the database.
#include <csignal>
#include <regex>
#include <thread>

#include <SQLiteCpp/SQLiteCpp.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "integration/process.hpp"

namespace antevorta::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

std::int64_t count(SQLite::Database& db, const char* table) {
  return db.execAndGet(std::string("SELECT COUNT(*) FROM ") + table).getInt64();
}

TEST(CryptoE2e, CryptoDigitalTradesAWindowThroughSettlement) {
  const auto dir = make_temp_dir("crypto-e2e");
  std::filesystem::copy(source_dir() / "config", dir / "config",
                        std::filesystem::copy_options::recursive);
  Process daemon({"run"}, dir,
                 {{"ANTEVORTA__SIM__CRYPTO_WINDOW_SECONDS", "60"},
                  {"ANTEVORTA__STRATEGIES__CRYPTO_DIGITAL__ENABLED", "true"},
                  {"ANTEVORTA__STRATEGIES__CRYPTO_DIGITAL__PARAMS__MODEL_PARAMS__MIN_SAMPLES", "5"},
                  {"ANTEVORTA__STRATEGIES__CRYPTO_DIGITAL__PARAMS__MIN_SECONDS_TO_CLOSE", "8"},
                  // Any edge after fees: the simulator's mispricing decides how often.
                  {"ANTEVORTA__STRATEGIES__CRYPTO_DIGITAL__PARAMS__MIN_EDGE", "0"},
                  {"ANTEVORTA__STRATEGIES__CRYPTO_DIGITAL__PARAMS__MAX_SECONDS_TO_CLOSE", "55"},
                  {"ANTEVORTA__EXECUTION__REDUCE_ONLY_BEFORE_CLOSE_SECONDS", "5"},
                  {"ANTEVORTA__EXECUTION__CANCEL_ALL_BEFORE_CLOSE_SECONDS", "2"},
                  {"ANTEVORTA__RISK__NO_ENTRY_BEFORE_CLOSE_SECONDS", "5"}});
  ASSERT_TRUE(daemon.wait_for_stderr("crypto_started feeds=3", 20s)) << daemon.err();
  const std::string started = daemon.err();
  EXPECT_THAT(started, HasSubstr("feed_configured source=coinbase protocol=coinbase_advanced"
                                 " url=ws://127.0.0.1:"));
  EXPECT_THAT(started, HasSubstr("feed_configured source=binance"));
  EXPECT_THAT(started, HasSubstr("feed_configured source=kraken"));
  // Within a few windows (each 60 s; the first may be nearly over at start).
  ASSERT_TRUE(daemon.wait_for_stderr("order_filled", 180s)) << daemon.err();
  // The filled market settles within its window (≤ 60 s) plus the settlement timer.
  const std::string filled = daemon.err();
  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(filled, m, std::regex("order_filled client_order_id=\\S+ ticker=(\\S+)")));
  const std::string ticker = m[1];
  ASSERT_TRUE(daemon.wait_for_stderr("settlement_checked ticker=" + ticker, 90s)) << daemon.err();
  const std::string log = daemon.err();
  // Our computed outcome is Kalshi's (the simulator's) result.
  const auto at = log.find("settlement_checked ticker=" + ticker);
  const std::string line = log.substr(at, log.find('\n', at) - at);
  EXPECT_THAT(line, HasSubstr("agree=true")) << line;
  EXPECT_THAT(log, HasSubstr("index_status asset=BTC status=ok"));
  // Wait a moment for the settlement to reach the ledger, then stop.
  std::this_thread::sleep_for(3s);
  daemon.signal(SIGTERM);
  ASSERT_EQ(daemon.wait(15s), std::optional<int>(0)) << daemon.err();

  SQLite::Database db((dir / "data/antevorta_paper.db").string());
  EXPECT_GE(count(db, "fills"), 1);
  EXPECT_GE(count(db, "settlements"), 1);
  EXPECT_GE(count(db, "forecasts"), 1);
  EXPECT_GE(count(db, "market_outcomes"), 1);
  SQLite::Statement joined(db,
                           "SELECT COUNT(*) FROM forecasts f JOIN market_outcomes o "
                           "ON o.ticker = f.ticker WHERE f.ticker = ?");
  joined.bind(1, ticker);
  ASSERT_TRUE(joined.executeStep());
  EXPECT_GE(joined.getColumn(0).getInt64(), 1) << "forecasts of the traded market are scored";
}

}  // namespace
}  // namespace antevorta::test
