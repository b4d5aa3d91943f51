// WsParser: orderbook_snapshot / orderbook_delta, use_yes_price, and the delta hot path
// allocating nothing.
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/kalshi/ws_messages.hpp"

#include "unit/kalshi/ws_parser_test_util.hpp"

// Counts heap allocations while `g_count_allocations` is set. This test program's global
// operator new/delete (every non-aligned form, so that each allocation and its release go
// through the same malloc/free pair, also under AddressSanitizer).
namespace {
bool g_count_allocations = false;
std::size_t g_allocations = 0;

void* counted_malloc(std::size_t size) noexcept {
  if (g_count_allocations) ++g_allocations;
  return std::malloc(size == 0 ? 1 : size);
}
}  // namespace

void* operator new(std::size_t size) {
  if (void* p = counted_malloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  if (void* p = counted_malloc(size)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return counted_malloc(size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return counted_malloc(size);
}
// GCC flags free() of memory from the replaced operator new once both are inlined into one
// function; here that pairing is exactly the intent.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
#pragma GCC diagnostic pop

namespace antevorta::kalshi {
namespace {

using namespace ws_test;

TEST(WsParserBook, OrderbookDeltaCurrentShape) {
  WsParser parser;
  std::string frame;
  const auto d = parse_fixture<OrderbookDelta>(parser, "ws_orderbook_delta.json", frame);
  EXPECT_EQ(d.sid, 7);
  EXPECT_EQ(d.seq, 2);
  EXPECT_EQ(d.market_ticker, "KXBTC15M-26SEP071415-15");
  EXPECT_EQ(d.side, OutcomeSide::yes);
  EXPECT_EQ(d.price, P("0.43"));
  EXPECT_EQ(d.delta, C("5"));
  EXPECT_EQ(d.ts_ms, 1788804301250);
  EXPECT_EQ(d.client_order_id, std::nullopt);
}

TEST(WsParserBook, OrderbookDeltaFromOwnOrder) {
  WsParser parser;
  std::string frame;
  const auto d = parse_fixture<OrderbookDelta>(parser, "ws_orderbook_delta_own_order.json", frame);
  EXPECT_EQ(d.side, OutcomeSide::no);
  EXPECT_EQ(d.price, P("0.56"));  // NO-leg price, use_yes_price off
  EXPECT_EQ(d.delta, C("-2.50"));
  EXPECT_EQ(d.client_order_id, "av-7f3a9c-0001");
  // Optional fields that are null are absent; they do not leak into the next delta.
  const auto next = parse_as<OrderbookDelta>(
      parser,
      R"({"type":"orderbook_delta","sid":7,"seq":10,"msg":{"market_ticker":"T","price_dollars":"0.5600","delta_fp":"1.00","side":"no","client_order_id":null,"ts_ms":null}})");
  EXPECT_EQ(next.client_order_id, std::nullopt);
  EXPECT_EQ(next.ts_ms, std::nullopt);
  EXPECT_EQ(next.seq, 10);
}

TEST(WsParserBook, OrderbookDeltaLegacyShapes) {
  WsParser parser;
  std::string frame;
  // Integer cents and contracts beside the dollar string: the dollar string wins for price,
  // the integer is the only delta.
  auto d = parse_fixture<OrderbookDelta>(parser, "ws_orderbook_delta_legacy.json", frame);
  EXPECT_EQ(d.sid, 2);
  EXPECT_EQ(d.seq, 3);
  EXPECT_EQ(d.market_ticker, "INXD-25DEC31-B5900");
  EXPECT_EQ(d.price, P("0.96"));
  EXPECT_EQ(d.delta, C("-54"));
  EXPECT_EQ(d.ts_ms, std::nullopt);
  d = parse_fixture<OrderbookDelta>(parser, "ws_orderbook_delta_legacy_cents_only.json", frame);
  EXPECT_EQ(d.side, OutcomeSide::no);
  EXPECT_EQ(d.price, P("0.54"));
  EXPECT_EQ(d.delta, C("7"));
}

TEST(WsParserBook, FixedPointFieldsWinWhicheverComesFirst) {
  WsParser parser;
  const auto a = parse_as<OrderbookDelta>(
      parser,
      R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"T","side":"yes",)"
      R"("delta":3,"delta_fp":"2.50","price":10,"price_dollars":"0.1100"}})");
  EXPECT_EQ(a.price, P("0.11"));
  EXPECT_EQ(a.delta, C("2.50"));
  const auto b = parse_as<OrderbookDelta>(
      parser,
      R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"T","side":"yes",)"
      R"("delta_fp":"2.50","delta":3,"price_dollars":"0.1100","price":10}})");
  EXPECT_EQ(b.price, P("0.11"));
  EXPECT_EQ(b.delta, C("2.50"));
}

TEST(WsParserBook, OrderbookSnapshotCurrentShape) {
  WsParser parser;
  std::string frame;
  const auto s = parse_fixture<OrderbookSnapshot>(parser, "ws_orderbook_snapshot.json", frame);
  EXPECT_EQ(s.sid, 7);
  EXPECT_EQ(s.seq, 1);
  EXPECT_EQ(s.market_ticker, "KXBTC15M-26SEP071415-15");
  EXPECT_EQ(levels(s.yes_bids),
            (std::vector<BookLevel>{L("0.005", "120"), L("0.38", "250"), L("0.42", "13")}));
  EXPECT_EQ(levels(s.no_bids),
            (std::vector<BookLevel>{L("0.001", "2"), L("0.55", "40"), L("0.56", "17")}));
  EXPECT_EQ(s.ts_ms, std::nullopt);
}

TEST(WsParserBook, OrderbookSnapshotWithAbsentSides) {
  WsParser parser;
  std::string frame;
  auto s = parse_fixture<OrderbookSnapshot>(parser, "ws_orderbook_snapshot_empty.json", frame);
  EXPECT_EQ(s.market_ticker, "KXBTC15M-26SEP071430-30");
  EXPECT_TRUE(s.yes_bids.empty());
  EXPECT_TRUE(s.no_bids.empty());
  s = parse_fixture<OrderbookSnapshot>(parser, "ws_orderbook_snapshot_yes_only.json", frame);
  EXPECT_EQ(s.sid, 3);
  EXPECT_EQ(s.seq, 12);
  EXPECT_EQ(levels(s.yes_bids), (std::vector<BookLevel>{L("0.21", "7.25")}));
  EXPECT_TRUE(s.no_bids.empty());
  EXPECT_EQ(s.ts_ms, 1788790500123);
  // Explicitly empty arrays are the same as absent.
  s = parse_as<OrderbookSnapshot>(
      parser,
      R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes_dollars_fp":[],"no_dollars_fp":[]}})");
  EXPECT_TRUE(s.yes_bids.empty());
  EXPECT_TRUE(s.no_bids.empty());
  // So is null.
  s = parse_as<OrderbookSnapshot>(
      parser,
      R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes_dollars_fp":[["0.5000","1.00"]],"no_dollars_fp":null,"ts_ms":null}})");
  EXPECT_EQ(levels(s.yes_bids), (std::vector<BookLevel>{L("0.50", "1")}));
  EXPECT_TRUE(s.no_bids.empty());
  EXPECT_EQ(s.ts_ms, std::nullopt);
}

TEST(WsParserBook, OrderbookSnapshotLegacyShapes) {
  WsParser parser;
  std::string frame;
  const std::vector<BookLevel> yes = {L("0.08", "300"), L("0.22", "333")};
  auto s = parse_fixture<OrderbookSnapshot>(parser, "ws_orderbook_snapshot_legacy.json", frame);
  EXPECT_EQ(s.market_ticker, "INXD-25DEC31-B5900");
  EXPECT_EQ(levels(s.yes_bids), yes);
  EXPECT_EQ(levels(s.no_bids), (std::vector<BookLevel>{L("0.54", "20"), L("0.56", "146")}));
  s = parse_fixture<OrderbookSnapshot>(parser, "ws_orderbook_snapshot_legacy_cents_only.json",
                                       frame);
  EXPECT_EQ(levels(s.yes_bids), yes);
  EXPECT_EQ(levels(s.no_bids), (std::vector<BookLevel>{L("0.54", "20")}));
}

TEST(WsParserBook, SnapshotPrefersTheFixedPointArrays) {
  WsParser parser;
  // The fixed-point array carries fractional sizes the legacy arrays cannot; it wins
  // whether it comes before or after them.
  for (
      const char* frame :
      {R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes":[[8,300]],"yes_dollars":[["0.080",300]],"yes_dollars_fp":[["0.0800","300.50"]]}})",
       R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes_dollars_fp":[["0.0800","300.50"]],"yes_dollars":[["0.080",300]],"yes":[[8,300]]}})"}) {
    const auto s = parse_as<OrderbookSnapshot>(parser, frame);
    EXPECT_EQ(levels(s.yes_bids), (std::vector<BookLevel>{L("0.08", "300.50")})) << frame;
  }
}

// ---- use_yes_price ----------------------------------------------------------------------

OrderBook replay(const char* session, WsParser& parser) {
  OrderBook book(MarketTicker("KXBTC15M-26SEP071415-15"),
                 *PriceGrid::from_structure("tapered_deci_cent"));
  const Timestamp t0 = from_unix_ms(1'788'804'300'000);
  for (const std::string& line : read_lines(fixture(session))) {
    auto m = parser.parse(line);
    EXPECT_TRUE(m) << m.error().message() << " in " << line;
    if (!m) continue;
    if (const auto* s = std::get_if<OrderbookSnapshot>(&*m)) {
      EXPECT_TRUE(book.apply_snapshot(s->yes_bids, s->no_bids, t0).ok());
    } else if (const auto* d = std::get_if<OrderbookDelta>(&*m)) {
      EXPECT_EQ(book.apply_delta(d->side, d->price, d->delta, from_unix_ms(*d->ts_ms)),
                DeltaResult::ok)
          << line;
    }
  }
  return book;
}

void expect_session_book(const OrderBook& book) {
  EXPECT_FALSE(book.stale());
  EXPECT_EQ(book.bid_depth(OutcomeSide::yes, 10),
            (std::vector<BookLevel>{L("0.43", "5"), L("0.42", "13"), L("0.38", "200"),
                                    L("0.005", "120")}));
  EXPECT_EQ(book.bid_depth(OutcomeSide::no, 10),
            (std::vector<BookLevel>{L("0.55", "40"), L("0.005", "101.25"), L("0.001", "2")}));
  EXPECT_EQ(book.best_yes_ask(), (OrderBook::Quote{P("0.45"), C("40")}));
  EXPECT_EQ(book.update_count(), 6u);
  EXPECT_EQ(book.last_update(), from_unix_ms(1788804301600));
}

TEST(WsParserBook, UseYesPriceBothWaysGivesTheSameBook) {
  WsParser no_leg;  // default: NO levels in NO-leg prices
  WsParser yes_price(WsParserOptions{.use_yes_price = true});
  const OrderBook a = replay("ws_session_no_leg.jsonl", no_leg);
  const OrderBook b = replay("ws_session_yes_price.jsonl", yes_price);
  expect_session_book(a);
  expect_session_book(b);
}

TEST(WsParserBook, UseYesPricePerSid) {
  WsParser parser;  // default off
  EXPECT_FALSE(parser.use_yes_price(7));
  parser.set_use_yes_price(7, true);
  EXPECT_TRUE(parser.use_yes_price(7));
  EXPECT_FALSE(parser.use_yes_price(8));
  expect_session_book(replay("ws_session_yes_price.jsonl", parser));

  const std::string on_sid_8 =
      R"({"type":"orderbook_delta","sid":8,"seq":1,"msg":{"market_ticker":"T","price_dollars":"0.30","delta_fp":"1.00","side":"no"}})";
  EXPECT_EQ(parse_as<OrderbookDelta>(parser, on_sid_8).price, P("0.30"));
  parser.set_use_yes_price(8, true);
  EXPECT_EQ(parse_as<OrderbookDelta>(parser, on_sid_8).price, P("0.70"));
  parser.set_use_yes_price(8, false);
  EXPECT_EQ(parse_as<OrderbookDelta>(parser, on_sid_8).price, P("0.30"));
  parser.set_use_yes_price(8, true);
  parser.forget_sid(8);
  EXPECT_EQ(parse_as<OrderbookDelta>(parser, on_sid_8).price, P("0.30"));
  // YES-side prices are never converted.
  const std::string yes_side =
      R"({"type":"orderbook_delta","sid":7,"seq":1,"msg":{"market_ticker":"T","price_dollars":"0.30","delta_fp":"1.00","side":"yes"}})";
  EXPECT_EQ(parse_as<OrderbookDelta>(parser, yes_side).price, P("0.30"));
}

TEST(WsParserBook, UseYesPriceAppliesToLegacySnapshots) {
  WsParser parser(WsParserOptions{.use_yes_price = true});
  std::string frame;
  const auto s = parse_fixture<OrderbookSnapshot>(
      parser, "ws_orderbook_snapshot_legacy_cents_only.json", frame);
  EXPECT_EQ(levels(s.yes_bids), (std::vector<BookLevel>{L("0.08", "300"), L("0.22", "333")}));
  EXPECT_EQ(levels(s.no_bids), (std::vector<BookLevel>{L("0.46", "20")}));
}

TEST(WsParserBook, DeltasAllocateNothingAfterWarmUp) {
  const std::vector<std::string> frames = {
      read_file(fixture("ws_orderbook_delta.json")),
      read_file(fixture("ws_orderbook_delta_own_order.json")),
      read_file(fixture("ws_orderbook_delta_legacy.json")),
      read_file(fixture("ws_orderbook_snapshot.json")),
      // The other market-data channels between deltas are allocation-free too.
      read_file(fixture("ws_ticker.json")),
      R"({"type":"trade","sid":2,"seq":50,"msg":{"trade_id":"0c18ff59","market_ticker":"KXBTCD-26FEB1217-T67749.99",)"
      R"("yes_price_dollars":"0.6100","no_price_dollars":"0.3900","count_fp":"90.00","taker_side":"yes","ts":1770897985}})",
  };
  WsParser parser;
  OrderBook book(MarketTicker("KXBTC15M-26SEP071415-15"),
                 *PriceGrid::from_structure("tapered_deci_cent"));
  for (const auto& frame : frames) ASSERT_TRUE(parser.parse(frame));  // warm-up
  std::size_t parsed = 0;
  g_allocations = 0;
  g_count_allocations = true;
  for (int round = 0; round < 100; ++round) {
    for (const auto& frame : frames) {
      const auto m = parser.parse(frame);
      if (!m) break;
      if (const auto* d = std::get_if<OrderbookDelta>(&*m)) {
        book.apply_delta(d->side, d->price, d->delta, Timestamp{});
      } else if (const auto* snap = std::get_if<OrderbookSnapshot>(&*m)) {
        book.apply_snapshot(snap->yes_bids, snap->no_bids, Timestamp{});
      }
      ++parsed;
    }
  }
  g_count_allocations = false;
  EXPECT_EQ(parsed, 600u);
  EXPECT_EQ(g_allocations, 0u);
}

TEST(WsParserBook, ReusesItsBuffersAcrossFramesOfAnySize) {
  // A large snapshot (every level of a 1001-level grid on both sides), then small frames,
  // then the large one again: each result is complete and correct.
  std::string big = R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"BIG")";
  for (const char* side : {"yes_dollars_fp", "no_dollars_fp"}) {
    big += std::string(",\"") + side + "\":[";
    for (std::int64_t cc = 10; cc < Price::kOne; cc += 10) {
      if (cc != 10) big += ',';
      big += "[\"" + Price::of(cc).to_string() + "\",\"" + std::to_string(cc) + ".00\"]";
    }
    big += "]";
  }
  big += "}}";
  const std::string small = read_file(fixture("ws_orderbook_delta.json"));
  WsParser parser;
  for (int round = 0; round < 3; ++round) {
    const auto s = parse_as<OrderbookSnapshot>(parser, big);
    ASSERT_EQ(s.yes_bids.size(), 999u);
    ASSERT_EQ(s.no_bids.size(), 999u);
    EXPECT_EQ(s.no_bids.back(), L("0.999", "9990"));
    EXPECT_EQ(s.market_ticker, "BIG");
    const auto d = parse_as<OrderbookDelta>(parser, small);
    EXPECT_EQ(d.market_ticker, "KXBTC15M-26SEP071415-15");
    EXPECT_EQ(d.price, P("0.43"));
  }
}

}  // namespace
}  // namespace antevorta::kalshi
