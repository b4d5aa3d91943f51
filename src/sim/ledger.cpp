// Ledger: accounts, funding, queries and order tracking. Fills and settlement are in
// ledger_fills.cpp, collateral in ledger_reserve.cpp.
#include "antevorta/sim/ledger.hpp"

#include <cassert>

namespace antevorta::sim {

std::string_view to_string(ResultKind kind) noexcept {
  switch (kind) {
    case ResultKind::yes:
      return "yes";
    case ResultKind::no:
      return "no";
    case ResultKind::scalar:
      return "scalar";
  }
  return "unknown";
}

Ledger::Ledger(kalshi::FeeRounding rounding) : rounding_(rounding) {}

void Ledger::add_market(const MarketTicker& ticker, ExchangeIndex shard, kalshi::FeeSchedule fees) {
  auto [it, inserted] = markets_.try_emplace(ticker, MarketInfo{shard, fees});
  if (!inserted) {
    assert(it->second.shard == shard);
    it->second.fees = fees;
  }
}

std::optional<RejectReason> Ledger::deposit(const AccountId& owner, ExchangeIndex shard,
                                            Money amount) {
  if (amount <= Money::zero()) return RejectReason::invalid_amount;
  accounts_[owner].cash[shard] += amount;
  return std::nullopt;
}

std::optional<RejectReason> Ledger::transfer(const AccountId& owner, ExchangeIndex from,
                                             ExchangeIndex to, Money amount) {
  if (amount <= Money::zero()) return RejectReason::invalid_amount;
  if (available(owner, from) < amount) return RejectReason::insufficient_balance;
  Account& account = accounts_[owner];
  account.cash[from] -= amount;
  account.cash[to] += amount;
  return std::nullopt;
}

Money Ledger::cash(const AccountId& owner, ExchangeIndex shard) const {
  auto a = accounts_.find(owner);
  if (a == accounts_.end()) return Money::zero();
  auto c = a->second.cash.find(shard);
  return c == a->second.cash.end() ? Money::zero() : c->second;
}

Money Ledger::reserved(const AccountId& owner, ExchangeIndex shard) const {
  auto a = accounts_.find(owner);
  if (a == accounts_.end()) return Money::zero();
  auto r = a->second.reserved.find(shard);
  return r == a->second.reserved.end() ? Money::zero() : r->second;
}

std::vector<std::pair<ExchangeIndex, Money>> Ledger::balances(const AccountId& owner) const {
  std::vector<std::pair<ExchangeIndex, Money>> out;
  auto a = accounts_.find(owner);
  if (a == accounts_.end()) return out;
  for (const auto& [shard, money] : a->second.cash) out.emplace_back(shard, money);
  return out;
}

Position Ledger::position(const AccountId& owner, const MarketTicker& market) const {
  auto a = accounts_.find(owner);
  if (a == accounts_.end()) return {};
  auto m = a->second.markets.find(market);
  return m == a->second.markets.end() ? Position{} : m->second.pos;
}

std::vector<std::pair<MarketTicker, Position>> Ledger::positions(const AccountId& owner) const {
  std::vector<std::pair<MarketTicker, Position>> out;
  auto a = accounts_.find(owner);
  if (a == accounts_.end()) return out;
  for (const auto& [ticker, m] : a->second.markets) {
    if (m.pos != Position{}) out.emplace_back(ticker, m.pos);
  }
  return out;
}

std::vector<AccountId> Ledger::accounts() const {
  std::vector<AccountId> out;
  out.reserve(accounts_.size());
  for (const auto& [owner, account] : accounts_) out.push_back(owner);
  return out;
}

Money Ledger::total_cash() const {
  Money total;
  for (const auto& [owner, account] : accounts_) {
    for (const auto& [shard, money] : account.cash) total += money;
  }
  return total;
}

Count Ledger::open_interest(const MarketTicker& market) const {
  Count total;
  for (const auto& [owner, account] : accounts_) {
    auto m = account.markets.find(market);
    if (m != account.markets.end() && m->second.pos.position > Count{}) {
      total += m->second.pos.position;
    }
  }
  return total;
}

void Ledger::track(const Order& order) {
  if (!markets_.contains(order.ticker)) {
    assert(false && "track: unknown market");
    return;
  }
  MarketAccount& m = accounts_[order.owner].markets[order.ticker];
  if (order.status == OrderStatus::resting && order.remaining_count > Count{}) {
    auto [it, inserted] = m.orders.try_emplace(order.id);
    Resting& r = it->second;
    if (inserted || r.price != order.price || r.side != order.side) {
      r = Resting{order.side, order.price, order.remaining_count, Count{}};
    } else {
      r.remaining = order.remaining_count;
    }
  } else {
    m.orders.erase(order.id);
  }
  refresh_reserve(order.owner, order.ticker);
}

void Ledger::track(const EngineResult& result) {
  for (const OrderUpdate& u : result.updates) track(u.order);
}

const Ledger::Resting* Ledger::find_resting(const AccountId& owner, const MarketTicker& market,
                                            const OrderId& id) const {
  auto a = accounts_.find(owner);
  if (a == accounts_.end()) return nullptr;
  auto m = a->second.markets.find(market);
  if (m == a->second.markets.end()) return nullptr;
  auto o = m->second.orders.find(id);
  return o == m->second.orders.end() ? nullptr : &o->second;
}

}  // namespace antevorta::sim
