// Private channels: fill, user_order, market_position.
#include <simdjson.h>

#include "antevorta/kalshi/ws_messages.hpp"

#include "ws_parser_internal.hpp"

namespace antevorta::kalshi {

namespace od = simdjson::ondemand;

std::string_view to_string(UserOrderStatus status) noexcept {
  switch (status) {
    case UserOrderStatus::resting:
      return "resting";
    case UserOrderStatus::canceled:
      return "canceled";
    case UserOrderStatus::executed:
      return "executed";
    case UserOrderStatus::unknown:
      return "unknown";
  }
  return "unknown";
}

namespace {

UserOrderStatus parse_user_order_status(std::string_view text) noexcept {
  if (text == "resting") return UserOrderStatus::resting;
  if (text == "canceled") return UserOrderStatus::canceled;
  if (text == "executed") return UserOrderStatus::executed;
  return UserOrderStatus::unknown;
}

}  // namespace

bool WsParser::Impl::parse_fill_msg(od::value& v) noexcept {
  FillMessage& fill = current<FillMessage>();
  od::object msg;
  if (!get_msg_object(v, msg)) return false;
  bool has_trade = false, has_order = false, has_ticker = false, has_taker = false;
  std::optional<Price> yes_price;
  std::optional<Count> count;
  std::optional<std::int64_t> ts;
  Direction direction;
  std::uint8_t price_rank = 0, count_rank = 0, fee_rank = 0, position_rank = 0, ts_rank = 0;
  const bool fields_ok = for_each_field(msg, "msg", [&](od::raw_json_string key, od::value& value) {
    bool good = true;
    if (key == "trade_id") {
      good = read_string(value, "msg.trade_id", fill.trade_id);
      has_trade = true;
    } else if (key == "order_id") {
      good = read_string(value, "msg.order_id", fill.order_id);
      has_order = true;
    } else if (key == "market_ticker") {
      good = read_string(value, "msg.market_ticker", fill.market_ticker);
      has_ticker = true;
    } else if (key == "exchange_index") {
      good = read_optional_int(value, "msg.exchange_index", fill.exchange_index);
    } else if (key == "is_taker") {
      good = read_bool(value, "msg.is_taker", fill.is_taker);
      has_taker = true;
    } else if (key == "outcome_side") {
      if (!is_null(value))
        good = read_outcome_side(value, "msg.outcome_side", direction.outcome.emplace());
    } else if (key == "book_side") {
      if (!is_null(value)) good = read_book_side(value, "msg.book_side", direction.book.emplace());
    } else if (key == "side") {
      if (!is_null(value))
        good = read_outcome_side(value, "msg.side", direction.legacy_side.emplace());
    } else if (key == "action") {
      if (!is_null(value))
        good = read_is_buy(value, "msg.action", direction.legacy_is_buy.emplace());
    } else if (key == "yes_price_dollars") {
      good = read_optional_price(value, "msg.yes_price_dollars", yes_price, price_rank, kCurrent);
    } else if (key == "yes_price") {
      good = read_optional_price(value, "msg.yes_price", yes_price, price_rank, kLegacy);
    } else if (key == "count_fp") {
      good = read_optional_count(value, "msg.count_fp", false, count, count_rank, kCurrent);
    } else if (key == "count") {
      good = read_optional_count(value, "msg.count", false, count, count_rank, kLegacy);
    } else if (key == "fee_cost") {
      good = read_optional_money(value, "msg.fee_cost", fill.fee_cost, fee_rank, kCurrent);
    } else if (key == "post_position_fp") {
      good = read_optional_count(value, "msg.post_position_fp", true, fill.post_position,
                                 position_rank, kCurrent);
    } else if (key == "post_position") {
      good = read_optional_count(value, "msg.post_position", true, fill.post_position,
                                 position_rank, kLegacy);
    } else if (key == "client_order_id") {
      good = read_optional_string(value, "msg.client_order_id", fill.client_order_id);
    } else if (key == "ts_ms") {
      good = read_optional_time(value, "msg.ts_ms", ts, ts_rank, kCurrent);
    } else if (key == "ts") {
      good = read_optional_time(value, "msg.ts", ts, ts_rank, kLegacy);
    } else if (key == "subaccount") {
      good = read_optional_int(value, "msg.subaccount", fill.subaccount);
    }
    return good;
  });
  if (!fields_ok) return false;
  std::optional<OutcomeSide> outcome;
  if (!resolve_direction(direction, "msg.book_side", outcome)) return false;
  if (!has_trade) return fail(FrameErrorCode::missing_field, "msg.trade_id");
  if (!has_order) return fail(FrameErrorCode::missing_field, "msg.order_id");
  if (!has_ticker) return fail(FrameErrorCode::missing_field, "msg.market_ticker");
  if (!has_taker) return fail(FrameErrorCode::missing_field, "msg.is_taker");
  if (!outcome) return fail(FrameErrorCode::missing_field, "msg.outcome_side");
  if (!yes_price) return fail(FrameErrorCode::missing_field, "msg.yes_price_dollars");
  if (!count) return fail(FrameErrorCode::missing_field, "msg.count_fp");
  if (!ts) return fail(FrameErrorCode::missing_field, "msg.ts_ms");
  fill.outcome_side = *outcome;
  fill.book_side = book_side_of(*outcome);
  fill.yes_price = *yes_price;
  fill.count = *count;
  fill.ts_ms = *ts;
  return true;
}

bool WsParser::Impl::parse_user_order_msg(od::value& v) noexcept {
  UserOrderUpdate& order = current<UserOrderUpdate>();
  od::object msg;
  if (!get_msg_object(v, msg)) return false;
  bool has_order = false, has_ticker = false, has_status = false;
  std::optional<Price> yes_price;
  std::optional<Count> fill_count, remaining_count, initial_count;
  Direction direction;
  std::uint8_t price_rank = 0, fill_rank = 0, remaining_rank = 0, initial_rank = 0,
               taker_cost_rank = 0, maker_cost_rank = 0, taker_fee_rank = 0, maker_fee_rank = 0,
               created_rank = 0, updated_rank = 0, expiration_rank = 0;
  // The deprecated RFC 3339 text, used when the `_ms` field is absent.
  const auto take_time_text = [&](od::value& value, std::string_view field,
                                  std::optional<std::int64_t>& out, std::uint8_t& rank) {
    if (kLegacy <= rank || is_null(value)) return true;
    std::int64_t ms = 0;
    if (!read_rfc3339_ms(value, field, ms)) return false;
    out = ms;
    rank = kLegacy;
    return true;
  };
  const bool fields_ok = for_each_field(msg, "msg", [&](od::raw_json_string key, od::value& value) {
    bool good = true;
    if (key == "order_id") {
      good = read_string(value, "msg.order_id", order.order_id);
      has_order = true;
    } else if (key == "ticker") {
      good = read_string(value, "msg.ticker", order.market_ticker);
      has_ticker = true;
    } else if (key == "status") {
      good = read_string(value, "msg.status", order.status_text);
      order.status = parse_user_order_status(order.status_text);
      has_status = true;
    } else if (key == "outcome_side") {
      if (!is_null(value))
        good = read_outcome_side(value, "msg.outcome_side", direction.outcome.emplace());
    } else if (key == "book_side") {
      if (!is_null(value)) good = read_book_side(value, "msg.book_side", direction.book.emplace());
    } else if (key == "side") {
      if (!is_null(value))
        good = read_outcome_side(value, "msg.side", direction.legacy_side.emplace());
    } else if (key == "action") {
      if (!is_null(value))
        good = read_is_buy(value, "msg.action", direction.legacy_is_buy.emplace());
    } else if (key == "yes_price_dollars") {
      good = read_optional_price(value, "msg.yes_price_dollars", yes_price, price_rank, kCurrent);
    } else if (key == "yes_price") {
      good = read_optional_price(value, "msg.yes_price", yes_price, price_rank, kLegacy);
    } else if (key == "fill_count_fp") {
      good =
          read_optional_count(value, "msg.fill_count_fp", false, fill_count, fill_rank, kCurrent);
    } else if (key == "fill_count") {
      good = read_optional_count(value, "msg.fill_count", false, fill_count, fill_rank, kLegacy);
    } else if (key == "remaining_count_fp") {
      good = read_optional_count(value, "msg.remaining_count_fp", false, remaining_count,
                                 remaining_rank, kCurrent);
    } else if (key == "remaining_count") {
      good = read_optional_count(value, "msg.remaining_count", false, remaining_count,
                                 remaining_rank, kLegacy);
    } else if (key == "initial_count_fp") {
      good = read_optional_count(value, "msg.initial_count_fp", false, initial_count, initial_rank,
                                 kCurrent);
    } else if (key == "initial_count") {
      good = read_optional_count(value, "msg.initial_count", false, initial_count, initial_rank,
                                 kLegacy);
    } else if (key == "taker_fill_cost_dollars") {
      good = read_optional_money(value, "msg.taker_fill_cost_dollars", order.taker_fill_cost,
                                 taker_cost_rank, kCurrent);
    } else if (key == "maker_fill_cost_dollars") {
      good = read_optional_money(value, "msg.maker_fill_cost_dollars", order.maker_fill_cost,
                                 maker_cost_rank, kCurrent);
    } else if (key == "taker_fees_dollars") {
      good = read_optional_money(value, "msg.taker_fees_dollars", order.taker_fees, taker_fee_rank,
                                 kCurrent);
    } else if (key == "maker_fees_dollars") {
      good = read_optional_money(value, "msg.maker_fees_dollars", order.maker_fees, maker_fee_rank,
                                 kCurrent);
    } else if (key == "client_order_id") {
      good = read_optional_string(value, "msg.client_order_id", order.client_order_id);
    } else if (key == "order_group_id") {
      good = read_optional_string(value, "msg.order_group_id", order.order_group_id);
    } else if (key == "created_ts_ms") {
      good = read_optional_time(value, "msg.created_ts_ms", order.created_ts_ms, created_rank,
                                kCurrent);
    } else if (key == "created_time") {
      good = take_time_text(value, "msg.created_time", order.created_ts_ms, created_rank);
    } else if (key == "last_updated_ts_ms") {
      good = read_optional_time(value, "msg.last_updated_ts_ms", order.last_updated_ts_ms,
                                updated_rank, kCurrent);
    } else if (key == "last_update_time") {
      good = take_time_text(value, "msg.last_update_time", order.last_updated_ts_ms, updated_rank);
    } else if (key == "expiration_ts_ms") {
      good = read_optional_time(value, "msg.expiration_ts_ms", order.expiration_ts_ms,
                                expiration_rank, kCurrent);
    } else if (key == "expiration_time") {
      good = take_time_text(value, "msg.expiration_time", order.expiration_ts_ms, expiration_rank);
    } else if (key == "exchange_index") {
      good = read_optional_int(value, "msg.exchange_index", order.exchange_index);
    } else if (key == "subaccount_number") {
      good = read_optional_int(value, "msg.subaccount_number", order.subaccount);
    }
    return good;
  });
  if (!fields_ok) return false;
  if (!resolve_direction(direction, "msg.book_side", order.outcome_side)) return false;
  if (order.outcome_side) order.book_side = book_side_of(*order.outcome_side);
  if (!has_order) return fail(FrameErrorCode::missing_field, "msg.order_id");
  if (!has_ticker) return fail(FrameErrorCode::missing_field, "msg.ticker");
  if (!has_status) return fail(FrameErrorCode::missing_field, "msg.status");
  if (!yes_price) return fail(FrameErrorCode::missing_field, "msg.yes_price_dollars");
  if (!fill_count) return fail(FrameErrorCode::missing_field, "msg.fill_count_fp");
  if (!remaining_count) return fail(FrameErrorCode::missing_field, "msg.remaining_count_fp");
  if (!initial_count) return fail(FrameErrorCode::missing_field, "msg.initial_count_fp");
  order.yes_price = *yes_price;
  order.fill_count = *fill_count;
  order.remaining_count = *remaining_count;
  order.initial_count = *initial_count;
  return true;
}

bool WsParser::Impl::parse_market_position_msg(od::value& v) noexcept {
  MarketPositionUpdate& pos = current<MarketPositionUpdate>();
  od::object msg;
  if (!get_msg_object(v, msg)) return false;
  bool has_ticker = false;
  std::optional<Count> position;
  std::optional<Money> cost, pnl, fees;
  std::uint8_t position_rank = 0, cost_rank = 0, pnl_rank = 0, fees_rank = 0, position_fee_rank = 0,
               volume_rank = 0;
  const bool fields_ok = for_each_field(msg, "msg", [&](od::raw_json_string key, od::value& value) {
    bool good = true;
    if (key == "market_ticker") {
      good = read_string(value, "msg.market_ticker", pos.market_ticker);
      has_ticker = true;
    } else if (key == "position_fp") {
      good = read_optional_count(value, "msg.position_fp", true, position, position_rank, kCurrent);
    } else if (key == "position") {
      good = read_optional_count(value, "msg.position", true, position, position_rank, kLegacy);
    } else if (key == "position_cost_dollars") {
      good = read_optional_money(value, "msg.position_cost_dollars", cost, cost_rank, kCurrent);
    } else if (key == "position_cost") {
      good = read_optional_money(value, "msg.position_cost", cost, cost_rank, kLegacy);
    } else if (key == "realized_pnl_dollars") {
      good = read_optional_money(value, "msg.realized_pnl_dollars", pnl, pnl_rank, kCurrent);
    } else if (key == "realized_pnl") {
      good = read_optional_money(value, "msg.realized_pnl", pnl, pnl_rank, kLegacy);
    } else if (key == "fees_paid_dollars") {
      good = read_optional_money(value, "msg.fees_paid_dollars", fees, fees_rank, kCurrent);
    } else if (key == "fees_paid") {
      good = read_optional_money(value, "msg.fees_paid", fees, fees_rank, kLegacy);
    } else if (key == "position_fee_cost_dollars") {
      good = read_optional_money(value, "msg.position_fee_cost_dollars", pos.position_fee_cost,
                                 position_fee_rank, kCurrent);
    } else if (key == "position_fee_cost") {
      good = read_optional_money(value, "msg.position_fee_cost", pos.position_fee_cost,
                                 position_fee_rank, kLegacy);
    } else if (key == "volume_fp") {
      good = read_optional_count(value, "msg.volume_fp", false, pos.volume, volume_rank, kCurrent);
    } else if (key == "volume") {
      good = read_optional_count(value, "msg.volume", false, pos.volume, volume_rank, kLegacy);
    } else if (key == "exchange_index") {
      good = read_optional_int(value, "msg.exchange_index", pos.exchange_index);
    } else if (key == "subaccount") {
      good = read_optional_int(value, "msg.subaccount", pos.subaccount);
    }
    return good;
  });
  if (!fields_ok) return false;
  if (!has_ticker) return fail(FrameErrorCode::missing_field, "msg.market_ticker");
  if (!position) return fail(FrameErrorCode::missing_field, "msg.position_fp");
  if (!cost) return fail(FrameErrorCode::missing_field, "msg.position_cost_dollars");
  if (!pnl) return fail(FrameErrorCode::missing_field, "msg.realized_pnl_dollars");
  if (!fees) return fail(FrameErrorCode::missing_field, "msg.fees_paid_dollars");
  pos.position = *position;
  pos.position_cost = *cost;
  pos.realized_pnl = *pnl;
  pos.fees_paid = *fees;
  return true;
}

}  // namespace antevorta::kalshi
