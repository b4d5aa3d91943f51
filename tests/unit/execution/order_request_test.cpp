// client_order_id derivation (determinism, sensitivity, charset and length, prefix) and the
// V2 create request of a tracked order (all four leg/action combinations).
#include "antevorta/execution/order_request.hpp"

#include <functional>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "unit/execution/literals.hpp"
#include "unit/kalshi/printers.hpp"

namespace antevorta::execution {
namespace {

using namespace test;  // NOLINT: P, C, M, T

using kalshi::BookSide;
using kalshi::OutcomeSide;
using kalshi::TimeInForce;
using strategy::Action;

strategy::OrderIntent intent() {
  strategy::OrderIntent i;
  i.id = strategy::IntentId("intent-1");
  i.strategy = strategy::StrategyId("s1");
  i.ticker = MarketTicker("KXTEST-26JAN01");
  i.side = OutcomeSide::yes;
  i.action = Action::buy;
  i.count = C("10");
  i.limit_price = P("0.40");
  return i;
}

ClientIdPrefix prefix(const char* text = "av1-") { return *ClientIdPrefix::make(text); }

TEST(ClientOrderId, CanonicalTextIsLengthPrefixed) {
  EXPECT_EQ(canonical_intent_text(intent()),
            "antevorta.coid.v1\n8:intent-12:s114:KXTEST-26JAN013:yes3:buy5:10.006:0.4000"
            "18:good_till_canceled1:01:0");
}

TEST(ClientOrderId, KnownAnswerIsStableAcrossRuns) {
  // SHA-256 of the canonical text above, base32 (RFC 4648, lower case), first 26 characters;
  // computed independently with Python's hashlib and base64.b32encode.
  EXPECT_EQ(derive_client_order_id(intent(), prefix()),
            ClientOrderId("av1-ljoljwtle6eq2n52wlsk2ruxfh"));
}

TEST(ClientOrderId, SameIntentSameIdEvidenceAndTimeDoNotMatter) {
  strategy::OrderIntent a = intent();
  strategy::OrderIntent b = intent();
  b.evidence.probability = 0.7;
  b.evidence.reason = "re-created after a restart";
  b.created_at = from_unix_ms(1'800'000'000'000);
  EXPECT_EQ(derive_client_order_id(a, prefix()), derive_client_order_id(b, prefix()));
}

TEST(ClientOrderId, AnyOrderFieldChangesTheId) {
  const std::vector<std::function<void(strategy::OrderIntent&)>> changes{
      [](auto& i) { i.id = strategy::IntentId("intent-2"); },
      [](auto& i) { i.strategy = strategy::StrategyId("s2"); },
      [](auto& i) { i.ticker = MarketTicker("KXTEST-26JAN02"); },
      [](auto& i) { i.side = OutcomeSide::no; },
      [](auto& i) { i.action = Action::sell; },
      [](auto& i) { i.count = C("10.01"); },
      [](auto& i) { i.limit_price = P("0.4001"); },
      [](auto& i) { i.time_in_force = TimeInForce::immediate_or_cancel; },
      [](auto& i) { i.post_only = true; },
      [](auto& i) { i.reduce_only = true; },
      // Length prefixes keep field boundaries: "s1" + "KX…" differs from "s" + "1KX…".
      [](auto& i) {
        i.strategy = strategy::StrategyId("s");
        i.ticker = MarketTicker("1KXTEST-26JAN01");
      },
  };
  std::set<std::string> ids{derive_client_order_id(intent(), prefix()).str()};
  for (const auto& change : changes) {
    strategy::OrderIntent i = intent();
    change(i);
    ids.insert(derive_client_order_id(i, prefix()).str());
  }
  EXPECT_EQ(ids.size(), changes.size() + 1);
}

TEST(ClientOrderId, CharsetLengthAndOwnership) {
  const ClientIdPrefix longest = prefix("abcdefghijklmnopqrstuvwxyzABCD_-");  // 32 characters
  for (const ClientIdPrefix& p : {prefix(), longest}) {
    const ClientOrderId id = derive_client_order_id(intent(), p);
    EXPECT_EQ(id.str().size(), p.str().size() + kClientIdHashChars);
    EXPECT_LE(id.str().size(), 58u);  // 32 + 26
    EXPECT_TRUE(valid_client_order_id(id.str())) << id.str();
    EXPECT_TRUE(is_ours(id, p));
  }
  const ClientOrderId ours = derive_client_order_id(intent(), prefix());
  EXPECT_FALSE(is_ours(ours, prefix("av2-")));
  EXPECT_FALSE(is_ours(ClientOrderId("8c35ecb3-328f-4f52-8c7c-0f4b9862f8d1"), prefix()));
  EXPECT_FALSE(is_ours(ClientOrderId("av1-"), prefix()));
  // Right length, but '1' and '8' are not base32.
  EXPECT_FALSE(is_ours(ClientOrderId("av1-1joljwtle6eq2n52wlsk2ruxf8"), prefix()));
  EXPECT_FALSE(is_ours(ClientOrderId("av1-ljoljwtle6eq2n52wlsk2ruxfhx"), prefix()));  // 27
}

TEST(ClientOrderId, PrefixRules) {
  EXPECT_TRUE(ClientIdPrefix::make("a").has_value());
  EXPECT_TRUE(ClientIdPrefix::make("av1-").has_value());
  EXPECT_TRUE(ClientIdPrefix::make(std::string(32, 'x')).has_value());
  EXPECT_FALSE(ClientIdPrefix::make(std::string(33, 'x')).has_value());
  EXPECT_FALSE(ClientIdPrefix::make("").has_value());
  EXPECT_FALSE(ClientIdPrefix::make("av 1").has_value());
  EXPECT_FALSE(ClientIdPrefix::make("av1.").has_value());
  EXPECT_FALSE(ClientIdPrefix::make("é").has_value());
  EXPECT_TRUE(valid_client_order_id(std::string(64, 'a')));
  EXPECT_FALSE(valid_client_order_id(std::string(65, 'a')));
  EXPECT_FALSE(valid_client_order_id(""));
  EXPECT_FALSE(valid_client_order_id("a/b"));
}

struct Mapping {
  OutcomeSide leg;
  Action action;
  const char* leg_price;
  BookSide side;
  const char* yes_price;
};

TEST(CreateRequest, MapsAllFourLegActionCombinations) {
  const std::vector<Mapping> cases{
      {OutcomeSide::yes, Action::buy, "0.40", BookSide::bid, "0.40"},     // buy YES at p: bid p
      {OutcomeSide::yes, Action::sell, "0.55", BookSide::ask, "0.55"},    // sell YES at p: ask p
      {OutcomeSide::no, Action::buy, "0.30", BookSide::ask, "0.70"},      // buy NO at x: ask 1-x
      {OutcomeSide::no, Action::sell, "0.0010", BookSide::bid, "0.999"},  // sell NO at x: bid 1-x
  };
  for (const Mapping& c : cases) {
    strategy::OrderIntent i = intent();
    i.side = c.leg;
    i.action = c.action;
    i.limit_price = P(c.leg_price);
    const TrackedOrder o =
        make_tracked_order(i, derive_client_order_id(i, prefix()), from_unix_ms(0));
    const kalshi::CreateOrderRequest r = to_create_request(o);
    EXPECT_EQ(r.side, c.side) << to_string(c.leg) << " " << to_string(c.action);
    EXPECT_EQ(r.price, P(c.yes_price)) << to_string(c.leg) << " " << to_string(c.action);
    EXPECT_EQ(r.client_order_id, o.client_order_id);
    EXPECT_EQ(r.ticker, MarketTicker("KXTEST-26JAN01"));
    EXPECT_EQ(r.count, C("10"));
  }
}

TEST(CreateRequest, CarriesFlagsAndTimeInForce) {
  strategy::OrderIntent i = intent();
  i.time_in_force = TimeInForce::fill_or_kill;
  i.reduce_only = true;
  TrackedOrder o = make_tracked_order(i, ClientOrderId("av1-a"), from_unix_ms(0));
  kalshi::CreateOrderRequest r = to_create_request(o);
  EXPECT_EQ(r.time_in_force, TimeInForce::fill_or_kill);
  EXPECT_TRUE(r.reduce_only);
  EXPECT_FALSE(r.post_only);
  EXPECT_EQ(r.self_trade_prevention, kalshi::SelfTradePrevention::taker_at_cross);
  EXPECT_FALSE(r.exchange_index.has_value());

  i = intent();
  i.post_only = true;
  o = make_tracked_order(i, ClientOrderId("av1-b"), from_unix_ms(0));
  r = to_create_request(o);
  EXPECT_TRUE(r.post_only);
  EXPECT_FALSE(r.reduce_only);
  EXPECT_EQ(r.time_in_force, TimeInForce::good_till_canceled);
}

}  // namespace
}  // namespace antevorta::execution
