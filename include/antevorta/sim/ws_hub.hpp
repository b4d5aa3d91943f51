// The simulator's WebSocket protocol (API-NOTES §6): commands from clients, subscriptions
// with their sids and per-sid `seq`, and the fan-out of exchange events to subscribers in
// Kalshi's message shapes. Transport-free: each connection is a send function, so the hub
// is tested without sockets and the server only moves frames.
//
// Per connection: `id`s are the client's; sids count from 1 per connection. Orderbook
// subscriptions get a snapshot per market at once (and on get_snapshot), then deltas;
// snapshot, delta, `ok` and `unsubscribed` of an orderbook sid carry its seq. NO-side levels
// are in NO-leg prices unless the subscription asked for use_yes_price. Error replies use
// Kalshi's codes (1 bad message, 2 params required, 3 channels required, 4 sids required,
// 5 unknown command, 6 already subscribed, 7 unknown sid, 8 unknown channel, 11 invalid
// parameter, 12 exactly one sid, 13 unsupported action, 14 market ticker required, 16 market
// not found, 24 index ids required).
//
// cfbenchmarks_value (asyncapi `cfbenchmarks_value`): `index_ids` seeds the subscription
// (["all"] = every index; none = no ticks until indices are added); update_subscription
// actions subscribe_indices / unsubscribe_indices (error 24 "Index IDs required" without
// index_ids; reply `ok` with the subscription's index ids) and indexlist (reply
// `cfbenchmarks_value_indexlist` with the available ids, the subscription unchanged). Ticks,
// `ok` and the index list of a cfbenchmarks sid carry its seq (1, 2, … per sid).
//
// Faults for tests: skip_seq() makes the next seq-carrying orderbook message (whichever
// sid sends next) skip a number; inject() sends a raw frame (malformed or unknown) to every
// connection; fail_channel() ends every subscription of a channel with a terminal error (code
// 10/17/25). Threading: one io_context thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/sim/types.hpp"

namespace antevorta::sim {

// What the hub needs to know about the exchange.
struct HubSource {
  // Does the market exist?
  std::function<bool(const MarketTicker&)> market_exists;
  // Current bids of a market: YES bids at YES prices, NO bids at NO prices, ascending.
  std::function<void(const MarketTicker&, std::vector<kalshi::BookLevel>& yes,
                     std::vector<kalshi::BookLevel>& no)>
      book;
  // The ids of the simulated indices ("BRTI", "SOLUSD_RTI"); unset = none.
  std::function<std::vector<std::string>()> index_ids;
};

// An average of a cfbenchmarks_value tick (avg_60s_data / last_60s_windowed_average_15min).
struct IndexAverageText {
  std::string value;  // 8 decimals: "68000.12000000"
  std::int64_t window_size = 0;
  std::int64_t window_start_ts_ms = 0;
  std::int64_t window_end_ts_exclusive = 0;
};

// One one-second index value as the cfbenchmarks_value channel relays it.
struct IndexTick {
  std::string index_id;  // "BRTI"
  std::int64_t received_at_ms = 0;
  std::int64_t time_ms = 0;  // the upstream frame's time (the whole second)
  std::string value;         // "68000.12"
  IndexAverageText avg_60s;
  std::optional<IndexAverageText> final_minute;  // last_60s_windowed_average_15min
};

// A market's ticker values (the `ticker` channel).
struct TickerValues {
  MarketTicker ticker;
  std::optional<Price> last_price, yes_bid, yes_ask;
  Count yes_bid_size, yes_ask_size, volume, open_interest;
};

class WsHub {
 public:
  using ConnectionId = std::uint64_t;
  using Send = std::function<bool(std::string)>;

  WsHub(Clock& clock, HubSource source);

  ConnectionId open(AccountId account, Send send);
  void close(ConnectionId id);
  void on_command(ConnectionId id, std::string_view text);

  // ---- Exchange events -------------------------------------------------------------------
  void book_changes(const MarketTicker& ticker, const std::vector<BookChange>& changes);
  void trade(const PublicTrade& trade);
  // A fill as seen by one side: `owner` is the account it is sent to.
  void fill(const AccountId& owner, const Fill& fill, const Order& order, bool is_taker, Money fee,
            Count post_position, int exchange_index);
  void order_update(const Order& order, int exchange_index);
  void position(const AccountId& owner, const MarketTicker& ticker, Count position, Money cost,
                Money realized_pnl, Money fees_paid);
  void ticker(const TickerValues& values);
  // A market_lifecycle_v2 / event_lifecycle message body (`msg`), sent to every lifecycle
  // subscriber.
  void lifecycle(std::string_view type, const std::string& msg_json);
  // A cfbenchmarks_value tick, sent to every subscription that follows its index.
  void index_value(const IndexTick& tick);

  // ---- Faults ----------------------------------------------------------------------------
  void skip_seq() { skip_seq_ = true; }
  void inject(const std::string& frame);
  void fail_channel(std::string_view channel, int code);

  std::size_t connection_count() const noexcept { return connections_.size(); }
  std::size_t subscription_count() const noexcept;

 private:
  struct Sub {
    std::int64_t sid = 0;
    std::string channel;
    std::set<MarketTicker> markets;  // empty = all (where allowed)
    bool use_yes_price = false;
    std::int64_t seq = 0;                        // last seq sent (orderbook, cfbenchmarks)
    std::set<std::string, std::less<>> indices;  // cfbenchmarks_value
    bool all_indices = false;                    // cfbenchmarks_value ["all"]
  };
  struct Connection {
    AccountId account;
    Send send;
    std::int64_t next_sid = 1;
    std::map<std::int64_t, Sub> subs;
  };

  void reply_error(Connection& c, std::optional<std::int64_t> id, int code, std::string_view msg,
                   std::optional<std::string> market_ticker = std::nullopt);
  void subscribe(Connection& c, std::optional<std::int64_t> id, const nlohmann::json& params);
  void unsubscribe(Connection& c, std::optional<std::int64_t> id, const nlohmann::json& params);
  void update(Connection& c, std::optional<std::int64_t> id, const nlohmann::json& params);
  void list(Connection& c, std::optional<std::int64_t> id);
  // cfbenchmarks_value (ws_hub_cfbenchmarks.cpp).
  void update_indices(Connection& c, std::optional<std::int64_t> id, Sub& sub,
                      const std::string& action, const nlohmann::json& params);
  static void add_indices(Sub& sub, const nlohmann::json& index_ids);
  void send_snapshot(Connection& c, Sub& sub, const MarketTicker& ticker);
  std::int64_t next_seq(Sub& sub);
  bool wants(const Sub& sub, const MarketTicker& ticker) const;
  void broadcast(std::string_view channel, const MarketTicker* ticker,
                 const std::function<std::string(const Sub&)>& make,
                 const AccountId* only = nullptr);

  Clock& clock_;
  HubSource source_;
  std::map<ConnectionId, Connection> connections_;
  ConnectionId next_connection_ = 1;
  bool skip_seq_ = false;
};

}  // namespace antevorta::sim
