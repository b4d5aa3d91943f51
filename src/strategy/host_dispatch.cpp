// Bus events → strategy handlers: subscriptions, the follow filter and its cache.
#include <algorithm>

#include "host_state.hpp"

namespace antevorta::strategy {

using detail::Entry;

void StrategyHost::State::subscribe() {
  subscriptions.push_back(bus.subscribe<kalshi::BookUpdated>([this](const kalshi::BookUpdated& e) {
    if (e.book == nullptr) return;
    exclusive([this, book = e.book, at = e.at] { deliver_book(*book, at); });
  }));
  subscriptions.push_back(bus.subscribe<kalshi::MarketChanged>(
      [this](const kalshi::MarketChanged& e) { exclusive([this, e] { deliver_market(e); }); }));
  subscriptions.push_back(bus.subscribe<StrategyOrderUpdate>(
      [this](const StrategyOrderUpdate& e) { exclusive([this, e] { deliver_order(e); }); }));
  subscriptions.push_back(bus.subscribe<StrategyFill>(
      [this](const StrategyFill& e) { exclusive([this, e] { deliver_fill(e); }); }));
  subscriptions.push_back(bus.subscribe<feeds::IndexUpdated>(
      [this](const feeds::IndexUpdated& e) { exclusive([this, e] { deliver_index(e); }); }));
  subscriptions.push_back(
      bus.subscribe<feeds::SettlementProgress>([this](const feeds::SettlementProgress& e) {
        exclusive([this, e] { deliver_settlement(e); });
      }));
}

bool StrategyHost::State::follows(const Entry& e, std::string_view ticker,
                                  std::string_view series) const {
  const auto& c = e.config;
  return std::any_of(c.markets.begin(), c.markets.end(),
                     [&](const MarketTicker& m) { return m.str() == ticker; }) ||
         std::any_of(c.series.begin(), c.series.end(),
                     [&](const SeriesTicker& s) { return s.str() == series; });
}

const std::vector<std::uint32_t>& StrategyHost::State::followers_of(std::string_view ticker,
                                                                    const kalshi::Market* market,
                                                                    bool refresh) {
  auto it = followers.find(ticker);
  if (it != followers.end() && !refresh) return it->second;
  if (market == nullptr) market = services.market(MarketTicker(ticker));
  const std::string_view series = kalshi::series_of(ticker, market);
  std::vector<std::uint32_t> indices;
  for (std::uint32_t i = 0; i < entries.size(); ++i) {
    if (follows(*entries[i], ticker, series)) indices.push_back(i);
  }
  if (it == followers.end()) {
    it = followers.emplace(std::string(ticker), std::move(indices)).first;
  } else {
    it->second = std::move(indices);
  }
  return it->second;
}

void StrategyHost::State::deliver_book(const kalshi::OrderBook& book, Timestamp at) {
  for (const std::uint32_t i : followers_of(book.ticker().str(), nullptr, false)) {
    invoke(*entries[i], [&](Strategy& s) { s.on_book(book, at); });
  }
}

void StrategyHost::State::deliver_market(const kalshi::MarketChanged& change) {
  const kalshi::Market* market = change.market ? &*change.market : nullptr;
  // A copy: a strategy's handler never changes the cache, but settled erases it below.
  const std::vector<std::uint32_t> indices = followers_of(change.ticker.str(), market, true);
  for (const std::uint32_t i : indices) {
    invoke(*entries[i], [&](Strategy& s) { s.on_market(change); });
  }
  if (change.change == kalshi::MarketChange::settled) {
    const auto it = followers.find(change.ticker.str());
    if (it != followers.end()) followers.erase(it);
  }
}

void StrategyHost::State::deliver_order(const StrategyOrderUpdate& update) {
  if (Entry* e = find(update.order.strategy.str())) {
    invoke(*e, [&](Strategy& s) { s.on_order(update); });
  }
}

void StrategyHost::State::deliver_fill(const StrategyFill& fill) {
  if (Entry* e = find(fill.strategy.str())) {
    invoke(*e, [&](Strategy& s) { s.on_fill(fill); });
  }
}

void StrategyHost::State::deliver_index(const feeds::IndexUpdated& update) {
  for (auto& e : entries) {
    invoke(*e, [&](Strategy& s) { s.on_index(update); });
  }
}

void StrategyHost::State::deliver_settlement(const feeds::SettlementProgress& progress) {
  for (const std::uint32_t i : followers_of(progress.ticker.str(), nullptr, false)) {
    invoke(*entries[i], [&](Strategy& s) { s.on_settlement(progress); });
  }
}

}  // namespace antevorta::strategy
