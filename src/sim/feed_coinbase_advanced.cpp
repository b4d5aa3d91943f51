// Coinbase Advanced Trade market data (wire NOTES §2.2): one channel per subscribe message,
// envelopes {"channel","client_id","timestamp","sequence_num","events"} with sequence_num
// counting per connection across channels.
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "antevorta/sim/index_path.hpp"

#include "feed_internal.hpp"

namespace antevorta::sim::feed {

namespace {

using Json = nlohmann::ordered_json;

const std::set<std::string, std::less<>> kChannels{"ticker", "ticker_batch", "market_trades",
                                                   "heartbeats"};

Json ticker_json(const ProductState& s, bool with_book) {
  const int pd = s.product.price_decimals;
  const double open = s.open_24h.to_double();
  const double change = open > 0 ? (s.last.to_double() - open) / open * 100.0 : 0.0;
  Json t{{"type", "ticker"},
         {"product_id", s.product.symbol},
         {"price", fixed_text(s.last, pd)},
         {"volume_24_h", fixed_text(s.volume_24h, 8)},
         {"low_24_h", fixed_text(s.low_24h, pd)},
         {"high_24_h", fixed_text(s.high_24h, pd)},
         {"low_52_w", fixed_text(s.low_24h, pd)},
         {"high_52_w", fixed_text(s.high_24h, pd)},
         {"price_percent_chg_24_h", fmt::format("{:.8f}", change)}};
  if (with_book) {
    t["best_bid"] = fixed_text(s.bid, pd);
    t["best_bid_quantity"] = fixed_text(s.bid_size, 8);
    t["best_ask"] = fixed_text(s.ask, pd);
    t["best_ask_quantity"] = fixed_text(s.ask_size, 8);
  }
  return t;
}

Json trade_json(const ProductState& s, const Trade& t) {
  return Json{{"trade_id", std::to_string(t.id)},
              {"product_id", s.product.symbol},
              {"price", fixed_text(t.price, s.product.price_decimals)},
              {"size", fixed_text(t.size, 8)},
              {"side", t.taker_buy ? "BUY" : "SELL"},  // the aggressor's side
              {"time", rfc3339(t.time, 6)}};
}

class CoinbaseAdvanced final : public ProtocolServer {
 public:
  explicit CoinbaseAdvanced(Context c) : ProtocolServer(std::move(c)), start_(ctx_.clock.now()) {}

  void open(ConnectionId id, std::string_view) override { conns_[id]; }
  void close(ConnectionId id) override { conns_.erase(id); }

  void message(ConnectionId id, std::string_view text) override {
    auto& c = conns_[id];
    const Json cmd = Json::parse(text, nullptr, false);
    if (!cmd.is_object()) return error(id, "malformed JSON");
    const std::string type = cmd.value("type", "");
    if (type != "subscribe" && type != "unsubscribe") {
      return error(id, fmt::format("unknown message type \"{}\"", type));
    }
    if (!cmd.contains("channel") || !cmd["channel"].is_string()) {
      return error(id, "channel is required (one channel per message)");
    }
    const std::string channel = cmd["channel"].get<std::string>();
    if (!kChannels.contains(channel)) {
      return error(id, fmt::format("channel \"{}\" is not available", channel));
    }
    std::vector<std::string> products;
    if (cmd.contains("product_ids") && cmd["product_ids"].is_array()) {
      for (const auto& p : cmd["product_ids"]) {
        if (!p.is_string()) continue;
        if (ctx_.market.find(p.get<std::string>()) == nullptr) {
          return error(id, fmt::format("invalid product_id \"{}\"", p.get<std::string>()));
        }
        products.push_back(p.get<std::string>());
      }
    }
    if (products.empty() && channel != "heartbeats") {
      return error(id, "product_ids are required");
    }
    auto& subscribed = c.channels[channel];
    std::vector<std::string> added;
    for (const auto& p : products) {
      if (type == "subscribe" ? subscribed.insert(p).second : subscribed.erase(p) > 0) {
        added.push_back(p);
      }
    }
    if (channel == "heartbeats") c.heartbeats = type == "subscribe";
    if (subscribed.empty() && !(channel == "heartbeats" && c.heartbeats)) {
      c.channels.erase(channel);
    }
    Json map = Json::object();
    for (const auto& [name, set] : c.channels) {
      Json list = Json::array();
      for (const auto& p : set) list.push_back(p);
      map[name] = std::move(list);
    }
    emit(id, "subscriptions", Json::array({Json{{"subscriptions", std::move(map)}}}));
    if (type != "subscribe" || added.empty()) return;
    if (channel == "ticker" || channel == "ticker_batch") {
      Json tickers = Json::array();
      for (const auto& p : added)
        tickers.push_back(ticker_json(*ctx_.market.find(p), channel == "ticker"));
      emit(id, channel, Json::array({Json{{"type", "snapshot"}, {"tickers", std::move(tickers)}}}));
    } else if (channel == "market_trades") {
      Json trades = Json::array();
      for (const auto& p : added) {
        const ProductState& s = *ctx_.market.find(p);
        for (auto it = s.recent.rbegin(); it != s.recent.rend(); ++it) {
          trades.push_back(trade_json(s, *it));
        }
      }
      emit(id, "market_trades",
           Json::array({Json{{"type", "snapshot"}, {"trades", std::move(trades)}}}));
    }
  }

  void quote(const ProductState& s) override {
    for (auto& [id, c] : conns_) {
      if (!wants(c, "ticker", s)) continue;
      emit(id, "ticker",
           Json::array(
               {Json{{"type", "update"}, {"tickers", Json::array({ticker_json(s, true)})}}}));
    }
  }

  void trade(const ProductState& s, const Trade& t) override {
    for (auto& [id, c] : conns_) {
      if (!wants(c, "market_trades", s)) continue;
      emit(id, "market_trades",
           Json::array({Json{{"type", "update"}, {"trades", Json::array({trade_json(s, t)})}}}));
    }
  }

  void heartbeat(Timestamp now) override {
    for (auto& [id, c] : conns_) {
      if (c.heartbeats) {
        emit(id, "heartbeats",
             Json::array({Json{{"current_time", go_time(now, now - start_)},
                               {"heartbeat_counter", c.heartbeat_counter++}}}));
      }
      // ticker_batch: the tickers without the book, batched (here: once per heartbeat).
      auto batch = c.channels.find("ticker_batch");
      if (batch == c.channels.end()) continue;
      Json tickers = Json::array();
      for (const auto& p : batch->second)
        tickers.push_back(ticker_json(*ctx_.market.find(p), false));
      emit(id, "ticker_batch",
           Json::array({Json{{"type", "update"}, {"tickers", std::move(tickers)}}}));
    }
  }

 private:
  struct Conn {
    std::int64_t sequence_num = 0;
    std::int64_t heartbeat_counter = 0;
    bool heartbeats = false;
    std::map<std::string, std::set<std::string>, std::less<>> channels;
  };

  static bool wants(const Conn& c, std::string_view channel, const ProductState& s) {
    auto it = c.channels.find(channel);
    return it != c.channels.end() && it->second.contains(s.product.symbol);
  }

  void emit(ConnectionId id, std::string_view channel, Json events) {
    auto& c = conns_[id];
    Json env{{"channel", channel},
             {"client_id", ""},
             {"timestamp", rfc3339(ctx_.clock.now(), 9)},
             {"sequence_num", c.sequence_num++},
             {"events", std::move(events)}};
    ctx_.send(id, env.dump());
  }

  void error(ConnectionId id, const std::string& message) {
    ctx_.send(id, Json{{"type", "error"}, {"message", message}}.dump());
  }

  Timestamp start_;
  std::map<ConnectionId, Conn> conns_;
};

}  // namespace

std::unique_ptr<ProtocolServer> make_coinbase_advanced(Context context) {
  return std::make_unique<CoinbaseAdvanced>(std::move(context));
}

}  // namespace antevorta::sim::feed
