#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <new>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/kalshi/ws_messages.hpp"

#include "support/paths.hpp"
#include "unit/kalshi/printers.hpp"

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

namespace fs = std::filesystem;

Price P(const char* text) { return *Price::parse(text); }
Count C(const char* text) { return *Count::parse(text); }
BookLevel L(const char* price, const char* size) { return BookLevel{P(price), C(size)}; }

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> read_lines(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

fs::path fixture(const char* name) {
  return test::source_dir() / "tests" / "fixtures" / "kalshi" / name;
}

template <class T>
T parse_as(WsParser& parser, std::string_view frame) {
  auto result = parser.parse(frame);
  if (!result) {
    ADD_FAILURE() << result.error().message() << " in " << frame;
    return T{};
  }
  if (!std::holds_alternative<T>(*result)) {
    ADD_FAILURE() << "unexpected message type (index " << result->index() << ") for " << frame;
    return T{};
  }
  return std::get<T>(*result);
}

template <class T>
T parse_fixture(WsParser& parser, const char* name, std::string& storage) {
  storage = read_file(fixture(name));
  return parse_as<T>(parser, storage);
}

std::vector<BookLevel> levels(std::span<const BookLevel> span) {
  return {span.begin(), span.end()};
}

FrameError parse_error(std::string_view frame, WsParserOptions options = {}) {
  WsParser parser(options);
  auto result = parser.parse(frame);
  if (result) {
    ADD_FAILURE() << "parsed, expected an error: " << frame;
    return FrameError{};
  }
  return result.error();
}

// ---- Own fixtures -----------------------------------------------------------------------

TEST(WsParser, OrderbookDeltaCurrentShape) {
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

TEST(WsParser, OrderbookDeltaFromOwnOrder) {
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

TEST(WsParser, OrderbookDeltaLegacyShapes) {
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

TEST(WsParser, FixedPointFieldsWinWhicheverComesFirst) {
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

TEST(WsParser, OrderbookSnapshotCurrentShape) {
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

TEST(WsParser, OrderbookSnapshotWithAbsentSides) {
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

TEST(WsParser, OrderbookSnapshotLegacyShapes) {
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

TEST(WsParser, SnapshotPrefersTheFixedPointArrays) {
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

TEST(WsParser, ControlMessages) {
  WsParser parser;
  std::string frame;
  const auto sub = parse_fixture<WsSubscribed>(parser, "ws_subscribed.json", frame);
  EXPECT_EQ(sub.id, 11);
  EXPECT_EQ(sub.sid, 7);
  EXPECT_EQ(sub.channel, "orderbook_delta");

  const auto ok = parse_fixture<WsOk>(parser, "ws_ok_update.json", frame);
  EXPECT_EQ(ok.id, 12);
  EXPECT_EQ(ok.sid, 7);
  EXPECT_EQ(ok.seq, 31);
  EXPECT_EQ(std::vector<std::string_view>(ok.market_tickers.begin(), ok.market_tickers.end()),
            (std::vector<std::string_view>{"KXBTC15M-26SEP071415-15", "KXBTC15M-26SEP071430-30"}));
  EXPECT_TRUE(ok.subscriptions.empty());

  const auto list = parse_fixture<WsOk>(parser, "ws_ok_list.json", frame);
  EXPECT_EQ(list.id, 13);
  EXPECT_EQ(list.sid, std::nullopt);
  EXPECT_EQ(list.seq, std::nullopt);
  EXPECT_EQ(std::vector<WsSubscription>(list.subscriptions.begin(), list.subscriptions.end()),
            (std::vector<WsSubscription>{{"orderbook_delta", 7}, {"ticker", 8}}));

  const auto unsub = parse_fixture<WsUnsubscribed>(parser, "ws_unsubscribed.json", frame);
  EXPECT_EQ(unsub.id, 14);
  EXPECT_EQ(unsub.sid, 8);
  EXPECT_EQ(unsub.seq, 5);

  const auto error = parse_fixture<WsError>(parser, "ws_error.json", frame);
  EXPECT_EQ(error.id, 15);
  EXPECT_EQ(error.code, 16);
  EXPECT_EQ(error.msg, "Market not found");
  EXPECT_EQ(error.market_ticker, "KXBTC15M-00JAN010000-00");
  EXPECT_FALSE(is_terminal_error_code(error.code));
  EXPECT_TRUE(is_terminal_error_code(25));

  const auto ticker = parse_fixture<WsUnknown>(parser, "ws_ticker.json", frame);
  EXPECT_EQ(ticker.type, "ticker");
  EXPECT_EQ(ticker.sid, 8);
  EXPECT_EQ(ticker.seq, std::nullopt);
}

TEST(WsParser, EnvelopeSidAndSeq) {
  WsParser parser;
  std::string frame;
  frame = read_file(fixture("ws_orderbook_delta.json"));
  auto m = parser.parse(frame);
  ASSERT_TRUE(m);
  EXPECT_EQ(sid_of(*m), 7);
  EXPECT_EQ(seq_of(*m), 2);
  frame = read_file(fixture("ws_subscribed.json"));
  m = parser.parse(frame);
  ASSERT_TRUE(m);
  EXPECT_EQ(sid_of(*m), 7);
  EXPECT_EQ(seq_of(*m), std::nullopt);
  frame = read_file(fixture("ws_error.json"));
  m = parser.parse(frame);
  ASSERT_TRUE(m);
  EXPECT_EQ(sid_of(*m), std::nullopt);
  frame = R"({"type":"trade","sid":2,"seq":48,"msg":{}})";
  m = parser.parse(frame);
  ASSERT_TRUE(m);
  EXPECT_EQ(sid_of(*m), 2);
  EXPECT_EQ(seq_of(*m), 48);
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

TEST(WsParser, UseYesPriceBothWaysGivesTheSameBook) {
  WsParser no_leg;  // default: NO levels in NO-leg prices
  WsParser yes_price(WsParserOptions{.use_yes_price = true});
  const OrderBook a = replay("ws_session_no_leg.jsonl", no_leg);
  const OrderBook b = replay("ws_session_yes_price.jsonl", yes_price);
  expect_session_book(a);
  expect_session_book(b);
}

TEST(WsParser, UseYesPricePerSid) {
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

TEST(WsParser, UseYesPriceAppliesToLegacySnapshots) {
  WsParser parser(WsParserOptions{.use_yes_price = true});
  std::string frame;
  const auto s = parse_fixture<OrderbookSnapshot>(
      parser, "ws_orderbook_snapshot_legacy_cents_only.json", frame);
  EXPECT_EQ(levels(s.yes_bids), (std::vector<BookLevel>{L("0.08", "300"), L("0.22", "333")}));
  EXPECT_EQ(levels(s.no_bids), (std::vector<BookLevel>{L("0.46", "20")}));
}

// ---- Robustness -------------------------------------------------------------------------

TEST(WsParser, KeyOrderWhitespaceAndEscapesDoNotMatter) {
  WsParser parser;
  const std::vector<std::string> frames = {
      // msg before type (second pass), type last, pretty-printed, escaped ticker.
      R"({"msg":{"side":"no","delta_fp":"-1.00","price_dollars":"0.5600","market_ticker":"KX-A"},"seq":4,"sid":9,"type":"orderbook_delta"})",
      R"({"sid":9,"msg":{"market_ticker":"KX-A","price_dollars":"0.5600","delta_fp":"-1.00","side":"no"},"seq":4,"type":"orderbook_delta"})",
      "{\n  \"type\" : \"orderbook_delta\",\n  \"sid\" : 9,\n  \"seq\" : 4,\n  \"msg\" : {\n"
      "    \"market_ticker\" : \"KX-A\",\n    \"price_dollars\" : \"0.5600\",\n"
      "    \"delta_fp\" : \"-1.00\",\n    \"side\" : \"no\"\n  }\n}\n",
      R"({"type":"orderbook_delta","sid":9,"seq":4,"msg":{"market_ticker":"KX-\u0041","price_dollars":"0.5600","delta_fp":"-1.00","side":"no","extra":{"nested":[1,2,{"x":null}]}}})",
  };
  for (const std::string& frame : frames) {
    const auto d = parse_as<OrderbookDelta>(parser, frame);
    EXPECT_EQ(d.sid, 9) << frame;
    EXPECT_EQ(d.seq, 4) << frame;
    EXPECT_EQ(d.market_ticker, "KX-A") << frame;
    EXPECT_EQ(d.side, OutcomeSide::no) << frame;
    EXPECT_EQ(d.price, P("0.56")) << frame;
    EXPECT_EQ(d.delta, C("-1")) << frame;
  }
  // msg before type for a snapshot with use_yes_price (conversion after both passes).
  WsParser yes_price(WsParserOptions{.use_yes_price = true});
  const auto s = parse_as<OrderbookSnapshot>(
      yes_price,
      R"({"msg":{"market_ticker":"KX-A","no_dollars_fp":[["0.4400","17.00"]]},"sid":9,"seq":1,"type":"orderbook_snapshot"})");
  EXPECT_EQ(levels(s.no_bids), (std::vector<BookLevel>{L("0.56", "17")}));
}

TEST(WsParser, AcceptedNumberForms) {
  WsParser parser;
  const auto delta_with = [&](const char* price, const char* delta) {
    const std::string frame =
        std::string(
            R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"T","side":"yes","price_dollars":")") +
        price + R"(","delta_fp":")" + delta + R"("}})";
    return parse_as<OrderbookDelta>(parser, frame);
  };
  EXPECT_EQ(delta_with("0.960", "-54.00").price, P("0.96"));  // 3 decimals (doc example)
  EXPECT_EQ(delta_with("0.960000", "1").price, P("0.96"));    // 6 decimals, zeros
  EXPECT_EQ(delta_with("0.96000", "1").price, P("0.96"));     // 5 decimals, zeros
  EXPECT_EQ(delta_with("0.0010", "1").price, P("0.001"));     // sub-penny
  EXPECT_EQ(delta_with("1", "1").price, Price::one());
  EXPECT_EQ(delta_with("0.5", "0.01").delta, Count::from_centi(1));  // fractional contract
  EXPECT_EQ(delta_with("0.5", "3.5000").delta, C("3.50"));           // extra zero decimals
}

struct BadFrame {
  const char* name;
  const char* frame;
  FrameErrorCode code;
  const char* field;
};

void PrintTo(const BadFrame& c, std::ostream* os) { *os << c.name; }

class WsParserRejects : public ::testing::TestWithParam<BadFrame> {};

TEST_P(WsParserRejects, WithAReason) {
  const auto& c = GetParam();
  const FrameError e = parse_error(c.frame);
  EXPECT_EQ(e.code, c.code) << e.message();
  EXPECT_EQ(e.field, c.field) << e.message();
  EXPECT_FALSE(e.message().empty());
}

#define DELTA_MSG(body) R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":{)" body "}}"
#define GOOD_DELTA_FIELDS R"("market_ticker":"T","side":"yes")"

INSTANTIATE_TEST_SUITE_P(
    WsParser, WsParserRejects,
    ::testing::Values(
        BadFrame{"empty", "", FrameErrorCode::malformed_json, ""},
        BadFrame{"whitespace", "  \n", FrameErrorCode::malformed_json, ""},
        BadFrame{"garbage", "hello", FrameErrorCode::malformed_json, ""},
        BadFrame{"ping_payload", R"("heartbeat")", FrameErrorCode::not_an_object, ""},
        BadFrame{"array", R"([{"type":"ok"}])", FrameErrorCode::not_an_object, ""},
        BadFrame{"number", "42", FrameErrorCode::not_an_object, ""},
        BadFrame{"truncated",
                 R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"T","pri)",
                 FrameErrorCode::malformed_json, ""},
        BadFrame{
            "missing_outer_brace",
            R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"T","side":"yes","price_dollars":"0.5","delta_fp":"1"})",
            FrameErrorCode::malformed_json, ""},
        BadFrame{"trailing_object", R"({"type":"ok"}{"type":"ok"})",
                 FrameErrorCode::trailing_content, ""},
        BadFrame{"command", R"({"id":1,"cmd":"subscribe","params":{"channels":["ticker"]}})",
                 FrameErrorCode::missing_field, "type"},
        BadFrame{"type_not_string", R"({"type":5,"msg":{}})", FrameErrorCode::wrong_type, "type"},
        BadFrame{"sid_string", R"({"type":"orderbook_delta","sid":"1","seq":1,"msg":{}})",
                 FrameErrorCode::wrong_type, "sid"},
        BadFrame{"seq_float", R"({"type":"ticker","sid":1,"seq":1.5,"msg":{}})",
                 FrameErrorCode::wrong_type, "seq"},
        BadFrame{"missing_msg", R"({"type":"orderbook_delta","sid":1,"seq":1})",
                 FrameErrorCode::missing_field, "msg"},
        BadFrame{"missing_sid",
                 R"({"type":"orderbook_snapshot","seq":1,"msg":{"market_ticker":"T"}})",
                 FrameErrorCode::missing_field, "sid"},
        BadFrame{"empty_delta_msg", R"({"type":"orderbook_delta","sid":1,"msg":{}})",
                 FrameErrorCode::missing_field, "msg.market_ticker"},
        BadFrame{
            "missing_seq_valid_msg",
            R"({"type":"orderbook_delta","sid":1,"msg":{"market_ticker":"T","side":"yes","price_dollars":"0.5","delta_fp":"1"}})",
            FrameErrorCode::missing_field, "seq"},
        BadFrame{"msg_not_object", R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":[]})",
                 FrameErrorCode::wrong_type, "msg"},
        BadFrame{"missing_ticker",
                 DELTA_MSG(R"("side":"yes","price_dollars":"0.5","delta_fp":"1")"),
                 FrameErrorCode::missing_field, "msg.market_ticker"},
        BadFrame{"missing_side",
                 DELTA_MSG(R"("market_ticker":"T","price_dollars":"0.5","delta_fp":"1")"),
                 FrameErrorCode::missing_field, "msg.side"},
        BadFrame{"missing_price", DELTA_MSG(GOOD_DELTA_FIELDS R"(,"delta_fp":"1")"),
                 FrameErrorCode::missing_field, "msg.price_dollars"},
        BadFrame{"missing_delta", DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"0.5")"),
                 FrameErrorCode::missing_field, "msg.delta_fp"},
        BadFrame{"price_as_json_number",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":0.96,"delta_fp":"1")"),
                 FrameErrorCode::wrong_type, "msg.price_dollars"},
        BadFrame{"price_five_decimals",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"0.12345","delta_fp":"1")"),
                 FrameErrorCode::bad_number, "msg.price_dollars"},
        BadFrame{"price_above_one",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"1.0100","delta_fp":"1")"),
                 FrameErrorCode::bad_number, "msg.price_dollars"},
        BadFrame{"price_negative",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"-0.10","delta_fp":"1")"),
                 FrameErrorCode::bad_number, "msg.price_dollars"},
        BadFrame{"price_exponent",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"5e-1","delta_fp":"1")"),
                 FrameErrorCode::bad_number, "msg.price_dollars"},
        BadFrame{"price_empty",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"","delta_fp":"1")"),
                 FrameErrorCode::bad_number, "msg.price_dollars"},
        BadFrame{"delta_as_json_number",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"0.5","delta_fp":-54.0)"),
                 FrameErrorCode::wrong_type, "msg.delta_fp"},
        BadFrame{"delta_three_decimals",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price_dollars":"0.5","delta_fp":"1.005")"),
                 FrameErrorCode::bad_number, "msg.delta_fp"},
        BadFrame{"legacy_price_out_of_range",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price":101,"delta":1)"),
                 FrameErrorCode::bad_number, "msg.price"},
        BadFrame{"legacy_price_float", DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price":96.5,"delta":1)"),
                 FrameErrorCode::wrong_type, "msg.price"},
        BadFrame{"legacy_delta_overflow",
                 DELTA_MSG(GOOD_DELTA_FIELDS R"(,"price":50,"delta":9223372036854775807)"),
                 FrameErrorCode::bad_number, "msg.delta"},
        BadFrame{
            "side_unknown",
            DELTA_MSG(R"("market_ticker":"T","side":"maybe","price_dollars":"0.5","delta_fp":"1")"),
            FrameErrorCode::bad_value, "msg.side"},
        BadFrame{"side_number",
                 DELTA_MSG(R"("market_ticker":"T","side":1,"price_dollars":"0.5","delta_fp":"1")"),
                 FrameErrorCode::wrong_type, "msg.side"},
        BadFrame{
            "ticker_number",
            DELTA_MSG(R"("market_ticker":42,"side":"yes","price_dollars":"0.5","delta_fp":"1")"),
            FrameErrorCode::wrong_type, "msg.market_ticker"},
        BadFrame{
            "snapshot_side_not_array",
            R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes_dollars_fp":{}}})",
            FrameErrorCode::wrong_type, "msg.yes_dollars_fp"},
        BadFrame{
            "snapshot_level_not_pair",
            R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","no_dollars_fp":[["0.5000"]]}})",
            FrameErrorCode::bad_value, "msg.no_dollars_fp"},
        BadFrame{
            "snapshot_count_number",
            R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes_dollars_fp":[["0.5000",10]]}})",
            FrameErrorCode::wrong_type, "msg.yes_dollars_fp"},
        BadFrame{
            "snapshot_negative_size",
            R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes_dollars_fp":[["0.5000","-1.00"]]}})",
            FrameErrorCode::bad_number, "msg.yes_dollars_fp"},
        BadFrame{
            "snapshot_price_five_decimals",
            R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes_dollars_fp":[["0.50001","1.00"]]}})",
            FrameErrorCode::bad_number, "msg.yes_dollars_fp"},
        BadFrame{
            "snapshot_legacy_string_price",
            R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"market_ticker":"T","yes":[["8",300]]}})",
            FrameErrorCode::wrong_type, "msg.yes"},
        BadFrame{"snapshot_missing_ticker",
                 R"({"type":"orderbook_snapshot","sid":1,"seq":1,"msg":{"yes_dollars_fp":[]}})",
                 FrameErrorCode::missing_field, "msg.market_ticker"},
        BadFrame{"subscribed_missing_sid",
                 R"({"id":1,"type":"subscribed","msg":{"channel":"ticker"}})",
                 FrameErrorCode::missing_field, "msg.sid"},
        BadFrame{"subscribed_missing_msg", R"({"id":1,"type":"subscribed"})",
                 FrameErrorCode::missing_field, "msg"},
        BadFrame{"error_missing_code", R"({"id":1,"type":"error","msg":{"msg":"x"}})",
                 FrameErrorCode::missing_field, "msg.code"},
        BadFrame{"error_missing_msg", R"({"id":1,"type":"error"})", FrameErrorCode::missing_field,
                 "msg"},
        BadFrame{"ok_tickers_not_strings", R"({"id":1,"type":"ok","msg":{"market_tickers":[1]}})",
                 FrameErrorCode::wrong_type, "msg.market_tickers[]"},
        BadFrame{"bad_utf8", "{\"type\":\"ticker\",\"msg\":{\"x\":\"\xff\xfe\"}}",
                 FrameErrorCode::malformed_json, ""}),
    [](const auto& i) { return std::string(i.param.name); });

#undef DELTA_MSG
#undef GOOD_DELTA_FIELDS

TEST(WsParser, EveryTruncationOfAValidFrameIsAnError) {
  for (const char* name :
       {"ws_orderbook_delta.json", "ws_orderbook_snapshot.json",
        "ws_orderbook_snapshot_legacy.json", "ws_ok_list.json", "ws_error.json"}) {
    std::string frame = read_file(fixture(name));
    while (!frame.empty() && (frame.back() == '\n' || frame.back() == ' ')) frame.pop_back();
    WsParser parser;
    ASSERT_TRUE(parser.parse(frame)) << name;
    for (std::size_t n = 0; n < frame.size(); ++n) {
      const auto result = parser.parse(std::string_view(frame).substr(0, n));
      EXPECT_FALSE(result) << name << " cut at " << n << ": " << frame.substr(0, n);
    }
  }
}

TEST(WsParser, DeltasAllocateNothingAfterWarmUp) {
  const std::vector<std::string> frames = {
      read_file(fixture("ws_orderbook_delta.json")),
      read_file(fixture("ws_orderbook_delta_own_order.json")),
      read_file(fixture("ws_orderbook_delta_legacy.json")),
      read_file(fixture("ws_orderbook_snapshot.json")),
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
  EXPECT_EQ(parsed, 400u);
  EXPECT_EQ(g_allocations, 0u);
}

TEST(WsParser, FramesAboveTheLimitAreRejectedUnparsed) {
  const std::string frame = read_file(fixture("ws_orderbook_delta.json"));
  WsParser parser(WsParserOptions{.max_frame_bytes = 64});
  const auto result = parser.parse(frame);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, FrameErrorCode::too_large);
}

TEST(WsParser, ReusesItsBuffersAcrossFramesOfAnySize) {
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

TEST(WsParser, ErrorMessagesAreShortAndSpecific) {
  const FrameError e = parse_error(
      R"({"type":"orderbook_delta","sid":1,"seq":1,"msg":{"market_ticker":"T","side":"yes","price_dollars":"0.12345","delta_fp":"1"}})");
  EXPECT_EQ(e.message(), "bad number at msg.price_dollars: too many decimal places");
  EXPECT_EQ((FrameError{FrameErrorCode::too_large, {}, {}}.message()), "frame too large");
}

// ---- Shared recordings (skipped when ../shared is absent) -------------------------------

fs::path shared_kalshi() { return test::shared_dir() / "reference" / "kalshi"; }
fs::path shared_wire() { return test::shared_dir() / "reference" / "wire" / "kalshi"; }

// An orderbook frame must parse to the typed message, with every level and value matching
// an independent (nlohmann) reading of the same JSON.
void expect_orderbook_parsed_fully(const WsMessage& m, const nlohmann::json& j,
                                   const std::string& where) {
  const std::string type = j.at("type");
  if (type == "orderbook_delta") {
    const auto& msg = j.at("msg");
    ASSERT_TRUE(std::holds_alternative<OrderbookDelta>(m)) << where;
    const auto& d = std::get<OrderbookDelta>(m);
    EXPECT_EQ(d.market_ticker, msg.at("market_ticker").get<std::string>()) << where;
    EXPECT_EQ(d.seq, j.at("seq").get<std::int64_t>()) << where;
    EXPECT_EQ(to_string(d.side), msg.at("side").get<std::string>()) << where;
    if (msg.contains("price_dollars")) {
      EXPECT_EQ(d.price, *Price::parse(msg.at("price_dollars").get<std::string>())) << where;
    }
    if (msg.contains("delta_fp")) {
      EXPECT_EQ(d.delta, *Count::parse(msg.at("delta_fp").get<std::string>())) << where;
    } else {
      EXPECT_EQ(d.delta, Count::contracts(msg.at("delta").get<std::int64_t>())) << where;
    }
  } else if (type == "orderbook_snapshot") {
    const auto& msg = j.at("msg");
    ASSERT_TRUE(std::holds_alternative<OrderbookSnapshot>(m)) << where;
    const auto& s = std::get<OrderbookSnapshot>(m);
    EXPECT_EQ(s.market_ticker, msg.at("market_ticker").get<std::string>()) << where;
    for (const auto& [side, bids] : {std::pair{"yes", s.yes_bids}, std::pair{"no", s.no_bids}}) {
      const std::string fp = std::string(side) + "_dollars_fp";
      const std::string legacy = side;
      const nlohmann::json* source = msg.contains(fp)       ? &msg.at(fp)
                                     : msg.contains(legacy) ? &msg.at(legacy)
                                                            : nullptr;
      if (!source) {
        EXPECT_TRUE(bids.empty()) << where;
        continue;
      }
      ASSERT_EQ(bids.size(), source->size()) << where << " " << side;
      for (std::size_t i = 0; i < bids.size(); ++i) {
        const auto& level = (*source)[i];
        if (level[0].is_string()) {
          EXPECT_EQ(bids[i].price, *Price::parse(level[0].get<std::string>())) << where;
          EXPECT_EQ(bids[i].size, *Count::parse(level[1].get<std::string>())) << where;
        } else {
          EXPECT_EQ(bids[i].price, *Price::from_cents(level[0].get<std::int64_t>())) << where;
          EXPECT_EQ(bids[i].size, Count::contracts(level[1].get<std::int64_t>())) << where;
        }
      }
    }
  } else {
    EXPECT_FALSE(std::holds_alternative<WsUnknown>(m)) << where << " type " << type;
  }
}

// Parses one server frame: it must succeed, and modelled types must be fully typed.
void expect_server_frame_parses(WsParser& parser, const std::string& frame,
                                const std::string& where) {
  auto result = parser.parse(frame);
  ASSERT_TRUE(result) << where << ": " << result.error().message();
  const auto j = nlohmann::json::parse(frame);
  const std::string type = j.at("type");
  static const std::vector<std::string> modelled = {
      "orderbook_delta", "orderbook_snapshot", "subscribed", "ok", "unsubscribed", "error"};
  if (std::find(modelled.begin(), modelled.end(), type) != modelled.end()) {
    expect_orderbook_parsed_fully(*result, j, where);
  } else {
    ASSERT_TRUE(std::holds_alternative<WsUnknown>(*result)) << where;
    EXPECT_EQ(std::get<WsUnknown>(*result).type, type) << where;
  }
}

// Example files whose name is a client->server message (commands) or a ping/pong control
// frame payload: these are not server text frames and must be rejected, not misread.
bool is_client_or_control(const std::string& filename) {
  const std::string message = filename.substr(0, filename.find('.'));
  return message.ends_with("Command") || message.ends_with("Ping") || message.ends_with("Pong");
}

TEST(WsParserShared, EveryKalshiExampleFrame) {
  if (!fs::exists(shared_kalshi() / "examples")) GTEST_SKIP() << "no " << shared_kalshi();
  std::size_t server = 0;
  std::size_t client = 0;
  std::size_t orderbook = 0;
  for (const char* dir : {"ws", "ws-legacy-2026-01"}) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(shared_kalshi() / "examples" / dir)) {
      if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    ASSERT_FALSE(files.empty()) << dir;
    WsParser parser;
    for (const fs::path& path : files) {
      const std::string frame = read_file(path);
      const std::string name = path.filename().string();
      if (is_client_or_control(name)) {
        const auto result = parser.parse(frame);
        EXPECT_FALSE(result) << name;
        if (!result) {
          EXPECT_TRUE(result.error().code == FrameErrorCode::missing_field ||
                      result.error().code == FrameErrorCode::not_an_object)
              << name << ": " << result.error().message();
        }
        ++client;
        continue;
      }
      expect_server_frame_parses(parser, frame, std::string(dir) + "/" + name);
      ++server;
      if (name.starts_with("orderbook")) ++orderbook;
    }
  }
  EXPECT_GE(server, 30u);
  EXPECT_GE(client, 10u);
  EXPECT_EQ(orderbook, 4u);
}

TEST(WsParserShared, EveryRecordedWireFrame) {
  if (!fs::exists(shared_wire())) GTEST_SKIP() << "no " << shared_wire();
  WsParser parser;
  std::size_t frames = 0;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(shared_wire())) files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& path : files) {
    const std::string name = path.filename().string();
    if (path.extension() == ".jsonl") {
      std::size_t line_no = 0;
      for (const std::string& line : read_lines(path)) {
        expect_server_frame_parses(parser, line, name + ":" + std::to_string(++line_no));
        ++frames;
      }
    } else if (path.extension() == ".json") {
      const auto j = nlohmann::json::parse(read_file(path));
      if (j.is_array()) {  // AsyncAPI examples: [{message, example, payload}, ...]
        for (const auto& example : j) {
          const auto& payload = example.at("payload");
          const std::string where = name + ":" + example.at("example").get<std::string>();
          const std::string frame = payload.dump();
          if (payload.is_string() || payload.contains("cmd")) {
            EXPECT_FALSE(parser.parse(frame)) << where;
          } else {
            expect_server_frame_parses(parser, frame, where);
            ++frames;
          }
        }
      } else if (j.is_object() && j.contains("type")) {  // one recorded frame
        expect_server_frame_parses(parser, read_file(path), name);
        ++frames;
      }
      // Anything else is a REST body, not a WebSocket frame.
    }
  }
  EXPECT_GE(frames, 40u);
}

TEST(WsParserShared, DemoCaptureBuildsTheBookTheVenueQuotes) {
  const fs::path capture = shared_wire() / "ws_demo_capture_2026-08-27.jsonl";
  if (!fs::exists(capture)) GTEST_SKIP() << "no " << capture;
  WsParser parser;
  std::map<std::string, OrderBook, std::less<>> books;
  const Timestamp at = from_unix_ms(1'787'838'983'000);
  for (const std::string& line : read_lines(capture)) {
    auto m = parser.parse(line);
    ASSERT_TRUE(m) << m.error().message();
    if (const auto* s = std::get_if<OrderbookSnapshot>(&*m)) {
      auto [it, _] = books.try_emplace(std::string(s->market_ticker),
                                       MarketTicker(s->market_ticker), PriceGrid::linear_cent());
      EXPECT_TRUE(it->second.apply_snapshot(s->yes_bids, s->no_bids, at).ok());
    } else if (const auto* d = std::get_if<OrderbookDelta>(&*m)) {
      auto it = books.find(d->market_ticker);
      ASSERT_NE(it, books.end());
      EXPECT_EQ(it->second.apply_delta(d->side, d->price, d->delta, at), DeltaResult::ok);
    }
  }
  ASSERT_EQ(books.size(), 2u);
  const OrderBook& gold = books.at("KXGOLDH-26AUG2711-T4615.99");
  // The venue's own ticker in the same capture: yes_bid 0.01, yes_ask 0.98 size 2500.
  EXPECT_EQ(gold.best_yes_bid()->price, P("0.01"));
  EXPECT_EQ(gold.best_yes_bid()->size, C("1420"));  // 1410 + the +10 delta
  EXPECT_EQ(gold.best_yes_ask(), (OrderBook::Quote{P("0.98"), C("2500")}));
  EXPECT_TRUE(books.at("KXBTCD-25AUG2617-T112999.99").empty());  // snapshot with no sides
}

}  // namespace
}  // namespace antevorta::kalshi
