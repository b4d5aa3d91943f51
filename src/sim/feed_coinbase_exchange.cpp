// Coinbase Exchange feed (wire NOTES §2.1): flat messages with a `type`; `subscriptions`
// acks repeating the full channel list; per trade one product sequence number shared by
// its `ticker` (side = taker) and `match` (side = maker); last_match on subscribing to
// matches; a heartbeat per product and second.
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "antevorta/sim/index_path.hpp"

#include "feed_internal.hpp"

namespace antevorta::sim::feed {

namespace {

using Json = nlohmann::ordered_json;

const std::set<std::string, std::less<>> kChannels{"ticker", "matches", "heartbeat"};

class CoinbaseExchange final : public ProtocolServer {
 public:
  explicit CoinbaseExchange(Context c) : ProtocolServer(std::move(c)) {}

  void open(ConnectionId id, std::string_view) override { conns_[id]; }
  void close(ConnectionId id) override { conns_.erase(id); }

  void message(ConnectionId id, std::string_view text) override {
    auto& c = conns_[id];
    const Json cmd = Json::parse(text, nullptr, false);
    if (!cmd.is_object()) return error(id, "Malformed JSON");
    const std::string type = cmd.value("type", "");
    if (type != "subscribe" && type != "unsubscribe") {
      return error(id, "Type has to be either subscribe or unsubscribe");
    }
    std::vector<std::string> default_products;
    if (cmd.contains("product_ids") && cmd["product_ids"].is_array()) {
      for (const auto& p : cmd["product_ids"]) {
        if (p.is_string()) default_products.push_back(p.get<std::string>());
      }
    }
    if (!cmd.contains("channels") || !cmd["channels"].is_array() || cmd["channels"].empty()) {
      return error(id, "channels is required");
    }
    // Validate everything before changing anything.
    std::vector<std::pair<std::string, std::vector<std::string>>> requests;
    for (const auto& ch : cmd["channels"]) {
      std::string name;
      std::vector<std::string> products = default_products;
      if (ch.is_string()) {
        name = ch.get<std::string>();
      } else if (ch.is_object() && ch.contains("name") && ch["name"].is_string()) {
        name = ch["name"].get<std::string>();
        if (ch.contains("product_ids") && ch["product_ids"].is_array()) {
          products.clear();
          for (const auto& p : ch["product_ids"]) {
            if (p.is_string()) products.push_back(p.get<std::string>());
          }
        }
      }
      if (!kChannels.contains(name))
        return error(id, fmt::format("{} is not a valid channel", name));
      for (const auto& p : products) {
        if (ctx_.market.find(p) == nullptr) {
          return error(id, fmt::format("{} is not a valid product", p));
        }
      }
      if (products.empty()) return error(id, "product_ids are required");
      requests.emplace_back(std::move(name), std::move(products));
    }
    std::vector<std::string> new_matches;
    for (const auto& [name, products] : requests) {
      auto& set = c.channels[name];
      for (const auto& p : products) {
        if (type == "unsubscribe") {
          set.erase(p);
        } else if (set.insert(p).second && name == "matches") {
          new_matches.push_back(p);
        }
      }
      if (set.empty()) c.channels.erase(name);
    }
    Json channels = Json::array();
    for (const auto& [name, set] : c.channels) {
      Json list = Json::array();
      for (const auto& p : set) list.push_back(p);
      channels.push_back(
          Json{{"name", name}, {"product_ids", std::move(list)}, {"account_ids", nullptr}});
    }
    ctx_.send(id, Json{{"type", "subscriptions"}, {"channels", std::move(channels)}}.dump());
    for (const auto& p : new_matches) {
      const ProductState& s = *ctx_.market.find(p);
      if (!s.recent.empty()) ctx_.send(id, match_json("last_match", s, s.recent.back()).dump());
    }
  }

  void quote(const ProductState&) override {}  // the Exchange ticker follows matches

  void trade(const ProductState& s, const Trade& t) override {
    std::optional<std::string> ticker;
    std::optional<std::string> match;
    for (auto& [id, c] : conns_) {
      if (wants(c, "ticker", s)) {
        if (!ticker) ticker = ticker_json(s, t).dump();
        ctx_.send(id, *ticker);
      }
      if (wants(c, "matches", s)) {
        if (!match) match = match_json("match", s, t).dump();
        ctx_.send(id, *match);
      }
    }
  }

  void heartbeat(Timestamp now) override {
    for (auto& [id, c] : conns_) {
      auto it = c.channels.find("heartbeat");
      if (it == c.channels.end()) continue;
      for (const auto& p : it->second) {
        const ProductState& s = *ctx_.market.find(p);
        ctx_.send(id, Json{{"type", "heartbeat"},
                           {"sequence", s.sequence},
                           {"last_trade_id", s.next_trade_id - 1},
                           {"product_id", p},
                           {"time", rfc3339(now, 6)}}
                          .dump());
      }
    }
  }

 private:
  struct Conn {
    std::map<std::string, std::set<std::string>, std::less<>> channels;
  };

  static bool wants(const Conn& c, std::string_view channel, const ProductState& s) {
    auto it = c.channels.find(channel);
    return it != c.channels.end() && it->second.contains(s.product.symbol);
  }

  Json ticker_json(const ProductState& s, const Trade& t) const {
    const int pd = s.product.price_decimals;
    return Json{{"type", "ticker"},
                {"sequence", s.sequence},
                {"product_id", s.product.symbol},
                {"price", fixed_text(t.price, pd)},
                {"open_24h", fixed_text(s.open_24h, pd)},
                {"volume_24h", fixed_text(s.volume_24h, 8)},
                {"low_24h", fixed_text(s.low_24h, pd)},
                {"high_24h", fixed_text(s.high_24h, pd)},
                {"volume_30d", fixed_text(s.volume_24h, 8)},
                {"best_bid", fixed_text(s.bid, pd)},
                {"best_bid_size", fixed_text(s.bid_size, 8)},
                {"best_ask", fixed_text(s.ask, pd)},
                {"best_ask_size", fixed_text(s.ask_size, 8)},
                {"side", t.taker_buy ? "buy" : "sell"},
                {"time", rfc3339(t.time, 6)},
                {"trade_id", t.id},
                {"last_size", fixed_text(t.size, 8)}};
  }

  Json match_json(std::string_view type, const ProductState& s, const Trade& t) const {
    const auto n = static_cast<std::uint64_t>(t.id);
    return Json{{"type", type},
                {"trade_id", t.id},
                {"maker_order_id", uuid_of(ctx_.seed, n * 2)},
                {"taker_order_id", uuid_of(ctx_.seed, n * 2 + 1)},
                {"side", t.taker_buy ? "sell" : "buy"},  // the maker's side
                {"size", fixed_text(t.size, 8)},
                {"price", fixed_text(t.price, s.product.price_decimals)},
                {"product_id", s.product.symbol},
                {"sequence", s.sequence},
                {"time", rfc3339(t.time, 6)}};
  }

  void error(ConnectionId id, const std::string& reason) {
    ctx_.send(
        id, Json{{"type", "error"}, {"message", "Failed to subscribe"}, {"reason", reason}}.dump());
  }

  std::map<ConnectionId, Conn> conns_;
};

}  // namespace

std::unique_ptr<ProtocolServer> make_coinbase_exchange(Context context) {
  return std::make_unique<CoinbaseExchange>(std::move(context));
}

}  // namespace antevorta::sim::feed
