// crypto_digital / momentum_baseline (crypto_taker.hpp) under a ManualClock with a fake
// context: the model's answer becomes a forecast and, inside the gates, a Kelly-sized IOC buy
// of the better leg; and the factory's parameter errors.
#include "antevorta/strategy/crypto_taker.hpp"

#include <chrono>
#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/config/tree.hpp"

#include "unit/strategy/strategy_test_support.hpp"

namespace antevorta::strategy::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::string kTicker = "KXBTC15M-26JAN010015-15";

Decimal D(const char* text) { return *Decimal::parse(text); }

config::Node yaml(const std::string& text) {
  std::vector<config::ConfigError> errors;
  config::Node node = config::parse_yaml(text, "test.yaml", errors);
  EXPECT_TRUE(errors.empty());
  return node;
}

class CryptoTakerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    context.services.markets[MarketTicker(kTicker)] = market(kTicker, "KXBTC15M-26JAN010015");
  }

  void start(CryptoTakerParams p = {}, std::string model = "ewma_digital") {
    std::vector<config::ConfigError> errors;
    const config::Node node = yaml("min_samples: 5\nhalf_life_seconds: 60\n");
    config::Reader r(&node, "model_params", errors);
    auto m = builtin_models().create(model, r);
    ASSERT_TRUE(m) << (errors.empty() ? "" : errors[0].message);
    taker = std::make_unique<CryptoTaker>(StrategyId("crypto_digital"), p, std::move(m));
    taker->on_start(context);
  }

  // Index updates once a second with alternating ±0.05% returns (σ = 5e-4 per √s, about 2.8
  // a year), ending at `last` now.
  void warm_up(const char* last, int seconds = 10) {
    const double end = D(last).to_double();
    for (int i = seconds; i >= 0; --i) {
      const double v = end * (i % 2 == 0 ? 1.0 : std::exp(5e-4));
      index(*Decimal::from_double(std::round(v * 100) / 100), context.clock_.now() - i * 1s);
    }
  }
  void index(Decimal value, Timestamp at, bool ok = true) {
    feeds::IndexUpdated u;
    u.asset = "BTC";
    u.status = ok ? feeds::IndexStatus::ok : feeds::IndexStatus::unavailable;
    u.reason = ok ? feeds::IndexUnavailableReason::none : feeds::IndexUnavailableReason::divergent;
    u.value = value;
    u.at = at;
    taker->on_index(u);
  }
  feeds::SettlementProgress progress(const char* index_value, const char* target,
                                     Duration to_close) {
    feeds::SettlementProgress p;
    p.ticker = MarketTicker(kTicker);
    p.asset = "BTC";
    p.target = D(target);
    p.close_time = context.clock_.now() + to_close;
    p.index = D(index_value);
    p.time_to_close = to_close;
    p.at = context.clock_.now();
    return p;
  }
  void set_book(std::optional<Price> yes_bid, std::optional<Price> no_bid) {
    book_ = make_book(kTicker, yes_bid, no_bid, Count::contracts(100));
    context.services.books[MarketTicker(kTicker)] = book_.get();
  }

  FakeContext context{"crypto_digital"};
  std::unique_ptr<CryptoTaker> taker;
  std::unique_ptr<kalshi::OrderBook> book_;
};

TEST_F(CryptoTakerTest, BuysYesWhenTheIndexIsWellAboveTheTarget) {
  start();
  warm_up("101500.00");
  set_book(P("0.55"), P("0.40"));  // YES ask = 1 − 0.40 = 0.60, NO ask = 0.45
  taker->on_settlement(progress("101500.00", "100000.00", 120s));
  ASSERT_EQ(context.forecasts.size(), 1u);
  const double p = context.forecasts[0].probability;
  // 1.5% above with σ = 5e-4/√s: v = 2.5e-7 × (60 + 20) = 2e-5, z = (ln 1.015 − 1e-5)/√2e-5
  // = 3.33: p ≈ 0.9996.
  EXPECT_GT(p, 0.999);
  EXPECT_EQ(context.forecasts[0].model, "crypto_digital/ewma_digital");
  EXPECT_TRUE(taker->trades_on_index());  // the risk manager ages its index feed
  EXPECT_EQ(context.forecasts[0].yes_ask, P("0.60"));
  EXPECT_EQ(context.forecasts[0].yes_bid, P("0.55"));
  ASSERT_EQ(context.submitted.size(), 1u);
  const OrderIntent& i = context.submitted[0];
  EXPECT_EQ(i.side, kalshi::OutcomeSide::yes);
  EXPECT_EQ(i.action, Action::buy);
  EXPECT_EQ(i.limit_price, P("0.60"));
  EXPECT_EQ(i.time_in_force, kalshi::TimeInForce::immediate_or_cancel);
  // Kelly: f* ≈ (1 − 0.62)/(1 − 0.62) ≈ 1 at p ≈ 1; a quarter of $100 buys ~40 > max_count.
  EXPECT_EQ(i.count, Count::contracts(10));
  EXPECT_DOUBLE_EQ(*i.evidence.probability, p);
  EXPECT_GT(*i.evidence.edge_after_fees, 0.3);
  EXPECT_THAT(i.evidence.reason, HasSubstr("ewma_digital p_yes="));
}

TEST_F(CryptoTakerTest, BuysNoWhenTheIndexIsWellBelow) {
  start();
  warm_up("99500.00");
  set_book(P("0.40"), P("0.45"));  // NO ask = 1 − 0.40 = 0.60
  taker->on_settlement(progress("99500.00", "100000.00", 120s));
  ASSERT_EQ(context.submitted.size(), 1u);
  EXPECT_EQ(context.submitted[0].side, kalshi::OutcomeSide::no);
  EXPECT_EQ(context.submitted[0].limit_price, P("0.60"));
}

TEST_F(CryptoTakerTest, NoEdgeAtTheMoneyButTheForecastIsRecorded) {
  start();
  warm_up("100000.00");
  set_book(P("0.48"), P("0.48"));  // both asks 0.52 against p ≈ 0.5
  taker->on_settlement(progress("100000.00", "100000.00", 300s));
  ASSERT_EQ(context.forecasts.size(), 1u);
  EXPECT_NEAR(context.forecasts[0].probability, 0.5, 0.02);
  EXPECT_THAT(context.submitted, IsEmpty());
}

TEST_F(CryptoTakerTest, GatesStopTrading) {
  CryptoTakerParams params;
  params.min_to_close = 30s;
  params.max_to_close = 600s;
  start(params);
  warm_up("101500.00");
  set_book(P("0.55"), P("0.40"));
  // Outside the entry window (both sides of it).
  taker->on_settlement(progress("101500.00", "100000.00", 700s));
  taker->on_settlement(progress("101500.00", "100000.00", 29s));
  EXPECT_THAT(context.submitted, IsEmpty());
  // Index unavailable: no forecast, no trade.
  index(D("101500.00"), context.clock_.now(), false);
  context.clock_.advance(2s);
  const auto forecasts = context.forecasts.size();
  taker->on_settlement(progress("101500.00", "100000.00", 120s));
  EXPECT_EQ(context.forecasts.size(), forecasts);
  EXPECT_THAT(context.submitted, IsEmpty());
  index(D("101500.00"), context.clock_.now());
  // Unknown fees: fail closed.
  context.services.fee_schedule.reset();
  taker->on_settlement(progress("101500.00", "100000.00", 120s));
  EXPECT_THAT(context.submitted, IsEmpty());
  context.services.fee_schedule = kalshi::FeeSchedule{};
  // A stale book.
  book_->mark_stale(kalshi::StaleReason::disconnected);
  taker->on_settlement(progress("101500.00", "100000.00", 120s));
  EXPECT_THAT(context.submitted, IsEmpty());
  // A market that is not active.
  set_book(P("0.55"), P("0.40"));
  context.services.markets[MarketTicker(kTicker)].status = kalshi::MarketStatus::closed;
  taker->on_settlement(progress("101500.00", "100000.00", 120s));
  EXPECT_THAT(context.submitted, IsEmpty());
  context.services.markets[MarketTicker(kTicker)].status = kalshi::MarketStatus::active;
  taker->on_settlement(progress("101500.00", "100000.00", 120s));
  EXPECT_EQ(context.submitted.size(), 1u);
}

TEST_F(CryptoTakerTest, CooldownPositionCapAndNoChurn) {
  CryptoTakerParams params;
  params.cooldown = 10s;
  params.max_position = Count::contracts(12);
  start(params);
  warm_up("101500.00");
  set_book(P("0.55"), P("0.40"));
  taker->on_settlement(progress("101500.00", "100000.00", 120s));
  ASSERT_EQ(context.submitted.size(), 1u);
  context.positions[MarketTicker(kTicker)] = Count::contracts(10);
  context.clock_.advance(9s);
  index(D("101500.00"), context.clock_.now());
  taker->on_settlement(progress("101500.00", "100000.00", 120s));
  EXPECT_EQ(context.submitted.size(), 1u) << "inside the cooldown";
  context.clock_.advance(1s);
  index(D("101500.00"), context.clock_.now());
  taker->on_settlement(progress("101500.00", "100000.00", 120s));
  ASSERT_EQ(context.submitted.size(), 2u);
  EXPECT_EQ(context.submitted[1].count, Count::contracts(2)) << "12 − 10 held";
  // Holding NO, a YES signal buys nothing.
  context.positions[MarketTicker(kTicker)] = -Count::contracts(3);
  context.clock_.advance(10s);
  index(D("101500.00"), context.clock_.now());
  taker->on_settlement(progress("101500.00", "100000.00", 120s));
  EXPECT_EQ(context.submitted.size(), 2u);
}

TEST_F(CryptoTakerTest, ForecastsAreThrottledPerMarket) {
  CryptoTakerParams params;
  params.forecast_interval = 1s;
  start(params);
  warm_up("100000.00");
  set_book(P("0.48"), P("0.48"));
  taker->on_settlement(progress("100000.00", "100000.00", 300s));
  context.clock_.advance(500ms);
  taker->on_settlement(progress("100000.00", "100000.00", 300s));
  EXPECT_EQ(context.forecasts.size(), 1u);
  context.clock_.advance(500ms);
  taker->on_settlement(progress("100000.00", "100000.00", 300s));
  EXPECT_EQ(context.forecasts.size(), 2u);
}

TEST_F(CryptoTakerTest, MomentumModelLeansWithTheTrend) {
  start({}, "momentum_sigmoid");
  // A steady climb of 0.01% a second ends at the target: the distance term is 0, the
  // momentum term positive, so p > 0.5.
  for (int i = 20; i >= 0; --i) {
    const double v = 100000.0 * std::exp(-1e-4 * i);
    index(*Decimal::from_double(std::round(v * 100) / 100), context.clock_.now() - i * 1s);
  }
  set_book(P("0.40"), P("0.40"));
  taker->on_settlement(progress("100000.00", "100000.00", 300s));
  ASSERT_EQ(context.forecasts.size(), 1u);
  EXPECT_GT(context.forecasts[0].probability, 0.55);
  EXPECT_EQ(context.forecasts[0].model, "crypto_digital/momentum_sigmoid");
}

TEST(CryptoTakerFactory, ReportsEveryBadParameterWithItsPath) {
  const auto registry = builtin_registry();
  config::StrategyConfig c = strategy_config("crypto_digital", true, {"KXBTC15M"});
  c.params = yaml(
      "model: ewma_digital\nmin_edge: lots\nkelly_fraction: 0\nmin_seconds_to_close: 600\n"
      "max_seconds_to_close: 60\nmodel_params: {half_life_seconds: 1, speed: 3}\n");
  const auto created = registry.create(c);
  ASSERT_FALSE(created.has_value());
  std::string all;
  for (const auto& e : created.error()) all += e.key_path + ": " + e.message + "\n";
  EXPECT_THAT(all, HasSubstr("strategies.crypto_digital.params.min_edge"));
  EXPECT_THAT(all, HasSubstr("strategies.crypto_digital.params.kelly_fraction"));
  EXPECT_THAT(all, HasSubstr("strategies.crypto_digital.params.model_params.half_life_seconds"));
  EXPECT_THAT(all, HasSubstr("strategies.crypto_digital.params.model_params.speed"));

  c.params = yaml("model: crystal_ball\n");
  const auto unknown = registry.create(c);
  ASSERT_FALSE(unknown.has_value());
  EXPECT_THAT(unknown.error()[0].message, HasSubstr("unknown model \"crystal_ball\""));
  EXPECT_THAT(unknown.error()[0].message, HasSubstr("ewma_digital, momentum_sigmoid"));

  c.params = yaml("min_seconds_to_close: 600\nmax_seconds_to_close: 60\n");
  const auto window = registry.create(c);
  ASSERT_FALSE(window.has_value());
  EXPECT_THAT(window.error()[0].message, HasSubstr("greater than min_seconds_to_close"));

  c.params = config::Node{};
  EXPECT_TRUE(registry.create(c).has_value()) << "every parameter has a default";
  c.name = "momentum_baseline";
  EXPECT_TRUE(registry.create(c).has_value());
}

}  // namespace
}  // namespace antevorta::strategy::testing
