// The simulated exchange as a whole, without sockets: the catalog (what is listed), the
// exchange core (books, orders, balances), the WebSocket hub (who hears what), the history
// REST reads need (every order, fill and settlement per account), the market lifecycle
// and the liquidity providers. The server (sim_server.hpp) turns HTTP and WebSocket traffic
// into calls here; tests drive it directly with a ManualClock.
//
// Every order operation goes through here so that its consequences reach the hub in the
// order they happened: book deltas, public trades, fills and order updates for the owners,
// position updates.
//
// tick() (the server calls it every `tick_interval`) advances the lifecycle from the clock:
// opens markets whose open_time passed (initialized → active), closes due ones (resting
// orders cancelled), determines them (YES with probability fair_value, drawn from the
// seeded RNG) and settles after settlement_timer_seconds, lists the next 15-minute crypto
// windows, lets fair values drift, and has the liquidity providers requote around them.
//
// Errors: rejections are RejectReason values. Threading: one io_context thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/sim/catalog.hpp"
#include "antevorta/sim/exchange_core.hpp"
#include "antevorta/sim/ws_hub.hpp"

namespace antevorta::sim {

struct SimExchangeOptions {
  std::uint64_t seed = 1;
  // Liquidity providers: one account quoting every open market around its fair value.
  bool liquidity = true;
  AccountId lp_account{"sim-liquidity"};
  Count lp_size = Count::contracts(50);                      // per level
  int lp_levels = 3;                                         // levels per side
  Money lp_funding = Money::from_centicents(1'000'000'000);  // $100,000 per shard
  // How far fair values move per tick (probability points, one standard deviation).
  double drift = 0.01;
};

// One order as the REST read endpoints report it (resting or final).
struct OrderRecord {
  Order order;
  int exchange_index = 0;
  Money taker_fees;
  Money maker_fees;
  Money taker_fill_cost;
  Money maker_fill_cost;
};

// One side of one fill, as GET /portfolio/fills reports it.
struct FillRecord {
  Fill fill;
  OrderId order_id;
  BookSide side = BookSide::bid;  // this account's order side
  bool is_taker = false;
  Money fee;
  int exchange_index = 0;
};

struct SettlementRecord {
  MarketTicker ticker;
  EventTicker event;
  int exchange_index = 0;
  MarketResult result;
  Count yes_count;
  Count no_count;
  Money cost;
  Money revenue;
  Timestamp settled_time{};
};

class SimExchange {
 public:
  SimExchange(Clock& clock, Logger logger, Catalog catalog, SimExchangeOptions options = {});

  Catalog& catalog() noexcept { return catalog_; }
  const Catalog& catalog() const noexcept { return catalog_; }
  ExchangeCore& core() noexcept { return core_; }
  const ExchangeCore& core() const noexcept { return core_; }
  WsHub& hub() noexcept { return hub_; }
  Clock& clock() noexcept { return clock_; }

  // ---- Accounts --------------------------------------------------------------------------
  void fund(const AccountId& account, ExchangeIndex shard, Money amount);

  // ---- Orders (REST) ---------------------------------------------------------------------
  Expected<CoreResult, RejectReason> submit(const AccountId& owner, const MarketTicker& ticker,
                                            const OrderRequest& request);
  Expected<CoreResult, RejectReason> cancel(const AccountId& owner, const OrderId& id);
  Expected<CoreResult, RejectReason> decrease(const AccountId& owner, const OrderId& id,
                                              const DecreaseRequest& request);
  Expected<CoreResult, RejectReason> amend(const AccountId& owner, const OrderId& id,
                                           const AmendRequest& request);

  // ---- History (REST reads) --------------------------------------------------------------
  std::vector<const OrderRecord*> orders(const AccountId& owner) const;  // oldest first
  const OrderRecord* order(const AccountId& owner, const OrderId& id) const;
  const std::vector<FillRecord>& fills(const AccountId& owner) const;
  const std::vector<SettlementRecord>& settlements(const AccountId& owner) const;
  const std::vector<PublicTrade>& trades() const noexcept { return trades_; }

  // ---- Time ------------------------------------------------------------------------------
  void tick();
  // Fair value of a market (tests pin it).
  void set_fair_value(const MarketTicker& ticker, double p);

 private:
  void register_market(SimMarket& market);
  // The market of a resting order (empty when unknown: the core then rejects the request).
  MarketTicker ticker_of(const OrderId& id) const;
  // Records and publishes a successful operation's consequences; passes the result on.
  Expected<CoreResult, RejectReason> applied(const MarketTicker& ticker,
                                             Expected<CoreResult, RejectReason> result);
  void publish(const MarketTicker& ticker, const CoreResult& result);
  void record(const CoreResult& result);
  void advance_lifecycle(Timestamp now);
  void requote(SimMarket& market, Timestamp now);
  void lifecycle_event(const SimMarket& market, std::string_view event_type);
  TickerValues ticker_values(const SimMarket& market) const;
  int shard_of(const MarketTicker& ticker) const;

  Clock& clock_;
  Logger logger_;
  Catalog catalog_;
  SimExchangeOptions options_;
  ExchangeCore core_;
  WsHub hub_;
  std::mt19937_64 rng_;
  std::map<OrderId, OrderRecord> order_records_;
  std::map<AccountId, std::vector<OrderId>> orders_by_owner_;
  std::map<AccountId, std::vector<FillRecord>> fills_;
  std::map<AccountId, std::vector<SettlementRecord>> settlements_;
  std::vector<PublicTrade> trades_;
  std::map<MarketTicker, std::vector<OrderId>> lp_orders_;
  std::map<MarketTicker, double> quoted_at_;  // fair value of the last requote
};

}  // namespace antevorta::sim
