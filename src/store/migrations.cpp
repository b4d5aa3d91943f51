#include "antevorta/store/migrations.hpp"

#include <cassert>

#include <SQLiteCpp/Database.h>
#include <SQLiteCpp/Exception.h>
#include <SQLiteCpp/Statement.h>
#include <SQLiteCpp/Transaction.h>
#include <fmt/format.h>

#include "antevorta/store/store.hpp"

namespace antevorta::store {

namespace {

// Append new migrations at the end; never edit one that has shipped.
constexpr Migration kMigrations[] = {
    {1, "initial",
     R"sql(
CREATE TABLE runtime_sessions (
  id INTEGER PRIMARY KEY,
  started_at_ns INTEGER NOT NULL,
  stopped_at_ns INTEGER,
  environment TEXT NOT NULL,
  execution_mode TEXT NOT NULL,
  version TEXT NOT NULL
);
CREATE TABLE kv_state (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at_ns INTEGER NOT NULL
);
CREATE TABLE event_log (
  id INTEGER PRIMARY KEY,
  ts_ns INTEGER NOT NULL,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX event_log_kind_ts ON event_log (kind, ts_ns);
)sql"},
    // Money, prices and counts are INTEGER centi-cents / centi-contracts, times INTEGER unix
    // ns (store/trading_rows.hpp). No foreign keys: an audit row must never be lost because
    // another row is missing. Checks only on enumerations, which no valid input breaks.
    {2, "trading",
     R"sql(
CREATE TABLE intents (
  intent_id TEXT PRIMARY KEY NOT NULL,
  strategy TEXT NOT NULL,
  ticker TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('yes', 'no')),
  action TEXT NOT NULL CHECK (action IN ('buy', 'sell')),
  count INTEGER NOT NULL,
  limit_price INTEGER NOT NULL,
  tif TEXT NOT NULL,
  post_only INTEGER NOT NULL CHECK (post_only IN (0, 1)),
  reduce_only INTEGER NOT NULL CHECK (reduce_only IN (0, 1)),
  probability REAL,
  edge REAL,
  confidence REAL,
  reason TEXT NOT NULL,
  created_ns INTEGER NOT NULL
);
CREATE INDEX intents_created ON intents (created_ns);

CREATE TABLE risk_decisions (
  id INTEGER PRIMARY KEY,
  intent_id TEXT NOT NULL,
  approved INTEGER NOT NULL CHECK (approved IN (0, 1)),
  reason TEXT NOT NULL,
  rule TEXT NOT NULL,
  limit_text TEXT NOT NULL,
  actual_text TEXT NOT NULL,
  missing TEXT NOT NULL,
  detail TEXT NOT NULL,
  at_ns INTEGER NOT NULL
);
CREATE INDEX risk_decisions_at ON risk_decisions (at_ns);
CREATE INDEX risk_decisions_intent ON risk_decisions (intent_id);

CREATE TABLE orders (
  client_order_id TEXT PRIMARY KEY NOT NULL,
  intent_id TEXT,
  strategy TEXT NOT NULL,
  ticker TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('yes', 'no')),
  action TEXT NOT NULL CHECK (action IN ('buy', 'sell')),
  price INTEGER NOT NULL,
  count INTEGER NOT NULL,
  filled INTEGER NOT NULL,
  remaining INTEGER NOT NULL,
  state TEXT NOT NULL,
  exchange_order_id TEXT,
  tif TEXT NOT NULL,
  post_only INTEGER NOT NULL CHECK (post_only IN (0, 1)),
  reduce_only INTEGER NOT NULL CHECK (reduce_only IN (0, 1)),
  created_ns INTEGER NOT NULL,
  updated_ns INTEGER NOT NULL,
  reason TEXT NOT NULL
);
CREATE INDEX orders_state ON orders (state);
CREATE INDEX orders_updated ON orders (updated_ns);
CREATE INDEX orders_intent ON orders (intent_id);

CREATE TABLE order_transitions (
  id INTEGER PRIMARY KEY,
  client_order_id TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT NOT NULL,
  reason TEXT NOT NULL,
  at_ns INTEGER NOT NULL
);
CREATE INDEX order_transitions_order ON order_transitions (client_order_id, id);

CREATE TABLE fills (
  trade_id TEXT PRIMARY KEY NOT NULL,
  client_order_id TEXT,
  exchange_order_id TEXT,
  ticker TEXT NOT NULL,
  strategy TEXT NOT NULL,
  side TEXT NOT NULL CHECK (side IN ('yes', 'no')),
  action TEXT NOT NULL CHECK (action IN ('buy', 'sell')),
  price INTEGER NOT NULL,
  count INTEGER NOT NULL,
  fee INTEGER NOT NULL,
  is_taker INTEGER NOT NULL CHECK (is_taker IN (0, 1)),
  at_ns INTEGER NOT NULL
);
CREATE INDEX fills_at ON fills (at_ns);
CREATE INDEX fills_order ON fills (client_order_id);

CREATE TABLE positions (
  ticker TEXT PRIMARY KEY NOT NULL,
  shard INTEGER NOT NULL,
  position INTEGER NOT NULL,
  cost_basis INTEGER NOT NULL,
  realized INTEGER NOT NULL,
  fees INTEGER NOT NULL,
  payouts INTEGER NOT NULL,
  volume INTEGER NOT NULL,
  updated_ns INTEGER NOT NULL
);

CREATE TABLE daily_pnl (
  utc_date TEXT NOT NULL,
  strategy TEXT NOT NULL,
  realized INTEGER NOT NULL,
  fees INTEGER NOT NULL,
  payouts INTEGER NOT NULL,
  volume INTEGER NOT NULL,
  fills INTEGER NOT NULL,
  PRIMARY KEY (utc_date, strategy)
);

CREATE TABLE ledger_adjustments (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('cash', 'position')),
  shard INTEGER NOT NULL,
  ticker TEXT,
  cash_delta INTEGER NOT NULL,
  position_delta INTEGER NOT NULL,
  basis_delta INTEGER NOT NULL,
  at_ns INTEGER NOT NULL,
  note TEXT NOT NULL
);
CREATE INDEX ledger_adjustments_at ON ledger_adjustments (at_ns);

CREATE TABLE settlements (
  ticker TEXT PRIMARY KEY NOT NULL,
  result TEXT NOT NULL,
  position INTEGER NOT NULL,
  payout INTEGER NOT NULL,
  realized INTEGER NOT NULL,
  at_ns INTEGER NOT NULL
);
)sql"},
    // The forecast record (feeds/forecast_recorder.hpp): every probability a model published,
    // with the market's quote and close time, and each market's yes/no outcome, so forecasts
    // can be scored (and the scores rebuilt at start). Prices in centi-cents, times in ns.
    {3, "forecasts",
     R"sql(
CREATE TABLE forecasts (
  id INTEGER PRIMARY KEY,
  model TEXT NOT NULL,
  ticker TEXT NOT NULL,
  at_ns INTEGER NOT NULL,
  probability REAL NOT NULL,
  yes_bid INTEGER,
  yes_ask INTEGER,
  close_time_ns INTEGER NOT NULL,
  seconds_to_close REAL NOT NULL
);
CREATE INDEX forecasts_ticker ON forecasts (ticker);
CREATE INDEX forecasts_model_at ON forecasts (model, at_ns);

CREATE TABLE market_outcomes (
  ticker TEXT PRIMARY KEY NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('yes', 'no')),
  at_ns INTEGER NOT NULL
);
)sql"},
};

constexpr bool versions_contiguous(std::span<const Migration> list) {
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (list[i].version != static_cast<int>(i) + 1) return false;
  }
  return true;
}
static_assert(versions_contiguous(kMigrations), "migration versions must be 1, 2, 3, …");

constexpr const char* kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_version ("
    "version INTEGER PRIMARY KEY, name TEXT, applied_at TEXT)";

}  // namespace

std::span<const Migration> migrations() noexcept { return kMigrations; }

int latest_schema_version() noexcept { return kMigrations[std::size(kMigrations) - 1].version; }

int current_schema_version(SQLite::Database& db) {
  if (!db.tableExists("schema_version")) return 0;
  SQLite::Statement q(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
  q.executeStep();
  return q.getColumn(0).getInt();
}

int migrate(SQLite::Database& db, std::string_view label, const Logger& logger,
            std::span<const Migration> list) {
  assert(versions_contiguous(list));
  const int latest = list.empty() ? 0 : list.back().version;
  int version = 0;
  try {
    db.exec(kCreateVersionTable);
    version = current_schema_version(db);
  } catch (const SQLite::Exception& e) {
    throw StoreError(fmt::format("{}: cannot read schema version: {}", label, e.what()));
  }
  if (version > latest) {
    throw StoreError(fmt::format("{}: schema version {} is newer than this build supports ({})",
                                 label, version, latest));
  }
  for (const Migration& m : list) {
    if (m.version <= version) continue;
    try {
      SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
      // Another process may have migrated between our read and our write lock.
      if (const int now = current_schema_version(db); now >= m.version) {
        version = now;
        continue;
      }
      db.exec(std::string(m.sql));
      SQLite::Statement row(db,
                            "INSERT INTO schema_version (version, name, applied_at) "
                            "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))");
      row.bind(1, m.version);
      row.bind(2, std::string(m.name));
      row.exec();
      tx.commit();
    } catch (const SQLite::Exception& e) {
      throw StoreError(
          fmt::format("{}: migration {} ({}) failed: {}", label, m.version, m.name, e.what()));
    }
    version = m.version;
    logger->info("store_migration_applied version={} name={}", m.version, m.name);
  }
  return version;
}

}  // namespace antevorta::store
