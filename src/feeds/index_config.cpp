#include "antevorta/feeds/index_config.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "antevorta/config/reader.hpp"

namespace antevorta::feeds {

namespace {

bool valid_asset_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

bool valid_id(std::string_view text) {
  return !text.empty() && std::none_of(text.begin(), text.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
  });
}

// Whole seconds > 0 into `out`; false when absent or invalid (reported).
bool read_seconds(config::Reader& r, std::string_view key, Duration& out) {
  std::int64_t seconds = 0;
  if (!r.read(key, seconds)) return false;
  if (!r.check_positive(key, seconds)) return false;
  out = std::chrono::seconds(seconds);
  return true;
}

void read_asset(config::Reader& assets, const std::string& name, IndexConfig& out) {
  if (!valid_asset_name(name)) {
    assets.error(name, "asset names use upper-case letters and digits only (\"BTC\")");
    return;
  }
  config::Reader r = assets.child(name);
  AssetIndexConfig asset;
  asset.asset = name;
  if (r.read("reference", asset.reference) && !valid_id(asset.reference)) {
    r.error("reference", "must be a CF Benchmarks index id without spaces (\"BRTI\")");
  }
  std::vector<std::string> series;
  r.read("series", series);
  for (std::size_t i = 0; i < series.size(); ++i) {
    const std::string key = fmt::format("series[{}]", i);
    if (!valid_id(series[i])) {
      r.error(key, "must be a series ticker without spaces (\"KXBTC15M\")");
    } else if (out.asset_for_series(series[i]) != nullptr ||
               std::any_of(asset.series.begin(), asset.series.end(),
                           [&](const SeriesTicker& s) { return s.str() == series[i]; })) {
      r.error(key, fmt::format("series {} is configured twice; a series settles against one "
                               "asset",
                               series[i]));
    } else {
      asset.series.emplace_back(series[i]);
    }
  }
  if (!asset.reference.empty() && out.asset_for_reference(asset.reference) != nullptr) {
    r.error("reference", fmt::format("reference {} already belongs to asset {}", asset.reference,
                                     out.asset_for_reference(asset.reference)->asset));
  }
  r.finish();
  out.assets.push_back(std::move(asset));
}

}  // namespace

const AssetIndexConfig* IndexConfig::asset(std::string_view name) const noexcept {
  for (const auto& a : assets) {
    if (a.asset == name) return &a;
  }
  return nullptr;
}

const AssetIndexConfig* IndexConfig::asset_for_series(std::string_view series) const noexcept {
  for (const auto& a : assets) {
    for (const auto& s : a.series) {
      if (s.str() == series) return &a;
    }
  }
  return nullptr;
}

const AssetIndexConfig* IndexConfig::asset_for_reference(std::string_view index_id) const noexcept {
  if (index_id.empty()) return nullptr;
  for (const auto& a : assets) {
    if (a.reference == index_id) return &a;
  }
  return nullptr;
}

const AssetIndexConfig* IndexConfig::asset_for_tick(std::string_view name,
                                                    std::string_view index_id) const noexcept {
  return name.empty() ? asset_for_reference(index_id) : asset(name);
}

Expected<IndexConfig, std::vector<config::ConfigError>> read_index_config(
    const config::SourceConfig& source) {
  std::vector<config::ConfigError> errors;
  config::Reader r(&source.params, fmt::format("sources.{}.params", source.name), errors);
  IndexConfig c;

  if (!r.has("assets")) {
    r.error("assets", "is required: a mapping of asset → {reference, series}");
  } else {
    if (const config::Node* node = r.find("assets"); node->is_mapping() && node->entries.empty()) {
      r.error("assets", "needs at least one asset");
    }
    config::Reader assets = r.child("assets");
    const auto names = assets.keys();
    for (const auto& name : names) read_asset(assets, name, c);
    assets.finish();
  }

  std::int64_t min_sources = c.min_sources;
  if (r.read("min_sources", min_sources) &&
      r.check_between("min_sources", min_sources, std::int64_t{1}, std::int64_t{100})) {
    c.min_sources = static_cast<int>(min_sources);
  }
  std::int64_t bps = c.max_divergence_bps;
  if (r.read("max_divergence_bps", bps) && r.check_positive("max_divergence_bps", bps)) {
    c.max_divergence_bps = bps;
  }
  read_seconds(r, "stale_after_seconds", c.stale_after);
  r.read("use_reference", c.use_reference);
  read_seconds(r, "reference_stale_after_seconds", c.reference_stale_after);
  r.finish();

  if (!errors.empty()) return unexpected(std::move(errors));
  return c;
}

}  // namespace antevorta::feeds
