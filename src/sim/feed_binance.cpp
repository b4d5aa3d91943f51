// Binance spot market streams (wire NOTES §3): combined streams at
// <base>/stream?streams=a/b wrapped as {"stream","data"}, raw streams at <base>/ws or
// <base>/ws/<stream> (bare data); SUBSCRIBE / UNSUBSCRIBE / LIST_SUBSCRIPTIONS with their
// {"result","id"} replies and {"code","msg","id"} errors. Streams: <symbol>@trade,
// <symbol>@aggTrade, <symbol>@bookTicker (lower-case symbols; upper-case `s` inside).
#include <algorithm>
#include <cctype>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "antevorta/sim/index_path.hpp"

#include "feed_internal.hpp"

namespace antevorta::sim::feed {

namespace {

using Json = nlohmann::ordered_json;

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

class Binance final : public ProtocolServer {
 public:
  explicit Binance(Context c) : ProtocolServer(std::move(c)) {}

  void open(ConnectionId id, std::string_view target) override {
    Conn& c = conns_[id];
    const auto q = target.find('?');
    const std::string_view path = target.substr(0, q);
    const std::string_view base = feed_path(FeedProtocol::binance);
    const std::string_view rest = path.substr(std::min(path.size(), base.size()));
    c.combined = rest.starts_with("/stream");
    if (c.combined && q != std::string_view::npos) {
      std::string_view query = target.substr(q + 1);
      while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        if (pair.starts_with("streams=")) add_streams(c, pair.substr(8));
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
      }
    } else if (rest.starts_with("/ws/")) {
      add_streams(c, rest.substr(4));
    }
  }

  void close(ConnectionId id) override { conns_.erase(id); }

  void message(ConnectionId id, std::string_view text) override {
    Conn& c = conns_[id];
    const Json cmd = Json::parse(text, nullptr, false);
    if (!cmd.is_object()) {
      return reply(id, Json{{"code", 3},
                            {"msg", "Invalid JSON: expected value at line 1 column 1"},
                            {"id", nullptr}});
    }
    const Json rid = cmd.contains("id") ? cmd["id"] : Json(nullptr);
    const std::string method = cmd.contains("method") && cmd["method"].is_string()
                                   ? cmd["method"].get<std::string>()
                                   : std::string();
    if (method == "LIST_SUBSCRIPTIONS") {
      Json list = Json::array();
      for (const auto& s : c.streams) list.push_back(s);
      return reply(id, Json{{"result", std::move(list)}, {"id", rid}});
    }
    if (method != "SUBSCRIBE" && method != "UNSUBSCRIBE") {
      return reply(id,
                   Json{{"code", 2},
                        {"msg", fmt::format("Invalid request: unknown variant `{}`, expected one "
                                            "of `SUBSCRIBE`, `UNSUBSCRIBE`, "
                                            "`LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, "
                                            "`GET_PROPERTY`",
                                            method)},
                        {"id", rid}});
    }
    if (!cmd.contains("params") || !cmd["params"].is_array()) {
      return reply(
          id, Json{{"code", 2}, {"msg", "Invalid request: missing field `params`"}, {"id", rid}});
    }
    for (const auto& p : cmd["params"]) {
      if (!p.is_string() || !valid_stream(p.get<std::string>())) {
        return reply(id,
                     Json{{"code", 2},
                          {"msg", fmt::format("Invalid request: invalid stream name {}", p.dump())},
                          {"id", rid}});
      }
    }
    for (const auto& p : cmd["params"]) {
      if (method == "SUBSCRIBE") {
        c.streams.insert(p.get<std::string>());
      } else {
        c.streams.erase(p.get<std::string>());
      }
    }
    reply(id, Json{{"result", nullptr}, {"id", rid}});
  }

  void quote(const ProductState& s) override {
    const std::string stream = lower(s.product.symbol) + "@bookTicker";
    Json data{{"u", s.update_id},          {"s", s.product.symbol},
              {"b", fixed_text(s.bid, 8)}, {"B", fixed_text(s.bid_size, 8)},
              {"a", fixed_text(s.ask, 8)}, {"A", fixed_text(s.ask_size, 8)}};
    publish(stream, data);
  }

  void trade(const ProductState& s, const Trade& t) override {
    const std::int64_t ms = to_unix_ms(t.time);
    const std::string sym = lower(s.product.symbol);
    publish(sym + "@trade", Json{{"e", "trade"},
                                 {"E", ms},
                                 {"s", s.product.symbol},
                                 {"t", t.id},
                                 {"p", fixed_text(t.price, 8)},
                                 {"q", fixed_text(t.size, 8)},
                                 {"T", ms},
                                 {"m", !t.taker_buy},  // the buyer is the maker: a taker sold
                                 {"M", true}});
    publish(sym + "@aggTrade", Json{{"e", "aggTrade"},
                                    {"E", ms},
                                    {"s", s.product.symbol},
                                    {"a", t.id},
                                    {"p", fixed_text(t.price, 8)},
                                    {"q", fixed_text(t.size, 8)},
                                    {"f", t.id},
                                    {"l", t.id},
                                    {"T", ms},
                                    {"m", !t.taker_buy},
                                    {"M", true}});
  }

  void heartbeat(Timestamp) override {}  // Binance pings at the WebSocket level only

 private:
  struct Conn {
    bool combined = false;
    std::set<std::string, std::less<>> streams;
  };

  bool valid_stream(std::string_view name) {
    const auto at = name.find('@');
    if (at == std::string_view::npos) return false;
    const std::string_view sym = name.substr(0, at);
    const std::string_view kind = name.substr(at + 1);
    if (sym != lower(sym) || ctx_.market.find(upper(sym)) == nullptr) return false;
    return kind == "trade" || kind == "aggTrade" || kind == "bookTicker";
  }

  void add_streams(Conn& c, std::string_view list) {
    while (!list.empty()) {
      const auto slash = list.find('/');
      const std::string_view name = list.substr(0, slash);
      if (valid_stream(name)) c.streams.insert(std::string(name));
      list = slash == std::string_view::npos ? std::string_view{} : list.substr(slash + 1);
    }
  }

  void publish(const std::string& stream, const Json& data) {
    std::optional<std::string> wrapped;
    std::optional<std::string> bare;
    for (auto& [id, c] : conns_) {
      if (!c.streams.contains(stream)) continue;
      if (c.combined) {
        if (!wrapped) wrapped = Json{{"stream", stream}, {"data", data}}.dump();
        ctx_.send(id, *wrapped);
      } else {
        if (!bare) bare = data.dump();
        ctx_.send(id, *bare);
      }
    }
  }

  void reply(ConnectionId id, const Json& message) { ctx_.send(id, message.dump()); }

  std::map<ConnectionId, Conn> conns_;
};

}  // namespace

std::unique_ptr<ProtocolServer> make_binance(Context context) {
  return std::make_unique<Binance>(std::move(context));
}

}  // namespace antevorta::sim::feed
