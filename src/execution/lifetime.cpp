// Order lifetime duties: expiry sequence, timeouts, exits (lifetime.hpp).
#include "antevorta/execution/lifetime.hpp"

#include <vector>

#include <fmt/format.h>

#include "antevorta/execution/exits.hpp"

namespace antevorta::execution {

OrderLifetime::OrderLifetime(Engine& engine, Logger logger, Markets markets,
                             config::ExecutionConfig config,
                             std::map<std::string, config::ExitConfig> exits, Duration exit_retry)
    : engine_(engine),
      log_(std::move(logger)),
      markets_(std::move(markets)),
      config_(std::move(config)),
      exits_(std::move(exits)),
      exit_retry_(exit_retry),
      expiry_(expiry_options(config_)) {}

void OrderLifetime::run(Timestamp now) {
  run_expiry(now);
  run_timeouts(now);
  run_exits(now);
}

void OrderLifetime::run_expiry(Timestamp now) {
  for (const auto& [ticker, m] : markets_()) {
    const auto change = expiry_.update(m, now);
    if (!change) continue;
    if (change->from) {
      log_->info("market_phase ticker={} from={} to={}", ticker, to_string(*change->from),
                 to_string(change->to));
    }
    if (change->to != MarketPhase::cancel_all && change->to != MarketPhase::closed) continue;
    std::vector<ClientOrderId> ids;
    for (const auto* o : engine_.orders().open()) {
      if (o->ticker == ticker) ids.push_back(o->client_order_id);
    }
    std::size_t n = 0;
    for (const auto& id : ids) n += engine_.cancel_order(id, "expiry") ? 1 : 0;
    if (n > 0)
      log_->info("expiry_cancel ticker={} phase={} orders={}", ticker, to_string(change->to), n);
  }
}

void OrderLifetime::run_timeouts(Timestamp now) {
  if (!config_.order_timeout) return;
  const Duration timeout = *config_.order_timeout;
  std::vector<ClientOrderId> due;
  for (auto state : {OrderState::resting, OrderState::partially_filled}) {
    for (const auto* o : engine_.orders().in_state(state)) {
      if (!o->cancel_requested && now - o->created_at >= timeout) due.push_back(o->client_order_id);
    }
  }
  for (const auto& id : due) {
    if (engine_.cancel_order(id, "timeout")) {
      log_->info("order_timeout client_order_id={} timeout_s={}", id,
                 std::chrono::duration_cast<std::chrono::seconds>(timeout).count());
    }
  }
}

void OrderLifetime::run_exits(Timestamp now) {
  const Ledger& ledger = engine_.ledger();
  const auto& markets = markets_();
  for (const auto& [name, rules] : exits_) {
    if (!rules.any()) continue;
    const strategy::StrategyId id(name);
    for (const auto& [ticker, position] : ledger.positions()) {
      const Key key{id, ticker};
      std::optional<Holding> holding;
      if (!position.position.is_zero()) {
        for (const auto& [sid, h] : ledger.holdings(ticker)) {
          if (sid == id) holding = h;
        }
      }
      if (!holding) {
        opened_at_.erase(key);
        continue;
      }
      const Timestamp opened = opened_at_.try_emplace(key, now).first->second;
      if (auto it = last_exit_.find(key);
          it != last_exit_.end() && now - it->second < exit_retry_) {
        continue;
      }
      ExitInput in;
      in.ticker = ticker;
      in.held_leg =
          position.position > Count{} ? kalshi::OutcomeSide::yes : kalshi::OutcomeSide::no;
      in.contracts = holding->contracts;
      in.cost_basis = holding->cost_basis;
      in.opened_at = opened;
      in.mark = engine_.view().mark(ticker);
      in.fair_yes = engine_.fair_value(id, ticker);
      if (auto it = markets.find(ticker); it != markets.end())
        in.close_time = it->second.close_time;
      in.now = now;
      const ExitEvaluation eval = evaluate_exit(rules, in);
      if (eval.blocked) {
        log_->warn("exit_blocked strategy={} ticker={} rule={}: no bid for the held leg", name,
                   ticker, to_string(*eval.blocked));
        last_exit_[key] = now;
        continue;
      }
      if (!eval.decision) continue;
      strategy::OrderIntent intent;
      intent.id =
          strategy::IntentId(fmt::format("{}-exit-{}-{}", name, to_unix_ms(now), ++exit_seq_));
      intent.strategy = id;
      intent.ticker = ticker;
      intent.side = eval.decision->leg;
      intent.action = strategy::Action::sell;
      intent.count = eval.decision->count;
      intent.limit_price = eval.decision->limit_price;
      intent.time_in_force = kalshi::TimeInForce::immediate_or_cancel;
      intent.reduce_only = true;
      intent.evidence.reason = fmt::format("exit: {}", to_string(eval.decision->reason));
      intent.created_at = now;
      last_exit_[key] = now;
      log_->info("exit strategy={} ticker={} reason={} count={} price={}", name, ticker,
                 to_string(eval.decision->reason), intent.count, intent.limit_price);
      engine_.submit(intent, risk::IntentPurpose::reduce);
    }
  }
}

}  // namespace antevorta::execution
