// IndexService on a bus and a ManualClock: initial states, per-asset routing, staleness
// published by the once-per-second timer, reference routing by index id, stop.
#include "antevorta/feeds/index_service.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/feeds_index/test_support.hpp"

namespace antevorta::feeds::testing {
namespace {

using namespace std::chrono_literals;

class Service : public ::testing::Test {
 protected:
  Service() {
    sub = bus.subscribe<IndexUpdated>([this](const IndexUpdated& u) { updates.push_back(u); });
  }
  ManualClock clock;  // 2026-01-01T00:00:00Z, a whole second
  EventBus bus;
  std::vector<IndexUpdated> updates;
  Subscription sub;
  IndexService service{bus, clock, null_logger(), two_assets()};
};

TEST_F(Service, StartPublishesEveryAssetsInitialState) {
  service.start();
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[0].asset, "BTC");
  EXPECT_EQ(updates[1].asset, "SOL");
  for (const auto& u : updates) {
    EXPECT_EQ(u.status, IndexStatus::unavailable);
    EXPECT_EQ(u.reason, IndexUnavailableReason::too_few_sources);
    EXPECT_EQ(u.at, clock.now());
  }
}

TEST_F(Service, TicksUpdateTheirAssetOnlyAndUnknownAssetsAreCounted) {
  service.start();
  updates.clear();
  const Timestamp t = clock.now();
  bus.publish(price_tick("coinbase", "BTC", "68000", t));
  ASSERT_EQ(updates.size(), 1u);  // one fresh source: median known, still too few
  EXPECT_EQ(updates[0].median, D("68000"));
  bus.publish(price_tick("binance", "BTC", "68010", t));
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[1].asset, "BTC");
  EXPECT_EQ(updates[1].status, IndexStatus::ok);
  EXPECT_EQ(updates[1].value, D("68005"));
  bus.publish(price_tick("binance", "BTC", "68010", t));  // same price: no change, no event
  EXPECT_EQ(updates.size(), 2u);
  bus.publish(price_tick("coinbase", "ETH", "3000", t));
  EXPECT_EQ(updates.size(), 2u);
  EXPECT_EQ(service.ignored_ticks(), 1u);
  EXPECT_EQ(service.stats("BTC")->current.value, D("68005"));
  EXPECT_EQ(service.stats("SOL")->current.status, IndexStatus::unavailable);
  EXPECT_EQ(service.stats("ETH"), nullptr);
}

TEST_F(Service, ASourceGoingQuietIsPublishedByTheTimer) {
  service.start();
  const Timestamp t0 = clock.now();
  bus.publish(price_tick("coinbase", "BTC", "68000", t0));
  clock.advance_to(t0 + 2s);
  bus.publish(price_tick("binance", "BTC", "68010", t0 + 2s));
  updates.clear();
  // Timer at t0 + 5 s: coinbase exactly 5 s old, fresh; nothing published.
  clock.advance_to(t0 + 5s);
  EXPECT_TRUE(updates.empty());
  // Timer at t0 + 6 s: coinbase stale → unavailable, with no tick at all.
  clock.advance_to(t0 + 6s);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].status, IndexStatus::unavailable);
  EXPECT_EQ(updates[0].reason, IndexUnavailableReason::too_few_sources);
  EXPECT_EQ(updates[0].at, t0 + 6s);
  EXPECT_EQ(updates[0].fresh_sources, 1);
  EXPECT_EQ(service.stats("BTC")->unavailable_episodes, 1u);
  // binance (t0 + 2 s) is exactly 5 s old at t0 + 7 s, stale at the t0 + 8 s re-evaluation.
  clock.advance_to(t0 + 7s);
  EXPECT_EQ(updates.size(), 1u);
  clock.advance_to(t0 + 8s);
  ASSERT_EQ(updates.size(), 2u);
  EXPECT_EQ(updates[1].fresh_sources, 0);
  EXPECT_EQ(updates[1].at, t0 + 8s);
}

TEST_F(Service, ReferenceWithoutAssetIsRoutedByItsIndexId) {
  service.start();
  updates.clear();
  ReferenceTick t = reference_tick("SOL", "142.5", clock.now());
  t.asset.clear();  // index_id SOLUSD_RTI → SOL
  bus.publish(t);
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0].asset, "SOL");
  EXPECT_EQ(updates[0].basis, IndexBasis::reference);
  EXPECT_EQ(updates[0].value, D("142.5"));
  ReferenceTick unknown = reference_tick("SOL", "1", clock.now());
  unknown.asset.clear();
  unknown.index_id = "ETHUSD_RTI";
  bus.publish(unknown);
  EXPECT_EQ(service.ignored_ticks(), 1u);
}

TEST_F(Service, StopEndsTicksAndTimer) {
  service.start();
  service.stop();
  updates.clear();
  bus.publish(price_tick("coinbase", "BTC", "68000", clock.now()));
  clock.advance(10s);
  EXPECT_TRUE(updates.empty());
  EXPECT_EQ(clock.pending_timers(), 0u);
}

TEST(UntilNextSecond, IsAFullSecondOnAWholeSecond) {
  const Timestamp t = from_unix_ms(1'767'225'600'000);
  EXPECT_EQ(until_next_second(t), 1s);
  EXPECT_EQ(until_next_second(t + 250ms), 750ms);
}

}  // namespace
}  // namespace antevorta::feeds::testing
