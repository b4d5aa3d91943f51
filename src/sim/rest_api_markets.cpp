// Public market-data routes of the simulator's REST API (API-NOTES §4).
#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "sim/rest_internal.hpp"
#include "sim/sim_json.hpp"

namespace antevorta::sim::rest {

namespace {

using kalshi::MarketStatus;

constexpr std::int64_t kMaxTs = 253'402'300'799;  // 9999-12-31T23:59:59Z

bool is_mve(std::string_view ticker) { return ticker.starts_with("KXMVE"); }

// The GET /markets `status` filter (API-NOTES §4.1): unopened → initialized, open → active,
// paused → inactive, closed → past close and not finalized, settled → finalized.
bool status_matches(MarketStatus s, std::string_view filter) {
  if (filter == "unopened") return s == MarketStatus::initialized;
  if (filter == "open") return s == MarketStatus::active;
  if (filter == "paused") return s == MarketStatus::inactive;
  if (filter == "closed") {
    return s == MarketStatus::closed || s == MarketStatus::determined ||
           s == MarketStatus::disputed || s == MarketStatus::amended;
  }
  return s == MarketStatus::finalized;  // "settled"
}

std::optional<std::string> status_filter(const Query& q, bool allow_paused) {
  auto status = q.text("status");
  if (!status) return std::nullopt;
  static const std::set<std::string, std::less<>> kKnown{"unopened", "open", "paused", "closed",
                                                         "settled"};
  if (!kKnown.contains(*status) || (!allow_paused && *status == "paused")) {
    bad_request(fmt::format("status: unknown status \"{}\"", *status));
  }
  return status;
}

std::int64_t seconds_of(Timestamp t) { return unix_seconds(t); }

// The timestamp filters of GET /markets, each family only with its statuses.
struct TimeFilters {
  std::optional<std::int64_t> min_created, max_created, min_close, max_close, min_settled,
      max_settled, min_updated;

  static TimeFilters read(const Query& q, const std::optional<std::string>& status) {
    TimeFilters f;
    f.min_created = q.integer("min_created_ts", 0, kMaxTs);
    f.max_created = q.integer("max_created_ts", 0, kMaxTs);
    f.min_close = q.integer("min_close_ts", 0, kMaxTs);
    f.max_close = q.integer("max_close_ts", 0, kMaxTs);
    f.min_settled = q.integer("min_settled_ts", 0, kMaxTs);
    f.max_settled = q.integer("max_settled_ts", 0, kMaxTs);
    f.min_updated = q.integer("min_updated_ts", 0, kMaxTs);
    const bool created = f.min_created || f.max_created;
    const bool close = f.min_close || f.max_close;
    const bool settled = f.min_settled || f.max_settled;
    const bool updated = f.min_updated.has_value();
    if (int(created) + int(close) + int(settled) + int(updated) > 1) {
      bad_request("timestamp filters: created, close, settled and updated filters are exclusive");
    }
    const std::string s = status.value_or("");
    if (created && !(s.empty() || s == "unopened" || s == "open")) {
      bad_request("min_created_ts/max_created_ts: only with status unopened or open");
    }
    if (close && !(s.empty() || s == "closed")) {
      bad_request("min_close_ts/max_close_ts: only with status closed");
    }
    if (settled && !(s.empty() || s == "settled")) {
      bad_request("min_settled_ts/max_settled_ts: only with status settled");
    }
    if (updated && (!s.empty() || q.has("event_ticker") || q.has("tickers") ||
                    (q.text("mve_filter") && *q.text("mve_filter") != "exclude"))) {
      bad_request("min_updated_ts: only with series_ticker and mve_filter=exclude");
    }
    return f;
  }

  bool matches(const SimMarket& m) const {
    auto in = [](std::int64_t v, const std::optional<std::int64_t>& lo,
                 const std::optional<std::int64_t>& hi) {
      return (!lo || v >= *lo) && (!hi || v <= *hi);
    };
    if (!in(seconds_of(m.created_time), min_created, max_created)) return false;
    if (!in(seconds_of(m.close_time), min_close, max_close)) return false;
    if (min_settled || max_settled) {
      if (!m.settlement_time || !in(seconds_of(*m.settlement_time), min_settled, max_settled)) {
        return false;
      }
    }
    return !min_updated || seconds_of(m.updated_time) >= *min_updated;
  }
};

std::size_t page_limit(const Query& q, std::int64_t max, std::int64_t fallback) {
  return static_cast<std::size_t>(q.integer("limit", 1, max).value_or(fallback));
}

const SimMarket& market_or_404(const Ctx& c, const std::string& ticker) {
  const SimMarket* m = c.exchange.catalog().market(MarketTicker(ticker));
  if (m == nullptr) not_found(fmt::format("market {} not found", ticker));
  return *m;
}

}  // namespace

net::ServerResponse exchange_status(Ctx&) {
  auto shard = [](int index, std::string_view description) {
    return json{{"exchange_index", index},
                {"description", description},
                {"exchange_active", true},
                {"trading_active", true},
                {"intra_exchange_transfers_active", true}};
  };
  json j;
  j["exchange_active"] = true;
  j["trading_active"] = true;
  j["intra_exchange_transfers_active"] = true;
  j["exchange_estimated_resume_time"] = nullptr;
  j["exchange_index_statuses"] =
      json::array({shard(0, "Default"), shard(2, "Crypto & Commodities")});
  return json_response(200, j);
}

net::ServerResponse get_markets(Ctx& c) {
  const Query& q = c.query;
  const std::size_t limit = page_limit(q, 1000, 100);
  const auto status = status_filter(q, /*allow_paused=*/true);
  const TimeFilters times = TimeFilters::read(q, status);
  const auto event = q.text("event_ticker");
  const auto series = q.text("series_ticker");
  const auto tickers = q.list("tickers");
  const std::set<std::string, std::less<>> wanted(tickers.begin(), tickers.end());
  const auto mve = q.text("mve_filter");
  if (mve && *mve != "only" && *mve != "exclude") {
    bad_request(fmt::format("mve_filter: expected only or exclude, got \"{}\"", *mve));
  }
  std::size_t i = 0;
  if (const auto cursor = q.text("cursor")) i = decode_index_cursor("markets", *cursor);

  const Catalog& catalog = c.exchange.catalog();
  const auto& order = catalog.market_order();
  auto matches = [&](const SimMarket& m) {
    if (event && m.event.str() != *event) return false;
    if (series && m.series.str() != *series) return false;
    if (!wanted.empty() && !wanted.contains(m.ticker.str())) return false;
    if (status && !status_matches(m.status, *status)) return false;
    if (mve && (*mve == "only") != is_mve(m.ticker.str())) return false;
    return times.matches(m);
  };
  json markets = json::array();
  for (; i < order.size(); ++i) {
    const SimMarket& m = *catalog.market(order[i]);
    if (!matches(m)) continue;
    if (markets.size() == limit) break;  // i is the first match of the next page
    markets.push_back(market_json(c.exchange, m));
  }
  const std::string cursor = i < order.size() ? encode_index_cursor("markets", i) : std::string();
  return json_response(200, json{{"markets", std::move(markets)}, {"cursor", cursor}});
}

net::ServerResponse get_market(Ctx& c) {
  return json_response(200,
                       json{{"market", market_json(c.exchange, market_or_404(c, c.params[0]))}});
}

net::ServerResponse get_orderbook(Ctx& c) {
  const SimMarket& m = market_or_404(c, c.params[0]);
  const auto depth = static_cast<std::size_t>(c.query.integer("depth", 0, 100).value_or(0));
  return json_response(200, json{{"orderbook_fp", orderbook_fp(c.exchange, m.ticker, depth)}});
}

net::ServerResponse get_orderbooks(Ctx& c) {
  const auto tickers = c.query.list("tickers");
  if (tickers.empty()) bad_request("tickers: required");
  if (tickers.size() > 100) bad_request("tickers: at most 100 tickers");
  json books = json::array();
  for (const auto& t : tickers) {
    const SimMarket& m = market_or_404(c, t);
    books.push_back(
        json{{"ticker", m.ticker.str()}, {"orderbook_fp", orderbook_fp(c.exchange, m.ticker, 0)}});
  }
  return json_response(200, json{{"orderbooks", std::move(books)}});
}

net::ServerResponse get_events(Ctx& c) {
  const Query& q = c.query;
  const std::size_t limit = page_limit(q, 200, 200);
  const bool nested = q.boolean("with_nested_markets").value_or(false);
  const auto status = status_filter(q, /*allow_paused=*/false);
  const auto series = q.text("series_ticker");
  const auto tickers = q.list("tickers");
  const std::set<std::string, std::less<>> wanted(tickers.begin(), tickers.end());
  const auto min_close = q.integer("min_close_ts", 0, kMaxTs);
  const auto min_updated = q.integer("min_updated_ts", 0, kMaxTs);
  std::string after;  // events are listed by ticker; the cursor is the last one sent
  if (const auto cursor = q.text("cursor")) after = decode_cursor("events", *cursor);

  const Catalog& catalog = c.exchange.catalog();
  auto matches = [&](const SimEvent& e, const std::vector<const SimMarket*>& markets) {
    if (is_mve(e.ticker.str())) return false;
    if (series && e.series.str() != *series) return false;
    if (!wanted.empty() && !wanted.contains(e.ticker.str())) return false;
    auto any = [&](auto pred) { return std::any_of(markets.begin(), markets.end(), pred); };
    if (status && !any([&](const SimMarket* m) { return status_matches(m->status, *status); })) {
      return false;
    }
    if (min_close &&
        !any([&](const SimMarket* m) { return seconds_of(m->close_time) >= *min_close; })) {
      return false;
    }
    return !min_updated ||
           any([&](const SimMarket* m) { return seconds_of(m->updated_time) >= *min_updated; });
  };
  json events = json::array();
  std::string last;
  bool more = false;
  const auto& all = catalog.all_events();
  for (auto it = after.empty() ? all.begin() : all.upper_bound(EventTicker(after)); it != all.end();
       ++it) {
    const auto markets = catalog.markets_of(it->first);
    if (!matches(it->second, markets)) continue;
    if (events.size() == limit) {
      more = true;
      break;
    }
    json e = event_json(it->second);
    if (nested) {
      e["markets"] = json::array();
      for (const SimMarket* m : markets) e["markets"].push_back(market_json(c.exchange, *m));
    }
    events.push_back(std::move(e));
    last = it->first.str();
  }
  return json_response(200, json{{"events", std::move(events)},
                                 {"milestones", json::array()},
                                 {"cursor", more ? encode_cursor("events", last) : std::string()}});
}

net::ServerResponse get_event(Ctx& c) {
  const Catalog& catalog = c.exchange.catalog();
  const SimEvent* e = catalog.event(EventTicker(c.params[0]));
  if (e == nullptr) not_found(fmt::format("event {} not found", c.params[0]));
  const bool nested = c.query.boolean("with_nested_markets").value_or(false);
  json markets = json::array();
  for (const SimMarket* m : catalog.markets_of(e->ticker))
    markets.push_back(market_json(c.exchange, *m));
  json ev = event_json(*e);
  if (nested) ev["markets"] = markets;
  return json_response(200, json{{"event", std::move(ev)}, {"markets", std::move(markets)}});
}

net::ServerResponse get_series(Ctx& c) {
  const SimSeries* s = c.exchange.catalog().series(SeriesTicker(c.params[0]));
  if (s == nullptr) not_found(fmt::format("series {} not found", c.params[0]));
  return json_response(200, json{{"series", series_json(*s)}});
}

net::ServerResponse get_trades(Ctx& c) {
  const Query& q = c.query;
  const std::size_t limit = page_limit(q, 1000, 100);
  const auto ticker = q.text("ticker");
  const auto min_ts = q.integer("min_ts", 0, kMaxTs);
  const auto max_ts = q.integer("max_ts", 0, kMaxTs);
  const bool block_only = q.boolean("is_block_trade").value_or(false);
  const auto& trades = c.exchange.trades();
  // Newest first: the cursor counts the trades still below it.
  std::size_t below = trades.size();
  if (const auto cursor = q.text("cursor"))
    below = std::min(below, decode_index_cursor("trades", *cursor));
  auto matches = [&](const PublicTrade& t) {
    if (block_only) return false;  // the simulator has no block trades
    if (ticker && t.ticker.str() != *ticker) return false;
    const auto s = seconds_of(t.time);
    return (!min_ts || s >= *min_ts) && (!max_ts || s <= *max_ts);
  };
  json out = json::array();
  for (; below > 0; --below) {
    const PublicTrade& t = trades[below - 1];
    if (!matches(t)) continue;
    if (out.size() == limit) break;
    out.push_back(trade_json(t));
  }
  const std::string cursor = below > 0 ? encode_index_cursor("trades", below) : std::string();
  return json_response(200, json{{"trades", std::move(out)}, {"cursor", cursor}});
}

net::ServerResponse endpoint_costs(Ctx& c) {
  const auto& costs = c.access.costs();
  // The routes whose cost is not the default.
  static constexpr std::pair<std::string_view, std::string_view> kRoutes[] = {
      {"POST", "/trade-api/v2/portfolio/events/orders"},
      {"DELETE", "/trade-api/v2/portfolio/events/orders/{order_id}"},
      {"POST", "/trade-api/v2/portfolio/events/orders/{order_id}/amend"},
      {"POST", "/trade-api/v2/portfolio/events/orders/{order_id}/decrease"},
      {"GET", "/trade-api/v2/markets"},
      {"GET", "/trade-api/v2/portfolio/orders"},
  };
  json list = json::array();
  for (const auto& [method, path] : kRoutes) {
    const auto cost = costs.cost(method, path);
    if (cost != costs.default_cost())
      list.push_back(json{{"method", method}, {"path", path}, {"cost", cost}});
  }
  return json_response(
      200, json{{"default_cost", costs.default_cost()}, {"endpoint_costs", std::move(list)}});
}

}  // namespace antevorta::sim::rest
