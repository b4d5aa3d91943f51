#include "antevorta/sim/exchange_core.hpp"

#include <cassert>
#include <utility>

namespace antevorta::sim {

std::string_view to_string(MarketStatus status) noexcept {
  switch (status) {
    case MarketStatus::open:
      return "open";
    case MarketStatus::paused:
      return "paused";
    case MarketStatus::closed:
      return "closed";
    case MarketStatus::determined:
      return "determined";
    case MarketStatus::settled:
      return "settled";
  }
  return "unknown";
}

ExchangeCore::ExchangeCore(std::uint64_t id_seed, kalshi::FeeRounding rounding)
    : ids_(id_seed), ledger_(rounding) {}

bool ExchangeCore::add_market(MarketSpec spec) {
  if (markets_.contains(spec.ticker)) return false;
  ledger_.add_market(spec.ticker, spec.exchange_index, spec.fees);
  Market market;
  market.engine = std::make_unique<MatchingEngine>(spec.ticker, spec.grid, ids_);
  market.spec = std::move(spec);
  const MarketTicker ticker = market.spec.ticker;
  markets_.emplace(ticker, std::move(market));
  return true;
}

std::optional<MarketView> ExchangeCore::market(const MarketTicker& ticker) const {
  auto it = markets_.find(ticker);
  if (it == markets_.end()) return std::nullopt;
  const Market& m = it->second;
  return MarketView{&m.spec, m.status, m.result, m.engine.get()};
}

std::vector<MarketTicker> ExchangeCore::tickers() const {
  std::vector<MarketTicker> out;
  out.reserve(markets_.size());
  for (const auto& [ticker, m] : markets_) out.push_back(ticker);
  return out;
}

ExchangeCore::Market* ExchangeCore::find_market(const MarketTicker& ticker) {
  auto it = markets_.find(ticker);
  return it == markets_.end() ? nullptr : &it->second;
}

std::optional<RejectReason> ExchangeCore::tradable(const Market& market) {
  switch (market.status) {
    case MarketStatus::open:
      return std::nullopt;
    case MarketStatus::paused:
      return RejectReason::market_paused;
    default:
      return RejectReason::market_inactive;
  }
}

std::optional<RejectReason> ExchangeCore::cancellable(const Market& market) {
  if (market.status == MarketStatus::open || market.status == MarketStatus::paused) {
    return std::nullopt;
  }
  return RejectReason::market_inactive;
}

std::string ExchangeCore::client_key(const AccountId& owner, const ClientOrderId& id) {
  return owner.str() + '\0' + id.str();
}

Expected<ExchangeCore::Market*, RejectReason> ExchangeCore::order_market(const AccountId& owner,
                                                                         const OrderId& id) {
  auto it = order_market_.find(id);
  if (it == order_market_.end()) return unexpected(RejectReason::order_not_found);
  Market* market = find_market(it->second);
  assert(market != nullptr);
  const Order* order = market->engine->find(id);
  if (order == nullptr || order->owner != owner) return unexpected(RejectReason::order_not_found);
  return market;
}

CoreResult ExchangeCore::apply(EngineResult result) {
  CoreResult out;
  out.accounting.reserve(result.fills.size());
  for (const Fill& fill : result.fills) {
    auto booked = ledger_.apply_fill(fill);
    assert(booked.has_value());
    out.accounting.push_back(std::move(*booked));
  }
  ledger_.track(result);
  for (const OrderUpdate& u : result.updates) {
    if (u.order.status == OrderStatus::resting) {
      order_market_.insert_or_assign(u.order.id, u.order.ticker);
    } else {
      order_market_.erase(u.order.id);
    }
  }
  out.engine = std::move(result);
  return out;
}

Expected<CoreResult, RejectReason> ExchangeCore::submit(const AccountId& owner,
                                                        const MarketTicker& ticker,
                                                        const OrderRequest& request,
                                                        Timestamp now) {
  Market* market = find_market(ticker);
  if (market == nullptr) return unexpected(RejectReason::market_not_found);
  if (auto why = tradable(*market)) return unexpected(*why);
  if (request.client_order_id &&
      client_ids_.contains(client_key(owner, *request.client_order_id))) {
    return unexpected(RejectReason::order_already_exists);
  }
  MatchingEngine& engine = *market->engine;
  const Count position = ledger_.position(owner, ticker).position;
  auto count = engine.check(owner, request, position, now);
  if (!count) return unexpected(count.error());

  const auto fills = engine.preview(owner, request, *count, now);
  Count taken;
  for (const PreviewFill& f : fills) taken += f.count;
  const Count resting =
      request.time_in_force == TimeInForce::good_till_canceled ? *count - taken : Count{};
  if (auto why = ledger_.check_order(owner, ticker, request.side, request.price, fills, resting)) {
    return unexpected(*why);
  }

  auto result = engine.submit(owner, request, position, now);
  assert(result.has_value());
  if (request.client_order_id) client_ids_.insert(client_key(owner, *request.client_order_id));
  return apply(std::move(*result));
}

Expected<CoreResult, RejectReason> ExchangeCore::cancel(const AccountId& owner, const OrderId& id,
                                                        Timestamp now) {
  auto market = order_market(owner, id);
  if (!market) return unexpected(market.error());
  if (auto why = cancellable(**market)) return unexpected(*why);
  auto result = (*market)->engine->cancel(id, now);
  if (!result) return unexpected(result.error());
  return apply(std::move(*result));
}

Expected<CoreResult, RejectReason> ExchangeCore::decrease(const AccountId& owner, const OrderId& id,
                                                          const DecreaseRequest& request,
                                                          Timestamp now) {
  auto market = order_market(owner, id);
  if (!market) return unexpected(market.error());
  if (auto why = cancellable(**market)) return unexpected(*why);
  auto result = (*market)->engine->decrease(id, request, now);
  if (!result) return unexpected(result.error());
  return apply(std::move(*result));
}

Expected<CoreResult, RejectReason> ExchangeCore::amend(const AccountId& owner, const OrderId& id,
                                                       const AmendRequest& request, Timestamp now) {
  auto market = order_market(owner, id);
  if (!market) return unexpected(market.error());
  Market& m = **market;
  if (auto why = tradable(m)) return unexpected(*why);
  if (request.new_client_order_id &&
      client_ids_.contains(client_key(owner, *request.new_client_order_id))) {
    const Order* current = m.engine->find(id);
    if (current->client_order_id != request.new_client_order_id) {
      return unexpected(RejectReason::order_already_exists);
    }
  }
  const Order order = *m.engine->find(id);
  if (request.price != order.price ||
      request.total_count - order.fill_count > order.remaining_count) {
    // The amended order may take and needs collateral for its new size: check it as a new
    // order that replaces this one. Invalid values are left for the engine to reject.
    if (m.spec.grid.tradable(request.price) && request.total_count > order.fill_count) {
      OrderRequest as_new;
      as_new.side = order.side;
      as_new.price = request.price;
      as_new.self_trade_prevention = order.self_trade_prevention;
      const Count size = request.total_count - order.fill_count;
      const auto fills = m.engine->preview(owner, as_new, size, now);
      Count taken;
      for (const PreviewFill& f : fills) taken += f.count;
      if (auto why = ledger_.check_order(owner, m.spec.ticker, order.side, request.price, fills,
                                         size - taken, &id)) {
        return unexpected(*why);
      }
    }
  }
  auto result = m.engine->amend(id, request, now);
  if (!result) return unexpected(result.error());
  if (request.new_client_order_id) {
    client_ids_.insert(client_key(owner, *request.new_client_order_id));
  }
  return apply(std::move(*result));
}

const Order* ExchangeCore::find_order(const OrderId& id) const {
  auto it = order_market_.find(id);
  if (it == order_market_.end()) return nullptr;
  return markets_.at(it->second).engine->find(id);
}

std::optional<Count> ExchangeCore::queue_position(const OrderId& id) const {
  auto it = order_market_.find(id);
  if (it == order_market_.end()) return std::nullopt;
  return markets_.at(it->second).engine->queue_position(id);
}

Expected<CoreResult, RejectReason> ExchangeCore::pause(const MarketTicker& ticker, Timestamp now) {
  Market* m = find_market(ticker);
  if (m == nullptr) return unexpected(RejectReason::market_not_found);
  if (m->status != MarketStatus::open) return unexpected(RejectReason::market_inactive);
  m->status = MarketStatus::paused;
  return apply(m->engine->cancel_on_pause(now));
}

std::optional<RejectReason> ExchangeCore::resume(const MarketTicker& ticker) {
  Market* m = find_market(ticker);
  if (m == nullptr) return RejectReason::market_not_found;
  if (m->status != MarketStatus::paused) return RejectReason::market_inactive;
  m->status = MarketStatus::open;
  return std::nullopt;
}

Expected<CoreResult, RejectReason> ExchangeCore::close_market(const MarketTicker& ticker,
                                                              Timestamp now) {
  Market* m = find_market(ticker);
  if (m == nullptr) return unexpected(RejectReason::market_not_found);
  if (m->status != MarketStatus::open && m->status != MarketStatus::paused) {
    return unexpected(RejectReason::market_inactive);
  }
  m->status = MarketStatus::closed;
  return apply(m->engine->cancel_all(UpdateReason::market_closed, now));
}

Expected<CoreResult, RejectReason> ExchangeCore::determine(const MarketTicker& ticker,
                                                           MarketResult result, Timestamp now) {
  Market* m = find_market(ticker);
  if (m == nullptr) return unexpected(RejectReason::market_not_found);
  if (m->status == MarketStatus::determined || m->status == MarketStatus::settled) {
    return unexpected(RejectReason::market_inactive);
  }
  if (result.kind == ResultKind::scalar && result.value > Price::one()) {
    return unexpected(RejectReason::invalid_price);
  }
  CoreResult out;
  if (m->status != MarketStatus::closed) {
    auto closed = close_market(ticker, now);
    assert(closed.has_value());
    out = std::move(*closed);
  }
  m->status = MarketStatus::determined;
  m->result = result;
  return out;
}

Expected<std::vector<SettlementEntry>, RejectReason> ExchangeCore::settle(
    const MarketTicker& ticker) {
  Market* m = find_market(ticker);
  if (m == nullptr) return unexpected(RejectReason::market_not_found);
  if (m->status != MarketStatus::determined || !m->result) {
    return unexpected(RejectReason::market_inactive);
  }
  auto entries = ledger_.settle(ticker, *m->result);
  if (!entries) return unexpected(entries.error());
  m->status = MarketStatus::settled;
  return entries;
}

std::vector<CoreResult> ExchangeCore::expire(Timestamp now) {
  std::vector<CoreResult> out;
  for (auto& [ticker, m] : markets_) {
    EngineResult r = m.engine->expire(now);
    if (!r.updates.empty()) out.push_back(apply(std::move(r)));
  }
  return out;
}

}  // namespace antevorta::sim
