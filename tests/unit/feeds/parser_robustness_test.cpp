// Every parser against broken input: not JSON, truncated, mutated, oversized. Never a crash,
// never a tick from a frame that is not well-formed data.
#include <random>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/feeds/feeds_test_util.hpp"

namespace antevorta::feeds::test {
namespace {

struct Case {
  const char* name;
  std::unique_ptr<FeedParser> (*make)(ParserOptions);
  const char* symbol;
  const char* valid;  // a frame that yields one tick
};

const Case kCases[] = {
    {"coinbase_advanced", &make_coinbase_advanced_parser, "BTC-USD",
     R"({"channel":"market_trades","timestamp":"2026-03-01T12:00:00Z","sequence_num":1,"events":[{"type":"update","trades":[{"trade_id":"1","product_id":"BTC-USD","price":"68000.5","size":"1","side":"BUY","time":"2026-03-01T12:00:00Z"}]}]})"},
    {"coinbase_exchange", &make_coinbase_exchange_parser, "BTC-USD",
     R"({"type":"match","trade_id":1,"side":"sell","size":"1","price":"68000.5","product_id":"BTC-USD","sequence":1,"time":"2026-03-01T12:00:00Z"})"},
    {"binance", &make_binance_parser, "BTCUSDT",
     R"({"stream":"btcusdt@trade","data":{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"68000.5","q":"1","T":1,"m":true}})"},
    {"kraken", &make_kraken_parser, "BTC/USD",
     R"({"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"buy","price":68000.5,"qty":1,"ord_type":"limit","trade_id":1,"timestamp":"2026-03-01T12:00:00Z"}]})"},
};

class Robustness : public ::testing::TestWithParam<Case> {
 protected:
  std::unique_ptr<FeedParser> make(std::size_t max_frame_bytes = 4 * 1024 * 1024) {
    ParserOptions o = options("src", {{GetParam().symbol, "BTC"}});
    o.max_frame_bytes = max_frame_bytes;
    return GetParam().make(std::move(o));
  }
};

TEST_P(Robustness, TheValidFrameYieldsOneTick) {
  auto p = make();
  const One one = parse_one(*p, GetParam().valid);
  EXPECT_EQ(one.result.status, FrameStatus::data);
  ASSERT_EQ(one.ticks.size(), 1u);
  EXPECT_EQ(one.ticks[0].price, D("68000.5"));
}

TEST_P(Robustness, NotJsonIsMalformed) {
  auto p = make();
  for (const char* frame :
       {"", "hello", "{", "}", "{\"a\":", "{\"a\":1} {\"b\":2}", "{\"a\":1}x", "42", "\"text\"",
        "null", "true", "{\"a\":\"\xff\xfe\"}", "{\"a\":1,}", "{'a':1}"}) {
    const One one = parse_one(*p, frame);
    EXPECT_EQ(one.result.status, FrameStatus::malformed) << GetParam().name << ": " << frame;
    EXPECT_TRUE(one.ticks.empty());
    EXPECT_FALSE(one.text.empty());
  }
  // A JSON array is a well-formed frame of a shape the protocol does not use.
  EXPECT_EQ(parse_one(*p, "[1,\"a\",{}]").result.status, FrameStatus::ignored);
}

TEST_P(Robustness, EveryTruncationIsMalformedWithoutTicks) {
  auto p = make();
  const std::string valid = GetParam().valid;
  for (std::size_t n = 0; n < valid.size(); ++n) {
    const One one = parse_one(*p, std::string_view(valid).substr(0, n));
    EXPECT_EQ(one.result.status, FrameStatus::malformed) << n;
    EXPECT_TRUE(one.ticks.empty()) << n;
  }
  EXPECT_EQ(parse_one(*p, valid).ticks.size(), 1u);  // the parser is still fine afterwards
}

TEST_P(Robustness, MutatedFramesNeverCrashAndOnlyDataHasTicks) {
  auto p = make();
  const std::string valid = GetParam().valid;
  std::mt19937 rng(20260301);
  std::uniform_int_distribution<std::size_t> pos(0, valid.size() - 1);
  const std::string alphabet = "{}[]\":,0123456789.-eE \\ntruefalsenull\x01\xc3";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  int data = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string frame = valid;
    const int edits = 1 + i % 3;
    for (int e = 0; e < edits; ++e) frame[pos(rng)] = alphabet[pick(rng)];
    p->reset();
    const One one = parse_one(*p, frame);
    if (one.result.status != FrameStatus::data) {
      EXPECT_TRUE(one.ticks.empty()) << frame;
    } else {
      ++data;
      for (const auto& t : one.ticks) EXPECT_GT(t.price, Decimal{}) << frame;
    }
  }
  EXPECT_GT(data, 0);  // some mutations only touch values that do not matter
}

TEST_P(Robustness, FramesAboveTheLimitAreMalformed) {
  auto p = make(64);
  const One one = parse_one(*p, GetParam().valid);
  EXPECT_EQ(one.result.status, FrameStatus::malformed);
  EXPECT_THAT(one.text, ::testing::HasSubstr("above the limit"));
}

TEST_P(Robustness, DeepNestingInAnUnknownFieldIsSkipped) {
  auto p = make();
  std::string deep(500, '[');
  deep += std::string(500, ']');
  std::string frame = GetParam().valid;
  frame.insert(1, "\"zz_unknown\":" + deep + ",");
  const One one = parse_one(*p, frame);
  EXPECT_EQ(one.result.status, FrameStatus::data);
  EXPECT_EQ(one.ticks.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Parsers, Robustness, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& param) {
                           return std::string(param.param.name);
                         });

}  // namespace
}  // namespace antevorta::feeds::test
