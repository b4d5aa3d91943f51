// BookStore: books by ticker, and retired books' objects reused so memory stays bounded.
#include "antevorta/kalshi/book_store.hpp"

#include <gtest/gtest.h>

namespace antevorta::kalshi {
namespace {

TEST(BookStore, EnsureCreatesOnceAndFindsByTicker) {
  BookStore store;
  OrderBook& a = store.ensure(MarketTicker("A"), PriceGrid::linear_cent());
  EXPECT_EQ(&store.ensure(MarketTicker("A"), PriceGrid::linear_cent()), &a);
  EXPECT_EQ(store.find("A"), &a);
  EXPECT_EQ(store.find("B"), nullptr);
  EXPECT_EQ(store.size(), 1u);
  EXPECT_EQ(store.fresh_count(), 0u);  // stale until its first snapshot
}

TEST(BookStore, RetiredBookIsForgottenAndItsObjectReused) {
  BookStore store;
  OrderBook& a = store.ensure(MarketTicker("A"), PriceGrid::linear_cent());
  const std::vector<BookLevel> yes{{Price::of(4000), Count::contracts(5)}};
  ASSERT_TRUE(a.apply_snapshot(yes, {}, Timestamp{}).ok());
  store.ensure(MarketTicker("B"), PriceGrid::linear_cent());

  store.retire("A");
  store.retire("unknown");  // no-op
  EXPECT_EQ(store.find("A"), nullptr);
  EXPECT_EQ(store.size(), 1u);
  ASSERT_EQ(store.all().size(), 1u);
  EXPECT_EQ(store.all()[0]->ticker(), MarketTicker("B"));

  // The next market gets the retired object, reset: new ticker, empty, stale.
  OrderBook& c = store.ensure(MarketTicker("C"), PriceGrid::linear_cent());
  EXPECT_EQ(&c, &a);
  EXPECT_EQ(c.ticker(), MarketTicker("C"));
  EXPECT_TRUE(c.stale());
  EXPECT_FALSE(c.best_bid(OutcomeSide::yes).has_value());
  EXPECT_EQ(store.size(), 2u);
}

}  // namespace
}  // namespace antevorta::kalshi
