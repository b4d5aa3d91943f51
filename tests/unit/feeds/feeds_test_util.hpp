// Helpers shared by the feed parser tests: decimals, times, the recorded wire messages in
// ../shared/reference/wire (read at run time, skipped when absent), and status tallies.
#pragma once

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "antevorta/core/decimal.hpp"
#include "antevorta/feeds/parser.hpp"

#include "support/files.hpp"
#include "support/paths.hpp"

namespace antevorta {
inline void PrintTo(const Decimal& d, std::ostream* os) { *os << d.to_string(); }
}  // namespace antevorta

namespace antevorta::feeds {

inline void PrintTo(FrameStatus s, std::ostream* os) { *os << to_string(s); }
inline void PrintTo(TickKind k, std::ostream* os) { *os << to_string(k); }
inline void PrintTo(FeedState s, std::ostream* os) { *os << to_string(s); }

}  // namespace antevorta::feeds

namespace antevorta::feeds::test {

namespace fs = std::filesystem;

inline Decimal D(const char* text) { return *Decimal::parse(text); }

// A fixed arrival time for parser tests: 2026-01-01T00:00:00Z.
inline const Timestamp kArrival = from_unix_ms(1'767'225'600'000);

// Unix seconds plus nanoseconds (the expected values are computed outside the code under test).
inline Timestamp utc(std::int64_t seconds, std::int64_t nanos = 0) {
  return Timestamp(std::chrono::seconds(seconds) + std::chrono::nanoseconds(nanos));
}

// The recorded wire messages of `venue` (coinbase, binance, kraken); empty when absent.
inline fs::path wire_dir(const char* venue) {
  return antevorta::test::shared_dir() / "reference" / "wire" / venue;
}

#define FEEDS_REQUIRE_WIRE(path)                                            \
  do {                                                                      \
    if (!std::filesystem::exists(path)) GTEST_SKIP() << "absent: " << path; \
  } while (0)

using antevorta::test::read_file;
using antevorta::test::read_lines;

// What a run of frames produced.
struct Tally {
  std::map<FrameStatus, int> statuses;
  std::vector<PriceTick> ticks;
  std::uint32_t gaps = 0;
  std::vector<std::string> malformed;  // the reasons, for failure messages

  int count(FrameStatus s) const {
    const auto it = statuses.find(s);
    return it == statuses.end() ? 0 : it->second;
  }
  int trades() const {
    int n = 0;
    for (const auto& t : ticks) n += t.kind == TickKind::trade;
    return n;
  }
  int quotes() const { return static_cast<int>(ticks.size()) - trades(); }
};

inline Tally run_frames(FeedParser& parser, const std::vector<std::string>& frames) {
  Tally tally;
  for (const auto& frame : frames) {
    const std::size_t before = tally.ticks.size();
    const FrameResult r = parser.parse(frame, kArrival, tally.ticks);
    EXPECT_EQ(r.ticks, tally.ticks.size() - before) << frame;
    ++tally.statuses[r.status];
    tally.gaps += r.gaps;
    if (r.status == FrameStatus::malformed) tally.malformed.emplace_back(r.text);
  }
  return tally;
}

// Parses one frame into a fresh vector.
struct One {
  FrameResult result;
  std::string text;  // a copy of result.text
  std::vector<PriceTick> ticks;
};

inline One parse_one(FeedParser& parser, std::string_view frame, Timestamp at = kArrival) {
  One one;
  one.result = parser.parse(frame, at, one.ticks);
  one.text = std::string(one.result.text);
  EXPECT_EQ(one.result.ticks, one.ticks.size()) << frame;
  return one;
}

inline ParserOptions options(std::string source, std::vector<FeedSymbol> symbols) {
  ParserOptions o;
  o.source = std::move(source);
  o.symbols = std::move(symbols);
  return o;
}

}  // namespace antevorta::feeds::test
