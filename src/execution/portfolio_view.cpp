#include "antevorta/execution/portfolio_view.hpp"

namespace antevorta::execution {

PortfolioView::PortfolioView(const Ledger& ledger, const kalshi::BookStore& books,
                             MarketLookup markets, const kalshi::MarketDirectory& directory,
                             const kalshi::ExchangeStatusMonitor& exchange,
                             OpenOrdersSupplier open_orders, FeedLookup feeds)
    : ledger_(ledger),
      books_(books),
      markets_(std::move(markets)),
      directory_(directory),
      exchange_(exchange),
      open_orders_(std::move(open_orders)),
      feeds_(std::move(feeds)) {}

std::optional<risk::PositionInfo> PortfolioView::position(const MarketTicker& ticker) const {
  if (!positions_known_) return std::nullopt;
  const MarketPosition p = ledger_.position(ticker);
  return risk::PositionInfo{p.position, p.position.is_zero() ? Money::zero() : p.cost_basis};
}

std::optional<std::vector<risk::MarketPosition>> PortfolioView::positions() const {
  if (!positions_known_) return std::nullopt;
  std::vector<risk::MarketPosition> out;
  for (const auto& [ticker, p] : ledger_.positions()) {
    if (p.position.is_zero()) continue;
    out.push_back({ticker, risk::PositionInfo{p.position, p.cost_basis}});
  }
  return out;
}

std::optional<risk::OpenOrders> PortfolioView::open_orders() const {
  return open_orders_ ? open_orders_() : std::nullopt;
}

std::optional<risk::MarketInfo> PortfolioView::market(const MarketTicker& ticker) const {
  const kalshi::Market* m = markets_ ? markets_(ticker) : nullptr;
  if (m == nullptr) return std::nullopt;
  const kalshi::Event* event = directory_.event(m->event_ticker);
  if (event == nullptr) return std::nullopt;
  risk::MarketInfo info;
  info.event_ticker = m->event_ticker;
  info.series_ticker = event->series_ticker;
  if (const kalshi::Series* series = directory_.series(event->series_ticker)) {
    info.category = series->category;
  }
  info.close_time = m->close_time;
  info.status = m->status;
  info.mutually_exclusive = event->mutually_exclusive;
  info.fees = directory_.fees(m->event_ticker);
  return info;
}

std::optional<risk::BookTop> PortfolioView::book(const MarketTicker& ticker) const {
  const kalshi::OrderBook* b = books_.find(ticker.str());
  if (b == nullptr) return std::nullopt;
  risk::BookTop top;
  if (const auto bid = b->best_yes_bid()) top.yes_bid = risk::Quote{bid->price, bid->size};
  if (const auto ask = b->best_yes_ask()) top.yes_ask = risk::Quote{ask->price, ask->size};
  top.fresh = !b->stale();
  top.confirmed_at = b->last_update();
  return top;
}

Mark PortfolioView::mark(const MarketTicker& ticker) const {
  Mark m;
  if (const kalshi::OrderBook* b = books_.find(ticker.str()); b != nullptr && !b->stale()) {
    if (const auto bid = b->best_yes_bid()) m.yes_bid = bid->price;
    if (const auto ask = b->best_yes_ask()) m.yes_ask = ask->price;
  }
  return m;
}

std::optional<Money> PortfolioView::equity() const {
  if (!positions_known_) return std::nullopt;
  return ledger_.equity([this](const MarketTicker& t) { return mark(t); });
}

std::optional<bool> PortfolioView::exchange_trading_active(const MarketTicker& ticker) const {
  const kalshi::Market* m = markets_ ? markets_(ticker) : nullptr;
  if (m == nullptr) return std::nullopt;
  // The market's shard, else its event's; a listing that names none predates sharding.
  int shard = 0;
  if (m->exchange_index) {
    shard = *m->exchange_index;
  } else if (const kalshi::Event* e = directory_.event(m->event_ticker); e && e->exchange_index) {
    shard = *e->exchange_index;
  }
  return exchange_.trading_active(shard);
}

std::optional<std::vector<risk::FeedState>> PortfolioView::feeds(
    const strategy::StrategyId& strategy, const MarketTicker& ticker) const {
  if (!feeds_) return std::vector<risk::FeedState>{};
  return feeds_(strategy, ticker);
}

}  // namespace antevorta::execution
