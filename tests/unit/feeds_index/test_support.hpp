// Helpers for the feeds_index tests: decimals from text, a YAML-built SourceConfig, a config
// with BTC (BRTI, KXBTC15M) and SOL (SOLUSD_RTI, KXSOL15M), ticks and markets.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/config/config.hpp"
#include "antevorta/config/tree.hpp"
#include "antevorta/core/decimal.hpp"
#include "antevorta/feeds/events.hpp"
#include "antevorta/feeds/index_config.hpp"
#include "antevorta/kalshi/market_scanner.hpp"

namespace antevorta {
// gtest prints Decimals as their text.
inline void PrintTo(Decimal d, std::ostream* os) { *os << d.to_string(); }
}  // namespace antevorta

namespace antevorta::feeds::testing {

inline Decimal D(std::string_view text) {
  auto d = Decimal::parse(text);
  EXPECT_TRUE(d.has_value()) << text;
  return d ? *d : Decimal{};
}

inline config::SourceConfig source_from_yaml(std::string_view params_yaml) {
  std::vector<config::ConfigError> errors;
  config::SourceConfig s;
  s.name = "index";
  s.params = config::parse_yaml(params_yaml, "index.yaml", errors);
  EXPECT_TRUE(errors.empty());
  return s;
}

inline IndexConfig two_assets() {
  IndexConfig c;
  c.assets.push_back({"BTC", "BRTI", {SeriesTicker("KXBTC15M")}});
  c.assets.push_back({"SOL", "SOLUSD_RTI", {SeriesTicker("KXSOL15M")}});
  return c;
}

inline PriceTick price_tick(std::string source, std::string asset, std::string_view price,
                            Timestamp at) {
  PriceTick t;
  t.source = std::move(source);
  t.asset = std::move(asset);
  t.kind = TickKind::trade;
  t.price = D(price);
  t.exchange_time = at;
  t.received_at = at;
  return t;
}

inline ReferenceTick reference_tick(std::string asset, std::string_view value, Timestamp at) {
  ReferenceTick t;
  t.index_id = asset == "BTC" ? "BRTI" : "SOLUSD_RTI";
  t.asset = std::move(asset);
  t.value = D(value);
  t.index_time = at;
  t.received_at = at;
  t.avg_60s = t.value;
  return t;
}

inline kalshi::MarketChanged market_event(kalshi::MarketChange change, std::string ticker,
                                          std::optional<Timestamp> close,
                                          std::optional<std::string_view> floor_strike,
                                          std::optional<kalshi::MarketResult> result,
                                          Timestamp at) {
  kalshi::MarketChanged e;
  e.change = change;
  e.ticker = MarketTicker(ticker);
  e.at = at;
  kalshi::Market m;
  m.ticker = e.ticker;
  m.event_ticker = EventTicker(ticker.substr(0, ticker.rfind('-')));
  m.close_time = close;
  if (floor_strike) m.floor_strike = D(*floor_strike);
  m.result = result;
  e.market = std::move(m);
  return e;
}

}  // namespace antevorta::feeds::testing
