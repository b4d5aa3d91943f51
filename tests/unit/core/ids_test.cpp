#include "antevorta/core/ids.hpp"

#include <type_traits>
#include <unordered_set>

#include <gtest/gtest.h>

#include "antevorta/core/secret.hpp"

namespace antevorta {
namespace {

TEST(Ids, DistinctTypesSameBehaviour) {
  static_assert(!std::is_convertible_v<MarketTicker, OrderId>);
  static_assert(!std::is_convertible_v<std::string, MarketTicker>);
  const MarketTicker a("KXBTC15M-26NOV211930-30");
  const MarketTicker b("KXBTC15M-26NOV211930-30");
  EXPECT_EQ(a, b);
  EXPECT_LT(MarketTicker("A"), MarketTicker("B"));
  std::unordered_set<MarketTicker> set{a, b};
  EXPECT_EQ(set.size(), 1u);
  EXPECT_EQ(fmt::format("{}", a), "KXBTC15M-26NOV211930-30");
}

TEST(Secret, NeverFormatsItsValue) {
  const Secret s("sk-very-secret");
  EXPECT_EQ(fmt::format("{}", s), "<redacted>");
  EXPECT_EQ(fmt::format("{}", Secret{}), "<unset>");
  EXPECT_EQ(s.reveal(), "sk-very-secret");
}

}  // namespace
}  // namespace antevorta
