#include "antevorta/sim/ws_hub.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace antevorta::sim {

using nlohmann::json;

namespace {

const std::set<std::string, std::less<>> kChannels{"orderbook_delta",
                                                   "ticker",
                                                   "trade",
                                                   "fill",
                                                   "user_orders",
                                                   "market_positions",
                                                   "market_lifecycle_v2",
                                                   "cfbenchmarks_value"};

bool private_market_filter(std::string_view channel) {
  return channel == "orderbook_delta";  // the only channel that requires markets
}

json levels_json(const std::vector<kalshi::BookLevel>& levels, bool complement) {
  json out = json::array();
  for (const auto& l : levels) {
    const Price p = complement ? l.price.complement() : l.price;
    out.push_back(json::array({p.to_string(), l.size.to_string()}));
  }
  return out;
}

std::vector<MarketTicker> tickers_of(const json& params) {
  std::vector<MarketTicker> out;
  if (params.contains("market_tickers") && params["market_tickers"].is_array()) {
    for (const auto& t : params["market_tickers"]) {
      if (t.is_string()) out.emplace_back(t.get<std::string>());
    }
  } else if (params.contains("market_ticker") && params["market_ticker"].is_string()) {
    out.emplace_back(params["market_ticker"].get<std::string>());
  }
  return out;
}

json with_id(json message, std::optional<std::int64_t> id) {
  if (id) message["id"] = *id;
  return message;
}

}  // namespace

WsHub::WsHub(Clock& clock, HubSource source) : clock_(clock), source_(std::move(source)) {}

WsHub::ConnectionId WsHub::open(AccountId account, Send send) {
  const ConnectionId id = next_connection_++;
  connections_[id] = Connection{std::move(account), std::move(send), 1, {}};
  return id;
}

void WsHub::close(ConnectionId id) { connections_.erase(id); }

std::size_t WsHub::subscription_count() const noexcept {
  std::size_t n = 0;
  for (const auto& [id, c] : connections_) n += c.subs.size();
  return n;
}

void WsHub::reply_error(Connection& c, std::optional<std::int64_t> id, int code,
                        std::string_view msg, std::optional<std::string> market_ticker) {
  json body{{"code", code}, {"msg", msg}};
  if (market_ticker) body["market_ticker"] = *market_ticker;
  c.send(with_id(json{{"type", "error"}, {"msg", body}}, id).dump());
}

void WsHub::on_command(ConnectionId cid, std::string_view text) {
  auto it = connections_.find(cid);
  if (it == connections_.end()) return;
  Connection& c = it->second;
  json cmd = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!cmd.is_object()) return reply_error(c, std::nullopt, 1, "Unable to process message");
  std::optional<std::int64_t> id;
  if (cmd.contains("id") && cmd["id"].is_number_integer() && cmd["id"].get<std::int64_t>() != 0) {
    id = cmd["id"].get<std::int64_t>();
  }
  if (!cmd.contains("cmd") || !cmd["cmd"].is_string()) {
    return reply_error(c, id, 1, "Unable to process message");
  }
  const std::string name = cmd["cmd"].get<std::string>();
  static const json kEmpty = json::object();
  const json& params = cmd.contains("params") && cmd["params"].is_object() ? cmd["params"] : kEmpty;
  if (name == "subscribe") return subscribe(c, id, params);
  if (name == "unsubscribe") return unsubscribe(c, id, params);
  if (name == "update_subscription") return update(c, id, params);
  if (name == "list_subscriptions") return list(c, id);
  reply_error(c, id, 5, "Unknown command");
}

void WsHub::subscribe(Connection& c, std::optional<std::int64_t> id, const json& params) {
  if (params.empty()) return reply_error(c, id, 2, "Params required");
  if (!params.contains("channels") || !params["channels"].is_array() ||
      params["channels"].empty()) {
    return reply_error(c, id, 3, "Channels required");
  }
  const auto markets = tickers_of(params);
  for (const auto& ch : params["channels"]) {
    if (!ch.is_string() || !kChannels.contains(ch.get<std::string>())) {
      return reply_error(c, id, 8, "Unknown channel name");
    }
    const std::string channel = ch.get<std::string>();
    if (private_market_filter(channel) && markets.empty()) {
      return reply_error(c, id, 14, "Market Ticker required");
    }
    if (channel == "cfbenchmarks_value" && params.contains("index_ids") &&
        !params["index_ids"].is_array()) {
      return reply_error(c, id, 11, "Invalid parameter");
    }
  }
  for (const auto& t : markets) {
    if (!source_.market_exists(t)) return reply_error(c, id, 16, "Market not found", t.str());
  }
  for (const auto& ch : params["channels"]) {
    const std::string channel = ch.get<std::string>();
    // Subscribing again to a channel with markets adds them to the existing subscription.
    Sub* existing = nullptr;
    for (auto& [sid, sub] : c.subs) {
      if (sub.channel == channel) existing = &sub;
    }
    if (existing != nullptr && (markets.empty() || existing->markets.empty())) {
      reply_error(c, id, 6, "Already subscribed");
      continue;
    }
    Sub sub;
    sub.sid = c.next_sid++;
    sub.channel = channel;
    sub.markets.insert(markets.begin(), markets.end());
    sub.use_yes_price = params.value("use_yes_price", false);
    if (channel == "cfbenchmarks_value" && params.contains("index_ids")) {
      add_indices(sub, params["index_ids"]);
    }
    auto& stored = c.subs[sub.sid] = std::move(sub);
    c.send(
        with_id(json{{"type", "subscribed"}, {"msg", {{"channel", channel}, {"sid", stored.sid}}}},
                id)
            .dump());
    if (channel == "orderbook_delta") {
      for (const auto& t : stored.markets) send_snapshot(c, stored, t);
    }
  }
}

void WsHub::unsubscribe(Connection& c, std::optional<std::int64_t> id, const json& params) {
  if (!params.contains("sids") || !params["sids"].is_array() || params["sids"].empty()) {
    return reply_error(c, id, 4, "Subscription IDs required");
  }
  for (const auto& s : params["sids"]) {
    const std::int64_t sid = s.is_number_integer() ? s.get<std::int64_t>() : 0;
    auto it = c.subs.find(sid);
    if (it == c.subs.end()) {
      reply_error(c, id, 7, "Unknown subscription ID");
      continue;
    }
    json reply{{"type", "unsubscribed"}, {"sid", sid}};
    if (it->second.channel == "orderbook_delta") reply["seq"] = next_seq(it->second);
    c.subs.erase(it);
    c.send(with_id(std::move(reply), id).dump());
  }
}

void WsHub::update(Connection& c, std::optional<std::int64_t> id, const json& params) {
  std::vector<std::int64_t> sids;
  if (params.contains("sid") && params["sid"].is_number_integer()) {
    sids.push_back(params["sid"].get<std::int64_t>());
  }
  if (params.contains("sids") && params["sids"].is_array()) {
    for (const auto& s : params["sids"]) {
      if (s.is_number_integer()) sids.push_back(s.get<std::int64_t>());
    }
  }
  if (sids.size() != 1) return reply_error(c, id, 12, "Exactly one subscription ID is required");
  auto it = c.subs.find(sids[0]);
  if (it == c.subs.end()) return reply_error(c, id, 7, "Unknown subscription ID");
  Sub& sub = it->second;
  if (!params.contains("action") || !params["action"].is_string()) {
    return reply_error(c, id, 15, "Action required");
  }
  const std::string action = params["action"].get<std::string>();
  if (sub.channel == "cfbenchmarks_value") return update_indices(c, id, sub, action, params);
  const auto markets = tickers_of(params);
  if (markets.empty()) return reply_error(c, id, 14, "Market Ticker required");
  for (const auto& t : markets) {
    if (!source_.market_exists(t)) return reply_error(c, id, 16, "Market not found", t.str());
  }
  const bool book = sub.channel == "orderbook_delta";
  if (action == "add_markets") {
    std::vector<MarketTicker> added;
    for (const auto& t : markets) {
      if (sub.markets.insert(t).second) added.push_back(t);
    }
    json reply{{"type", "ok"}, {"sid", sub.sid}, {"msg", {{"market_tickers", json::array()}}}};
    for (const auto& t : sub.markets) reply["msg"]["market_tickers"].push_back(t.str());
    if (book) reply["seq"] = next_seq(sub);
    c.send(with_id(std::move(reply), id).dump());
    if (book) {
      for (const auto& t : added) send_snapshot(c, sub, t);
    }
  } else if (action == "delete_markets") {
    for (const auto& t : markets) sub.markets.erase(t);
    json reply{{"type", "ok"}, {"sid", sub.sid}, {"msg", {{"market_tickers", json::array()}}}};
    for (const auto& t : sub.markets) reply["msg"]["market_tickers"].push_back(t.str());
    if (book) reply["seq"] = next_seq(sub);
    c.send(with_id(std::move(reply), id).dump());
  } else if (action == "get_snapshot" && book) {
    json reply{{"type", "ok"}, {"sid", sub.sid}, {"seq", next_seq(sub)}, {"msg", json::object()}};
    c.send(with_id(std::move(reply), id).dump());
    for (const auto& t : markets) send_snapshot(c, sub, t);
  } else {
    reply_error(c, id, 13, "Unsupported action");
  }
}

void WsHub::list(Connection& c, std::optional<std::int64_t> id) {
  json subs = json::array();
  for (const auto& [sid, sub] : c.subs) subs.push_back({{"channel", sub.channel}, {"sid", sid}});
  c.send(with_id(json{{"type", "ok"}, {"msg", subs}}, id).dump());
}

std::int64_t WsHub::next_seq(Sub& sub) {
  sub.seq += skip_seq_ ? 2 : 1;
  skip_seq_ = false;
  return sub.seq;
}

void WsHub::send_snapshot(Connection& c, Sub& sub, const MarketTicker& ticker) {
  std::vector<kalshi::BookLevel> yes;
  std::vector<kalshi::BookLevel> no;
  source_.book(ticker, yes, no);
  json msg{{"market_ticker", ticker.str()}, {"market_id", ticker.str()}};
  if (!yes.empty()) msg["yes_dollars_fp"] = levels_json(yes, false);
  if (!no.empty()) {
    // With use_yes_price the NO bids are reported at their YES-equivalent prices.
    if (sub.use_yes_price) std::reverse(no.begin(), no.end());
    msg["no_dollars_fp"] = levels_json(no, sub.use_yes_price);
  }
  c.send(json{{"type", "orderbook_snapshot"},
              {"sid", sub.sid},
              {"seq", next_seq(sub)},
              {"msg", std::move(msg)}}
             .dump());
}

bool WsHub::wants(const Sub& sub, const MarketTicker& ticker) const {
  return sub.markets.empty() || sub.markets.contains(ticker);
}

void WsHub::broadcast(std::string_view channel, const MarketTicker* ticker,
                      const std::function<std::string(const Sub&)>& make, const AccountId* only) {
  for (auto& [cid, c] : connections_) {
    if (only != nullptr && !(c.account == *only)) continue;
    for (auto& [sid, sub] : c.subs) {
      if (sub.channel != channel) continue;
      if (ticker != nullptr && !wants(sub, *ticker)) continue;
      c.send(make(sub));
    }
  }
}

void WsHub::book_changes(const MarketTicker& ticker, const std::vector<BookChange>& changes) {
  if (changes.empty()) return;
  const Timestamp now = clock_.now();
  const std::int64_t ms = to_unix_ms(now);
  for (auto& [cid, c] : connections_) {
    for (auto& [sid, sub] : c.subs) {
      if (sub.channel != "orderbook_delta" || !sub.markets.contains(ticker)) continue;
      for (const auto& change : changes) {
        const bool no = change.side == kalshi::OutcomeSide::no;
        const Price price = no && sub.use_yes_price ? change.price.complement() : change.price;
        json msg{{"market_ticker", ticker.str()},      {"market_id", ticker.str()},
                 {"price_dollars", price.to_string()}, {"delta_fp", change.delta.to_string()},
                 {"side", no ? "no" : "yes"},          {"ts_ms", ms}};
        if (change.client_order_id && change.owner == c.account) {
          msg["client_order_id"] = change.client_order_id->str();
        }
        c.send(json{{"type", "orderbook_delta"},
                    {"sid", sid},
                    {"seq", next_seq(sub)},
                    {"msg", std::move(msg)}}
                   .dump());
      }
    }
  }
}

void WsHub::trade(const PublicTrade& t) {
  const json msg{{"trade_id", t.trade_id.str()},
                 {"market_ticker", t.ticker.str()},
                 {"yes_price_dollars", t.yes_price.to_string()},
                 {"no_price_dollars", t.no_price().to_string()},
                 {"count_fp", t.count.to_string()},
                 {"taker_outcome_side", to_string(t.taker_outcome_side())},
                 {"taker_book_side", t.taker_side == BookSide::bid ? "bid" : "ask"},
                 {"taker_side", to_string(t.taker_outcome_side())},
                 {"is_block_trade", false},
                 {"ts_ms", to_unix_ms(t.time)},
                 {"ts", to_unix_ms(t.time) / 1000}};
  broadcast("trade", &t.ticker, [&](const Sub& sub) {
    return json{{"type", "trade"}, {"sid", sub.sid}, {"msg", msg}}.dump();
  });
}

void WsHub::fill(const AccountId& owner, const Fill& f, const Order& order, bool is_taker,
                 Money fee, Count post_position, int exchange_index) {
  const auto outcome = bought_leg(order.side);
  json msg{{"trade_id", f.trade_id.str()},
           {"order_id", order.id.str()},
           {"market_ticker", f.ticker.str()},
           {"exchange_index", exchange_index},
           {"is_taker", is_taker},
           {"outcome_side", to_string(outcome)},
           {"book_side", order.side == BookSide::bid ? "bid" : "ask"},
           {"side", to_string(outcome)},
           {"action", "buy"},
           {"yes_price_dollars", f.price.to_string()},
           {"count_fp", f.count.to_string()},
           {"fee_cost", fee.to_string()},
           {"post_position_fp", post_position.to_string()},
           {"ts_ms", to_unix_ms(f.time)},
           {"ts", to_unix_ms(f.time) / 1000}};
  if (order.client_order_id) msg["client_order_id"] = order.client_order_id->str();
  broadcast(
      "fill", &f.ticker,
      [&](const Sub& sub) {
        return json{{"type", "fill"}, {"sid", sub.sid}, {"msg", msg}}.dump();
      },
      &owner);
}

void WsHub::order_update(const Order& o, int exchange_index) {
  const auto outcome = bought_leg(o.side);
  json msg{{"order_id", o.id.str()},
           {"user_id", o.owner.str()},
           {"ticker", o.ticker.str()},
           {"status", to_string(o.status)},
           {"outcome_side", to_string(outcome)},
           {"book_side", o.side == BookSide::bid ? "bid" : "ask"},
           {"side", to_string(outcome)},
           {"is_yes", o.side == BookSide::bid},
           {"yes_price_dollars", o.price.to_string()},
           {"fill_count_fp", o.fill_count.to_string()},
           {"remaining_count_fp", o.remaining_count.to_string()},
           {"initial_count_fp", o.initial_count.to_string()},
           {"self_trade_prevention_type", to_string(o.self_trade_prevention)},
           {"created_ts_ms", to_unix_ms(o.created_time)},
           {"last_updated_ts_ms", to_unix_ms(o.last_update_time)},
           {"last_update_reason", to_string(o.last_update_reason)},
           {"exchange_index", exchange_index},
           {"subaccount_number", 0}};
  if (o.client_order_id) msg["client_order_id"] = o.client_order_id->str();
  if (o.expiration) msg["expiration_ts_ms"] = to_unix_ms(*o.expiration);
  broadcast(
      "user_orders", &o.ticker,
      [&](const Sub& sub) {
        return json{{"type", "user_order"}, {"sid", sub.sid}, {"msg", msg}}.dump();
      },
      &o.owner);
}

void WsHub::position(const AccountId& owner, const MarketTicker& ticker, Count position, Money cost,
                     Money realized_pnl, Money fees_paid) {
  const json msg{{"user_id", owner.str()},
                 {"market_ticker", ticker.str()},
                 {"position_fp", position.to_string()},
                 {"position_cost_dollars", cost.to_string()},
                 {"realized_pnl_dollars", realized_pnl.to_string()},
                 {"fees_paid_dollars", fees_paid.to_string()}};
  broadcast(
      "market_positions", &ticker,
      [&](const Sub& sub) {
        return json{{"type", "market_position"}, {"sid", sub.sid}, {"msg", msg}}.dump();
      },
      &owner);
}

void WsHub::ticker(const TickerValues& v) {
  const Timestamp now = clock_.now();
  json msg{{"market_ticker", v.ticker.str()},
           {"market_id", v.ticker.str()},
           {"yes_bid_size_fp", v.yes_bid_size.to_string()},
           {"yes_ask_size_fp", v.yes_ask_size.to_string()},
           {"volume_fp", v.volume.to_string()},
           {"open_interest_fp", v.open_interest.to_string()},
           {"ts_ms", to_unix_ms(now)},
           {"ts", to_unix_ms(now) / 1000}};
  if (v.last_price) msg["price_dollars"] = v.last_price->to_string();
  msg["yes_bid_dollars"] = v.yes_bid ? v.yes_bid->to_string() : "0.0000";
  msg["yes_ask_dollars"] = v.yes_ask ? v.yes_ask->to_string() : "1.0000";
  broadcast("ticker", &v.ticker, [&](const Sub& sub) {
    return json{{"type", "ticker"}, {"sid", sub.sid}, {"msg", msg}}.dump();
  });
}

void WsHub::lifecycle(std::string_view type, const std::string& msg_json) {
  const json msg = json::parse(msg_json);
  broadcast("market_lifecycle_v2", nullptr, [&](const Sub& sub) {
    return json{{"type", type}, {"sid", sub.sid}, {"msg", msg}}.dump();
  });
}

void WsHub::inject(const std::string& frame) {
  for (auto& [cid, c] : connections_) c.send(frame);
}

void WsHub::fail_channel(std::string_view channel, int code) {
  for (auto& [cid, c] : connections_) {
    for (auto it = c.subs.begin(); it != c.subs.end();) {
      if (it->second.channel == channel) {
        c.send(json{{"type", "error"},
                    {"sid", it->first},
                    {"msg", {{"code", code}, {"msg", "Channel error"}}}}
                   .dump());
        it = c.subs.erase(it);
      } else {
        ++it;
      }
    }
  }
}

}  // namespace antevorta::sim
