// The risk section: every key, its type and range, errors naming the key path, and the
// shipped config/risk.yaml setting every limit.
#include <chrono>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/config/loader.hpp"

#include "support/paths.hpp"
#include "support/shipped_config.hpp"
#include "unit/config/config_fixture.hpp"

namespace antevorta::config::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(ConfigTest, RiskDefaultsAreOffExceptTheExchangeGuard) {
  file("base.yaml", "");
  const AppConfig c = load_ok();
  const RiskConfig& r = c.risk;
  EXPECT_FALSE(
      r.max_event_exposure || r.max_series_exposure || r.max_category_exposure ||
      r.max_concurrent_positions || r.max_portfolio_exposure || r.max_portfolio_exposure_share ||
      r.max_drawdown || r.no_entry_before_close_seconds || r.min_edge_after_fees || r.price_band ||
      r.max_orders_per_minute || r.max_orders_per_minute_per_strategy ||
      r.duplicate_intent_cooldown_seconds || r.max_book_age_seconds || r.max_feed_age_seconds);
  EXPECT_TRUE(r.require_exchange_active);
}

TEST_F(ConfigTest, EveryRiskKeyIsRead) {
  file("base.yaml", "");
  file("risk.yaml",
       "risk:\n"
       "  max_event_exposure: 60\n"
       "  max_series_exposure: \"100.50\"\n"
       "  max_category_exposure: 150.0001\n"
       "  max_concurrent_positions: 7\n"
       "  max_portfolio_exposure: 200\n"
       "  max_portfolio_exposure_share: 0.25\n"
       "  max_drawdown: 150\n"
       "  no_entry_before_close_seconds: 90\n"
       "  max_orders_per_minute: 30\n"
       "  max_orders_per_minute_per_strategy: 10\n"
       "  duplicate_intent_cooldown_seconds: 5\n"
       "  min_edge_after_fees: 0\n"
       "  price_band: 0.05\n"
       "  max_book_age_seconds: 10\n"
       "  max_feed_age_seconds: 12\n"
       "  require_exchange_active: false\n");
  const AppConfig c = load_ok();
  const RiskConfig& r = c.risk;
  EXPECT_EQ(r.max_event_exposure, Money::from_centicents(600000));
  EXPECT_EQ(r.max_series_exposure, Money::from_centicents(1005000));
  EXPECT_EQ(r.max_category_exposure, Money::from_centicents(1500001));
  EXPECT_EQ(r.max_concurrent_positions, 7);
  EXPECT_EQ(r.max_portfolio_exposure, Money::from_centicents(2000000));
  EXPECT_EQ(r.max_portfolio_exposure_share, Decimal::from_scaled(25'000'000));  // 0.25 exactly
  EXPECT_EQ(r.max_drawdown, Money::from_centicents(1500000));
  EXPECT_EQ(r.no_entry_before_close_seconds, 90s);
  EXPECT_EQ(r.max_orders_per_minute, 30);
  EXPECT_EQ(r.max_orders_per_minute_per_strategy, 10);
  EXPECT_EQ(r.duplicate_intent_cooldown_seconds, 5s);
  EXPECT_EQ(r.min_edge_after_fees, Money::zero());
  EXPECT_EQ(r.price_band, Price::of(500));
  EXPECT_EQ(r.max_book_age_seconds, 10s);
  EXPECT_EQ(r.max_feed_age_seconds, 12s);
  EXPECT_FALSE(r.require_exchange_active);
}

TEST_F(ConfigTest, BadRiskValuesNameTheirKeyPaths) {
  file("base.yaml", "");
  file("risk.yaml",
       "risk:\n"
       "  max_portfolio_exposure_share: 1.5\n"  // line 2
       "  max_drawdown: 0\n"                    // line 3
       "  no_entry_before_close_seconds: -1\n"  // line 4
       "  min_edge_after_fees: -0.01\n"         // line 5
       "  price_band: 1.5\n"                    // line 6
       "  require_exchange_active: maybe\n"     // line 7
       "  max_concurrent_positions: 2.5\n"      // line 8
       "  max_book_age_seconds: 1e3\n"          // line 9
       "  max_orders_per_minute: 0\n");         // line 10
  const LoadResult r = load_with();
  ASSERT_FALSE(r.config);
  ASSERT_EQ(r.errors.size(), 9u) << all(r);
  const auto at = [&](std::string_view key) -> std::string {
    const ConfigError* e = error_at(r, key);
    return e == nullptr ? "(none)" : e->to_string();
  };
  const std::string src = source("risk.yaml") + ": risk.";
  EXPECT_EQ(at("risk.max_portfolio_exposure_share"),
            src +
                "max_portfolio_exposure_share: expected a fraction > 0 and <= 1 such as 0.25, "
                "was \"1.5\" (line 2)");
  EXPECT_EQ(at("risk.max_drawdown"), src + "max_drawdown: must be > 0, was 0 (line 3)");
  EXPECT_EQ(at("risk.no_entry_before_close_seconds"),
            src + "no_entry_before_close_seconds: must be > 0, was -1 (line 4)");
  EXPECT_EQ(at("risk.min_edge_after_fees"),
            src + "min_edge_after_fees: must be >= 0.0000, was -0.01 (line 5)");
  EXPECT_THAT(at("risk.price_band"), ::testing::HasSubstr("(line 6)"));
  EXPECT_THAT(at("risk.require_exchange_active"), ::testing::HasSubstr("(line 7)"));
  EXPECT_THAT(at("risk.max_concurrent_positions"), ::testing::HasSubstr("expected an integer"));
  EXPECT_THAT(at("risk.max_book_age_seconds"), ::testing::HasSubstr("expected an integer"));
  EXPECT_EQ(at("risk.max_orders_per_minute"),
            src + "max_orders_per_minute: must be > 0, was 0 (line 10)");
}

TEST_F(ConfigTest, PortfolioShareMustBeAPositiveFraction) {
  file("base.yaml", "");
  for (const char* bad : {"0", "-0.1", "abc", "1.000000001", "0.1.2"}) {
    file("risk.yaml", fmt::format("risk:\n  max_portfolio_exposure_share: \"{}\"\n", bad));
    const LoadResult r = load_with();
    ASSERT_EQ(r.errors.size(), 1u) << bad << "\n" << all(r);
    EXPECT_EQ(r.errors[0].key_path, "risk.max_portfolio_exposure_share") << bad;
  }
  file("risk.yaml", "risk:\n  max_portfolio_exposure_share: 1\n");
  EXPECT_EQ(load_ok().risk.max_portfolio_exposure_share, Decimal::from_integer(1));
}

TEST_F(ConfigTest, RiskKeysCanComeFromTheEnvironment) {
  file("base.yaml", "");
  const AppConfig c = load_ok({{"ANTEVORTA__RISK__MAX_DRAWDOWN", "75.5"},
                               {"ANTEVORTA__RISK__REQUIRE_EXCHANGE_ACTIVE", "false"}});
  EXPECT_EQ(c.risk.max_drawdown, Money::from_centicents(755000));
  EXPECT_FALSE(c.risk.require_exchange_active);
}

TEST(ShippedRiskConfig, SetsEveryLimit) {
  const LoadResult r = antevorta::test::load_shipped_config();
  ASSERT_TRUE(r.config) << (r.errors.empty() ? "" : r.errors[0].to_string());
  const RiskConfig& k = r.config->risk;
  EXPECT_TRUE(k.max_order_count && k.max_order_cost && k.max_position_per_market &&
              k.max_event_exposure && k.max_series_exposure && k.max_category_exposure &&
              k.max_open_orders && k.max_concurrent_positions && k.max_portfolio_exposure &&
              k.max_portfolio_exposure_share && k.daily_loss_limit && k.max_drawdown &&
              k.no_entry_before_close_seconds && k.max_orders_per_minute &&
              k.max_orders_per_minute_per_strategy && k.duplicate_intent_cooldown_seconds &&
              k.min_edge_after_fees && k.price_band && k.max_book_age_seconds &&
              k.max_feed_age_seconds);
  EXPECT_TRUE(k.require_exchange_active);
  const std::string text = summary(*r.config);
  for (const char* key : {"risk.max_portfolio_exposure_share", "risk.max_drawdown",
                          "risk.no_entry_before_close_seconds", "risk.require_exchange_active"}) {
    EXPECT_THAT(text, ::testing::HasSubstr(key));
  }
  EXPECT_THAT(text, ::testing::ContainsRegex("risk.max_book_age_seconds += 10s"));
}

}  // namespace
}  // namespace antevorta::config::testing
