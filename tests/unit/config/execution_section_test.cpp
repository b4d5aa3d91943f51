// The execution section and the per-strategy exits: defaults, every key, ranges at their
// boundaries, the cross-field rules (naming both key paths), all errors at once, and the
// shipped config.
#include <chrono>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/config/loader.hpp"

#include "support/paths.hpp"
#include "support/shipped_config.hpp"
#include "unit/config/config_fixture.hpp"

namespace antevorta::config::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

// The one error at `key_path` as printed, or "(none)".
std::string at(const LoadResult& r, std::string_view key_path) {
  for (const auto& e : r.errors) {
    if (e.key_path == key_path) return e.to_string();
  }
  return "(none)";
}

TEST_F(ConfigTest, ExecutionDefaults) {
  file("base.yaml", "strategies:\n  s: {}\n");
  const AppConfig c = load_ok();
  const ExecutionConfig& e = c.execution;
  EXPECT_EQ(e.client_order_id_prefix, "av1-");
  EXPECT_FALSE(e.order_timeout);
  EXPECT_EQ(e.reconcile_interval, 30s);
  EXPECT_EQ(e.paper_starting_balance, Money::from_centicents(100'000'000));  // $10,000
  EXPECT_EQ(e.ledger_drift_tolerance, Money::from_centicents(500));          // $0.05
  EXPECT_EQ(e.reduce_only_before_close, 60s);
  EXPECT_EQ(e.cancel_all_before_close, 10s);
  EXPECT_FALSE(c.strategies.at("s").exits.any());
}

TEST_F(ConfigTest, EveryExecutionKeyIsRead) {
  file("base.yaml",
       "execution:\n"
       "  client_order_id_prefix: my_bot-2\n"
       "  order_timeout_seconds: 300\n"
       "  reconcile_interval_seconds: 15\n"
       "  paper_starting_balance: \"250.50\"\n"
       "  ledger_drift_tolerance: 0\n"
       "  reduce_only_before_close_seconds: 0\n"
       "  cancel_all_before_close_seconds: 0\n");
  const ExecutionConfig e = load_ok().execution;
  EXPECT_EQ(e.client_order_id_prefix, "my_bot-2");
  EXPECT_EQ(e.order_timeout, 300s);
  EXPECT_EQ(e.reconcile_interval, 15s);
  EXPECT_EQ(e.paper_starting_balance, Money::from_centicents(2'505'000));  // 250.50 × 10^4
  EXPECT_EQ(e.ledger_drift_tolerance, Money::zero());
  EXPECT_EQ(e.reduce_only_before_close, 0s);
  EXPECT_EQ(e.cancel_all_before_close, 0s);
}

TEST_F(ConfigTest, BadExecutionValuesAreAllReportedWithKeyPaths) {
  file("base.yaml",
       "execution:\n"
       "  client_order_id_prefix: \"av 1\"\n"      // line 2
       "  order_timeout_seconds: 0\n"              // line 3
       "  reconcile_interval_seconds: -1\n"        // line 4
       "  paper_starting_balance: -0.0001\n"       // line 5
       "  ledger_drift_tolerance: 0.00001\n"       // line 6: 5 decimals
       "  reduce_only_before_close_seconds: -1\n"  // line 7
       "  cancel_all_before_close_seconds: 1.5\n"  // line 8
       "  order_timout_seconds: 5\n");             // line 9
  const LoadResult r = load_with();
  ASSERT_FALSE(r.config);
  ASSERT_EQ(r.errors.size(), 8u) << all(r);
  const std::string src = source("base.yaml") + ": execution.";
  EXPECT_EQ(at(r, "execution.client_order_id_prefix"),
            src +
                "client_order_id_prefix: must be 1 to 32 characters from A-Z, a-z, 0-9, _ and "
                "-, was \"av 1\" (line 2)");
  EXPECT_EQ(at(r, "execution.order_timeout_seconds"),
            src + "order_timeout_seconds: must be > 0, was 0 (line 3)");
  EXPECT_EQ(at(r, "execution.reconcile_interval_seconds"),
            src + "reconcile_interval_seconds: must be > 0, was -1 (line 4)");
  EXPECT_EQ(at(r, "execution.paper_starting_balance"),
            src + "paper_starting_balance: must be >= 0.0000, was -0.0001 (line 5)");
  EXPECT_THAT(at(r, "execution.ledger_drift_tolerance"), HasSubstr("at most 4 decimal places"));
  EXPECT_EQ(at(r, "execution.reduce_only_before_close_seconds"),
            src + "reduce_only_before_close_seconds: must be >= 0, was -1 (line 7)");
  EXPECT_THAT(at(r, "execution.cancel_all_before_close_seconds"),
              HasSubstr("expected an integer, was \"1.5\" (line 8)"));
  EXPECT_THAT(at(r, "execution.order_timout_seconds"),
              HasSubstr("unknown key; did you mean \"order_timeout_seconds\"?"));
}

TEST_F(ConfigTest, ClientOrderIdPrefixLength) {
  file("base.yaml", "");
  const std::string max(32, 'a');
  EXPECT_EQ(load_ok({{"ANTEVORTA__EXECUTION__CLIENT_ORDER_ID_PREFIX", max}})
                .execution.client_order_id_prefix,
            max);
  for (const std::string& bad :
       {std::string(33, 'a'), std::string("\"\""), std::string("a.b"), std::string("é")}) {
    const LoadResult r = load_with({{"ANTEVORTA__EXECUTION__CLIENT_ORDER_ID_PREFIX", bad}});
    ASSERT_EQ(r.errors.size(), 1u) << bad << "\n" << all(r);
    EXPECT_EQ(r.errors[0].key_path, "execution.client_order_id_prefix") << bad;
  }
}

TEST_F(ConfigTest, CancelAllMayNotComeBeforeReduceOnly) {
  // Equal is allowed: entries stop and resting orders are cancelled at the same moment.
  file("base.yaml",
       "execution:\n  reduce_only_before_close_seconds: 30\n"
       "  cancel_all_before_close_seconds: 30\n");
  EXPECT_EQ(load_ok().execution.cancel_all_before_close, 30s);

  file("base.yaml",
       "execution:\n  reduce_only_before_close_seconds: 30\n"
       "  cancel_all_before_close_seconds: 31\n");  // line 3
  LoadResult r = load_with();
  ASSERT_EQ(r.errors.size(), 1u) << all(r);
  EXPECT_EQ(r.errors[0].to_string(),
            source("base.yaml") +
                ": execution.cancel_all_before_close_seconds: must not exceed "
                "execution.reduce_only_before_close_seconds (30s): resting orders are cancelled "
                "after entries stop, not before; was 31s (line 3)");

  // Only reduce_only written (below the default cancel_all of 10 s): reported where it was set.
  file("base.yaml", "execution:\n  reduce_only_before_close_seconds: 5\n");  // line 2
  r = load_with();
  ASSERT_EQ(r.errors.size(), 1u) << all(r);
  EXPECT_EQ(r.errors[0].to_string(),
            source("base.yaml") +
                ": execution.reduce_only_before_close_seconds: must be at least "
                "execution.cancel_all_before_close_seconds (10s): resting orders are cancelled "
                "after entries stop, not before; was 5s (line 2)");
}

TEST_F(ConfigTest, EveryExitKeyIsRead) {
  file("base.yaml", "");
  file("strategies/s.yaml",
       "strategies:\n  s:\n    params: {x: 1}\n    exits:\n"
       "      take_profit: 0.10\n"
       "      stop_loss: \"0.1550\"\n"
       "      edge_evaporated: 0\n"
       "      max_holding_seconds: 600\n"
       "      flatten_before_close_seconds: 120\n");
  const AppConfig c = load_ok();
  const StrategyConfig& s = c.strategies.at("s");
  EXPECT_EQ(s.exits.take_profit, Price::of(1000));
  EXPECT_EQ(s.exits.stop_loss, Price::of(1550));
  EXPECT_EQ(s.exits.edge_evaporated, Price::zero());
  EXPECT_EQ(s.exits.max_holding, 600s);
  EXPECT_EQ(s.exits.flatten_before_close, 120s);
  EXPECT_TRUE(s.exits.any());
  // The plugin's params are untouched by the exits beside them.
  ASSERT_EQ(s.params.entries.size(), 1u);
  EXPECT_EQ(s.params.entries[0].key, "x");
}

TEST_F(ConfigTest, ExitRangesAtTheirBoundaries) {
  file("base.yaml", "strategies:\n  s: {}\n");
  const auto one = [&](const char* key, const char* value) {
    return load_with({{fmt::format("ANTEVORTA__STRATEGIES__S__EXITS__{}", key), value}});
  };
  // take_profit and stop_loss: 0 < x <= 1.
  for (const char* key : {"TAKE_PROFIT", "STOP_LOSS"}) {
    EXPECT_TRUE(one(key, "1").config) << key;
    EXPECT_TRUE(one(key, "0.0001").config) << key;
    EXPECT_EQ(one(key, "0").errors.size(), 1u) << key;
    EXPECT_EQ(one(key, "1.0001").errors.size(), 1u) << key;
  }
  const LoadResult over = one("TAKE_PROFIT", "1.0001");
  ASSERT_EQ(over.errors.size(), 1u);
  EXPECT_EQ(over.errors[0].key_path, "strategies.s.exits.take_profit");
  EXPECT_THAT(over.errors[0].message,
              HasSubstr("must be at most 1.0000 (dollars per contract), was 1.0001"));
  EXPECT_EQ(at(one("STOP_LOSS", "0"), "strategies.s.exits.stop_loss"),
            "environment ANTEVORTA__STRATEGIES__S__EXITS__STOP_LOSS: "
            "strategies.s.exits.stop_loss: must be > 0, was 0");
  // edge_evaporated: 0 <= x <= 1.
  EXPECT_EQ(one("EDGE_EVAPORATED", "0").config->strategies.at("s").exits.edge_evaporated,
            Price::zero());
  EXPECT_EQ(one("EDGE_EVAPORATED", "-0.0001").errors.size(), 1u);
  EXPECT_EQ(one("EDGE_EVAPORATED", "1.5").errors.size(), 1u);
  // Seconds: integers > 0.
  EXPECT_EQ(one("MAX_HOLDING_SECONDS", "1").config->strategies.at("s").exits.max_holding, 1s);
  EXPECT_EQ(one("MAX_HOLDING_SECONDS", "0").errors.size(), 1u);
  EXPECT_EQ(one("MAX_HOLDING_SECONDS", "2.5").errors.size(), 1u);
}

TEST_F(ConfigTest, FlattenMustComeBeforeCancelAll) {
  file("base.yaml", "execution:\n  cancel_all_before_close_seconds: 20\n");
  // 21 s > 20 s: the exit falls in the reduce-only window, where exits are still sent.
  file("strategies/s.yaml",
       "strategies:\n  s:\n    exits:\n      flatten_before_close_seconds: 21\n");
  EXPECT_EQ(load_ok().strategies.at("s").exits.flatten_before_close, 21s);

  file("strategies/s.yaml",
       "strategies:\n  s:\n    exits:\n      flatten_before_close_seconds: 20\n");  // line 4
  const LoadResult r = load_with();
  ASSERT_EQ(r.errors.size(), 1u) << all(r);
  EXPECT_EQ(r.errors[0].to_string(),
            source("strategies/s.yaml") +
                ": strategies.s.exits.flatten_before_close_seconds: must be greater than "
                "execution.cancel_all_before_close_seconds (20s): no order is placed that near "
                "the close, so the exit could never be sent; was 20s (line 4)");
}

TEST_F(ConfigTest, BadExitsAreReportedWithEverythingElse) {
  file("base.yaml", "execution:\n  reconcile_interval_seconds: 0\n");
  file("strategies/a.yaml",
       "strategies:\n  a:\n    exits:\n"
       "      take_profit: abc\n"                                              // line 4
       "      stop_los: 0.1\n");                                               // line 5
  file("strategies/b.yaml", "strategies:\n  b:\n    exits: [take_profit]\n");  // line 3
  const LoadResult r = load_with();
  ASSERT_EQ(r.errors.size(), 4u) << all(r);
  EXPECT_THAT(at(r, "execution.reconcile_interval_seconds"), HasSubstr("must be > 0"));
  EXPECT_EQ(at(r, "strategies.a.exits.take_profit"),
            source("strategies/a.yaml") +
                ": strategies.a.exits.take_profit: expected an amount in dollars, was \"abc\" "
                "(line 4)");
  EXPECT_EQ(at(r, "strategies.a.exits.stop_los"),
            source("strategies/a.yaml") +
                ": strategies.a.exits.stop_los: unknown key; did you mean \"stop_loss\"? (line 5)");
  EXPECT_THAT(at(r, "strategies.b.exits"), HasSubstr("expected a mapping, was a list (line 3)"));
}

TEST_F(ConfigTest, SummaryShowsExecutionAndExits) {
  file("base.yaml",
       "execution:\n  order_timeout_seconds: 45\n"
       "strategies:\n  s:\n    exits: {stop_loss: 0.2, max_holding_seconds: 90}\n  t: {}\n");
  const std::string s = summary(load_ok());
  EXPECT_THAT(s,
              ::testing::ContainsRegex("execution.order_timeout_seconds += 45s +\\[.*base.yaml"));
  EXPECT_THAT(s, ::testing::ContainsRegex("execution.cancel_all_before_close_seconds += 10s +"
                                          "\\[default\\]"));
  EXPECT_THAT(s, ::testing::ContainsRegex("execution.paper_starting_balance += 10000.0000"));
  EXPECT_THAT(s, HasSubstr("exits: stop_loss=0.2000 max_holding_seconds=90s"));
  EXPECT_THAT(s, HasSubstr("exits: (none)"));
}

TEST(ShippedExecutionConfig, MatchesTheDocumentedDefaults) {
  const LoadResult r = antevorta::test::load_shipped_config();
  ASSERT_TRUE(r.config) << (r.errors.empty() ? "" : r.errors[0].to_string());
  const ExecutionConfig& e = r.config->execution;
  const ExecutionConfig defaults;
  EXPECT_EQ(e.client_order_id_prefix, defaults.client_order_id_prefix);
  EXPECT_EQ(e.order_timeout, defaults.order_timeout);
  EXPECT_EQ(e.reconcile_interval, defaults.reconcile_interval);
  EXPECT_EQ(e.paper_starting_balance, defaults.paper_starting_balance);
  EXPECT_EQ(e.ledger_drift_tolerance, defaults.ledger_drift_tolerance);
  EXPECT_EQ(e.reduce_only_before_close, defaults.reduce_only_before_close);
  EXPECT_EQ(e.cancel_all_before_close, defaults.cancel_all_before_close);
  // threshold_taker documents exits as a commented example only.
  EXPECT_FALSE(r.config->strategies.at("threshold_taker").exits.any());
}

}  // namespace
}  // namespace antevorta::config::testing
