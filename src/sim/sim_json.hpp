// JSON writers for the simulator's REST answers, in the Kalshi Trade API v2 shapes
// (API-NOTES §4, §5; field names as in openapi.assembled.yaml). Prices are 4-decimal dollar
// strings, counts 2-decimal strings, times RFC 3339 in UTC.
//
// Errors: none (plain formatting). Threading: pure functions over the exchange's state.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "antevorta/sim/sim_exchange.hpp"

namespace antevorta::sim::rest {

std::string rfc3339(Timestamp t);
std::int64_t unix_seconds(Timestamp t);

// The Market object, with quotes from the market's book and the ledger's open interest.
nlohmann::json market_json(const SimExchange& exchange, const SimMarket& market);
nlohmann::json event_json(const SimEvent& event);
nlohmann::json series_json(const SimSeries& series);
nlohmann::json trade_json(const PublicTrade& trade);
nlohmann::json order_json(const OrderRecord& record, const AccountId& owner);
nlohmann::json fill_json(const FillRecord& fill);
nlohmann::json settlement_json(const SettlementRecord& settlement);

// The book of a market as Kalshi's REST orderbook_fp: bids only, ascending; `depth` 0 = all,
// else the best `depth` levels per side (the last ones).
nlohmann::json orderbook_fp(const SimExchange& exchange, const MarketTicker& ticker,
                            std::size_t depth);

}  // namespace antevorta::sim::rest
