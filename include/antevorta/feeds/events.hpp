// The price-feed layer's bus events: what the exchange feeds, Kalshi's CF Benchmarks channel,
// the aggregated index and the settlement engine tell the rest of the daemon.
//
//   PriceTick            — one price observation from an exchange feed (Coinbase, Binance,
//                          Kraken): a trade, or a best bid/ask quote. Published by the feed
//                          clients (feed_client.hpp), consumed by the index aggregator.
//   ReferenceTick        — one CF Benchmarks index tick from Kalshi's `cfbenchmarks_value`
//                          channel, with its 60-second averages: the authoritative index.
//   FeedStateChanged     — a feed connection went up, down or stale (the watchdog).
//   IndexUpdated         — the aggregated index of one asset changed value or status.
//                          Strategies trade on it; "unavailable" stops them.
//   SettlementProgress   — the settlement engine's view of one open 15-minute market.
//   SettlementChecked    — after a market's result is known: our computed outcome vs Kalshi's.
//
// Assets are upper-case names ("BTC", "SOL"); the source configuration maps each venue
// symbol (BTC-USD, BTCUSDT, BTC/USD) to one. Prices are exact Decimals read from the
// wire text, never through double.
//
// Errors: none (plain data). Threading: values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/decimal.hpp"
#include "antevorta/core/ids.hpp"

namespace antevorta::feeds {

enum class Venue : std::uint8_t { coinbase, binance, kraken, cfbenchmarks };
std::string_view to_string(Venue venue) noexcept;

enum class TickKind : std::uint8_t {
  trade,  // an execution: price is the trade price
  quote,  // a best bid/offer update: price is the mid of bid and ask
};
std::string_view to_string(TickKind kind) noexcept;

struct PriceTick {
  std::string source;  // the configured source name ("coinbase", "binance", …)
  Venue venue = Venue::coinbase;
  std::string asset;  // "BTC"
  TickKind kind = TickKind::trade;
  Decimal price;               // trade price, or (bid + ask) / 2 for a quote
  std::optional<Decimal> bid;  // quotes (and tickers that carry them)
  std::optional<Decimal> ask;
  Timestamp exchange_time{};  // the venue's own time when it sent one, else received_at
  Timestamp received_at{};    // ingress time from the clock
};

// A CF Benchmarks index tick as Kalshi relays it (API-NOTES §6.3 cfbenchmarks_value).
struct ReferenceTick {
  std::string index_id;     // "BRTI", "SOLUSD_RTI"
  std::string asset;        // "BTC", mapped by configuration
  Decimal value;            // the upstream tick's value
  Timestamp index_time{};   // the upstream tick's time
  Timestamp received_at{};  // ingress time
  Decimal avg_60s;          // trailing 60-second average
  // The final-minute accumulator of the quarter-hour that closes next, present only during
  // its last minute: the window (close − 60 s, close], `count` ticks so far.
  struct FinalMinute {
    Decimal value;
    std::int64_t count = 0;
    Timestamp window_end{};  // the quarter-hour close (window_end_ts_exclusive)
  };
  std::optional<FinalMinute> final_minute;
};

enum class FeedState : std::uint8_t {
  connecting,  // not connected yet, or reconnecting after a failure (see detail)
  live,        // connected, subscribed, data arriving
  stale,       // connected but no data within the staleness limit
  down,        // stopped, or given up
};
std::string_view to_string(FeedState state) noexcept;

struct FeedStateChanged {
  std::string source;
  FeedState state = FeedState::connecting;
  std::string detail;  // why (an error text, "no data for 10s"), never a secret
  Timestamp at{};
};

enum class IndexStatus : std::uint8_t {
  ok,
  unavailable,  // nothing to trade on: see IndexUnavailableReason
};
std::string_view to_string(IndexStatus status) noexcept;

enum class IndexUnavailableReason : std::uint8_t {
  none,
  too_few_sources,  // fewer fresh sources than min_sources (and no fresh reference)
  divergent,        // fresh sources disagree by more than max_divergence_bps
};
std::string_view to_string(IndexUnavailableReason reason) noexcept;

enum class IndexBasis : std::uint8_t {
  reference,  // Kalshi's cfbenchmarks_value tick (authoritative)
  median,     // the median of the fresh exchange sources
};
std::string_view to_string(IndexBasis basis) noexcept;

struct IndexUpdated {
  std::string asset;
  IndexStatus status = IndexStatus::unavailable;
  IndexUnavailableReason reason = IndexUnavailableReason::too_few_sources;
  IndexBasis basis = IndexBasis::median;
  Decimal value;                     // meaningful when status == ok
  std::optional<Decimal> median;     // the exchange median, when at least one source is fresh
  std::optional<Decimal> reference;  // the fresh reference value, when there is one
  int fresh_sources = 0;             // exchange sources inside the freshness limit
  std::int64_t spread_bps = 0;       // (max − min) / median of the fresh sources, in basis points
  Timestamp at{};                    // the time of the observation that caused the update
};

// The settlement engine's running view of one open 15-minute market (API-NOTES §10.1):
// YES when the simple average of the index over (close − 60 s, close] is ≥ the target.
struct SettlementProgress {
  MarketTicker ticker;
  std::string asset;
  Decimal target;  // floor_strike
  Timestamp close_time{};
  Decimal index;             // the latest index value
  Duration time_to_close{};  // close_time − now (zero or negative once closed)
  // In the final minute: the average of the one-second samples so far and how many.
  std::optional<Decimal> running_average;
  int samples = 0;
  bool implied_yes = false;  // what would settle now: running average (or index) ≥ target
  Timestamp at{};
};

// A market's result compared with our own computation.
struct SettlementChecked {
  MarketTicker ticker;
  std::string asset;
  std::optional<Decimal> computed_average;  // none when we had no samples in the window
  bool computed_yes = false;
  bool kalshi_yes = false;
  bool agree = false;
  int samples = 0;
  Timestamp at{};
};

}  // namespace antevorta::feeds
