// Shared helpers for the ledger tests: literals for prices/counts/money/times, a fill
// builder, and gtest printers for the ledger's value types.
#pragma once

#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "antevorta/execution/ledger.hpp"

#include "unit/execution/literals.hpp"

namespace antevorta::execution {

inline void PrintTo(LedgerError e, std::ostream* os) { *os << to_string(e); }
inline void PrintTo(FillStatus s, std::ostream* os) { *os << to_string(s); }

namespace test {

using kalshi::OutcomeSide;
using strategy::Action;
using strategy::StrategyId;

inline const MarketTicker kMkt("KXTEST-26JAN01-T50");
inline const StrategyId kS1("s1");
inline const StrategyId kS2("s2");

inline LedgerFill fill(const char* trade_id, OutcomeSide side, Action action, const char* price,
                       const char* count, const char* fee = "0", const StrategyId& strategy = kS1,
                       Timestamp time = T()) {
  LedgerFill f;
  f.trade_id = TradeId(trade_id);
  f.ticker = kMkt;
  f.strategy = strategy;
  f.side = side;
  f.action = action;
  f.price = P(price);
  f.count = C(count);
  f.fee = M(fee);
  f.time = time;
  return f;
}

inline Settlement settlement(kalshi::MarketResult result, std::optional<Price> value = {},
                             Timestamp time = T()) {
  return Settlement{kMkt, result, value, time};
}

// Unwraps a successful result (fails the test otherwise).
template <class T>
T ok(Expected<T, LedgerError> e) {
  if (!e) {
    ADD_FAILURE() << "unexpected error: " << to_string(e.error());
    return T{};
  }
  return std::move(e).value();
}

template <class T>
LedgerError failed(const Expected<T, LedgerError>& e) {
  if (e) {
    ADD_FAILURE() << "expected an error";
    return LedgerError::unknown_market;
  }
  return e.error();
}

}  // namespace test
}  // namespace antevorta::execution
