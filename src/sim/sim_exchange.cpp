#include "antevorta/sim/sim_exchange.hpp"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

namespace antevorta::sim {

using nlohmann::json;

namespace {

const std::vector<FillRecord> kNoFills;
const std::vector<SettlementRecord> kNoSettlements;

Price price_of_probability(double p) {
  const double clamped = std::clamp(p, 0.0, 1.0);
  return Price::of(static_cast<std::int64_t>(std::llround(clamped * Price::kOne)));
}

}  // namespace

SimExchange::SimExchange(Clock& clock, Logger logger, Catalog catalog, SimExchangeOptions options)
    : clock_(clock),
      logger_(std::move(logger)),
      catalog_(std::move(catalog)),
      options_(std::move(options)),
      core_(options_.seed),
      hub_(clock, HubSource{[this](const MarketTicker& t) { return core_.market(t).has_value(); },
                            [this](const MarketTicker& t, std::vector<kalshi::BookLevel>& yes,
                                   std::vector<kalshi::BookLevel>& no) {
                              const auto view = core_.market(t);
                              if (!view) return;
                              yes = view->engine->yes_bids();
                              no = view->engine->no_bids();
                            },
                            [this] { return indices_.ids(); }}),
      rng_(options_.seed) {
  build_indices();
  for (const auto& ticker : catalog_.market_order()) register_market(*catalog_.market(ticker));
  if (options_.liquidity) {
    for (ExchangeIndex shard : {0, 1, 2, 3}) fund(options_.lp_account, shard, options_.lp_funding);
  }
}

void SimExchange::register_market(SimMarket& m) {
  core_.add_market(
      MarketSpec{m.ticker, m.event, m.series, m.grid, catalog_.fee_schedule(m), m.exchange_index});
  // Listed but not yet open: no orders until open_time.
  if (m.status == kalshi::MarketStatus::initialized) {
    (void)core_.pause(m.ticker, clock_.now());
  }
}

void SimExchange::fund(const AccountId& account, ExchangeIndex shard, Money amount) {
  core_.ledger().deposit(account, shard, amount);
}

int SimExchange::shard_of(const MarketTicker& ticker) const {
  const auto* m = catalog_.market(ticker);
  return m == nullptr ? 0 : m->exchange_index;
}

// ---- Orders -----------------------------------------------------------------------------

Expected<CoreResult, RejectReason> SimExchange::submit(const AccountId& owner,
                                                       const MarketTicker& ticker,
                                                       const OrderRequest& request) {
  return applied(ticker, core_.submit(owner, ticker, request, clock_.now()));
}

Expected<CoreResult, RejectReason> SimExchange::cancel(const AccountId& owner, const OrderId& id) {
  return applied(ticker_of(id), core_.cancel(owner, id, clock_.now()));
}

Expected<CoreResult, RejectReason> SimExchange::decrease(const AccountId& owner, const OrderId& id,
                                                         const DecreaseRequest& request) {
  return applied(ticker_of(id), core_.decrease(owner, id, request, clock_.now()));
}

Expected<CoreResult, RejectReason> SimExchange::amend(const AccountId& owner, const OrderId& id,
                                                      const AmendRequest& request) {
  return applied(ticker_of(id), core_.amend(owner, id, request, clock_.now()));
}

MarketTicker SimExchange::ticker_of(const OrderId& id) const {
  const Order* order = core_.find_order(id);
  return order != nullptr ? order->ticker : MarketTicker{};
}

Expected<CoreResult, RejectReason> SimExchange::applied(const MarketTicker& ticker,
                                                        Expected<CoreResult, RejectReason> result) {
  if (result) {
    record(*result);
    publish(ticker, *result);
  }
  return result;
}

void SimExchange::record(const CoreResult& result) {
  for (const auto& update : result.engine.updates) {
    const auto& o = update.order;
    auto [it, inserted] = order_records_.try_emplace(o.id);
    it->second.order = o;
    it->second.exchange_index = shard_of(o.ticker);
    if (inserted) orders_by_owner_[o.owner].push_back(o.id);
  }
  const auto& fills = result.engine.fills;
  for (std::size_t i = 0; i < fills.size() && i < result.accounting.size(); ++i) {
    const Fill& f = fills[i];
    const FillAccounting& acc = result.accounting[i];
    const int shard = shard_of(f.ticker);
    for (const FillLeg* leg : {&acc.taker, &acc.maker}) {
      const bool taker = leg == &acc.taker;
      auto rec = order_records_.find(leg->order_id);
      BookSide side = taker ? f.taker_side : opposite(f.taker_side);
      if (rec != order_records_.end()) {
        side = rec->second.order.side;
        (taker ? rec->second.taker_fees : rec->second.maker_fees) =
            (taker ? rec->second.taker_fees : rec->second.maker_fees) + leg->fee;
        (taker ? rec->second.taker_fill_cost : rec->second.maker_fill_cost) =
            (taker ? rec->second.taker_fill_cost : rec->second.maker_fill_cost) + leg->leg_value;
      }
      fills_[leg->owner].push_back(FillRecord{f, leg->order_id, side, taker, leg->fee, shard});
    }
    if (auto* m = catalog_.market(f.ticker)) {
      m->volume += f.count;
      m->last_price = f.price;
    }
  }
}

void SimExchange::publish(const MarketTicker& ticker, const CoreResult& result) {
  const auto& engine = result.engine;
  const int shard = shard_of(ticker);
  hub_.book_changes(ticker, engine.book_changes);
  for (const auto& t : engine.trades) {
    trades_.push_back(t);
    hub_.trade(t);
  }
  for (std::size_t i = 0; i < engine.fills.size() && i < result.accounting.size(); ++i) {
    const Fill& f = engine.fills[i];
    const FillAccounting& acc = result.accounting[i];
    for (const FillLeg* leg : {&acc.taker, &acc.maker}) {
      auto rec = order_records_.find(leg->order_id);
      if (rec == order_records_.end()) continue;
      hub_.fill(leg->owner, f, rec->second.order, leg == &acc.taker, leg->fee, leg->position_after,
                shard);
      const Position p = core_.ledger().position(leg->owner, f.ticker);
      hub_.position(leg->owner, f.ticker, p.position, p.cost, p.realized_pnl, p.fees_paid);
    }
  }
  for (const auto& update : engine.updates) hub_.order_update(update.order, shard);
  if (const auto* m = catalog_.market(ticker); m != nullptr && !engine.book_changes.empty()) {
    hub_.ticker(ticker_values(*m));
  }
}

// ---- History ----------------------------------------------------------------------------

std::vector<const OrderRecord*> SimExchange::orders(const AccountId& owner) const {
  std::vector<const OrderRecord*> out;
  auto it = orders_by_owner_.find(owner);
  if (it == orders_by_owner_.end()) return out;
  for (const auto& id : it->second) out.push_back(&order_records_.at(id));
  return out;
}

const OrderRecord* SimExchange::order(const AccountId& owner, const OrderId& id) const {
  auto it = order_records_.find(id);
  if (it == order_records_.end() || !(it->second.order.owner == owner)) return nullptr;
  return &it->second;
}

const std::vector<FillRecord>& SimExchange::fills(const AccountId& owner) const {
  auto it = fills_.find(owner);
  return it == fills_.end() ? kNoFills : it->second;
}

const std::vector<SettlementRecord>& SimExchange::settlements(const AccountId& owner) const {
  auto it = settlements_.find(owner);
  return it == settlements_.end() ? kNoSettlements : it->second;
}

// ---- Time -------------------------------------------------------------------------------

void SimExchange::set_fair_value(const MarketTicker& ticker, double p) {
  if (auto* m = catalog_.market(ticker)) m->fair_value = std::clamp(p, 0.01, 0.99);
}

void SimExchange::tick() {
  const Timestamp now = clock_.now();
  advance_indices();
  advance_lifecycle(now);
  for (const auto& result : core_.expire(now)) {
    if (result.engine.updates.empty()) continue;
    const MarketTicker ticker = result.engine.updates.front().order.ticker;
    record(result);
    publish(ticker, result);
  }
  std::normal_distribution<double> step(0.0, options_.drift);
  for (const auto& ticker : catalog_.market_order()) {
    SimMarket& m = *catalog_.market(ticker);
    if (m.status != kalshi::MarketStatus::active) continue;
    if (!m.index_id.empty()) {
      update_crypto_fair_value(m, now);
    } else {
      m.fair_value = std::clamp(m.fair_value + step(rng_), 0.03, 0.97);
    }
    if (options_.liquidity) requote(m, now);
  }
}

void SimExchange::advance_lifecycle(Timestamp now) {
  // New 15-minute windows first, so that the next window exists before the current closes.
  for (const auto& spec : std::vector<CryptoSeriesSpec>(catalog_.crypto_specs())) {
    for (const auto& ticker : catalog_.add_crypto_windows(spec, now, 2 * spec.window, {})) {
      SimMarket& m = *catalog_.market(ticker);
      register_market(m);
      lifecycle_event(m, "created");
      // Listed late (the clock jumped): already open, so it gets its target now.
      if (m.status == kalshi::MarketStatus::active) set_crypto_target(m, now, true);
    }
  }
  std::uniform_real_distribution<double> draw(0.0, 1.0);
  for (const auto& ticker : catalog_.market_order()) {
    SimMarket& m = *catalog_.market(ticker);
    switch (m.status) {
      case kalshi::MarketStatus::initialized:
        if (now >= m.open_time) {
          core_.resume(m.ticker);
          m.status = kalshi::MarketStatus::active;  // Kalshi sends no event for this
          m.updated_time = now;
          if (!m.index_id.empty()) set_crypto_target(m, now, true);
        }
        break;
      case kalshi::MarketStatus::active:
        if (now >= m.close_time) {
          if (auto closed = core_.close_market(m.ticker, now)) {
            record(*closed);
            publish(m.ticker, *closed);
          }
          lp_orders_.erase(m.ticker);
          m.status = kalshi::MarketStatus::closed;
          m.updated_time = now;
        }
        break;
      case kalshi::MarketStatus::closed: {
        const auto crypto = crypto_result(m);
        const bool yes = crypto ? *crypto : draw(rng_) < m.fair_value;
        const MarketResult result = yes ? MarketResult::yes() : MarketResult::no();
        if (core_.determine(m.ticker, result, now)) {
          m.status = kalshi::MarketStatus::determined;
          m.result = yes ? kalshi::MarketResult::yes : kalshi::MarketResult::no;
          m.settlement_value = result.yes_payout();
          m.determination_time = now;
          m.updated_time = now;
          lifecycle_event(m, "determined");
        }
        break;
      }
      case kalshi::MarketStatus::determined:
        if (m.determination_time &&
            now >= *m.determination_time + std::chrono::seconds(m.settlement_timer_seconds)) {
          auto entries = core_.settle(m.ticker);
          if (!entries) break;
          for (const auto& e : *entries) {
            SettlementRecord rec;
            rec.ticker = m.ticker;
            rec.event = m.event;
            rec.exchange_index = m.exchange_index;
            rec.result =
                m.result == kalshi::MarketResult::yes ? MarketResult::yes() : MarketResult::no();
            (e.position.centi() >= 0 ? rec.yes_count : rec.no_count) =
                Count::from_centi(std::llabs(e.position.centi()));
            rec.cost = e.cost;
            rec.revenue = e.payout;
            rec.settled_time = now;
            settlements_[e.owner].push_back(rec);
            hub_.position(e.owner, m.ticker, Count{}, Money{}, e.realized_pnl, Money{});
          }
          m.status = kalshi::MarketStatus::finalized;
          m.settlement_time = now;
          m.updated_time = now;
          lifecycle_event(m, "settled");
        }
        break;
      default:
        break;
    }
  }
}

void SimExchange::requote(SimMarket& m, Timestamp now) {
  const auto view = core_.market(m.ticker);
  if (!view || view->status != MarketStatus::open) return;
  auto& mine = lp_orders_[m.ticker];
  // Requote when the fair value moved by a cent or more, or a quote was taken.
  bool intact = !mine.empty();
  for (const auto& id : mine) intact = intact && core_.find_order(id) != nullptr;
  auto last = quoted_at_.find(m.ticker);
  if (intact && last != quoted_at_.end() && std::fabs(last->second - m.fair_value) < 0.01) return;
  for (const auto& id : mine) {
    if (core_.find_order(id) != nullptr) {
      if (auto r = core_.cancel(options_.lp_account, id, now)) {
        record(*r);
        publish(m.ticker, *r);
      }
    }
  }
  mine.clear();
  const Price fair = price_of_probability(m.fair_value);
  const Price half_spread = Price::of(100);  // a cent each side
  for (int k = 0; k < options_.lp_levels; ++k) {
    const Price offset = Price::of(half_spread.centicents() + k * 100);
    for (BookSide side : {BookSide::bid, BookSide::ask}) {
      const std::int64_t raw = side == BookSide::bid ? fair.centicents() - offset.centicents()
                                                     : fair.centicents() + offset.centicents();
      if (raw <= 0 || raw >= Price::kOne) continue;
      const Price price =
          m.grid.snap(Price::of(raw), side == BookSide::bid ? Rounding::down : Rounding::up);
      if (!m.grid.tradable(price)) continue;
      OrderRequest req;
      req.side = side;
      req.price = price;
      req.count = options_.lp_size;
      req.time_in_force = TimeInForce::good_till_canceled;
      req.post_only = true;
      req.self_trade_prevention = SelfTradePrevention::maker;
      if (auto r = core_.submit(options_.lp_account, m.ticker, req, now)) {
        record(*r);
        publish(m.ticker, *r);
        const auto* update = r->engine.last_update_of(r->engine.order_id);
        if (update != nullptr && update->order.status == OrderStatus::resting) {
          mine.push_back(r->engine.order_id);
        }
      }
    }
  }
  quoted_at_[m.ticker] = m.fair_value;
}

void SimExchange::lifecycle_event(const SimMarket& m, std::string_view event_type) {
  json msg{{"market_ticker", m.ticker.str()},
           {"event_type", event_type},
           {"exchange_index", m.exchange_index}};
  const auto secs = [](Timestamp t) { return to_unix_ms(t) / 1000; };
  if (event_type == "created") {
    msg["open_ts"] = secs(m.open_time);
    msg["close_ts"] = secs(m.close_time);
    msg["price_level_structure"] = m.price_level_structure;
    json metadata{{"title", m.title},
                  {"yes_sub_title", m.yes_sub_title},
                  {"no_sub_title", m.no_sub_title},
                  {"rules_primary", m.rules_primary},
                  {"rules_secondary", m.rules_secondary},
                  {"can_close_early", m.can_close_early},
                  {"event_ticker", m.event.str()},
                  {"expected_expiration_ts", secs(m.close_time)},
                  {"strike_type", to_string(m.strike_type)}};
    if (m.floor_strike) metadata["floor_strike"] = json::parse(m.floor_strike->to_string());
    msg["additional_metadata"] = std::move(metadata);
  } else if (event_type == "metadata_updated") {
    msg["strike_type"] = to_string(m.strike_type);
    if (m.floor_strike) msg["floor_strike"] = json::parse(m.floor_strike->to_string());
    msg["yes_sub_title"] = m.yes_sub_title;
    msg["no_sub_title"] = m.no_sub_title;
  } else if (event_type == "determined") {
    msg["result"] = m.result ? std::string(to_string(*m.result)) : "";
    if (m.determination_time) msg["determination_ts"] = secs(*m.determination_time);
    if (m.settlement_value) msg["settlement_value"] = m.settlement_value->to_string();
  } else if (event_type == "settled") {
    if (m.settlement_time) msg["settled_ts"] = secs(*m.settlement_time);
  }
  hub_.lifecycle("market_lifecycle_v2", msg.dump());
}

TickerValues SimExchange::ticker_values(const SimMarket& m) const {
  TickerValues v;
  v.ticker = m.ticker;
  v.last_price = m.last_price;
  v.volume = m.volume;
  v.open_interest = core_.ledger().open_interest(m.ticker);
  if (const auto view = core_.market(m.ticker)) {
    if (auto bid = view->engine->best_bid()) {
      v.yes_bid = bid->price;
      v.yes_bid_size = bid->size;
    }
    if (auto ask = view->engine->best_ask()) {
      v.yes_ask = ask->price;
      v.yes_ask_size = ask->size;
    }
  }
  return v;
}

}  // namespace antevorta::sim
