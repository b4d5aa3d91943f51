// The one RFC 3339 parser (Kalshi REST/WS fields and the price feeds).
#include "antevorta/core/rfc3339.hpp"

#include <gtest/gtest.h>

namespace antevorta {
namespace {

TEST(Rfc3339, FractionsOffsetsAndSeparators) {
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:01Z"), from_unix_ms(1000));
  EXPECT_EQ(parse_rfc3339("1970-01-01T01:00:00+01:00"), from_unix_ms(0));
  EXPECT_EQ(parse_rfc3339("1970-01-01 00:00:00.5z"), from_unix_ms(500));
  // 9 fractional digits kept, the 10th dropped.
  EXPECT_EQ(parse_rfc3339("1970-01-01T00:00:00.1234567899Z"), from_unix_ns(123'456'789));
}

TEST(Rfc3339, RefusesMalformedAndUnrepresentableTimes) {
  EXPECT_FALSE(parse_rfc3339("2026-02-30T00:00:00Z"));  // no such day
  EXPECT_FALSE(parse_rfc3339("2026-01-01T00:00:00"));   // no offset
  EXPECT_FALSE(parse_rfc3339("2026-01-01T00:00:00.Z"));
  EXPECT_FALSE(parse_rfc3339("2026-01-01T24:00:00Z"));
  // A Timestamp (int64 nanoseconds) ends in 2262 and starts in 1677.
  EXPECT_TRUE(parse_rfc3339("2199-12-31T23:59:59Z"));
  EXPECT_FALSE(parse_rfc3339("2300-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_rfc3339("1600-01-01T00:00:00Z"));
}

}  // namespace
}  // namespace antevorta
