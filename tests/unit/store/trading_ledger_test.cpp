// The trading tables as the daemon relies on them: a fill and its ledger rows commit
// together or not at all; a new order is on disk before it is sent; a restart finds open
// orders, seen trade ids, positions, today's P&L and the risk state.
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/core/logging.hpp"
#include "antevorta/store/commit_wait.hpp"
#include "antevorta/store/store.hpp"
#include "antevorta/store/trading_store.hpp"
#include "antevorta/store/trading_writes.hpp"

#include "unit/store/store_test_support.hpp"
#include "unit/store/trading_test_rows.hpp"

namespace antevorta::store {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using namespace testing;  // NOLINT: the test helpers and sample rows

StoreOptions one_batch(const fs::path& path) {
  StoreOptions o = options_for(path);
  o.flush_interval = std::chrono::minutes(10);  // everything below lands in one batch
  o.batch_max_rows = 1000;
  return o;
}

TEST(TradingLedger, AReplayedFillChangesNothingWhileTheRestOfItsBatchCommits) {
  TempDir dir;
  Store s(one_batch(dir / "x.db"), null_logger());
  TradingStore t(s);
  ASSERT_TRUE(t.record_fill_with_ledger(fill_t1(), position_after_t1(), daily_t1()));
  ASSERT_TRUE(t.record_intent(sample_intent("i-2")));
  // t1 again, as if re-delivered, with the position and day moved a second time: its key
  // exists, so its position and daily rows must not be applied.
  PositionRow doubled = position_after_t1();
  doubled.position = 2000;
  doubled.cost_basis = 112000;
  ASSERT_TRUE(t.record_fill_with_ledger(fill_t1(), doubled, daily_t1()));
  ASSERT_TRUE(t.record_fill_with_ledger(fill_t2(), position_after_t2(), daily_t2()));
  s.flush();

  EXPECT_THAT(t.fill_ids_since(0), ElementsAre("t1", "t2"));
  EXPECT_THAT(t.positions(), ElementsAre(position_after_t2()));
  // t1 + t2 once each: realized 2000, fees 1800 + 700 = 2500, volume 1400, fills 2.
  EXPECT_THAT(t.daily_pnl("2026-01-01"),
              ElementsAre(DailyPnlRow{"2026-01-01", "crypto_momentum", 2000, 2500, 0, 1400, 2}));
  EXPECT_TRUE(t.intent("i-2").has_value()) << "the batch's other rows are committed";
  EXPECT_EQ(s.stats().rows_failed, 3u);   // the replayed group: fill, position, daily
  EXPECT_EQ(s.stats().rows_written, 7u);  // 3 + 1 + 3
}

TEST(TradingLedger, AFailingLastStatementRollsBackTheFillAndItsLedgerRows) {
  TempDir dir;
  Store s(one_batch(dir / "x.db"), null_logger());
  TradingStore t(s);
  ASSERT_TRUE(t.record_fill_with_ledger(fill_t1(), position_after_t1(), daily_t1()));
  // t2 with the order it fills; the order row breaks the side check, as the last statement.
  OrderRow broken = sample_order("c-2", "filled", kDay0);
  broken.side = "maybe";
  ASSERT_TRUE(t.record_fill(
      FillWithLedger{fill_t2(), position_after_t2(), daily_t2(), broken, std::nullopt}));
  ASSERT_TRUE(t.upsert_order(sample_order("c-3", "resting", kDay0 + 1)));
  s.flush();

  EXPECT_FALSE(t.has_fill("t2")) << "the fill went with its group";
  EXPECT_THAT(t.positions(), ElementsAre(position_after_t1()));
  EXPECT_THAT(t.daily_pnl("2026-01-01"), ElementsAre(daily_t1()));
  EXPECT_EQ(t.order("c-2"), std::nullopt);
  EXPECT_TRUE(t.order("c-3").has_value());
  EXPECT_EQ(s.stats().rows_failed, 4u);  // fill, position, daily, order
}

TEST(TradingLedger, ASecondSettlementOfAMarketIsRefusedWhole) {
  TempDir dir;
  Store s(options_for(dir / "x.db"), null_logger());
  TradingStore t(s);
  const SettlementRow settled{kTicker, "yes", 600, 60000, 26400, kDay0 + 3600 * kSecond};
  const PositionRow closed{kTicker, 0, 0, 0, 28400, 2500, 60000, 1400, kDay0 + 3600 * kSecond};
  const DailyPnlRow payout{"2026-01-01", "crypto_momentum", 26400, 0, 60000, 0, 0};
  ASSERT_TRUE(t.record_settlement(settled, closed, {payout}));
  ASSERT_TRUE(t.record_settlement(settled, closed, {payout}));
  s.flush();
  EXPECT_THAT(t.daily_pnl("2026-01-01"), ElementsAre(payout)) << "paid once, not twice";
  EXPECT_EQ(s.stats().rows_failed, 3u);
}

TEST(TradingLedger, ANewOrderIsOnDiskWhenTheWaitCompletes) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  StoreOptions o = options_for(path);
  o.flush_interval = std::chrono::minutes(10);
  Store s(o, null_logger());
  boost::asio::io_context io;
  const OrderRow order = sample_order("c-1", "pending", kDay0);
  const TransitionRow created{0, "c-1", std::nullopt, "pending", "risk_approved", kDay0};
  std::optional<CommitResult> result;
  std::int64_t orders_on_disk = -1;
  std::int64_t transitions_on_disk = -1;
  async_commit(s, writes::order_group(order, created), io.get_executor(), [&](CommitResult r) {
    result = r;
    // What the daemon would do now: send the order. Check first that a crash now could not
    // lose it: another connection already reads both rows.
    orders_on_disk = committed_rows(path, "orders", "client_order_id = 'c-1'");
    transitions_on_disk = committed_rows(path, "order_transitions", "client_order_id = 'c-1'");
  });
  io.run_for(std::chrono::seconds(20));
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(result->committed);
  EXPECT_EQ(orders_on_disk, 1);
  EXPECT_EQ(transitions_on_disk, 1);
  EXPECT_EQ(TradingStore(s).order("c-1"), order);
}

TEST(TradingLedger, ARestartFindsWhatTheDaemonNeeds) {
  TempDir dir;
  const fs::path path = dir / "x.db";
  const std::string risk = R"({"version":1,"kill_switch":{"engaged":true,"reason":"manual"}})";
  const OrderRow resting = sample_order("c-1", "resting", kDay0 + 1);
  OrderRow unknown = sample_order("c-2", "unknown", kDay0 + 2);
  unknown.reason = "timeout on create";
  OrderRow filled = sample_order("c-3", "filled", kDay0 + 3);
  filled.filled = 1000;
  filled.remaining = 0;
  {
    Store s(options_for(path), null_logger());
    TradingStore t(s);
    t.record_intent(sample_intent("i-1"));
    t.save_order(resting, std::nullopt);
    t.save_order(unknown, std::nullopt);
    t.record_fill(FillWithLedger{fill_t1(), position_after_t1(), daily_t1(), filled,
                                 TransitionRow{0, "c-3", "resting", "filled", "t1", kDay0 + 20}});
    t.record_fill_with_ledger(fill_t2(), position_after_t2(), daily_t2());
    t.save_risk_state(risk, kDay0 + 40 * kSecond);
    // No flush: close() must commit what is queued.
  }
  Store s(options_for(path), null_logger());
  TradingStore t(s);
  EXPECT_THAT(t.open_orders(), ElementsAre(resting, unknown));
  EXPECT_TRUE(t.has_fill("t1"));
  EXPECT_TRUE(t.has_fill("t2"));
  EXPECT_THAT(t.fill_ids_since(kDay0), ElementsAre("t1", "t2"));
  EXPECT_THAT(t.positions(), ElementsAre(position_after_t2()));
  EXPECT_THAT(t.daily_pnl(utc_date(kDay0 + 50 * kSecond)),
              ElementsAre(DailyPnlRow{"2026-01-01", "crypto_momentum", 2000, 2500, 0, 1400, 2}));
  EXPECT_EQ(t.load_risk_state(), risk);
  EXPECT_EQ(t.order("c-3"), filled);
  EXPECT_EQ(t.intent("i-1"), sample_intent("i-1"));
}

}  // namespace
}  // namespace antevorta::store
