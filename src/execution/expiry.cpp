#include "antevorta/execution/expiry.hpp"

#include <cassert>

namespace antevorta::execution {

namespace {

using kalshi::MarketResult;
using kalshi::MarketStatus;

// A result the ledger can book (execution::Settlement): yes/no, or scalar with its value.
bool result_usable(const kalshi::Market& m) {
  if (!m.result) return false;
  switch (*m.result) {
    case MarketResult::yes:
    case MarketResult::no:
      return true;
    case MarketResult::scalar:
      return m.settlement_value.has_value();
    case MarketResult::unknown:
      break;
  }
  return false;
}

// The phase the status alone decides, if it does.
std::optional<MarketPhase> status_phase(const kalshi::Market& m) {
  switch (m.status) {
    case MarketStatus::closed:
    case MarketStatus::disputed:
      return MarketPhase::closed;
    case MarketStatus::determined:
    case MarketStatus::amended:
    case MarketStatus::finalized:
      return result_usable(m) ? MarketPhase::settled : MarketPhase::closed;
    case MarketStatus::initialized:
    case MarketStatus::inactive:
    case MarketStatus::active:
    case MarketStatus::unknown:
      break;
  }
  return std::nullopt;
}

void check(const ExpiryOptions& o) {
  assert(o.cancel_all_before_close >= Duration::zero());
  assert(o.reduce_only_before_close >= o.cancel_all_before_close);
  (void)o;
}

bool final_phase(MarketPhase p) { return p == MarketPhase::closed || p == MarketPhase::settled; }

}  // namespace

std::string_view to_string(MarketPhase p) noexcept {
  switch (p) {
    case MarketPhase::normal:
      return "normal";
    case MarketPhase::reduce_only:
      return "reduce_only";
    case MarketPhase::cancel_all:
      return "cancel_all";
    case MarketPhase::closed:
      return "closed";
    case MarketPhase::settled:
      return "settled";
  }
  return "normal";
}

ExpiryOptions expiry_options(const config::ExecutionConfig& config) {
  return {config.reduce_only_before_close, config.cancel_all_before_close};
}

MarketPhase market_phase(const kalshi::Market& market, Timestamp now, const ExpiryOptions& o) {
  check(o);
  if (auto by_status = status_phase(market)) return *by_status;
  if (!market.close_time) return MarketPhase::reduce_only;
  if (now >= *market.close_time) return MarketPhase::closed;
  const Duration left = *market.close_time - now;
  if (left <= o.cancel_all_before_close) return MarketPhase::cancel_all;
  if (left <= o.reduce_only_before_close) return MarketPhase::reduce_only;
  return MarketPhase::normal;
}

std::optional<Timestamp> next_phase_time(const kalshi::Market& market, Timestamp now,
                                         const ExpiryOptions& o) {
  check(o);
  if (status_phase(market) || !market.close_time) return std::nullopt;
  const Timestamp close = *market.close_time;
  // Phases only advance with time, so the first boundary still ahead is the next change.
  for (const Timestamp boundary :
       {close - o.reduce_only_before_close, close - o.cancel_all_before_close, close}) {
    if (boundary > now) return boundary;
  }
  return std::nullopt;
}

bool allows_entry(MarketPhase p) noexcept { return p == MarketPhase::normal; }

bool allows_reduce(MarketPhase p) noexcept {
  return p == MarketPhase::normal || p == MarketPhase::reduce_only;
}

ExpiryTracker::ExpiryTracker(ExpiryOptions options) : options_(options) { check(options_); }

std::optional<PhaseChange> ExpiryTracker::update(const kalshi::Market& market, Timestamp now) {
  MarketPhase next = market_phase(market, now, options_);
  auto it = phases_.find(market.ticker);
  if (it == phases_.end()) {
    phases_.emplace(market.ticker, next);
    return PhaseChange{market.ticker, std::nullopt, next};
  }
  const MarketPhase last = it->second;
  if (last == MarketPhase::settled) return std::nullopt;
  if (last == MarketPhase::closed && !final_phase(next)) next = MarketPhase::closed;
  if (next == last) return std::nullopt;
  it->second = next;
  return PhaseChange{market.ticker, last, next};
}

std::optional<MarketPhase> ExpiryTracker::phase(const MarketTicker& ticker) const {
  const auto it = phases_.find(ticker);
  if (it == phases_.end()) return std::nullopt;
  return it->second;
}

void ExpiryTracker::forget(const MarketTicker& ticker) { phases_.erase(ticker); }

}  // namespace antevorta::execution
