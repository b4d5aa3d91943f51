// V2 order writes of the simulator's REST API (API-NOTES §5.4, §5.5): create, cancel, amend,
// decrease and their batches, with Kalshi's shard routing of order ids.
#include <fmt/format.h>

#include "sim/rest_internal.hpp"

namespace antevorta::sim::rest {

namespace {

struct CreateRequest {
  MarketTicker ticker;
  OrderRequest order;
  std::optional<std::int64_t> exchange_index;
};

BookSide side_of(const json& j, std::string_view path) {
  const std::string side = req_string(j, "side", path);
  if (side == "bid") return BookSide::bid;
  if (side == "ask") return BookSide::ask;
  bad_request(fmt::format("{}side: expected bid or ask, got \"{}\"",
                          path.empty() ? "" : std::string(path) + ".", side));
}

std::optional<std::int64_t> exchange_index_of(const json& j, std::string_view path) {
  const auto v = opt_int(j, "exchange_index", path);
  if (v && (*v < -1 || *v > 63)) {
    bad_request(fmt::format("exchange_index: {} is outside -1..63", *v));
  }
  return v;
}

void check_subaccount(std::optional<std::int64_t> sub) {
  if (sub && *sub != 0) bad_request("subaccount: the simulator has no subaccounts (only 0)");
}

CreateRequest parse_create(const json& j, std::string_view path) {
  if (!j.is_object())
    bad_request(fmt::format("{}: expected an object", path.empty() ? "body" : path));
  CreateRequest r;
  r.ticker = MarketTicker(req_string(j, "ticker", path));
  if (auto id = opt_string(j, "client_order_id", path); id && !id->empty()) {
    r.order.client_order_id = ClientOrderId(std::move(*id));
  }
  r.order.side = side_of(j, path);
  r.order.count = count_text(req_string(j, "count", path), "count");
  r.order.price = price_text(req_string(j, "price", path), "price");
  const std::string tif = req_string(j, "time_in_force", path);
  if (tif == "good_till_canceled") {
    r.order.time_in_force = TimeInForce::good_till_canceled;
  } else if (tif == "immediate_or_cancel") {
    r.order.time_in_force = TimeInForce::immediate_or_cancel;
  } else if (tif == "fill_or_kill") {
    r.order.time_in_force = TimeInForce::fill_or_kill;
  } else {
    bad_request(fmt::format("time_in_force: unknown value \"{}\"", tif));
  }
  const std::string stp = req_string(j, "self_trade_prevention_type", path);
  if (stp == "taker_at_cross") {
    r.order.self_trade_prevention = SelfTradePrevention::taker_at_cross;
  } else if (stp == "maker") {
    r.order.self_trade_prevention = SelfTradePrevention::maker;
  } else {
    bad_request(fmt::format("self_trade_prevention_type: unknown value \"{}\"", stp));
  }
  if (const auto exp = opt_int(j, "expiration_time", path)) {
    if (*exp < 0 || *exp > 253'402'300'799) bad_request("expiration_time: out of range");
    r.order.expiration = Timestamp{std::chrono::seconds(*exp)};
  }
  r.order.post_only = opt_bool(j, "post_only", path).value_or(false);
  r.order.reduce_only = opt_bool(j, "reduce_only", path).value_or(false);
  r.order.cancel_order_on_pause = opt_bool(j, "cancel_order_on_pause", path).value_or(false);
  check_subaccount(opt_int(j, "subaccount", path));
  (void)opt_string(j, "order_group_id", path);  // type-checked; order groups are not simulated
  r.exchange_index = exchange_index_of(j, path);
  return r;
}

const SimMarket& routed_market(Ctx& c, const MarketTicker& ticker,
                               std::optional<std::int64_t> exchange_index) {
  const SimMarket* m = c.exchange.catalog().market(ticker);
  if (m == nullptr) rejected(RejectReason::market_not_found, ticker.str());
  if (exchange_index && *exchange_index >= 0 && *exchange_index != m->exchange_index) {
    not_found(
        fmt::format("market {} not found on exchange_index {}", ticker.str(), *exchange_index));
  }
  return *m;
}

// The shard an order-id request goes to: exchange_index, else the market's shard, else 0.
int routed_shard(Ctx& c, std::optional<std::int64_t> exchange_index,
                 const std::optional<std::string>& market_ticker) {
  if (exchange_index && *exchange_index >= 0) return static_cast<int>(*exchange_index);
  if (market_ticker)
    return routed_market(c, MarketTicker(*market_ticker), std::nullopt).exchange_index;
  if (exchange_index) bad_request("market_ticker: required when exchange_index is -1");
  return 0;
}

// 404 unless the order lives on `shard` (orders of other accounts are left to the core,
// which answers order_not_found).
void require_on_shard(Ctx& c, const OrderId& id, int shard) {
  int actual = -1;
  if (const Order* o = c.exchange.core().find_order(id)) {
    const SimMarket* m = c.exchange.catalog().market(o->ticker);
    actual = m == nullptr ? 0 : m->exchange_index;
  } else if (const OrderRecord* r = c.exchange.order(c.owner(), id)) {
    actual = r->exchange_index;
  }
  if (actual != shard) {
    not_found(fmt::format("order {} not found on exchange_index {}", id.str(), shard));
  }
}

CoreResult accepted(Expected<CoreResult, RejectReason> r) {
  if (!r) rejected(r.error());
  return std::move(r).value();
}

std::optional<ClientOrderId> client_id_of(const CoreResult& r, const OrderId& id) {
  const OrderUpdate* u = r.engine.last_update_of(id);
  return u ? u->order.client_order_id : std::nullopt;
}

// The V2 write answer: fills this operation made for `id` as the taker, their average
// price and fee per contract, and the order's remaining size.
json order_ack(const CoreResult& r, const OrderId& id, Timestamp now) {
  std::int64_t filled = 0;          // centi-contracts
  detail::int128 price_volume = 0;  // centi-cents × centi-contracts
  std::int64_t fees = 0;            // centi-cents
  for (std::size_t i = 0; i < r.engine.fills.size(); ++i) {
    const Fill& f = r.engine.fills[i];
    if (f.taker_order_id != id) continue;
    filled += f.count.centi();
    price_volume += static_cast<detail::int128>(f.price.centicents()) * f.count.centi();
    if (i < r.accounting.size()) fees += r.accounting[i].taker.fee.centicents();
  }
  const OrderUpdate* u = r.engine.last_update_of(id);
  json j;
  j["order_id"] = id.str();
  if (const auto cid = client_id_of(r, id)) j["client_order_id"] = cid->str();
  j["fill_count"] = Count::from_centi(filled).to_string();
  j["remaining_count"] = (u ? u->order.remaining_count : Count{}).to_string();
  if (filled > 0) {
    const auto avg = detail::divide(price_volume, filled, Rounding::nearest);
    j["average_fill_price"] = Price::of(avg).to_string();
    // Per contract: fees × 100 / centi-contracts.
    const auto per =
        detail::divide(static_cast<detail::int128>(fees) * Count::kOne, filled, Rounding::nearest);
    j["average_fee_paid"] = Money::from_centicents(per).to_string();
  }
  j["ts_ms"] = to_unix_ms(now);
  return j;
}

json do_create(Ctx& c, const CreateRequest& req) {
  const SimMarket& m = routed_market(c, req.ticker, req.exchange_index);
  CoreResult r = accepted(c.exchange.submit(c.owner(), m.ticker, req.order));
  return order_ack(r, r.engine.order_id, c.now);
}

json do_cancel(Ctx& c, const OrderId& id, std::optional<std::int64_t> exchange_index,
               const std::optional<std::string>& market_ticker) {
  require_on_shard(c, id, routed_shard(c, exchange_index, market_ticker));
  CoreResult r = accepted(c.exchange.cancel(c.owner(), id));
  json j;
  j["order_id"] = id.str();
  if (const auto cid = client_id_of(r, id)) j["client_order_id"] = cid->str();
  j["reduced_by"] = r.engine.reduced_by.to_string();
  j["ts_ms"] = to_unix_ms(c.now);
  return j;
}

json batch_error(const ApiFailure& e) { return e.body(); }

}  // namespace

std::size_t batch_size(std::string_view body) {
  const json j = parse_body_object(body);
  const auto it = j.find("orders");
  if (it != j.end() && it->is_array()) return it->size();
  const auto ids = j.find("ids");  // deprecated form of batch cancel
  if (ids != j.end() && ids->is_array()) return ids->size();
  bad_request("orders: required, an array");
}

net::ServerResponse create_order(Ctx& c) {
  const CreateRequest req = parse_create(parse_body_object(c.request.body), "");
  return json_response(201, do_create(c, req));
}

net::ServerResponse cancel_order(Ctx& c) {
  const Query& q = c.query;
  if (const auto sub = q.integer("subaccount", 0, 63)) check_subaccount(sub);
  return json_response(200, do_cancel(c, OrderId(c.params[0]), q.integer("exchange_index", -1, 63),
                                      q.text("market_ticker")));
}

net::ServerResponse amend_order(Ctx& c) {
  const OrderId id(c.params[0]);
  const json j = parse_body_object(c.request.body);
  const MarketTicker ticker(req_string(j, "ticker", ""));
  const BookSide side = side_of(j, "");
  AmendRequest amend;
  amend.price = price_text(req_string(j, "price", ""), "price");
  amend.total_count = count_text(req_string(j, "count", ""), "count");
  const auto client_id = opt_string(j, "client_order_id", "");
  if (auto updated = opt_string(j, "updated_client_order_id", ""); updated && !updated->empty()) {
    amend.new_client_order_id = ClientOrderId(std::move(*updated));
  }
  check_subaccount(c.query.integer("subaccount", 0, 63));
  const SimMarket& m = routed_market(c, ticker, exchange_index_of(j, ""));
  require_on_shard(c, id, m.exchange_index);
  if (const Order* o = c.exchange.core().find_order(id); o != nullptr && o->owner == c.owner()) {
    if (o->ticker != ticker)
      throw ApiFailure(400, "order_ticker_mismatch", "ticker does not match the order");
    if (o->side != side)
      throw ApiFailure(400, "order_side_mismatch", "side does not match the order");
    if (client_id && !client_id->empty() &&
        (!o->client_order_id || o->client_order_id->str() != *client_id)) {
      throw ApiFailure(400, "order_id_and_client_order_id_mismatch",
                       "client_order_id does not match the order");
    }
  }
  CoreResult r = accepted(c.exchange.amend(c.owner(), id, amend));
  return json_response(200, order_ack(r, id, c.now));
}

net::ServerResponse decrease_order(Ctx& c) {
  const OrderId id(c.params[0]);
  const json j = parse_body_object(c.request.body);
  const auto by = opt_count(j, "reduce_by", "");
  const auto to = opt_count(j, "reduce_to", "");
  if (by.has_value() == to.has_value())
    bad_request("exactly one of reduce_by and reduce_to is required");
  auto market = opt_string(j, "market_ticker", "");
  if (!market) market = c.query.text("market_ticker");
  auto index = exchange_index_of(j, "");
  if (!index) index = c.query.integer("exchange_index", -1, 63);
  check_subaccount(c.query.integer("subaccount", 0, 63));
  require_on_shard(c, id, routed_shard(c, index, market));
  DecreaseRequest request = by ? DecreaseRequest(ReduceBy{*by}) : DecreaseRequest(ReduceTo{*to});
  CoreResult r = accepted(c.exchange.decrease(c.owner(), id, request));
  const OrderUpdate* u = r.engine.last_update_of(id);
  json out;
  out["order_id"] = id.str();
  if (const auto cid = client_id_of(r, id)) out["client_order_id"] = cid->str();
  out["remaining_count"] = (u ? u->order.remaining_count : Count{}).to_string();
  out["ts_ms"] = to_unix_ms(c.now);
  return json_response(200, out);
}

net::ServerResponse batch_create(Ctx& c) {
  const json body = parse_body_object(c.request.body);
  const auto it = body.find("orders");
  if (it == body.end() || !it->is_array() || it->empty())
    bad_request("orders: required, a non-empty array");
  json results = json::array();
  std::size_t i = 0;
  for (const json& item : *it) {
    const std::string path = fmt::format("orders[{}]", i++);
    json client_id = nullptr;
    if (item.is_object()) {
      if (const auto cid = item.find("client_order_id"); cid != item.end() && cid->is_string()) {
        client_id = *cid;
      }
    }
    try {
      results.push_back(do_create(c, parse_create(item, path)));
    } catch (const ApiFailure& e) {
      results.push_back(
          json{{"client_order_id", client_id}, {"ts_ms", nullptr}, {"error", batch_error(e)}});
    }
  }
  return json_response(201, json{{"orders", std::move(results)}});
}

net::ServerResponse batch_cancel(Ctx& c) {
  const json body = parse_body_object(c.request.body);
  std::vector<json> items;
  if (const auto it = body.find("orders"); it != body.end() && it->is_array()) {
    items.assign(it->begin(), it->end());
  } else if (const auto ids = body.find("ids"); ids != body.end() && ids->is_array()) {
    for (const json& id : *ids) items.push_back(json{{"order_id", id}});
  }
  if (items.empty()) bad_request("orders: required, a non-empty array");
  json results = json::array();
  for (std::size_t i = 0; i < items.size(); ++i) {
    const json& item = items[i];
    const std::string path = fmt::format("orders[{}]", i);
    json order_id = nullptr;
    try {
      if (!item.is_object()) bad_request(path + ": expected an object");
      const std::string id = req_string(item, "order_id", path);
      order_id = id;
      check_subaccount(opt_int(item, "subaccount", path));
      results.push_back(do_cancel(c, OrderId(id), exchange_index_of(item, path),
                                  opt_string(item, "market_ticker", path)));
    } catch (const ApiFailure& e) {
      results.push_back(json{{"order_id", order_id},
                             {"client_order_id", nullptr},
                             {"reduced_by", Count{}.to_string()},
                             {"ts_ms", nullptr},
                             {"error", batch_error(e)}});
    }
  }
  return json_response(200, json{{"orders", std::move(results)}});
}

}  // namespace antevorta::sim::rest
