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
// steps the simulated indices (advance_indices), opens markets whose open_time passed
// (initialized → active), closes due ones (resting orders cancelled), determines them and
// settles after settlement_timer_seconds, lists the next crypto windows, moves fair values,
// and has the liquidity providers requote around them.
//
// Crypto windows (KXBTC15M / KXSOL15M, index_id set) follow Kalshi's rule (crypto_model.hpp)
// on the simulated index of their series: at open the target (floor_strike, yes_sub_title)
// is the average of the index's one-second values in (open − 60 s, open], announced by a
// market_lifecycle_v2 `metadata_updated`; at close the average over (close − 60 s, close]
// decides (YES iff >= target) and becomes `expiration_value`. Their fair value is the
// digital value of the index (digital_value) plus a persistent mispricing of the liquidity
// providers (crypto_quote_noise). Other markets: YES with probability fair_value, drawn
// from the seeded RNG; fair values drift.
//
// advance_indices() steps the indices to the clock and sends each new one-second value to
// the `cfbenchmarks_value` subscribers (after a long pause only the last minute's); the
// server also calls it between ticks so that the feed servers quote a fresh index.
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
#include "antevorta/sim/index_path.hpp"
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
  // The simulated indices: a random walk with these options, or the recorded path (points
  // of every asset) when not empty.
  IndexModelOptions index{};
  std::vector<RecordedPoint> recorded_index;
  // Crypto windows: the liquidity providers' mispricing around the digital value, an AR(1)
  // per market with this innovation per tick (probability points, scaled by
  // 2·sqrt(p(1 − p)) so it shrinks near certainty) and persistence. 0 = quote the digital.
  double crypto_quote_noise = 0.02;
  double crypto_noise_persistence = 0.9;
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
  // The simulated index of each crypto asset (tests jump them; the feed servers read them).
  IndexSet& indices() noexcept { return indices_; }
  const IndexSet& indices() const noexcept { return indices_; }

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
  // Steps the indices to the clock; publishes each new one-second value on cfbenchmarks_value.
  void advance_indices();
  // Fair value of a market (tests pin it; a crypto window's is recomputed every tick).
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
  // Crypto windows (sim_exchange_crypto.cpp).
  void build_indices();
  const CryptoSeriesSpec* crypto_spec(const SimMarket& market) const;
  void set_crypto_target(SimMarket& market, Timestamp now, bool announce);
  // The result by the settlement rule (sets expiration_value); empty when the market is not
  // a crypto window with a target.
  std::optional<bool> crypto_result(SimMarket& market);
  void update_crypto_fair_value(SimMarket& market, Timestamp now);
  void publish_index_second(const IndexPath& index, const SecondValue& second, Timestamp now);

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
  IndexSet indices_;
  std::map<std::string, std::int64_t, std::less<>> index_window_s_;  // index id → window
  std::map<MarketTicker, double> crypto_noise_;  // the LPs' mispricing per crypto window
};

}  // namespace antevorta::sim
