// Account and portfolio models: limits, balance, positions, orders, fills, settlements, and
// the V2 order write answers.
#include <fmt/format.h>

#include "antevorta/kalshi/models.hpp"

#include "kalshi/models_json.hpp"

namespace antevorta::kalshi {
namespace detail {

namespace {

OrderStatus order_status_of(std::string_view s) {
  if (s == "resting") return OrderStatus::resting;
  if (s == "canceled" || s == "cancelled") return OrderStatus::canceled;
  if (s == "executed") return OrderStatus::executed;
  return OrderStatus::unknown;
}

BucketLimit bucket_of(const Obj& o, std::string_view key) {
  if (o.missing(key)) o.fail(key, "missing");
  const Obj b(*o.find(key), o.at(key));
  BucketLimit l;
  const auto rate = b.opt_int("refill_rate");
  const auto cap = b.opt_int("bucket_capacity");
  if (!rate || *rate <= 0) b.fail("refill_rate", "missing or not positive");
  if (!cap || *cap <= 0) b.fail("bucket_capacity", "missing or not positive");
  l.refill_rate = *rate;
  l.bucket_capacity = *cap;
  return l;
}

}  // namespace

MarketPosition market_position_from(const json& j, std::string path) {
  const Obj o(j, std::move(path));
  MarketPosition p;
  p.ticker = MarketTicker(o.req_str("ticker"));
  p.exchange_index = o.opt_small_int("exchange_index");
  p.position = o.req_count("position_fp", "position");
  p.total_traded = o.opt_money("total_traded_dollars", "total_traded").value_or(Money{});
  p.market_exposure = o.opt_money("market_exposure_dollars", "market_exposure").value_or(Money{});
  p.realized_pnl = o.opt_money("realized_pnl_dollars", "realized_pnl").value_or(Money{});
  p.fees_paid = o.opt_money("fees_paid_dollars", "fees_paid").value_or(Money{});
  p.last_updated = o.opt_time("last_updated_ts");
  return p;
}

EventPosition event_position_from(const json& j, std::string path) {
  const Obj o(j, std::move(path));
  EventPosition p;
  p.event_ticker = EventTicker(o.req_str("event_ticker"));
  p.total_cost = o.opt_money("total_cost_dollars", "total_cost").value_or(Money{});
  p.total_cost_shares = o.opt_count("total_cost_shares_fp", "total_cost_shares").value_or(Count{});
  p.event_exposure = o.opt_money("event_exposure_dollars", "event_exposure").value_or(Money{});
  p.realized_pnl = o.opt_money("realized_pnl_dollars", "realized_pnl").value_or(Money{});
  p.fees_paid = o.opt_money("fees_paid_dollars", "fees_paid").value_or(Money{});
  return p;
}

Order order_from(const json& j, std::string path) {
  const Obj o(j, std::move(path));
  Order r;
  r.order_id = OrderId(o.req_str("order_id"));
  r.client_order_id = ClientOrderId(o.str_or_empty("client_order_id"));
  r.ticker = MarketTicker(o.req_str("ticker"));
  std::tie(r.outcome_side, r.book_side) =
      parse_sides(o, "outcome_side", "book_side", "side", "action");
  r.status_text = o.str_or_empty("status");
  r.status = order_status_of(r.status_text);
  r.yes_price = o.opt_price("yes_price_dollars", "yes_price");
  r.no_price = o.opt_price("no_price_dollars", "no_price");
  r.fill_count = o.opt_count("fill_count_fp", "fill_count").value_or(Count{});
  r.remaining_count = o.opt_count("remaining_count_fp", "remaining_count").value_or(Count{});
  r.initial_count =
      o.opt_count("initial_count_fp", "initial_count").value_or(r.fill_count + r.remaining_count);
  r.taker_fill_cost = o.opt_money("taker_fill_cost_dollars", "taker_fill_cost").value_or(Money{});
  r.maker_fill_cost = o.opt_money("maker_fill_cost_dollars", "maker_fill_cost").value_or(Money{});
  r.taker_fees = o.opt_money("taker_fees_dollars", "taker_fees").value_or(Money{});
  r.maker_fees = o.opt_money("maker_fees_dollars", "maker_fees").value_or(Money{});
  r.expiration_time = o.opt_time("expiration_time");
  r.created_time = o.opt_time("created_time");
  r.last_update_time = o.opt_time("last_update_time");
  if (const auto stp = o.opt_str("self_trade_prevention_type")) {
    if (*stp == "maker") r.self_trade_prevention = SelfTradePrevention::maker;
    if (*stp == "taker_at_cross") r.self_trade_prevention = SelfTradePrevention::taker_at_cross;
  }
  r.order_group_id = o.opt_str("order_group_id");
  r.last_update_reason = o.opt_str("last_update_reason");
  r.cancel_order_on_pause = o.bool_or("cancel_order_on_pause", false);
  r.subaccount = o.opt_small_int("subaccount_number");
  r.exchange_index = o.opt_small_int("exchange_index");
  return r;
}

Fill fill_from(const json& j, std::string path) {
  const Obj o(j, std::move(path));
  Fill f;
  const auto fill_id = o.opt_str("fill_id");
  const auto trade_id = o.opt_str("trade_id");
  if (!fill_id && !trade_id) o.fail("fill_id", "missing");
  f.fill_id = fill_id.value_or(*trade_id);
  f.trade_id = TradeId(trade_id.value_or(f.fill_id));
  f.order_id = OrderId(o.req_str("order_id"));
  const auto ticker = o.opt_str("ticker");
  f.ticker = MarketTicker(ticker ? *ticker : o.req_str("market_ticker"));
  std::tie(f.outcome_side, f.book_side) =
      parse_sides(o, "outcome_side", "book_side", "side", "action");
  f.count = o.req_count("count_fp", "count");
  f.yes_price = o.req_price("yes_price_dollars", "yes_price");
  f.no_price = o.opt_price("no_price_dollars", "no_price").value_or(f.yes_price.complement());
  f.is_taker = o.bool_or("is_taker", false);
  f.fee_cost = o.opt_money("fee_cost").value_or(Money{});
  f.created_time = o.opt_time("created_time");
  if (!f.created_time) f.created_time = o.opt_time("ts");
  f.exchange_index = o.opt_small_int("exchange_index");
  f.subaccount = o.opt_small_int("subaccount_number");
  return f;
}

Settlement settlement_from(const json& j, std::string path) {
  const Obj o(j, std::move(path));
  Settlement s;
  s.ticker = MarketTicker(o.req_str("ticker"));
  s.event_ticker = EventTicker(o.str_or_empty("event_ticker"));
  s.exchange_index = o.opt_small_int("exchange_index");
  if (const auto r = o.opt_str("market_result")) s.market_result = parse_market_result(*r);
  s.yes_count = o.opt_count("yes_count_fp", "yes_count").value_or(Count{});
  s.no_count = o.opt_count("no_count_fp", "no_count").value_or(Count{});
  s.yes_total_cost = o.opt_money("yes_total_cost_dollars", "yes_total_cost").value_or(Money{});
  s.no_total_cost = o.opt_money("no_total_cost_dollars", "no_total_cost").value_or(Money{});
  s.revenue = o.opt_money_cents("revenue").value_or(Money{});
  s.value = o.opt_money_cents("value");
  s.fee_cost = o.opt_money("fee_cost").value_or(Money{});
  s.settled_time = o.opt_time("settled_time");
  return s;
}

}  // namespace detail

using detail::guarded;
using detail::json;
using detail::Obj;

ModelResult<AccountLimits> parse_account_limits(const json& j) {
  return guarded<AccountLimits>([&] {
    const Obj o(j, "");
    AccountLimits l;
    l.usage_tier = o.str_or_empty("usage_tier");
    l.read = detail::bucket_of(o, "read");
    l.write = detail::bucket_of(o, "write");
    return l;
  });
}

ModelResult<EndpointCostsInfo> parse_endpoint_costs(const json& j) {
  return guarded<EndpointCostsInfo>([&] {
    const Obj o(j, "");
    EndpointCostsInfo info;
    info.default_cost = o.opt_int("default_cost").value_or(10);
    if (info.default_cost <= 0) o.fail("default_cost", "not positive");
    o.each("endpoint_costs", [&](const json& e, std::string p) {
      const Obj c(e, std::move(p));
      EndpointCost ec{c.req_str("method"), c.req_str("path"), c.opt_int("cost").value_or(-1)};
      if (ec.cost < 0) c.fail("cost", "missing or negative");
      info.endpoint_costs.push_back(std::move(ec));
    });
    return info;
  });
}

ModelResult<Balance> parse_balance(const json& j) {
  return guarded<Balance>([&] {
    const Obj o(j, "");
    Balance b;
    b.balance = o.req_money("balance_dollars", "balance");
    b.portfolio_value = o.opt_money_cents("portfolio_value");
    b.updated_ts = o.opt_int("updated_ts");
    o.each("balance_breakdown", [&](const json& e, std::string p) {
      const Obj x(e, std::move(p));
      const auto index = x.opt_small_int("exchange_index");
      if (!index) x.fail("exchange_index", "missing");
      b.balance_breakdown.push_back({*index, x.req_money("balance")});
    });
    return b;
  });
}

ModelResult<MarketPosition> parse_market_position(const json& j) {
  return guarded<MarketPosition>([&] { return detail::market_position_from(j, ""); });
}
ModelResult<EventPosition> parse_event_position(const json& j) {
  return guarded<EventPosition>([&] { return detail::event_position_from(j, ""); });
}
ModelResult<Order> parse_order(const json& j) {
  return guarded<Order>([&] { return detail::order_from(j, ""); });
}
ModelResult<Fill> parse_fill(const json& j) {
  return guarded<Fill>([&] { return detail::fill_from(j, ""); });
}
ModelResult<Settlement> parse_settlement(const json& j) {
  return guarded<Settlement>([&] { return detail::settlement_from(j, ""); });
}

ModelResult<OrderAck> parse_order_ack(const json& j) {
  return guarded<OrderAck>([&] {
    const Obj o(j, "");
    OrderAck a;
    a.order_id = OrderId(o.req_str("order_id"));
    if (a.order_id.empty()) o.fail("order_id", "empty");
    if (const auto c = o.opt_str("client_order_id")) a.client_order_id = ClientOrderId(*c);
    a.fill_count = o.opt_count("fill_count");
    if (!a.fill_count) a.fill_count = o.opt_count("fill_count_fp");
    a.remaining_count = o.opt_count("remaining_count");
    if (!a.remaining_count) a.remaining_count = o.opt_count("remaining_count_fp");
    a.average_fill_price = o.opt_price_rounded("average_fill_price");
    a.average_fee_paid = o.opt_money_rounded("average_fee_paid");
    if (const auto ms = o.opt_int("ts_ms")) a.ts = from_unix_ms(*ms);
    return a;
  });
}

ModelResult<CancelAck> parse_cancel_ack(const json& j) {
  return guarded<CancelAck>([&] {
    const Obj o(j, "");
    CancelAck a;
    a.order_id = OrderId(o.req_str("order_id"));
    if (const auto c = o.opt_str("client_order_id")) a.client_order_id = ClientOrderId(*c);
    auto reduced = o.opt_count("reduced_by");
    if (!reduced) reduced = o.opt_count("reduced_by_fp");
    a.reduced_by = reduced.value_or(Count{});
    if (const auto ms = o.opt_int("ts_ms")) a.ts = from_unix_ms(*ms);
    return a;
  });
}

ModelResult<PositionsPage> parse_positions_response(const json& j) {
  return guarded<PositionsPage>([&] {
    const Obj o(j, "");
    PositionsPage page;
    o.each("market_positions", [&](const json& e, std::string p) {
      page.market_positions.push_back(detail::market_position_from(e, std::move(p)));
    });
    o.each("event_positions", [&](const json& e, std::string p) {
      page.event_positions.push_back(detail::event_position_from(e, std::move(p)));
    });
    page.cursor = detail::cursor_of(o);
    return page;
  });
}

ModelResult<Page<Order>> parse_orders_response(const json& j) {
  return guarded<Page<Order>>([&] {
    const Obj o(j, "");
    if (o.find("orders") == nullptr) o.fail("orders", "missing");
    Page<Order> page;
    o.each("orders", [&](const json& e, std::string p) {
      page.items.push_back(detail::order_from(e, std::move(p)));
    });
    page.cursor = detail::cursor_of(o);
    return page;
  });
}

ModelResult<Order> parse_order_response(const json& j) {
  return guarded<Order>([&] {
    const Obj o(j, "");
    if (o.missing("order")) o.fail("order", "missing");
    return detail::order_from(*o.find("order"), "order");
  });
}

ModelResult<Page<Fill>> parse_fills_response(const json& j) {
  return guarded<Page<Fill>>([&] {
    const Obj o(j, "");
    if (o.find("fills") == nullptr) o.fail("fills", "missing");
    Page<Fill> page;
    o.each("fills", [&](const json& e, std::string p) {
      page.items.push_back(detail::fill_from(e, std::move(p)));
    });
    page.cursor = detail::cursor_of(o);
    return page;
  });
}

ModelResult<Page<Settlement>> parse_settlements_response(const json& j) {
  return guarded<Page<Settlement>>([&] {
    const Obj o(j, "");
    if (o.find("settlements") == nullptr) o.fail("settlements", "missing");
    Page<Settlement> page;
    o.each("settlements", [&](const json& e, std::string p) {
      page.items.push_back(detail::settlement_from(e, std::move(p)));
    });
    page.cursor = detail::cursor_of(o);
    return page;
  });
}

}  // namespace antevorta::kalshi
