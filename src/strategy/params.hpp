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

}  // namespace antevorta::strategy::detail
