// Control replies: subscribed, ok (update_subscription and list_subscriptions), error.
#include <simdjson.h>

#include "antevorta/kalshi/ws_messages.hpp"

#include "ws_parser_internal.hpp"

namespace antevorta::kalshi {

namespace od = simdjson::ondemand;

bool WsParser::Impl::parse_subscribed_msg(od::value& v) noexcept {
  WsSubscribed& subscribed = current<WsSubscribed>();
  od::object msg;
  if (auto e = v.get_object().get(msg)) return json_fail(e, "msg");
  bool has_sid = false;
  bool has_channel = false;
  for (auto item : msg) {
    if (auto e = item.error()) return json_fail(e, "msg");
    od::field& f = item.value_unsafe();
    const od::raw_json_string key = f.key();
    if (key == "sid") {
      if (!read_int(f.value(), "msg.sid", subscribed.sid)) return false;
      has_sid = true;
    } else if (key == "channel") {
      if (!read_string(f.value(), "msg.channel", subscribed.channel)) return false;
      has_channel = true;
    }
  }
  if (!has_sid) return fail(FrameErrorCode::missing_field, "msg.sid");
  if (!has_channel) return fail(FrameErrorCode::missing_field, "msg.channel");
  return true;
}

bool WsParser::Impl::parse_ok_msg(od::value& v) noexcept {
  od::json_type type{};
  if (auto e = v.type().get(type)) return json_fail(e, "msg");
  if (type == od::json_type::array) {  // list_subscriptions: [{"channel":…,"sid":…},…]
    od::array list;
    if (auto e = v.get_array().get(list)) return json_fail(e, "msg");
    for (auto item : list) {
      od::object entry;
      if (auto e = item.get_object().get(entry)) return json_fail(e, "msg[]");
      WsSubscription sub;
      for (auto kv : entry) {
        if (auto e = kv.error()) return json_fail(e, "msg[]");
        od::field& f = kv.value_unsafe();
        if (f.key() == "channel") {
          if (!read_string(f.value(), "msg[].channel", sub.channel)) return false;
        } else if (f.key() == "sid") {
          if (!read_int(f.value(), "msg[].sid", sub.sid)) return false;
        }
      }
      if (!append(subscriptions, sub, "msg[]")) return false;
    }
    return true;
  }
  if (type != od::json_type::object) return true;  // nothing we use
  od::object msg;
  if (auto e = v.get_object().get(msg)) return json_fail(e, "msg");
  for (auto item : msg) {
    if (auto e = item.error()) return json_fail(e, "msg");
    od::field& f = item.value_unsafe();
    if (f.key() != "market_tickers") continue;
    od::array list;
    if (auto e = f.value().get_array().get(list)) return json_fail(e, "msg.market_tickers");
    for (auto t : list) {
      std::string_view ticker;
      if (auto e = t.get_string().get(ticker)) return json_fail(e, "msg.market_tickers[]");
      if (!append(tickers, ticker, "msg.market_tickers[]")) return false;
    }
  }
  return true;
}

bool WsParser::Impl::parse_error_msg(od::value& v) noexcept {
  WsError& error_msg = current<WsError>();
  od::object msg;
  if (auto e = v.get_object().get(msg)) return json_fail(e, "msg");
  bool has_code = false;
  for (auto item : msg) {
    if (auto e = item.error()) return json_fail(e, "msg");
    od::field& f = item.value_unsafe();
    const od::raw_json_string key = f.key();
    if (key == "code") {
      if (!read_int(f.value(), "msg.code", error_msg.code)) return false;
      has_code = true;
    } else if (key == "msg") {
      if (!read_string(f.value(), "msg.msg", error_msg.msg)) return false;
    } else if (key == "market_ticker") {
      std::string_view ticker;
      if (!read_string(f.value(), "msg.market_ticker", ticker)) return false;
      error_msg.market_ticker = ticker;
    }
  }
  if (!has_code) return fail(FrameErrorCode::missing_field, "msg.code");
  return true;
}

}  // namespace antevorta::kalshi
