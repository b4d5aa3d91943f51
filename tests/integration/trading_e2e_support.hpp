// Support for the end-to-end trading tests (trading_e2e_test.cpp): what the standalone
// simulator printed, the simulator's own view of the account read over its REST API with
// that key, and a read-only snapshot of the daemon's trading tables.
//
// Errors: a REST read that fails or a database that cannot be read throws
// std::runtime_error with the reason (the test reports it). Threading: the test's thread;
// read_exchange() runs its own io_context to completion.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "antevorta/kalshi/models.hpp"
#include "antevorta/store/trading_rows.hpp"

namespace antevorta::test {

// "key: value" lines of `antevorta sim`'s stdout (rest_url, ws_url, api_key_id,
// private_key_path).
std::map<std::string, std::string> settings_of(const std::string& out);

// The simulator's state of one account, as its REST API reports it.
struct ExchangeState {
  std::vector<kalshi::Fill> fills;                // GET /portfolio/fills, every page
  std::vector<kalshi::MarketPosition> positions;  // GET /portfolio/positions, every page
  std::vector<kalshi::Order> orders;              // GET /portfolio/orders, every page
  kalshi::Balance balance;                        // GET /portfolio/balance, all shards
};

// Reads the account of `api_key_id` at `rest_url`, signing with the PEM key at key_path
// (relative paths from cwd).
ExchangeState read_exchange(const std::string& rest_url, const std::string& api_key_id,
                            const std::filesystem::path& key_path);

// The daemon's trading tables, read with a read-only connection.
struct DbState {
  std::vector<store::IntentRow> intents;  // intent_id, strategy, ticker only
  std::vector<store::DecisionRow> decisions;
  std::vector<store::OrderRow> orders;
  std::vector<store::FillRow> fills;
  std::vector<store::PositionRow> positions;
  std::vector<store::DailyPnlRow> daily_pnl;
  std::vector<store::SettlementRow> settlements;
  std::vector<store::AdjustmentRow> adjustments;
};
DbState read_db(const std::filesystem::path& database);

// Polls `done` every 100 ms until it returns true or `timeout` passes; its last answer.
template <class Pred>
bool poll_until(Pred done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

// Lines of `log` that contain `needle`.
std::vector<std::string> lines_with(const std::string& log, const std::string& needle);
std::size_t count_of(const std::string& log, const std::string& needle);

}  // namespace antevorta::test
