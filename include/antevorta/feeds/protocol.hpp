// What a feed connection asks for: the HTTP upgrade target and the messages sent after the
// upgrade, per protocol. Pure functions of the source configuration.
//
//   Coinbase Advanced  target = the URL's path; one subscribe per channel, heartbeats included:
//                      {"type":"subscribe","product_ids":[…],"channel":"ticker"}
//   Coinbase Exchange  target = the URL's path; one subscribe naming every channel and heartbeat:
//                      {"type":"subscribe","product_ids":[…],"channels":["ticker","matches","heartbeat"]}
//   Binance            everything is in the target, nothing is sent:
//                      <path>/stream?streams=btcusdt@trade/btcusdt@bookTicker[&timeUnit=MICROSECOND]
//   Kraken v2          target = the URL's path; one subscribe per channel (trade without its
//                      snapshot of past trades), then {"method":"ping","req_id":N} as keepalive:
//                      {"method":"subscribe","params":{"channel":"ticker","symbol":[…]},"req_id":1}
//
// Errors: none (the configuration was validated). Threading: pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "antevorta/feeds/source_config.hpp"

namespace antevorta::feeds {

// The request target of the WebSocket upgrade (path and query).
std::string upgrade_target(const FeedSourceConfig& source);

// The messages to send, in order, right after each upgrade.
std::vector<std::string> subscribe_messages(const FeedSourceConfig& source);

// The application-level keepalive for the protocol, numbered `req_id`; nullopt when the
// protocol needs none (WebSocket pings suffice).
std::optional<std::string> keepalive_message(const FeedSourceConfig& source, std::int64_t req_id);

}  // namespace antevorta::feeds
