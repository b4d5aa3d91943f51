#include "antevorta/kalshi/ws_session.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace antevorta::kalshi {
namespace {

using nlohmann::json;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<json> commands(const SessionActions& a) {
  std::vector<json> out;
  for (const auto& c : a.commands) out.push_back(json::parse(c));
  return out;
}

std::vector<std::string> stale_tickers(const SessionActions& a, StaleReason reason) {
  std::vector<std::string> out;
  for (const auto& s : a.stale_books) {
    if (s.reason == reason) out.push_back(s.ticker.str());
  }
  return out;
}

SubscriptionSpec book_spec(std::vector<std::string> tickers, bool use_yes_price = true) {
  SubscriptionSpec spec;
  spec.channel = Channel::orderbook_delta;
  for (auto& t : tickers) spec.market_tickers.emplace_back(t);
  spec.use_yes_price = use_yes_price;
  return spec;
}

class WsSessionTest : public ::testing::Test {
 protected:
  // Connects and acknowledges every subscribe in `a` with sids starting at first_sid.
  void ack_all(const SessionActions& a, std::int64_t first_sid) {
    std::int64_t sid = first_sid;
    for (const auto& cmd : commands(a)) {
      if (cmd["cmd"] != "subscribe") continue;
      SessionActions ack;
      session.on_subscribed(cmd["id"].get<std::int64_t>(), sid++,
                            cmd["params"]["channels"][0].get<std::string>(), ack);
    }
  }

  WsSession session;
  SessionActions out;
};

TEST_F(WsSessionTest, SubscriptionsWaitForTheConnectionAndCarryTheirArguments) {
  const SubKey book = session.subscribe(book_spec({"A", "B"}, false), out);
  SubscriptionSpec cf;
  cf.channel = Channel::cfbenchmarks_value;
  cf.index_ids = {"BRTI", "SOLUSD_RTI"};
  session.subscribe(cf, out);
  SubscriptionSpec tick;
  tick.channel = Channel::ticker;
  tick.send_initial_snapshot = true;
  session.subscribe(tick, out);
  EXPECT_THAT(out.commands, IsEmpty());
  EXPECT_EQ(session.find(book)->state, SubscriptionState::idle);

  session.on_connected(out);
  const auto cmds = commands(out);
  ASSERT_EQ(cmds.size(), 3u);
  EXPECT_EQ(cmds[0], json::parse(R"({"id":1,"cmd":"subscribe","params":{"channels":
      ["orderbook_delta"],"market_tickers":["A","B"],"use_yes_price":false}})"));
  EXPECT_EQ(cmds[1], json::parse(R"({"id":2,"cmd":"subscribe","params":{"channels":
      ["cfbenchmarks_value"],"index_ids":["BRTI","SOLUSD_RTI"]}})"));
  EXPECT_EQ(cmds[2], json::parse(R"({"id":3,"cmd":"subscribe","params":{"channels":["ticker"],
      "send_initial_snapshot":true}})"));
  EXPECT_EQ(session.find(book)->state, SubscriptionState::subscribing);
}

TEST_F(WsSessionTest, UseYesPriceIsAlwaysExplicitAndReportedPerSid) {
  session.on_connected(out);
  session.subscribe(book_spec({"A"}, true), out);
  EXPECT_EQ(commands(out)[0]["params"]["use_yes_price"], true);
  out.clear();
  session.on_subscribed(1, 7, "orderbook_delta", out);
  EXPECT_THAT(out.yes_price_sids, ElementsAre(std::pair<std::int64_t, bool>{7, true}));
  EXPECT_EQ(session.find_by_sid(7)->state, SubscriptionState::active);
}

TEST_F(WsSessionTest, InOrderSeqIsAcceptedAndAcksConsumeNumbers) {
  session.subscribe(book_spec({"A"}), out);
  session.on_connected(out);
  ack_all(out, 4);
  out.clear();
  EXPECT_EQ(session.on_data(4, 1, out), SeqVerdict::accept);  // snapshot
  EXPECT_EQ(session.on_data(4, 2, out), SeqVerdict::accept);
  EXPECT_EQ(session.on_ok(9, 4, 3, out), SeqVerdict::accept);  // update_subscription ack
  EXPECT_EQ(session.on_data(4, 4, out), SeqVerdict::accept);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(session.gaps(), 0u);
}

TEST_F(WsSessionTest, GapMarksBooksStaleAndReplacesTheSubscription) {
  const SubKey key = session.subscribe(book_spec({"A", "B"}), out);
  session.on_connected(out);
  ack_all(out, 4);
  out.clear();
  ASSERT_EQ(session.on_data(4, 1, out), SeqVerdict::accept);
  ASSERT_EQ(session.on_data(4, 2, out), SeqVerdict::accept);

  EXPECT_EQ(session.on_data(4, 4, out), SeqVerdict::gap);
  EXPECT_EQ(session.gaps(), 1u);
  EXPECT_THAT(stale_tickers(out, StaleReason::sequence_gap), ElementsAre("A", "B"));
  ASSERT_EQ(out.issues.size(), 1u);
  EXPECT_EQ(out.issues[0].kind, IssueKind::sequence_gap);
  const auto cmds = commands(out);
  ASSERT_EQ(cmds.size(), 2u);
  EXPECT_EQ(cmds[0]["cmd"], "unsubscribe");
  EXPECT_EQ(cmds[0]["params"]["sids"], json::array({4}));
  EXPECT_EQ(cmds[1]["cmd"], "subscribe");
  EXPECT_EQ(cmds[1]["params"]["market_tickers"], json::array({"A", "B"}));
  EXPECT_EQ(session.find(key)->state, SubscriptionState::resubscribing);

  // The old sid's stragglers are ignored; the new sid starts its own count.
  out.clear();
  EXPECT_EQ(session.on_data(4, 5, out), SeqVerdict::ignore);
  session.on_subscribed(cmds[1]["id"].get<std::int64_t>(), 5, "orderbook_delta", out);
  EXPECT_EQ(session.find(key)->state, SubscriptionState::active);
  EXPECT_EQ(session.on_data(5, 1, out), SeqVerdict::accept);
  EXPECT_EQ(session.on_unsubscribed(cmds[0]["id"].get<std::int64_t>(), 4, 6, out),
            SeqVerdict::ignore);
  EXPECT_THAT(out.forget_sids, ElementsAre(4));
}

TEST_F(WsSessionTest, MissingAckSeqIsAGapToo) {
  session.subscribe(book_spec({"A"}), out);
  session.on_connected(out);
  ack_all(out, 1);
  out.clear();
  ASSERT_EQ(session.on_data(1, 1, out), SeqVerdict::accept);
  // seq 2 went to an `ok` we never saw.
  EXPECT_EQ(session.on_data(1, 3, out), SeqVerdict::gap);
}

TEST_F(WsSessionTest, TerminalErrorWithoutAddressReplacesEveryLiveSubscription) {
  session.subscribe(book_spec({"A"}), out);
  SubscriptionSpec fills;
  fills.channel = Channel::fill;
  session.subscribe(fills, out);
  session.on_connected(out);
  ack_all(out, 1);
  out.clear();

  session.on_error(std::nullopt, std::nullopt, 25, "Subscription buffer overflow", out);
  EXPECT_THAT(stale_tickers(out, StaleReason::sequence_gap), ElementsAre("A"));
  ASSERT_EQ(out.issues.size(), 2u);
  EXPECT_EQ(out.issues[0].kind, IssueKind::subscription_lost);
  EXPECT_EQ(out.issues[0].code, 25);
  int subscribes = 0;
  int unsubscribes = 0;
  for (const auto& c : commands(out)) {
    subscribes += c["cmd"] == "subscribe";
    unsubscribes += c["cmd"] == "unsubscribe";
  }
  EXPECT_EQ(subscribes, 2);
  EXPECT_EQ(unsubscribes, 2);
}

TEST_F(WsSessionTest, NonTerminalErrorForNoCommandIsOnlyReported) {
  session.subscribe(book_spec({"A"}), out);
  session.on_connected(out);
  ack_all(out, 1);
  out.clear();
  session.on_error(99, std::nullopt, 6, "Already subscribed", out);
  EXPECT_THAT(out.commands, IsEmpty());
  ASSERT_EQ(out.issues.size(), 1u);
  EXPECT_EQ(out.issues[0].kind, IssueKind::unknown_reply);
  EXPECT_EQ(session.on_data(1, 1, out), SeqVerdict::accept);
}

TEST_F(WsSessionTest, RefusedSubscribeFailsAndRetryableOnesAreRetriedABoundedNumberOfTimes) {
  session.on_connected(out);
  const SubKey missing = session.subscribe(book_spec({"NOPE"}), out);
  session.on_error(1, std::nullopt, 16, "Market not found", out);
  EXPECT_EQ(session.find(missing)->state, SubscriptionState::failed);
  EXPECT_EQ(out.issues.back().kind, IssueKind::command_failed);

  out.clear();
  const SubKey flaky = session.subscribe(book_spec({"A"}), out);
  int sent = 1;
  for (int i = 0; i < 5; ++i) {
    const auto cmds = commands(out);
    out.clear();
    if (cmds.empty()) break;
    session.on_error(cmds.back()["id"].get<std::int64_t>(), std::nullopt, 17, "Internal error",
                     out);
    sent += static_cast<int>(out.commands.size());
  }
  EXPECT_EQ(sent, 3);
  EXPECT_EQ(session.find(flaky)->state, SubscriptionState::failed);
}

TEST_F(WsSessionTest, ReconnectForgetsSidsMarksBooksStaleAndReplaysEverything) {
  const SubKey key = session.subscribe(book_spec({"A"}), out);
  session.on_connected(out);
  ack_all(out, 3);
  out.clear();
  session.add_markets(key, {MarketTicker{"B"}}, out);
  out.clear();

  session.on_disconnected(out);
  EXPECT_THAT(stale_tickers(out, StaleReason::disconnected), ElementsAre("A", "B"));
  EXPECT_THAT(out.forget_sids, ElementsAre(3));
  EXPECT_THAT(out.commands, IsEmpty());
  EXPECT_EQ(session.on_data(3, 9, out), SeqVerdict::ignore);

  out.clear();
  session.on_connected(out);
  const auto cmds = commands(out);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0]["id"], 1);
  EXPECT_EQ(cmds[0]["params"]["market_tickers"], json::array({"A", "B"}));
  EXPECT_EQ(cmds[0]["params"]["use_yes_price"], true);
}

TEST_F(WsSessionTest, MarketsChangeThroughUpdateSubscription) {
  const SubKey key = session.subscribe(book_spec({"A"}), out);
  session.on_connected(out);
  ack_all(out, 8);
  out.clear();

  session.add_markets(key, {MarketTicker{"A"}, MarketTicker{"B"}}, out);
  auto cmds = commands(out);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0]["cmd"], "update_subscription");
  EXPECT_EQ(cmds[0]["params"]["sids"], json::array({8}));
  EXPECT_EQ(cmds[0]["params"]["market_tickers"], json::array({"B"}));
  EXPECT_EQ(cmds[0]["params"]["action"], "add_markets");

  out.clear();
  session.remove_markets(key, {MarketTicker{"A"}}, out);
  cmds = commands(out);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0]["params"]["action"], "delete_markets");
  EXPECT_EQ(session.book_markets(), (std::set<MarketTicker>{MarketTicker{"B"}}));

  out.clear();
  session.request_snapshot(key, {MarketTicker{"B"}}, out);
  cmds = commands(out);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0]["params"]["action"], "get_snapshot");

  // Removing the last market drops the orderbook subscription on the wire.
  out.clear();
  session.remove_markets(key, {MarketTicker{"B"}}, out);
  cmds = commands(out);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0]["cmd"], "unsubscribe");
  EXPECT_EQ(session.find(key)->state, SubscriptionState::idle);
}

TEST_F(WsSessionTest, MarketsAddedWhileSubscribingAreSentAfterTheAck) {
  const SubKey key = session.subscribe(book_spec({"A"}), out);
  session.on_connected(out);
  const auto first = commands(out);
  out.clear();
  session.add_markets(key, {MarketTicker{"B"}}, out);
  EXPECT_THAT(out.commands, IsEmpty());
  session.on_subscribed(first[0]["id"].get<std::int64_t>(), 2, "orderbook_delta", out);
  const auto cmds = commands(out);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0]["params"]["action"], "add_markets");
  EXPECT_EQ(cmds[0]["params"]["market_tickers"], json::array({"B"}));
}

TEST_F(WsSessionTest, UnsubscribeWhileSubscribingCleansUpTheLateSid) {
  const SubKey key = session.subscribe(book_spec({"A"}), out);
  session.on_connected(out);
  const auto first = commands(out);
  out.clear();
  session.unsubscribe(key, out);
  EXPECT_EQ(session.find(key), nullptr);
  session.on_subscribed(first[0]["id"].get<std::int64_t>(), 6, "orderbook_delta", out);
  const auto cmds = commands(out);
  ASSERT_EQ(cmds.size(), 1u);
  EXPECT_EQ(cmds[0]["cmd"], "unsubscribe");
  EXPECT_EQ(cmds[0]["params"]["sids"], json::array({6}));
  EXPECT_EQ(session.on_data(6, 1, out), SeqVerdict::ignore);
}

TEST_F(WsSessionTest, ChannelNamesRoundTrip) {
  for (auto c : {Channel::orderbook_delta, Channel::ticker, Channel::trade, Channel::fill,
                 Channel::user_orders, Channel::market_positions, Channel::market_lifecycle_v2,
                 Channel::cfbenchmarks_value}) {
    EXPECT_EQ(channel_from_string(to_string(c)), c);
  }
  EXPECT_EQ(channel_from_string("ticker_v2"), std::nullopt);
}

}  // namespace
}  // namespace antevorta::kalshi
