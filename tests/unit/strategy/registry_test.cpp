// StrategyRegistry: creation from configuration, and every error with its key path.
#include "antevorta/strategy/registry.hpp"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/strategy/threshold_taker.hpp"

#include "unit/strategy/strategy_test_support.hpp"

namespace antevorta::strategy::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// What the loader does for strategies/*.yaml, enough for the registry: the merged tree and
// one StrategyConfig per entry with its params subtree.
struct Loaded {
  config::Node tree;
  std::map<std::string, config::StrategyConfig> strategies;
};

Loaded load(const std::string& yaml) {
  std::vector<config::ConfigError> errors;
  Loaded out;
  out.tree = config::parse_yaml(yaml, "strategies/s.yaml", errors);
  EXPECT_THAT(errors, IsEmpty());
  for (const auto& entry : out.tree.find("strategies")->entries) {
    config::StrategyConfig c;
    c.name = entry.key;
    if (const auto* enabled = entry.value.find("enabled")) c.enabled = enabled->text == "true";
    if (const auto* series = entry.value.find("series")) {
      for (const auto& item : series->items) c.series.emplace_back(item.text);
    }
    if (const auto* params = entry.value.find("params")) c.params = *params;
    out.strategies.emplace(c.name, std::move(c));
  }
  return out;
}

std::vector<std::string> messages(const std::vector<config::ConfigError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.to_string());
  return out;
}

TEST(Registry, BuiltinsAreRegistered) {
  const StrategyRegistry r = builtin_registry();
  EXPECT_THAT(r.names(), ElementsAre("crypto_digital", "mean_reversion", "momentum_baseline",
                                     "threshold_taker"));
  EXPECT_TRUE(r.contains("threshold_taker"));
  EXPECT_FALSE(r.contains("threshold"));
}

TEST(Registry, CreatesEveryConfiguredStrategyEnabledOrNot) {
  const Loaded l = load(
      "strategies:\n"
      "  threshold_taker:\n"
      "    enabled: false\n"
      "    series: [KXBTC15M]\n"
      "    params:\n"
      "      max_price: 0.40\n"
      "      count: 2\n"
      "      side: no\n"
      "      cooldown_seconds: 0\n");
  const CreateResult result = builtin_registry().create_all(l.strategies, &l.tree);
  EXPECT_THAT(messages(result.errors), IsEmpty());
  ASSERT_EQ(result.strategies.size(), 1u);
  const CreatedStrategy& created = result.strategies[0];
  EXPECT_EQ(created.config.name, "threshold_taker");
  EXPECT_FALSE(created.config.enabled);
  EXPECT_EQ(created.strategy->name(), StrategyId("threshold_taker"));
  const auto* taker = dynamic_cast<const ThresholdTaker*>(created.strategy.get());
  ASSERT_NE(taker, nullptr);
  EXPECT_EQ(taker->params().max_price, P("0.40"));
  EXPECT_EQ(taker->params().count, C("2"));
  EXPECT_EQ(taker->params().side, kalshi::OutcomeSide::no);
  EXPECT_EQ(taker->params().cooldown, std::chrono::seconds(0));
}

TEST(Registry, UnknownNameIsAnErrorNamingTheKnownOnes) {
  const Loaded l = load(
      "strategies:\n"
      "  momentum:\n"
      "    enabled: true\n"
      "    params:\n"
      "      window: 3\n");
  const CreateResult result = builtin_registry().create_all(l.strategies, &l.tree);
  EXPECT_TRUE(result.strategies.empty());
  EXPECT_THAT(messages(result.errors),
              ElementsAre("strategies/s.yaml: strategies.momentum: unknown strategy "
                          "\"momentum\"; known strategies: crypto_digital, mean_reversion, "
                          "momentum_baseline, threshold_taker (line 2)"));
}

TEST(Registry, ManualIsReserved) {
  config::StrategyConfig c;
  c.name = "manual";
  const auto created = builtin_registry().create(c);
  ASSERT_FALSE(created);
  EXPECT_THAT(messages(created.error()),
              ElementsAre("defaults: strategies.manual: the name \"manual\" is reserved for "
                          "the operator's orders"));
}

TEST(Registry, BadParamsAreReportedWithTheirKeyPathsAllAtOnce) {
  const Loaded l = load(
      "strategies:\n"
      "  threshold_taker:\n"
      "    params:\n"
      "      max_price: 1\n"          // line 4: at the top of the range, not < 1
      "      count: 0\n"              // line 5
      "      side: maybe\n"           // line 6
      "      cooldown_seconds: -1\n"  // line 7
      "      max_prise: 0.3\n");      // line 8: a typo
  const CreateResult result = builtin_registry().create_all(l.strategies, &l.tree);
  EXPECT_TRUE(result.strategies.empty());
  EXPECT_THAT(
      messages(result.errors),
      ElementsAre(
          "strategies/s.yaml: strategies.threshold_taker.params.max_price: must be > 0 and < "
          "1, was 1.0000 (line 4)",
          "strategies/s.yaml: strategies.threshold_taker.params.count: must be > 0, was 0 "
          "(line 5)",
          "strategies/s.yaml: strategies.threshold_taker.params.side: must be one of yes, no; "
          "was \"maybe\" (line 6)",
          "strategies/s.yaml: strategies.threshold_taker.params.cooldown_seconds: must be >= "
          "0, was -1 (line 7)",
          "strategies/s.yaml: strategies.threshold_taker.params.max_prise: unknown key; did "
          "you mean \"max_price\"? (line 8)"));
}

TEST(Registry, UnknownParamKeyAloneFailsCreation) {
  const Loaded l = load(
      "strategies:\n"
      "  threshold_taker:\n"
      "    params:\n"
      "      max_price: 0.40\n"
      "      count: 1\n"
      "      colour: red\n");
  const CreateResult result = builtin_registry().create_all(l.strategies, &l.tree);
  EXPECT_TRUE(result.strategies.empty());
  EXPECT_THAT(messages(result.errors),
              ElementsAre("strategies/s.yaml: strategies.threshold_taker.params.colour: "
                          "unknown key (line 6)"));
}

TEST(Registry, MissingRequiredParamsPointAtTheStrategy) {
  const Loaded l = load(
      "strategies:\n"
      "  threshold_taker:\n"
      "    enabled: false\n");
  const CreateResult result = builtin_registry().create_all(l.strategies, &l.tree);
  EXPECT_THAT(messages(result.errors),
              ElementsAre("strategies/s.yaml: strategies.threshold_taker.params.max_price: is "
                          "required (dollars, e.g. 0.40) (line 2)",
                          "strategies/s.yaml: strategies.threshold_taker.params.count: is "
                          "required (contracts, e.g. 1) (line 2)"));
}

TEST(Registry, ErrorsOfSeveralStrategiesComeTogether) {
  const Loaded l = load(
      "strategies:\n"
      "  nope:\n"
      "    enabled: true\n"
      "  threshold_taker:\n"
      "    params:\n"
      "      max_price: 0.40\n");
  const CreateResult result = builtin_registry().create_all(l.strategies, &l.tree);
  EXPECT_FALSE(result.ok());
  ASSERT_EQ(result.errors.size(), 2u);
  EXPECT_EQ(result.errors[0].key_path, "strategies.nope");
  EXPECT_EQ(result.errors[1].key_path, "strategies.threshold_taker.params.count");
}

TEST(Registry, AFactoryThatDeclinesSilentlyIsStillAnError) {
  StrategyRegistry r;
  r.register_factory("shy", [](const config::StrategyConfig&, config::Reader&) {
    return std::unique_ptr<Strategy>{};
  });
  config::StrategyConfig c;
  c.name = "shy";
  const auto created = r.create(c);
  ASSERT_FALSE(created);
  EXPECT_THAT(messages(created.error()),
              ElementsAre("defaults: strategies.shy: the strategy could not be created"));
}

class PlainStrategy final : public Strategy {
 public:
  using Strategy::Strategy;
};

TEST(Registry, CustomFactoryReadsItsParamsThroughTheReader) {
  StrategyRegistry r;
  std::int64_t seen = 0;
  r.register_factory("custom", [&seen](const config::StrategyConfig& c, config::Reader& params) {
    EXPECT_EQ(params.path(), "strategies.custom.params");
    params.read("window", seen);
    return std::unique_ptr<Strategy>(std::make_unique<PlainStrategy>(StrategyId(c.name)));
  });
  EXPECT_THAT(r.names(), ElementsAre("custom"));
  const Loaded l = load(
      "strategies:\n"
      "  custom:\n"
      "    params:\n"
      "      window: 7\n");
  const auto created = r.create(l.strategies.at("custom"), &l.tree);
  ASSERT_TRUE(created);
  EXPECT_EQ(seen, 7);
  EXPECT_EQ(created.value()->name(), StrategyId("custom"));
}

}  // namespace
}  // namespace antevorta::strategy::testing
