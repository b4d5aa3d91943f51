// Bus events published by the Kalshi clients (one struct per fact, see DESIGN §1).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/order_book.hpp"

namespace antevorta::kalshi {

enum class ConnectionState : std::uint8_t {
  connecting,    // resolving / connecting / upgrading
  connected,     // upgraded; subscriptions being (re)established
  disconnected,  // lost or failed; a reconnect is scheduled
  auth_failed,   // the exchange refused our credentials (401/403); retries are bounded
  stopped,       // stop() was called
};
std::string_view to_string(ConnectionState state) noexcept;

// The WebSocket connection changed state. `detail` is a short reason (the error, or the
// exchange's message for auth failures); `attempt` counts consecutive failed connects.
struct StreamStateChanged {
  ConnectionState state = ConnectionState::disconnected;
  std::string detail;
  int attempt = 0;
  Timestamp at{};
};

// A book changed (snapshot or delta). `book` stays valid for the BookStore's lifetime;
// `at` is the receive time of the frame that changed it.
struct BookUpdated {
  const OrderBook* book = nullptr;
  Timestamp at{};
  bool snapshot = false;
};

// A book became stale (gap, disconnect, bad update) or fresh again (a snapshot rebuilt it).
struct BookStateChanged {
  MarketTicker ticker;
  bool stale = true;
  std::optional<StaleReason> reason;  // set when stale
  Timestamp at{};
};

}  // namespace antevorta::kalshi
