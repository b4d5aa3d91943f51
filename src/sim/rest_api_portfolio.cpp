// Authenticated read routes of the simulator's REST API: account limits, balance, positions,
// orders, fills and settlements (API-NOTES §4.8, §5.1–5.3, §5.7, §5.8). Lists are newest
// first (positions: by ticker) with opaque cursors that stay valid while history grows.
#include <map>
#include <set>

#include <fmt/format.h>

#include "sim/rest_internal.hpp"
#include "sim/sim_json.hpp"

namespace antevorta::sim::rest {

namespace {

constexpr std::int64_t kMaxTs = 253'402'300'799;

std::size_t page_limit(const Query& q, std::int64_t fallback = 100) {
  return static_cast<std::size_t>(q.integer("limit", 1, 1000).value_or(fallback));
}

void check_subaccount(const Query& q) {
  if (const auto sub = q.integer("subaccount", 0, 63); sub && *sub != 0) {
    bad_request("subaccount: the simulator has no subaccounts (only 0)");
  }
}

std::optional<int> shard_filter(const Query& q) {
  const auto v = q.integer("exchange_index", 0, 63);
  return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
}

std::int64_t cents(Money m) { return m.round_to_cent(Rounding::down).centicents() / Money::kCent; }

int shard_of(const Catalog& catalog, const MarketTicker& ticker) {
  const SimMarket* m = catalog.market(ticker);
  return m == nullptr ? 0 : m->exchange_index;
}

// Newest-first pagination over an append-only history: the cursor is how many entries lie
// below it. `emit(i)` returns false when entry i does not match.
template <class Emit>
std::string newest_first(std::size_t size, const Query& q, std::string_view kind, std::size_t limit,
                         Emit emit, json& out) {
  std::size_t below = size;
  if (const auto cursor = q.text("cursor"))
    below = std::min(below, decode_index_cursor(kind, *cursor));
  for (; below > 0; --below) {
    if (out.size() == limit) {
      // Only hand out a cursor when a further entry matches.
      json probe = json::array();
      for (std::size_t k = below; k > 0; --k) {
        if (emit(k - 1, probe)) return encode_index_cursor(kind, k);
      }
      return {};
    }
    emit(below - 1, out);
  }
  return {};
}

}  // namespace

net::ServerResponse account_limits(Ctx& c) {
  const auto& o = c.access.options();
  const bool basic = o.read.refill_rate == kalshi::kBasicReadLimit.refill_rate &&
                     o.read.bucket_capacity == kalshi::kBasicReadLimit.bucket_capacity &&
                     o.write.refill_rate == kalshi::kBasicWriteLimit.refill_rate &&
                     o.write.bucket_capacity == kalshi::kBasicWriteLimit.bucket_capacity;
  json j;
  j["usage_tier"] = basic ? "basic" : "custom";
  j["read"] = {{"refill_rate", o.read.refill_rate}, {"bucket_capacity", o.read.bucket_capacity}};
  j["write"] = {{"refill_rate", o.write.refill_rate}, {"bucket_capacity", o.write.bucket_capacity}};
  j["grants"] = json::array();
  return json_response(200, j);
}

net::ServerResponse get_balance(Ctx& c) {
  check_subaccount(c.query);
  const auto only = shard_filter(c.query);
  const Ledger& ledger = c.exchange.core().ledger();
  std::set<int> shards{0};
  for (const auto& [shard, cash] : ledger.balances(c.owner())) shards.insert(shard);
  Money available;
  json breakdown = json::array();
  for (int shard : shards) {
    const Money a = ledger.available(c.owner(), shard);
    breakdown.push_back(json{{"exchange_index", shard}, {"balance", a.to_string()}});
    if (!only || *only == shard) available += a;
  }
  Money positions;
  for (const auto& [ticker, p] : ledger.positions(c.owner())) {
    if (!p.position.is_zero() && (!only || *only == shard_of(c.exchange.catalog(), ticker))) {
      positions += p.cost;
    }
  }
  json j;
  j["balance"] = cents(available);
  j["balance_dollars"] = available.to_string();
  j["portfolio_value"] = cents(positions);
  j["updated_ts"] = unix_seconds(c.now);
  j["balance_breakdown"] = std::move(breakdown);
  return json_response(200, j);
}

net::ServerResponse get_positions(Ctx& c) {
  const Query& q = c.query;
  check_subaccount(q);
  const std::size_t limit = page_limit(q);
  const auto only = shard_filter(q);
  const auto ticker = q.text("ticker");
  const auto event = q.text("event_ticker");
  bool need_position = false;
  bool need_traded = false;
  for (const auto& f : q.list("count_filter")) {
    if (f == "position") {
      need_position = true;
    } else if (f == "total_traded") {
      need_traded = true;
    } else {
      bad_request(fmt::format("count_filter: unknown filter \"{}\"", f));
    }
  }
  std::string after;
  if (const auto cursor = q.text("cursor")) after = decode_cursor("positions", *cursor);

  // Dollars traded and the last fill per market, from the account's fills.
  struct Traded {
    Money dollars;
    Timestamp last{};
  };
  std::map<MarketTicker, Traded> traded;
  for (const FillRecord& f : c.exchange.fills(c.owner())) {
    const Price leg = f.side == BookSide::bid ? f.fill.price : f.fill.price.complement();
    auto& t = traded[f.fill.ticker];
    t.dollars += notional(leg, f.fill.count, Rounding::nearest);
    t.last = std::max(t.last, f.fill.time);
  }

  const Catalog& catalog = c.exchange.catalog();
  json markets = json::array();
  std::map<EventTicker, Position> events;
  std::string last;
  bool more = false;
  for (const auto& [t, p] : c.exchange.core().ledger().positions(c.owner())) {
    if (!after.empty() && t.str() <= after) continue;
    const SimMarket* m = catalog.market(t);
    if (m != nullptr && m->status == kalshi::MarketStatus::finalized) continue;  // unsettled only
    if (ticker && t.str() != *ticker) continue;
    if (event && (m == nullptr || m->event.str() != *event)) continue;
    if (only && *only != (m == nullptr ? 0 : m->exchange_index)) continue;
    if ((need_position || need_traded) &&
        !((need_position && !p.position.is_zero()) || (need_traded && !p.volume.is_zero()))) {
      continue;
    }
    if (markets.size() == limit) {
      more = true;
      break;
    }
    const Traded tr = traded.count(t) ? traded.at(t) : Traded{};
    json j;
    j["ticker"] = t.str();
    j["exchange_index"] = m == nullptr ? 0 : m->exchange_index;
    j["position_fp"] = p.position.to_string();
    j["total_traded_dollars"] = tr.dollars.to_string();
    j["market_exposure_dollars"] = p.cost.to_string();
    j["realized_pnl_dollars"] = p.realized_pnl.to_string();
    j["fees_paid_dollars"] = p.fees_paid.to_string();
    j["last_updated_ts"] = tr.last == Timestamp{} ? json(nullptr) : json(rfc3339(tr.last));
    markets.push_back(std::move(j));
    last = t.str();
    if (m != nullptr) {
      Position& e = events[m->event];
      e.position += p.position.abs();
      e.cost += p.cost;
      e.realized_pnl += p.realized_pnl;
      e.fees_paid += p.fees_paid;
    }
  }
  json event_positions = json::array();
  for (const auto& [e, p] : events) {
    event_positions.push_back(json{{"event_ticker", e.str()},
                                   {"total_cost_dollars", p.cost.to_string()},
                                   {"total_cost_shares_fp", p.position.to_string()},
                                   {"event_exposure_dollars", p.cost.to_string()},
                                   {"realized_pnl_dollars", p.realized_pnl.to_string()},
                                   {"fees_paid_dollars", p.fees_paid.to_string()}});
  }
  return json_response(200,
                       json{{"market_positions", std::move(markets)},
                            {"event_positions", std::move(event_positions)},
                            {"cursor", more ? encode_cursor("positions", last) : std::string()}});
}

net::ServerResponse get_orders(Ctx& c) {
  const Query& q = c.query;
  check_subaccount(q);
  const std::size_t limit = page_limit(q);
  const auto only = shard_filter(q);
  const auto ticker = q.text("ticker");
  const auto events = q.list("event_ticker");
  if (events.size() > 10) bad_request("event_ticker: at most 10 event tickers");
  const std::set<std::string, std::less<>> wanted_events(events.begin(), events.end());
  const auto min_ts = q.integer("min_ts", 0, kMaxTs);
  const auto max_ts = q.integer("max_ts", 0, kMaxTs);
  const auto status = q.text("status");
  if (status && *status != "resting" && *status != "canceled" && *status != "executed") {
    bad_request(fmt::format("status: expected resting, canceled or executed, got \"{}\"", *status));
  }
  const auto records = c.exchange.orders(c.owner());
  const Catalog& catalog = c.exchange.catalog();
  auto emit = [&](std::size_t i, json& out) {
    const OrderRecord& r = *records[i];
    const Order& o = r.order;
    if (ticker && o.ticker.str() != *ticker) return false;
    if (status && to_string(o.status) != *status) return false;
    if (only && r.exchange_index != *only) return false;
    if (!wanted_events.empty()) {
      const SimMarket* m = catalog.market(o.ticker);
      if (m == nullptr || !wanted_events.contains(m->event.str())) return false;
    }
    const auto s = unix_seconds(o.created_time);
    if ((min_ts && s < *min_ts) || (max_ts && s > *max_ts)) return false;
    out.push_back(order_json(r, c.owner()));
    return true;
  };
  json out = json::array();
  const std::string cursor = newest_first(records.size(), q, "orders", limit, emit, out);
  return json_response(200, json{{"orders", std::move(out)}, {"cursor", cursor}});
}

net::ServerResponse get_order(Ctx& c) {
  const OrderRecord* r = c.exchange.order(c.owner(), OrderId(c.params[0]));
  if (r == nullptr) not_found(fmt::format("order {} not found", c.params[0]));
  return json_response(200, json{{"order", order_json(*r, c.owner())}});
}

net::ServerResponse get_fills(Ctx& c) {
  const Query& q = c.query;
  check_subaccount(q);
  const std::size_t limit = page_limit(q);
  const auto only = shard_filter(q);
  const auto ticker = q.text("ticker");
  const auto order_id = q.text("order_id");
  const auto min_ts = q.integer("min_ts", 0, kMaxTs);
  const auto max_ts = q.integer("max_ts", 0, kMaxTs);
  const auto& fills = c.exchange.fills(c.owner());
  auto emit = [&](std::size_t i, json& out) {
    const FillRecord& f = fills[i];
    if (ticker && f.fill.ticker.str() != *ticker) return false;
    if (order_id && f.order_id.str() != *order_id) return false;
    if (only && f.exchange_index != *only) return false;
    const auto s = unix_seconds(f.fill.time);
    if ((min_ts && s < *min_ts) || (max_ts && s > *max_ts)) return false;
    out.push_back(fill_json(f));
    return true;
  };
  json out = json::array();
  const std::string cursor = newest_first(fills.size(), q, "fills", limit, emit, out);
  return json_response(200, json{{"fills", std::move(out)}, {"cursor", cursor}});
}

net::ServerResponse get_settlements(Ctx& c) {
  const Query& q = c.query;
  check_subaccount(q);
  const std::size_t limit = page_limit(q);
  const auto ticker = q.text("ticker");
  const auto event = q.text("event_ticker");
  const auto min_ts = q.integer("min_ts", 0, kMaxTs);
  const auto max_ts = q.integer("max_ts", 0, kMaxTs);
  const auto& settlements = c.exchange.settlements(c.owner());
  auto emit = [&](std::size_t i, json& out) {
    const SettlementRecord& s = settlements[i];
    if (ticker && s.ticker.str() != *ticker) return false;
    if (event && s.event.str() != *event) return false;
    const auto t = unix_seconds(s.settled_time);
    if ((min_ts && t < *min_ts) || (max_ts && t > *max_ts)) return false;
    out.push_back(settlement_json(s));
    return true;
  };
  json out = json::array();
  const std::string cursor = newest_first(settlements.size(), q, "settlements", limit, emit, out);
  return json_response(200, json{{"settlements", std::move(out)}, {"cursor", cursor}});
}

}  // namespace antevorta::sim::rest
