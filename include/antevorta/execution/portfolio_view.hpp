// PortfolioView: the risk manager's view of the world (risk::RiskView) over the daemon's own
// state — the ledger (positions, cost, cash), the live books, the followed markets with
// their events and series, the exchange's per-shard status, and the open orders.
//
// Fail closed: positions, the position list and equity are unknown (nullopt) until
// set_positions_known(true), i.e. until the first reconciliation with the exchange has
// made the ledger trustworthy; the risk manager then denies with unknown_input. A market
// is unknown until the scanner follows it and the directory knows its event (fees may still
// be unknown: MarketInfo::fees is nullopt then). Open orders come from a supplier (the
// order tracker), which may itself answer unknown. The feeds an intent depends on come from
// a FeedLookup (the daemon's price index); without one no intent depends on a feed.
//
// Valuation for equity: a position is marked at the bid it could be sold into (ledger
// Mark = the book's best YES bid and ask); a market without a book counts as value zero.
// Threading: io_context thread; every query is synchronous and allocates little.
#pragma once

#include <functional>
#include <map>
#include <optional>

#include "antevorta/execution/ledger.hpp"
#include "antevorta/kalshi/book_store.hpp"
#include "antevorta/kalshi/exchange_status.hpp"
#include "antevorta/kalshi/market_directory.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/risk/view.hpp"

namespace antevorta::execution {

class PortfolioView final : public risk::RiskView {
 public:
  using MarketLookup = std::function<const kalshi::Market*(const MarketTicker&)>;
  using OpenOrdersSupplier = std::function<std::optional<risk::OpenOrders>()>;
  // RiskView::feeds, answered outside execution (see there).
  using FeedLookup = std::function<std::optional<std::vector<risk::FeedState>>(
      const strategy::StrategyId&, const MarketTicker&)>;

  PortfolioView(const Ledger& ledger, const kalshi::BookStore& books, MarketLookup markets,
                const kalshi::MarketDirectory& directory,
                const kalshi::ExchangeStatusMonitor& exchange, OpenOrdersSupplier open_orders,
                FeedLookup feeds = {});

  void set_positions_known(bool known) noexcept { positions_known_ = known; }
  bool positions_known() const noexcept { return positions_known_; }

  std::optional<risk::PositionInfo> position(const MarketTicker& ticker) const override;
  std::optional<std::vector<risk::MarketPosition>> positions() const override;
  std::optional<risk::OpenOrders> open_orders() const override;
  std::optional<risk::MarketInfo> market(const MarketTicker& ticker) const override;
  std::optional<risk::BookTop> book(const MarketTicker& ticker) const override;
  std::optional<Money> equity() const override;
  std::optional<bool> exchange_trading_active(const MarketTicker& ticker) const override;
  std::optional<std::vector<risk::FeedState>> feeds(const strategy::StrategyId& strategy,
                                                    const MarketTicker& ticker) const override;

  // The ledger's mark for a market from its live book (empty when there is no book).
  Mark mark(const MarketTicker& ticker) const;

 private:
  const Ledger& ledger_;
  const kalshi::BookStore& books_;
  MarketLookup markets_;
  const kalshi::MarketDirectory& directory_;
  const kalshi::ExchangeStatusMonitor& exchange_;
  OpenOrdersSupplier open_orders_;
  FeedLookup feeds_;
  bool positions_known_ = false;
};

}  // namespace antevorta::execution
