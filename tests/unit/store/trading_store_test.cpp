// TradingStore: every writer and reader round-trips its rows.
#include "antevorta/store/trading_store.hpp"

#include <optional>
#include <string>
#include <vector>

#include <SQLiteCpp/Database.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/core/logging.hpp"
#include "antevorta/store/store.hpp"

#include "unit/store/store_test_support.hpp"
#include "unit/store/trading_test_rows.hpp"

namespace antevorta::store {
namespace {

namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace testing;  // NOLINT: the test helpers and sample rows

struct Fixture {
  TempDir dir;
  Store store{options_for(dir / "x.db"), null_logger()};
  TradingStore trading{store};
};

TEST(TradingStore, IntentsRoundTripWithAndWithoutEvidence) {
  Fixture f;
  const IntentRow full = sample_intent("i-1");
  IntentRow bare = sample_intent("i-2");
  bare.probability = std::nullopt;
  bare.edge = std::nullopt;
  bare.confidence = std::nullopt;
  bare.reason = "";
  // An invalid intent is stored as it came: its denial needs it on record.
  IntentRow invalid = sample_intent("i-3");
  invalid.count = 0;
  invalid.limit_price = 10001;
  ASSERT_TRUE(f.trading.record_intent(full));
  ASSERT_TRUE(f.trading.record_intent(bare));
  ASSERT_TRUE(f.trading.record_intent(invalid));
  f.store.flush();
  EXPECT_EQ(f.trading.intent("i-1"), full);
  EXPECT_EQ(f.trading.intent("i-2"), bare);
  EXPECT_EQ(f.trading.intent("i-3"), invalid);
  EXPECT_EQ(f.trading.intent("i-4"), std::nullopt);
  EXPECT_EQ(f.store.stats().rows_failed, 0u);
}

TEST(TradingStore, RecentIntentsAreNewestFirstAndLimited) {
  Fixture f;
  IntentRow a = sample_intent("i-a");
  a.created_ns = kDay0 + 1;
  IntentRow b = sample_intent("i-b");
  b.created_ns = kDay0 + 3;
  IntentRow c = sample_intent("i-c");
  c.created_ns = kDay0 + 2;
  for (const auto& i : {a, b, c}) ASSERT_TRUE(f.trading.record_intent(i));
  f.store.flush();
  EXPECT_THAT(f.trading.recent_intents(2), ElementsAre(b, c));
  EXPECT_THAT(f.trading.recent_intents(10), ElementsAre(b, c, a));
  EXPECT_TRUE(f.trading.recent_intents(0).empty());
}

TEST(TradingStore, DecisionsAreReadNewestFirstAndPerIntent) {
  Fixture f;
  DecisionRow denied{0,
                     "i-1",
                     false,
                     "max_order_cost",
                     "max_order_cost",
                     "25.0000",
                     "27.1800",
                     "",
                     "the order would cost $27.18 > $25.00",
                     kDay0 + 5};
  DecisionRow unknown{0,
                      "i-2",
                      false,
                      "unknown_input",
                      "max_position_per_market",
                      "",
                      "",
                      "position",
                      "no position known for the market",
                      kDay0 + 6};
  DecisionRow approved{0, "i-1", true, "", "", "", "", "", "", kDay0 + 7};
  for (const auto& d : {denied, unknown, approved}) ASSERT_TRUE(f.trading.record_decision(d));
  f.store.flush();

  const auto recent = f.trading.recent_decisions(2);
  ASSERT_EQ(recent.size(), 2u);
  // ids are assigned in write order: 1, 2, 3.
  approved.id = 3;
  unknown.id = 2;
  denied.id = 1;
  EXPECT_EQ(recent[0], approved);
  EXPECT_EQ(recent[1], unknown);
  EXPECT_THAT(f.trading.decisions_for("i-1"), ElementsAre(denied, approved));
  EXPECT_TRUE(f.trading.recent_decisions(0).empty());
}

TEST(TradingStore, OrderUpsertReplacesTheRowButKeepsItsCreationTime) {
  Fixture f;
  OrderRow o = sample_order("c-1", "pending", kDay0 + 11 * kSecond);
  ASSERT_TRUE(f.trading.save_order(
      o, TransitionRow{0, "c-1", std::nullopt, "pending", "risk_approved", kDay0 + 11 * kSecond}));
  f.store.flush();
  EXPECT_EQ(f.trading.order("c-1"), o);

  OrderRow later = o;
  later.state = "partially_filled";
  later.filled = 400;
  later.remaining = 600;
  later.exchange_order_id = "e-1";
  later.created_ns = kDay0 + 99 * kSecond;  // ignored on update
  later.updated_ns = kDay0 + 12 * kSecond;
  later.reason = "fill t1";
  ASSERT_TRUE(f.trading.upsert_order(later));
  ASSERT_TRUE(f.trading.record_transition(
      TransitionRow{0, "c-1", "pending", "partially_filled", "fill t1", kDay0 + 12 * kSecond}));
  f.store.flush();
  OrderRow expected = later;
  expected.created_ns = o.created_ns;
  EXPECT_EQ(f.trading.order("c-1"), expected);
  EXPECT_EQ(f.trading.order("c-9"), std::nullopt);
  EXPECT_THAT(
      f.trading.transitions("c-1"),
      ElementsAre(
          TransitionRow{1, "c-1", std::nullopt, "pending", "risk_approved", kDay0 + 11 * kSecond},
          TransitionRow{2, "c-1", "pending", "partially_filled", "fill t1", kDay0 + 12 * kSecond}));
}

TEST(TradingStore, OpenOrdersAreExactlyThoseInAnOpenStateOldestFirst) {
  Fixture f;
  const std::vector<std::string> states = {"filled",  "unknown",  "canceled", "partially_filled",
                                           "pending", "rejected", "resting",  "expired"};
  // Created in reverse order of their names' index, so oldest first differs from write order.
  for (std::size_t i = 0; i < states.size(); ++i) {
    ASSERT_TRUE(f.trading.upsert_order(sample_order("c-" + std::to_string(i), states[i],
                                                    kDay0 + static_cast<std::int64_t>(100 - i))));
  }
  f.store.flush();
  std::vector<std::string> open;
  for (const OrderRow& o : f.trading.open_orders()) open.push_back(o.client_order_id);
  // c-6 resting (t=94), c-4 pending (96), c-3 partially_filled (97), c-1 unknown (99).
  EXPECT_THAT(open, ElementsAre("c-6", "c-4", "c-3", "c-1"));
  for (const std::string& s : states) {
    const bool expected =
        s == "pending" || s == "resting" || s == "partially_filled" || s == "unknown";
    EXPECT_EQ(is_open_order_state(s), expected) << s;
  }
}

TEST(TradingStore, OrdersFilterByStateTickerAndStrategyNewestFirst) {
  Fixture f;
  OrderRow a = sample_order("c-a", "filled", kDay0 + 1);
  OrderRow b = sample_order("c-b", "filled", kDay0 + 2);
  b.ticker = "KXETH-26JAN01-T4000";
  OrderRow c = sample_order("c-c", "canceled", kDay0 + 3);
  c.strategy = "manual";
  OrderRow d = sample_order("c-d", "filled", kDay0 + 4);
  for (const auto& o : {a, b, c, d}) ASSERT_TRUE(f.trading.upsert_order(o));
  f.store.flush();
  const auto coids = [&](const OrderFilter& filter) {
    std::vector<std::string> out;
    for (const OrderRow& o : f.trading.orders(filter)) out.push_back(o.client_order_id);
    return out;
  };
  EXPECT_THAT(coids({}), ElementsAre("c-d", "c-c", "c-b", "c-a"));
  EXPECT_THAT(coids({"filled", {}, {}, 100}), ElementsAre("c-d", "c-b", "c-a"));
  EXPECT_THAT(coids({"filled", kTicker, {}, 100}), ElementsAre("c-d", "c-a"));
  EXPECT_THAT(coids({{}, {}, "manual", 100}), ElementsAre("c-c"));
  EXPECT_THAT(coids({"filled", {}, {}, 1}), ElementsAre("c-d"));
  EXPECT_THAT(coids({"resting", {}, {}, 100}), ElementsAre());
}

TEST(TradingStore, FillsRoundTripAndTheSeenSetHasItsBoundary) {
  Fixture f;
  ASSERT_TRUE(f.trading.record_fill_with_ledger(fill_t1(), position_after_t1(), daily_t1()));
  FillRow external = fill_t2();  // a fill of an order we do not know
  external.client_order_id = std::nullopt;
  external.exchange_order_id = std::nullopt;
  external.is_taker = false;
  ASSERT_TRUE(f.trading.record_fill(FillWithLedger{external, {}, {}, {}, {}}));
  f.store.flush();

  EXPECT_TRUE(f.trading.has_fill("t1"));
  EXPECT_TRUE(f.trading.has_fill("t2"));
  EXPECT_FALSE(f.trading.has_fill("t3"));
  EXPECT_FALSE(f.trading.has_fill(""));
  // t1 at day0+20 s, t2 at day0+30 s: "since" includes its own instant.
  EXPECT_THAT(f.trading.fill_ids_since(kDay0 + 20 * kSecond), ElementsAre("t1", "t2"));
  EXPECT_THAT(f.trading.fill_ids_since(kDay0 + 20 * kSecond + 1), ElementsAre("t2"));
  EXPECT_THAT(f.trading.fill_ids_since(kDay0 + 30 * kSecond + 1), ElementsAre());
  EXPECT_THAT(f.trading.recent_fills(10), ElementsAre(external, fill_t1()));
  EXPECT_THAT(f.trading.recent_fills(1), ElementsAre(external));
}

TEST(TradingStore, PositionsAreReplacedWholeAndListedByTicker) {
  Fixture f;
  PositionRow other{"KXETH-26JAN01-T4000", 1, -500, 21000, -300, 400, 0, 500, kDay0 + 1};
  ASSERT_TRUE(f.trading.upsert_position(position_after_t1()));
  ASSERT_TRUE(f.trading.upsert_position(other));
  ASSERT_TRUE(f.trading.upsert_position(position_after_t2()));
  f.store.flush();
  // "KXBTCD…" sorts before "KXETH…".
  EXPECT_THAT(f.trading.positions(), ElementsAre(position_after_t2(), other));
}

TEST(TradingStore, DailyPnlAddsDeltasPerDayAndStrategy) {
  Fixture f;
  ASSERT_TRUE(f.trading.record_fill_with_ledger(fill_t1(), position_after_t1(), daily_t1()));
  ASSERT_TRUE(f.trading.record_fill_with_ledger(fill_t2(), position_after_t2(), daily_t2()));
  FillRow manual = fill_t1();
  manual.trade_id = "t3";
  manual.strategy = "manual";
  ASSERT_TRUE(f.trading.record_fill_with_ledger(
      manual, position_after_t2(), DailyPnlRow{"2026-01-01", "manual", -150, 90, 0, 100, 1}));
  FillRow next_day = fill_t1();
  next_day.trade_id = "t4";
  next_day.at_ns = kDay0 + 86'400 * kSecond;
  ASSERT_TRUE(f.trading.record_fill_with_ledger(
      next_day, position_after_t2(),
      DailyPnlRow{utc_date(next_day.at_ns), "crypto_momentum", 5, 6, 7, 8, 1}));
  f.store.flush();
  // crypto_momentum on 2026-01-01: t1 + t2 = realized 0 + 2000, fees 1800 + 700,
  // volume 1000 + 400, fills 2.
  EXPECT_THAT(f.trading.daily_pnl("2026-01-01"),
              ElementsAre(DailyPnlRow{"2026-01-01", "crypto_momentum", 2000, 2500, 0, 1400, 2},
                          DailyPnlRow{"2026-01-01", "manual", -150, 90, 0, 100, 1}));
  EXPECT_THAT(f.trading.daily_pnl("2026-01-02"),
              ElementsAre(DailyPnlRow{"2026-01-02", "crypto_momentum", 5, 6, 7, 8, 1}));
  EXPECT_THAT(f.trading.daily_pnl("2025-12-31"), ElementsAre());
}

TEST(TradingStore, SettlementsAndAdjustmentsRoundTrip) {
  Fixture f;
  const SettlementRow settled{kTicker, "yes", 600, 60000, 26400, kDay0 + 3600 * kSecond};
  const PositionRow closed{kTicker, 0, 0, 0, 28400, 2500, 60000, 1400, kDay0 + 3600 * kSecond};
  ASSERT_TRUE(f.trading.record_settlement(
      settled, closed, {DailyPnlRow{"2026-01-01", "crypto_momentum", 26400, 0, 60000, 0, 0}}));
  AdjustmentRow cash{0, "cash", 0, std::nullopt, 1'000'000, 0, 0, kDay0 + 1, "opening balance"};
  AdjustmentRow pos{0, "position", 1,         "KXETH-26JAN01-T4000", -200,
                    0, -8400,      kDay0 + 2, "exchange says -700"};
  const PositionRow eth{"KXETH-26JAN01-T4000", 1, -700, 29400, 0, 0, 0, 0, kDay0 + 2};
  ASSERT_TRUE(f.trading.record_adjustment(cash, std::nullopt));
  ASSERT_TRUE(f.trading.record_adjustment(pos, eth));
  f.store.flush();

  EXPECT_EQ(f.trading.settlement(kTicker), settled);
  EXPECT_EQ(f.trading.settlement("KXETH-26JAN01-T4000"), std::nullopt);
  EXPECT_THAT(f.trading.positions(), ElementsAre(closed, eth));
  EXPECT_THAT(f.trading.daily_pnl("2026-01-01"),
              ElementsAre(DailyPnlRow{"2026-01-01", "crypto_momentum", 26400, 0, 60000, 0, 0}));
  cash.id = 1;
  pos.id = 2;
  EXPECT_THAT(f.trading.recent_adjustments(10), ElementsAre(pos, cash));
}

TEST(TradingStore, RiskStateIsOneKvRow) {
  Fixture f;
  EXPECT_EQ(f.trading.load_risk_state(), std::nullopt);
  ASSERT_TRUE(f.trading.save_risk_state(R"({"version":1,"kill_switch":{"engaged":true}})", 1));
  ASSERT_TRUE(f.trading.save_risk_state(R"({"version":1,"kill_switch":{"engaged":false}})", 2));
  f.store.flush();
  EXPECT_EQ(f.trading.load_risk_state(), R"({"version":1,"kill_switch":{"engaged":false}})");
  EXPECT_EQ(f.store.get_state(kRiskStateKey), f.trading.load_risk_state());
}

TEST(TradingStore, ReadersThrowStoreErrorNamingTheDatabase) {
  Fixture f;
  const fs::path path = f.store.path();
  {
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    other.exec("DROP TABLE fills");
  }
  try {
    f.trading.has_fill("t1");
    FAIL() << "a missing table must throw";
  } catch (const StoreError& e) {
    EXPECT_THAT(e.what(), HasSubstr("database " + path.string() + ": has_fill failed: "));
    EXPECT_THAT(e.what(), HasSubstr("no such table: fills"));
  }
}

TEST(TradingStore, WritersReturnFalseOnceTheStoreIsClosed) {
  Fixture f;
  f.store.close();
  EXPECT_FALSE(f.trading.record_intent(sample_intent()));
  EXPECT_FALSE(f.trading.record_fill_with_ledger(fill_t1(), position_after_t1(), daily_t1()));
  EXPECT_FALSE(f.trading.save_risk_state("{}", 1));
}

TEST(TradingRows, UtcDateFloorsToTheCalendarDay) {
  EXPECT_EQ(utc_date(0), "1970-01-01");
  EXPECT_EQ(utc_date(-1), "1969-12-31");  // floor, not truncation toward zero
  EXPECT_EQ(utc_date(kDay0), "2026-01-01");
  EXPECT_EQ(utc_date(kDay0 - 1), "2025-12-31");
  // 2024-02-29T23:59:59.999999999Z = 1709251199 s + 999999999 ns; one ns later is March.
  EXPECT_EQ(utc_date(1'709'251'199'999'999'999), "2024-02-29");
  EXPECT_EQ(utc_date(1'709'251'200'000'000'000), "2024-03-01");
}

}  // namespace
}  // namespace antevorta::store
