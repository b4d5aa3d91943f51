// The exchange simulator's core: markets, one MatchingEngine each, and the Ledger, behind
// the operations a Kalshi-compatible server (and paper trading) needs. No I/O; time comes
// in as arguments.
//
// Market lifecycle (API-NOTES §8, §9.3): open -> paused <-> open -> closed -> determined ->
// settled. Orders are placed and amended only while open (paused: market_paused; later:
// market_inactive). Cancels and decreases are allowed while open or paused and rejected
// once closed (Kalshi's MARKET_INACTIVE). Closing cancels every resting order; pausing
// cancels the orders placed with cancel_order_on_pause; determining closes first if needed;
// settling pays the positions out through the ledger.
//
// Submit checks, in order: market exists and is open; client_order_id never used before by
// the owner (exchange-wide and for all time, so a retry of a filled order is refused, not
// filled twice); the engine's validation (grid, count, TIF, expiration, post-only,
// reduce-only against the ledger position, FOK volume); the ledger's balance check on the
// market's shard (exact taker cost and fees of the previewed fills, plus the reservation
// for a GTC remainder). Then the order matches and every fill is booked.
//
// Orders are addressed by id exchange-wide; an order of another owner is order_not_found.
//
// Errors: expected outcomes are RejectReason values; nothing changes on a rejection.
// Threading: not thread-safe; one owner (the server's io_context thread).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "antevorta/core/expected.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/price_grid.hpp"
#include "antevorta/sim/id_generator.hpp"
#include "antevorta/sim/ledger.hpp"
#include "antevorta/sim/matching_engine.hpp"
#include "antevorta/sim/types.hpp"

namespace antevorta::sim {

enum class MarketStatus : std::uint8_t { open, paused, closed, determined, settled };
std::string_view to_string(MarketStatus status) noexcept;

struct MarketSpec {
  MarketTicker ticker;
  EventTicker event;
  SeriesTicker series;
  kalshi::PriceGrid grid = kalshi::PriceGrid::linear_cent();
  kalshi::FeeSchedule fees;
  ExchangeIndex exchange_index = 0;
};

struct MarketView {
  const MarketSpec* spec = nullptr;
  MarketStatus status = MarketStatus::open;
  std::optional<MarketResult> result;
  const MatchingEngine* engine = nullptr;
};

// An engine result with the ledger's booking of each of its fills (same order).
struct CoreResult {
  EngineResult engine;
  std::vector<FillAccounting> accounting;
};

class ExchangeCore {
 public:
  explicit ExchangeCore(std::uint64_t id_seed = 0,
                        kalshi::FeeRounding rounding = kalshi::FeeRounding::fill_centicent);
  ExchangeCore(const ExchangeCore&) = delete;
  ExchangeCore& operator=(const ExchangeCore&) = delete;

  // Adds an open market; false when the ticker exists already.
  bool add_market(MarketSpec spec);
  std::optional<MarketView> market(const MarketTicker& ticker) const;
  std::vector<MarketTicker> tickers() const;  // ascending

  Ledger& ledger() noexcept { return ledger_; }
  const Ledger& ledger() const noexcept { return ledger_; }

  Expected<CoreResult, RejectReason> submit(const AccountId& owner, const MarketTicker& ticker,
                                            const OrderRequest& request, Timestamp now);
  Expected<CoreResult, RejectReason> cancel(const AccountId& owner, const OrderId& id,
                                            Timestamp now);
  Expected<CoreResult, RejectReason> decrease(const AccountId& owner, const OrderId& id,
                                              const DecreaseRequest& request, Timestamp now);
  Expected<CoreResult, RejectReason> amend(const AccountId& owner, const OrderId& id,
                                           const AmendRequest& request, Timestamp now);

  // A resting order anywhere on the exchange, and its market.
  const Order* find_order(const OrderId& id) const;
  std::optional<Count> queue_position(const OrderId& id) const;

  // Lifecycle.
  Expected<CoreResult, RejectReason> pause(const MarketTicker& ticker, Timestamp now);
  std::optional<RejectReason> resume(const MarketTicker& ticker);
  Expected<CoreResult, RejectReason> close_market(const MarketTicker& ticker, Timestamp now);
  Expected<CoreResult, RejectReason> determine(const MarketTicker& ticker, MarketResult result,
                                               Timestamp now);
  Expected<std::vector<SettlementEntry>, RejectReason> settle(const MarketTicker& ticker);
  // Cancels expired orders in every market; one result per market that had any.
  std::vector<CoreResult> expire(Timestamp now);

 private:
  struct Market {
    MarketSpec spec;
    MarketStatus status = MarketStatus::open;
    std::optional<MarketResult> result;
    std::unique_ptr<MatchingEngine> engine;
  };

  Market* find_market(const MarketTicker& ticker);
  // The market of an owner's resting order, or order_not_found.
  Expected<Market*, RejectReason> order_market(const AccountId& owner, const OrderId& id);
  static std::optional<RejectReason> tradable(const Market& market);
  static std::optional<RejectReason> cancellable(const Market& market);
  static std::string client_key(const AccountId& owner, const ClientOrderId& id);
  // Books the fills, tracks the updates in the ledger and the order index.
  CoreResult apply(EngineResult result);

  IdGenerator ids_;
  Ledger ledger_;
  std::map<MarketTicker, Market> markets_;
  std::unordered_map<OrderId, MarketTicker> order_market_;  // resting orders
  std::unordered_set<std::string> client_ids_;              // every client id ever used
};

}  // namespace antevorta::sim
