#include "antevorta/sim/exchange_core.hpp"

#include <gtest/gtest.h>

#include "unit/sim/sim_test_support.hpp"

namespace antevorta::sim {
namespace {

using namespace test;  // NOLINT
using kalshi::FeeMultiplier;
using kalshi::FeeSchedule;
using kalshi::FeeType;

const MarketTicker kMkt("KXTEST-26JAN01-T50");
const MarketTicker kCrypto("KXBTC15M-26JAN010015-15");
const AccountId A("alice"), B("bob"), Cc("carol");

MarketSpec spec(const MarketTicker& ticker, ExchangeIndex shard, FeeSchedule fees = FeeSchedule{}) {
  MarketSpec s;
  s.ticker = ticker;
  s.event = EventTicker("KXTEST-26JAN01");
  s.series = SeriesTicker("KXTEST");
  s.fees = fees;
  s.exchange_index = shard;
  return s;
}

class Core : public ::testing::Test {
 protected:
  ExchangeCore core{11};
  Timestamp now = T0();

  void SetUp() override {
    ASSERT_TRUE(core.add_market(spec(kMkt, 0)));
    ASSERT_TRUE(core.add_market(spec(kCrypto, 2)));
    ASSERT_FALSE(core.add_market(spec(kMkt, 0)));
  }
  CoreResult place(const AccountId& owner, const OrderRequest& r, const MarketTicker& m = kMkt) {
    return ok(core.submit(owner, m, r, now));
  }
  Money available(const AccountId& o, ExchangeIndex shard = 0) {
    return core.ledger().available(o, shard);
  }
};

TEST_F(Core, MarketStatusGatesOrders) {
  ASSERT_FALSE(core.ledger().deposit(A, 0, M("100")));
  EXPECT_EQ(rejected(core.submit(A, MarketTicker("NOPE"), bid("0.5", "1"), now)),
            RejectReason::market_not_found);
  const OrderId resting = place(A, bid("0.40", "1")).engine.order_id;

  ok(core.pause(kMkt, now));
  EXPECT_EQ(core.market(kMkt)->status, MarketStatus::paused);
  EXPECT_EQ(rejected(core.submit(A, kMkt, bid("0.5", "1"), now)), RejectReason::market_paused);
  EXPECT_EQ(rejected(core.amend(A, resting, {P("0.41"), C("1"), std::nullopt}, now)),
            RejectReason::market_paused);
  ok(core.decrease(A, resting, ReduceBy{C("0.5")}, now));  // allowed during a pause
  ASSERT_FALSE(core.resume(kMkt));

  const CoreResult closed = ok(core.close_market(kMkt, now));
  ASSERT_EQ(closed.engine.updates.size(), 1u);
  EXPECT_EQ(closed.engine.updates[0].reason, UpdateReason::market_closed);
  EXPECT_EQ(core.find_order(resting), nullptr);
  EXPECT_EQ(core.ledger().reserved(A, 0), M("0"));
  EXPECT_EQ(rejected(core.submit(A, kMkt, bid("0.5", "1"), now)), RejectReason::market_inactive);
  EXPECT_EQ(rejected(core.cancel(A, resting, now)), RejectReason::order_not_found);
  EXPECT_EQ(kalshi_error_code(RejectReason::market_inactive), "MARKET_INACTIVE");
}

TEST_F(Core, CancelChecksTheOwnerAndWorksDuringAPause) {
  ASSERT_FALSE(core.ledger().deposit(A, 0, M("100")));
  const OrderId id = place(A, bid("0.40", "1")).engine.order_id;
  EXPECT_EQ(rejected(core.cancel(B, id, now)), RejectReason::order_not_found);  // not B's
  ok(core.pause(kMkt, now));
  const CoreResult c = ok(core.cancel(A, id, now));  // allowed during a pause
  EXPECT_EQ(c.engine.reduced_by, C("1"));
}

TEST_F(Core, InsufficientBalanceCountsCostAndFees) {
  ASSERT_FALSE(core.ledger().deposit(A, 0, M("5")));
  ASSERT_FALSE(core.ledger().deposit(B, 0, M("100")));
  // A resting bid reserves p × n (quadratic: no maker fee): 10 × 0.50 = 5.00 exactly.
  const OrderId id = place(A, bid("0.50", "10")).engine.order_id;
  EXPECT_EQ(available(A), M("0"));
  EXPECT_EQ(rejected(core.submit(A, kMkt, bid("0.01", "1"), now)),
            RejectReason::insufficient_balance);
  ok(core.cancel(A, id, now));
  EXPECT_EQ(available(A), M("5"));

  // Taking 10 at 0.50 costs 5.00 + 0.175 taker fee: too much; 9 costs 4.50 + 0.1575.
  place(B, ask("0.50", "10"));
  EXPECT_EQ(rejected(core.submit(A, kMkt, bid("0.50", "10"), now)),
            RejectReason::insufficient_balance);
  const CoreResult r = place(A, bid("0.50", "9"));
  ASSERT_EQ(r.accounting.size(), 1u);
  EXPECT_EQ(r.accounting[0].taker.fee, M("0.1575"));
  EXPECT_EQ(r.accounting[0].maker.fee, M("0"));
  EXPECT_EQ(core.ledger().cash(A, 0), M("0.3425"));
  EXPECT_EQ(core.ledger().position(A, kMkt).position, C("9"));
  EXPECT_EQ(core.ledger().position(B, kMkt).position, C("-9"));
  // B's remaining ask of 1 keeps 0.50 reserved.
  EXPECT_EQ(core.ledger().reserved(B, 0), M("0.50"));
}

TEST_F(Core, RestingOrderReservesItsMakerFee) {
  // quadratic_with_maker_fees: a resting bid of 10 at 0.50 needs 5.00 + 0.04375 -> 0.0438.
  const MarketTicker m("KXFED-26JAN-T4.00");
  ASSERT_TRUE(core.add_market(
      spec(m, 0, FeeSchedule{FeeType::quadratic_with_maker_fees, FeeMultiplier::one()})));
  ASSERT_FALSE(core.ledger().deposit(A, 0, M("5.0437")));
  EXPECT_EQ(rejected(core.submit(A, m, bid("0.50", "10"), now)),
            RejectReason::insufficient_balance);
  ASSERT_FALSE(core.ledger().deposit(A, 0, M("0.0001")));
  place(A, bid("0.50", "10"), m);
  EXPECT_EQ(core.ledger().reserved(A, 0), M("5.0438"));
  EXPECT_EQ(available(A), M("0"));
  // Filled as a maker, it costs exactly what was reserved.
  ASSERT_FALSE(core.ledger().deposit(B, 0, M("100")));
  const CoreResult r = place(B, ask("0.50", "10"), m);
  EXPECT_EQ(r.accounting.at(0).maker.fee, M("0.0438"));
  EXPECT_EQ(r.accounting.at(0).taker.fee, M("0.175"));
  EXPECT_EQ(core.ledger().cash(A, 0), M("0"));
  EXPECT_EQ(core.ledger().reserved(A, 0), M("0"));
}

TEST_F(Core, ShardIsolation) {
  ASSERT_FALSE(core.ledger().deposit(A, 0, M("100")));
  ASSERT_FALSE(core.ledger().deposit(B, 2, M("100")));
  // Cash on shard 0 does not fund an order on the crypto shard.
  EXPECT_EQ(rejected(core.submit(A, kCrypto, bid("0.50", "1"), now)),
            RejectReason::insufficient_balance);
  ASSERT_FALSE(core.ledger().transfer(A, 0, 2, M("10")));
  place(B, ask("0.50", "4"), kCrypto);
  place(A, bid("0.50", "4"), kCrypto);
  EXPECT_EQ(core.ledger().cash(A, 0), M("90"));
  EXPECT_EQ(core.ledger().cash(A, 2), M("10") - M("2.00") - M("0.07"));
  EXPECT_EQ(core.ledger().cash(B, 0), M("0"));
  EXPECT_EQ(core.ledger().cash(B, 2), M("98.00"));
}

TEST_F(Core, ClientOrderIdsAreNeverReused) {
  ASSERT_FALSE(core.ledger().deposit(A, 0, M("100")));
  ASSERT_FALSE(core.ledger().deposit(A, 2, M("100")));
  ASSERT_FALSE(core.ledger().deposit(B, 0, M("100")));
  place(B, ask("0.50", "5"));
  // Filled at once: the order is gone, but a retry with the same id must not fill again.
  const CoreResult r = place(A, with_client_id(bid("0.50", "2"), "intent-1"));
  EXPECT_EQ(r.engine.fills.size(), 1u);
  EXPECT_EQ(rejected(core.submit(A, kMkt, with_client_id(bid("0.50", "2"), "intent-1"), now)),
            RejectReason::order_already_exists);
  EXPECT_EQ(rejected(core.submit(A, kCrypto, with_client_id(bid("0.50", "2"), "intent-1"), now)),
            RejectReason::order_already_exists);
  EXPECT_EQ(core.ledger().position(A, kMkt).position, C("2"));
  place(B, with_client_id(bid("0.10", "1"), "intent-1"));  // other owners may use it
  EXPECT_EQ(http_status(RejectReason::order_already_exists), 409);
}

TEST_F(Core, AmendChecksTheNewCollateral) {
  ASSERT_FALSE(core.ledger().deposit(A, 0, M("5")));
  const OrderId id = place(A, bid("0.40", "10")).engine.order_id;
  EXPECT_EQ(available(A), M("1.00"));
  // 10 at 0.50 replaces 10 at 0.40: exactly affordable.
  ok(core.amend(A, id, {P("0.50"), C("10"), std::nullopt}, now));
  EXPECT_EQ(available(A), M("0"));
  EXPECT_EQ(rejected(core.amend(A, id, {P("0.50"), C("11"), std::nullopt}, now)),
            RejectReason::insufficient_balance);
  ok(core.amend(A, id, {P("0.50"), C("6"), ClientOrderId("new")}, now));
  EXPECT_EQ(available(A), M("2.00"));
  EXPECT_EQ(core.queue_position(id), C("0"));
  EXPECT_EQ(core.find_order(id)->client_order_id, ClientOrderId("new"));
}

TEST_F(Core, ReduceOnlyUsesTheLedgerPosition) {
  ASSERT_FALSE(core.ledger().deposit(A, 0, M("100")));
  ASSERT_FALSE(core.ledger().deposit(B, 0, M("100")));
  OrderRequest ro = ask("0.60", "5");
  ro.reduce_only = true;
  EXPECT_EQ(rejected(core.submit(A, kMkt, ro, now)), RejectReason::reduce_only_no_position);
  place(B, ask("0.55", "3"));
  place(A, bid("0.55", "3"));  // A long 3 YES
  const CoreResult r = place(A, ro);
  EXPECT_EQ(r.engine.last_update_of(r.engine.order_id)->order.remaining_count, C("3"));
  // Selling held YES needs no new collateral: the NO leg bought nets the YES held.
  EXPECT_EQ(core.ledger().reserved(A, 0), M("0"));
}

TEST_F(Core, ExpireReleasesCollateral) {
  ASSERT_FALSE(core.ledger().deposit(A, 0, M("10")));
  OrderRequest r = bid("0.40", "10");
  r.expiration = now + std::chrono::seconds(60);
  const OrderId id = place(A, r).engine.order_id;
  EXPECT_EQ(core.ledger().reserved(A, 0), M("4.00"));
  EXPECT_TRUE(core.expire(now + std::chrono::seconds(59)).empty());
  const auto results = core.expire(now + std::chrono::seconds(60));
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].engine.updates.at(0).reason, UpdateReason::expired);
  EXPECT_EQ(core.find_order(id), nullptr);
  EXPECT_EQ(core.ledger().reserved(A, 0), M("0"));
}

TEST_F(Core, DetermineAndSettle) {
  ASSERT_FALSE(core.ledger().deposit(A, 0, M("100")));
  ASSERT_FALSE(core.ledger().deposit(B, 0, M("100")));
  place(B, ask("0.30", "10"));
  place(A, bid("0.30", "10"));  // A +10 YES at 0.30, B -10 NO at 0.70; taker fee 0.147
  place(A, bid("0.20", "5"));   // still resting at determination
  EXPECT_EQ(rejected(core.settle(kMkt)), RejectReason::market_inactive);
  const CoreResult d = ok(core.determine(kMkt, MarketResult::yes(), now));
  EXPECT_EQ(d.engine.updates.size(), 1u);  // the resting bid, cancelled by the close
  EXPECT_EQ(core.market(kMkt)->status, MarketStatus::determined);
  const auto entries = ok(core.settle(kMkt));
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].owner, A);
  EXPECT_EQ(entries[0].payout, M("10"));
  EXPECT_EQ(entries[0].realized_pnl, M("7.00"));
  EXPECT_EQ(core.ledger().cash(A, 0), M("100") - M("3.00") - M("0.147") + M("10"));
  EXPECT_EQ(core.ledger().cash(B, 0), M("93.00"));
  EXPECT_EQ(core.ledger().total_cash() + core.ledger().fees_collected(), M("200"));
  EXPECT_EQ(core.market(kMkt)->status, MarketStatus::settled);
  EXPECT_EQ(rejected(core.settle(kMkt)), RejectReason::market_inactive);
}

TEST_F(Core, PauseCancelsFlaggedOrders) {
  ASSERT_FALSE(core.ledger().deposit(A, 0, M("100")));
  OrderRequest r = bid("0.40", "10");
  r.cancel_order_on_pause = true;
  const OrderId flagged = place(A, r).engine.order_id;
  const OrderId kept = place(A, bid("0.30", "10")).engine.order_id;
  const CoreResult p = ok(core.pause(kMkt, now));
  ASSERT_EQ(p.engine.updates.size(), 1u);
  EXPECT_EQ(p.engine.updates[0].order.id, flagged);
  EXPECT_EQ(core.find_order(flagged), nullptr);
  EXPECT_NE(core.find_order(kept), nullptr);
  EXPECT_EQ(core.ledger().reserved(A, 0), M("3.00"));
}

}  // namespace
}  // namespace antevorta::sim
