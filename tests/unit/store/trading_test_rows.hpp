// Sample rows for the trading-table tests: one market, KXBTCD-26JAN01-T100000, on
// 2026-01-01 UTC. The ledger numbers are hand-computed (centi-cents, centi-contracts):
//
//   t1  buy 10 YES at 0.56, taker: leg 10 × 0.56 = $5.60 = 56000;
//       fee ceil(0.07 × 10 × 0.56 × 0.44 = 0.17248) = $0.18 = 1800.
//       position +1000, basis 56000, realized 0, fees 1800, volume 1000.
//   t2  sell 4 YES at 0.61, taker: closes 400 of 1000; basis removed
//       floor(56000 × 400 / 1000) = 22400; proceeds 4 × 0.61 = $2.44 = 24400;
//       realized 24400 − 22400 = 2000; fee ceil(0.07 × 4 × 0.61 × 0.39 = 0.066612) = 700.
//       position +600, basis 33600, realized 2000, fees 2500, volume 1400.
//   settle YES: payout 6 × $1 = 60000; realized 60000 − 33600 = 26400.
//       position 0, basis 0, realized 28400, fees 2500, payouts 60000, volume 1400.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "antevorta/store/trading_rows.hpp"

namespace antevorta::store::testing {

inline constexpr std::int64_t kDay0 = 1'767'225'600'000'000'000;  // 2026-01-01T00:00:00Z
inline constexpr std::int64_t kSecond = 1'000'000'000;
inline const std::string kTicker = "KXBTCD-26JAN01-T100000";

inline IntentRow sample_intent(std::string id = "i-1") {
  IntentRow r;
  r.intent_id = std::move(id);
  r.strategy = "crypto_momentum";
  r.ticker = kTicker;
  r.side = "yes";
  r.action = "buy";
  r.count = 1000;
  r.limit_price = 5600;
  r.tif = "good_till_canceled";
  r.post_only = true;
  r.reduce_only = false;
  r.probability = 0.62;
  r.edge = 0.0431;
  r.confidence = 0.8;
  r.reason = "spot 101250 above strike; 3 feeds agree";
  r.created_ns = kDay0 + 10 * kSecond;
  return r;
}

inline OrderRow sample_order(std::string coid, std::string state, std::int64_t created_ns) {
  OrderRow r;
  r.client_order_id = std::move(coid);
  r.intent_id = "i-1";
  r.strategy = "crypto_momentum";
  r.ticker = kTicker;
  r.side = "yes";
  r.action = "buy";
  r.price = 5600;
  r.count = 1000;
  r.filled = 0;
  r.remaining = 1000;
  r.state = std::move(state);
  r.exchange_order_id = std::nullopt;
  r.tif = "good_till_canceled";
  r.post_only = false;
  r.reduce_only = false;
  r.created_ns = created_ns;
  r.updated_ns = created_ns;
  r.reason = "";
  return r;
}

inline FillRow fill_t1() {
  FillRow r;
  r.trade_id = "t1";
  r.client_order_id = "c-1";
  r.exchange_order_id = "e-1";
  r.ticker = kTicker;
  r.strategy = "crypto_momentum";
  r.side = "yes";
  r.action = "buy";
  r.price = 5600;
  r.count = 1000;
  r.fee = 1800;
  r.is_taker = true;
  r.at_ns = kDay0 + 20 * kSecond;
  return r;
}

inline FillRow fill_t2() {
  FillRow r = fill_t1();
  r.trade_id = "t2";
  r.client_order_id = "c-2";
  r.exchange_order_id = "e-2";
  r.action = "sell";
  r.price = 6100;
  r.count = 400;
  r.fee = 700;
  r.at_ns = kDay0 + 30 * kSecond;
  return r;
}

inline PositionRow position_after_t1() {
  return PositionRow{kTicker, 0, 1000, 56000, 0, 1800, 0, 1000, kDay0 + 20 * kSecond};
}
inline PositionRow position_after_t2() {
  return PositionRow{kTicker, 0, 600, 33600, 2000, 2500, 0, 1400, kDay0 + 30 * kSecond};
}
inline DailyPnlRow daily_t1() {
  return DailyPnlRow{"2026-01-01", "crypto_momentum", 0, 1800, 0, 1000, 1};
}
inline DailyPnlRow daily_t2() {
  return DailyPnlRow{"2026-01-01", "crypto_momentum", 2000, 700, 0, 400, 1};
}

}  // namespace antevorta::store::testing
