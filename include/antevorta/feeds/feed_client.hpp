// One exchange price feed: one source, one WebSocket connection, kept alive across failures.
//
// A thin coroutine loop around pure parts: protocol.hpp says what to connect to and send,
// the FeedParser turns frames into ticks, FeedSession decides states and reconnects,
// net::Backoff decides how long to wait. The loop connects (net::WsConnection to the
// source's endpoint with upgrade_target()), sends subscribe_messages(), then reads frames:
// each frame is stamped with its receive time from the Clock (ingress), offered to the
// ingress tap (the recorder), parsed, and its PriceTicks are published on the bus.
// Kraken also gets {"method":"ping"} every keepalive_interval.
//
// Liveness: a watchdog timer on the Clock marks the feed stale when no tick arrived for
// stale_after, and reconnects after stale_reconnect (FeedSession). The WebSocket's own idle
// timeout (net::WsOptions) catches a dead socket. A venue error message, a serverShutdown,
// a socket error or end, an idle socket: all close the connection and reconnect with
// exponential backoff and jitter (reset after a healthy connection).
//
// Bus events: PriceTick; FeedStateChanged (connecting → live on the first tick → stale /
// live …; connecting with the error after each failure; down after stop()). A state change
// is published before the tick that caused it.
// Errors: infrastructure failures are caught in the loop, logged, announced and retried;
// nothing throws out of the client. Threading: the io_context thread only.
// Lifetime: the bus and clock must outlive the client; the client may be destroyed right
// after stop() (the loop ends on its own without touching the client).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ssl/context.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/feeds/events.hpp"
#include "antevorta/feeds/source_config.hpp"
#include "antevorta/net/backoff.hpp"
#include "antevorta/net/ws_client.hpp"

namespace antevorta::feeds {

struct FeedClientOptions {
  net::WsOptions ws{};
  net::BackoffOptions backoff{};
  // Kraken's application-level ping (an idle Kraken socket is closed after about a minute).
  Duration keepalive_interval = std::chrono::seconds(30);
};

struct FeedStats {
  std::uint64_t frames = 0;      // messages received
  std::uint64_t ticks = 0;       // PriceTicks published
  std::uint64_t bad_frames = 0;  // malformed frames
  std::uint64_t ignored = 0;     // well-formed frames of kinds not used
  std::uint64_t errors = 0;      // error messages from the venue
  std::uint64_t gaps = 0;        // skipped trade ids / sequence numbers
  std::uint64_t connects = 0;    // successful upgrades
  std::uint64_t reconnects = 0;  // failed attempts and lost connections, each followed by a retry
  std::uint64_t stale = 0;       // times the watchdog found the feed stale
  std::uint64_t keepalives = 0;  // application-level pings sent
  std::uint64_t sent = 0;        // messages sent: subscriptions and keepalives
  std::optional<Timestamp> last_tick;  // receive time of the last tick published
};

class FeedClient {
 public:
  using IngressTap = std::function<void(std::string_view frame, Timestamp received_at)>;

  FeedClient(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock, Logger logger,
             FeedSourceConfig config, FeedClientOptions options = {},
             std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
  ~FeedClient();
  FeedClient(const FeedClient&) = delete;
  FeedClient& operator=(const FeedClient&) = delete;

  void start();
  // Closes the connection, cancels every wait and timer, publishes FeedState::down.
  // Idempotent; a stopped client does not start again.
  void stop();

  // Called with every frame before it is parsed (the recorder). Set before start().
  void set_ingress_tap(IngressTap tap);

  const FeedSourceConfig& config() const noexcept;
  FeedState state() const noexcept;
  const std::string& last_error() const noexcept;  // the latest failure, "" before any
  const FeedStats& stats() const noexcept;

  struct State;  // shared with the connection loop; defined in the .cpp

 private:
  boost::asio::any_io_executor executor_;
  std::shared_ptr<State> state_;
};

}  // namespace antevorta::feeds
