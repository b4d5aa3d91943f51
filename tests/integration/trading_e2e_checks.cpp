#include "trading_e2e_checks.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>

#include <gtest/gtest.h>

namespace antevorta::test {

namespace {

std::int64_t signed_count(const store::FillRow& f) {
  const bool adds_yes = (f.side == "yes") == (f.action == "buy");
  return adds_yes ? f.count : -f.count;
}

}  // namespace

void expect_db_matches_exchange(const DbState& db, const ExchangeState& ex,
                                const MatchOptions& options) {
  // Fills: the same trades, one for one, with count, leg price and fee.
  std::map<std::string, const store::FillRow*> fills;
  for (const auto& f : db.fills) fills[f.trade_id] = &f;
  EXPECT_EQ(db.fills.size(), ex.fills.size()) << "fills in the database vs at the exchange";
  std::int64_t exchange_fees = 0;
  std::map<std::string, std::int64_t> exchange_volume;  // centi-contracts per market
  for (const kalshi::Fill& f : ex.fills) {
    exchange_fees += f.fee_cost.centicents();
    exchange_volume[f.ticker.str()] += f.count.centi();
    const auto it = fills.find(f.trade_id.str());
    if (it == fills.end()) {
      ADD_FAILURE() << "exchange fill " << f.trade_id.str() << " (" << f.ticker.str()
                    << ") is not in fills";
      continue;
    }
    const store::FillRow& r = *it->second;
    SCOPED_TRACE("trade " + r.trade_id);
    EXPECT_EQ(r.ticker, f.ticker.str());
    EXPECT_EQ(r.count, f.count.centi());
    // Stored in the leg's own terms: a NO leg at 1 − the YES price.
    EXPECT_EQ(r.price, (r.side == "yes" ? f.yes_price : f.no_price).centicents()) << r.side;
    if (r.action == "buy") {
      EXPECT_EQ(r.side, kalshi::to_string(f.outcome_side));
    }
    EXPECT_EQ(r.fee, f.fee_cost.centicents());
    EXPECT_EQ(r.is_taker, f.is_taker);
    EXPECT_EQ(r.exchange_order_id, std::optional<std::string>(f.order_id.str()));
  }

  // Positions: the open ones agree in both directions (a settled market leaves the
  // exchange's list and is flat in ours).
  std::map<std::string, const store::PositionRow*> positions;
  for (const auto& p : db.positions) positions[p.ticker] = &p;
  for (const kalshi::MarketPosition& p : ex.positions) {
    SCOPED_TRACE("exchange position " + p.ticker.str());
    const auto it = positions.find(p.ticker.str());
    if (it == positions.end()) {
      EXPECT_TRUE(p.position.is_zero()) << "an exchange position missing from positions";
      continue;
    }
    EXPECT_EQ(it->second->position, p.position.centi());
    EXPECT_EQ(it->second->cost_basis, p.market_exposure.centicents());
    if (options.market_totals) {
      EXPECT_EQ(it->second->fees, p.fees_paid.centicents()) << "fees of the market";
      EXPECT_EQ(it->second->volume, exchange_volume[p.ticker.str()]) << "volume of the market";
    }
  }
  for (const auto& p : db.positions) {
    if (p.position == 0) continue;
    const bool listed = std::any_of(ex.positions.begin(), ex.positions.end(), [&](const auto& e) {
      return e.ticker.str() == p.ticker && !e.position.is_zero();
    });
    EXPECT_TRUE(listed) << "position " << p.ticker << " = " << p.position
                        << " centi-contracts is not open at the exchange";
  }

  // Orders: every order of ours at the exchange is in orders, with its fill count.
  std::map<std::string, const store::OrderRow*> orders;
  for (const auto& o : db.orders) orders[o.client_order_id] = &o;
  for (const kalshi::Order& o : ex.orders) {
    const std::string id = o.client_order_id.str();
    if (!id.starts_with(options.prefix)) continue;
    SCOPED_TRACE("order " + id);
    const auto it = orders.find(id);
    if (it == orders.end()) {
      ADD_FAILURE() << "exchange order " << o.order_id.str() << " is not in orders";
      continue;
    }
    EXPECT_EQ(it->second->filled, o.fill_count.centi());
    EXPECT_EQ(it->second->exchange_order_id, std::optional<std::string>(o.order_id.str()));
    if (o.status == kalshi::OrderStatus::executed) {
      EXPECT_EQ(it->second->state, "filled");
    } else if (o.status == kalshi::OrderStatus::canceled) {
      EXPECT_EQ(it->second->state, "canceled");
    }
  }

  // The day's fees (all days, all strategies) are the exchange's fees.
  std::int64_t db_fees = 0;
  for (const auto& d : db.daily_pnl) db_fees += d.fees;
  EXPECT_EQ(db_fees, exchange_fees) << "daily_pnl fees vs Σ exchange fee_cost";

  // Cash: funding + realized − the open contracts' cost − fees, over every market, is the
  // exchange's balance (all shards; IOC orders leave nothing reserved).
  if (options.market_totals) {
    std::int64_t implied = options.starting_cash;
    for (const auto& p : db.positions) implied += p.realized - p.cost_basis - p.fees;
    EXPECT_EQ(implied, ex.balance.balance.centicents()) << "cash implied by positions vs balance";
  }
}

void expect_db_consistent(const DbState& db, bool market_totals) {
  std::map<std::string, const store::OrderRow*> orders;
  for (const auto& o : db.orders) orders[o.client_order_id] = &o;
  std::map<std::string, std::int64_t> filled_by_order;
  std::map<std::string, std::int64_t> position_by_market;
  std::map<std::string, std::int64_t> buy_cost_by_market;
  std::map<std::string, std::int64_t> fees_by_market;
  std::map<std::string, std::int64_t> volume_by_market;
  std::int64_t fees = 0;
  std::int64_t volume = 0;
  for (const auto& f : db.fills) {
    SCOPED_TRACE("fill " + f.trade_id);
    ASSERT_TRUE(f.client_order_id.has_value()) << "a fill without its order";
    const auto it = orders.find(*f.client_order_id);
    ASSERT_NE(it, orders.end()) << "fill of an order not in orders: " << *f.client_order_id;
    EXPECT_EQ(f.ticker, it->second->ticker);
    EXPECT_EQ(f.side, it->second->side);
    EXPECT_EQ(f.action, it->second->action);
    filled_by_order[*f.client_order_id] += f.count;
    position_by_market[f.ticker] += signed_count(f);
    // price (centi-cents) × count (centi-contracts) / 100 = centi-cents.
    if (f.action == "buy") buy_cost_by_market[f.ticker] += f.price * f.count / 100;
    fees_by_market[f.ticker] += f.fee;
    volume_by_market[f.ticker] += f.count;
    fees += f.fee;
    volume += f.count;
  }
  for (const auto& o : db.orders) {
    SCOPED_TRACE("order " + o.client_order_id);
    const auto it = filled_by_order.find(o.client_order_id);
    EXPECT_EQ(o.filled, it == filled_by_order.end() ? 0 : it->second);
    EXPECT_LE(o.filled + o.remaining, o.count);
  }
  std::set<std::string> settled;
  for (const auto& s : db.settlements) settled.insert(s.ticker);
  for (const auto& p : db.positions) {
    SCOPED_TRACE("position " + p.ticker);
    if (market_totals) {
      EXPECT_EQ(p.fees, fees_by_market[p.ticker]) << "fees of the market vs its fills";
      EXPECT_EQ(p.volume, volume_by_market[p.ticker]) << "volume of the market vs its fills";
    }
    if (settled.contains(p.ticker)) {
      EXPECT_EQ(p.position, 0) << "a settled market still holds contracts";
      continue;
    }
    EXPECT_EQ(p.position, position_by_market[p.ticker]);
    // Only buys, no settlement: the cost basis is what the fills paid.
    EXPECT_EQ(p.cost_basis, buy_cost_by_market[p.ticker]);
  }
  for (const auto& [ticker, position] : position_by_market) {
    const bool has_row = std::any_of(db.positions.begin(), db.positions.end(),
                                     [&](const auto& p) { return p.ticker == ticker; });
    EXPECT_TRUE(has_row) << "fills in " << ticker << " but no positions row";
  }
  std::int64_t daily_fees = 0;
  std::int64_t daily_volume = 0;
  std::int64_t daily_fills = 0;
  for (const auto& d : db.daily_pnl) {
    daily_fees += d.fees;
    daily_volume += d.volume;
    daily_fills += d.fills;
  }
  EXPECT_EQ(daily_fees, fees);
  EXPECT_EQ(daily_volume, volume);
  EXPECT_EQ(daily_fills, static_cast<std::int64_t>(db.fills.size()));

  // Every intent has a decision, and every order of an intent was approved.
  std::map<std::string, bool> approved;
  for (const auto& d : db.decisions) approved[d.intent_id] = approved[d.intent_id] || d.approved;
  for (const auto& i : db.intents) {
    EXPECT_TRUE(approved.contains(i.intent_id)) << "intent without a decision: " << i.intent_id;
  }
  for (const auto& o : db.orders) {
    if (!o.intent_id) continue;
    EXPECT_TRUE(approved[*o.intent_id]) << "order " << o.client_order_id << " of an intent "
                                        << *o.intent_id << " that was never approved";
  }
}

}  // namespace antevorta::test
