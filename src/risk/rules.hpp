// Internal: the evaluation context shared by the rule functions, and the rules themselves.
// Each rule returns std::nullopt to pass, or the denial. Inputs are fetched from the view at
// most once per evaluation, and only when a configured rule needs them.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "antevorta/config/config.hpp"
#include "antevorta/risk/decision.hpp"
#include "antevorta/risk/exposure.hpp"
#include "antevorta/risk/view.hpp"
#include "antevorta/strategy/intent.hpp"

namespace antevorta::risk::detail {

using Verdict = std::optional<RiskDecision>;

class Context {
 public:
  Context(const config::RiskConfig& c, const strategy::OrderIntent& i, const RiskView& v,
          Timestamp t, IntentPurpose p)
      : config(c), intent(i), view(v), now(t), purpose(p) {}

  const config::RiskConfig& config;
  const strategy::OrderIntent& intent;
  const RiskView& view;
  const Timestamp now;
  const IntentPurpose purpose;
  PositionInfo position;  // set by check_position_known
  IntentSplit split;      // set by check_position_known
  // Opens or extends a position (not reducing only).
  bool entry() const noexcept { return !split.reduces_only(); }

  // Each is nullptr when the view does not know it.
  const MarketInfo* market();
  const OpenOrders* open_orders();
  const BookTop* book();
  const Money* equity();
  // nullptr when the market or its fee schedule is unknown, or the schedule has no formula.
  const IntentCost* cost();

 private:
  template <class T>
  struct Cached {
    bool fetched = false;
    std::optional<T> value;
  };
  Cached<MarketInfo> market_;
  Cached<OpenOrders> open_orders_;
  Cached<BookTop> book_;
  Cached<Money> equity_;
  Cached<IntentCost> cost_;
};

// The standard unknown_input denial: `rule` needed `missing`.
RiskDecision unknown(std::string_view rule, std::string_view missing, std::string_view about);

// Formatting for limits and actual values.
std::string seconds_text(Duration d);                 // "12.345s"
std::string micros_text(std::int64_t micro_dollars);  // "0.050000"
std::string integer_text(std::int64_t v);

// Rules, in evaluation order (see manager.hpp).
Verdict check_intent(const strategy::OrderIntent& intent);
Verdict check_position_known(Context& ctx);  // also classifies the intent
Verdict check_purpose(Context& ctx);
Verdict check_exchange(Context& ctx);
Verdict check_staleness(Context& ctx);
Verdict check_close_window(Context& ctx);
Verdict check_order_size(Context& ctx);
Verdict check_position_limit(Context& ctx);
Verdict check_exposure(Context& ctx);
Verdict check_edge(Context& ctx);
Verdict check_band(Context& ctx);

}  // namespace antevorta::risk::detail
