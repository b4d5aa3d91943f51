// Exit rules: each rule firing and not firing at its boundary, YES and NO holdings, no bid,
// fractional counts, the priority order, and the probability → price rounding.
#include "antevorta/execution/exits.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <optional>

#include <gtest/gtest.h>

#include "unit/execution/literals.hpp"

namespace antevorta::execution {

inline void PrintTo(ExitReason r, std::ostream* os) { *os << to_string(r); }
inline void PrintTo(const ExitEvaluation& e, std::ostream* os) {
  if (e.decision) {
    *os << "sell " << e.decision->count.to_string() << " "
        << (e.decision->leg == kalshi::OutcomeSide::yes ? "YES" : "NO") << " at "
        << e.decision->limit_price.to_string() << " (" << to_string(e.decision->reason) << ")";
  } else if (e.blocked) {
    *os << "blocked (" << to_string(*e.blocked) << ")";
  } else {
    *os << "hold";
  }
}

namespace {

using namespace std::chrono_literals;
using kalshi::OutcomeSide;
using test::C;
using test::M;
using test::P;
using test::T;

constexpr auto kYes = OutcomeSide::yes;
constexpr auto kNo = OutcomeSide::no;

// 10 YES bought for $4.00: average cost 0.40. Opened at T(0); the market closes at T(1000);
// evaluated at T(100).
ExitInput yes_holding(std::optional<Price> yes_bid, std::optional<Price> yes_ask = std::nullopt) {
  ExitInput in;
  in.ticker = MarketTicker("KXBTC15M-26JAN010015-15");
  in.held_leg = kYes;
  in.contracts = C("10");
  in.cost_basis = M("4.00");
  in.opened_at = T(0);
  in.mark = Mark{yes_bid, yes_ask};
  in.close_time = T(1000);
  in.now = T(100);
  return in;
}

// 4 NO bought for $2.40: average cost 0.60. The NO bid is 1 − the YES ask; the YES bid is set
// to 0.99 to show that it plays no part.
ExitInput no_holding(std::optional<Price> yes_ask) {
  ExitInput in = yes_holding(P("0.99"), yes_ask);
  in.held_leg = kNo;
  in.contracts = C("4");
  in.cost_basis = M("2.40");
  return in;
}

ExitEvaluation sell(ExitReason reason, OutcomeSide leg, Count count, Price limit) {
  return {ExitDecision{reason, leg, count, limit}, std::nullopt};
}
ExitEvaluation blocked(ExitReason reason) { return {std::nullopt, reason}; }
const ExitEvaluation kHold{};

TEST(ExitRules, NoRulesNeverExit) {
  EXPECT_EQ(evaluate_exit({}, yes_holding(P("0.01"))), kHold);
  EXPECT_EQ(evaluate_exit({}, yes_holding(std::nullopt)), kHold);
}

TEST(ExitRules, TakeProfitYes) {
  config::ExitConfig c;
  c.take_profit = P("0.10");  // fires at bid >= 0.40 + 0.10 = 0.50
  EXPECT_EQ(evaluate_exit(c, yes_holding(P("0.50"))),
            sell(ExitReason::take_profit, kYes, C("10"), P("0.50")));
  EXPECT_EQ(evaluate_exit(c, yes_holding(P("0.4999"))), kHold);
  EXPECT_EQ(evaluate_exit(c, yes_holding(P("0.73"))),
            sell(ExitReason::take_profit, kYes, C("10"), P("0.73")));
}

TEST(ExitRules, StopLossYes) {
  config::ExitConfig c;
  c.stop_loss = P("0.15");  // fires at bid <= 0.40 − 0.15 = 0.25
  EXPECT_EQ(evaluate_exit(c, yes_holding(P("0.25"))),
            sell(ExitReason::stop_loss, kYes, C("10"), P("0.25")));
  EXPECT_EQ(evaluate_exit(c, yes_holding(P("0.2501"))), kHold);
}

TEST(ExitRules, TakeProfitAndStopLossNo) {
  config::ExitConfig c;
  c.take_profit = P("0.05");  // NO bid >= 0.60 + 0.05 = 0.65, i.e. YES ask <= 0.35
  c.stop_loss = P("0.10");    // NO bid <= 0.60 − 0.10 = 0.50, i.e. YES ask >= 0.50
  EXPECT_EQ(evaluate_exit(c, no_holding(P("0.35"))),
            sell(ExitReason::take_profit, kNo, C("4"), P("0.65")));
  EXPECT_EQ(evaluate_exit(c, no_holding(P("0.3501"))), kHold);  // NO bid 0.6499
  EXPECT_EQ(evaluate_exit(c, no_holding(P("0.4999"))), kHold);  // NO bid 0.5001
  EXPECT_EQ(evaluate_exit(c, no_holding(P("0.50"))),
            sell(ExitReason::stop_loss, kNo, C("4"), P("0.50")));
}

TEST(ExitRules, FractionalCountsCompareWithTheExactAverage) {
  // 2.50 YES for $1.0001: average 0.40004 (a rounded 0.4000 would fire one tick early).
  // take_profit 0.10 → threshold 0.50004. In centi-cents × centi-contracts:
  //   bid 0.5000: 5000 × 250 = 1,250,000 < 10001 × 100 + 1000 × 250 = 1,250,100 → hold
  //   bid 0.5001: 5001 × 250 = 1,250,250 >= 1,250,100                          → sell
  config::ExitConfig tp;
  tp.take_profit = P("0.10");
  ExitInput in = yes_holding(P("0.5000"));
  in.contracts = C("2.50");
  in.cost_basis = M("1.0001");
  EXPECT_EQ(evaluate_exit(tp, in), kHold);
  in.mark.yes_bid = P("0.5001");
  EXPECT_EQ(evaluate_exit(tp, in), sell(ExitReason::take_profit, kYes, C("2.50"), P("0.5001")));

  // 0.33 YES for $0.10: average 0.30303…; stop_loss 0.10 → threshold 0.20303…
  //   bid 0.2030: 2030 × 33 = 66,990 <= 1000 × 100 − 1000 × 33 = 67,000 → sell
  //   bid 0.2031: 2031 × 33 = 67,023 >  67,000                           → hold
  config::ExitConfig sl;
  sl.stop_loss = P("0.10");
  in.contracts = C("0.33");
  in.cost_basis = M("0.10");
  in.mark.yes_bid = P("0.2030");
  EXPECT_EQ(evaluate_exit(sl, in), sell(ExitReason::stop_loss, kYes, C("0.33"), P("0.2030")));
  in.mark.yes_bid = P("0.2031");
  EXPECT_EQ(evaluate_exit(sl, in), kHold);
}

TEST(ExitRules, AverageCostRoundsOnlyAsAsked) {
  // $1.0001 / 2.50 = 0.40004: 1,000,100 / 250 = 4000.4 centi-cents.
  EXPECT_EQ(average_cost(M("1.0001"), C("2.50"), Rounding::down), M("0.4000"));
  EXPECT_EQ(average_cost(M("1.0001"), C("2.50"), Rounding::up), M("0.4001"));
  EXPECT_EQ(average_cost(M("1.0001"), C("2.50"), Rounding::nearest), M("0.4000"));
  // $0.10 / 0.33 = 100,000 / 33 = 3030.30… centi-cents.
  EXPECT_EQ(average_cost(M("0.10"), C("0.33"), Rounding::nearest), M("0.3030"));
  EXPECT_EQ(average_cost(M("4.00"), C("10"), Rounding::down), M("0.40"));
}

TEST(ExitRules, EdgeEvaporatedYes) {
  config::ExitConfig c;
  c.edge_evaporated = P("0.05");
  // P(YES) 0.57 is 5699.999999999999 centi-cents as a double; it counts as 0.5700.
  // Fires when 0.5700 − bid < 0.05, i.e. bid > 0.52.
  ExitInput in = yes_holding(P("0.52"));
  in.fair_yes = 0.57;
  EXPECT_EQ(evaluate_exit(c, in), kHold);  // 0.0500 left: not below
  in.mark.yes_bid = P("0.5201");           // 0.0499 left
  EXPECT_EQ(evaluate_exit(c, in), sell(ExitReason::edge_evaporated, kYes, C("10"), P("0.5201")));
  // Without a probability the rule cannot fire, however high the bid.
  in.fair_yes.reset();
  in.mark.yes_bid = P("0.99");
  EXPECT_EQ(evaluate_exit(c, in), kHold);
}

TEST(ExitRules, EdgeEvaporatedNo) {
  config::ExitConfig c;
  c.edge_evaporated = P("0");  // exit once the NO bid exceeds the NO fair value
  // P(YES) 0.123456 → 1234.56 centi-cents: NO is worth 10000 − ceil(1234.56) = 8765.
  ExitInput in = no_holding(P("0.1235"));  // NO bid 0.8765: fair − bid = 0, not below 0
  in.fair_yes = 0.123456;
  EXPECT_EQ(evaluate_exit(c, in), kHold);
  in.mark.yes_ask = P("0.1234");  // NO bid 0.8766: fair − bid = −0.0001
  EXPECT_EQ(evaluate_exit(c, in), sell(ExitReason::edge_evaporated, kNo, C("4"), P("0.8766")));
}

TEST(ExitRules, FairValueRoundsTheHeldLegDown) {
  // 1234.56 centi-cents: YES floor → 0.1234; NO 1 − ceil → 0.8765. Both below the exact value.
  EXPECT_EQ(held_leg_fair_value(kYes, 0.123456), P("0.1234"));
  EXPECT_EQ(held_leg_fair_value(kNo, 0.123456), P("0.8765"));
  // Within 1e-6 of a centi-cent: that centi-cent, on both legs.
  EXPECT_EQ(held_leg_fair_value(kYes, 0.57), P("0.57"));
  EXPECT_EQ(held_leg_fair_value(kNo, 0.57), P("0.43"));
  EXPECT_EQ(held_leg_fair_value(kYes, 0.0), P("0"));
  EXPECT_EQ(held_leg_fair_value(kNo, 1.0), P("0"));
  EXPECT_EQ(held_leg_fair_value(kYes, 1.0), P("1"));
  for (const double bad : {-0.01, 1.01, std::numeric_limits<double>::quiet_NaN(),
                           std::numeric_limits<double>::infinity()}) {
    EXPECT_EQ(held_leg_fair_value(kYes, bad), std::nullopt) << bad;
  }
  EXPECT_EQ(held_leg_fair_value(kYes, std::nullopt), std::nullopt);
}

TEST(ExitRules, FlattenBeforeClose) {
  config::ExitConfig c;
  c.flatten_before_close = 120s;  // close T(1000): fires from T(880) on
  ExitInput in = yes_holding(P("0.45"));
  in.now = T(880) - 1ns;
  EXPECT_EQ(evaluate_exit(c, in), kHold);
  in.now = T(880);  // 120 s left: == the setting
  EXPECT_EQ(evaluate_exit(c, in), sell(ExitReason::flatten_before_close, kYes, C("10"), P("0.45")));
  in.close_time.reset();  // unknown close: cannot fire
  EXPECT_EQ(evaluate_exit(c, in), kHold);
}

TEST(ExitRules, TimeDecay) {
  config::ExitConfig c;
  c.max_holding = 600s;  // opened T(0): fires once held for more than 600 s
  ExitInput in = no_holding(P("0.45"));
  in.now = T(600);  // exactly 600 s: not longer
  EXPECT_EQ(evaluate_exit(c, in), kHold);
  in.now = T(600) + 1ns;
  EXPECT_EQ(evaluate_exit(c, in), sell(ExitReason::time_decay, kNo, C("4"), P("0.55")));
}

TEST(ExitRules, NoBidBlocksTimeRulesAndSilencesPriceRules) {
  config::ExitConfig price;
  price.stop_loss = P("0.01");
  price.take_profit = P("0.01");
  price.edge_evaporated = P("1");
  ExitInput yes = yes_holding(std::nullopt);
  yes.fair_yes = 0.0;
  EXPECT_EQ(evaluate_exit(price, yes), kHold);
  yes.mark.yes_bid = P("0");  // a bid of 0 is no bid
  EXPECT_EQ(evaluate_exit(price, yes), kHold);
  EXPECT_EQ(evaluate_exit(price, no_holding(std::nullopt)), kHold);
  EXPECT_EQ(evaluate_exit(price, no_holding(P("1"))), kHold);  // YES ask 1 → NO bid 0

  config::ExitConfig time = price;
  time.max_holding = 60s;  // held 100 s at T(100)
  EXPECT_EQ(evaluate_exit(time, yes), blocked(ExitReason::time_decay));
  time.flatten_before_close = 900s;  // 900 s left at T(100): fires too, and comes first
  EXPECT_EQ(evaluate_exit(time, yes), blocked(ExitReason::flatten_before_close));
  EXPECT_EQ(evaluate_exit(time, no_holding(P("1"))), blocked(ExitReason::flatten_before_close));
}

TEST(ExitRules, FirstMatchingRuleInPriorityOrder) {
  // At T(950) with bid 0.10 and P(YES) 0.05, held 950 s: flatten (50 s left <= 60 s),
  // stop_loss (0.10 <= 0.40 − 0.05), edge (0.05 − 0.10 < 0) and time decay (950 > 60) all
  // fire; take_profit cannot at this bid.
  config::ExitConfig c;
  c.flatten_before_close = 60s;
  c.stop_loss = P("0.05");
  c.take_profit = P("0.05");
  c.edge_evaporated = P("0");
  c.max_holding = 60s;
  ExitInput in = yes_holding(P("0.10"));
  in.fair_yes = 0.05;
  in.now = T(950);
  const auto reason = [&] {
    const ExitEvaluation e = evaluate_exit(c, in);
    return e.decision ? std::optional(e.decision->reason) : std::nullopt;
  };
  EXPECT_EQ(reason(), ExitReason::flatten_before_close);
  c.flatten_before_close.reset();
  EXPECT_EQ(reason(), ExitReason::stop_loss);
  c.stop_loss.reset();
  EXPECT_EQ(reason(), ExitReason::edge_evaporated);
  c.edge_evaporated.reset();
  EXPECT_EQ(reason(), ExitReason::time_decay);
  // A high bid: take_profit (0.90 >= 0.45) comes before edge (0.05 − 0.90 < 0) and time.
  c.edge_evaporated = P("0");
  in.mark.yes_bid = P("0.90");
  EXPECT_EQ(reason(), ExitReason::take_profit);
  c.take_profit.reset();
  EXPECT_EQ(reason(), ExitReason::edge_evaporated);
}

TEST(ExitRules, HeldLegBid) {
  EXPECT_EQ(held_leg_bid(kYes, Mark{P("0.41"), P("0.44")}), P("0.41"));
  EXPECT_EQ(held_leg_bid(kNo, Mark{P("0.41"), P("0.44")}), P("0.56"));
  EXPECT_EQ(held_leg_bid(kYes, Mark{std::nullopt, P("0.44")}), std::nullopt);
  EXPECT_EQ(held_leg_bid(kNo, Mark{P("0.41"), std::nullopt}), std::nullopt);
}

TEST(ExitRules, ReasonNames) {
  EXPECT_EQ(to_string(ExitReason::flatten_before_close), "flatten_before_close");
  EXPECT_EQ(to_string(ExitReason::stop_loss), "stop_loss");
  EXPECT_EQ(to_string(ExitReason::take_profit), "take_profit");
  EXPECT_EQ(to_string(ExitReason::edge_evaporated), "edge_evaporated");
  EXPECT_EQ(to_string(ExitReason::time_decay), "time_decay");
}

}  // namespace
}  // namespace antevorta::execution
