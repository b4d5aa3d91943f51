// The order books the daemon keeps, one per watched market, keyed by ticker.
//
// Book objects are never destroyed or moved while the store lives, so an OrderBook* handed
// out (e.g. in a BookUpdated event) always points at a valid book. retire() removes a
// market's book (its market closed): the object goes to a free list and ensure() reuses it
// for the next new market, which keeps memory bounded by the number of books followed at
// once (15-minute markets come and go all day). Consequently a pointer kept past the event
// that carried it may later show another market: check ticker(), or look the book up again.
// Lookups by std::string_view do not allocate (the hot path looks up the ticker of every
// delta).
// Threading: one owner (the io_context thread).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/kalshi/price_grid.hpp"

namespace antevorta::kalshi {

class BookStore {
 public:
  // The book of `ticker`, created on first use. A known book whose grid differs is reset to
  // the new grid (and is stale until its next snapshot).
  OrderBook& ensure(const MarketTicker& ticker, const PriceGrid& grid);

  // Forgets `ticker`'s book (no-op when unknown); its object is reused by a later ensure().
  void retire(std::string_view ticker);

  OrderBook* find(std::string_view ticker) noexcept;
  const OrderBook* find(std::string_view ticker) const noexcept;

  std::size_t size() const noexcept { return books_.size(); }
  std::size_t fresh_count() const noexcept;
  // Every book, in creation order.
  const std::vector<OrderBook*>& all() const noexcept { return order_; }

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_map<std::string, std::unique_ptr<OrderBook>, Hash, std::equal_to<>> books_;
  std::vector<OrderBook*> order_;
  std::vector<std::unique_ptr<OrderBook>> free_;
};

}  // namespace antevorta::kalshi
