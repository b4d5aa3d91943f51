// Public market data: ticker, trade, event_lifecycle, event_fee_update.
#include <simdjson.h>

#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/ws_messages.hpp"

#include "ws_parser_internal.hpp"

namespace antevorta::kalshi {

namespace od = simdjson::ondemand;

bool WsParser::Impl::parse_ticker_msg(od::value& v) noexcept {
  TickerUpdate& t = current<TickerUpdate>();
  od::object msg;
  if (!get_msg_object(v, msg)) return false;
  bool has_ticker = false;
  std::optional<Price> yes_bid;
  std::optional<Price> yes_ask;
  std::optional<std::int64_t> ts;
  std::uint8_t last_rank = 0, bid_rank = 0, ask_rank = 0, bid_size_rank = 0, ask_size_rank = 0,
               trade_size_rank = 0, volume_rank = 0, oi_rank = 0, ts_rank = 0;
  const bool fields_ok = for_each_field(msg, "msg", [&](od::raw_json_string key, od::value& value) {
    bool good = true;
    if (key == "market_ticker") {
      good = read_string(value, "msg.market_ticker", t.market_ticker);
      has_ticker = true;
    } else if (key == "price_dollars") {
      good = read_optional_price(value, "msg.price_dollars", t.last_price, last_rank, kCurrent);
    } else if (key == "price") {
      good = read_optional_price(value, "msg.price", t.last_price, last_rank, kLegacy);
    } else if (key == "yes_bid_dollars") {
      good = read_optional_price(value, "msg.yes_bid_dollars", yes_bid, bid_rank, kCurrent);
    } else if (key == "yes_bid") {
      good = read_optional_price(value, "msg.yes_bid", yes_bid, bid_rank, kLegacy);
    } else if (key == "yes_ask_dollars") {
      good = read_optional_price(value, "msg.yes_ask_dollars", yes_ask, ask_rank, kCurrent);
    } else if (key == "yes_ask") {
      good = read_optional_price(value, "msg.yes_ask", yes_ask, ask_rank, kLegacy);
    } else if (key == "yes_bid_size_fp") {
      good = read_optional_count(value, "msg.yes_bid_size_fp", false, t.yes_bid_size, bid_size_rank,
                                 kCurrent);
    } else if (key == "yes_ask_size_fp") {
      good = read_optional_count(value, "msg.yes_ask_size_fp", false, t.yes_ask_size, ask_size_rank,
                                 kCurrent);
    } else if (key == "last_trade_size_fp") {
      good = read_optional_count(value, "msg.last_trade_size_fp", false, t.last_trade_size,
                                 trade_size_rank, kCurrent);
    } else if (key == "volume_fp") {
      good = read_optional_count(value, "msg.volume_fp", false, t.volume, volume_rank, kCurrent);
    } else if (key == "volume") {
      good = read_optional_count(value, "msg.volume", false, t.volume, volume_rank, kLegacy);
    } else if (key == "open_interest_fp") {
      good = read_optional_count(value, "msg.open_interest_fp", false, t.open_interest, oi_rank,
                                 kCurrent);
    } else if (key == "open_interest") {
      good =
          read_optional_count(value, "msg.open_interest", false, t.open_interest, oi_rank, kLegacy);
    } else if (key == "dollar_volume") {
      good = read_optional_int(value, "msg.dollar_volume", t.dollar_volume);
    } else if (key == "dollar_open_interest") {
      good = read_optional_int(value, "msg.dollar_open_interest", t.dollar_open_interest);
    } else if (key == "ts_ms") {
      good = read_optional_time(value, "msg.ts_ms", ts, ts_rank, kCurrent);
    } else if (key == "ts") {
      good = read_optional_time(value, "msg.ts", ts, ts_rank, kLegacy);
    }
    return good;
  });
  if (!fields_ok) return false;
  if (!has_ticker) return fail(FrameErrorCode::missing_field, "msg.market_ticker");
  if (!yes_bid) return fail(FrameErrorCode::missing_field, "msg.yes_bid_dollars");
  if (!yes_ask) return fail(FrameErrorCode::missing_field, "msg.yes_ask_dollars");
  if (!ts) return fail(FrameErrorCode::missing_field, "msg.ts_ms");
  t.yes_bid = *yes_bid;
  t.yes_ask = *yes_ask;
  t.ts_ms = *ts;
  return true;
}

bool WsParser::Impl::parse_trade_msg(od::value& v) noexcept {
  PublicTrade& t = current<PublicTrade>();
  od::object msg;
  if (!get_msg_object(v, msg)) return false;
  bool has_ticker = false;
  std::optional<Price> yes_price;
  std::optional<Price> no_price;
  std::optional<Count> count;
  std::optional<std::int64_t> ts;
  Direction direction;
  direction.legacy_is_buy = true;  // the legacy taker_side is the taker's outcome side
  std::uint8_t yes_rank = 0, no_rank = 0, count_rank = 0, ts_rank = 0;
  const bool fields_ok = for_each_field(msg, "msg", [&](od::raw_json_string key, od::value& value) {
    bool good = true;
    if (key == "market_ticker") {
      good = read_string(value, "msg.market_ticker", t.market_ticker);
      has_ticker = true;
    } else if (key == "trade_id") {
      good = read_optional_string(value, "msg.trade_id", t.trade_id);
    } else if (key == "yes_price_dollars") {
      good = read_optional_price(value, "msg.yes_price_dollars", yes_price, yes_rank, kCurrent);
    } else if (key == "yes_price") {
      good = read_optional_price(value, "msg.yes_price", yes_price, yes_rank, kLegacy);
    } else if (key == "no_price_dollars") {
      good = read_optional_price(value, "msg.no_price_dollars", no_price, no_rank, kCurrent);
    } else if (key == "no_price") {
      good = read_optional_price(value, "msg.no_price", no_price, no_rank, kLegacy);
    } else if (key == "count_fp") {
      good = read_optional_count(value, "msg.count_fp", false, count, count_rank, kCurrent);
    } else if (key == "count") {
      good = read_optional_count(value, "msg.count", false, count, count_rank, kLegacy);
    } else if (key == "taker_outcome_side") {
      OutcomeSide side{};
      if (!is_null(value)) {
        good = read_outcome_side(value, "msg.taker_outcome_side", side);
        direction.outcome = side;
      }
    } else if (key == "taker_book_side") {
      BookSide side{};
      if (!is_null(value)) {
        good = read_book_side(value, "msg.taker_book_side", side);
        direction.book = side;
      }
    } else if (key == "taker_side") {
      OutcomeSide side{};
      if (!is_null(value)) {
        good = read_outcome_side(value, "msg.taker_side", side);
        direction.legacy_side = side;
      }
    } else if (key == "is_block_trade") {
      std::optional<bool> block;
      good = read_optional_bool(value, "msg.is_block_trade", block);
      t.is_block_trade = block.value_or(false);
    } else if (key == "ts_ms") {
      good = read_optional_time(value, "msg.ts_ms", ts, ts_rank, kCurrent);
    } else if (key == "ts") {
      good = read_optional_time(value, "msg.ts", ts, ts_rank, kLegacy);
    }
    return good;
  });
  if (!fields_ok) return false;
  std::optional<OutcomeSide> taker;
  if (!resolve_direction(direction, "msg.taker_book_side", taker)) return false;
  if (!has_ticker) return fail(FrameErrorCode::missing_field, "msg.market_ticker");
  if (!yes_price) return fail(FrameErrorCode::missing_field, "msg.yes_price_dollars");
  if (!count) return fail(FrameErrorCode::missing_field, "msg.count_fp");
  if (!taker) return fail(FrameErrorCode::missing_field, "msg.taker_outcome_side");
  if (!ts) return fail(FrameErrorCode::missing_field, "msg.ts_ms");
  t.yes_price = *yes_price;
  t.no_price = no_price.value_or(yes_price->complement());
  t.count = *count;
  t.taker_outcome_side = *taker;
  t.taker_book_side = book_side_of(*taker);
  t.ts_ms = *ts;
  return true;
}

bool WsParser::Impl::parse_event_lifecycle_msg(od::value& v) noexcept {
  EventLifecycle& ev = current<EventLifecycle>();
  od::object msg;
  if (!get_msg_object(v, msg)) return false;
  bool has_event = false;
  bool has_series = false;
  std::uint8_t strike_rank = 0;
  const bool fields_ok = for_each_field(msg, "msg", [&](od::raw_json_string key, od::value& value) {
    bool good = true;
    if (key == "event_ticker") {
      good = read_string(value, "msg.event_ticker", ev.event_ticker);
      has_event = true;
    } else if (key == "series_ticker") {
      good = read_string(value, "msg.series_ticker", ev.series_ticker);
      has_series = true;
    } else if (key == "title") {
      good = read_optional_string(value, "msg.title", ev.title);
    } else if (key == "subtitle") {
      good = read_optional_string(value, "msg.subtitle", ev.subtitle);
    } else if (key == "collateral_return_type") {
      good = read_optional_string(value, "msg.collateral_return_type", ev.collateral_return_type);
    } else if (key == "exchange_index") {
      good = read_optional_int(value, "msg.exchange_index", ev.exchange_index);
    } else if (key == "strike_date") {
      good = read_optional_time(value, "msg.strike_date", ev.strike_date_ms, strike_rank, kLegacy);
    } else if (key == "strike_period") {
      good = read_optional_string(value, "msg.strike_period", ev.strike_period);
    }
    return good;
  });
  if (!fields_ok) return false;
  if (!has_event) return fail(FrameErrorCode::missing_field, "msg.event_ticker");
  if (!has_series) return fail(FrameErrorCode::missing_field, "msg.series_ticker");
  return true;
}

bool WsParser::Impl::parse_event_fee_update_msg(od::value& v) noexcept {
  EventFeeUpdate& fee = current<EventFeeUpdate>();
  od::object msg;
  if (!get_msg_object(v, msg)) return false;
  bool has_event = false;
  for (auto item : msg) {
    if (auto e = item.error()) return json_fail(e, "msg");
    od::field& f = item.value_unsafe();
    const od::raw_json_string key = f.key();
    od::value& value = f.value();
    if (key == "event_ticker") {
      if (!read_string(value, "msg.event_ticker", fee.event_ticker)) return false;
      has_event = true;
    } else if (key == "fee_type_override") {
      if (!read_optional_string(value, "msg.fee_type_override", fee.fee_type_override_text)) {
        return false;
      }
      if (fee.fee_type_override_text) {
        fee.fee_type_override = parse_fee_type(*fee.fee_type_override_text);
      }
    } else if (key == "fee_multiplier_override") {
      if (is_null(value)) continue;
      // A JSON number's own text ("1", "0.5"), or the content of a string.
      const std::string_view token = ws_detail::trim_token(value.raw_json_token());
      const auto text = token.starts_with('"') ? ws_detail::string_content(token) : token;
      const bool number_like =
          text && !text->empty() && ((*text)[0] == '-' || ((*text)[0] >= '0' && (*text)[0] <= '9'));
      if (!number_like) {
        return fail(
            token.starts_with('"') ? FrameErrorCode::bad_number : FrameErrorCode::wrong_type,
            "msg.fee_multiplier_override", "not a number");
      }
      const auto multiplier = FeeMultiplier::parse(*text);
      if (!multiplier) {
        return fail(FrameErrorCode::bad_number, "msg.fee_multiplier_override",
                    to_string(multiplier.error().code));
      }
      fee.fee_multiplier_override = *multiplier;
    }
  }
  if (!has_event) return fail(FrameErrorCode::missing_field, "msg.event_ticker");
  return true;
}

}  // namespace antevorta::kalshi
