// TradingStore: the trading tables over a Store — record what happened (intents, risk
// decisions, orders and their transitions, fills with their ledger rows, settlements,
// adjustments, risk state) and read it back, at restart and for the operator API.
//
// Restart: open_orders(), has_fill() / fill_ids_since(), positions(), daily_pnl(today) and
// load_risk_state() give the daemon what it had before it stopped.
//
// Durable before send: record_*() only enqueue. When the daemon must know a row is on disk
// before it acts (a new order's client_order_id, before the request leaves), it builds the
// writes with writes::order_group() and waits with async_commit() (commit_wait.hpp).
//
// Threading: the record_*() functions may be called from any thread (they enqueue, see
// store.hpp). The readers use the Store's read connection and belong to the Store's owning
// thread (the event loop); they are short indexed queries, and they see committed rows only
// (Store::flush() first to read your own writes).
//
// Errors: record_*() return false only when the store is closed; a write that fails later
// is logged and counted by the Store (a failed group leaves none of its rows). Readers throw
// StoreError (naming the database) when SQLite fails. Reader limits are capped at
// kMaxReadLimit rows.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/store/store.hpp"
#include "antevorta/store/trading_rows.hpp"

namespace antevorta::store {

inline constexpr std::size_t kMaxReadLimit = 10'000;

struct OrderFilter {
  std::optional<std::string> state;
  std::optional<std::string> ticker;
  std::optional<std::string> strategy;
  std::size_t limit = 100;
};

class TradingStore {
 public:
  explicit TradingStore(Store& store) : store_(store) {}

  Store& store() noexcept { return store_; }

  // Writers (critical; enqueue only).
  bool record_intent(const IntentRow& row);
  bool record_decision(const DecisionRow& row);
  bool upsert_order(const OrderRow& row);
  bool record_transition(const TransitionRow& row);
  // The order and its transition in one transaction.
  bool save_order(const OrderRow& order, const std::optional<TransitionRow>& transition);
  // A fill and everything it changes, all or none.
  bool record_fill(const FillWithLedger& f);
  bool record_fill_with_ledger(const FillRow& fill, const PositionRow& position,
                               const DailyPnlRow& daily_delta);
  bool upsert_position(const PositionRow& row);
  bool record_settlement(const SettlementRow& settlement, const PositionRow& position,
                         const std::vector<DailyPnlRow>& daily_deltas);
  bool record_adjustment(const AdjustmentRow& adjustment,
                         const std::optional<PositionRow>& position);
  // The risk manager's state (kill switch, circuit breaker, baselines) as its JSON text.
  bool save_risk_state(std::string_view json, std::int64_t at_ns);

  // Readers (owning thread; committed rows).
  std::optional<IntentRow> intent(std::string_view intent_id);
  // Newest first (created_ns, then intent_id).
  std::vector<IntentRow> recent_intents(std::size_t limit);
  // Newest first (at_ns, then insertion order).
  std::vector<DecisionRow> recent_decisions(std::size_t limit);
  std::vector<DecisionRow> decisions_for(std::string_view intent_id);

  std::optional<OrderRow> order(std::string_view client_order_id);
  // Orders in a kOpenOrderStates state, oldest first (created_ns, client_order_id).
  std::vector<OrderRow> open_orders();
  // Matching every given field; newest update first.
  std::vector<OrderRow> orders(const OrderFilter& filter);
  // In the order they were written.
  std::vector<TransitionRow> transitions(std::string_view client_order_id);

  bool has_fill(std::string_view trade_id);
  // Trade ids of fills at or after since_ns (for the seen-trade set after a restart).
  std::vector<std::string> fill_ids_since(std::int64_t since_ns);
  // Newest first (at_ns, then insertion order).
  std::vector<FillRow> recent_fills(std::size_t limit);

  // Every market with a row, by ticker (closed positions too: they carry realized P&L).
  std::vector<PositionRow> positions();
  // One row per strategy that has one on that day, by strategy.
  std::vector<DailyPnlRow> daily_pnl(std::string_view utc_date);
  std::optional<SettlementRow> settlement(std::string_view ticker);
  // Newest first.
  std::vector<AdjustmentRow> recent_adjustments(std::size_t limit);

  std::optional<std::string> load_risk_state();

 private:
  Store& store_;
};

}  // namespace antevorta::store
