// Kraken WebSocket v2 (wire NOTES §4.1): status on connect, method replies without a
// channel ({"method","result","success","time_in","time_out","req_id"}), data envelopes
// {"channel","type":"snapshot"|"update","data":[…]} whose prices and quantities are JSON
// numbers printed with their trailing zeros (written as text, never through a double),
// a heartbeat each second once subscribed, ping → pong.
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "antevorta/sim/index_path.hpp"

#include "feed_internal.hpp"

namespace antevorta::sim::feed {

namespace {

using Json = nlohmann::ordered_json;

std::string ticker_item(const ProductState& s) {
  const int pd = s.product.price_decimals;
  const double volume = s.volume_24h.to_double();
  const double vwap = volume > 0 ? s.notional_24h / volume : s.last.to_double();
  const Decimal vwap_d = Decimal::from_scaled(std::llround(vwap * std::pow(10.0, pd)) *
                                              std::llround(std::pow(10.0, 8 - pd)));
  const double open = s.open_24h.to_double();
  const double pct = open > 0 ? (s.last.to_double() - open) / open * 100.0 : 0.0;
  return fmt::format(
      R"({{"symbol":"{}","bid":{},"bid_qty":{},"ask":{},"ask_qty":{},"last":{},"volume":{},)"
      R"("vwap":{},"low":{},"high":{},"change":{},"change_pct":{:.2f},"timestamp":"{}"}})",
      s.product.symbol, fixed_text(s.bid, pd), fixed_text(s.bid_size, 8), fixed_text(s.ask, pd),
      fixed_text(s.ask_size, 8), fixed_text(s.last, pd), fixed_text(s.volume_24h, 8),
      fixed_text(vwap_d, pd), fixed_text(s.low_24h, pd), fixed_text(s.high_24h, pd),
      fixed_text(s.last - s.open_24h, pd), pct, rfc3339(s.quote_time, 6));
}

std::string trade_item(const ProductState& s, const Trade& t) {
  return fmt::format(
      R"({{"symbol":"{}","side":"{}","price":{},"qty":{},"ord_type":"market","trade_id":{},)"
      R"("timestamp":"{}"}})",
      s.product.symbol, t.taker_buy ? "buy" : "sell", fixed_text(t.price, s.product.price_decimals),
      fixed_text(t.size, 8), t.id, rfc3339(t.time, 6));
}

std::string envelope(std::string_view channel, std::string_view type, const std::string& items) {
  return fmt::format(R"({{"channel":"{}","type":"{}","data":[{}]}})", channel, type, items);
}

class Kraken final : public ProtocolServer {
 public:
  explicit Kraken(Context c) : ProtocolServer(std::move(c)) {}

  void open(ConnectionId id, std::string_view) override {
    // Above 2^63, as Kraken's are: a client must read it as uint64.
    const std::uint64_t connection_id =
        (1ULL << 63) | ((ctx_.seed * 0x9e3779b97f4a7c15ULL + id * 0x2545f4914f6cdd1dULL) >> 1);
    conns_[id];
    ctx_.send(id,
              fmt::format(R"({{"channel":"status","type":"update","data":[{{"api_version":)"
                          R"("v2","connection_id":{},"system":"online","version":"2.0.10"}}]}})",
                          connection_id));
  }

  void close(ConnectionId id) override { conns_.erase(id); }

  void message(ConnectionId id, std::string_view text) override {
    Conn& c = conns_[id];
    const std::string time_in = rfc3339(ctx_.clock.now(), 6);
    const Json cmd = Json::parse(text, nullptr, false);
    if (!cmd.is_object()) return method_error(id, "", Json(nullptr), "Malformed request", time_in);
    const std::string method = cmd.value("method", "");
    const Json req_id = cmd.contains("req_id") ? cmd["req_id"] : Json(nullptr);
    if (method == "ping") {
      Json pong{{"method", "pong"}};
      if (!req_id.is_null()) pong["req_id"] = req_id;
      pong["time_in"] = time_in;
      pong["time_out"] = rfc3339(ctx_.clock.now(), 6);
      return ctx_.send(id, pong.dump());
    }
    if (method != "subscribe" && method != "unsubscribe") {
      return method_error(id, method, req_id, "Method not supported", time_in);
    }
    const Json params =
        cmd.contains("params") && cmd["params"].is_object() ? cmd["params"] : Json::object();
    const std::string channel = params.value("channel", "");
    if (channel != "ticker" && channel != "trade") {
      return method_error(id, method, req_id, "Channel not supported", time_in);
    }
    if (!params.contains("symbol") || !params["symbol"].is_array() || params["symbol"].empty()) {
      return method_error(id, method, req_id, "Symbol required", time_in);
    }
    const bool snapshot = params.value("snapshot", true);
    const bool bbo = params.value("event_trigger", std::string("trades")) == "bbo";
    for (const auto& sym : params["symbol"]) {
      const std::string symbol = sym.is_string() ? sym.get<std::string>() : sym.dump();
      const ProductState* state = ctx_.market.find(symbol);
      if (state == nullptr) {
        method_error(id, method, req_id, "Currency pair not supported " + symbol, time_in, symbol);
        continue;
      }
      auto& subs = c.channels[channel];
      Json result{{"channel", channel}};
      if (method == "subscribe") {
        if (subs.contains(symbol)) {
          method_error(id, method, req_id, "Already subscribed", time_in, symbol);
          continue;
        }
        subs[symbol] = bbo;
        c.heartbeat = true;
        if (channel == "ticker") result["event_trigger"] = bbo ? "bbo" : "trades";
        result["snapshot"] = snapshot;
      } else {
        if (subs.erase(symbol) == 0) {
          method_error(id, method, req_id, "Subscription Not Found", time_in, symbol);
          continue;
        }
      }
      result["symbol"] = symbol;
      Json ack{{"method", method}, {"result", std::move(result)}, {"success", true}};
      ack["time_in"] = time_in;
      ack["time_out"] = rfc3339(ctx_.clock.now(), 6);
      if (!req_id.is_null()) ack["req_id"] = req_id;
      ctx_.send(id, ack.dump());
      if (method != "subscribe" || !snapshot) continue;
      if (channel == "ticker") {
        ctx_.send(id, envelope("ticker", "snapshot", ticker_item(*state)));
      } else {
        std::string items;
        for (const auto& t : state->recent) {
          if (!items.empty()) items += ',';
          items += trade_item(*state, t);
        }
        ctx_.send(id, envelope("trade", "snapshot", items));
      }
    }
  }

  void quote(const ProductState& s) override { ticker(s, true); }

  void trade(const ProductState& s, const Trade& t) override {
    std::optional<std::string> text;
    for (auto& [id, c] : conns_) {
      if (!subscribed(c, "trade", s)) continue;
      if (!text) text = envelope("trade", "update", trade_item(s, t));
      ctx_.send(id, *text);
    }
    ticker(s, false);
  }

  void heartbeat(Timestamp) override {
    for (auto& [id, c] : conns_) {
      if (c.heartbeat) ctx_.send(id, R"({"channel":"heartbeat"})");
    }
  }

 private:
  struct Conn {
    bool heartbeat = false;
    // channel → symbol → event_trigger is bbo
    std::map<std::string, std::map<std::string, bool, std::less<>>, std::less<>> channels;
  };

  static const bool* subscribed(const Conn& c, std::string_view channel, const ProductState& s) {
    auto ch = c.channels.find(channel);
    if (ch == c.channels.end()) return nullptr;
    auto it = ch->second.find(s.product.symbol);
    return it == ch->second.end() ? nullptr : &it->second;
  }

  // A ticker update: on quotes for event_trigger bbo, on trades otherwise.
  void ticker(const ProductState& s, bool on_quote) {
    std::optional<std::string> text;
    for (auto& [id, c] : conns_) {
      const bool* bbo = subscribed(c, "ticker", s);
      if (bbo == nullptr || *bbo != on_quote) continue;
      if (!text) text = envelope("ticker", "update", ticker_item(s));
      ctx_.send(id, *text);
    }
  }

  void method_error(ConnectionId id, const std::string& method, const Json& req_id,
                    const std::string& error, const std::string& time_in,
                    const std::string& symbol = {}) {
    Json e{{"error", error}, {"method", method}};
    if (!req_id.is_null()) e["req_id"] = req_id;
    e["success"] = false;
    if (!symbol.empty()) e["symbol"] = symbol;
    e["time_in"] = time_in;
    e["time_out"] = rfc3339(ctx_.clock.now(), 6);
    ctx_.send(id, e.dump());
  }

  std::map<ConnectionId, Conn> conns_;
};

}  // namespace

std::unique_ptr<ProtocolServer> make_kraken(Context context) {
  return std::make_unique<Kraken>(std::move(context));
}

}  // namespace antevorta::sim::feed
