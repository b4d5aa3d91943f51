// Kalshi REST models (API-NOTES §4, §5): plain structs and their parsers from nlohmann::json.
//
// Parsing rules (every parse_* function):
// - Unknown fields are ignored; unknown enum strings map to an `unknown` value (the raw text
//   is kept beside it where a caller may need it), never to an error.
// - Fixed-point strings first (`*_dollars`, `*_fp`), legacy integer-cent / integer-count
//   fields (`yes_bid`, `volume`, `position`, …) only as a fallback when the string is absent.
// - Absent, null and "" stay distinct where it matters: optional fields are std::optional
//   (absent or null → nullopt); `result: ""` means "not determined" (nullopt), while an
//   absent `result` is the same nullopt; an empty cursor means "last page".
// - Prices accept up to 6 decimals when the digits past the 4th are zeros ("0.560000");
//   averages (average_fill_price, average_fee_paid) are rounded to the nearest centi-cent.
// - Strikes (`floor_strike`, `cap_strike`) are JSON numbers: kept as an exact Decimal
//   (numbers with more than 15 significant digits are refused, never rounded).
// - A bad number, a wrong JSON type or a missing required field is an error naming the
//   field path, e.g. `markets[3].yes_bid_dollars: invalid price "0.5x"`.
//
// Errors: Expected<T, std::string> (the message above). Nothing throws to the caller.
// Threading: pure functions; the structs are plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/decimal.hpp"
#include "antevorta/core/expected.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"
#include "antevorta/kalshi/fees.hpp"
#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/kalshi/price_grid.hpp"
#include "antevorta/kalshi/ws_book_messages.hpp"  // BookSide, shared with the WS messages

namespace antevorta::kalshi {

template <class T>
using ModelResult = Expected<T, std::string>;

// ---- Enums ------------------------------------------------------------------------------

enum class MarketType : std::uint8_t { binary, scalar, unknown };
enum class MarketStatus : std::uint8_t {
  initialized,
  inactive,
  active,
  closed,
  determined,
  disputed,
  amended,
  finalized,
  unknown,
};
enum class MarketResult : std::uint8_t { yes, no, scalar, unknown };
enum class StrikeType : std::uint8_t {
  greater,
  greater_or_equal,
  less,
  less_or_equal,
  between,
  functional,
  custom,
  structured,
  unknown,
};
enum class OrderStatus : std::uint8_t { resting, canceled, executed, unknown };
enum class TimeInForce : std::uint8_t { fill_or_kill, good_till_canceled, immediate_or_cancel };
enum class SelfTradePrevention : std::uint8_t { taker_at_cross, maker };

std::string_view to_string(MarketType v) noexcept;
std::string_view to_string(MarketStatus v) noexcept;
std::string_view to_string(MarketResult v) noexcept;
std::string_view to_string(StrikeType v) noexcept;
std::string_view to_string(OrderStatus v) noexcept;
std::string_view to_string(TimeInForce v) noexcept;
std::string_view to_string(SelfTradePrevention v) noexcept;

MarketStatus parse_market_status(std::string_view text) noexcept;  // unknown when not listed
// "" → nullopt (not determined); "yes" / "no" / "scalar"; anything else → unknown.
std::optional<MarketResult> parse_market_result(std::string_view text) noexcept;

// RFC 3339 ("2026-09-26T22:52:42.728645Z", "…+02:00"); nullopt when malformed.
std::optional<Timestamp> parse_rfc3339(std::string_view text) noexcept;

// ---- Market data ------------------------------------------------------------------------

struct Market {
  MarketTicker ticker;
  EventTicker event_ticker;
  MarketType market_type = MarketType::unknown;
  std::string title;  // deprecated upstream, still sent
  std::string subtitle;
  std::string yes_sub_title;
  std::string no_sub_title;
  std::string rules_primary;
  std::string rules_secondary;

  std::optional<Timestamp> created_time, updated_time, open_time, close_time;
  std::optional<Timestamp> expected_expiration_time, latest_expiration_time, expiration_time;
  std::optional<Timestamp> settlement_ts, occurrence_datetime, fee_waiver_expiration_time;
  std::optional<std::int64_t> settlement_timer_seconds;

  MarketStatus status = MarketStatus::unknown;
  std::string status_text;                // as received
  std::optional<MarketResult> result;     // nullopt: not determined ("" or absent)
  std::optional<Price> settlement_value;  // settlement_value_dollars, after determination

  std::optional<Price> yes_bid, yes_ask, no_bid, no_ask, last_price;
  std::optional<Price> previous_yes_bid, previous_yes_ask, previous_price;
  std::optional<Count> yes_bid_size, yes_ask_size, volume, volume_24h, open_interest;
  std::optional<Money> notional_value;

  bool can_close_early = false;
  std::optional<std::string> early_close_condition;
  std::optional<std::string> expiration_value;

  std::optional<StrikeType> strike_type;  // nullopt when absent
  std::optional<Decimal> floor_strike, cap_strike;
  std::optional<std::string> functional_strike;
  // custom_strike object: key → value (string values as is, others as compact JSON).
  std::optional<std::vector<std::pair<std::string, std::string>>> custom_strike;

  std::string price_level_structure;
  std::vector<PriceRange> price_ranges;
  // From price_ranges, or the preset for price_level_structure when no ranges were sent;
  // nullopt when neither is usable (no ranges and an unknown label).
  std::optional<PriceGrid> grid;

  std::optional<std::string> mve_collection_ticker;
  std::optional<bool> is_provisional;
  std::optional<int> exchange_index;
};

// The series of a market by Kalshi's ticker convention: the part of its event ticker (else
// of the market ticker) before the first '-' ("KXBTC15M-26NOV211015-15" → "KXBTC15M").
// A view into `market_ticker` or `market->event_ticker`.
std::string_view series_of(std::string_view market_ticker, const Market* market) noexcept;

struct SettlementSourceInfo {
  std::string name;
  std::string url;
};

struct Event {
  EventTicker event_ticker;
  SeriesTicker series_ticker;
  std::string title;
  std::string sub_title;
  std::string collateral_return_type;  // "MECNET", "DIRECNET", "" …
  bool mutually_exclusive = false;
  std::optional<Timestamp> strike_date;
  std::optional<std::string> strike_period;
  std::optional<Timestamp> last_updated;
  std::vector<SettlementSourceInfo> settlement_sources;
  // Overrides of the series fee; an override whose type is not known keeps its text in
  // fee_type_override_text with fee_type_override nullopt (callers fail closed).
  std::optional<std::string> fee_type_override_text;
  std::optional<FeeType> fee_type_override;
  std::optional<FeeMultiplier> fee_multiplier_override;
  std::optional<int> exchange_index;
  std::vector<Market> markets;  // with_nested_markets (or the deprecated top-level list)
};

struct Series {
  SeriesTicker ticker;
  std::string title;
  std::string category;
  std::string frequency;
  std::vector<std::string> tags;  // null → empty
  std::vector<SettlementSourceInfo> settlement_sources;
  std::string contract_url;
  std::string contract_terms_url;
  std::string fee_type_text;
  std::optional<FeeType> fee_type;  // nullopt when fee_type_text is not a known type
  std::optional<FeeMultiplier> fee_multiplier;
  std::optional<Count> volume;
  std::optional<Timestamp> last_updated;
  std::optional<int> exchange_index;
};

struct ExchangeIndexStatus {
  int exchange_index = 0;
  std::string description;
  bool exchange_active = false;
  bool trading_active = false;
  bool intra_exchange_transfers_active = false;
};

struct ExchangeStatus {
  bool exchange_active = false;  // the top-level fields describe shard 0
  bool trading_active = false;
  std::optional<bool> intra_exchange_transfers_active;
  std::optional<Timestamp> exchange_estimated_resume_time;
  std::vector<ExchangeIndexStatus> exchange_index_statuses;
};

// A public trade (GET /markets/trades).
struct Trade {
  TradeId trade_id;
  MarketTicker ticker;
  Count count;
  Price yes_price;
  Price no_price;
  OutcomeSide taker_outcome_side = OutcomeSide::yes;  // legacy taker_side as fallback
  BookSide taker_book_side = BookSide::bid;
  bool is_block_trade = false;
  std::optional<Timestamp> created_time;
};

// A REST order book: bids only, each ladder ascending (best bid last), NO bids in NO terms.
struct RestOrderbook {
  MarketTicker ticker;  // set by the batch endpoint; empty for GET /markets/{t}/orderbook
  std::vector<BookLevel> yes_bids;
  std::vector<BookLevel> no_bids;
};

// ---- Account ----------------------------------------------------------------------------

struct BucketLimit {
  std::int64_t refill_rate = 0;  // tokens per second
  std::int64_t bucket_capacity = 0;
};

struct AccountLimits {
  std::string usage_tier;
  BucketLimit read;
  BucketLimit write;
};

struct EndpointCost {
  std::string method;
  std::string path;
  std::int64_t cost = 0;
};

struct EndpointCostsInfo {
  std::int64_t default_cost = 10;
  std::vector<EndpointCost> endpoint_costs;
};

// ---- Portfolio --------------------------------------------------------------------------

struct IndexedBalance {
  int exchange_index = 0;
  Money balance;
};

struct Balance {
  Money balance;                           // balance_dollars, else the legacy integer cents
  std::optional<Money> portfolio_value;    // integer cents upstream
  std::optional<std::int64_t> updated_ts;  // Unix seconds
  std::vector<IndexedBalance> balance_breakdown;
};

struct MarketPosition {
  MarketTicker ticker;
  std::optional<int> exchange_index;
  Count position;  // signed: + YES contracts, − NO contracts
  Money total_traded;
  Money market_exposure;
  Money realized_pnl;
  Money fees_paid;
  std::optional<Timestamp> last_updated;
};

struct EventPosition {
  EventTicker event_ticker;
  Money total_cost;
  Count total_cost_shares;
  Money event_exposure;
  Money realized_pnl;
  Money fees_paid;
};

struct Order {
  OrderId order_id;
  ClientOrderId client_order_id;  // empty when the order had none
  MarketTicker ticker;
  OutcomeSide outcome_side = OutcomeSide::yes;  // from outcome_side/book_side, else side+action
  BookSide book_side = BookSide::bid;
  OrderStatus status = OrderStatus::unknown;
  std::string status_text;
  std::optional<Price> yes_price, no_price;
  Count fill_count;
  Count remaining_count;
  Count initial_count;
  Money taker_fill_cost, maker_fill_cost, taker_fees, maker_fees;
  std::optional<Timestamp> expiration_time, created_time, last_update_time;
  std::optional<SelfTradePrevention> self_trade_prevention;
  std::optional<std::string> order_group_id;
  std::optional<std::string> last_update_reason;
  bool cancel_order_on_pause = false;
  std::optional<int> subaccount;
  std::optional<int> exchange_index;
};

struct Fill {
  std::string fill_id;
  TradeId trade_id;
  OrderId order_id;
  MarketTicker ticker;  // ticker, else market_ticker
  OutcomeSide outcome_side = OutcomeSide::yes;
  BookSide book_side = BookSide::bid;
  Count count;
  Price yes_price;
  Price no_price;
  bool is_taker = false;
  Money fee_cost;
  std::optional<Timestamp> created_time;  // created_time, else the legacy `ts` seconds
  std::optional<int> exchange_index;
  std::optional<int> subaccount;
};

struct Settlement {
  MarketTicker ticker;
  EventTicker event_ticker;
  std::optional<int> exchange_index;
  std::optional<MarketResult> market_result;
  Count yes_count, no_count;
  Money yes_total_cost, no_total_cost;
  Money revenue;               // integer cents upstream
  std::optional<Money> value;  // payout per YES contract, integer cents upstream; null allowed
  Money fee_cost;
  std::optional<Timestamp> settled_time;
};

// ---- Order write answers (V2) ----------------------------------------------------------

// POST /portfolio/events/orders (also batch items, amend and decrease answers: the fields a
// given answer lacks stay nullopt).
struct OrderAck {
  OrderId order_id;
  std::optional<ClientOrderId> client_order_id;
  std::optional<Count> fill_count;
  std::optional<Count> remaining_count;
  std::optional<Price> average_fill_price;
  std::optional<Money> average_fee_paid;  // per contract
  std::optional<Timestamp> ts;            // ts_ms
};

struct CancelAck {
  OrderId order_id;
  std::optional<ClientOrderId> client_order_id;
  Count reduced_by;
  std::optional<Timestamp> ts;
};

// ---- Pages ------------------------------------------------------------------------------

template <class T>
struct Page {
  std::vector<T> items;
  std::string cursor;  // "" (or null / absent upstream) = last page
};

struct PositionsPage {
  std::vector<MarketPosition> market_positions;
  std::vector<EventPosition> event_positions;
  std::string cursor;
};

// ---- Parsers: single objects -------------------------------------------------------------

ModelResult<Market> parse_market(const nlohmann::json& j);
ModelResult<Event> parse_event(const nlohmann::json& j);
ModelResult<Series> parse_series(const nlohmann::json& j);
ModelResult<ExchangeStatus> parse_exchange_status(const nlohmann::json& j);
ModelResult<Trade> parse_trade(const nlohmann::json& j);
ModelResult<AccountLimits> parse_account_limits(const nlohmann::json& j);
ModelResult<EndpointCostsInfo> parse_endpoint_costs(const nlohmann::json& j);
ModelResult<Balance> parse_balance(const nlohmann::json& j);
ModelResult<MarketPosition> parse_market_position(const nlohmann::json& j);
ModelResult<EventPosition> parse_event_position(const nlohmann::json& j);
ModelResult<Order> parse_order(const nlohmann::json& j);
ModelResult<Fill> parse_fill(const nlohmann::json& j);
ModelResult<Settlement> parse_settlement(const nlohmann::json& j);
ModelResult<OrderAck> parse_order_ack(const nlohmann::json& j);
ModelResult<CancelAck> parse_cancel_ack(const nlohmann::json& j);

// ---- Parsers: response envelopes ----------------------------------------------------------

ModelResult<Page<Market>> parse_markets_response(const nlohmann::json& j);  // {"markets","cursor"}
ModelResult<Market> parse_market_response(const nlohmann::json& j);         // {"market"}
// {"orderbook_fp":{yes_dollars,no_dollars}} or the legacy {"orderbook":{yes,no}} (cents) /
// {"orderbook":{yes_dollars,no_dollars}}.
ModelResult<RestOrderbook> parse_orderbook_response(const nlohmann::json& j);
ModelResult<std::vector<RestOrderbook>> parse_orderbooks_response(const nlohmann::json& j);
ModelResult<Page<Event>> parse_events_response(const nlohmann::json& j);
ModelResult<Event> parse_event_response(const nlohmann::json& j);    // {"event","markets"?}
ModelResult<Series> parse_series_response(const nlohmann::json& j);  // {"series"}
ModelResult<Page<Trade>> parse_trades_response(const nlohmann::json& j);
ModelResult<PositionsPage> parse_positions_response(const nlohmann::json& j);
ModelResult<Page<Order>> parse_orders_response(const nlohmann::json& j);
ModelResult<Order> parse_order_response(const nlohmann::json& j);  // {"order"}
ModelResult<Page<Fill>> parse_fills_response(const nlohmann::json& j);
ModelResult<Page<Settlement>> parse_settlements_response(const nlohmann::json& j);

}  // namespace antevorta::kalshi
