// orderbook_snapshot and orderbook_delta: the hot path. The delta parser allocates nothing.
#include <simdjson.h>

#include "antevorta/kalshi/ws_messages.hpp"

#include "ws_parser_internal.hpp"

namespace antevorta::kalshi {

using ws_detail::trim_token;
namespace od = simdjson::ondemand;

bool WsParser::Impl::parse_levels(od::value& v, LevelForm form, std::vector<BookLevel>& out,
                                  std::string_view field) noexcept {
  out.clear();
  if (trim_token(v.raw_json_token()) == "null") return true;  // as if absent: empty side
  od::array array;
  if (auto e = v.get_array().get(array)) return json_fail(e, field);
  for (auto item : array) {
    if (auto e = item.error()) return json_fail(e, field);
    od::value& level_value = item.value_unsafe();
    od::array pair;
    if (auto e = level_value.get_array().get(pair)) return json_fail(e, field);
    BookLevel level;
    std::size_t n = 0;
    for (auto element : pair) {
      if (auto e = element.error()) return json_fail(e, field);
      od::value& x = element.value_unsafe();
      if (n == 0) {
        const bool good = form == LevelForm::cents_int ? read_price_cents(x, field, level.price)
                                                       : read_price_text(x, field, level.price);
        if (!good) return false;
      } else if (n == 1) {
        // Counts are strings in *_dollars_fp, integers in the legacy arrays, and either in
        // the transitional *_dollars arrays.
        od::json_type type{};
        if (auto e = x.type().get(type)) return json_fail(e, field);
        const bool good = type == od::json_type::string && form != LevelForm::cents_int
                              ? read_count_text(x, field, /*allow_negative=*/false, level.size)
                          : form != LevelForm::dollars_fp
                              ? read_count_int(x, field, /*allow_negative=*/false, level.size)
                              : fail(FrameErrorCode::wrong_type, field, "count must be a string");
        if (!good) return false;
      }
      // Elements past [price, count] are ignored (room for per-level order counts).
      ++n;
    }
    if (n < 2) return fail(FrameErrorCode::bad_value, field, "level is not [price, count]");
    if (!append(out, level, field)) return false;
  }
  return true;
}

bool WsParser::Impl::parse_snapshot_msg(od::value& v) noexcept {
  OrderbookSnapshot& snapshot = current<OrderbookSnapshot>();
  od::object msg;
  if (auto e = v.get_object().get(msg)) return json_fail(e, "msg");
  bool has_ticker = false;
  for (auto item : msg) {
    if (auto e = item.error()) return json_fail(e, "msg");
    od::field& f = item.value_unsafe();
    const od::raw_json_string key = f.key();
    od::value& value = f.value();
    // Which level array this key is, if any: side 0 = yes, 1 = no.
    struct LevelKey {
      std::string_view key;
      int side;
      LevelForm form;
      std::string_view field;
    };
    static constexpr LevelKey kLevelKeys[] = {
        {"yes_dollars_fp", 0, LevelForm::dollars_fp, "msg.yes_dollars_fp"},
        {"no_dollars_fp", 1, LevelForm::dollars_fp, "msg.no_dollars_fp"},
        {"yes_dollars", 0, LevelForm::dollars, "msg.yes_dollars"},
        {"no_dollars", 1, LevelForm::dollars, "msg.no_dollars"},
        {"yes", 0, LevelForm::cents_int, "msg.yes"},
        {"no", 1, LevelForm::cents_int, "msg.no"},
    };
    int side = -1;
    LevelForm form = LevelForm::none;
    std::string_view field;
    if (key == "market_ticker") {
      if (!read_string(value, "msg.market_ticker", snapshot.market_ticker)) return false;
      has_ticker = true;
    } else if (key == "ts_ms") {
      if (!read_optional_int(value, "msg.ts_ms", snapshot.ts_ms)) return false;
    } else {
      for (const LevelKey& k : kLevelKeys) {
        if (key == k.key) {
          side = k.side;
          form = k.form;
          field = k.field;
          break;
        }
      }
    }
    if (side >= 0 && form > level_form[side]) {
      if (!parse_levels(value, form, levels[side], field)) return false;
      level_form[side] = form;
    }
  }
  if (!has_ticker) return fail(FrameErrorCode::missing_field, "msg.market_ticker");
  return true;
}

bool WsParser::Impl::parse_delta_msg(od::value& v) noexcept {
  OrderbookDelta& delta = current<OrderbookDelta>();
  od::object msg;
  if (auto e = v.get_object().get(msg)) return json_fail(e, "msg");
  bool has_ticker = false;
  bool has_side = false;
  LevelForm price_form = LevelForm::none;  // dollars (string) beats cents_int
  LevelForm delta_form = LevelForm::none;  // dollars_fp (string) beats cents_int
  for (auto item : msg) {
    if (auto e = item.error()) return json_fail(e, "msg");
    od::field& f = item.value_unsafe();
    const od::raw_json_string key = f.key();
    od::value& value = f.value();
    // Dispatch on the first character: at most two comparisons per key.
    switch (key.raw()[0]) {
      case 'm':
        if (key == "market_ticker") {
          if (!read_string(value, "msg.market_ticker", delta.market_ticker)) return false;
          has_ticker = true;
        }
        break;
      case 'p':
        if (key == "price_dollars") {
          if (!read_price_text(value, "msg.price_dollars", delta.price)) return false;
          price_form = LevelForm::dollars;
        } else if (key == "price" && price_form == LevelForm::none) {
          if (!read_price_cents(value, "msg.price", delta.price)) return false;
          price_form = LevelForm::cents_int;
        }
        break;
      case 'd':
        if (key == "delta_fp") {
          if (!read_count_text(value, "msg.delta_fp", /*allow_negative=*/true, delta.delta)) {
            return false;
          }
          delta_form = LevelForm::dollars_fp;
        } else if (key == "delta" && delta_form == LevelForm::none) {
          if (!read_count_int(value, "msg.delta", /*allow_negative=*/true, delta.delta)) {
            return false;
          }
          delta_form = LevelForm::cents_int;
        }
        break;
      case 's':
        if (key == "side") {
          std::string_view side;
          if (!read_raw_string(value, "msg.side", side)) return false;
          if (side == "yes") {
            delta.side = OutcomeSide::yes;
          } else if (side == "no") {
            delta.side = OutcomeSide::no;
          } else {
            return fail(FrameErrorCode::bad_value, "msg.side", "not yes or no");
          }
          has_side = true;
        }
        break;
      case 't':
        if (key == "ts_ms") {
          if (!read_optional_int(value, "msg.ts_ms", delta.ts_ms)) return false;
        }
        break;
      case 'c':
        if (key == "client_order_id") {
          bool null = false;
          if (auto e = value.is_null().get(null)) return json_fail(e, "msg.client_order_id");
          if (!null) {
            std::string_view id;
            if (!read_string(value, "msg.client_order_id", id)) return false;
            delta.client_order_id = id;
          }
        }
        break;
      default:
        break;
    }
  }
  if (!has_ticker) return fail(FrameErrorCode::missing_field, "msg.market_ticker");
  if (!has_side) return fail(FrameErrorCode::missing_field, "msg.side");
  if (price_form == LevelForm::none)
    return fail(FrameErrorCode::missing_field, "msg.price_dollars");
  if (delta_form == LevelForm::none) return fail(FrameErrorCode::missing_field, "msg.delta_fp");
  return true;
}

}  // namespace antevorta::kalshi
