// The simulator's REST API: V2 order writes (create, cancel, amend, decrease, batches, shard
// routing) and the portfolio reads that report their effects, cross-checked with the
// daemon's kalshi::parse_* and with the exchange's own state.
#include <set>

#include "unit/sim/rest_api_fixture.hpp"

namespace antevorta::sim::test {
namespace {

using namespace std::chrono_literals;

class RestOrdersTest : public RestApiFixture {
 protected:
  std::string place(bool as_alice, const json& body) {
    const auto r = as_alice ? alice("POST", "/portfolio/events/orders", body)
                            : bob("POST", "/portfolio/events/orders", body);
    EXPECT_EQ(r.status, 201u) << r.body;
    const auto ack = kalshi::parse_order_ack(parsed(r));
    if (!ack) throw std::runtime_error("no ack: " + r.body);
    return ack->order_id.str();
  }
  kalshi::RestOrderbook book(const std::string& ticker) {
    auto b = kalshi::parse_orderbook_response(parsed(get("/markets/" + ticker + "/orderbook")));
    if (!b) throw std::runtime_error(b.error());
    return *b;
  }
  kalshi::Order order_of(const std::string& id) {
    const auto r = alice("GET", "/portfolio/orders/" + id);
    EXPECT_EQ(r.status, 200u) << r.body;
    auto o = kalshi::parse_order_response(parsed(r));
    if (!o) throw std::runtime_error(o.error());
    return *o;
  }
};

TEST_F(RestOrdersTest, CreateAndCancelRoundTrip) {
  const std::string t = rain_ticker();
  auto r = alice("POST", "/portfolio/events/orders", order(t, "bid", "0.40", "10", "cid-1"));
  ASSERT_EQ(r.status, 201u) << r.body;
  const auto ack = kalshi::parse_order_ack(parsed(r));
  ASSERT_TRUE(ack) << ack.error();
  EXPECT_EQ(ack->client_order_id, ClientOrderId("cid-1"));
  EXPECT_EQ(ack->fill_count, C("0"));
  EXPECT_EQ(ack->remaining_count, C("10"));
  EXPECT_FALSE(ack->average_fill_price.has_value());
  EXPECT_EQ(ack->ts, clock_.now());
  EXPECT_EQ(book(t).yes_bids, (std::vector{L("0.40", "10")}));

  const std::string id = ack->order_id.str();
  auto o = order_of(id);
  EXPECT_EQ(o.status, kalshi::OrderStatus::resting);
  EXPECT_EQ(o.book_side, kalshi::BookSide::bid);
  EXPECT_EQ(o.outcome_side, kalshi::OutcomeSide::yes);
  EXPECT_EQ(o.yes_price, P("0.40"));
  EXPECT_EQ(o.no_price, P("0.60"));
  EXPECT_EQ(o.remaining_count, C("10"));
  EXPECT_EQ(o.client_order_id, ClientOrderId("cid-1"));
  EXPECT_EQ(o.exchange_index, 0);
  EXPECT_EQ(bob("GET", "/portfolio/orders/" + id).status, 404u);  // not bob's

  r = alice("DELETE", "/portfolio/events/orders/" + id);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto cancel = kalshi::parse_cancel_ack(parsed(r));
  ASSERT_TRUE(cancel) << cancel.error();
  EXPECT_EQ(cancel->order_id.str(), id);
  EXPECT_EQ(cancel->reduced_by, C("10"));
  EXPECT_EQ(cancel->client_order_id, ClientOrderId("cid-1"));
  EXPECT_TRUE(book(t).yes_bids.empty());
  EXPECT_EQ(order_of(id).status, kalshi::OrderStatus::canceled);
  r = alice("DELETE", "/portfolio/events/orders/" + id);
  EXPECT_EQ(r.status, 404u);
  EXPECT_EQ(error_code(r), "not_found");
}

TEST_F(RestOrdersTest, TakingReportsAverageFillPriceAndFee) {
  const std::string t = rain_ticker();
  place(false, order(t, "ask", "0.45", "5"));
  place(false, order(t, "ask", "0.47", "5"));
  json o = order(t, "bid", "0.50", "8");
  o["time_in_force"] = "immediate_or_cancel";
  const auto r = alice("POST", "/portfolio/events/orders", o);
  ASSERT_EQ(r.status, 201u) << r.body;
  const auto ack = kalshi::parse_order_ack(parsed(r));
  ASSERT_TRUE(ack) << ack.error();
  EXPECT_EQ(ack->fill_count, C("8"));
  EXPECT_EQ(ack->remaining_count, C("0"));
  EXPECT_EQ(ack->average_fill_price, P("0.4575"));  // (5 × 0.45 + 3 × 0.47) / 8
  Money fees;
  for (const auto& f : exchange_.fills(AccountId("alice"))) fees += f.fee;
  ASSERT_GT(fees, Money{});
  const auto per = (fees.centicents() * 100 + 400) / 800;  // per contract, nearest
  EXPECT_EQ(ack->average_fee_paid, Money::from_centicents(per));
  EXPECT_EQ(book(t).no_bids, (std::vector{L("0.53", "2")}));

  // Fills, newest first, from both sides.
  auto fills = kalshi::parse_fills_response(parsed(alice("GET", "/portfolio/fills")));
  ASSERT_TRUE(fills) << fills.error();
  ASSERT_EQ(fills->items.size(), 2u);
  EXPECT_EQ(fills->items[0].count, C("3"));
  EXPECT_EQ(fills->items[0].yes_price, P("0.47"));
  EXPECT_EQ(fills->items[1].count, C("5"));
  EXPECT_TRUE(fills->items[0].is_taker);
  EXPECT_EQ(fills->items[0].order_id, ack->order_id);
  EXPECT_EQ(fills->items[0].book_side, kalshi::BookSide::bid);
  EXPECT_EQ(fills->items[0].fee_cost + fills->items[1].fee_cost, fees);
  fills = kalshi::parse_fills_response(parsed(bob("GET", "/portfolio/fills?limit=1")));
  ASSERT_TRUE(fills);
  ASSERT_EQ(fills->items.size(), 1u);
  EXPECT_FALSE(fills->items[0].is_taker);
  EXPECT_EQ(fills->items[0].book_side, kalshi::BookSide::ask);
  EXPECT_EQ(fills->items[0].outcome_side, kalshi::OutcomeSide::no);
  EXPECT_FALSE(fills->cursor.empty());

  // Signed positions: alice +8 YES, bob -8 (NO).
  auto pos = kalshi::parse_positions_response(parsed(alice("GET", "/portfolio/positions")));
  ASSERT_TRUE(pos) << pos.error();
  ASSERT_EQ(pos->market_positions.size(), 1u);
  const Position ledger = exchange_.core().ledger().position(AccountId("alice"), MarketTicker(t));
  EXPECT_EQ(pos->market_positions[0].position, C("8"));
  EXPECT_EQ(pos->market_positions[0].market_exposure, ledger.cost);
  EXPECT_EQ(pos->market_positions[0].fees_paid, fees);
  EXPECT_EQ(pos->market_positions[0].total_traded, M("3.66"));  // 5 × 0.45 + 3 × 0.47
  ASSERT_EQ(pos->event_positions.size(), 1u);
  EXPECT_EQ(pos->event_positions[0].total_cost, ledger.cost);
  pos = kalshi::parse_positions_response(parsed(bob("GET", "/portfolio/positions")));
  ASSERT_TRUE(pos);
  ASSERT_EQ(pos->market_positions.size(), 1u);
  EXPECT_EQ(pos->market_positions[0].position, C("-8"));
  pos = kalshi::parse_positions_response(
      parsed(alice("GET", "/portfolio/positions?exchange_index=2")));
  ASSERT_TRUE(pos);
  EXPECT_TRUE(pos->market_positions.empty());

  // Balance: available cash per shard.
  const auto bal = kalshi::parse_balance(parsed(alice("GET", "/portfolio/balance")));
  ASSERT_TRUE(bal) << bal.error();
  const Ledger& l = exchange_.core().ledger();
  const AccountId a("alice");
  EXPECT_EQ(bal->balance, l.available(a, 0) + l.available(a, 2));
  EXPECT_EQ(bal->balance, M("1500") - M("3.66") - fees);
  ASSERT_EQ(bal->balance_breakdown.size(), 2u);
  EXPECT_EQ(bal->balance_breakdown[0].exchange_index, 0);
  EXPECT_EQ(bal->balance_breakdown[0].balance, l.available(a, 0));
  EXPECT_EQ(bal->balance_breakdown[1].exchange_index, 2);
  EXPECT_EQ(bal->balance_breakdown[1].balance, M("500"));
  const auto shard2 =
      kalshi::parse_balance(parsed(alice("GET", "/portfolio/balance?exchange_index=2")));
  ASSERT_TRUE(shard2);
  EXPECT_EQ(shard2->balance, M("500"));
}

TEST_F(RestOrdersTest, AmendAndDecreaseChangeTheBook) {
  const std::string t = rain_ticker();
  const std::string id = place(true, order(t, "bid", "0.40", "10", "cid-a"));
  json amend{{"ticker", t},
             {"side", "bid"},
             {"price", "0.41"},
             {"count", "10"},
             {"updated_client_order_id", "cid-b"}};
  auto r = alice("POST", "/portfolio/events/orders/" + id + "/amend", amend);
  ASSERT_EQ(r.status, 200u) << r.body;
  auto ack = kalshi::parse_order_ack(parsed(r));
  ASSERT_TRUE(ack) << ack.error();
  EXPECT_EQ(ack->order_id.str(), id);
  EXPECT_EQ(ack->remaining_count, C("10"));
  EXPECT_EQ(ack->client_order_id, ClientOrderId("cid-b"));
  EXPECT_EQ(book(t).yes_bids, (std::vector{L("0.41", "10")}));

  amend["side"] = "ask";
  r = alice("POST", "/portfolio/events/orders/" + id + "/amend", amend);
  EXPECT_EQ(r.status, 400u);
  EXPECT_EQ(error_code(r), "order_side_mismatch");
  amend["side"] = "bid";
  amend["ticker"] = btc_ticker();
  r = alice("POST", "/portfolio/events/orders/" + id + "/amend", amend);
  EXPECT_EQ(r.status, 404u);  // routed to shard 2, where the order is not

  r = alice("POST", "/portfolio/events/orders/" + id + "/decrease", json{{"reduce_by", "3"}});
  ASSERT_EQ(r.status, 200u) << r.body;
  ack = kalshi::parse_order_ack(parsed(r));
  ASSERT_TRUE(ack);
  EXPECT_EQ(ack->remaining_count, C("7"));
  EXPECT_EQ(book(t).yes_bids, (std::vector{L("0.41", "7")}));
  r = alice("POST", "/portfolio/events/orders/" + id + "/decrease", json{{"reduce_to", "2.5"}});
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(kalshi::parse_order_ack(parsed(r))->remaining_count, C("2.5"));
  EXPECT_EQ(alice("POST", "/portfolio/events/orders/" + id + "/decrease",
                  json{{"reduce_to", "1"}, {"reduce_by", "1"}})
                .status,
            400u);
  EXPECT_EQ(alice("POST", "/portfolio/events/orders/" + id + "/decrease", json::object()).status,
            400u);
  r = alice("POST", "/portfolio/events/orders/" + id + "/decrease", json{{"reduce_to", "0"}});
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(kalshi::parse_order_ack(parsed(r))->remaining_count, C("0"));
  EXPECT_TRUE(book(t).yes_bids.empty());
  EXPECT_EQ(order_of(id).status, kalshi::OrderStatus::canceled);
}

TEST_F(RestOrdersTest, AmendThatCrossesFills) {
  const std::string t = rain_ticker();
  place(false, order(t, "ask", "0.45", "4"));
  const std::string id = place(true, order(t, "bid", "0.40", "10"));
  const json amend{{"ticker", t}, {"side", "bid"}, {"price", "0.45"}, {"count", "10"}};
  const auto r = alice("POST", "/portfolio/events/orders/" + id + "/amend", amend);
  ASSERT_EQ(r.status, 200u) << r.body;
  const auto ack = kalshi::parse_order_ack(parsed(r));
  ASSERT_TRUE(ack) << ack.error();
  EXPECT_EQ(ack->fill_count, C("4"));
  EXPECT_EQ(ack->remaining_count, C("6"));
  EXPECT_EQ(ack->average_fill_price, P("0.45"));
  EXPECT_EQ(book(t).yes_bids, (std::vector{L("0.45", "6")}));
}

TEST_F(RestOrdersTest, DuplicateClientOrderIdIs409) {
  const json o = order(rain_ticker(), "bid", "0.30", "1", "same");
  ASSERT_EQ(alice("POST", "/portfolio/events/orders", o).status, 201u);
  const auto r = alice("POST", "/portfolio/events/orders", o);
  EXPECT_EQ(r.status, 409u);
  EXPECT_EQ(error_code(r), "ORDER_ALREADY_EXISTS");
  // Another account may use the same id.
  EXPECT_EQ(bob("POST", "/portfolio/events/orders", o).status, 201u);
}

TEST_F(RestOrdersTest, ShardTwoOrdersNeedRouting) {
  const std::string t = btc_ticker();
  const std::string a = place(true, order(t, "bid", "0.045", "2"));  // tapered grid
  auto r = alice("DELETE", "/portfolio/events/orders/" + a);
  EXPECT_EQ(r.status, 404u);  // looked up on shard 0
  EXPECT_EQ(alice("DELETE", "/portfolio/events/orders/" + a + "?exchange_index=0").status, 404u);
  r = alice("DELETE", "/portfolio/events/orders/" + a + "?market_ticker=" + t);
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(kalshi::parse_cancel_ack(parsed(r))->reduced_by, C("2"));

  const std::string b = place(true, order(t, "bid", "0.05", "1"));
  EXPECT_EQ(
      alice("POST", "/portfolio/events/orders/" + b + "/decrease", json{{"reduce_by", "1"}}).status,
      404u);
  EXPECT_EQ(alice("DELETE", "/portfolio/events/orders/" + b + "?exchange_index=2").status, 200u);

  // Routing the create to the wrong shard finds no market.
  json o = order(t, "bid", "0.05", "1");
  o["exchange_index"] = 0;
  EXPECT_EQ(alice("POST", "/portfolio/events/orders", o).status, 404u);
  o["exchange_index"] = 2;
  EXPECT_EQ(alice("POST", "/portfolio/events/orders", o).status, 201u);
  const auto orders = kalshi::parse_orders_response(parsed(alice("GET", "/portfolio/orders")));
  ASSERT_TRUE(orders);
  ASSERT_EQ(orders->items.size(), 3u);
  EXPECT_EQ(orders->items[0].exchange_index, 2);
}

TEST_F(RestOrdersTest, ClosedOrUnopenedMarketsAreInactive) {
  std::string unopened;
  for (const auto& t : exchange_.catalog().market_order()) {
    if (exchange_.catalog().market(t)->status == kalshi::MarketStatus::initialized) {
      unopened = t.str();
    }
  }
  ASSERT_FALSE(unopened.empty());
  auto r = alice("POST", "/portfolio/events/orders", order(unopened, "bid", "0.40", "1"));
  EXPECT_EQ(error_code(r), "MARKET_INACTIVE");
  EXPECT_EQ(r.status, 409u);

  const std::string t = btc_ticker();
  const std::string id = place(true, order(t, "bid", "0.40", "1"));
  clock_.advance_to(exchange_.catalog().market(MarketTicker(t))->close_time);
  exchange_.tick();
  r = alice("POST", "/portfolio/events/orders", order(t, "bid", "0.40", "1"));
  EXPECT_EQ(error_code(r), "MARKET_INACTIVE");
  r = alice("DELETE", "/portfolio/events/orders/" + id + "?market_ticker=" + t);
  EXPECT_NE(r.status, 200u);
  EXPECT_EQ(order_of(id).status, kalshi::OrderStatus::canceled);  // cancelled at close
  EXPECT_EQ(get("/markets/" + t).status, 200u);
  EXPECT_EQ(kalshi::parse_market_response(parsed(get("/markets/" + t)))->status,
            kalshi::MarketStatus::closed);
}

TEST_F(RestOrdersTest, OrdersFilterAndPaginateNewestFirst) {
  const std::string t = rain_ticker();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(place(true, order(t, "bid", "0.2" + std::to_string(i), "1")));
  ASSERT_EQ(alice("DELETE", "/portfolio/events/orders/" + ids[1]).status, 200u);
  place(true, order(btc_ticker(), "bid", "0.30", "1"));

  std::vector<std::string> seen;
  std::string cursor;
  for (int i = 0; i < 20; ++i) {
    const auto page = kalshi::parse_orders_response(
        parsed(alice("GET", "/portfolio/orders?limit=2&ticker=" + t +
                                (cursor.empty() ? "" : "&cursor=" + cursor))));
    ASSERT_TRUE(page) << page.error();
    for (const auto& o : page->items) seen.push_back(o.order_id.str());
    cursor = page->cursor;
    if (cursor.empty()) break;
  }
  EXPECT_EQ(seen, (std::vector{ids[4], ids[3], ids[2], ids[1], ids[0]}));

  auto page =
      kalshi::parse_orders_response(parsed(alice("GET", "/portfolio/orders?status=canceled")));
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].order_id.str(), ids[1]);
  page = kalshi::parse_orders_response(parsed(alice("GET", "/portfolio/orders?status=resting")));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items.size(), 5u);
  page = kalshi::parse_orders_response(parsed(
      alice("GET", "/portfolio/orders?event_ticker=" +
                       exchange_.catalog().market(MarketTicker(btc_ticker()))->event.str())));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->items.size(), 1u);
  EXPECT_EQ(alice("GET", "/portfolio/orders?status=pending").status, 400u);
  EXPECT_TRUE(
      kalshi::parse_orders_response(parsed(bob("GET", "/portfolio/orders")))->items.empty());
}

TEST_F(RestOrdersTest, BatchCreateReportsEachItem) {
  const std::string t = rain_ticker();
  json batch{{"orders",
              json::array({order(t, "bid", "0.30", "1", "b-1"), order(t, "bid", "0.3", "1", "b-2"),
                           order(t, "bid", "0.31", "2", "b-3")})}};
  auto r = alice("POST", "/portfolio/events/orders/batched", batch);
  ASSERT_EQ(r.status, 201u) << r.body;
  const json items = parsed(r)["orders"];
  ASSERT_EQ(items.size(), 3u);
  EXPECT_TRUE(kalshi::parse_order_ack(items[0]));
  EXPECT_EQ(items[1]["client_order_id"], "b-2");
  EXPECT_EQ(items[1]["error"]["code"], "invalid_parameters");
  EXPECT_FALSE(items[1].contains("order_id"));
  const auto third = kalshi::parse_order_ack(items[2]);
  ASSERT_TRUE(third);
  EXPECT_EQ(third->remaining_count, C("2"));
  EXPECT_EQ(book(t).yes_bids, (std::vector{L("0.30", "1"), L("0.31", "2")}));

  // Batch cancel: two known orders and an unknown one.
  const json cancels{{"orders", json::array({{{"order_id", items[0]["order_id"]}},
                                             {{"order_id", "nope"}},
                                             {{"order_id", third->order_id.str()}}})}};
  r = alice("DELETE", "/portfolio/events/orders/batched", cancels);
  ASSERT_EQ(r.status, 200u) << r.body;
  const json out = parsed(r)["orders"];
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(kalshi::parse_cancel_ack(out[0])->reduced_by, C("1"));
  EXPECT_EQ(out[1]["error"]["code"], "not_found");
  EXPECT_EQ(out[1]["order_id"], "nope");
  EXPECT_EQ(kalshi::parse_cancel_ack(out[2])->reduced_by, C("2"));
  EXPECT_TRUE(book(t).yes_bids.empty());

  EXPECT_EQ(
      alice("POST", "/portfolio/events/orders/batched", json{{"orders", json::array()}}).status,
      400u);
}

TEST_F(RestOrdersTest, BatchMustFitTheWriteBucket) {
  const std::string t = rain_ticker();
  json big{{"orders", json::array()}};
  for (int i = 0; i < 11; ++i) big["orders"].push_back(order(t, "bid", "0.10", "1"));
  auto r = alice("POST", "/portfolio/events/orders/batched", big);  // 110 tokens > 100
  EXPECT_EQ(r.status, 429u);
  EXPECT_TRUE(exchange_.orders(AccountId("alice")).empty());
  big["orders"].erase(10);
  r = alice("POST", "/portfolio/events/orders/batched", big);
  EXPECT_EQ(r.status, 201u);
  EXPECT_EQ(exchange_.orders(AccountId("alice")).size(), 10u);
}

TEST_F(RestOrdersTest, SettlementsAfterTheMarketSettles) {
  const std::string t = btc_ticker();
  place(false, order(t, "ask", "0.60", "3"));
  place(true, order(t, "bid", "0.60", "3"));
  exchange_.set_fair_value(MarketTicker(t), 0.99);
  const SimMarket& m = *exchange_.catalog().market(MarketTicker(t));
  clock_.advance_to(m.close_time);
  exchange_.tick();  // closed
  exchange_.tick();  // determined
  clock_.advance(2s);
  exchange_.tick();  // settled
  ASSERT_EQ(m.status, kalshi::MarketStatus::finalized);

  const auto r = alice("GET", "/portfolio/settlements");
  ASSERT_EQ(r.status, 200u);
  const auto page = kalshi::parse_settlements_response(parsed(r));
  ASSERT_TRUE(page) << page.error();
  ASSERT_EQ(page->items.size(), 1u);
  const auto& s = page->items[0];
  const auto& rec = exchange_.settlements(AccountId("alice")).at(0);
  EXPECT_EQ(s.ticker.str(), t);
  EXPECT_EQ(s.exchange_index, 2);
  EXPECT_EQ(s.yes_count, C("3"));
  EXPECT_EQ(s.no_count, C("0"));
  EXPECT_EQ(s.yes_total_cost, rec.cost);
  EXPECT_EQ(s.revenue, rec.revenue.round_to_cent(Rounding::down));
  const bool yes = rec.result.kind == ResultKind::yes;
  EXPECT_EQ(s.market_result, yes ? kalshi::MarketResult::yes : kalshi::MarketResult::no);
  EXPECT_EQ(s.value, yes ? M("1") : M("0"));
  // Settled positions are no longer listed.
  const auto pos = kalshi::parse_positions_response(parsed(alice("GET", "/portfolio/positions")));
  ASSERT_TRUE(pos);
  EXPECT_TRUE(pos->market_positions.empty());
  const auto market = kalshi::parse_market_response(parsed(get("/markets/" + t)));
  ASSERT_TRUE(market);
  EXPECT_EQ(market->status, kalshi::MarketStatus::finalized);
  EXPECT_TRUE(market->result.has_value());
  EXPECT_TRUE(market->settlement_ts.has_value());
}

}  // namespace
}  // namespace antevorta::sim::test
