// WsParser against every Kalshi example and recorded frame in ../shared (skipped when absent).
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/kalshi/ws_messages.hpp"

#include "unit/kalshi/ws_parser_test_util.hpp"

namespace antevorta::kalshi {
namespace {

using namespace ws_test;

// An orderbook frame must parse to the typed message, with every level and value matching
// an independent (nlohmann) reading of the same JSON.
void expect_orderbook_parsed_fully(const WsMessage& m, const nlohmann::json& j,
                                   const std::string& where) {
  const std::string type = j.at("type");
  if (type == "orderbook_delta") {
    const auto& msg = j.at("msg");
    ASSERT_TRUE(std::holds_alternative<OrderbookDelta>(m)) << where;
    const auto& d = std::get<OrderbookDelta>(m);
    EXPECT_EQ(d.market_ticker, msg.at("market_ticker").get<std::string>()) << where;
    EXPECT_EQ(d.seq, j.at("seq").get<std::int64_t>()) << where;
    EXPECT_EQ(to_string(d.side), msg.at("side").get<std::string>()) << where;
    if (msg.contains("price_dollars")) {
      EXPECT_EQ(d.price, *Price::parse(msg.at("price_dollars").get<std::string>())) << where;
    }
    if (msg.contains("delta_fp")) {
      EXPECT_EQ(d.delta, *Count::parse(msg.at("delta_fp").get<std::string>())) << where;
    } else {
      EXPECT_EQ(d.delta, Count::contracts(msg.at("delta").get<std::int64_t>())) << where;
    }
  } else if (type == "orderbook_snapshot") {
    const auto& msg = j.at("msg");
    ASSERT_TRUE(std::holds_alternative<OrderbookSnapshot>(m)) << where;
    const auto& s = std::get<OrderbookSnapshot>(m);
    EXPECT_EQ(s.market_ticker, msg.at("market_ticker").get<std::string>()) << where;
    for (const auto& [side, bids] : {std::pair{"yes", s.yes_bids}, std::pair{"no", s.no_bids}}) {
      const std::string fp = std::string(side) + "_dollars_fp";
      const std::string legacy = side;
      const nlohmann::json* source = msg.contains(fp)       ? &msg.at(fp)
                                     : msg.contains(legacy) ? &msg.at(legacy)
                                                            : nullptr;
      if (!source) {
        EXPECT_TRUE(bids.empty()) << where;
        continue;
      }
      ASSERT_EQ(bids.size(), source->size()) << where << " " << side;
      for (std::size_t i = 0; i < bids.size(); ++i) {
        const auto& level = (*source)[i];
        if (level[0].is_string()) {
          EXPECT_EQ(bids[i].price, *Price::parse(level[0].get<std::string>())) << where;
          EXPECT_EQ(bids[i].size, *Count::parse(level[1].get<std::string>())) << where;
        } else {
          EXPECT_EQ(bids[i].price, *Price::from_cents(level[0].get<std::int64_t>())) << where;
          EXPECT_EQ(bids[i].size, Count::contracts(level[1].get<std::int64_t>())) << where;
        }
      }
    }
  } else {
    EXPECT_FALSE(std::holds_alternative<WsUnknown>(m)) << where << " type " << type;
  }
}

// ---- An independent (nlohmann) reading of the channel messages' key fields ----

// The fixed-point string field when present, else the legacy integer (cents / contracts).
Price price_field(const nlohmann::json& msg, const char* dollars, const char* cents) {
  if (msg.contains(dollars)) return *Price::parse(msg.at(dollars).get<std::string>());
  return *Price::from_cents(msg.at(cents).get<std::int64_t>());
}
Count count_field(const nlohmann::json& msg, const char* fp, const char* whole) {
  if (msg.contains(fp)) return *Count::parse(msg.at(fp).get<std::string>());
  return Count::contracts(msg.at(whole).get<std::int64_t>());
}
Money money_field(const nlohmann::json& msg, const char* dollars, const char* centicents) {
  if (msg.contains(dollars)) return *Money::parse(msg.at(dollars).get<std::string>());
  return Money::from_centicents(msg.at(centicents).get<std::int64_t>());
}
std::int64_t ms_field(const nlohmann::json& msg) {
  if (msg.contains("ts_ms")) return msg.at("ts_ms").get<std::int64_t>();
  return msg.at("ts").get<std::int64_t>() * 1000;
}
std::string str(const nlohmann::json& msg, const char* key) { return msg.at(key); }

// Checks a channel message of `type` against the JSON; false when the type is not modelled.
bool expect_channel_parsed(const WsMessage& m, const nlohmann::json& j, const std::string& type,
                           const std::string& where) {
  const nlohmann::json& msg = j.at("msg");
  if (type == "ticker") {
    const auto* t = std::get_if<TickerUpdate>(&m);
    EXPECT_TRUE(t) << where;
    if (!t) return true;
    EXPECT_EQ(t->market_ticker, str(msg, "market_ticker")) << where;
    EXPECT_EQ(t->yes_bid, price_field(msg, "yes_bid_dollars", "yes_bid")) << where;
    EXPECT_EQ(t->yes_ask, price_field(msg, "yes_ask_dollars", "yes_ask")) << where;
    EXPECT_EQ(t->ts_ms, ms_field(msg)) << where;
    if (msg.contains("volume_fp") || msg.contains("volume")) {
      EXPECT_EQ(t->volume, count_field(msg, "volume_fp", "volume")) << where;
    }
  } else if (type == "trade") {
    const auto* t = std::get_if<PublicTrade>(&m);
    EXPECT_TRUE(t) << where;
    if (!t) return true;
    EXPECT_EQ(t->market_ticker, str(msg, "market_ticker")) << where;
    EXPECT_EQ(t->yes_price, price_field(msg, "yes_price_dollars", "yes_price")) << where;
    EXPECT_EQ(t->no_price, price_field(msg, "no_price_dollars", "no_price")) << where;
    EXPECT_EQ(t->count, count_field(msg, "count_fp", "count")) << where;
    EXPECT_EQ(to_string(t->taker_outcome_side),
              str(msg, msg.contains("taker_outcome_side") ? "taker_outcome_side" : "taker_side"))
        << where;
    EXPECT_EQ(t->ts_ms, ms_field(msg)) << where;
  } else if (type == "fill") {
    const auto* f = std::get_if<FillMessage>(&m);
    EXPECT_TRUE(f) << where;
    if (!f) return true;
    EXPECT_EQ(f->trade_id, str(msg, "trade_id")) << where;
    EXPECT_EQ(f->order_id, str(msg, "order_id")) << where;
    EXPECT_EQ(f->market_ticker, str(msg, "market_ticker")) << where;
    EXPECT_EQ(f->is_taker, msg.at("is_taker").get<bool>()) << where;
    EXPECT_EQ(f->yes_price, price_field(msg, "yes_price_dollars", "yes_price")) << where;
    EXPECT_EQ(f->count, count_field(msg, "count_fp", "count")) << where;
    if (msg.contains("outcome_side")) {
      EXPECT_EQ(to_string(f->outcome_side), str(msg, "outcome_side")) << where;
    } else {
      const bool buy = str(msg, "action") == "buy";
      const bool yes = str(msg, "side") == "yes";
      EXPECT_EQ(f->outcome_side, buy == yes ? OutcomeSide::yes : OutcomeSide::no) << where;
    }
    EXPECT_EQ(f->book_side, book_side_of(f->outcome_side)) << where;
    EXPECT_EQ(f->ts_ms, ms_field(msg)) << where;
  } else if (type == "user_order") {
    const auto* o = std::get_if<UserOrderUpdate>(&m);
    EXPECT_TRUE(o) << where;
    if (!o) return true;
    EXPECT_EQ(o->order_id, str(msg, "order_id")) << where;
    EXPECT_EQ(o->market_ticker, str(msg, "ticker")) << where;
    EXPECT_EQ(o->status_text, str(msg, "status")) << where;
    EXPECT_EQ(o->yes_price, price_field(msg, "yes_price_dollars", "yes_price")) << where;
    EXPECT_EQ(o->remaining_count, count_field(msg, "remaining_count_fp", "remaining_count"))
        << where;
  } else if (type == "market_position") {
    const auto* p = std::get_if<MarketPositionUpdate>(&m);
    EXPECT_TRUE(p) << where;
    if (!p) return true;
    EXPECT_EQ(p->market_ticker, str(msg, "market_ticker")) << where;
    EXPECT_EQ(p->position, count_field(msg, "position_fp", "position")) << where;
    EXPECT_EQ(p->position_cost, money_field(msg, "position_cost_dollars", "position_cost"))
        << where;
    EXPECT_EQ(p->realized_pnl, money_field(msg, "realized_pnl_dollars", "realized_pnl")) << where;
    EXPECT_EQ(p->fees_paid, money_field(msg, "fees_paid_dollars", "fees_paid")) << where;
  } else if (type == "market_lifecycle_v2" || type == "multivariate_market_lifecycle") {
    const auto* l = std::get_if<MarketLifecycle>(&m);
    EXPECT_TRUE(l) << where;
    if (!l) return true;
    EXPECT_EQ(l->market_ticker, str(msg, "market_ticker")) << where;
    EXPECT_EQ(l->event_type_text, str(msg, "event_type")) << where;
    EXPECT_NE(l->event_type, MarketLifecycleEvent::unknown) << where;
    EXPECT_EQ(l->multivariate, type == "multivariate_market_lifecycle") << where;
  } else if (type == "event_lifecycle") {
    const auto* e = std::get_if<EventLifecycle>(&m);
    EXPECT_TRUE(e) << where;
    if (!e) return true;
    EXPECT_EQ(e->event_ticker, str(msg, "event_ticker")) << where;
    EXPECT_EQ(e->series_ticker, str(msg, "series_ticker")) << where;
  } else if (type == "event_fee_update") {
    const auto* f = std::get_if<EventFeeUpdate>(&m);
    EXPECT_TRUE(f) << where;
    if (!f) return true;
    EXPECT_EQ(f->event_ticker, str(msg, "event_ticker")) << where;
    EXPECT_EQ(f->fee_type_override.has_value(), !msg.at("fee_type_override").is_null()) << where;
    EXPECT_EQ(f->fee_multiplier_override.has_value(), !msg.at("fee_multiplier_override").is_null())
        << where;
  } else if (type == "cfbenchmarks_value") {
    const auto* c = std::get_if<CfBenchmarksValue>(&m);
    EXPECT_TRUE(c) << where;
    if (!c) return true;
    EXPECT_EQ(c->index_id, str(msg, "index_id")) << where;
    EXPECT_EQ(c->received_at_ms, msg.at("received_at").get<std::int64_t>()) << where;
    const auto data = nlohmann::json::parse(str(msg, "data"));
    EXPECT_EQ(c->value, *Decimal::parse(data.at("value").get<std::string>())) << where;
    EXPECT_EQ(c->avg_60s.value, *Decimal::parse(str(msg.at("avg_60s_data"), "value"))) << where;
  } else {
    return false;
  }
  return true;
}

// Parses one server frame: it must succeed, and modelled types must be fully typed. Returns
// whether the type is modelled (not WsUnknown).
bool expect_server_frame_parses(WsParser& parser, const std::string& frame,
                                const std::string& where) {
  auto result = parser.parse(frame);
  EXPECT_TRUE(result) << where << ": " << result.error().message();
  if (!result) return false;
  const auto j = nlohmann::json::parse(frame);
  const std::string type = j.at("type");
  static const std::vector<std::string> control = {
      "orderbook_delta", "orderbook_snapshot", "subscribed", "ok", "unsubscribed", "error"};
  if (std::find(control.begin(), control.end(), type) != control.end()) {
    expect_orderbook_parsed_fully(*result, j, where);
    return true;
  }
  if (expect_channel_parsed(*result, j, type, where)) return true;
  EXPECT_TRUE(std::holds_alternative<WsUnknown>(*result)) << where;
  if (const auto* u = std::get_if<WsUnknown>(&*result)) {
    EXPECT_EQ(u->type, type) << where;
  }
  return false;
}

// Example files whose name is a client->server message (commands) or a ping/pong control
// frame payload: these are not server text frames and must be rejected, not misread.
bool is_client_or_control(const std::string& filename) {
  const std::string message = filename.substr(0, filename.find('.'));
  return message.ends_with("Command") || message.ends_with("Ping") || message.ends_with("Pong");
}

TEST(WsParserShared, EveryKalshiExampleFrame) {
  if (!fs::exists(shared_kalshi() / "examples")) GTEST_SKIP() << "no " << shared_kalshi();
  std::size_t server = 0;
  std::size_t client = 0;
  std::size_t orderbook = 0;
  std::set<std::string> typed;
  for (const char* dir : {"ws", "ws-legacy-2026-01"}) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(shared_kalshi() / "examples" / dir)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    ASSERT_FALSE(files.empty()) << dir;
    WsParser parser;
    for (const fs::path& path : files) {
      const std::string frame = read_file(path);
      const std::string name = path.filename().string();
      if (is_client_or_control(name)) {
        const auto result = parser.parse(frame);
        EXPECT_FALSE(result) << name;
        if (!result) {
          EXPECT_TRUE(result.error().code == FrameErrorCode::missing_field ||
                      result.error().code == FrameErrorCode::not_an_object)
              << name << ": " << result.error().message();
        }
        ++client;
        continue;
      }
      if (expect_server_frame_parses(parser, frame, std::string(dir) + "/" + name)) {
        typed.insert(nlohmann::json::parse(frame).at("type").get<std::string>());
      }
      ++server;
      if (name.starts_with("orderbook")) ++orderbook;
    }
  }
  EXPECT_GE(server, 30u);
  EXPECT_GE(client, 10u);
  EXPECT_EQ(orderbook, 4u);
  // Every channel this parser models has an example, and each parsed to its struct.
  EXPECT_EQ(typed, (std::set<std::string>{"cfbenchmarks_value", "error", "event_fee_update",
                                          "event_lifecycle", "fill", "market_lifecycle_v2",
                                          "market_position", "multivariate_market_lifecycle", "ok",
                                          "orderbook_delta", "orderbook_snapshot", "subscribed",
                                          "ticker", "trade", "unsubscribed", "user_order"}));
}

TEST(WsParserShared, EveryRecordedWireFrame) {
  if (!fs::exists(shared_wire())) GTEST_SKIP() << "no " << shared_wire();
  WsParser parser;
  std::size_t frames = 0;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(shared_wire())) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    const std::string name = path.filename().string();
    if (path.extension() == ".jsonl") {
      std::size_t line_no = 0;
      for (const std::string& line : read_lines(path)) {
        expect_server_frame_parses(parser, line, name + ":" + std::to_string(++line_no));
        ++frames;
      }
    } else if (path.extension() == ".json") {
      const auto j = nlohmann::json::parse(read_file(path));
      if (j.is_array()) {  // AsyncAPI examples: [{message, example, payload}, ...]
        for (const auto& example : j) {
          const auto& payload = example.at("payload");
          const std::string where = name + ":" + example.at("example").get<std::string>();
          const std::string frame = payload.dump();
          if (payload.is_string() || payload.contains("cmd")) {
            EXPECT_FALSE(parser.parse(frame)) << where;
          } else {
            expect_server_frame_parses(parser, frame, where);
            ++frames;
          }
        }
      } else if (j.is_object() && j.contains("type")) {  // one recorded frame
        expect_server_frame_parses(parser, read_file(path), name);
        ++frames;
      }
      // Anything else is a REST body, not a WebSocket frame.
    }
  }
  EXPECT_GE(frames, 40u);
}

TEST(WsParserShared, DemoCaptureBuildsTheBookTheVenueQuotes) {
  const fs::path capture = shared_wire() / "ws_demo_capture_2026-08-27.jsonl";
  if (!fs::exists(capture)) GTEST_SKIP() << "no " << capture;
  WsParser parser;
  std::map<std::string, OrderBook, std::less<>> books;
  const Timestamp at = from_unix_ms(1'787'838'983'000);
  for (const std::string& line : read_lines(capture)) {
    auto m = parser.parse(line);
    ASSERT_TRUE(m) << m.error().message();
    if (const auto* s = std::get_if<OrderbookSnapshot>(&*m)) {
      auto [it, _] = books.try_emplace(std::string(s->market_ticker),
                                       MarketTicker(s->market_ticker), PriceGrid::linear_cent());
      EXPECT_TRUE(it->second.apply_snapshot(s->yes_bids, s->no_bids, at).ok());
    } else if (const auto* d = std::get_if<OrderbookDelta>(&*m)) {
      auto it = books.find(d->market_ticker);
      ASSERT_NE(it, books.end());
      EXPECT_EQ(it->second.apply_delta(d->side, d->price, d->delta, at), DeltaResult::ok);
    }
  }
  ASSERT_EQ(books.size(), 2u);
  const OrderBook& gold = books.at("KXGOLDH-26AUG2711-T4615.99");
  // The venue's own ticker in the same capture: yes_bid 0.01, yes_ask 0.98 size 2500.
  EXPECT_EQ(gold.best_yes_bid()->price, P("0.01"));
  EXPECT_EQ(gold.best_yes_bid()->size, C("1420"));  // 1410 + the +10 delta
  EXPECT_EQ(gold.best_yes_ask(), (OrderBook::Quote{P("0.98"), C("2500")}));
  EXPECT_TRUE(books.at("KXBTCD-25AUG2617-T112999.99").empty());  // snapshot with no sides
}

}  // namespace
}  // namespace antevorta::kalshi
