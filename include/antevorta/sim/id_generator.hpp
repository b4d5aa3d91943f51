// Deterministic order and trade ids for the simulator, so a run with the same seed and the
// same inputs produces the same ids (replays and tests compare them).
//
// Ids look like Kalshi's (UUID text, version 4 layout): the first 80 bits derive from the
// seed and the kind (order / trade), the last 48 bits are a per-kind counter, so ids of one
// generator never repeat (for 2^48 ids per kind). One generator is shared by every market
// of an exchange: order ids are exchange-wide (a cancel carries no ticker).
//
// Errors: none. Threading: not thread-safe; one owner.
#pragma once

#include <cstdint>
#include <string>

#include "antevorta/core/ids.hpp"

namespace antevorta::sim {

class IdGenerator {
 public:
  explicit IdGenerator(std::uint64_t seed = 0) noexcept;

  OrderId next_order_id() { return OrderId(make(order_prefix_, ++orders_)); }
  TradeId next_trade_id() { return TradeId(make(trade_prefix_, ++trades_)); }

  std::uint64_t orders_issued() const noexcept { return orders_; }
  std::uint64_t trades_issued() const noexcept { return trades_; }

 private:
  static std::string make(std::uint64_t prefix, std::uint64_t counter);

  std::uint64_t order_prefix_;
  std::uint64_t trade_prefix_;
  std::uint64_t orders_ = 0;
  std::uint64_t trades_ = 0;
};

}  // namespace antevorta::sim
