// Market-data models: Market, Event, Series, ExchangeStatus, Trade, REST order books.
#include <fmt/format.h>

#include "antevorta/kalshi/models.hpp"

#include "kalshi/models_json.hpp"

namespace antevorta::kalshi {
namespace detail {

namespace {

MarketType market_type_of(std::string_view s) {
  if (s == "binary") return MarketType::binary;
  if (s == "scalar") return MarketType::scalar;
  return MarketType::unknown;
}

StrikeType strike_type_of(std::string_view s) {
  for (auto t : {StrikeType::greater, StrikeType::greater_or_equal, StrikeType::less,
                 StrikeType::less_or_equal, StrikeType::between, StrikeType::functional,
                 StrikeType::custom, StrikeType::structured}) {
    if (to_string(t) == s) return t;
  }
  return StrikeType::unknown;
}

std::vector<SettlementSourceInfo> sources_of(const Obj& o) {
  std::vector<SettlementSourceInfo> out;
  o.each("settlement_sources", [&](const json& e, std::string path) {
    const Obj s(e, std::move(path));
    out.push_back({s.str_or_empty("name"), s.str_or_empty("url")});
  });
  return out;
}

std::optional<FeeMultiplier> multiplier_of(const Obj& o, std::string_view key) {
  const json* v = o.find(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) {
    auto m = FeeMultiplier::parse(v->get<std::string>());
    if (!m) o.fail(key, m.error().message());
    return *m;
  }
  if (!v->is_number()) o.fail(key, "expected a number, got " + v->dump());
  auto m = FeeMultiplier::from_double(v->get<double>());
  if (!m) o.fail(key, "invalid fee multiplier " + v->dump());
  return m;
}

void parse_grid(const Obj& o, Market& m) {
  std::vector<std::string> texts;  // start, end, step per range (kept alive for the views)
  o.each("price_ranges", [&](const json& e, std::string path) {
    const Obj r(e, std::move(path));
    texts.push_back(r.req_str("start"));
    texts.push_back(r.req_str("end"));
    texts.push_back(r.req_str("step"));
  });
  std::vector<PriceRangeText> ranges;
  for (std::size_t i = 0; i + 2 < texts.size(); i += 3) {
    ranges.push_back({texts[i], texts[i + 1], texts[i + 2]});
  }
  if (ranges.empty() && !PriceGrid::from_structure(m.price_level_structure)) return;
  auto grid = PriceGrid::for_market(ranges, m.price_level_structure);
  if (!grid) {
    const auto& e = grid.error();
    o.fail(ranges.empty() ? "price_level_structure" : fmt::format("price_ranges[{}]", e.range),
           e.message());
  }
  m.price_ranges.assign(grid->ranges().begin(), grid->ranges().end());
  m.grid = std::move(*grid);
}

BookLevel level_of(const json& e, const std::string& path, bool legacy_cents) {
  if (!e.is_array() || e.size() != 2) {
    throw FieldError(fmt::format("{}: expected [price, count], got {}", path, e.dump()));
  }
  BookLevel l;
  const json& p = e[0];
  const json& c = e[1];
  if (legacy_cents) {
    if (!p.is_number_integer()) throw FieldError(path + "[0]: expected integer cents");
    auto price = Price::from_cents(p.get<std::int64_t>());
    if (!price) throw FieldError(path + "[0]: " + price.error().message());
    l.price = *price;
  } else {
    if (!p.is_string()) throw FieldError(path + "[0]: expected a dollar string");
    auto price = Price::parse(p.get<std::string>());
    if (!price) throw FieldError(path + "[0]: " + price.error().message());
    l.price = *price;
  }
  if (c.is_string()) {
    auto n = Count::parse(c.get<std::string>());
    if (!n) throw FieldError(path + "[1]: " + n.error().message());
    l.size = *n;
  } else if (c.is_number_integer()) {  // legacy integer quantity
    l.size = Count::contracts(c.get<std::int64_t>());
  } else {
    throw FieldError(path + "[1]: expected a count, got " + c.dump());
  }
  return l;
}

std::vector<BookLevel> ladder(const Obj& book, std::string_view key, bool legacy_cents) {
  std::vector<BookLevel> out;
  book.each(key, [&](const json& e, const std::string& path) {
    out.push_back(level_of(e, path, legacy_cents));
  });
  return out;
}

}  // namespace

Market market_from(const json& j, std::string path) {
  const Obj o(j, std::move(path));
  Market m;
  m.ticker = MarketTicker(o.req_str("ticker"));
  m.event_ticker = EventTicker(o.str_or_empty("event_ticker"));
  m.market_type = market_type_of(o.str_or_empty("market_type"));
  m.title = o.str_or_empty("title");
  m.subtitle = o.str_or_empty("subtitle");
  m.yes_sub_title = o.str_or_empty("yes_sub_title");
  m.no_sub_title = o.str_or_empty("no_sub_title");
  m.rules_primary = o.str_or_empty("rules_primary");
  m.rules_secondary = o.str_or_empty("rules_secondary");

  m.created_time = o.opt_time("created_time");
  m.updated_time = o.opt_time("updated_time");
  m.open_time = o.opt_time("open_time");
  m.close_time = o.opt_time("close_time");
  m.expected_expiration_time = o.opt_time("expected_expiration_time");
  m.latest_expiration_time = o.opt_time("latest_expiration_time");
  m.expiration_time = o.opt_time("expiration_time");
  m.settlement_ts = o.opt_time("settlement_ts");
  m.occurrence_datetime = o.opt_time("occurrence_datetime");
  m.fee_waiver_expiration_time = o.opt_time("fee_waiver_expiration_time");
  m.settlement_timer_seconds = o.opt_int("settlement_timer_seconds");

  m.status_text = o.str_or_empty("status");
  m.status = parse_market_status(m.status_text);
  if (const auto r = o.opt_str("result")) m.result = parse_market_result(*r);
  m.settlement_value = o.opt_price("settlement_value_dollars", "settlement_value");

  m.yes_bid = o.opt_price("yes_bid_dollars", "yes_bid");
  m.yes_ask = o.opt_price("yes_ask_dollars", "yes_ask");
  m.no_bid = o.opt_price("no_bid_dollars", "no_bid");
  m.no_ask = o.opt_price("no_ask_dollars", "no_ask");
  m.last_price = o.opt_price("last_price_dollars", "last_price");
  m.previous_yes_bid = o.opt_price("previous_yes_bid_dollars", "previous_yes_bid");
  m.previous_yes_ask = o.opt_price("previous_yes_ask_dollars", "previous_yes_ask");
  m.previous_price = o.opt_price("previous_price_dollars", "previous_price");
  m.yes_bid_size = o.opt_count("yes_bid_size_fp", "yes_bid_size");
  m.yes_ask_size = o.opt_count("yes_ask_size_fp", "yes_ask_size");
  m.volume = o.opt_count("volume_fp", "volume");
  m.volume_24h = o.opt_count("volume_24h_fp", "volume_24h");
  m.open_interest = o.opt_count("open_interest_fp", "open_interest");
  m.notional_value = o.opt_money("notional_value_dollars", "notional_value");

  m.can_close_early = o.bool_or("can_close_early", false);
  m.early_close_condition = o.opt_str("early_close_condition");
  m.expiration_value = o.opt_str("expiration_value");

  if (const auto st = o.opt_str("strike_type")) m.strike_type = strike_type_of(*st);
  m.floor_strike = o.opt_decimal("floor_strike");
  m.cap_strike = o.opt_decimal("cap_strike");
  m.functional_strike = o.opt_str("functional_strike");
  if (const json* cs = o.find("custom_strike"); cs != nullptr && !cs->is_null()) {
    if (!cs->is_object()) o.fail("custom_strike", "expected an object");
    std::vector<std::pair<std::string, std::string>> kv;
    for (const auto& [k, v] : cs->items()) {
      kv.emplace_back(k, v.is_string() ? v.get<std::string>() : v.dump());
    }
    m.custom_strike = std::move(kv);
  }

  m.price_level_structure = o.str_or_empty("price_level_structure");
  parse_grid(o, m);
  m.mve_collection_ticker = o.opt_str("mve_collection_ticker");
  m.is_provisional = o.opt_bool("is_provisional");
  m.exchange_index = o.opt_small_int("exchange_index");
  return m;
}

Event event_from(const json& j, std::string path) {
  const Obj o(j, std::move(path));
  Event e;
  e.event_ticker = EventTicker(o.req_str("event_ticker"));
  e.series_ticker = SeriesTicker(o.str_or_empty("series_ticker"));
  e.title = o.str_or_empty("title");
  e.sub_title = o.str_or_empty("sub_title");
  e.collateral_return_type = o.str_or_empty("collateral_return_type");
  e.mutually_exclusive = o.bool_or("mutually_exclusive", false);
  e.strike_date = o.opt_time("strike_date");
  e.strike_period = o.opt_str("strike_period");
  e.last_updated = o.opt_time("last_updated_ts");
  e.settlement_sources = sources_of(o);
  e.fee_type_override_text = o.opt_str("fee_type_override");
  if (e.fee_type_override_text) e.fee_type_override = parse_fee_type(*e.fee_type_override_text);
  e.fee_multiplier_override = multiplier_of(o, "fee_multiplier_override");
  e.exchange_index = o.opt_small_int("exchange_index");
  o.each("markets",
         [&](const json& m, std::string p) { e.markets.push_back(market_from(m, std::move(p))); });
  return e;
}

Series series_from(const json& j, std::string path) {
  const Obj o(j, std::move(path));
  Series s;
  s.ticker = SeriesTicker(o.req_str("ticker"));
  s.title = o.str_or_empty("title");
  s.category = o.str_or_empty("category");
  s.frequency = o.str_or_empty("frequency");
  o.each("tags", [&](const json& t, const std::string& p) {
    if (!t.is_string()) throw FieldError(p + ": expected a string");
    s.tags.push_back(t.get<std::string>());
  });
  s.settlement_sources = sources_of(o);
  s.contract_url = o.str_or_empty("contract_url");
  s.contract_terms_url = o.str_or_empty("contract_terms_url");
  s.fee_type_text = o.str_or_empty("fee_type");
  s.fee_type = parse_fee_type(s.fee_type_text);
  s.fee_multiplier = multiplier_of(o, "fee_multiplier");
  s.volume = o.opt_count("volume_fp", "volume");
  s.last_updated = o.opt_time("last_updated_ts");
  s.exchange_index = o.opt_small_int("exchange_index");
  return s;
}

Trade trade_from(const json& j, std::string path) {
  const Obj o(j, std::move(path));
  Trade t;
  t.trade_id = TradeId(o.req_str("trade_id"));
  t.ticker = MarketTicker(o.req_str("ticker"));
  t.count = o.req_count("count_fp", "count");
  t.yes_price = o.req_price("yes_price_dollars", "yes_price");
  t.no_price = o.opt_price("no_price_dollars", "no_price").value_or(t.yes_price.complement());
  std::tie(t.taker_outcome_side, t.taker_book_side) =
      parse_sides(o, "taker_outcome_side", "taker_book_side", "taker_side", {});
  t.is_block_trade = o.bool_or("is_block_trade", false);
  t.created_time = o.opt_time("created_time");
  return t;
}

RestOrderbook orderbook_from(const json& envelope, std::string path) {
  const Obj o(envelope, std::move(path));
  RestOrderbook book;
  if (const auto t = o.opt_str("ticker")) book.ticker = MarketTicker(*t);
  if (!o.missing("orderbook_fp")) {
    const Obj b(*o.find("orderbook_fp"), o.at("orderbook_fp"));
    book.yes_bids = ladder(b, "yes_dollars", false);
    book.no_bids = ladder(b, "no_dollars", false);
    return book;
  }
  if (!o.missing("orderbook")) {  // legacy: dollar ladders when present, else cents
    const Obj b(*o.find("orderbook"), o.at("orderbook"));
    const bool dollars = !b.missing("yes_dollars") || !b.missing("no_dollars");
    book.yes_bids = dollars ? ladder(b, "yes_dollars", false) : ladder(b, "yes", true);
    book.no_bids = dollars ? ladder(b, "no_dollars", false) : ladder(b, "no", true);
    return book;
  }
  o.fail("orderbook_fp", "missing");
}

}  // namespace detail

using detail::guarded;
using detail::json;
using detail::Obj;

ModelResult<Market> parse_market(const json& j) {
  return guarded<Market>([&] { return detail::market_from(j, ""); });
}
ModelResult<Event> parse_event(const json& j) {
  return guarded<Event>([&] { return detail::event_from(j, ""); });
}
ModelResult<Series> parse_series(const json& j) {
  return guarded<Series>([&] { return detail::series_from(j, ""); });
}
ModelResult<Trade> parse_trade(const json& j) {
  return guarded<Trade>([&] { return detail::trade_from(j, ""); });
}

ModelResult<ExchangeStatus> parse_exchange_status(const json& j) {
  return guarded<ExchangeStatus>([&] {
    const Obj o(j, "");
    ExchangeStatus s;
    s.exchange_active = o.bool_or("exchange_active", false);
    s.trading_active = o.bool_or("trading_active", false);
    s.intra_exchange_transfers_active = o.opt_bool("intra_exchange_transfers_active");
    s.exchange_estimated_resume_time = o.opt_time("exchange_estimated_resume_time");
    o.each("exchange_index_statuses", [&](const json& e, std::string p) {
      const Obj x(e, std::move(p));
      ExchangeIndexStatus st;
      st.exchange_index = x.opt_small_int("exchange_index").value_or(0);
      st.description = x.str_or_empty("description");
      st.exchange_active = x.bool_or("exchange_active", false);
      st.trading_active = x.bool_or("trading_active", false);
      st.intra_exchange_transfers_active = x.bool_or("intra_exchange_transfers_active", false);
      s.exchange_index_statuses.push_back(std::move(st));
    });
    return s;
  });
}

ModelResult<Page<Market>> parse_markets_response(const json& j) {
  return guarded<Page<Market>>([&] {
    const Obj o(j, "");
    Page<Market> page;
    if (o.find("markets") == nullptr) o.fail("markets", "missing");
    o.each("markets", [&](const json& m, std::string p) {
      page.items.push_back(detail::market_from(m, std::move(p)));
    });
    page.cursor = detail::cursor_of(o);
    return page;
  });
}

ModelResult<Market> parse_market_response(const json& j) {
  return guarded<Market>([&] {
    const Obj o(j, "");
    if (o.missing("market")) o.fail("market", "missing");
    return detail::market_from(*o.find("market"), "market");
  });
}

ModelResult<RestOrderbook> parse_orderbook_response(const json& j) {
  return guarded<RestOrderbook>([&] { return detail::orderbook_from(j, ""); });
}

ModelResult<std::vector<RestOrderbook>> parse_orderbooks_response(const json& j) {
  return guarded<std::vector<RestOrderbook>>([&] {
    const Obj o(j, "");
    if (o.find("orderbooks") == nullptr) o.fail("orderbooks", "missing");
    std::vector<RestOrderbook> out;
    o.each("orderbooks", [&](const json& b, std::string p) {
      out.push_back(detail::orderbook_from(b, std::move(p)));
    });
    return out;
  });
}

ModelResult<Page<Event>> parse_events_response(const json& j) {
  return guarded<Page<Event>>([&] {
    const Obj o(j, "");
    if (o.find("events") == nullptr) o.fail("events", "missing");
    Page<Event> page;
    o.each("events", [&](const json& e, std::string p) {
      page.items.push_back(detail::event_from(e, std::move(p)));
    });
    page.cursor = detail::cursor_of(o);
    return page;
  });
}

ModelResult<Event> parse_event_response(const json& j) {
  return guarded<Event>([&] {
    const Obj o(j, "");
    if (o.missing("event")) o.fail("event", "missing");
    Event e = detail::event_from(*o.find("event"), "event");
    if (e.markets.empty()) {  // the deprecated top-level list
      o.each("markets", [&](const json& m, std::string p) {
        e.markets.push_back(detail::market_from(m, std::move(p)));
      });
    }
    return e;
  });
}

ModelResult<Series> parse_series_response(const json& j) {
  return guarded<Series>([&] {
    const Obj o(j, "");
    if (o.missing("series")) o.fail("series", "missing");
    return detail::series_from(*o.find("series"), "series");
  });
}

ModelResult<Page<Trade>> parse_trades_response(const json& j) {
  return guarded<Page<Trade>>([&] {
    const Obj o(j, "");
    if (o.find("trades") == nullptr) o.fail("trades", "missing");
    Page<Trade> page;
    o.each("trades", [&](const json& t, std::string p) {
      page.items.push_back(detail::trade_from(t, std::move(p)));
    });
    page.cursor = detail::cursor_of(o);
    return page;
  });
}

std::string_view series_of(std::string_view market_ticker, const Market* market) noexcept {
  std::string_view source = market_ticker;
  if (market != nullptr && !market->event_ticker.empty()) source = market->event_ticker.str();
  return source.substr(0, source.find('-'));
}

}  // namespace antevorta::kalshi
