// The Kalshi WebSocket client: one authenticated connection carrying every subscription,
// kept alive across disconnects, and the order books it maintains.
//
// A thin coroutine loop around two pure parts: WsSession decides what to send and when a
// subscription must be replaced; Backoff decides how long to wait before reconnecting. The
// loop connects (KALSHI-ACCESS-* headers signed for GET + the WS path at each attempt),
// replays the subscriptions, then reads frames: each frame is stamped with its receive time
// (ingress), offered to the ingress tap (the recorder), parsed, sequence-checked, applied to
// the books, and offered to the message tap (execution and the scanner read fills, orders
// and lifecycle events there).
//
// Books. watch_books() creates each market's book on its grid and adds it to the one
// orderbook_delta subscription (use_yes_price sent explicitly). A book is stale until its
// snapshot, and again after a sequence gap, a terminal error, a bad delta (resynchronised
// with get_snapshot) or a disconnect; BookStateChanged says so, BookUpdated follows each
// change. Nothing else may trade on a stale book; the owner checks OrderBook::stale().
//
// Failures: a connection that fails or goes silent (idle watchdog of net::WsConnection) is
// reconnected with exponential backoff and jitter. An upgrade refused with 401/403 moves to
// auth_failed with the exchange's message and is retried at most max_auth_failures times in
// a row (a wrong key must not hammer the exchange); reconnect() starts over.
// Bus events: StreamStateChanged, BookUpdated, BookStateChanged.
// Threading: the io_context thread only. Lifetime: the bus, clock, signer and book store
// must outlive the client; the client may be destroyed right after stop().
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/kalshi/book_store.hpp"
#include "antevorta/kalshi/events.hpp"
#include "antevorta/kalshi/signer.hpp"
#include "antevorta/kalshi/ws_messages.hpp"
#include "antevorta/kalshi/ws_session.hpp"
#include "antevorta/net/backoff.hpp"
#include "antevorta/net/url.hpp"
#include "antevorta/net/ws_client.hpp"

namespace antevorta::kalshi {

struct StreamOptions {
  net::WsOptions ws{};
  net::BackoffOptions backoff{};
  // Convention requested for orderbook subscriptions (always sent explicitly).
  bool use_yes_price = true;
  // Consecutive refused upgrades (401/403) before the client stops retrying.
  int max_auth_failures = 5;
};

struct StreamStats {
  std::uint64_t frames = 0;      // data frames received
  std::uint64_t bad_frames = 0;  // frames that did not parse
  std::uint64_t ignored = 0;     // frames of sids that are not ours (any more)
  std::uint64_t gaps = 0;        // sequence gaps
  std::uint64_t snapshots = 0;
  std::uint64_t deltas = 0;
  std::uint64_t bad_deltas = 0;  // deltas the book could not apply faithfully
  std::uint64_t connects = 0;    // successful upgrades
  std::uint64_t commands_sent = 0;
};

class StreamClient {
 public:
  using IngressTap = std::function<void(std::string_view frame, Timestamp received_at)>;
  using MessageTap = std::function<void(const WsMessage& message, Timestamp received_at)>;

  // `endpoint` is the ws(s) URL; its path (e.g. /trade-api/ws/v2) is the upgrade target and
  // the signed path. `signer` may be null (an unauthenticated connection).
  StreamClient(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock, Logger logger,
               net::Endpoint endpoint, const Signer* signer, BookStore& books,
               StreamOptions options = {},
               std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
  ~StreamClient();
  StreamClient(const StreamClient&) = delete;
  StreamClient& operator=(const StreamClient&) = delete;

  void start();
  void stop();
  // Drops the current connection (or ends an auth_failed wait) and connects again now.
  void reconnect();

  // Maintain the books of these markets (grid from the market's price_ranges).
  void watch_books(const std::vector<std::pair<MarketTicker, PriceGrid>>& markets);
  // Stop maintaining these books and retire them from the BookStore.
  void unwatch_books(const std::vector<MarketTicker>& markets);
  // Other channels (fill, user_orders, market_lifecycle_v2, ticker, trade, …).
  SubKey subscribe(SubscriptionSpec spec);
  void unsubscribe(SubKey key);

  void set_ingress_tap(IngressTap tap);
  void set_message_tap(MessageTap tap);

  ConnectionState state() const noexcept;
  const std::string& last_error() const noexcept;
  const StreamStats& stats() const noexcept;
  const WsSession& session() const noexcept;

  struct State;  // shared with the connection loop; defined in the .cpp

 private:
  boost::asio::any_io_executor executor_;
  std::shared_ptr<State> state_;
};

}  // namespace antevorta::kalshi
