// Kalshi's cfbenchmarks_value message → ReferenceTick (API-NOTES §6.3), and the quarter-hour
// arithmetic of the 15-minute crypto markets (§10.1).
//
// to_reference_tick(): value and time from the upstream frame (`data`), avg_60s from
// `avg_60s_data`, and the final-minute accumulator from `last_60s_windowed_average_15min`
// when present (count = its window_size). The accumulator's `window_end` is the
// quarter-hour close it belongs to. The spec's example is ambiguous about what
// `window_end_ts_exclusive` holds (it equals the tick's own time there, not a quarter-hour),
// so the close is derived from the upstream tick time instead: Kalshi counts ticks by whole
// second, ":59 → 59, close tick (:00/:15/:30/:45) → 60", so the close is the first
// quarter-hour at or after the tick's whole second (quarter_close_of).
//
// Errors: none (the message is already parsed and validated). Threading: pure.
#pragma once

#include <string>

#include "antevorta/core/clock.hpp"
#include "antevorta/feeds/events.hpp"
#include "antevorta/kalshi/ws_market_messages.hpp"

namespace antevorta::feeds {

inline constexpr Duration kSettlementWindow = std::chrono::seconds(60);
inline constexpr Duration kQuarterHour = std::chrono::minutes(15);

// The whole second that contains t (floor).
Timestamp floor_to_second(Timestamp t) noexcept;
// The first quarter-hour boundary (UTC :00/:15/:30/:45) at or after floor_to_second(t).
Timestamp quarter_close_of(Timestamp t) noexcept;

ReferenceTick to_reference_tick(const kalshi::CfBenchmarksValue& value, std::string asset,
                                Timestamp received_at);

}  // namespace antevorta::feeds
