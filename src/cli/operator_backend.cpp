// The operator API's backend for `run` (operator_backend.hpp).
#include "cli/operator_backend.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

#include "antevorta/api/encode.hpp"
#include "antevorta/execution/exits.hpp"
#include "antevorta/execution/order_request.hpp"
#include "antevorta/execution/records.hpp"
#include "antevorta/version.hpp"

namespace antevorta::cli {

using api::Json;

OperatorBackend::OperatorBackend(const config::AppConfig& cfg, Clock& clock, KalshiLink& link,
                                 Trading& trading, CryptoLink& crypto)
    : cfg_(cfg),
      clock_(clock),
      link_(link),
      trading_(trading),
      crypto_(crypto),
      started_at_(clock.now()) {}

nlohmann::json OperatorBackend::status() {
  const Timestamp now = clock_.now();
  auto& engine = trading_.engine();
  const auto& ledger = engine.ledger();
  const auto& risk_state = trading_.risk().state();

  Json connections = Json::array();
  auto& stream = link_.stream();
  connections.push_back({{"name", "kalshi_ws"},
                         {"state", std::string(kalshi::to_string(stream.state()))},
                         {"detail", stream.last_error()}});
  const RestHealth rest = rest_health(link_.rest());
  connections.push_back({{"name", "kalshi_rest"}, {"state", rest.state}, {"detail", rest.detail}});
  for (const auto& feed : crypto_.feeds()) {
    connections.push_back({{"name", "feed_" + feed.source},
                           {"state", std::string(feeds::to_string(feed.state))},
                           {"detail", feed.detail}});
  }

  const auto& exchange = link_.exchange_status();
  const auto trading_active = exchange.trading_active(0);
  Json exchange_json{
      {"trading_active", trading_active ? Json(*trading_active) : Json(nullptr)},
      {"last_checked",
       exchange.last_success() ? api::time_json(*exchange.last_success()) : Json(nullptr)}};

  const auto equity = engine.view().equity();
  const auto day = ledger.day(execution::utc_day(now));
  Json strategies = Json::array();
  for (const auto& s : trading_.host().status()) {
    strategies.push_back({{"name", s.name.str()},
                          {"enabled", s.enabled},
                          {"last_error", s.last_error ? Json(*s.last_error) : Json(nullptr)}});
  }
  const bool ready = readiness().empty();
  return {{"version", build_info::kVersion},
          {"environment", std::string(config::to_string(cfg_.kalshi.environment))},
          {"execution_mode", std::string(config::to_string(cfg_.kalshi.execution_mode))},
          {"rest_url", link_.rest_url()},
          {"ws_url", link_.ws_url()},
          {"database", cfg_.database.path.string()},
          {"started_at", api::time_json(started_at_)},
          {"uptime_seconds",
           std::chrono::duration_cast<std::chrono::seconds>(now - started_at_).count()},
          {"connections", connections},
          {"exchange", exchange_json},
          {"books", {{"total", link_.books().size()}, {"fresh", link_.books().fresh_count()}}},
          {"ready", ready},
          {"kill_switch", api::latch_json(risk_state.kill_switch)},
          {"circuit_breaker", api::latch_json(risk_state.circuit_breaker)},
          {"positions_known", engine.positions_known()},
          {"balance", ledger.cash().to_string()},
          {"equity", equity ? Json(equity->to_string()) : Json(nullptr)},
          {"exposure", exposure().to_string()},
          {"pnl_today",
           {{"date", format_iso8601(now).substr(0, 10)},
            {"realized", day.realized_before_fees.to_string()},
            {"fees", day.fees_paid.to_string()},
            {"payouts", day.settlement_payouts.to_string()},
            {"net", day.realized_after_fees().to_string()},
            {"fills", day.fills}}},
          {"open_orders", engine.orders().open_count()},
          {"strategies", strategies}};
}

Money OperatorBackend::exposure() const {
  Money total;
  if (auto positions = trading_.engine().view().positions()) {
    for (const auto& p : *positions) total = total + p.info.exposure;
  }
  return total;
}

std::vector<api::NotReady> OperatorBackend::readiness() {
  std::vector<api::NotReady> reasons;
  auto& stream = link_.stream();
  if (stream.state() != kalshi::ConnectionState::connected) {
    reasons.push_back(
        {"stream_disconnected",
         fmt::format("the Kalshi WebSocket is {}{}", kalshi::to_string(stream.state()),
                     stream.last_error().empty() ? "" : ": " + stream.last_error())});
  }
  if (link_.rest().auth_failed()) {
    reasons.push_back({"auth_failed", "Kalshi refused the API key (see the log)"});
  }
  const auto& books = link_.books();
  if (books.fresh_count() < books.size()) {
    reasons.push_back(
        {"books_stale", fmt::format("{} of {} books are stale (waiting for a snapshot)",
                                    books.size() - books.fresh_count(), books.size())});
  }
  if (!trading_.engine().positions_known()) {
    reasons.push_back(
        {"reconciliation_pending", "the first reconciliation with the exchange has not completed"});
  }
  if (!link_.exchange_status().last_success()) {
    reasons.push_back({"exchange_status_unknown", "the exchange status has not been read yet"});
  }
  return reasons;
}

nlohmann::json OperatorBackend::markets() {
  Json out = Json::array();
  for (const auto& [ticker, market] : link_.scanner().markets()) {
    out.push_back(api::market_json(market, link_.books().find(ticker.str())));
  }
  return Json{{"markets", out}};
}

std::optional<nlohmann::json> OperatorBackend::book(std::string_view ticker) {
  const auto* book = link_.books().find(ticker);
  if (book == nullptr) return std::nullopt;
  return api::book_json(*book);
}

nlohmann::json OperatorBackend::positions() {
  Json out = Json::array();
  for (const auto& [ticker, p] : trading_.engine().ledger().positions()) {
    if (p.position.is_zero() && p.volume.is_zero()) continue;
    out.push_back(api::position_json(ticker, p));
  }
  return Json{{"positions", out}, {"known", trading_.engine().positions_known()}};
}

nlohmann::json OperatorBackend::orders(const api::OrderListQuery& query) {
  // The live tracker is the truth for open orders; the store has the history.
  auto& store = trading_.store();
  std::vector<store::OrderRow> rows;
  if (query.status == "open") {
    for (const auto* o : trading_.engine().orders().open()) {
      rows.push_back(execution::order_row(*o));
    }
    std::sort(rows.begin(), rows.end(),
              [](const auto& a, const auto& b) { return a.updated_ns > b.updated_ns; });
    if (rows.size() > query.limit) rows.resize(query.limit);
  } else {
    store::OrderFilter filter;
    filter.state = query.status;
    filter.limit = query.limit;
    rows = store.orders(filter);
  }
  Json out = Json::array();
  for (const auto& r : rows) out.push_back(api::order_json(r));
  return Json{{"orders", out}};
}

nlohmann::json OperatorBackend::fills(std::size_t limit) {
  Json out = Json::array();
  for (const auto& r : trading_.store().recent_fills(limit)) out.push_back(api::fill_json(r));
  return Json{{"fills", out}};
}

nlohmann::json OperatorBackend::signals(std::size_t limit) {
  Json out = Json::array();
  for (const auto& r : trading_.store().recent_intents(limit)) out.push_back(api::signal_json(r));
  return Json{{"signals", out}};
}

nlohmann::json OperatorBackend::equity() { return api::equity_json(equity_history_); }

void OperatorBackend::sample_equity() {
  // Only once ready: before the first reconciliation (or, in paper, before the shards are
  // funded) the ledger's equity is not the account's, and a curve starting at 0 misleads.
  if (!readiness().empty()) return;
  if (const auto e = trading_.engine().view().equity()) equity_history_.record(clock_.now(), *e);
}

nlohmann::json OperatorBackend::decisions(std::size_t limit) {
  auto& store = trading_.store();
  Json out = Json::array();
  for (const auto& r : store.recent_decisions(limit)) {
    out.push_back(api::decision_json(r, store.intent(r.intent_id)));
  }
  return Json{{"decisions", out}};
}

strategy::IntentId OperatorBackend::next_intent_id(std::string_view kind) {
  return strategy::IntentId(fmt::format("manual-{}-{}{}", trading_.session(), kind, ++sequence_));
}

api::SubmitOutcome OperatorBackend::submit_order(const api::ManualOrder& order) {
  strategy::OrderIntent intent;
  intent.id = next_intent_id("api");
  intent.strategy = strategy::kManualStrategy;
  intent.ticker = order.ticker;
  intent.side = order.side;
  intent.action = order.action;
  intent.count = order.count;
  intent.limit_price = order.price;
  intent.time_in_force = order.time_in_force;
  intent.post_only = order.post_only;
  intent.reduce_only = order.reduce_only;
  intent.evidence.reason = "operator API";
  intent.created_at = clock_.now();
  auto& engine = trading_.engine();
  api::SubmitOutcome outcome;
  outcome.decision = engine.submit(
      intent, order.reduce_only ? risk::IntentPurpose::reduce : risk::IntentPurpose::entry);
  if (outcome.decision.approved) {
    const auto id = execution::derive_client_order_id(intent, engine.orders().prefix());
    if (const auto* tracked = engine.orders().find(id)) {
      outcome.order = api::order_json(execution::order_row(*tracked));
    }
  }
  return outcome;
}

api::CancelOutcome OperatorBackend::cancel_order(std::string_view client_order_id) {
  auto& engine = trading_.engine();
  const ClientOrderId id{std::string(client_order_id)};
  const auto* tracked = engine.orders().find(id);
  if (tracked == nullptr) {
    // Known only to the store (a final order forgotten by the tracker): it is not open.
    return trading_.store().order(client_order_id) ? api::CancelOutcome::not_open
                                                   : api::CancelOutcome::not_found;
  }
  return engine.cancel_order(id, "operator API") ? api::CancelOutcome::requested
                                                 : api::CancelOutcome::not_open;
}

nlohmann::json OperatorBackend::set_kill_switch(const api::KillSwitchRequest& request) {
  auto& risk = trading_.risk();
  const Timestamp now = clock_.now();
  const std::string detail = request.reason.empty() ? "operator API" : request.reason;
  std::size_t canceled = 0;
  if (request.engaged) {
    // On a change the bus handler cancels every open order (Trading); paper cancels finish
    // inside that call, so the orders are counted before.
    const std::size_t open_before = trading_.engine().orders().open_count();
    const bool changed = risk.engage_kill_switch(risk::LatchReason::manual, detail, now);
    // Already engaged: still make sure nothing rests.
    canceled = changed ? open_before : trading_.engine().cancel_everything("kill switch");
  } else {
    risk.release_kill_switch(detail, now);
  }
  return Json{{"kill_switch", api::latch_json(risk.state().kill_switch)},
              {"canceled_orders", canceled}};
}

nlohmann::json OperatorBackend::flatten(const std::string& reason) {
  auto& engine = trading_.engine();
  const Timestamp now = clock_.now();
  Json submitted = Json::array();
  Json denied = Json::array();
  for (const auto& [ticker, p] : engine.ledger().positions()) {
    if (p.position.is_zero()) continue;
    const auto leg = p.position > Count{} ? kalshi::OutcomeSide::yes : kalshi::OutcomeSide::no;
    const auto bid = execution::held_leg_bid(leg, engine.view().mark(ticker));
    const auto* market = engine.market(ticker);
    if (!bid || market == nullptr || !market->grid) {
      denied.push_back({{"ticker", ticker.str()},
                        {"reason", "no_bid"},
                        {"message", "the held leg has no bid to sell into"}});
      continue;
    }
    const auto& grid = *market->grid;
    Price limit = *bid;
    if (cfg_.risk.price_band) {
      const auto reach = bid->centicents() - cfg_.risk.price_band->centicents();
      const auto floor = grid.min_tradable().centicents();
      limit = grid.snap(Price::of(std::max(reach, floor)), Rounding::up);
    }
    strategy::OrderIntent intent;
    intent.id = next_intent_id("flatten");
    intent.strategy = strategy::kManualStrategy;
    intent.ticker = ticker;
    intent.side = leg;
    intent.action = strategy::Action::sell;
    intent.count = p.position.abs();
    intent.limit_price = limit;
    intent.time_in_force = kalshi::TimeInForce::immediate_or_cancel;
    intent.reduce_only = true;
    intent.evidence.reason = reason.empty() ? "operator flatten" : "operator flatten: " + reason;
    intent.created_at = now;
    const auto decision = engine.submit(intent, risk::IntentPurpose::flatten);
    if (decision.approved) {
      submitted.push_back(
          {{"ticker", ticker.str()},
           {"client_order_id",
            execution::derive_client_order_id(intent, engine.orders().prefix()).str()},
           {"side", std::string(kalshi::to_string(leg))},
           {"count", intent.count.to_string()},
           {"price", limit.to_string()}});
    } else {
      denied.push_back({{"ticker", ticker.str()},
                        {"reason", std::string(risk::to_string(decision.reason))},
                        {"message", decision.detail}});
    }
  }
  return Json{{"submitted", submitted}, {"denied", denied}};
}

nlohmann::json OperatorBackend::reset_circuit_breaker(const std::string& reason) {
  auto& risk = trading_.risk();
  risk.reset_circuit_breaker(reason.empty() ? "operator API" : reason, clock_.now());
  return Json{{"circuit_breaker", api::latch_json(risk.state().circuit_breaker)}};
}

std::optional<bool> OperatorBackend::set_strategy(std::string_view name, bool enabled) {
  auto& host = trading_.host();
  if (name == strategy::kManualStrategy.str()) return std::nullopt;
  const auto result = host.set_enabled(name, enabled);
  if (result == strategy::SetEnabledResult::unknown_strategy) return std::nullopt;
  return host.enabled(name);
}

}  // namespace antevorta::cli
