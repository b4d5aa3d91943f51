// Shared helpers for the ledger tests: literals for prices/counts/money/times, a fill
// builder, and gtest printers for the ledger's value types.
#pragma once

#include <ostream>
#include <string>

#include <gtest/gtest.h>

#include "antevorta/execution/ledger.hpp"

namespace antevorta {
inline void PrintTo(Price p, std::ostream* os) { *os << p.to_string(); }
inline void PrintTo(Count c, std::ostream* os) { *os << c.to_string(); }
inline void PrintTo(Money m, std::ostream* os) { *os << m.to_string(); }
}  // namespace antevorta

namespace antevorta::execution {

inline void PrintTo(LedgerError e, std::ostream* os) { *os << to_string(e); }
inline void PrintTo(FillStatus s, std::ostream* os) { *os << to_string(s); }

namespace test {

inline Price P(const char* text) { return *Price::parse(text); }
inline Count C(const char* text) { return *Count::parse(text); }
inline Money M(const char* text) { return *Money::parse(text); }
// 2026-01-01T00:00:00Z plus `seconds`.
inline Timestamp T(std::int64_t seconds = 0) {
  return from_unix_ms(1'767'225'600'000 + seconds * 1000);
}

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
