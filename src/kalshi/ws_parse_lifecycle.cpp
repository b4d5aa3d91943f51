// market_lifecycle_v2 (and multivariate_market_lifecycle, the same payload).
#include <simdjson.h>

#include "antevorta/kalshi/ws_messages.hpp"

#include "ws_parser_internal.hpp"

namespace antevorta::kalshi {

namespace od = simdjson::ondemand;

std::string_view to_string(MarketLifecycleEvent event) noexcept {
  switch (event) {
    case MarketLifecycleEvent::created:
      return "created";
    case MarketLifecycleEvent::activated:
      return "activated";
    case MarketLifecycleEvent::deactivated:
      return "deactivated";
    case MarketLifecycleEvent::close_date_updated:
      return "close_date_updated";
    case MarketLifecycleEvent::determined:
      return "determined";
    case MarketLifecycleEvent::settled:
      return "settled";
    case MarketLifecycleEvent::price_level_structure_updated:
      return "price_level_structure_updated";
    case MarketLifecycleEvent::metadata_updated:
      return "metadata_updated";
    case MarketLifecycleEvent::unknown:
      return "unknown";
  }
  return "unknown";
}

MarketLifecycleEvent parse_market_lifecycle_event(std::string_view text) noexcept {
  for (const auto event :
       {MarketLifecycleEvent::created, MarketLifecycleEvent::activated,
        MarketLifecycleEvent::deactivated, MarketLifecycleEvent::close_date_updated,
        MarketLifecycleEvent::determined, MarketLifecycleEvent::settled,
        MarketLifecycleEvent::price_level_structure_updated,
        MarketLifecycleEvent::metadata_updated}) {
    if (text == to_string(event)) return event;
  }
  return MarketLifecycleEvent::unknown;
}

bool WsParser::Impl::take_string(od::value& v, std::string_view field,
                                 std::optional<std::string_view>& out, std::uint8_t& rank,
                                 std::uint8_t form) noexcept {
  if (form <= rank || is_null(v)) return true;
  std::string_view text;
  if (!read_string(v, field, text)) return false;
  out = text;
  rank = form;
  return true;
}

bool WsParser::Impl::take_decimal(od::value& v, std::string_view field, std::optional<Decimal>& out,
                                  std::uint8_t& rank, std::uint8_t form) noexcept {
  if (form <= rank || is_null(v)) return true;
  Decimal d;
  if (!read_decimal(v, field, d)) return false;
  out = d;
  rank = form;
  return true;
}

// The strike and subtitle fields: top level (form kCurrent, metadata_updated) or inside
// additional_metadata (form kLegacy, created). Sets `handled` when `key` is one of them.
bool WsParser::Impl::read_lifecycle_strike(const od::raw_json_string& key, od::value& value,
                                           bool nested, ws_detail::LifecycleRanks& ranks,
                                           bool& handled) noexcept {
  MarketLifecycle& lc = current<MarketLifecycle>();
  const std::uint8_t form = nested ? kLegacy : kCurrent;
  handled = true;
  if (key == "strike_type") {
    return take_string(value, nested ? "msg.additional_metadata.strike_type" : "msg.strike_type",
                       lc.strike_type, ranks.strike_type, form);
  }
  if (key == "floor_strike") {
    return take_decimal(value, nested ? "msg.additional_metadata.floor_strike" : "msg.floor_strike",
                        lc.floor_strike, ranks.floor_strike, form);
  }
  if (key == "cap_strike") {
    return take_decimal(value, nested ? "msg.additional_metadata.cap_strike" : "msg.cap_strike",
                        lc.cap_strike, ranks.cap_strike, form);
  }
  if (key == "yes_sub_title") {
    return take_string(value,
                       nested ? "msg.additional_metadata.yes_sub_title" : "msg.yes_sub_title",
                       lc.yes_sub_title, ranks.yes_sub_title, form);
  }
  if (key == "custom_strike") {
    if (form <= ranks.custom_strike || is_null(value)) return true;
    const std::string_view field =
        nested ? "msg.additional_metadata.custom_strike" : "msg.custom_strike";
    od::object object;
    if (auto e = value.get_object().get(object)) return json_fail(e, field);
    std::string_view raw;
    if (auto e = object.raw_json().get(raw)) return json_fail(e, field);
    lc.custom_strike_json = raw;
    ranks.custom_strike = form;
    return true;
  }
  handled = false;
  return true;
}

bool WsParser::Impl::parse_lifecycle_metadata(od::value& v,
                                              ws_detail::LifecycleRanks& ranks) noexcept {
  if (is_null(v)) return true;
  MarketLifecycle& lc = current<MarketLifecycle>();
  od::object meta;
  if (auto e = v.get_object().get(meta)) return json_fail(e, "msg.additional_metadata");
  std::uint8_t expiration_rank = 0;
  const bool fields_ok = for_each_field(
      meta, "msg.additional_metadata", [&](od::raw_json_string key, od::value& value) {
        bool handled = false;
        if (!read_lifecycle_strike(key, value, /*nested=*/true, ranks, handled)) return false;
        if (handled) return true;
        bool good = true;
        if (key == "event_ticker") {
          good =
              read_optional_string(value, "msg.additional_metadata.event_ticker", lc.event_ticker);
        } else if (key == "title") {
          good = read_optional_string(value, "msg.additional_metadata.title", lc.title);
        } else if (key == "can_close_early") {
          good = read_optional_bool(value, "msg.additional_metadata.can_close_early",
                                    lc.can_close_early);
        } else if (key == "expected_expiration_ts_ms") {
          good = read_optional_time(value, "msg.additional_metadata.expected_expiration_ts_ms",
                                    lc.expected_expiration_ts_ms, expiration_rank, kCurrent);
        } else if (key == "expected_expiration_ts") {
          good = read_optional_time(value, "msg.additional_metadata.expected_expiration_ts",
                                    lc.expected_expiration_ts_ms, expiration_rank, kLegacy);
        }
        return good;
      });
  return fields_ok;
}

bool WsParser::Impl::parse_price_ranges(od::value& v) noexcept {
  constexpr std::string_view field = "msg.price_ranges";
  price_ranges.clear();  // a repeated key replaces, never appends
  if (is_null(v)) {
    current<MarketLifecycle>().price_ranges.reset();
    return true;
  }
  od::array ranges;
  if (auto e = v.get_array().get(ranges)) return json_fail(e, field);
  for (auto item : ranges) {
    od::object range;
    if (auto e = item.get_object().get(range)) return json_fail(e, field);
    PriceRange parsed;
    int seen = 0;  // bit 0 start, 1 end, 2 step
    for (auto kv : range) {
      if (auto e = kv.error()) return json_fail(e, field);
      od::field& f = kv.value_unsafe();
      const od::raw_json_string key = f.key();
      if (key == "start") {
        if (!read_price_text(f.value(), field, parsed.start)) return false;
        seen |= 1;
      } else if (key == "end") {
        if (!read_price_text(f.value(), field, parsed.end)) return false;
        seen |= 2;
      } else if (key == "step") {
        if (!read_price_text(f.value(), field, parsed.step)) return false;
        seen |= 4;
      }
    }
    if (seen != 7)
      return fail(FrameErrorCode::missing_field, field, "range without start/end/step");
    if (!append(price_ranges, parsed, field)) return false;
  }
  current<MarketLifecycle>().price_ranges = std::span<const PriceRange>(price_ranges);
  return true;
}

bool WsParser::Impl::parse_market_lifecycle_msg(od::value& v) noexcept {
  MarketLifecycle& lc = current<MarketLifecycle>();
  od::object msg;
  if (!get_msg_object(v, msg)) return false;
  bool has_ticker = false;
  bool has_event_type = false;
  ws_detail::LifecycleRanks ranks;
  std::uint8_t open_rank = 0, close_rank = 0, determination_rank = 0, settled_rank = 0,
               settlement_rank = 0;
  const bool fields_ok = for_each_field(msg, "msg", [&](od::raw_json_string key, od::value& value) {
    bool handled = false;
    if (!read_lifecycle_strike(key, value, /*nested=*/false, ranks, handled)) return false;
    if (handled) return true;
    bool good = true;
    if (key == "market_ticker") {
      good = read_string(value, "msg.market_ticker", lc.market_ticker);
      has_ticker = true;
    } else if (key == "event_type") {
      good = read_string(value, "msg.event_type", lc.event_type_text);
      lc.event_type = parse_market_lifecycle_event(lc.event_type_text);
      has_event_type = true;
    } else if (key == "exchange_index") {
      good = read_optional_int(value, "msg.exchange_index", lc.exchange_index);
    } else if (key == "open_ts_ms") {
      good = read_optional_time(value, "msg.open_ts_ms", lc.open_ts_ms, open_rank, kCurrent);
    } else if (key == "open_ts") {
      good = read_optional_time(value, "msg.open_ts", lc.open_ts_ms, open_rank, kLegacy);
    } else if (key == "close_ts_ms") {
      good = read_optional_time(value, "msg.close_ts_ms", lc.close_ts_ms, close_rank, kCurrent);
    } else if (key == "close_ts") {
      good = read_optional_time(value, "msg.close_ts", lc.close_ts_ms, close_rank, kLegacy);
    } else if (key == "determination_ts_ms") {
      good = read_optional_time(value, "msg.determination_ts_ms", lc.determination_ts_ms,
                                determination_rank, kCurrent);
    } else if (key == "determination_ts") {
      good = read_optional_time(value, "msg.determination_ts", lc.determination_ts_ms,
                                determination_rank, kLegacy);
    } else if (key == "settled_ts_ms") {
      good =
          read_optional_time(value, "msg.settled_ts_ms", lc.settled_ts_ms, settled_rank, kCurrent);
    } else if (key == "settled_ts") {
      good = read_optional_time(value, "msg.settled_ts", lc.settled_ts_ms, settled_rank, kLegacy);
    } else if (key == "result") {
      good = read_optional_string(value, "msg.result", lc.result);
    } else if (key == "settlement_value_dollars") {
      good = read_optional_price(value, "msg.settlement_value_dollars", lc.settlement_value,
                                 settlement_rank, kCurrent + 1);
    } else if (key == "settlement_value") {
      // A dollar string now; integer cents in older payloads.
      const bool text = ws_detail::trim_token(value.raw_json_token()).starts_with('"');
      good = read_optional_price(value, "msg.settlement_value", lc.settlement_value,
                                 settlement_rank, text ? kCurrent : kLegacy);
    } else if (key == "is_deactivated") {
      good = read_optional_bool(value, "msg.is_deactivated", lc.is_deactivated);
    } else if (key == "price_level_structure") {
      good = read_optional_string(value, "msg.price_level_structure", lc.price_level_structure);
    } else if (key == "price_ranges") {
      good = parse_price_ranges(value);
    } else if (key == "additional_metadata") {
      good = parse_lifecycle_metadata(value, ranks);
    }
    return good;
  });
  if (!fields_ok) return false;
  if (!has_ticker) return fail(FrameErrorCode::missing_field, "msg.market_ticker");
  if (!has_event_type) return fail(FrameErrorCode::missing_field, "msg.event_type");
  return true;
}

}  // namespace antevorta::kalshi
