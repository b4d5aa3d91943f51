// ForecastScorer: buckets at their edges, Brier / log loss / hit rate by hand, clamping,
// outcomes before and after forecasts.
#include "antevorta/feeds/forecast_score.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace antevorta::feeds {
namespace {

using namespace std::chrono_literals;

TEST(HorizonBucket, EdgesBelongToTheUpperBucket) {
  EXPECT_EQ(horizon_bucket(-5s), HorizonBucket::m0_1);  // after close
  EXPECT_EQ(horizon_bucket(0s), HorizonBucket::m0_1);
  EXPECT_EQ(horizon_bucket(60s - 1ns), HorizonBucket::m0_1);
  EXPECT_EQ(horizon_bucket(60s), HorizonBucket::m1_5);
  EXPECT_EQ(horizon_bucket(300s - 1ns), HorizonBucket::m1_5);
  EXPECT_EQ(horizon_bucket(300s), HorizonBucket::m5_10);
  EXPECT_EQ(horizon_bucket(600s), HorizonBucket::m10_15);
  EXPECT_EQ(horizon_bucket(900s - 1ns), HorizonBucket::m10_15);
  EXPECT_EQ(horizon_bucket(900s), HorizonBucket::m15_plus);
  EXPECT_EQ(horizon_bucket(24h), HorizonBucket::m15_plus);
  EXPECT_EQ(to_string(HorizonBucket::m0_1), "0-1m");
  EXPECT_EQ(to_string(HorizonBucket::m10_15), "10-15m");
  EXPECT_EQ(to_string(HorizonBucket::m15_plus), "15m+");
}

TEST(ForecastScorer, HandComputedScoresPerBucketAndAll) {
  ForecastScorer s;
  s.add_forecast("m", "A", 0.8, 30s);   // 0-1m, A = yes: (0.8 − 1)² = 0.04, −ln 0.8, hit
  s.add_forecast("m", "A", 0.6, 120s);  // 1-5m, A = yes: 0.16, −ln 0.6, hit
  s.add_forecast("m", "B", 0.3, 30s);   // 0-1m, B = no: 0.09, −ln 0.7, hit
  s.add_forecast("m", "B", 0.5, 120s);  // 1-5m, B = no: 0.25, −ln 0.5, miss (0.5 ≥ 0.5 says yes)
  EXPECT_TRUE(s.scores().empty());      // nothing is scored before an outcome
  EXPECT_EQ(s.pending_markets(), 2u);
  EXPECT_TRUE(s.add_outcome("A", true));
  EXPECT_TRUE(s.add_outcome("B", false));
  EXPECT_EQ(s.pending_markets(), 0u);

  const auto scores = s.scores();
  ASSERT_EQ(scores.size(), 3u);
  const ForecastScore& m01 = scores[0];
  EXPECT_EQ(m01.model, "m");
  EXPECT_EQ(m01.bucket, "0-1m");
  EXPECT_EQ(m01.n, 2u);
  EXPECT_NEAR(m01.brier, (0.04 + 0.09) / 2, 1e-12);                      // 0.065
  EXPECT_NEAR(m01.log_loss, (0.22314355131 + 0.35667494394) / 2, 1e-9);  // 0.28990925
  EXPECT_DOUBLE_EQ(m01.hit_rate, 1.0);
  const ForecastScore& m15 = scores[1];
  EXPECT_EQ(m15.bucket, "1-5m");
  EXPECT_EQ(m15.n, 2u);
  EXPECT_NEAR(m15.brier, (0.16 + 0.25) / 2, 1e-12);                      // 0.205
  EXPECT_NEAR(m15.log_loss, (0.51082562377 + 0.69314718056) / 2, 1e-9);  // 0.60198640
  EXPECT_DOUBLE_EQ(m15.hit_rate, 0.5);
  const ForecastScore& all = scores[2];
  EXPECT_EQ(all.bucket, "all");
  EXPECT_EQ(all.n, 4u);
  EXPECT_NEAR(all.brier, 0.135, 1e-12);            // (0.04 + 0.09 + 0.16 + 0.25) / 4
  EXPECT_NEAR(all.log_loss, 0.44594782490, 1e-9);  // 1.78379129958 / 4
  EXPECT_DOUBLE_EQ(all.hit_rate, 0.75);
}

TEST(ForecastScorer, ProbabilitiesAreClampedForLogLossOnly) {
  ForecastScorer s;
  s.add_forecast("m", "A", 1.0, 10s);  // certain YES, A = no
  s.add_forecast("m", "B", 0.0, 10s);  // certain NO, B = no
  s.add_outcome("A", false);
  s.add_outcome("B", false);
  const auto scores = s.scores();
  ASSERT_EQ(scores.size(), 2u);
  // Brier on the raw p: (1 − 0)² + (0 − 0)² = 1 → 0.5. Log loss: −ln(1e-6) = 13.8155… for A,
  // −ln(1 − 1e-6) ≈ 1e-6 for B.
  EXPECT_DOUBLE_EQ(scores[0].brier, 0.5);
  // (1 − (1 − 1e-6) is not exactly 1e-6 in binary, hence the tolerance.)
  EXPECT_NEAR(scores[0].log_loss, (-std::log(1e-6) - std::log(1.0 - 1e-6)) / 2, 1e-9);
  EXPECT_NEAR(scores[0].log_loss, 6.907756, 1e-6);
  EXPECT_DOUBLE_EQ(scores[0].hit_rate, 0.5);  // A: p ≥ 0.5 but no → miss; B hit
}

TEST(ForecastScorer, ForecastAfterTheOutcomeIsScoredAtOnceAndOutcomesCountOnce) {
  ForecastScorer s;
  EXPECT_TRUE(s.add_outcome("A", true));
  EXPECT_FALSE(s.add_outcome("A", false));  // the first result wins
  s.add_forecast("m", "A", 0.9, 5min);      // 5-10m: (0.9 − 1)² = 0.01
  const auto scores = s.scores();
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_EQ(scores[0].bucket, "5-10m");
  EXPECT_NEAR(scores[0].brier, 0.01, 1e-12);
  EXPECT_EQ(s.pending_markets(), 0u);
}

TEST(ForecastScorer, ModelsAreScoredSeparatelyInNameOrder) {
  ForecastScorer s;
  s.add_forecast("zeta", "A", 0.2, 20min);
  s.add_forecast("alpha", "A", 0.7, 20min);
  s.add_outcome("A", true);
  const auto scores = s.scores();
  ASSERT_EQ(scores.size(), 4u);
  EXPECT_EQ(scores[0].model, "alpha");
  EXPECT_EQ(scores[0].bucket, "15m+");
  EXPECT_NEAR(scores[0].brier, 0.09, 1e-12);  // (0.7 − 1)²
  EXPECT_EQ(scores[1].bucket, "all");
  EXPECT_EQ(scores[2].model, "zeta");
  EXPECT_NEAR(scores[2].brier, 0.64, 1e-12);  // (0.2 − 1)²
  EXPECT_DOUBLE_EQ(scores[2].hit_rate, 0.0);
}

}  // namespace
}  // namespace antevorta::feeds
