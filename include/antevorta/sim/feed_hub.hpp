// The simulated crypto exchanges' public market-data WebSockets, speaking the real protocols
// (shared/reference/wire/NOTES.md §2–§4) so the daemon's feed clients connect to them as
// they would to the venues:
//
//   coinbase_advanced  /feeds/coinbase-advanced   Advanced Trade: one channel per subscribe
//                      (ticker, ticker_batch, market_trades, heartbeats), `subscriptions`
//                      acks, envelopes with a per-connection sequence_num. BTC-USD, SOL-USD.
//   coinbase_exchange  /feeds/coinbase-exchange   Exchange feed: `subscriptions` ack, ticker
//                      and match (per-product sequence, one per trade), last_match on
//                      subscribe, heartbeat per product per second. BTC-USD, SOL-USD.
//   binance            /feeds/binance             spot: /stream?streams=a/b (combined,
//                      {"stream","data"}) or /ws (raw); @trade, @aggTrade, @bookTicker;
//                      SUBSCRIBE / UNSUBSCRIBE → {"result":null,"id":N}, LIST_SUBSCRIPTIONS.
//                      BTCUSDT, SOLUSDT.
//   kraken             /feeds/kraken/v2           WS v2: status on connect (connection_id a
//                      uint64 above 2^63), subscribe acks, snapshot then updates (ticker,
//                      trade), heartbeat each second once subscribed, ping → pong; numbers
//                      are JSON numbers with trailing zeros. BTC/USD, SOL/USD.
//
// Each protocol is its own simulated venue, driven by the simulated index of each asset:
// every tick its mid is index × (1 + basis) × (1 + noise) + offset; it quotes a bid and
// an ask around it and trades with trade_probability (at the ask for a taker buy, at the
// bid for a taker sell).
//
// Transport-free like WsHub: a connection is a send and a drop function; the SimServer
// routes WebSocket upgrades by path (route()) and moves frames. Faults for tests: drop()
// aborts a protocol's connections, set_silent() stops everything it sends (data, acks,
// heartbeats; its market goes on, so sequences show a gap afterwards), set_price_offset()
// shifts one asset's prices on one protocol (divergence from the index).
//
// Errors: a client's bad request is answered in the venue's error shape. Threading: one
// io_context thread.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/decimal.hpp"
#include "antevorta/sim/index_path.hpp"

namespace antevorta::sim {

enum class FeedProtocol : std::uint8_t { coinbase_advanced, coinbase_exchange, binance, kraken };
constexpr std::array<FeedProtocol, 4> kFeedProtocols{FeedProtocol::coinbase_advanced,
                                                     FeedProtocol::coinbase_exchange,
                                                     FeedProtocol::binance, FeedProtocol::kraken};
// "coinbase_advanced", "coinbase_exchange", "binance", "kraken".
std::string_view to_string(FeedProtocol protocol) noexcept;
std::optional<FeedProtocol> feed_protocol_from(std::string_view name) noexcept;
// The URL path a protocol is served on (Binance: the base the client appends /stream?… to).
std::string_view feed_path(FeedProtocol protocol) noexcept;

struct FeedOptions {
  double trade_probability = 0.6;  // per product and tick
  double noise_bps = 1.0;          // one standard deviation of a venue's mid around its basis
  double half_spread_bps = 0.5;    // at least half a price tick
  // Each protocol's basis against the index, in basis points (indexed by FeedProtocol;
  // Binance quotes USDT).
  std::array<double, 4> basis_bps{0.5, 0.5, -1.5, 1.0};
  Duration heartbeat_interval = std::chrono::seconds(1);
};

class FeedHub {
 public:
  using ConnectionId = std::uint64_t;
  using Send = std::function<bool(std::string)>;
  using Drop = std::function<void()>;

  FeedHub(Clock& clock, const IndexSet& indices, FeedOptions options, std::uint64_t seed);
  ~FeedHub();
  FeedHub(const FeedHub&) = delete;
  FeedHub& operator=(const FeedHub&) = delete;

  // The protocol serving `target` (path and query), if any.
  static std::optional<FeedProtocol> route(std::string_view target) noexcept;
  // A new connection upgraded on `target`; empty when no protocol serves it.
  std::optional<ConnectionId> open(std::string_view target, Send send, Drop drop);
  void on_message(ConnectionId id, std::string_view text);
  void close(ConnectionId id);

  // Each protocol's quotes (and trades) move with the index; heartbeats when due.
  void tick();

  // ---- Faults ----------------------------------------------------------------------------
  void drop(FeedProtocol protocol);
  void set_silent(FeedProtocol protocol, bool silent);
  void set_price_offset(FeedProtocol protocol, std::string_view asset, Decimal offset);

  std::size_t connection_count(FeedProtocol protocol) const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace antevorta::sim
