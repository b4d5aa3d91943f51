#include "antevorta/kalshi/book_store.hpp"

#include <algorithm>

namespace antevorta::kalshi {

OrderBook& BookStore::ensure(const MarketTicker& ticker, const PriceGrid& grid) {
  auto it = books_.find(std::string_view(ticker.str()));
  if (it != books_.end()) {
    if (!(it->second->grid() == grid)) it->second->reset_grid(grid);
    return *it->second;
  }
  std::unique_ptr<OrderBook> book;
  if (free_.empty()) {
    book = std::make_unique<OrderBook>(ticker, grid);
  } else {
    book = std::move(free_.back());
    free_.pop_back();
    *book = OrderBook(ticker, grid);
  }
  OrderBook& ref = *book;
  books_.emplace(ticker.str(), std::move(book));
  order_.push_back(&ref);
  return ref;
}

void BookStore::retire(std::string_view ticker) {
  auto it = books_.find(ticker);
  if (it == books_.end()) return;
  std::erase(order_, it->second.get());
  free_.push_back(std::move(it->second));
  books_.erase(it);
}

OrderBook* BookStore::find(std::string_view ticker) noexcept {
  auto it = books_.find(ticker);
  return it == books_.end() ? nullptr : it->second.get();
}

const OrderBook* BookStore::find(std::string_view ticker) const noexcept {
  auto it = books_.find(ticker);
  return it == books_.end() ? nullptr : it->second.get();
}

std::size_t BookStore::fresh_count() const noexcept {
  return static_cast<std::size_t>(
      std::count_if(order_.begin(), order_.end(), [](const OrderBook* b) { return !b->stale(); }));
}

}  // namespace antevorta::kalshi
