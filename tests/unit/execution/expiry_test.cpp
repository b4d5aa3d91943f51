// The expiry sequence: phases by time at their exact boundaries, phases by status, the next
// boundary, what each phase allows, and the tracker reporting each change once.
#include "antevorta/execution/expiry.hpp"

#include <chrono>
#include <optional>

#include <gtest/gtest.h>

#include "unit/execution/literals.hpp"

namespace antevorta::execution {

inline void PrintTo(MarketPhase p, std::ostream* os) { *os << to_string(p); }
inline void PrintTo(const PhaseChange& c, std::ostream* os) {
  *os << c.ticker.str() << ": " << (c.from ? to_string(*c.from) : "(first)") << " -> "
      << to_string(c.to);
}

namespace {

using namespace std::chrono_literals;
using kalshi::MarketResult;
using kalshi::MarketStatus;
using test::T;

// An open market closing at T(1000).
kalshi::Market market(MarketStatus status = MarketStatus::active,
                      std::optional<Timestamp> close = T(1000)) {
  kalshi::Market m;
  m.ticker = MarketTicker("KXBTC15M-26JAN010015-15");
  m.status = status;
  m.close_time = close;
  return m;
}

const ExpiryOptions kDefaults{60s, 10s};

MarketPhase at(const kalshi::Market& m, Timestamp now, const ExpiryOptions& o = kDefaults) {
  return market_phase(m, now, o);
}

TEST(MarketPhase, ByTimeAtEachBoundary) {
  const auto m = market();
  // Left 1000 s → normal; the reduce-only window of 60 s starts at T(940) exactly.
  EXPECT_EQ(at(m, T(0)), MarketPhase::normal);
  EXPECT_EQ(at(m, T(940) - 1ns), MarketPhase::normal);  // 60 s + 1 ns left
  EXPECT_EQ(at(m, T(940)), MarketPhase::reduce_only);   // 60 s left: == the window
  EXPECT_EQ(at(m, T(990) - 1ns), MarketPhase::reduce_only);
  EXPECT_EQ(at(m, T(990)), MarketPhase::cancel_all);  // 10 s left: == the window
  EXPECT_EQ(at(m, T(1000) - 1ns), MarketPhase::cancel_all);
  EXPECT_EQ(at(m, T(1000)), MarketPhase::closed);  // now == close_time
  EXPECT_EQ(at(m, T(5000)), MarketPhase::closed);
}

TEST(MarketPhase, ZeroAndEqualWindows) {
  const auto m = market();
  // Both 0: trading until the close, then closed; no reduce-only or cancel-all moment.
  const ExpiryOptions none{0s, 0s};
  EXPECT_EQ(at(m, T(1000) - 1ns, none), MarketPhase::normal);
  EXPECT_EQ(at(m, T(1000), none), MarketPhase::closed);
  // Equal windows of 30 s: straight from normal to cancel_all at T(970).
  const ExpiryOptions equal{30s, 30s};
  EXPECT_EQ(at(m, T(970) - 1ns, equal), MarketPhase::normal);
  EXPECT_EQ(at(m, T(970), equal), MarketPhase::cancel_all);
}

TEST(MarketPhase, StatusDecidesAfterTrading) {
  // A closed status wins even with time left (e.g. an early close).
  EXPECT_EQ(at(market(MarketStatus::closed), T(0)), MarketPhase::closed);
  EXPECT_EQ(at(market(MarketStatus::disputed), T(0)), MarketPhase::closed);

  auto determined = market(MarketStatus::determined);
  EXPECT_EQ(at(determined, T(2000)), MarketPhase::closed);  // no result yet: await it
  determined.result = MarketResult::yes;
  EXPECT_EQ(at(determined, T(2000)), MarketPhase::settled);
  determined.result = MarketResult::unknown;  // a result we cannot book
  EXPECT_EQ(at(determined, T(2000)), MarketPhase::closed);

  auto amended = market(MarketStatus::amended);
  amended.result = MarketResult::scalar;  // scalar needs its value
  EXPECT_EQ(at(amended, T(2000)), MarketPhase::closed);
  amended.settlement_value = test::P("0.4200");
  EXPECT_EQ(at(amended, T(2000)), MarketPhase::settled);

  auto finalized = market(MarketStatus::finalized);
  finalized.result = MarketResult::no;
  EXPECT_EQ(at(finalized, T(0)), MarketPhase::settled);  // the status wins over time too
}

TEST(MarketPhase, PausedNotYetOpenAndUnknownStatusesFollowTheClock) {
  for (const auto status : {MarketStatus::inactive, MarketStatus::initialized,
                            MarketStatus::unknown, MarketStatus::active}) {
    const auto m = market(status);
    EXPECT_EQ(at(m, T(0)), MarketPhase::normal) << to_string(status);
    EXPECT_EQ(at(m, T(950)), MarketPhase::reduce_only) << to_string(status);
    EXPECT_EQ(at(m, T(995)), MarketPhase::cancel_all) << to_string(status);
    EXPECT_EQ(at(m, T(1000)), MarketPhase::closed) << to_string(status);
  }
}

TEST(MarketPhase, NoCloseTimeStopsEntriesUnlessTheStatusDecides) {
  EXPECT_EQ(at(market(MarketStatus::active, std::nullopt), T(0)), MarketPhase::reduce_only);
  EXPECT_EQ(at(market(MarketStatus::closed, std::nullopt), T(0)), MarketPhase::closed);
}

TEST(MarketPhase, WhatEachPhaseAllows) {
  EXPECT_TRUE(allows_entry(MarketPhase::normal));
  EXPECT_TRUE(allows_reduce(MarketPhase::normal));
  EXPECT_FALSE(allows_entry(MarketPhase::reduce_only));
  EXPECT_TRUE(allows_reduce(MarketPhase::reduce_only));
  for (const auto p : {MarketPhase::cancel_all, MarketPhase::closed, MarketPhase::settled}) {
    EXPECT_FALSE(allows_entry(p)) << to_string(p);
    EXPECT_FALSE(allows_reduce(p)) << to_string(p);
  }
}

TEST(MarketPhase, OptionsComeFromTheExecutionConfig) {
  config::ExecutionConfig c;
  c.reduce_only_before_close = 45s;
  c.cancel_all_before_close = 5s;
  const ExpiryOptions o = expiry_options(c);
  EXPECT_EQ(o.reduce_only_before_close, 45s);
  EXPECT_EQ(o.cancel_all_before_close, 5s);
}

TEST(NextPhaseTime, IsTheNextBoundaryAhead) {
  const auto m = market();
  EXPECT_EQ(next_phase_time(m, T(0), kDefaults), T(940));
  EXPECT_EQ(next_phase_time(m, T(940) - 1ns, kDefaults), T(940));
  EXPECT_EQ(next_phase_time(m, T(940), kDefaults), T(990));  // already reduce_only
  EXPECT_EQ(next_phase_time(m, T(990), kDefaults), T(1000));
  EXPECT_EQ(next_phase_time(m, T(1000), kDefaults), std::nullopt);  // closed: status next
  EXPECT_EQ(next_phase_time(m, T(0), {30s, 30s}), T(970));
  EXPECT_EQ(next_phase_time(m, T(970), {30s, 30s}), T(1000));
  EXPECT_EQ(next_phase_time(market(MarketStatus::closed), T(0), kDefaults), std::nullopt);
  EXPECT_EQ(next_phase_time(market(MarketStatus::active, std::nullopt), T(0), kDefaults),
            std::nullopt);
  // At the returned instant the phase differs, and just before it has not changed yet.
  for (const double s : {0.0, 500.0, 940.0, 955.5, 990.0, 999.0}) {
    const auto next = next_phase_time(m, T(s), kDefaults);
    ASSERT_TRUE(next) << s;
    EXPECT_EQ(at(m, *next - 1ns), at(m, T(s))) << s;
    EXPECT_NE(at(m, *next), at(m, T(s))) << s;
  }
}

TEST(ExpiryTracker, ReportsEachChangeOnce) {
  ExpiryTracker tracker(kDefaults);
  const auto m = market();
  const MarketTicker& id = m.ticker;
  EXPECT_EQ(tracker.update(m, T(0)), (PhaseChange{id, std::nullopt, MarketPhase::normal}));
  EXPECT_EQ(tracker.update(m, T(100)), std::nullopt);
  EXPECT_EQ(tracker.update(m, T(940)),
            (PhaseChange{id, MarketPhase::normal, MarketPhase::reduce_only}));
  EXPECT_EQ(tracker.update(m, T(950)), std::nullopt);
  EXPECT_EQ(tracker.update(m, T(990)),
            (PhaseChange{id, MarketPhase::reduce_only, MarketPhase::cancel_all}));
  EXPECT_EQ(tracker.update(m, T(995)), std::nullopt);  // cancel all happens once
  EXPECT_EQ(tracker.update(m, T(1000)),
            (PhaseChange{id, MarketPhase::cancel_all, MarketPhase::closed}));
  auto settled = market(MarketStatus::determined);
  settled.result = MarketResult::no;
  EXPECT_EQ(tracker.update(settled, T(1006)),
            (PhaseChange{id, MarketPhase::closed, MarketPhase::settled}));
  EXPECT_EQ(tracker.phase(id), MarketPhase::settled);
  EXPECT_EQ(tracker.size(), 1u);
}

TEST(ExpiryTracker, FirstSeenNearTheCloseIsAChangeToo) {
  // A restart 5 s before the close: the engine must still cancel everything.
  ExpiryTracker tracker(kDefaults);
  const auto m = market();
  EXPECT_EQ(tracker.update(m, T(995)),
            (PhaseChange{m.ticker, std::nullopt, MarketPhase::cancel_all}));
}

TEST(ExpiryTracker, AMovedCloseBeforeTheCloseIsReported) {
  ExpiryTracker tracker(kDefaults);
  auto m = market();
  tracker.update(m, T(950));  // reduce_only
  m.close_time = T(4600);     // close_date_updated: an hour later
  EXPECT_EQ(tracker.update(m, T(951)),
            (PhaseChange{m.ticker, MarketPhase::reduce_only, MarketPhase::normal}));
}

TEST(ExpiryTracker, ClosedAndSettledAreFinal) {
  ExpiryTracker tracker(kDefaults);
  auto m = market();
  tracker.update(m, T(1000));  // closed
  // Stale metadata claiming the market is open with a later close does not reopen it.
  m.close_time = T(9000);
  EXPECT_EQ(tracker.update(m, T(1001)), std::nullopt);
  EXPECT_EQ(tracker.phase(m.ticker), MarketPhase::closed);

  m.status = MarketStatus::determined;
  m.result = MarketResult::yes;
  ASSERT_TRUE(tracker.update(m, T(1002)));
  // A dispute after determination: nothing more is reported, the phase stays settled.
  m.status = MarketStatus::disputed;
  EXPECT_EQ(tracker.update(m, T(1003)), std::nullopt);
  EXPECT_EQ(tracker.phase(m.ticker), MarketPhase::settled);
}

TEST(ExpiryTracker, MarketsAreIndependentAndCanBeForgotten) {
  ExpiryTracker tracker(kDefaults);
  auto a = market();
  auto b = market(MarketStatus::active, T(2000));
  b.ticker = MarketTicker("KXBTC15M-26JAN010030-30");
  tracker.update(a, T(0));
  tracker.update(b, T(0));
  EXPECT_EQ(tracker.update(a, T(990)),
            (PhaseChange{a.ticker, MarketPhase::normal, MarketPhase::cancel_all}));
  EXPECT_EQ(tracker.update(b, T(990)), std::nullopt);  // 1010 s left
  EXPECT_EQ(tracker.phase(b.ticker), MarketPhase::normal);

  tracker.forget(a.ticker);
  EXPECT_EQ(tracker.phase(a.ticker), std::nullopt);
  EXPECT_EQ(tracker.size(), 1u);
  EXPECT_EQ(tracker.update(a, T(991)),
            (PhaseChange{a.ticker, std::nullopt, MarketPhase::cancel_all}));
}

}  // namespace
}  // namespace antevorta::execution
