#include "sim/sim_json.hpp"

#include <cstdlib>

#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/models.hpp"

namespace antevorta::sim::rest {

using nlohmann::json;

namespace {

json optional_time(const std::optional<Timestamp>& t) {
  return t ? json(rfc3339(*t)) : json(nullptr);
}

// Strikes are JSON numbers upstream; the double nearest the exact decimal prints back as the
// same shortest text.
json strike_number(const std::optional<Decimal>& d) {
  if (!d) return nullptr;
  return std::strtod(d->to_string().c_str(), nullptr);
}

std::string_view result_text(const std::optional<kalshi::MarketResult>& r) {
  return r ? kalshi::to_string(*r) : std::string_view{};
}

std::string_view leg_text(kalshi::OutcomeSide side) { return kalshi::to_string(side); }

// Cents, truncated (Kalshi's integer-cent fields).
std::int64_t cents(Money m) { return m.round_to_cent(Rounding::down).centicents() / Money::kCent; }

}  // namespace

std::string rfc3339(Timestamp t) { return format_iso8601(t); }

std::int64_t unix_seconds(Timestamp t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

json market_json(const SimExchange& exchange, const SimMarket& m) {
  std::optional<kalshi::BookLevel> bid;
  std::optional<kalshi::BookLevel> ask;
  if (const auto view = exchange.core().market(m.ticker); view && view->engine != nullptr) {
    bid = view->engine->best_bid();
    ask = view->engine->best_ask();
  }
  const Price yes_bid = bid ? bid->price : Price::zero();
  const Price yes_ask = ask ? ask->price : Price::one();
  const Price last = m.last_price.value_or(Price::zero());

  json j;
  j["ticker"] = m.ticker.str();
  j["event_ticker"] = m.event.str();
  j["market_type"] = "binary";
  j["title"] = m.title;
  j["subtitle"] = "";
  j["yes_sub_title"] = m.yes_sub_title;
  j["no_sub_title"] = m.no_sub_title;
  j["rules_primary"] = m.rules_primary;
  j["rules_secondary"] = m.rules_secondary;
  j["created_time"] = rfc3339(m.created_time);
  j["updated_time"] = rfc3339(m.updated_time);
  j["open_time"] = rfc3339(m.open_time);
  j["close_time"] = rfc3339(m.close_time);
  const Timestamp expiry = m.close_time + std::chrono::seconds(m.settlement_timer_seconds);
  j["expected_expiration_time"] = rfc3339(expiry);
  j["latest_expiration_time"] = rfc3339(expiry);
  j["settlement_timer_seconds"] = m.settlement_timer_seconds;
  j["status"] = kalshi::to_string(m.status);
  j["result"] = result_text(m.result);
  if (m.settlement_value) j["settlement_value_dollars"] = m.settlement_value->to_string();
  if (m.settlement_time) j["settlement_ts"] = rfc3339(*m.settlement_time);
  j["yes_bid_dollars"] = yes_bid.to_string();
  j["yes_bid_size_fp"] = (bid ? bid->size : Count{}).to_string();
  j["yes_ask_dollars"] = yes_ask.to_string();
  j["yes_ask_size_fp"] = (ask ? ask->size : Count{}).to_string();
  j["no_bid_dollars"] = yes_ask.complement().to_string();
  j["no_ask_dollars"] = yes_bid.complement().to_string();
  j["last_price_dollars"] = last.to_string();
  j["previous_yes_bid_dollars"] = Price::zero().to_string();
  j["previous_yes_ask_dollars"] = Price::zero().to_string();
  j["previous_price_dollars"] = Price::zero().to_string();
  j["volume_fp"] = m.volume.to_string();
  j["volume_24h_fp"] = m.volume.to_string();
  j["open_interest_fp"] = exchange.core().ledger().open_interest(m.ticker).to_string();
  j["notional_value_dollars"] = Money::from_centicents(Money::kDollar).to_string();
  j["liquidity_dollars"] = Money::zero().to_string();
  j["can_close_early"] = m.can_close_early;
  j["expiration_value"] = m.expiration_value;
  j["strike_type"] = kalshi::to_string(m.strike_type);
  if (m.floor_strike) j["floor_strike"] = strike_number(m.floor_strike);
  if (m.cap_strike) j["cap_strike"] = strike_number(m.cap_strike);
  j["price_level_structure"] = m.price_level_structure;
  json ranges = json::array();
  for (const auto& r : m.grid.ranges()) {
    ranges.push_back(
        {{"start", r.start.to_string()}, {"end", r.end.to_string()}, {"step", r.step.to_string()}});
  }
  j["price_ranges"] = std::move(ranges);
  j["exchange_index"] = m.exchange_index;
  return j;
}

json event_json(const SimEvent& e) {
  json j;
  j["event_ticker"] = e.ticker.str();
  j["series_ticker"] = e.series.str();
  j["title"] = e.title;
  j["sub_title"] = e.sub_title;
  j["collateral_return_type"] = e.collateral_return_type;
  j["mutually_exclusive"] = e.mutually_exclusive;
  j["strike_date"] = e.strike_date == Timestamp{} ? json(nullptr) : json(rfc3339(e.strike_date));
  j["settlement_sources"] = json::array();
  j["exchange_index"] = e.exchange_index;
  return j;
}

json series_json(const SimSeries& s) {
  json j;
  j["ticker"] = s.ticker.str();
  j["title"] = s.title;
  j["category"] = s.category;
  j["frequency"] = s.frequency;
  j["tags"] = json::array();
  j["settlement_sources"] = json::array();
  j["contract_url"] = "";
  j["contract_terms_url"] = "";
  j["additional_prohibitions"] = json::array();
  j["fee_type"] = kalshi::to_string(s.fee_type);
  // A JSON number upstream; micros / 1e6 prints back as the exact decimal.
  j["fee_multiplier"] =
      static_cast<double>(s.fee_multiplier.micros()) / kalshi::FeeMultiplier::kOne;
  j["exchange_index"] = s.exchange_index;
  return j;
}

json trade_json(const PublicTrade& t) {
  json j;
  j["trade_id"] = t.trade_id.str();
  j["ticker"] = t.ticker.str();
  j["count_fp"] = t.count.to_string();
  j["yes_price_dollars"] = t.yes_price.to_string();
  j["no_price_dollars"] = t.no_price().to_string();
  j["taker_outcome_side"] = leg_text(t.taker_outcome_side());
  j["taker_book_side"] = to_string(t.taker_side);
  j["is_block_trade"] = false;
  j["created_time"] = rfc3339(t.time);
  return j;
}

json order_json(const OrderRecord& r, const AccountId& owner) {
  const Order& o = r.order;
  json j;
  j["order_id"] = o.id.str();
  j["user_id"] = owner.str();
  j["client_order_id"] = o.client_order_id ? o.client_order_id->str() : std::string();
  j["ticker"] = o.ticker.str();
  j["outcome_side"] = leg_text(bought_leg(o.side));
  j["book_side"] = to_string(o.side);
  j["type"] = "limit";
  j["status"] = to_string(o.status);
  j["yes_price_dollars"] = o.price.to_string();
  j["no_price_dollars"] = o.price.complement().to_string();
  j["fill_count_fp"] = o.fill_count.to_string();
  j["remaining_count_fp"] = o.remaining_count.to_string();
  j["initial_count_fp"] = o.initial_count.to_string();
  j["taker_fill_cost_dollars"] = r.taker_fill_cost.to_string();
  j["maker_fill_cost_dollars"] = r.maker_fill_cost.to_string();
  j["taker_fees_dollars"] = r.taker_fees.to_string();
  j["maker_fees_dollars"] = r.maker_fees.to_string();
  j["expiration_time"] = optional_time(o.expiration);
  j["created_time"] = rfc3339(o.created_time);
  j["last_update_time"] = rfc3339(o.last_update_time);
  j["last_update_reason"] = to_string(o.last_update_reason);
  j["self_trade_prevention_type"] = to_string(o.self_trade_prevention);
  j["order_group_id"] = nullptr;
  j["cancel_order_on_pause"] = o.cancel_order_on_pause;
  j["subaccount_number"] = 0;
  j["exchange_index"] = r.exchange_index;
  return j;
}

json fill_json(const FillRecord& f) {
  json j;
  j["fill_id"] = f.fill.trade_id.str() + (f.is_taker ? "-T" : "-M");
  j["trade_id"] = f.fill.trade_id.str();
  j["order_id"] = f.order_id.str();
  j["ticker"] = f.fill.ticker.str();
  j["market_ticker"] = f.fill.ticker.str();
  j["exchange_index"] = f.exchange_index;
  j["outcome_side"] = leg_text(bought_leg(f.side));
  j["book_side"] = to_string(f.side);
  j["count_fp"] = f.fill.count.to_string();
  j["yes_price_dollars"] = f.fill.price.to_string();
  j["no_price_dollars"] = f.fill.price.complement().to_string();
  j["is_taker"] = f.is_taker;
  j["fee_cost"] = f.fee.to_string();
  j["created_time"] = rfc3339(f.fill.time);
  j["ts"] = unix_seconds(f.fill.time);
  j["subaccount_number"] = 0;
  return j;
}

json settlement_json(const SettlementRecord& s) {
  json j;
  j["ticker"] = s.ticker.str();
  j["event_ticker"] = s.event.str();
  j["exchange_index"] = s.exchange_index;
  j["market_result"] = to_string(s.result.kind);
  j["yes_count_fp"] = s.yes_count.to_string();
  j["no_count_fp"] = s.no_count.to_string();
  // The cost of the settled contracts belongs to the leg that was held.
  const bool held_yes = !s.yes_count.is_zero();
  j["yes_total_cost_dollars"] = (held_yes ? s.cost : Money::zero()).to_string();
  j["no_total_cost_dollars"] = (held_yes ? Money::zero() : s.cost).to_string();
  j["revenue"] = cents(s.revenue);
  j["value"] = s.result.yes_payout().centicents() / Money::kCent;
  j["fee_cost"] = Money::zero().to_string();
  j["settled_time"] = rfc3339(s.settled_time);
  return j;
}

json orderbook_fp(const SimExchange& exchange, const MarketTicker& ticker, std::size_t depth) {
  std::vector<kalshi::BookLevel> yes;
  std::vector<kalshi::BookLevel> no;
  if (const auto view = exchange.core().market(ticker); view && view->engine != nullptr) {
    yes = view->engine->yes_bids();
    no = view->engine->no_bids();
  }
  auto ladder = [depth](const std::vector<kalshi::BookLevel>& levels) {
    json out = json::array();
    const std::size_t first = depth == 0 || depth >= levels.size() ? 0 : levels.size() - depth;
    for (std::size_t i = first; i < levels.size(); ++i) {
      out.push_back(json::array({levels[i].price.to_string(), levels[i].size.to_string()}));
    }
    return out;
  };
  return json{{"yes_dollars", ladder(yes)}, {"no_dollars", ladder(no)}};
}

}  // namespace antevorta::sim::rest
