// The end-to-end tests' comparisons (gtest EXPECTs, each failure naming the trade, order or
// market): the daemon's database against the simulator's account, and the database against
// itself.
//
// Errors: failures are reported through gtest; nothing throws. Threading: the test thread.
#pragma once

#include <cstdint>
#include <string_view>

#include "trading_e2e_support.hpp"

namespace antevorta::test {

struct MatchOptions {
  std::string_view prefix = "av1-";  // execution.client_order_id_prefix: our orders
  std::int64_t starting_cash = 0;    // centi-cents the account was funded with, all shards
  // Each market's fees and volume (positions row) and the cash they imply. Off only where
  // a known daemon defect is tested separately (see trading_e2e_test.cpp).
  bool market_totals = true;
};

// After a live run: nothing but the daemon traded on the account.
//  - every exchange fill is in `fills` (trade id, ticker, count, leg price, fee, taker, order);
//  - every open position agrees both ways (position, cost basis = market_exposure);
//  - every order of ours at the exchange is in `orders` with its fill count and final state;
//  - Σ daily_pnl fees = Σ exchange fee_cost;
//  - market_totals: positions fees = fees_paid, volume = Σ exchange fill counts, and
//    starting cash + Σ realized − Σ cost basis − Σ fees = the exchange balance.
void expect_db_matches_exchange(const DbState& db, const ExchangeState& ex,
                                const MatchOptions& options);

// Any run, paper or live, with only buys:
//  - every fill belongs to an order in `orders`, on its ticker, leg and action;
//  - each order's filled = Σ its fills;
//  - each market's position = Σ signed fills, cost basis = Σ price × count of its buys
//    (unless settled: then flat), fees = Σ fill fees, volume = Σ fill counts;
//  - daily_pnl fees, volume and fill count = the fills' totals;
//  - every intent has a risk decision, and every order of an intent was approved.
// market_totals as in MatchOptions.
void expect_db_consistent(const DbState& db, bool market_totals = true);

}  // namespace antevorta::test
