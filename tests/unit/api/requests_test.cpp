// Strict parsing of the operator API's bodies and queries (api/requests.hpp).
#include "antevorta/api/requests.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace antevorta::api {
namespace {

using ::testing::HasSubstr;

constexpr const char* kOrder =
    R"({"ticker":"KXBTC15M-26NOV211145-45","side":"no","action":"sell","count":"2.50",)"
    R"("price":"0.4525","time_in_force":"immediate_or_cancel","post_only":false})";

TEST(ManualOrderBody, ParsesEveryFieldExactly) {
  auto order = parse_manual_order(kOrder);
  ASSERT_TRUE(order) << order.error();
  EXPECT_EQ(order->ticker.str(), "KXBTC15M-26NOV211145-45");
  EXPECT_EQ(order->side, kalshi::OutcomeSide::no);
  EXPECT_EQ(order->action, strategy::Action::sell);
  EXPECT_EQ(order->count.centi(), 250);        // "2.50" = 250 centi-contracts
  EXPECT_EQ(order->price.centicents(), 4525);  // "0.4525" = 4525 centi-cents
  EXPECT_EQ(order->time_in_force, kalshi::TimeInForce::immediate_or_cancel);
  EXPECT_FALSE(order->post_only);
  EXPECT_FALSE(order->reduce_only);
}

TEST(ManualOrderBody, DefaultsTimeInForceAndFlags) {
  auto order = parse_manual_order(
      R"({"ticker":"T","side":"yes","action":"buy","count":"1.00","price":"0.0100"})");
  ASSERT_TRUE(order) << order.error();
  EXPECT_EQ(order->time_in_force, kalshi::TimeInForce::good_till_canceled);
  EXPECT_EQ(order->price.centicents(), 100);
}

TEST(ManualOrderBody, RejectsEachBadFieldByName) {
  struct Case {
    const char* body;
    const char* message;
  };
  const Case cases[] = {
      {"", "needs a JSON object"},
      {"{not json", "not valid JSON"},
      {"[1,2]", "must be a JSON object"},
      {R"({"ticker":"T","side":"yes","action":"buy","count":"1.00","price":"0.5000","colour":1})",
       "unknown field \"colour\""},
      {R"({"side":"yes","action":"buy","count":"1.00","price":"0.5000"})",
       "missing field \"ticker\""},
      {R"({"ticker":"T X","side":"yes","action":"buy","count":"1.00","price":"0.5"})",
       "field \"ticker\""},
      {R"({"ticker":"T","side":"YES","action":"buy","count":"1.00","price":"0.5"})",
       "field \"side\""},
      {R"({"ticker":"T","side":"yes","action":"hold","count":"1.00","price":"0.5"})",
       "field \"action\""},
      // Numbers are decimal strings: a JSON number would pass through a double.
      {R"({"ticker":"T","side":"yes","action":"buy","count":2,"price":"0.5"})",
       "field \"count\" must be a string"},
      {R"({"ticker":"T","side":"yes","action":"buy","count":"1.001","price":"0.5"})",
       "field \"count\""},
      {R"({"ticker":"T","side":"yes","action":"buy","count":"0.00","price":"0.5"})",
       "must be positive"},
      {R"({"ticker":"T","side":"yes","action":"buy","count":"1.00","price":"0.45001"})",
       "field \"price\""},
      {R"({"ticker":"T","side":"yes","action":"buy","count":"1.00","price":"1.0000"})",
       "between 0 and 1"},
      {R"({"ticker":"T","side":"yes","action":"buy","count":"1.00","price":"0.0000"})",
       "between 0 and 1"},
      {R"({"ticker":"T","side":"yes","action":"buy","count":"1.00","price":"0.5","time_in_force":"gtc"})",
       "field \"time_in_force\""},
      {R"({"ticker":"T","side":"yes","action":"buy","count":"1.00","price":"0.5","post_only":"no"})",
       "field \"post_only\" must be true or false"},
      {R"({"ticker":"T","side":"yes","action":"buy","count":"1.00","price":"0.5","post_only":true,"time_in_force":"fill_or_kill"})",
       "post_only needs"},
  };
  for (const auto& c : cases) {
    auto order = parse_manual_order(c.body);
    ASSERT_FALSE(order) << c.body;
    EXPECT_THAT(order.error(), HasSubstr(c.message)) << c.body;
  }
}

TEST(KillSwitchBody, NeedsEngagedAndTakesAReason) {
  auto on = parse_kill_switch(R"({"engaged":true,"reason":"news"})");
  ASSERT_TRUE(on);
  EXPECT_TRUE(on->engaged);
  EXPECT_EQ(on->reason, "news");
  auto off = parse_kill_switch(R"({"engaged":false})");
  ASSERT_TRUE(off);
  EXPECT_FALSE(off->engaged);
  EXPECT_THAT(parse_kill_switch("{}").error(), HasSubstr("missing field \"engaged\""));
  EXPECT_THAT(parse_kill_switch(R"({"engaged":1})").error(), HasSubstr("true or false"));
  EXPECT_THAT(parse_kill_switch(R"({"engaged":true,"why":"x"})").error(),
              HasSubstr("unknown field \"why\""));
  EXPECT_THAT(parse_kill_switch(std::string(R"({"engaged":true,"reason":")") +
                                std::string(501, 'x') + "\"}")
                  .error(),
              HasSubstr("longer than 500"));
}

TEST(KillSwitchBody, AFieldGivenTwiceIsRefusedNotLastWins) {
  EXPECT_THAT(parse_kill_switch(R"({"engaged":true,"engaged":false})").error(),
              HasSubstr("field \"engaged\" appears twice"));
  // The same key in different objects is not a duplicate (a nested object is still an
  // unknown field here, but for that reason).
  EXPECT_THAT(parse_kill_switch(R"({"engaged":true,"x":{"engaged":1}})").error(),
              HasSubstr("unknown field \"x\""));
  EXPECT_THAT(parse_manual_order(R"({"ticker":"A","ticker":"B","side":"yes","action":"buy",)"
                                 R"("count":"1.00","price":"0.5000"})")
                  .error(),
              HasSubstr("field \"ticker\" appears twice"));
}

TEST(OptionalReasonBody, EmptyBodyAndEmptyObjectAreFine) {
  EXPECT_EQ(*parse_optional_reason(""), "");
  EXPECT_EQ(*parse_optional_reason("{}"), "");
  EXPECT_EQ(*parse_optional_reason(R"({"reason":"eod"})"), "eod");
  EXPECT_FALSE(parse_optional_reason(R"({"all":true})"));
}

TEST(StrategyToggleBody, NeedsEnabled) {
  EXPECT_TRUE(parse_strategy_toggle(R"({"enabled":true})")->enabled);
  EXPECT_FALSE(parse_strategy_toggle(R"({"enabled":false})")->enabled);
  EXPECT_FALSE(parse_strategy_toggle(R"({"enabled":"true"})"));
  EXPECT_FALSE(parse_strategy_toggle(R"({})"));
}

TEST(Query, ValuesArePercentDecoded) {
  EXPECT_EQ(query_value("status=open&limit=5", "limit"), "5");
  EXPECT_EQ(query_value("status=open&limit=5", "status"), "open");
  EXPECT_EQ(query_value("a=x%20y+z", "a"), "x y z");
  EXPECT_EQ(query_value("flag", "flag"), "");
  EXPECT_EQ(query_value("a=1", "b"), std::nullopt);
}

TEST(Query, LimitIsBoundedAtBothEnds) {
  EXPECT_EQ(*parse_limit("", 100, 1000), 100u);
  EXPECT_EQ(*parse_limit("limit=1", 100, 1000), 1u);
  EXPECT_EQ(*parse_limit("limit=1000", 100, 1000), 1000u);
  EXPECT_FALSE(parse_limit("limit=1001", 100, 1000));
  EXPECT_FALSE(parse_limit("limit=0", 100, 1000));
  EXPECT_FALSE(parse_limit("limit=-1", 100, 1000));
  EXPECT_FALSE(parse_limit("limit=5x", 100, 1000));
  EXPECT_FALSE(parse_limit("limit=", 100, 1000));
}

}  // namespace
}  // namespace antevorta::api
