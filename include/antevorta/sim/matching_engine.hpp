// The matching engine of one market: a single YES-price book of V2 orders (API-NOTES §5.4).
//
// Book. Bid orders buy YES at p, ask orders sell YES at p (= buy NO at 1 - p). Each side is
// a flat array indexed by grid level (kalshi::PriceGrid); a level is a FIFO queue. Matching
// is price-time: an incoming bid at p takes asks priced <= p, lowest first, at the resting
// order's price; an incoming ask takes bids >= p, highest first.
//
// Orders. Validation (every failure is a RejectReason and changes nothing):
//   price tradable on the grid (0 < p < 1); 0 < count <= kMaxContracts; expiration only
//   with GTC and strictly after `now`; post_only only with GTC and rejected when it would
//   take (post_only_cross); client_order_id unique among the owner's resting orders in
//   this market (the exchange core checks it exchange-wide and for all time); reduce_only
//   caps the count at the owner's position (given by the caller: + YES, - NO) and is
//   rejected when there is nothing to reduce (the cap applies at entry only: a resting
//   reduce-only order is not re-capped when the position changes); fill_or_kill is checked
//   against the crossable volume before the book is touched (fok_insufficient_volume).
// Time in force: GTC rests the remainder, IOC cancels it (ioc_unfilled), FOK fills all.
// Self-trade prevention, when the next resting order to match is the taker's own:
//   taker_at_cross stops the incoming order there (earlier fills stand, the remainder is
//   cancelled, self_trade_prevented); maker cancels the resting order and keeps matching.
// A resting order whose expiration has passed is cancelled (expired) when matching reaches
// it, so a late expire() call never lets an expired order trade.
//
// Modifications keep Kalshi's queue rules: decrease keeps the queue position; amend keeps it
// only when the price is unchanged and the size does not grow, otherwise the order goes to
// the back of its (new) level, and an amended price that crosses matches as a taker.
//
// Results: every operation returns every consequence as plain structs (types.hpp): fills,
// public trades, order updates, and book changes in Kalshi's published form. Only resting
// orders are kept; final states (executed, canceled) are reported in the updates and then
// forgotten.
//
// Errors: expected outcomes are values (Expected / RejectReason); broken invariants assert.
// Threading: not thread-safe; one owner. The IdGenerator must outlive the engine.
#pragma once

#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>
#include <vector>

#include "antevorta/core/expected.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/kalshi/price_grid.hpp"
#include "antevorta/sim/id_generator.hpp"
#include "antevorta/sim/types.hpp"

namespace antevorta::sim {

// Decrease: exactly one of "reduce the remaining count by" or "reduce it to".
struct ReduceBy {
  Count amount;
};
struct ReduceTo {
  Count remaining;
};
using DecreaseRequest = std::variant<ReduceBy, ReduceTo>;

struct AmendRequest {
  Price price;        // new YES price
  Count total_count;  // new total: already filled + desired remaining
  std::optional<ClientOrderId> new_client_order_id;
};

class MatchingEngine {
 public:
  // The largest order size accepted (contracts): keeps every money product far from overflow.
  static constexpr std::int64_t kMaxContracts = 100'000'000;

  MatchingEngine(MarketTicker ticker, kalshi::PriceGrid grid, IdGenerator& ids);
  MatchingEngine(const MatchingEngine&) = delete;
  MatchingEngine& operator=(const MatchingEngine&) = delete;

  const MarketTicker& ticker() const noexcept { return ticker_; }
  const kalshi::PriceGrid& grid() const noexcept { return grid_; }

  // Validates a request as submit() would, without changing anything; on success returns the
  // effective count (the reduce-only cap applied).
  Expected<Count, RejectReason> check(const AccountId& owner, const OrderRequest& request,
                                      Count position, Timestamp now) const;
  // The fills submit() would make for `request` with `count` (check()'s effective count), in
  // order, without changing anything.
  std::vector<PreviewFill> preview(const AccountId& owner, const OrderRequest& request, Count count,
                                   Timestamp now) const;
  Expected<EngineResult, RejectReason> submit(const AccountId& owner, const OrderRequest& request,
                                              Count position, Timestamp now);

  Expected<EngineResult, RejectReason> cancel(const OrderId& id, Timestamp now,
                                              UpdateReason reason = UpdateReason::canceled_by_user);
  // Reducing to zero (or by at least the remaining count) cancels the order.
  Expected<EngineResult, RejectReason> decrease(const OrderId& id, const DecreaseRequest& request,
                                                Timestamp now);
  Expected<EngineResult, RejectReason> amend(const OrderId& id, const AmendRequest& request,
                                             Timestamp now);
  // Cancels every resting order whose expiration is at or before `now`.
  EngineResult expire(Timestamp now);
  // Cancels every resting order (market close, determination).
  EngineResult cancel_all(UpdateReason reason, Timestamp now);
  // Cancels the resting orders placed with cancel_order_on_pause.
  EngineResult cancel_on_pause(Timestamp now);

  // Queries (resting orders only).
  const Order* find(const OrderId& id) const noexcept;
  const Order* find(const AccountId& owner, const ClientOrderId& client_order_id) const noexcept;
  // The owner's resting orders, by side, price and then time priority.
  std::vector<Order> resting_orders(const AccountId& owner) const;
  std::size_t resting_count() const noexcept { return orders_.size(); }
  // The resting size ahead of the order at its price (Kalshi queue_position_fp).
  std::optional<Count> queue_position(const OrderId& id) const noexcept;
  // Kalshi's REST orderbook legs, ascending prices: YES bids (bid orders) and NO bids (ask
  // orders at the NO price 1 - p).
  std::vector<kalshi::BookLevel> yes_bids() const;
  std::vector<kalshi::BookLevel> no_bids() const;
  // Best YES bid and best YES ask with their sizes.
  std::optional<kalshi::BookLevel> best_bid() const noexcept;
  std::optional<kalshi::BookLevel> best_ask() const noexcept;
  // Resting size at an exact YES price on one side.
  Count size_at(BookSide side, Price price) const noexcept;

 private:
  struct Level {
    std::list<Order*> queue;
    std::int64_t total = 0;  // centi-contracts
  };
  struct Entry {
    Order order;
    std::uint32_t level = 0;
    std::list<Order*>::iterator position;
  };
  static constexpr std::int64_t kNone = -1;

  std::vector<Level>& levels(BookSide side) noexcept {
    return side == BookSide::bid ? bids_ : asks_;
  }
  const std::vector<Level>& levels(BookSide side) const noexcept {
    return side == BookSide::bid ? bids_ : asks_;
  }
  std::int64_t best_level(BookSide side) const noexcept {
    return side == BookSide::bid ? best_bid_ : best_ask_;
  }
  // True when a resting order at `level` on the opposite side of `taker` is crossable.
  static bool crosses(BookSide taker, std::uint32_t taker_level, std::uint32_t level) noexcept {
    return taker == BookSide::bid ? level <= taker_level : level >= taker_level;
  }
  static std::string client_key(const AccountId& owner, const ClientOrderId& id);

  std::uint32_t level_of(Price p) const noexcept;  // p on the grid (asserted)
  bool would_take(BookSide side, Price price) const noexcept;

  // Book maintenance. insert() appends at the back of the order's level.
  void insert(Order order, EngineResult& out);
  // Takes a resting order out of the book (book change reported, no order update).
  Order detach(const OrderId& id, EngineResult& out);
  // Removes a resting order, reporting the final state; returns the removed remainder.
  Count remove(const OrderId& id, OrderStatus status, UpdateReason reason, Timestamp now,
               EngineResult& out);
  // Cancels, in book order, every resting order `pred` selects.
  template <class Pred>
  EngineResult cancel_where(Pred pred, UpdateReason reason, Timestamp now);
  void change_remaining(Entry& entry, Count new_remaining, EngineResult& out);
  void refresh_best(BookSide side) noexcept;
  void add_book_change(const Order& order, Count delta, EngineResult& out) const;

  // Matches `taker` (not in the book) against the opposite side; fills the result and
  // reports whether the order was stopped by self-trade prevention.
  bool match(Order& taker, Timestamp now, EngineResult& out);
  // After matching: rests, cancels or executes the taker and reports its final state.
  void finish_taker(Order taker, bool stp_stopped, UpdateReason rest_reason, Timestamp now,
                    EngineResult& out);

  MarketTicker ticker_;
  kalshi::PriceGrid grid_;
  IdGenerator& ids_;
  std::vector<Level> bids_;
  std::vector<Level> asks_;
  std::int64_t best_bid_ = kNone;  // highest occupied bid level
  std::int64_t best_ask_ = kNone;  // lowest occupied ask level
  std::unordered_map<OrderId, Entry> orders_;
  std::unordered_map<std::string, OrderId> by_client_id_;
};

}  // namespace antevorta::sim
