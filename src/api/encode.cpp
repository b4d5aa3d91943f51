// The operator API's JSON shapes (encode.hpp).
#include "antevorta/api/encode.hpp"

#include <string>

#include "antevorta/execution/records.hpp"

namespace antevorta::api {

namespace {

Json optional_double(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }

Json optional_text(const std::optional<std::string>& v) { return v ? Json(*v) : Json(nullptr); }

Json optional_price(const std::optional<Price>& p) {
  return p ? Json(p->to_string()) : Json(nullptr);
}

Json levels_json(const std::vector<kalshi::BookLevel>& levels) {
  Json out = Json::array();
  for (const auto& l : levels) {
    out.push_back({{"price", l.price.to_string()}, {"count", l.size.to_string()}});
  }
  return out;
}

}  // namespace

Json time_json(Timestamp t) { return t == Timestamp{} ? Json(nullptr) : Json(format_iso8601(t)); }

Json time_json_ns(std::int64_t unix_ns) {
  return unix_ns == 0 ? Json(nullptr) : Json(format_iso8601(from_unix_ns(unix_ns)));
}

Json price_json(std::int64_t centicents) {
  return detail::format_decimal(centicents, Price::kDecimals);
}

Json count_json(std::int64_t centi) { return detail::format_decimal(centi, Count::kDecimals); }

Json money_json(std::int64_t centicents) {
  return detail::format_decimal(centicents, Money::kDecimals);
}

Json order_json(const store::OrderRow& row) {
  return {{"client_order_id", row.client_order_id},
          {"order_id", optional_text(row.exchange_order_id)},
          {"intent_id", optional_text(row.intent_id)},
          {"strategy", row.strategy},
          {"ticker", row.ticker},
          {"side", row.side},
          {"action", row.action},
          {"price", price_json(row.price)},
          {"count", count_json(row.count)},
          {"filled", count_json(row.filled)},
          {"remaining", count_json(row.remaining)},
          {"state", row.state},
          {"time_in_force", row.tif},
          {"post_only", row.post_only},
          {"reduce_only", row.reduce_only},
          {"created_at", time_json_ns(row.created_ns)},
          {"updated_at", time_json_ns(row.updated_ns)},
          {"reason", row.reason}};
}

Json fill_json(const store::FillRow& row) {
  return {{"trade_id", row.trade_id},
          {"client_order_id", optional_text(row.client_order_id)},
          {"order_id", optional_text(row.exchange_order_id)},
          {"ticker", row.ticker},
          {"strategy", row.strategy},
          {"side", row.side},
          {"action", row.action},
          {"price", price_json(row.price)},
          {"count", count_json(row.count)},
          {"fee", money_json(row.fee)},
          {"is_taker", row.is_taker},
          {"at", time_json_ns(row.at_ns)}};
}

Json signal_json(const store::IntentRow& row) {
  return {{"intent_id", row.intent_id},
          {"strategy", row.strategy},
          {"ticker", row.ticker},
          {"side", row.side},
          {"action", row.action},
          {"price", price_json(row.limit_price)},
          {"count", count_json(row.count)},
          {"probability", optional_double(row.probability)},
          {"edge", optional_double(row.edge)},
          {"confidence", optional_double(row.confidence)},
          {"reason", row.reason},
          {"at", time_json_ns(row.created_ns)}};
}

Json decision_json(const store::DecisionRow& row, const std::optional<store::IntentRow>& intent) {
  Json out{{"intent_id", row.intent_id},
           {"strategy", nullptr},
           {"ticker", nullptr},
           {"side", nullptr},
           {"action", nullptr},
           {"price", nullptr},
           {"count", nullptr},
           {"approved", row.approved},
           {"reason", row.reason},
           {"rule", row.rule},
           {"limit", row.limit_text},
           {"actual", row.actual_text},
           {"missing", row.missing},
           {"detail", row.detail},
           {"at", time_json_ns(row.at_ns)}};
  if (intent) {
    out["strategy"] = intent->strategy;
    out["ticker"] = intent->ticker;
    out["side"] = intent->side;
    out["action"] = intent->action;
    out["price"] = price_json(intent->limit_price);
    out["count"] = count_json(intent->count);
  }
  return out;
}

Json position_json(const MarketTicker& ticker, const execution::MarketPosition& p) {
  Json average = nullptr;
  const std::int64_t contracts = p.position.abs().centi();
  if (contracts > 0) {
    // basis (centi-cents) / contracts (centi) → centi-cents per contract, rounded half up.
    const std::int64_t per = (p.cost_basis.centicents() * 100 + contracts / 2) / contracts;
    average = price_json(per);
  }
  return {{"ticker", ticker.str()},
          {"shard", p.shard},
          {"position", p.position.to_string()},
          {"cost_basis", p.cost_basis.to_string()},
          {"average_price", average},
          {"realized", p.realized_before_fees.to_string()},
          {"fees", p.fees_paid.to_string()},
          {"payouts", p.settlement_payouts.to_string()},
          {"volume", p.volume.to_string()}};
}

Json latch_json(const risk::LatchState& latch) {
  const bool ever = latch.since != Timestamp{};
  return {{"engaged", latch.engaged},
          {"reason", ever ? Json(std::string(risk::to_string(latch.reason))) : Json("")},
          {"detail", latch.detail},
          {"since", time_json(latch.since)}};
}

Json book_json(const kalshi::OrderBook& book, std::size_t depth) {
  return {{"ticker", book.ticker().str()},
          {"fresh", !book.stale()},
          {"bids", levels_json(book.bid_depth(kalshi::OutcomeSide::yes, depth))},
          {"asks", levels_json(book.ask_depth(kalshi::OutcomeSide::yes, depth))}};
}

Json market_json(const kalshi::Market& market, const kalshi::OrderBook* book) {
  Json out{{"ticker", market.ticker.str()},
           {"event_ticker", market.event_ticker.str()},
           {"series_ticker", std::string(kalshi::series_of(market.ticker.str(), &market))},
           {"title", market.title},
           {"status", std::string(kalshi::to_string(market.status))},
           {"open_time", market.open_time ? time_json(*market.open_time) : Json(nullptr)},
           {"close_time", market.close_time ? time_json(*market.close_time) : Json(nullptr)},
           {"yes_bid", optional_price(market.yes_bid)},
           {"yes_ask", optional_price(market.yes_ask)},
           {"book_fresh", book != nullptr && !book->stale()}};
  // The live book is fresher than the market snapshot.
  if (book != nullptr && !book->stale()) {
    const auto bid = book->best_yes_bid();
    const auto ask = book->best_yes_ask();
    out["yes_bid"] = bid ? Json(bid->price.to_string()) : Json(nullptr);
    out["yes_ask"] = ask ? Json(ask->price.to_string()) : Json(nullptr);
  }
  return out;
}

Json order_update_json(const strategy::StrategyOrderUpdate& update) {
  const auto& o = update.order;
  return {{"client_order_id",
           o.client_order_id.empty() ? Json(nullptr) : Json(o.client_order_id.str())},
          {"intent_id", o.intent.str()},
          {"strategy", o.strategy.str()},
          {"ticker", o.ticker.str()},
          {"side", std::string(kalshi::to_string(o.side))},
          {"action", std::string(strategy::to_string(o.action))},
          {"price", o.limit_price.to_string()},
          {"count", o.count.to_string()},
          {"filled", o.filled.to_string()},
          {"remaining", o.remaining().to_string()},
          {"state", std::string(strategy::to_string(o.state))},
          {"time_in_force", std::string(kalshi::to_string(o.time_in_force))},
          {"reason", update.reason},
          {"updated_at", time_json(update.at)}};
}

Json fill_event_json(const strategy::StrategyFill& f) {
  return {{"trade_id", f.trade_id.str()},
          {"client_order_id",
           f.client_order_id.empty() ? Json(nullptr) : Json(f.client_order_id.str())},
          {"ticker", f.ticker.str()},
          {"strategy", f.strategy.str()},
          {"side", std::string(kalshi::to_string(f.side))},
          {"action", std::string(strategy::to_string(f.action))},
          {"price", f.price.to_string()},
          {"count", f.count.to_string()},
          {"fee", f.fee.to_string()},
          {"is_taker", f.liquidity == kalshi::Liquidity::taker},
          {"at", time_json(f.at)}};
}

Json signal_event_json(const execution::IntentDecided& decided) {
  return signal_json(execution::intent_row(decided.intent));
}

Json decision_event_json(const execution::IntentDecided& decided) {
  return decision_json(execution::decision_row(decided.intent.id, decided.decision, decided.at),
                       execution::intent_row(decided.intent));
}

Json equity_json(const EquityHistory& history) {
  Json points = Json::array();
  for (const auto& p : history.points()) {
    points.push_back({{"at", time_json(p.at)}, {"equity", money_json(p.equity.centicents())}});
  }
  return {{"interval_seconds",
           std::chrono::duration_cast<std::chrono::seconds>(history.interval()).count()},
          {"points", std::move(points)}};
}

}  // namespace antevorta::api
