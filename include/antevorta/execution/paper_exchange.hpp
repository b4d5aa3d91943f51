// PaperExchange: execution_mode `paper`. Orders never leave the process; they fill against
// the book the daemon observes (kalshi::OrderBook snapshots and deltas, public trades),
// with queue position, never at a mid. Pure: no I/O, time comes in as arguments.
//
// Entry (submit). The request is the V2 create request live execution would send. The
// crossing part runs through the simulator's matching engine (sim::MatchingEngine, the
// same code that runs the simulated exchange): a throw-away engine is loaded with the
// observed opposite levels that cross the limit (each level's *available* size, one crowd
// order per level) and with our own resting paper orders on that side at their queue
// places, and the paper order is submitted to it. So validation (grid, count, TIF,
// post-only, expiration, reduce-only against the caller's position), price-time walking
// at the levels' prices never beyond the limit, IOC (rest cancelled), FOK (all or
// nothing) and self-trade prevention against our own paper orders are the exchange
// simulator's rules, not a second copy. A GTC remainder rests as a paper order. Post-only
// is checked against the *visible* book (consumed liquidity still exists at the exchange).
// A market without a fresh book refuses orders (book_stale): fills against a book known
// to be wrong would be fiction.
//
// Consumed liquidity. Contracts a paper order took stay taken: per observed level
// (side, price) the consumed size is remembered and only `visible − consumed` is available
// to later paper orders and crossings. When the level shrinks, the shrink is taken from
// the unconsumed part first (consumed = min(consumed, visible)); growth is fresh size;
// an emptied level forgets its consumption. A snapshot does not reset it (the exchange
// never saw our paper trades): consumption is only clamped to the new sizes.
//
// Resting paper orders. A resting order joins the back of its level: queue_ahead = the
// visible size at its price on its side when it rests. Then:
//  - Size added to its level is behind it. A decrease without a trade is a cancel and is
//    assumed to come from behind it (conservative): queue_ahead only drops when the level
//    becomes smaller than queue_ahead (then queue_ahead = the level's size, once no trade
//    can still claim the decrease: see the pairing below).
//  - A public trade at its price whose taker is on the other side consumes the queue from
//    the front: the order fills by what the trade leaves after its queue_ahead (and after
//    any paper orders ahead of it at that level, and any paper orders at better prices,
//    which the trade would have met first); queue_ahead drops by the trade's count.
//  - A public trade *through* its price (a seller's trade below our bid, a buyer's above
//    our ask) means the level was swept: the order fills up to the trade's count (better
//    priced paper orders first) at its own price, and its queue ahead is gone.
//  - Observed liquidity at or through its price on the other side (the book crossing it)
//    fills it at its own price up to that liquidity's available size, which is then
//    consumed. Only on a fresh book.
//  Trades and their book deltas arrive on different channels, in either order. A trade
//  at the order's price is matched with the level decreases seen within
//  Options::pairing_window before it (the decrease was the trade's, not a cancel), and a
//  trade seen first makes the next decreases of that much count as the trade's; so a trade
//  is never counted twice. Unmatched decreases expire after the window and then count as
//  cancels. A snapshot clears both (it is the truth).
//  Every fill of a resting order is a maker fill at the order's own price.
//
// Fees: kalshi::trading_fee with the market's FeeSchedule and Options::fee_rounding: per
// fill for taker fills; per order cumulatively for maker fills (fee(filled after) −
// fee(filled before), like Kalshi's fee accumulator and the simulator's ledger).
//
// Ids are deterministic per exchange instance: trades "paper-<n>", orders
// "paper-order-<n>"; with Options::session set, "paper-<session>-<n>" and
// "paper-order-<session>-<n>". The daemon's ledger de-duplicates fills by trade id, so a
// restarted daemon must use a new session (e.g. its start time), or ids repeat.
//
// Errors: expected outcomes are values (PaperSubmitResult, PaperRejection); a delta the
// book cannot apply leaves the book stale (kalshi::OrderBook) and fills nothing.
// Threading: not thread-safe; one owner (the io_context thread).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/execution/paper_types.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/kalshi/price_grid.hpp"
#include "antevorta/kalshi/rest_client.hpp"

namespace antevorta::execution {

class PaperExchange {
 public:
  struct Options {
    kalshi::FeeRounding fee_rounding = kalshi::FeeRounding::fill_centicent;
    Duration pairing_window = std::chrono::seconds(2);
    std::string session;  // part of every id; empty = none
  };

  PaperExchange() : PaperExchange(Options{}) {}
  explicit PaperExchange(Options options);
  PaperExchange(const PaperExchange&) = delete;
  PaperExchange& operator=(const PaperExchange&) = delete;

  // A market to paper-trade. False when the ticker exists or its fee schedule has no
  // formula (`flat`: fees unknown, so no paper fill could be priced honestly).
  bool add_market(MarketTicker ticker, kalshi::PriceGrid grid, kalshi::FeeSchedule schedule);
  const kalshi::OrderBook* book(const MarketTicker& ticker) const;

  // What the daemon observes (the same data its own books get). Unknown tickers are
  // ignored (empty result).
  PaperResult on_snapshot(const MarketTicker& ticker, std::span<const kalshi::BookLevel> yes_bids,
                          std::span<const kalshi::BookLevel> no_bids, Timestamp at);
  // `price` in the leg's own terms (NO bids at the NO price), as orderbook_delta.
  PaperResult on_delta(const MarketTicker& ticker, kalshi::OutcomeSide side, Price price,
                       Count delta, Timestamp at);
  PaperResult on_trade(const MarketTicker& ticker, Price yes_price, Count count,
                       kalshi::BookSide taker_side, Timestamp at);
  void mark_stale(const MarketTicker& ticker, kalshi::StaleReason reason);

  // Orders. `position` is the market's signed position (+YES / −NO) for reduce-only.
  PaperSubmitResult submit(const kalshi::CreateOrderRequest& request, Count position,
                           Timestamp now);
  PaperSubmitResult cancel(const OrderId& id, Timestamp now);
  // Shrinks a resting order to `reduce_to` contracts still to fill, keeping its queue place
  // (Kalshi's decrease); 0 cancels it. Growing (reduce_to >= remaining) is refused as the
  // exchange refuses it (invalid_count).
  PaperSubmitResult decrease(const OrderId& id, Count reduce_to, Timestamp now);
  // Cancels every resting paper order of the market (close, determination).
  PaperResult cancel_all(const MarketTicker& ticker, Timestamp now);
  // Cancels resting orders whose expiration is at or before `now`.
  PaperResult expire(Timestamp now);

  // Any paper order this exchange placed (final ones included).
  const PaperOrder* find(const OrderId& id) const;
  const PaperOrder* find(const ClientOrderId& id) const;
  // Resting orders of a market by side, price priority, then time.
  std::vector<PaperOrder> resting_orders(const MarketTicker& ticker) const;
  // The consumed size of an observed level (`side` of the liquidity, YES price).
  Count consumed(const MarketTicker& ticker, kalshi::BookSide side, Price yes_price) const;

 private:
  // A resting paper order and its view of the queue at its level.
  struct Resting {
    OrderId id;
    std::uint64_t seq = 0;   // time priority among paper orders
    Count maker_filled;      // for the cumulative maker fee
    Count recent_decrease;   // level decreases not yet matched with a trade
    Timestamp recent_at{};   // the last such decrease
    Count pending_trade;     // trade volume whose level decrease is still due
    Timestamp pending_at{};  // the last such trade
  };
  using LevelKey = std::pair<kalshi::BookSide, std::uint32_t>;  // liquidity side, YES level
  struct Market {
    Market(MarketTicker ticker, kalshi::PriceGrid grid, kalshi::FeeSchedule schedule)
        : book(std::move(ticker), std::move(grid)), fees(schedule) {}
    kalshi::OrderBook book;
    kalshi::FeeSchedule fees;
    std::map<LevelKey, Count> consumed;
    std::vector<Resting> resting;  // in seq order
  };

  Market* market(const MarketTicker& ticker);
  const Market* market(const MarketTicker& ticker) const;
  PaperOrder& order(const OrderId& id) { return orders_.at(id); }
  OrderId next_order_id();
  TradeId next_trade_id();

  // Visible size of a liquidity level (side, YES price) in the observed book.
  static Count visible(const Market& m, kalshi::BookSide side, Price yes_price);
  static void clamp_consumed(Market& m, const LevelKey& key, Count visible);
  Count available(const Market& m, kalshi::BookSide side, Price yes_price) const;

  // Entry through the simulator's matching engine (paper_exchange.cpp).
  PaperSubmitResult cross_on_entry(Market& m, const kalshi::CreateOrderRequest& request,
                                   Count position, Timestamp now);
  // Observation (paper_observe.cpp).
  void forget_old(Resting& r, Timestamp at) const;
  void on_level_decrease(Market& m, Resting& r, Count decrease, Timestamp at);
  void cross_resting(Market& m, Timestamp at, PaperResult& out);
  // Fills a resting order as maker at its own price; true when it is now executed.
  bool maker_fill(Market& m, Resting& r, Count count, PaperFillCause cause, Timestamp at,
                  PaperResult& out);
  // Ends a resting order and reports it; drop_finished() then removes it from the market.
  void finish(Resting& r, kalshi::OrderStatus status, sim::UpdateReason reason, Timestamp at,
              PaperResult& out);
  void drop_finished(Market& m) const;

  Options options_;
  std::map<MarketTicker, Market> markets_;
  std::unordered_map<OrderId, PaperOrder> orders_;  // every paper order
  std::unordered_map<ClientOrderId, OrderId> by_client_id_;
  std::uint64_t order_seq_ = 0;  // ids issued
  std::uint64_t trade_seq_ = 0;
  std::uint64_t rest_seq_ = 0;  // time priority of resting orders
};

}  // namespace antevorta::execution
