// The Kalshi WebSocket subscription protocol as a pure state machine (no I/O, no timers):
// what to send on connect, how to read acks, per-subscription `seq` checking, and what to do
// on a gap, a terminal error or a reconnect. The connection loop (KalshiWsClient) feeds it
// the envelope of every incoming message and executes what it returns: send these commands,
// mark these books stale, set this sid's price convention on the parser.
//
// Model. A Subscription is what the daemon wants (one channel, its markets or index ids,
// its arguments); it has a stable SubKey for its whole life, across reconnects. On the wire
// it gets a new `sid` each time it is (re)subscribed. One channel per subscribe command, so
// every `subscribed` reply maps to exactly one Subscription.
//
// Sequencing (API-NOTES §6.3). Every message of a sid that carries `seq` (snapshots, deltas,
// `ok`, `unsubscribed`) must be the previous one + 1; the first one seen on a sid starts the
// count. A gap means messages were lost: every book of that subscription is stale, and the
// subscription is replaced (unsubscribe the old sid, subscribe again with the original
// arguments — fresh snapshots follow). Messages of a sid that is no longer ours are ignored.
// The same replacement happens on a terminal error (10, 17, 25); when the error names no
// command or sid, every orderbook subscription is replaced. A reconnect forgets all sids,
// marks every book stale (disconnected) and replays every subscription.
//
// `use_yes_price` is always sent explicitly on orderbook_delta subscriptions; the session
// tells the loop which convention each new sid uses so the parser normalises NO prices.
//
// Errors: protocol surprises (an ack for an unknown id, a failed command) are reported as
// SessionIssue values in the actions; nothing throws.
// Threading: one owner (the connection's loop).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/order_book.hpp"

namespace antevorta::kalshi {

enum class Channel : std::uint8_t {
  orderbook_delta,
  ticker,
  trade,
  fill,
  user_orders,
  market_positions,
  market_lifecycle_v2,
  cfbenchmarks_value,
};
std::string_view to_string(Channel channel) noexcept;
std::optional<Channel> channel_from_string(std::string_view name) noexcept;

struct SubscriptionSpec {
  Channel channel = Channel::orderbook_delta;
  // Markets to filter on; empty = all markets (not allowed for orderbook_delta).
  std::vector<MarketTicker> market_tickers;
  // cfbenchmarks_value: index ids such as "BRTI".
  std::vector<std::string> index_ids;
  // orderbook_delta: report NO levels at YES-equivalent prices. Always sent explicitly.
  bool use_yes_price = true;
  // ticker: send the current values right after subscribing.
  bool send_initial_snapshot = false;
};

using SubKey = std::uint64_t;

enum class SubscriptionState : std::uint8_t {
  idle,           // not connected: subscribed on the next connect
  subscribing,    // subscribe sent, waiting for `subscribed`
  active,         // has a sid
  resubscribing,  // old sid abandoned after a gap or terminal error; new subscribe sent
  failed,         // the exchange refused it (e.g. market not found); not retried
};
std::string_view to_string(SubscriptionState state) noexcept;

enum class IssueKind : std::uint8_t {
  command_failed,     // an error reply to one of our commands
  subscription_lost,  // a terminal error or a gap: the subscription is being replaced
  sequence_gap,       // seq jumped (detail has expected/got)
  unknown_reply,      // an ack or error for an id we never sent (or already settled)
};
std::string_view to_string(IssueKind kind) noexcept;

struct SessionIssue {
  IssueKind kind;
  std::optional<SubKey> key;
  std::int64_t code = 0;  // the exchange's error code, when there is one
  std::string detail;
};

struct StaleBook {
  MarketTicker ticker;
  StaleReason reason;
};

// What the loop must do; reused between calls (cleared, capacity kept).
struct SessionActions {
  std::vector<std::string> commands;  // JSON texts, send in order
  std::vector<StaleBook> stale_books;
  std::vector<std::pair<std::int64_t, bool>> yes_price_sids;  // parser: sid → use_yes_price
  std::vector<std::int64_t> forget_sids;                      // parser: drop these sids
  std::vector<SessionIssue> issues;
  void clear() noexcept {
    commands.clear();
    stale_books.clear();
    yes_price_sids.clear();
    forget_sids.clear();
    issues.clear();
  }
  bool empty() const noexcept {
    return commands.empty() && stale_books.empty() && yes_price_sids.empty() &&
           forget_sids.empty() && issues.empty();
  }
};

enum class SeqVerdict : std::uint8_t {
  accept,  // in order: apply it
  ignore,  // not one of our live sids (old, abandoned or unknown): drop it
  gap,     // out of order: dropped; the subscription is being replaced (see actions)
};

class WsSession {
 public:
  struct Subscription {
    SubKey key = 0;
    SubscriptionSpec spec;
    SubscriptionState state = SubscriptionState::idle;
    std::optional<std::int64_t> sid;
    std::optional<std::int64_t> last_seq;
    std::vector<MarketTicker> sent_markets;  // the markets the exchange knows of
    int failures = 0;                        // consecutive failed subscribes
  };

  // ---- What the daemon wants -------------------------------------------------------------
  // Sends at once when connected, otherwise on the next connect.
  SubKey subscribe(SubscriptionSpec spec, SessionActions& out);
  void unsubscribe(SubKey key, SessionActions& out);
  // orderbook_delta and other market-filtered channels: add or remove markets.
  void add_markets(SubKey key, const std::vector<MarketTicker>& tickers, SessionActions& out);
  void remove_markets(SubKey key, const std::vector<MarketTicker>& tickers, SessionActions& out);
  // Ask for fresh snapshots of some markets of an active orderbook subscription.
  void request_snapshot(SubKey key, const std::vector<MarketTicker>& tickers, SessionActions& out);
  // list_subscriptions (the reply is informational).
  void list_subscriptions(SessionActions& out);

  // ---- Connection ------------------------------------------------------------------------
  // A new socket is up: every subscription is sent again (command ids restart at 1).
  void on_connected(SessionActions& out);
  // The socket is gone: all sids forgotten, orderbook books stale (disconnected).
  void on_disconnected(SessionActions& out);
  bool connected() const noexcept { return connected_; }

  // ---- Incoming envelopes ----------------------------------------------------------------
  void on_subscribed(std::optional<std::int64_t> id, std::int64_t sid, std::string_view channel,
                     SessionActions& out);
  // `ok` replies: update_subscription (sid + seq) and list_subscriptions (neither).
  SeqVerdict on_ok(std::optional<std::int64_t> id, std::optional<std::int64_t> sid,
                   std::optional<std::int64_t> seq, SessionActions& out);
  SeqVerdict on_unsubscribed(std::optional<std::int64_t> id, std::optional<std::int64_t> sid,
                             std::optional<std::int64_t> seq, SessionActions& out);
  void on_error(std::optional<std::int64_t> id, std::optional<std::int64_t> sid, std::int64_t code,
                std::string_view message, SessionActions& out);
  // Data messages. With a seq (orderbook snapshot/delta, cfbenchmarks): checked; without:
  // only the sid is checked. Allocation-free when the verdict is accept or ignore.
  SeqVerdict on_data(std::int64_t sid, std::optional<std::int64_t> seq, SessionActions& out);

  // ---- Inspection ------------------------------------------------------------------------
  const Subscription* find(SubKey key) const;
  const Subscription* find_by_sid(std::int64_t sid) const;
  std::vector<const Subscription*> subscriptions() const;
  // Every market of the active or pending orderbook_delta subscriptions.
  std::set<MarketTicker> book_markets() const;
  std::size_t pending_commands() const noexcept { return pending_.size(); }
  std::uint64_t gaps() const noexcept { return gaps_; }

 private:
  enum class CommandKind : std::uint8_t { subscribe, unsubscribe, update, snapshot, list };
  struct Pending {
    CommandKind kind;
    SubKey key = 0;
  };

  std::int64_t next_id() noexcept { return next_id_++; }
  void send_subscribe(Subscription& sub, SessionActions& out);
  void send_unsubscribe(std::int64_t sid, SubKey key, SessionActions& out);
  void send_update(Subscription& sub, std::string_view action,
                   const std::vector<MarketTicker>& tickers, SessionActions& out);
  void replace(Subscription& sub, StaleReason reason, SessionActions& out);
  void mark_books_stale(const Subscription& sub, StaleReason reason, SessionActions& out) const;
  SeqVerdict check_seq(std::int64_t sid, std::optional<std::int64_t> seq, SessionActions& out);
  Subscription* by_sid(std::int64_t sid);

  std::map<SubKey, Subscription> subs_;
  std::map<std::int64_t, SubKey> sid_index_;
  std::map<std::int64_t, Pending> pending_;
  SubKey next_key_ = 1;
  std::int64_t next_id_ = 1;
  bool connected_ = false;
  std::uint64_t gaps_ = 0;
};

}  // namespace antevorta::kalshi
