// ForecastPublished: a probability a model published for a market, for the forecast record
// (scored against the market's result once it settles: Brier score, log loss, hit rate per
// model and per time-to-close bucket).
//
// Strategies publish one whenever their model produces a probability they act on or would
// act on (at most about once a second per market and model); the forecast recorder stores
// every one. Errors: none (plain data). Threading: values.
#pragma once

#include <optional>
#include <string>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/ids.hpp"

namespace antevorta::strategy {

struct ForecastPublished {
  std::string model;  // the model's name, e.g. "crypto_digital/ewma_digital"
  MarketTicker ticker;
  double probability = 0.5;      // P(YES), 0..1
  std::optional<Price> yes_bid;  // the market's YES bid and ask when the forecast was made
  std::optional<Price> yes_ask;
  Timestamp close_time{};  // the market's close_time (for the time-to-close bucket)
  Timestamp at{};          // when the forecast was made (the clock's now)
};

}  // namespace antevorta::strategy
