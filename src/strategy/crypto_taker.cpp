#include "antevorta/strategy/crypto_taker.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "antevorta/strategy/sizing.hpp"

#include "params.hpp"

namespace antevorta::strategy {

std::optional<CryptoTakerParams> read_crypto_taker_params(config::Reader& r) {
  CryptoTakerParams p;
  bool ok = detail::read_number(r, "min_edge", p.min_edge, 0, 1);
  ok = detail::read_number(r, "kelly_fraction", p.kelly_fraction, 0, 1, true) && ok;
  if (r.has("max_count")) {
    ok = r.read("max_count", p.max_count) && r.check_positive("max_count", p.max_count) && ok;
  }
  if (r.has("max_position")) {
    ok = r.read("max_position", p.max_position) &&
         r.check_positive("max_position", p.max_position) && ok;
  }
  if (r.has("max_cost")) {
    Money cost;
    if (r.read("max_cost", cost) && r.check_positive("max_cost", cost)) {
      p.max_cost = cost;
    } else {
      ok = false;
    }
  }
  ok = detail::read_entry_window(r, p.min_to_close, p.max_to_close, 86'400) && ok;
  ok = detail::read_seconds(r, "cooldown_seconds", p.cooldown, 0, 86'400) && ok;
  ok = detail::read_seconds(r, "forecast_interval_seconds", p.forecast_interval, 1, 3600) && ok;
  if (!ok) return std::nullopt;
  return p;
}

CryptoTaker::CryptoTaker(StrategyId name, CryptoTakerParams params,
                         std::unique_ptr<ProbabilityModel> model)
    : Strategy(std::move(name)), params_(params), model_(std::move(model)) {
  forecast_model_ = fmt::format("{}/{}", this->name(), model_->name());
}

void CryptoTaker::on_start(StrategyContext& context) { context_ = &context; }

void CryptoTaker::on_market(const kalshi::MarketChanged& change) {
  if (change.change == kalshi::MarketChange::settled) markets_.erase(change.ticker);
}

void CryptoTaker::on_index(const feeds::IndexUpdated& update) {
  model_->observe(update);
  const bool ok = update.status == feeds::IndexStatus::ok;
  auto [it, inserted] = index_ok_.try_emplace(update.asset, ok);
  if (!inserted && it->second != ok && context_ != nullptr) {
    context_->logger()->info("index_status asset={} status={} reason={}", update.asset,
                             feeds::to_string(update.status), feeds::to_string(update.reason));
  }
  it->second = ok;
}

void CryptoTaker::on_settlement(const feeds::SettlementProgress& progress) {
  if (context_ == nullptr) return;
  DigitalQuestion q;
  q.ticker = progress.ticker;
  q.asset = progress.asset;
  q.target = progress.target;
  q.close_time = progress.close_time;
  q.now = context_->now();
  q.index = progress.index;
  q.running_average = progress.running_average;
  q.samples = progress.samples;
  if (q.now >= q.close_time) return;
  // No index, no opinion: nothing is published or traded on an unavailable index.
  const auto index = index_ok_.find(progress.asset);
  if (index == index_ok_.end() || !index->second) return;
  const auto p = model_->probability(q);
  if (!p) return;

  MarketState& state = markets_[progress.ticker];
  const kalshi::OrderBook* book = context_->book(progress.ticker);
  if (!state.last_forecast || q.now - *state.last_forecast >= params_.forecast_interval) {
    ForecastPublished f;
    f.model = forecast_model_;
    f.ticker = progress.ticker;
    f.probability = *p;
    if (book != nullptr && !book->stale()) {
      if (const auto bid = book->best_yes_bid()) f.yes_bid = bid->price;
      if (const auto ask = book->best_yes_ask()) f.yes_ask = ask->price;
    }
    f.close_time = q.close_time;
    f.at = q.now;
    context_->publish(f);
    state.last_forecast = q.now;
  }
  maybe_trade(progress, *p, q, state);
}

void CryptoTaker::maybe_trade(const feeds::SettlementProgress& progress, double p,
                              const DigitalQuestion& q, MarketState& state) {
  const Duration left = q.close_time - q.now;
  if (left < params_.min_to_close || left > params_.max_to_close) return;
  if (state.last_submit && q.now - *state.last_submit < params_.cooldown) return;
  const kalshi::Market* market = context_->market(progress.ticker);
  if (market != nullptr && market->status != kalshi::MarketStatus::active) return;
  const kalshi::OrderBook* book = context_->book(progress.ticker);
  if (book == nullptr || book->stale()) return;
  const auto fees = context_->fees(progress.ticker);
  if (!fees) return;

  const Count position = context_->position(progress.ticker);
  const Money bankroll = context_->bankroll();
  struct Choice {
    kalshi::OutcomeSide side;
    Price price;
    KellySize size;
  };
  std::optional<Choice> best;
  for (const auto side : {kalshi::OutcomeSide::yes, kalshi::OutcomeSide::no}) {
    const bool yes = side == kalshi::OutcomeSide::yes;
    if (yes ? position < Count{} : position > Count{}) continue;  // holding the other leg
    const auto ask = book->best_ask(side);
    if (!ask) continue;
    const Count held = yes ? position : -position;
    const Count room = params_.max_position - held;
    if (room <= Count{}) continue;
    KellyInput in;
    in.probability = yes ? p : 1.0 - p;
    in.price = ask->price;
    in.fees = *fees;
    in.fraction = params_.kelly_fraction;
    in.bankroll = bankroll;
    in.max_count = std::min(params_.max_count, room);
    in.max_cost = params_.max_cost;
    const KellySize size = kelly_size(in);
    if (size.count <= Count{} || size.edge_per_contract < params_.min_edge) continue;
    if (!best || size.edge_per_contract > best->size.edge_per_contract) {
      best = Choice{side, ask->price, size};
    }
  }
  if (!best) return;

  OrderIntent intent;
  intent.ticker = progress.ticker;
  intent.side = best->side;
  intent.action = Action::buy;
  intent.count = best->size.count;
  intent.limit_price = best->price;
  intent.time_in_force = kalshi::TimeInForce::immediate_or_cancel;
  intent.evidence.probability = p;
  intent.evidence.edge_after_fees = best->size.edge_per_contract;
  intent.evidence.reason = fmt::format(
      "{} p_yes={:.4f} index={} target={} to_close={}s {}", model_->name(), p, q.index, q.target,
      std::chrono::duration_cast<std::chrono::seconds>(q.close_time - q.now).count(),
      model_->describe(q));
  const IntentId id = context_->submit(std::move(intent));
  if (id.empty()) return;
  state.last_submit = q.now;
  context_->logger()->info(
      "crypto_entry ticker={} side={} price={} count={} p_yes={:.4f} edge={:.4f} intent={}",
      progress.ticker, kalshi::to_string(best->side), best->price, best->size.count, p,
      best->size.edge_per_contract, id);
}

StrategyFactory crypto_taker_factory(std::shared_ptr<const ModelRegistry> models,
                                     std::string default_model) {
  return [models = std::move(models), default_model = std::move(default_model)](
             const config::StrategyConfig& c, config::Reader& params) -> std::unique_ptr<Strategy> {
    std::string model_name = default_model;
    bool ok = true;
    if (params.has("model")) {
      ok = params.read("model", model_name);
      if (ok && !models->contains(model_name)) {
        std::string known;
        for (const auto& n : models->names()) known += (known.empty() ? "" : ", ") + n;
        params.error("model",
                     fmt::format("unknown model \"{}\"; known models: {}", model_name, known));
        ok = false;
      }
    }
    std::unique_ptr<ProbabilityModel> model;
    if (ok) {
      config::Reader model_params = params.child("model_params");
      model = models->create(model_name, model_params);
      model_params.finish();
    }
    auto p = read_crypto_taker_params(params);
    if (!p || !model) return nullptr;
    return std::make_unique<CryptoTaker>(StrategyId(c.name), *p, std::move(model));
  };
}

}  // namespace antevorta::strategy
