// RFC 3339 timestamps as the venues send them: "2026-09-07T18:15:00Z",
// "2021-04-17T14:29:01.123456Z", "2026-11-21T07:17:10.123456789+01:00" (a space instead of
// the T is accepted too). One parser for Kalshi's REST and WebSocket fields and the price
// feeds.
//
// Errors: nullopt for anything else (bad digits, impossible dates, a missing offset) and for
// times a Timestamp cannot hold (about 1678..2262). Digits past nanoseconds are dropped.
// Threading: pure.
#pragma once

#include <optional>
#include <string_view>

#include "antevorta/core/clock.hpp"

namespace antevorta {

std::optional<Timestamp> parse_rfc3339(std::string_view text) noexcept;

}  // namespace antevorta
