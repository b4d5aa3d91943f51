// Reading strategy and model parameters that are plain numbers (ratios, volatilities,
// thresholds): the text is parsed as an exact decimal, then converted, so "0.1" means 0.1 and
// a typo is an error with its key path. Absent keys leave `out` unchanged (the default).
#pragma once

#include <cstdint>
#include <string_view>

#include "antevorta/config/reader.hpp"
#include "antevorta/core/clock.hpp"

namespace antevorta::strategy::detail {

// A decimal number in [lo, hi] (or (lo, hi] with lo_open). False after reporting an error.
bool read_number(config::Reader& r, std::string_view key, double& out, double lo, double hi,
                 bool lo_open = false);
// Whole seconds in [lo, hi].
bool read_seconds(config::Reader& r, std::string_view key, Duration& out, std::int64_t lo,
                  std::int64_t hi);
// The entry window: min_seconds_to_close in [0, limit], max_seconds_to_close in [1, limit],
// and max greater than min (checked against the defaults for an absent key).
bool read_entry_window(config::Reader& r, Duration& min_to_close, Duration& max_to_close,
                       std::int64_t limit);

}  // namespace antevorta::strategy::detail
