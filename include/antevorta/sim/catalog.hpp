// What the simulated exchange lists: series, events and markets with the metadata Kalshi's
// REST and lifecycle messages carry (API-NOTES §4.1, §4.4, §10.1), and the seed that fills
// it: a few generic markets plus rolling 15-minute crypto windows that behave like KXBTC15M
// and KXSOL15M (shard 2, tapered_deci_cent grid, quadratic fees, settlement timer 1 s,
// tickers named by the window's close time in US Eastern time).
//
// Trading state (the books, orders, balances, and whether a market accepts orders) lives in
// the ExchangeCore; the catalog is the descriptive side and the lifecycle schedule.
// Threading: one owner.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/decimal.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/kalshi/price_grid.hpp"

namespace antevorta::sim {

struct SimSeries {
  SeriesTicker ticker;
  std::string title;
  std::string category;
  std::string frequency;
  kalshi::FeeType fee_type = kalshi::FeeType::quadratic;
  kalshi::FeeMultiplier fee_multiplier = kalshi::FeeMultiplier::one();
  int exchange_index = 0;
};

struct SimEvent {
  EventTicker ticker;
  SeriesTicker series;
  std::string title;
  std::string sub_title;
  bool mutually_exclusive = false;
  std::string collateral_return_type;  // "MECNET" for mutually exclusive events, else ""
  int exchange_index = 0;
  Timestamp strike_date{};
};

struct SimMarket {
  MarketTicker ticker;
  EventTicker event;
  SeriesTicker series;
  std::string title;
  std::string yes_sub_title;
  std::string no_sub_title;
  std::string rules_primary;
  std::string rules_secondary;
  Timestamp created_time{};
  Timestamp updated_time{};
  Timestamp open_time{};
  Timestamp close_time{};
  std::int64_t settlement_timer_seconds = 60;
  kalshi::MarketStatus status = kalshi::MarketStatus::initialized;
  std::optional<kalshi::MarketResult> result;
  std::optional<Price> settlement_value;
  std::optional<Timestamp> determination_time;
  std::optional<Timestamp> settlement_time;
  kalshi::StrikeType strike_type = kalshi::StrikeType::greater_or_equal;
  std::optional<Decimal> floor_strike;
  std::optional<Decimal> cap_strike;
  std::string price_level_structure;
  kalshi::PriceGrid grid = kalshi::PriceGrid::linear_cent();
  int exchange_index = 0;
  bool can_close_early = false;
  // The simulator's hidden "true" probability of YES, driving the liquidity providers and
  // (except for crypto windows) the result draw at close.
  double fair_value = 0.5;
  // Crypto windows: the index they settle on ("BRTI"; empty for other markets), the model's
  // digital value while open (fair_value is it plus the liquidity providers' mispricing),
  // and after close the settlement average as text with 8 decimals (REST expiration_value).
  std::string index_id;
  std::optional<double> digital_value;
  std::string expiration_value;
  Count volume;
  std::optional<Price> last_price;
};

struct CryptoSeriesSpec {
  SeriesTicker series;                         // "KXBTC15M"
  std::string asset_name;                      // "BTC"
  std::string index_name;                      // "BRTI"
  Decimal start_price;                         // the simulated index level at start
  int strike_decimals = 2;                     // target rounding (and the index's decimals)
  Duration window = std::chrono::minutes(15);  // closes at multiples of it since the epoch
  double vol_scale = 1.0;                      // the index's volatility relative to BTC's
};

class Catalog {
 public:
  // The default listing: generic markets and the KXBTC15M / KXSOL15M windows around `now`
  // (windows of `crypto_window`, 15 minutes like Kalshi's).
  static Catalog seeded(Timestamp now, std::uint64_t seed,
                        Duration crypto_window = std::chrono::minutes(15));

  SimSeries& add_series(SimSeries series);
  SimEvent& add_event(SimEvent event);
  SimMarket& add_market(SimMarket market);

  const SimSeries* series(const SeriesTicker& ticker) const;
  const SimEvent* event(const EventTicker& ticker) const;
  SimMarket* market(const MarketTicker& ticker);
  const SimMarket* market(const MarketTicker& ticker) const;

  const std::map<SeriesTicker, SimSeries>& all_series() const noexcept { return series_; }
  const std::map<EventTicker, SimEvent>& all_events() const noexcept { return events_; }
  // Markets in listing order (creation order), for stable pagination.
  const std::vector<MarketTicker>& market_order() const noexcept { return order_; }
  std::vector<const SimMarket*> markets_of(const EventTicker& event) const;

  // Adds the windows of `spec` whose close is within (now, now + horizon], creating their
  // events; returns the tickers added. Windows close at multiples of spec.window since the
  // epoch (the quarter hours for 15 minutes). A window already open at `now` gets `strike`
  // as its target (rounded to strike_decimals; none: TBD); later ones are "Target Price:
  // TBD" without floor_strike until they open.
  std::vector<MarketTicker> add_crypto_windows(const CryptoSeriesSpec& spec, Timestamp now,
                                               Duration horizon, std::optional<Decimal> strike);
  const std::vector<CryptoSeriesSpec>& crypto_specs() const noexcept { return crypto_; }

  // The fee schedule of a market (series fee, no event overrides in the simulator).
  kalshi::FeeSchedule fee_schedule(const SimMarket& market) const;

 private:
  std::map<SeriesTicker, SimSeries> series_;
  std::map<EventTicker, SimEvent> events_;
  std::map<MarketTicker, SimMarket> markets_;
  std::vector<MarketTicker> order_;
  std::vector<CryptoSeriesSpec> crypto_;
};

// "Target Price: $80,019.40" (thousands separators, `decimals` places), or "Target Price:
// TBD" without a target.
std::string target_sub_title(const std::optional<Decimal>& target, int decimals);

// US Eastern wall-clock offset from UTC at `t` (-4 h in daylight time, else -5 h), by the
// US rule: second Sunday of March 2:00 to first Sunday of November 2:00 local time.
std::chrono::hours eastern_utc_offset(Timestamp t) noexcept;
// "26NOV211915" for a close at 19:15 ET on 2026-11-21 (YYMONDDHHMM), as in KXBTC15M tickers.
std::string eastern_ticker_stamp(Timestamp t);

}  // namespace antevorta::sim
