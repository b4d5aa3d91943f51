// read_index_config: every key, defaults, every error at once with its key path, and the
// shipped config/sources/index.yaml.
#include "antevorta/feeds/index_config.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/config/loader.hpp"

#include "support/paths.hpp"
#include "unit/feeds_index/test_support.hpp"

namespace antevorta::feeds::testing {
namespace {

using namespace std::chrono_literals;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<std::string> key_paths(const std::vector<config::ConfigError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.key_path);
  return out;
}

TEST(IndexConfig, ReadsEveryKey) {
  const auto c = read_index_config(source_from_yaml(R"(
assets:
  BTC: {reference: BRTI, series: [KXBTC15M, KXBTCD]}
  SOL: {series: [KXSOL15M]}
min_sources: 3
max_divergence_bps: 25
stale_after_seconds: 7
use_reference: false
reference_stale_after_seconds: 2
)"));
  ASSERT_TRUE(c.has_value()) << key_paths(c.error()).size();
  ASSERT_EQ(c->assets.size(), 2u);
  EXPECT_EQ(c->assets[0].asset, "BTC");
  EXPECT_EQ(c->assets[0].reference, "BRTI");
  EXPECT_THAT(c->assets[0].series, ElementsAre(SeriesTicker("KXBTC15M"), SeriesTicker("KXBTCD")));
  EXPECT_EQ(c->assets[1].asset, "SOL");
  EXPECT_EQ(c->assets[1].reference, "");
  EXPECT_EQ(c->min_sources, 3);
  EXPECT_EQ(c->max_divergence_bps, 25);
  EXPECT_EQ(c->stale_after, 7s);
  EXPECT_FALSE(c->use_reference);
  EXPECT_EQ(c->reference_stale_after, 2s);
  // Lookups.
  EXPECT_EQ(c->asset_for_series("KXBTCD"), &c->assets[0]);
  EXPECT_EQ(c->asset_for_series("KXSOL15M"), &c->assets[1]);
  EXPECT_EQ(c->asset_for_series("KXETH15M"), nullptr);
  EXPECT_EQ(c->asset_for_reference("BRTI"), &c->assets[0]);
  EXPECT_EQ(c->asset_for_reference(""), nullptr);  // SOL has no reference: never matched
  EXPECT_EQ(c->asset_for_tick("", "BRTI"), &c->assets[0]);
  EXPECT_EQ(c->asset_for_tick("SOL", "BRTI"), &c->assets[1]);  // the name wins
}

TEST(IndexConfig, OptionalKeysHaveTheirDefaults) {
  const auto c = read_index_config(source_from_yaml("assets: {BTC: {reference: BRTI}}\n"));
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->min_sources, 2);
  EXPECT_EQ(c->max_divergence_bps, 50);
  EXPECT_EQ(c->stale_after, 5s);
  EXPECT_TRUE(c->use_reference);
  EXPECT_EQ(c->reference_stale_after, 5s);
  EXPECT_THAT(c->assets[0].series, IsEmpty());
}

TEST(IndexConfig, ReportsEveryErrorAtOnceWithItsKeyPath) {
  const auto c = read_index_config(source_from_yaml(R"(
assets:
  btc: {reference: BRTI}
  BTC: {reference: BRTI, series: [KXBTC15M], colour: red}
  SOL: {reference: BRTI, series: [KXBTC15M, "bad series"]}
min_sources: 0
max_divergence_bps: -5
stale_after_seconds: 1.5
use_reference: maybe
reference_stale_after_seconds: 0
min_source: 2
)"));
  ASSERT_FALSE(c.has_value());
  EXPECT_THAT(
      key_paths(c.error()),
      UnorderedElementsAre(
          "sources.index.params.assets.btc", "sources.index.params.assets.BTC.colour",
          "sources.index.params.assets.SOL.series[0]", "sources.index.params.assets.SOL.series[1]",
          "sources.index.params.assets.SOL.reference", "sources.index.params.min_sources",
          "sources.index.params.max_divergence_bps", "sources.index.params.stale_after_seconds",
          "sources.index.params.use_reference",
          "sources.index.params.reference_stale_after_seconds", "sources.index.params.min_source"));
  std::string all;
  for (const auto& e : c.error()) all += e.to_string() + "\n";
  EXPECT_THAT(all, HasSubstr("series KXBTC15M is configured twice"));
  EXPECT_THAT(all, HasSubstr("reference BRTI already belongs to asset BTC"));
  EXPECT_THAT(all, HasSubstr("must be between 1 and 100, was 0"));
  EXPECT_THAT(all, HasSubstr("must be > 0, was -5"));
}

TEST(IndexConfig, AssetsAreRequiredAndNotEmpty) {
  const auto missing = read_index_config(source_from_yaml("min_sources: 2\n"));
  ASSERT_FALSE(missing.has_value());
  EXPECT_THAT(key_paths(missing.error()), ElementsAre("sources.index.params.assets"));
  const auto empty = read_index_config(source_from_yaml("assets: {}\n"));
  ASSERT_FALSE(empty.has_value());
  EXPECT_THAT(key_paths(empty.error()), ElementsAre("sources.index.params.assets"));
}

TEST(IndexConfig, ShippedFileIsValidAndMapsBtcAndSol) {
  config::LoadOptions options;
  options.config_dir = test::source_dir() / "config";
  options.dotenv_path.clear();
  const config::LoadResult loaded = config::load(options);
  ASSERT_THAT(loaded.errors, IsEmpty());
  const auto c = read_index_config(loaded.config->sources.at("index"));
  ASSERT_TRUE(c.has_value());
  ASSERT_EQ(c->assets.size(), 2u);
  EXPECT_EQ(c->asset_for_series("KXBTC15M")->reference, "BRTI");
  EXPECT_EQ(c->asset_for_series("KXSOL15M")->reference, "SOLUSD_RTI");
  EXPECT_EQ(c->min_sources, 2);
  EXPECT_EQ(c->max_divergence_bps, 50);
  EXPECT_EQ(c->stale_after, 5s);
  EXPECT_TRUE(c->use_reference);
  EXPECT_EQ(c->reference_stale_after, 5s);
}

}  // namespace
}  // namespace antevorta::feeds::testing
