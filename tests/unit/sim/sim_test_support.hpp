// Shared helpers for the simulator tests: literals for prices/counts/money, request
// builders, and gtest printers for the sim value types.
#pragma once

#include <ostream>
#include <stdexcept>
#include <utility>

#include <gtest/gtest.h>

#include "antevorta/sim/types.hpp"

#include "unit/kalshi/printers.hpp"

namespace antevorta {
inline void PrintTo(Money m, std::ostream* os) { *os << m.to_string(); }
}  // namespace antevorta

namespace antevorta::sim {

inline void PrintTo(RejectReason r, std::ostream* os) { *os << to_string(r); }
inline void PrintTo(UpdateReason r, std::ostream* os) { *os << to_string(r); }
inline void PrintTo(OrderStatus s, std::ostream* os) { *os << to_string(s); }

namespace test {

inline Price P(const char* text) { return *Price::parse(text); }
inline Count C(const char* text) { return *Count::parse(text); }
inline Money M(const char* text) { return *Money::parse(text); }
inline kalshi::BookLevel L(const char* price, const char* size) { return {P(price), C(size)}; }
inline Timestamp T0() { return from_unix_ms(1'767'225'600'000); }

inline OrderRequest bid(const char* price, const char* count) {
  OrderRequest r;
  r.side = BookSide::bid;
  r.price = P(price);
  r.count = C(count);
  return r;
}
inline OrderRequest ask(const char* price, const char* count) {
  OrderRequest r = bid(price, count);
  r.side = BookSide::ask;
  return r;
}
inline OrderRequest with_tif(OrderRequest r, TimeInForce tif) {
  r.time_in_force = tif;
  return r;
}
inline OrderRequest with_stp(OrderRequest r, SelfTradePrevention stp) {
  r.self_trade_prevention = stp;
  return r;
}
inline OrderRequest with_client_id(OrderRequest r, const char* id) {
  r.client_order_id = ClientOrderId(id);
  return r;
}

// Unwraps a successful result (fails the test otherwise).
template <class T>
T ok(Expected<T, RejectReason> e) {
  EXPECT_TRUE(e.has_value()) << "rejected: " << (e.has_value() ? "" : to_string(e.error()));
  if (!e.has_value()) throw std::runtime_error("unexpected rejection");
  return std::move(e).value();
}
template <class T>
RejectReason rejected(const Expected<T, RejectReason>& e) {
  EXPECT_FALSE(e.has_value());
  if (e.has_value()) throw std::runtime_error("unexpected success");
  return e.error();
}

}  // namespace test
}  // namespace antevorta::sim
