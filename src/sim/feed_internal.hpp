// Internals of the simulated feed servers (feed_hub.hpp): one venue's market per protocol
// (products, quotes, trades, 24-hour statistics) and the protocol servers that turn it into
// each venue's messages. Threading: one io_context thread.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/decimal.hpp"
#include "antevorta/sim/feed_hub.hpp"

namespace antevorta::sim::feed {

using ConnectionId = FeedHub::ConnectionId;

struct Product {
  std::string asset;   // "BTC"
  std::string symbol;  // "BTC-USD", "BTCUSDT", "BTC/USD"
  int price_decimals = 2;
  int qty_decimals = 8;
};

struct Trade {
  std::int64_t id = 0;
  Decimal price;
  Decimal size;
  bool taker_buy = true;
  Timestamp time{};
};

// One product's state on one venue.
struct ProductState {
  Product product;
  Decimal bid, ask, bid_size, ask_size;
  Timestamp quote_time{};
  std::deque<Trade> recent;  // newest last, at most 50
  Decimal open_24h, low_24h, high_24h, last, volume_24h;
  double notional_24h = 0.0;  // for Kraken's vwap
  std::int64_t next_trade_id = 1;
  std::int64_t update_id = 0;  // Binance bookTicker `u`
  std::int64_t sequence = 0;   // Coinbase Exchange per-product sequence (one per trade)
};

// A venue's products moving with the index.
class VenueMarket {
 public:
  VenueMarket(std::vector<Product> products, double basis_bps);
  // Requotes `state` around index × (1 + basis) × (1 + noise) + offset, and trades with
  // `trade_probability`; returns the trade.
  std::optional<Trade> step(ProductState& state, Decimal index, Decimal offset,
                            const FeedOptions& options, std::mt19937_64& rng, Timestamp now);
  std::vector<ProductState>& products() noexcept { return products_; }
  ProductState* find(std::string_view symbol);

 private:
  std::vector<ProductState> products_;
  double basis_bps_;
};

// What a protocol server uses: the time, its venue, and a way to send to a connection.
struct Context {
  Clock& clock;
  VenueMarket& market;
  std::function<void(ConnectionId, std::string)> send;
  std::uint64_t seed = 0;
};

class ProtocolServer {
 public:
  explicit ProtocolServer(Context context) : ctx_(std::move(context)) {}
  virtual ~ProtocolServer() = default;
  ProtocolServer(const ProtocolServer&) = delete;
  ProtocolServer& operator=(const ProtocolServer&) = delete;

  virtual void open(ConnectionId id, std::string_view target) = 0;
  virtual void close(ConnectionId id) = 0;
  virtual void message(ConnectionId id, std::string_view text) = 0;
  virtual void quote(const ProductState& state) = 0;
  virtual void trade(const ProductState& state, const Trade& trade) = 0;
  virtual void heartbeat(Timestamp now) = 0;

 protected:
  Context ctx_;
};

std::unique_ptr<ProtocolServer> make_coinbase_advanced(Context context);
std::unique_ptr<ProtocolServer> make_coinbase_exchange(Context context);
std::unique_ptr<ProtocolServer> make_binance(Context context);
std::unique_ptr<ProtocolServer> make_kraken(Context context);

// "2026-01-01T00:00:00.123456Z" with `digits` (3, 6 or 9) fractional digits.
std::string rfc3339(Timestamp t, int digits);
// Go's time.String(): "2026-01-01 00:00:00.123456789 +0000 UTC m=+12.500000001".
std::string go_time(Timestamp t, Duration since_start);
// A UUID-shaped id derived from a number (deterministic).
std::string uuid_of(std::uint64_t seed, std::uint64_t n);

}  // namespace antevorta::sim::feed
