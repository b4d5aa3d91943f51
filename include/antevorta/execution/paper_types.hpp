// Value types of paper execution (paper_exchange.hpp): paper orders, paper fills, the
// result of every operation, rejections, and their conversion to the exchange's own types
// (kalshi::Order, kalshi::Fill, kalshi::OrderWriteResult), so execution handles a paper
// answer exactly like a live one (order_events.hpp).
//
// Direction: as the V2 API, one YES book; `side` bid buys YES at `yes_price`, ask sells YES
// there (= buys NO at 1 − yes_price).
//
// Errors: none (plain data). Threading: values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/expected.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/sim/types.hpp"

namespace antevorta::execution {

// Why a paper order filled.
enum class PaperFillCause : std::uint8_t {
  taker,          // the order crossed observed liquidity on entry (at the level's price)
  queue,          // public trades at its price consumed the observed size ahead of it
  trade_through,  // a public trade at a price worse for the maker than its own
  book_cross,     // observed liquidity appeared at or through its price
};
std::string_view to_string(PaperFillCause c) noexcept;

struct PaperFill {
  TradeId trade_id;  // "paper-<n>" (see PaperExchange::Options::session)
  OrderId order_id;
  ClientOrderId client_order_id;
  MarketTicker ticker;
  kalshi::BookSide side = kalshi::BookSide::bid;  // the paper order's side
  Price yes_price;                                // a level's price (taker) or the order's own
  Count count;
  kalshi::Liquidity liquidity = kalshi::Liquidity::taker;
  Money fee;
  PaperFillCause cause = PaperFillCause::taker;
  Timestamp time{};

  kalshi::Fill to_kalshi() const;
};

// A paper order's state (also the update reported after every change).
struct PaperOrder {
  OrderId id;
  ClientOrderId client_order_id;
  MarketTicker ticker;
  kalshi::BookSide side = kalshi::BookSide::bid;
  Price yes_price;
  Count initial_count;
  Count fill_count;
  Count remaining_count;  // resting; 0 once final
  kalshi::TimeInForce time_in_force = kalshi::TimeInForce::good_till_canceled;
  bool post_only = false;
  bool reduce_only = false;
  std::optional<Timestamp> expiration;
  kalshi::OrderStatus status = kalshi::OrderStatus::resting;
  sim::UpdateReason last_update_reason = sim::UpdateReason::placed;
  Count queue_ahead;  // observed size ahead of it (resting only)
  Money taker_fees;
  Money maker_fees;
  Timestamp created_time{};
  Timestamp last_update_time{};

  kalshi::Order to_kalshi() const;
};

// Every consequence of one operation or observation, in the order it happened.
struct PaperResult {
  std::optional<PaperOrder> order;  // submit: the submitted order's state afterwards
  bool already_existed = false;     // submit: a client_order_id used before (no new order)
  std::vector<PaperFill> fills;
  std::vector<PaperOrder> updates;  // each change of a paper order, in order
  Count reduced_by;                 // cancel
  bool empty() const noexcept { return fills.empty() && updates.empty(); }
};

enum class PaperError : std::uint8_t {
  market_not_found,  // add_market() was never called for the ticker
  book_stale,        // the observed book is stale (no snapshot yet, sequence gap, …)
  order_not_found,   // cancel of an order that is not resting
  rule,              // the exchange's rules refuse it (`rule` says which)
};
std::string_view to_string(PaperError e) noexcept;

struct PaperRejection {
  PaperError error = PaperError::rule;
  sim::RejectReason rule = sim::RejectReason::invalid_count;  // when error == rule
  std::string describe() const;
  // As the exchange would answer (status, code): rules map like the simulator's.
  kalshi::RestError to_rest_error() const;
};

using PaperSubmitResult = Expected<PaperResult, PaperRejection>;

// A submit's answer as the REST client would return it: accepted with an OrderAck (a new
// order) or with the existing kalshi::Order (already_existed, as a resolved 409), or
// rejected with the exchange-style error.
kalshi::OrderWriteResult write_result(const PaperSubmitResult& result, Timestamp at);

}  // namespace antevorta::execution
