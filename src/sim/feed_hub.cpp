#include "antevorta/sim/feed_hub.hpp"

#include <map>
#include <random>

#include "feed_internal.hpp"

namespace antevorta::sim {

namespace {

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

bool starts_with_path(std::string_view path, std::string_view base) {
  return path.starts_with(base) && (path.size() == base.size() || path[base.size()] == '/');
}

// The products of a protocol for the assets that have an index.
std::vector<feed::Product> products_of(FeedProtocol p, const IndexSet& indices) {
  std::vector<feed::Product> out;
  for (const auto& index : indices.all()) {
    const std::string& a = index.spec().asset;
    const bool btc = a == "BTC";
    switch (p) {
      case FeedProtocol::coinbase_advanced:
      case FeedProtocol::coinbase_exchange:
        out.push_back(feed::Product{a, a + "-USD", 2, 8});
        break;
      case FeedProtocol::binance:
        out.push_back(feed::Product{a, a + "USDT", 2, 8});
        break;
      case FeedProtocol::kraken:
        out.push_back(feed::Product{a, a + "/USD", btc ? 1 : 2, 8});
        break;
    }
  }
  return out;
}

}  // namespace

std::string_view to_string(FeedProtocol protocol) noexcept {
  switch (protocol) {
    case FeedProtocol::coinbase_advanced:
      return "coinbase_advanced";
    case FeedProtocol::coinbase_exchange:
      return "coinbase_exchange";
    case FeedProtocol::binance:
      return "binance";
    case FeedProtocol::kraken:
      return "kraken";
  }
  return "";
}

std::optional<FeedProtocol> feed_protocol_from(std::string_view name) noexcept {
  for (auto p : kFeedProtocols) {
    if (to_string(p) == name) return p;
  }
  return std::nullopt;
}

std::string_view feed_path(FeedProtocol protocol) noexcept {
  switch (protocol) {
    case FeedProtocol::coinbase_advanced:
      return "/feeds/coinbase-advanced";
    case FeedProtocol::coinbase_exchange:
      return "/feeds/coinbase-exchange";
    case FeedProtocol::binance:
      return "/feeds/binance";
    case FeedProtocol::kraken:
      return "/feeds/kraken/v2";
  }
  return "";
}

struct FeedHub::Impl {
  struct Connection {
    FeedProtocol protocol;
    Send send;
    Drop drop;
  };
  struct Venue {
    std::unique_ptr<feed::VenueMarket> market;
    std::unique_ptr<feed::ProtocolServer> server;
    bool silent = false;
    std::map<std::string, Decimal, std::less<>> offsets;  // by asset
  };

  Impl(Clock& c, const IndexSet& i, FeedOptions o, std::uint64_t s)
      : clock(c), indices(i), options(o), rng(s ^ 0xfeedfeedULL), next_heartbeat(c.now()) {
    for (auto p : kFeedProtocols) {
      auto& v = venues[static_cast<std::size_t>(p)];
      v.market = std::make_unique<feed::VenueMarket>(
          products_of(p, indices), options.basis_bps[static_cast<std::size_t>(p)]);
      feed::Context ctx{
          clock, *v.market,
          [this, p](ConnectionId id, std::string text) { send(p, id, std::move(text)); },
          s + static_cast<std::uint64_t>(p)};
      switch (p) {
        case FeedProtocol::coinbase_advanced:
          v.server = feed::make_coinbase_advanced(std::move(ctx));
          break;
        case FeedProtocol::coinbase_exchange:
          v.server = feed::make_coinbase_exchange(std::move(ctx));
          break;
        case FeedProtocol::binance:
          v.server = feed::make_binance(std::move(ctx));
          break;
        case FeedProtocol::kraken:
          v.server = feed::make_kraken(std::move(ctx));
          break;
      }
      // A first quote, so that snapshots have something to show before the first tick.
      step(v, false);
    }
  }

  Venue& venue(FeedProtocol p) { return venues[static_cast<std::size_t>(p)]; }

  void send(FeedProtocol p, ConnectionId id, std::string text) {
    if (venue(p).silent) return;
    auto it = connections.find(id);
    if (it != connections.end()) it->second.send(std::move(text));
  }

  void step(Venue& v, bool publish) {
    const Timestamp now = clock.now();
    for (auto& state : v.market->products()) {
      const IndexPath* index = indices.by_asset(state.product.asset);
      if (index == nullptr) continue;
      auto off = v.offsets.find(state.product.asset);
      const Decimal offset = off == v.offsets.end() ? Decimal{} : off->second;
      auto trade = v.market->step(state, index->value(), offset, options, rng, now);
      if (!publish) continue;
      v.server->quote(state);
      if (trade) v.server->trade(state, *trade);
    }
  }

  Clock& clock;
  const IndexSet& indices;
  FeedOptions options;
  std::mt19937_64 rng;
  std::array<Venue, 4> venues;
  std::map<ConnectionId, Connection> connections;
  ConnectionId next_id = 1;
  Timestamp next_heartbeat;
};

FeedHub::FeedHub(Clock& clock, const IndexSet& indices, FeedOptions options, std::uint64_t seed)
    : impl_(std::make_unique<Impl>(clock, indices, options, seed)) {}

FeedHub::~FeedHub() = default;

std::optional<FeedProtocol> FeedHub::route(std::string_view target) noexcept {
  const std::string_view path = path_of(target);
  for (auto p : kFeedProtocols) {
    if (p == FeedProtocol::binance ? starts_with_path(path, feed_path(p)) : path == feed_path(p)) {
      return p;
    }
  }
  return std::nullopt;
}

std::optional<FeedHub::ConnectionId> FeedHub::open(std::string_view target, Send send, Drop drop) {
  const auto protocol = route(target);
  if (!protocol) return std::nullopt;
  const ConnectionId id = impl_->next_id++;
  impl_->connections[id] = Impl::Connection{*protocol, std::move(send), std::move(drop)};
  impl_->venue(*protocol).server->open(id, target);
  return id;
}

void FeedHub::on_message(ConnectionId id, std::string_view text) {
  auto it = impl_->connections.find(id);
  if (it == impl_->connections.end()) return;
  impl_->venue(it->second.protocol).server->message(id, text);
}

void FeedHub::close(ConnectionId id) {
  auto it = impl_->connections.find(id);
  if (it == impl_->connections.end()) return;
  const FeedProtocol p = it->second.protocol;
  impl_->connections.erase(it);
  impl_->venue(p).server->close(id);
}

void FeedHub::tick() {
  for (auto& v : impl_->venues) impl_->step(v, true);
  const Timestamp now = impl_->clock.now();
  if (now >= impl_->next_heartbeat) {
    for (auto& v : impl_->venues) v.server->heartbeat(now);
    impl_->next_heartbeat += impl_->options.heartbeat_interval;
    if (impl_->next_heartbeat <= now)
      impl_->next_heartbeat = now + impl_->options.heartbeat_interval;
  }
}

void FeedHub::drop(FeedProtocol protocol) {
  std::vector<Drop> drops;
  for (const auto& [id, c] : impl_->connections) {
    if (c.protocol == protocol && c.drop) drops.push_back(c.drop);
  }
  for (auto& d : drops) d();
}

void FeedHub::set_silent(FeedProtocol protocol, bool silent) {
  impl_->venue(protocol).silent = silent;
}

void FeedHub::set_price_offset(FeedProtocol protocol, std::string_view asset, Decimal offset) {
  impl_->venue(protocol).offsets.insert_or_assign(std::string(asset), offset);
}

std::size_t FeedHub::connection_count(FeedProtocol protocol) const {
  std::size_t n = 0;
  for (const auto& [id, c] : impl_->connections) n += c.protocol == protocol;
  return n;
}

}  // namespace antevorta::sim
