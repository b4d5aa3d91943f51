#include "antevorta/api/prometheus.hpp"

#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <sys/wait.h>
#include <vector>

#include <gtest/gtest.h>

namespace antevorta::api {
namespace {

using namespace std::chrono_literals;

TEST(PrometheusNumbers, DollarsAreExactDecimals) {
  EXPECT_EQ(dollars_text(Money::from_centicents(123'400)), "12.34");  // 12.3400
  EXPECT_EQ(dollars_text(Money::from_centicents(-123'400)), "-12.34");
  EXPECT_EQ(dollars_text(Money::from_centicents(-175)), "-0.0175");
  EXPECT_EQ(dollars_text(Money::from_centicents(50'000)), "5");
  EXPECT_EQ(dollars_text(Money::from_centicents(1)), "0.0001");
  EXPECT_EQ(dollars_text(Money::zero()), "0");
  // INT64_MIN centi-cents = -9223372036854775808 / 10^4 dollars.
  EXPECT_EQ(dollars_text(Money::from_centicents(std::numeric_limits<std::int64_t>::min())),
            "-922337203685477.5808");
}

TEST(PrometheusNumbers, SecondsAreExactDecimals) {
  EXPECT_EQ(seconds_text(5ms), "0.005");
  EXPECT_EQ(seconds_text(2500ms), "2.5");
  EXPECT_EQ(seconds_text(10s), "10");
  EXPECT_EQ(seconds_text(0ns), "0");
  EXPECT_EQ(seconds_text(1ns), "0.000000001");
  EXPECT_EQ(seconds_text(3600s + 70ms + 2ns), "3600.070000002");
}

TEST(PrometheusNames, MetricAndLabelNameRules) {
  EXPECT_TRUE(valid_metric_name("antevorta_up"));
  EXPECT_TRUE(valid_metric_name("ns:job_rate:5m"));  // colons are allowed in metric names
  EXPECT_TRUE(valid_metric_name("_x"));
  EXPECT_FALSE(valid_metric_name(""));
  EXPECT_FALSE(valid_metric_name("1up"));
  EXPECT_FALSE(valid_metric_name("antevorta-up"));
  EXPECT_FALSE(valid_metric_name("antevorta up"));

  EXPECT_TRUE(valid_label_name("endpoint"));
  EXPECT_TRUE(valid_label_name("_private"));
  EXPECT_TRUE(valid_label_name("le"));  // valid syntax; reserved only by the writer
  EXPECT_FALSE(valid_label_name("__name__"));
  EXPECT_FALSE(valid_label_name("a:b"));
  EXPECT_FALSE(valid_label_name("9x"));
  EXPECT_FALSE(valid_label_name(""));
}

TEST(PrometheusText, EscapesLabelValuesAndHelp) {
  PrometheusText out;
  out.family("x_total", MetricType::counter, "Back\\slash and\nnewline; \"quotes\" stay.");
  out.sample({{"reason", "a\\b\"c\nd"}}, 1);
  // Label value: \ → \\, " → \", newline → \n. HELP: \ → \\, newline → \n, quotes as is.
  EXPECT_EQ(out.text(),
            "# HELP x_total Back\\\\slash and\\nnewline; \"quotes\" stay.\n"
            "# TYPE x_total counter\n"
            "x_total{reason=\"a\\\\b\\\"c\\nd\"} 1\n");
}

TEST(PrometheusText, ValuesOfEveryKind) {
  PrometheusText out;
  out.family("v", MetricType::gauge, "Values.");
  out.sample({{"k", "int"}}, -7);
  out.sample({{"k", "u64"}}, std::numeric_limits<std::uint64_t>::max());
  out.sample({{"k", "i64"}}, std::numeric_limits<std::int64_t>::min());
  out.sample({{"k", "bool"}}, true);
  out.sample({{"k", "ratio"}}, 0.25);
  out.sample({{"k", "small"}}, 1e-5);
  out.sample({{"k", "nan"}}, std::nan(""));
  out.sample({{"k", "inf"}}, std::numeric_limits<double>::infinity());
  out.sample({{"k", "-inf"}}, -std::numeric_limits<double>::infinity());
  out.sample({{"k", "money"}}, Money::from_centicents(-5));
  EXPECT_EQ(out.text(),
            "# HELP v Values.\n"
            "# TYPE v gauge\n"
            "v{k=\"int\"} -7\n"
            "v{k=\"u64\"} 18446744073709551615\n"
            "v{k=\"i64\"} -9223372036854775808\n"
            "v{k=\"bool\"} 1\n"
            "v{k=\"ratio\"} 0.25\n"
            "v{k=\"small\"} 1e-05\n"
            "v{k=\"nan\"} NaN\n"
            "v{k=\"inf\"} +Inf\n"
            "v{k=\"-inf\"} -Inf\n"
            "v{k=\"money\"} -0.0005\n");
}

TEST(PrometheusText, HistogramBucketsAreCumulativeWithInf) {
  const std::array<Duration, 3> bounds{5ms, 25ms, 100ms};
  Histogram h(bounds);
  h.observe(5ms);   // le=0.005 (inclusive)
  h.observe(20ms);  // le=0.025
  h.observe(25ms);  // le=0.025
  h.observe(1s);    // only +Inf
  PrometheusText out;
  out.family("rest_seconds", MetricType::histogram, "Latency.");
  const std::vector<Label> labels{{"endpoint", "/markets/{ticker}"}, {"method", "GET"}};
  out.histogram(std::span<const Label>(labels), h);
  // Cumulative: 1; 1+2 = 3; 3+0 = 3; +Inf = count = 4. Sum 5+20+25+1000 ms = 1.05 s.
  EXPECT_EQ(out.text(),
            "# HELP rest_seconds Latency.\n"
            "# TYPE rest_seconds histogram\n"
            "rest_seconds_bucket{endpoint=\"/markets/{ticker}\",method=\"GET\",le=\"0.005\"} 1\n"
            "rest_seconds_bucket{endpoint=\"/markets/{ticker}\",method=\"GET\",le=\"0.025\"} 3\n"
            "rest_seconds_bucket{endpoint=\"/markets/{ticker}\",method=\"GET\",le=\"0.1\"} 3\n"
            "rest_seconds_bucket{endpoint=\"/markets/{ticker}\",method=\"GET\",le=\"+Inf\"} 4\n"
            "rest_seconds_sum{endpoint=\"/markets/{ticker}\",method=\"GET\"} 1.05\n"
            "rest_seconds_count{endpoint=\"/markets/{ticker}\",method=\"GET\"} 4\n");
}

// An exposition with every kind: counters, gauges (integer, money, ratio, bool), a
// histogram with and without labels, escaped label values.
std::string full_exposition() {
  PrometheusText out;
  out.family("antevorta_up", MetricType::gauge, "1 while the daemon runs.");
  out.sample(1);
  out.family("antevorta_risk_denials_total", MetricType::counter,
             "Intents the risk manager denied, by reason.");
  out.sample({{"reason", "max_order_count"}}, std::uint64_t{3});
  out.sample({{"reason", "kill_switch"}}, 0);
  out.family("antevorta_pnl_today_dollars", MetricType::gauge, "Today's P&L in dollars.");
  out.sample({{"kind", "realized"}}, Money::from_centicents(5'000));  // 0.5000
  out.sample({{"kind", "net"}}, Money::from_centicents(-123'400));    // -12.3400
  out.family("antevorta_book_fresh_ratio", MetricType::gauge, "Fresh books / all books.");
  out.sample(0.75);
  out.family("antevorta_connection_up", MetricType::gauge, "1 when connected.");
  out.sample({{"connection", "odd \"name\"\\with\nnewline"}}, false);

  const std::array<Duration, 2> bounds{10ms, 1s};
  Histogram rest(bounds);
  rest.observe(10ms);
  rest.observe(2s);
  out.family("antevorta_rest_request_duration_seconds", MetricType::histogram,
             "Latency of REST exchanges.");
  out.histogram({{"endpoint", "/portfolio/events/orders"}}, rest);
  out.histogram({{"endpoint", "/markets/{ticker}"}}, Histogram(bounds));
  out.family("antevorta_loop_seconds", MetricType::histogram, "Unlabelled.");
  out.histogram(Labels{}, rest);
  return std::move(out).take();
}

TEST(PrometheusText, FullExposition) {
  // Buckets of `rest`: 10ms is in le=0.01 (inclusive) → 1; le=1 → 1; 2s → +Inf only → 2.
  // Sum 0.01 + 2 = 2.01 s.
  EXPECT_EQ(full_exposition(),
            "# HELP antevorta_up 1 while the daemon runs.\n"
            "# TYPE antevorta_up gauge\n"
            "antevorta_up 1\n"
            "# HELP antevorta_risk_denials_total Intents the risk manager denied, by reason.\n"
            "# TYPE antevorta_risk_denials_total counter\n"
            "antevorta_risk_denials_total{reason=\"max_order_count\"} 3\n"
            "antevorta_risk_denials_total{reason=\"kill_switch\"} 0\n"
            "# HELP antevorta_pnl_today_dollars Today's P&L in dollars.\n"
            "# TYPE antevorta_pnl_today_dollars gauge\n"
            "antevorta_pnl_today_dollars{kind=\"realized\"} 0.5\n"
            "antevorta_pnl_today_dollars{kind=\"net\"} -12.34\n"
            "# HELP antevorta_book_fresh_ratio Fresh books / all books.\n"
            "# TYPE antevorta_book_fresh_ratio gauge\n"
            "antevorta_book_fresh_ratio 0.75\n"
            "# HELP antevorta_connection_up 1 when connected.\n"
            "# TYPE antevorta_connection_up gauge\n"
            "antevorta_connection_up{connection=\"odd \\\"name\\\"\\\\with\\nnewline\"} 0\n"
            "# HELP antevorta_rest_request_duration_seconds Latency of REST exchanges.\n"
            "# TYPE antevorta_rest_request_duration_seconds histogram\n"
            "antevorta_rest_request_duration_seconds_bucket{endpoint=\"/portfolio/events/orders\","
            "le=\"0.01\"} 1\n"
            "antevorta_rest_request_duration_seconds_bucket{endpoint=\"/portfolio/events/orders\","
            "le=\"1\"} 1\n"
            "antevorta_rest_request_duration_seconds_bucket{endpoint=\"/portfolio/events/orders\","
            "le=\"+Inf\"} 2\n"
            "antevorta_rest_request_duration_seconds_sum{endpoint=\"/portfolio/events/orders\"} "
            "2.01\n"
            "antevorta_rest_request_duration_seconds_count{endpoint=\"/portfolio/events/orders\"} "
            "2\n"
            "antevorta_rest_request_duration_seconds_bucket{endpoint=\"/markets/{ticker}\","
            "le=\"0.01\"} 0\n"
            "antevorta_rest_request_duration_seconds_bucket{endpoint=\"/markets/{ticker}\","
            "le=\"1\"} 0\n"
            "antevorta_rest_request_duration_seconds_bucket{endpoint=\"/markets/{ticker}\","
            "le=\"+Inf\"} 0\n"
            "antevorta_rest_request_duration_seconds_sum{endpoint=\"/markets/{ticker}\"} 0\n"
            "antevorta_rest_request_duration_seconds_count{endpoint=\"/markets/{ticker}\"} 0\n"
            "# HELP antevorta_loop_seconds Unlabelled.\n"
            "# TYPE antevorta_loop_seconds histogram\n"
            "antevorta_loop_seconds_bucket{le=\"0.01\"} 1\n"
            "antevorta_loop_seconds_bucket{le=\"1\"} 1\n"
            "antevorta_loop_seconds_bucket{le=\"+Inf\"} 2\n"
            "antevorta_loop_seconds_sum 2.01\n"
            "antevorta_loop_seconds_count 2\n");
}

// ---- promtool --------------------------------------------------------------------------

constexpr const char* kPromtool = "/usr/bin/promtool";

struct PromtoolResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

PromtoolResult promtool_check(const std::string& text) {
  const auto file = std::filesystem::temp_directory_path() /
                    ("antevorta_metrics_" + std::to_string(::getpid()) + ".prom");
  {
    std::ofstream f(file, std::ios::binary);
    f << text;
  }
  PromtoolResult r;
  std::string cmd = kPromtool;  // appended piecewise: GCC 12 warns falsely on a chain of +
  cmd += " check metrics < '";
  cmd += file.string();
  cmd += "' 2>&1";
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (pipe == nullptr) return r;
  char buf[512];
  while (const std::size_t n = std::fread(buf, 1, sizeof buf, pipe)) r.output.append(buf, n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::filesystem::remove(file);
  return r;
}

TEST(PrometheusPromtool, AcceptsTheFullExposition) {
  if (!std::filesystem::exists(kPromtool)) GTEST_SKIP() << "no " << kPromtool;
  const auto r = promtool_check(full_exposition());
  EXPECT_EQ(r.exit_code, 0) << r.output;
  EXPECT_EQ(r.output, "");
}

TEST(PrometheusPromtool, RejectsBrokenText) {
  if (!std::filesystem::exists(kPromtool)) GTEST_SKIP() << "no " << kPromtool;
  // The negative controls: promtool does check. A second HELP line for one family, and a
  // value that is not a number, are parse errors.
  const auto twice =
      promtool_check("# HELP a_total A.\n# TYPE a_total counter\na_total 1\n# HELP a_total A.\n");
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.output.find("HELP"), std::string::npos) << twice.output;
  const auto bad_value =
      promtool_check("# HELP a_total A.\n# TYPE a_total counter\na_total 12.34.5\n");
  EXPECT_NE(bad_value.exit_code, 0);
  EXPECT_NE(bad_value.output.find("float"), std::string::npos) << bad_value.output;
}

// ---- broken invariants -----------------------------------------------------------------

#ifndef NDEBUG
TEST(PrometheusTextDeathTest, MisuseIsABrokenInvariant) {
  EXPECT_DEATH(
      {
        PrometheusText out;
        out.family("a", MetricType::gauge, "A.");
        out.family("a", MetricType::gauge, "A again.");
      },
      "written once");
  EXPECT_DEATH(
      {
        PrometheusText out;
        out.family("h", MetricType::histogram, "H.");
        out.family("h_count", MetricType::gauge, "Clashes with the histogram's _count.");
      },
      "written once");
  EXPECT_DEATH(
      {
        PrometheusText out;
        out.family("fills", MetricType::counter, "No _total.");
      },
      "_total");
  EXPECT_DEATH(
      {
        PrometheusText out;
        out.family("bad-name", MetricType::gauge, "Bad.");
      },
      "metric name");
  EXPECT_DEATH(
      {
        PrometheusText out;
        out.family("g", MetricType::gauge, "G.");
        out.sample({{"le", "1"}}, 1);
      },
      "label name");
  EXPECT_DEATH(
      {
        PrometheusText out;
        out.family("g", MetricType::gauge, "G.");
        out.sample({{"k", "1"}, {"k", "2"}}, 1);
      },
      "once per sample");
  EXPECT_DEATH(
      {
        PrometheusText out;
        out.family("c_total", MetricType::counter, "C.");
        out.sample(-1);
      },
      "not negative");
  EXPECT_DEATH(
      {
        PrometheusText out;
        out.sample(1);
      },
      "family");
}
#endif

}  // namespace
}  // namespace antevorta::api
