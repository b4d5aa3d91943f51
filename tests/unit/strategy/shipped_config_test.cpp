// The repository's config/ loads, and every strategy it configures can be created.
#include "support/shipped_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/config/loader.hpp"
#include "antevorta/strategy/crypto_taker.hpp"
#include "antevorta/strategy/registry.hpp"
#include "antevorta/strategy/threshold_taker.hpp"

#include "support/paths.hpp"

namespace antevorta::strategy {
namespace {

using ::testing::IsEmpty;

TEST(ShippedConfig, EveryConfiguredStrategyIsCreated) {
  const config::LoadResult loaded = test::load_shipped_config();
  ASSERT_THAT(test::error_texts(loaded), IsEmpty());

  const CreateResult created =
      builtin_registry().create_all(loaded.config->strategies, &loaded.config->tree);
  std::vector<std::string> errors;
  for (const auto& e : created.errors) errors.push_back(e.to_string());
  EXPECT_THAT(errors, IsEmpty());

  // threshold_taker ships disabled, with a price well inside (0, 1).
  const auto& c = loaded.config->strategies.at("threshold_taker");
  EXPECT_FALSE(c.enabled);
  ASSERT_EQ(created.strategies.size(), loaded.config->strategies.size());
  const auto by_name = [&](std::string_view name) -> const Strategy* {
    for (const auto& s : created.strategies) {
      if (s.config.name == name) return s.strategy.get();
    }
    return nullptr;
  };
  const auto* taker = dynamic_cast<const ThresholdTaker*>(by_name("threshold_taker"));
  ASSERT_NE(taker, nullptr);
  // The crypto strategies ship disabled too, with their default models.
  for (const char* name : {"crypto_digital", "momentum_baseline", "mean_reversion"}) {
    EXPECT_FALSE(loaded.config->strategies.at(name).enabled) << name;
    EXPECT_NE(by_name(name), nullptr) << name;
  }
  const auto* digital = dynamic_cast<const CryptoTaker*>(by_name("crypto_digital"));
  ASSERT_NE(digital, nullptr);
  EXPECT_EQ(digital->model().name(), "ewma_digital");
  const auto* momentum = dynamic_cast<const CryptoTaker*>(by_name("momentum_baseline"));
  ASSERT_NE(momentum, nullptr);
  EXPECT_EQ(momentum->model().name(), "momentum_sigmoid");
  EXPECT_EQ(taker->params().max_price, *Price::parse("0.40"));
  EXPECT_EQ(taker->params().side, kalshi::OutcomeSide::yes);
}

}  // namespace
}  // namespace antevorta::strategy
