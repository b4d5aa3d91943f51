// The decisions of one feed connection, without I/O: which FeedState to announce, when the
// staleness watchdog must look again, and when to drop the connection and start over.
// FeedClient (feed_client.hpp) is the thin coroutine loop that carries them out.
//
// States (FeedStateChanged):
//   start()                → connecting (detail empty)
//   connected()            → stays connecting until data arrives
//   a frame with ticks     → live (from connecting or stale)
//   check(), no tick for stale_after since the last tick (or since connecting)  → stale
//   check(), no tick for stale_reconnect (when not 0)                           → reconnect
//   a venue error / serverShutdown frame                                       → reconnect
//   failed(error)          → connecting, detail = the error (announced on every failure)
//   stopped()              → down
// After a reconnect step the session waits for failed(): check() and next_check() stay quiet.
// A step announces a state only when it changes, except failed(), which always does (the
// detail is news). Frames that are heartbeats, acks, ignored or malformed change nothing:
// only ticks prove the feed is alive.
//
// Errors: none; calling connected()/frame()/check() while not started is harmless (no step).
// Threading: one thread, no locking; time comes in as arguments.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "antevorta/core/clock.hpp"
#include "antevorta/feeds/events.hpp"
#include "antevorta/feeds/parser.hpp"

namespace antevorta::feeds {

struct SessionStep {
  std::optional<FeedStateChanged> announce;  // publish this
  bool reconnect = false;                    // close the connection and start over
  std::string reason;                        // why (for reconnect): logged and announced later
};

class FeedSession {
 public:
  // stale_after > 0; stale_reconnect 0 (never) or > stale_after.
  FeedSession(std::string source, Duration stale_after, Duration stale_reconnect);

  SessionStep start(Timestamp now);
  // The upgrade succeeded and the subscriptions were sent.
  SessionStep connected(Timestamp now);
  // One parsed frame, received at `now`.
  SessionStep frame(const FrameResult& result, Timestamp now);
  // The watchdog: call at next_check() (earlier or later is harmless).
  SessionStep check(Timestamp now);
  // The connection failed or was lost (including after a reconnect step).
  SessionStep failed(Timestamp now, std::string_view error);
  SessionStep stopped(Timestamp now);

  FeedState state() const noexcept { return state_; }
  bool connected() const noexcept { return connected_; }
  // When check() must run next; nullopt while not connected, after a reconnect step (the
  // connection is going away), or while stale with stale_reconnect 0 (only a tick changes
  // anything then).
  std::optional<Timestamp> next_check() const noexcept;
  std::optional<Timestamp> last_tick() const noexcept { return last_tick_; }

 private:
  SessionStep move_to(FeedState next, std::string detail, Timestamp now);
  Timestamp reference() const noexcept { return last_tick_.value_or(connected_at_); }

  std::string source_;
  Duration stale_after_;
  Duration stale_reconnect_;
  FeedState state_ = FeedState::down;
  bool started_ = false;
  bool connected_ = false;
  bool closing_ = false;  // a reconnect was asked for: no more checks on this connection
  Timestamp connected_at_{};
  std::optional<Timestamp> last_tick_;  // on the current connection
};

}  // namespace antevorta::feeds
