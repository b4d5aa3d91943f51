// Configuration of the aggregated index and the settlement engine: source `index`,
// `sources.index.params` (config/sources/index.yaml documents every key).
//
//   assets:                        required, at least one; names upper-case letters/digits
//     BTC: {reference: BRTI, series: [KXBTC15M]}
//   min_sources: 2                 fresh exchange sources needed for a median index (>= 1)
//   max_divergence_bps: 50         fresh sources further apart than this → unavailable (> 0)
//   stale_after_seconds: 5         an exchange source's last tick older than this is stale (> 0)
//   use_reference: true            Kalshi's cfbenchmarks_value is the index when fresh
//   reference_stale_after_seconds: 5
//
// `reference` (the CF Benchmarks index id) is optional: without it the asset's index is the
// exchange median only and its series settle against that. A series or a reference may
// belong to one asset only.
//
// Errors: read_index_config() reports every problem at once, each with its key path
// ("sources.index.params.assets.BTC.series[0]"), and calls finish() on every mapping it
// reads (unknown keys are errors). Threading: pure.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/config/config.hpp"
#include "antevorta/config/error.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/core/expected.hpp"
#include "antevorta/core/ids.hpp"

namespace antevorta::feeds {

inline constexpr std::string_view kIndexSourceName = "index";

struct AssetIndexConfig {
  std::string asset;      // "BTC"
  std::string reference;  // CF Benchmarks index id ("BRTI"); empty: none
  std::vector<SeriesTicker> series;
};

struct IndexConfig {
  std::vector<AssetIndexConfig> assets;  // in document order
  int min_sources = 2;
  std::int64_t max_divergence_bps = 50;
  Duration stale_after = std::chrono::seconds(5);
  bool use_reference = true;
  Duration reference_stale_after = std::chrono::seconds(5);

  // nullptr when not configured.
  const AssetIndexConfig* asset(std::string_view name) const noexcept;
  const AssetIndexConfig* asset_for_series(std::string_view series) const noexcept;
  const AssetIndexConfig* asset_for_reference(std::string_view index_id) const noexcept;
  // A ReferenceTick's asset: by name when it has one, else by its index id.
  const AssetIndexConfig* asset_for_tick(std::string_view asset,
                                         std::string_view index_id) const noexcept;
};

Expected<IndexConfig, std::vector<config::ConfigError>> read_index_config(
    const config::SourceConfig& source);

}  // namespace antevorta::feeds
