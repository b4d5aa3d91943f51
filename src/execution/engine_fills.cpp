// Engine: fills into orders, ledger and store; markets and settlement.
#include "antevorta/execution/records.hpp"
#include "antevorta/kalshi/market_scanner.hpp"
#include "antevorta/store/store.hpp"

#include "engine_state.hpp"

namespace antevorta::execution {

namespace {

// The trade's leg price and direction for the ledger: a tracked order's own leg and action,
// otherwise (an order we do not track) the leg the fill bought.
struct FillDirection {
  kalshi::OutcomeSide side = kalshi::OutcomeSide::yes;
  strategy::Action action = strategy::Action::buy;
  strategy::StrategyId strategy;
};

}  // namespace

void Engine::State::on_fill(const ExchangeFill& in, Timestamp received_at) {
  const kalshi::Fill& f = in.fill;
  const Timestamp at = f.created_time.value_or(received_at);
  if (f.trade_id.empty()) {
    log->warn("fill_ignored reason=no_trade_id order_id={}", f.order_id);
    return;
  }
  bool seen = tracker.trade_seen(f.trade_id) || ledger.knows_trade(f.trade_id);
  if (!seen) {
    try {
      seen = store.has_fill(f.trade_id.str());  // booked before a restart
    } catch (const std::exception& e) {
      log->error("fill_lookup_failed trade_id={} error={}", f.trade_id, log_value(e.what()));
    }
  }
  if (seen) {
    ++stats.duplicate_fills;
    return;
  }

  const TrackedOrder* order = f.order_id.empty() ? nullptr : tracker.find(f.order_id);
  if (order == nullptr && in.client_order_id) order = tracker.find(*in.client_order_id);
  FillDirection dir;
  if (order != nullptr) {
    dir = {order->side, order->action, order->strategy};
  } else {
    dir = {f.outcome_side, strategy::Action::buy, kExternalStrategy};
  }

  // The market's shard: the fill's, else the followed market's, else the default shard.
  ExchangeIndex shard = 0;
  const kalshi::Market* market = markets ? markets(f.ticker) : nullptr;
  if (f.exchange_index) {
    shard = *f.exchange_index;
  } else if (market != nullptr && market->exchange_index) {
    shard = *market->exchange_index;
  }
  if (!ledger.has_market(f.ticker)) add_market(f.ticker, shard);

  Filled filled = fill_event(f, dir.side, at);
  if (!in.fee_known) {
    std::optional<Money> fee;
    if (market != nullptr) {
      if (auto schedule = directory.fees(market->event_ticker)) {
        fee = kalshi::trading_fee(*schedule,
                                  f.is_taker ? kalshi::Liquidity::taker : kalshi::Liquidity::maker,
                                  filled.price, f.count, kalshi::FeeRounding::fill_centicent);
      }
    }
    if (fee) {
      filled.fee = *fee;
    } else {
      log->warn("fill_fee_unknown trade_id={} ticker={}: booked without a fee until corrected",
                f.trade_id, f.ticker);
    }
  }

  // The order first (it may refuse an overfill; the fill is still a fact for the ledger).
  std::optional<store::OrderRow> order_after;
  std::optional<store::TransitionRow> transition;
  std::optional<OrderState> from;
  if (order != nullptr) {
    const ClientOrderId id = order->client_order_id;
    from = order->state;
    const TrackerResult r = tracker.apply(id, filled);
    if (r.transition.kind == TransitionKind::illegal) {
      ++stats.illegal_events;
      log->warn("order_event_illegal client_order_id={} event=fill note={}", id,
                to_string(r.transition.note));
    }
    if (r.found && r.transition.changed()) {
      order_after = order_row(*r.order);
      if (r.order->state != *from) {
        transition = transition_row(*r.order, from, "fill", r.order->updated_at);
      }
    }
    order = tracker.find(id);
  } else {
    ++stats.external_fills;
    log->warn("fill_external trade_id={} order_id={} ticker={} count={}", f.trade_id, f.order_id,
              f.ticker, f.count);
  }

  LedgerFill lf;
  lf.trade_id = f.trade_id;
  lf.ticker = f.ticker;
  lf.strategy = dir.strategy;
  lf.side = dir.side;
  lf.action = dir.action;
  lf.price = filled.price;
  lf.count = f.count;
  lf.fee = filled.fee;
  lf.liquidity = f.is_taker ? kalshi::Liquidity::taker : kalshi::Liquidity::maker;
  lf.time = at;
  auto effect = ledger.apply(lf);
  if (!effect) {
    log->error("ledger_fill_rejected trade_id={} ticker={} error={}", f.trade_id, f.ticker,
               to_string(effect.error()));
    return;
  }
  if (effect->status == FillStatus::duplicate) {
    ++stats.duplicate_fills;
    return;
  }
  ++stats.fills;
  last_fill[f.ticker] = std::max(last_fill[f.ticker], at);

  store::FillWithLedger rows;
  rows.fill.trade_id = f.trade_id.str();
  if (order != nullptr) rows.fill.client_order_id = order->client_order_id.str();
  if (!f.order_id.empty()) rows.fill.exchange_order_id = f.order_id.str();
  rows.fill.ticker = f.ticker.str();
  rows.fill.strategy = dir.strategy.str();
  rows.fill.side = std::string(kalshi::to_string(dir.side));
  rows.fill.action = std::string(strategy::to_string(dir.action));
  rows.fill.price = filled.price.centicents();
  rows.fill.count = f.count.centi();
  rows.fill.fee = filled.fee.centicents();
  rows.fill.is_taker = f.is_taker;
  rows.fill.at_ns = to_unix_ns(at);
  rows.position = position_row(f.ticker, ledger.position(f.ticker), at);
  rows.daily_delta = daily_fill_delta(lf, *effect);
  rows.order = order_after;
  rows.transition = transition;
  store.record_fill(rows);

  log->info(
      "fill trade_id={} ticker={} strategy={} side={} action={} price={} count={} fee={} "
      "position={}",
      f.trade_id, f.ticker, dir.strategy, kalshi::to_string(dir.side),
      strategy::to_string(dir.action), filled.price, f.count, filled.fee, effect->position_after);

  if (order != nullptr) {
    bus.publish(strategy::StrategyFill{order->strategy, order->intent_id, order->client_order_id,
                                       f.trade_id, f.ticker, order->side, order->action,
                                       filled.price, f.count, filled.fee, lf.liquidity, at});
    if (transition) {
      if (order->state == OrderState::filled) {
        log->info("order_filled client_order_id={} ticker={} filled={}", order->client_order_id,
                  order->ticker, order->filled_count());
      }
      publish_update(*order, "fill");
    }
  }
  observe_equity(true);
}

void Engine::State::on_market_changed(const kalshi::MarketChanged& change) {
  if (change.market) {
    const auto& m = *change.market;
    if (!ledger.has_market(change.ticker)) {
      add_market(change.ticker, static_cast<ExchangeIndex>(m.exchange_index.value_or(0)));
    }
  }
  if (change.change != kalshi::MarketChange::settled) return;
  // The market is done: forget what was kept per market for it.
  last_fill.erase(change.ticker);
  positions_compared.erase(change.ticker);
  std::erase_if(fair_values, [&](const auto& e) { return e.first.second == change.ticker; });
  if (!ledger.has_market(change.ticker) || ledger.position(change.ticker).position.is_zero()) {
    return;
  }
  if (!change.market || !change.market->result) {
    log->error("settlement_unknown_result ticker={}: position left open", change.ticker);
    return;
  }
  settle(change.ticker, *change.market->result, change.market->settlement_value, change.at);
}

bool Engine::State::settle(const MarketTicker& ticker, kalshi::MarketResult result,
                           std::optional<Price> yes_value, Timestamp at) {
  if (!ledger.has_market(ticker)) return false;
  Settlement settlement{ticker, result, yes_value, at};
  const auto holders = ledger.holdings(ticker);
  std::vector<std::pair<strategy::StrategyId, StrategyTotals>> before;
  for (const auto& [id, holding] : holders) before.emplace_back(id, ledger.strategy(id));
  const Count position = ledger.position(ticker).position;
  auto effect = ledger.apply(settlement);
  if (!effect) {
    log->error("settlement_rejected ticker={} error={}", ticker, to_string(effect.error()));
    return false;
  }
  if (!effect->settled) return false;
  ++stats.settlements;
  store::SettlementRow row;
  row.ticker = ticker.str();
  row.result = std::string(kalshi::to_string(result));
  row.position = position.centi();
  row.payout = effect->payout.centicents();
  row.realized = effect->realized_before_fees.centicents();
  row.at_ns = to_unix_ns(at);
  std::vector<store::DailyPnlRow> deltas;
  for (const auto& [id, totals] : before) {
    const StrategyTotals after = ledger.strategy(id);
    store::DailyPnlRow d;
    d.utc_date = store::utc_date(row.at_ns);
    d.strategy = id.str();
    d.realized = (after.realized_before_fees - totals.realized_before_fees).centicents();
    d.payouts = (after.settlement_payouts - totals.settlement_payouts).centicents();
    deltas.push_back(std::move(d));
  }
  store.record_settlement(row, position_row(ticker, ledger.position(ticker), at), deltas);
  log->info("market_settled ticker={} result={} position={} payout={} realized={}", ticker,
            kalshi::to_string(result), position, effect->payout, effect->realized_before_fees);
  observe_equity(true);
  return true;
}

}  // namespace antevorta::execution
