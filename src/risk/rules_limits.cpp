// Rules that limit size and money at risk: order size and cost, position per market, open
// orders, concurrent positions, event / series / category / portfolio exposure.
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>

#include "risk/rules.hpp"

namespace antevorta::risk::detail {

namespace {

RiskDecision missing_fee(Context& ctx, std::string_view rule) {
  return unknown(rule, ctx.market() == nullptr ? "market" : "fee_schedule",
                 ctx.intent.ticker.str());
}

template <class T>
RiskDecision over(DenyReason reason, std::string_view rule, const T& limit, const T& actual,
                  std::string detail) {
  return RiskDecision::deny(reason, std::string(rule), fmt::format("{}", limit),
                            fmt::format("{}", actual), std::move(detail));
}

// Every market with money at risk: its exposure including the intent.
struct Exposures {
  std::map<MarketTicker, Money> by_market;
  Money total;
};

Exposures collect(Context& ctx, const std::vector<MarketPosition>& positions,
                  const OpenOrders& orders, Money added) {
  Exposures out;
  for (const auto& p : positions) out.by_market[p.ticker] = p.info.exposure;
  for (const auto& [ticker, resting] : orders.by_market) {
    PositionInfo held;
    if (auto it = out.by_market.find(ticker); it != out.by_market.end()) held.exposure = it->second;
    out.by_market[ticker] = market_exposure(held, resting);
  }
  // The intent's market as the view reports it through position() (authoritative for it).
  const auto resting = orders.by_market.find(ctx.intent.ticker);
  out.by_market[ctx.intent.ticker] =
      market_exposure(ctx.position,
                      resting == orders.by_market.end() ? RestingOrders{} : resting->second) +
      added;
  for (const auto& [ticker, money] : out.by_market) out.total += money;
  return out;
}

// Sum over the markets that `same` accepts; nullopt (with `missing` set) when a market's
// info is unknown.
template <class Same>
std::optional<Money> group_sum(Context& ctx, const Exposures& exposures, Same same,
                               std::string& missing) {
  Money sum;
  for (const auto& [ticker, money] : exposures.by_market) {
    if (ticker == ctx.intent.ticker) {
      sum += money;
      continue;
    }
    const auto info = ctx.view.market(ticker);
    if (!info) {
      missing = ticker.str();
      return std::nullopt;
    }
    if (same(*info)) sum += money;
  }
  return sum;
}

Verdict check_groups(Context& ctx, const Exposures& exposures) {
  const auto& c = ctx.config;
  if (!c.max_event_exposure && !c.max_series_exposure && !c.max_category_exposure) {
    return std::nullopt;
  }
  const MarketInfo* own = ctx.market();
  struct Group {
    const std::optional<Money>& limit;
    std::string_view rule;
    DenyReason reason;
    std::string_view noun;
    std::string name;
    std::function<bool(const MarketInfo&)> same;
  };
  if (own == nullptr) {
    const std::string_view rule = c.max_event_exposure    ? "max_event_exposure"
                                  : c.max_series_exposure ? "max_series_exposure"
                                                          : "max_category_exposure";
    return unknown(rule, "market", ctx.intent.ticker.str());
  }
  const Group groups[] = {
      {c.max_event_exposure, "max_event_exposure", DenyReason::max_event_exposure, "event",
       own->event_ticker.str(),
       [&](const MarketInfo& m) { return m.event_ticker == own->event_ticker; }},
      {c.max_series_exposure, "max_series_exposure", DenyReason::max_series_exposure, "series",
       own->series_ticker.str(),
       [&](const MarketInfo& m) { return m.series_ticker == own->series_ticker; }},
      {c.max_category_exposure, "max_category_exposure", DenyReason::max_category_exposure,
       "category", own->category, [&](const MarketInfo& m) { return m.category == own->category; }},
  };
  for (const auto& g : groups) {
    if (!g.limit) continue;
    if (g.name.empty()) return unknown(g.rule, g.noun, ctx.intent.ticker.str());
    std::string missing;
    const auto sum = group_sum(ctx, exposures, g.same, missing);
    if (!sum) return unknown(g.rule, "market", missing);
    if (*sum > *g.limit) {
      return over(g.reason, g.rule, *g.limit, *sum,
                  fmt::format("{} {} would have {} at risk, over the limit of {}", g.noun, g.name,
                              *sum, *g.limit));
    }
  }
  return std::nullopt;
}

Verdict check_portfolio(Context& ctx, const Exposures& exposures) {
  const auto& c = ctx.config;
  if (c.max_portfolio_exposure && exposures.total > *c.max_portfolio_exposure) {
    return over(DenyReason::max_portfolio_exposure, "max_portfolio_exposure",
                *c.max_portfolio_exposure, exposures.total,
                fmt::format("the portfolio would have {} at risk, over the limit of {}",
                            exposures.total, *c.max_portfolio_exposure));
  }
  if (c.max_portfolio_exposure_share) {
    constexpr std::string_view rule = "max_portfolio_exposure_share";
    const Money* equity = ctx.equity();
    if (equity == nullptr) return unknown(rule, "equity", "account");
    const auto share = *c.max_portfolio_exposure_share;
    const Money limit = Money::from_centicents(antevorta::detail::divide(
        static_cast<antevorta::detail::int128>(equity->centicents()) * share.scaled(),
        Decimal::kOne, Rounding::down));
    if (exposures.total > limit) {
      return over(DenyReason::max_portfolio_exposure_share, rule, limit, exposures.total,
                  fmt::format("the portfolio would have {} at risk, over {} of equity {} = {}",
                              exposures.total, share, *equity, limit));
    }
  }
  return std::nullopt;
}

}  // namespace

Verdict check_order_size(Context& ctx) {
  const auto& c = ctx.config;
  if (c.max_order_count && ctx.intent.count > *c.max_order_count) {
    return over(DenyReason::max_order_count, "max_order_count", *c.max_order_count,
                ctx.intent.count,
                fmt::format("{} contracts in one order, over the limit of {}", ctx.intent.count,
                            *c.max_order_count));
  }
  if (c.max_order_cost) {
    const IntentCost* cost = ctx.cost();
    if (cost == nullptr) return missing_fee(ctx, "max_order_cost");
    if (cost->order_cost() > *c.max_order_cost) {
      return over(
          DenyReason::max_order_cost, "max_order_cost", *c.max_order_cost, cost->order_cost(),
          fmt::format("the order may spend {} ({} + fee {}), over the limit of {}",
                      cost->order_cost(), cost->opening_cost, cost->fee, *c.max_order_cost));
    }
  }
  return std::nullopt;
}

Verdict check_position_limit(Context& ctx) {
  const auto& limit = ctx.config.max_position_per_market;
  if (!limit || !ctx.entry()) return std::nullopt;
  const OpenOrders* orders = ctx.open_orders();
  if (orders == nullptr) return unknown("max_position_per_market", "open_orders", "account");
  const auto it = orders->by_market.find(ctx.intent.ticker);
  const RestingOrders resting = it == orders->by_market.end() ? RestingOrders{} : it->second;
  // The worst case on the intent's side: every resting order that way fills, then the intent.
  const bool towards_yes = strategy::position_direction(ctx.intent.side, ctx.intent.action) > 0;
  const Count projected = towards_yes
                              ? ctx.position.position + resting.towards_yes + ctx.intent.count
                              : ctx.position.position - resting.towards_no - ctx.intent.count;
  if (projected.abs() <= *limit) return std::nullopt;
  return over(DenyReason::max_position_per_market, "max_position_per_market", *limit,
              projected.abs(),
              fmt::format("the position in {} could reach {} ({} held, {} resting that way, {} "
                          "in this order), over the limit of {}",
                          ctx.intent.ticker, projected, ctx.position.position,
                          towards_yes ? resting.towards_yes : resting.towards_no, ctx.intent.count,
                          *limit));
}

Verdict check_exposure(Context& ctx) {
  const auto& c = ctx.config;
  const bool any_money = c.max_event_exposure || c.max_series_exposure || c.max_category_exposure ||
                         c.max_portfolio_exposure || c.max_portfolio_exposure_share;
  const bool entry_rules = ctx.entry() && (any_money || c.max_concurrent_positions);
  if (!c.max_open_orders && !entry_rules) return std::nullopt;

  const std::string_view first_rule = c.max_open_orders            ? "max_open_orders"
                                      : c.max_concurrent_positions ? "max_concurrent_positions"
                                                                   : "exposure";
  const OpenOrders* orders = ctx.open_orders();
  if (orders == nullptr) return unknown(first_rule, "open_orders", "account");
  if (c.max_open_orders && orders->total + 1 > *c.max_open_orders) {
    return over(DenyReason::max_open_orders, "max_open_orders", *c.max_open_orders,
                orders->total + 1,
                fmt::format("{} orders are open; one more is over the limit of {}", orders->total,
                            *c.max_open_orders));
  }
  if (!entry_rules) return std::nullopt;

  const auto positions = ctx.view.positions();
  if (!positions) {
    return unknown(c.max_concurrent_positions ? "max_concurrent_positions" : "exposure",
                   "positions", "account");
  }
  if (c.max_concurrent_positions) {
    std::set<MarketTicker> markets;
    for (const auto& p : *positions) {
      if (!p.info.position.is_zero()) markets.insert(p.ticker);
    }
    for (const auto& [ticker, resting] : orders->by_market) {
      if (resting.orders > 0) markets.insert(ticker);
    }
    markets.insert(ctx.intent.ticker);
    const auto count = static_cast<std::int64_t>(markets.size());
    if (count > *c.max_concurrent_positions) {
      return over(DenyReason::max_concurrent_positions, "max_concurrent_positions",
                  *c.max_concurrent_positions, count,
                  fmt::format("an order in {} would make {} markets with a position or an order, "
                              "over the limit of {}",
                              ctx.intent.ticker, count, *c.max_concurrent_positions));
    }
  }
  if (!any_money) return std::nullopt;
  const IntentCost* cost = ctx.cost();
  if (cost == nullptr) {
    const std::string_view rule = c.max_event_exposure       ? "max_event_exposure"
                                  : c.max_series_exposure    ? "max_series_exposure"
                                  : c.max_category_exposure  ? "max_category_exposure"
                                  : c.max_portfolio_exposure ? "max_portfolio_exposure"
                                                             : "max_portfolio_exposure_share";
    return missing_fee(ctx, rule);
  }
  const Exposures exposures = collect(ctx, *positions, *orders, cost->added_exposure());
  if (auto verdict = check_groups(ctx, exposures)) return verdict;
  return check_portfolio(ctx, exposures);
}

}  // namespace antevorta::risk::detail
