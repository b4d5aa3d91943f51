// Literals and gtest printers shared by the execution tests (Price and Count printers come
// from the kalshi tests' printers.hpp): P("0.40"), C("2.50"), M("1.75"),
// T(seconds) from 2026-01-01T00:00:00Z.
#pragma once

#include <cstdint>
#include <ostream>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"

#include "unit/kalshi/printers.hpp"  // Price, Count (and book types)

namespace antevorta {
inline void PrintTo(Money m, std::ostream* os) { *os << m.to_string(); }
}  // namespace antevorta

namespace antevorta::execution::test {

inline Price P(const char* text) { return *Price::parse(text); }
inline Count C(const char* text) { return *Count::parse(text); }
inline Money M(const char* text) { return *Money::parse(text); }
// 2026-01-01T00:00:00Z plus `seconds` (fractions allowed, to the millisecond).
inline Timestamp T(double seconds = 0) {
  return from_unix_ms(1'767'225'600'000 + static_cast<std::int64_t>(seconds * 1000));
}

}  // namespace antevorta::execution::test
