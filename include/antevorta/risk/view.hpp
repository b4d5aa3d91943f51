// RiskView: what the risk manager may ask about the world, read-only. The execution layer
// implements it over its ledger, book store and market catalog; tests use an in-memory fake.
//
// Every query returns std::optional: nullopt means "unknown" (not loaded yet, out of sync,
// being reconciled), never "zero". A rule that needs an unknown input denies the intent with
// DenyReason::unknown_input and names the missing input. "Known and empty" is a value:
// a flat market is a PositionInfo of zero, no open orders is an empty OpenOrders.
//
// Signs: positions are signed YES-equivalent counts (+ YES contracts, − NO contracts), as
// Kalshi's `position_fp`. Money at risk (`exposure`) is never negative.
//
// Errors: none (values). Threading: called on the io_context thread, synchronously from
// RiskManager::evaluate; an implementation must not block.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::risk {

// One market's holding.
struct PositionInfo {
  Count position;  // signed: + YES, − NO
  // Money at risk: what the position cost, i.e. what it loses if it settles against it
  // (Kalshi `market_exposure_dollars`). Zero when flat.
  Money exposure;
};

struct MarketPosition {
  MarketTicker ticker;
  PositionInfo info;
};

// One market's resting orders, split by the way they move the position.
struct RestingOrders {
  std::int64_t orders = 0;
  Count towards_yes;       // remaining size of resting buy-YES / sell-NO orders
  Count towards_no;        // remaining size of resting buy-NO / sell-YES orders
  Money towards_yes_cost;  // what the towards_yes orders spend if filled: Σ YES price × size
  Money towards_no_cost;   // Σ NO price × size
};

struct OpenOrders {
  std::int64_t total = 0;                           // resting orders in all markets
  std::map<MarketTicker, RestingOrders> by_market;  // markets with at least one
};

// What the rules need to know about a market (from the market, its event and its series).
struct MarketInfo {
  EventTicker event_ticker;
  SeriesTicker series_ticker;
  std::string category;  // the series' category ("Crypto"); empty when the series has none
  std::optional<Timestamp> close_time;
  kalshi::MarketStatus status = kalshi::MarketStatus::unknown;
  bool mutually_exclusive = false;          // the event's markets are exclusive outcomes
  std::optional<kalshi::FeeSchedule> fees;  // effective schedule; nullopt = unknown
};

struct Quote {
  Price price;  // YES terms
  Count size;
};

// The top of a market's book in YES terms.
struct BookTop {
  std::optional<Quote> yes_bid;  // nullopt: no bids
  std::optional<Quote> yes_ask;  // nullopt: no asks (no NO bids)
  bool fresh = false;            // false while the book is known to be out of sync (gap, …)
  // The last time the book was confirmed current: a snapshot, a delta, or a liveness signal
  // of its connection (a quiet market is not a stale one).
  Timestamp confirmed_at{};
};

// A price feed a strategy relies on, with its last update (nullopt: never updated).
struct FeedState {
  std::string name;
  std::optional<Timestamp> updated_at;
};

class RiskView {
 public:
  virtual ~RiskView() = default;

  virtual std::optional<PositionInfo> position(const MarketTicker& ticker) const = 0;
  // Every market with a non-zero position.
  virtual std::optional<std::vector<MarketPosition>> positions() const = 0;
  virtual std::optional<OpenOrders> open_orders() const = 0;
  virtual std::optional<MarketInfo> market(const MarketTicker& ticker) const = 0;
  virtual std::optional<BookTop> book(const MarketTicker& ticker) const = 0;
  // Cash plus positions marked at liquidation value.
  virtual std::optional<Money> equity() const = 0;
  // Whether the exchange trades now on the market's shard (`trading_active`): false during
  // the weekly maintenance pause or an exchange pause.
  virtual std::optional<bool> exchange_trading_active(const MarketTicker& ticker) const = 0;
  // The feeds an intent of `strategy` on `ticker` depends on (for a strategy trading on the
  // price index: the index of the market's asset); empty when it uses none, nullopt when
  // they cannot be told (a market of no configured asset).
  virtual std::optional<std::vector<FeedState>> feeds(const strategy::StrategyId& strategy,
                                                      const MarketTicker& ticker) const = 0;
};

}  // namespace antevorta::risk
