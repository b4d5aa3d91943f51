// A writer of the Prometheus text exposition format 0.0.4 (what GET /metrics serves):
//
//   PrometheusText out;
//   out.family("antevorta_risk_denials_total", MetricType::counter, "Intents denied by risk.");
//   out.sample({{"reason", "max_order_count"}}, 3);
//   out.family("antevorta_rest_request_duration_seconds", MetricType::histogram, "...");
//   out.histogram({{"endpoint", "/markets/{ticker}"}}, histogram);
//   body = std::move(out).take(), Content-Type: PrometheusText::kContentType
//
// Each family writes its `# HELP` and `# TYPE` lines once, then its samples, which therefore
// stay contiguous. Values: integers, Money as exact dollars ("-12.34"), double (ratios,
// probabilities; NaN and ±Inf as the format spells them). A histogram writes cumulative
// `_bucket{le="…"}` lines ending with `le="+Inf"`, then `_sum` (seconds) and `_count`.
// Label values are escaped (backslash, double quote, newline), HELP text too (backslash,
// newline).
//
// Errors: names and call order come from code, not from input, so a mistake is a broken
// invariant (assert): an invalid metric or label name, a reserved label name (`__*`, or
// `le` outside the histogram writer), a label name twice in one sample, a family written
// twice (or clashing with a histogram's `_bucket`/`_sum`/`_count` series), a sample before
// any family or of the wrong kind for it, a counter whose name does not end in `_total` or
// with a negative value. Label *values* may be anything (they are escaped). Duplicate label
// sets within a family are not detected.
// Threading: none; build one per scrape.
#pragma once

#include <concepts>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/histogram.hpp"

namespace antevorta::api {

enum class MetricType : std::uint8_t { counter, gauge, histogram };
std::string_view to_string(MetricType type) noexcept;

struct Label {
  std::string_view name;
  std::string_view value;
};

// The labels of one sample: a braced list `{{"k", "v"}, ...}` or a span. A parameter type
// only: a braced list lives until the end of the call's full expression.
class Labels {
 public:
  Labels() noexcept = default;
  Labels(std::initializer_list<Label> labels) noexcept : items_(labels.begin(), labels.size()) {}
  Labels(std::span<const Label> labels) noexcept : items_(labels) {}
  std::span<const Label> items() const noexcept { return items_; }

 private:
  std::span<const Label> items_;
};

// [a-zA-Z_:][a-zA-Z0-9_:]*
bool valid_metric_name(std::string_view name) noexcept;
// [a-zA-Z_][a-zA-Z0-9_]*, not starting with "__" (reserved).
bool valid_label_name(std::string_view name) noexcept;

// Exact decimal dollars: 12.3400 → "12.34", -0.0175 → "-0.0175", 5.0000 → "5".
std::string dollars_text(Money value);
// Exact decimal seconds: 5 ms → "0.005", 2.5 s → "2.5", 10 s → "10".
std::string seconds_text(Duration value);

class PrometheusText {
 public:
  static constexpr std::string_view kContentType = "text/plain; version=0.0.4; charset=utf-8";

  // Starts a family: `# HELP name help` and `# TYPE name type`.
  void family(std::string_view name, MetricType type, std::string_view help);

  // One sample of the current counter or gauge family (bool writes 1 or 0).
  template <std::integral T>
  void sample(Labels labels, T value) {
    if constexpr (std::same_as<T, bool>) {
      write_sample(labels, value ? "1" : "0", false);
    } else if constexpr (std::signed_integral<T>) {
      write_integer(labels, static_cast<std::int64_t>(value));
    } else {
      write_unsigned(labels, static_cast<std::uint64_t>(value));
    }
  }
  void sample(Labels labels, double value);
  void sample(Labels labels, Money value);  // in dollars
  // A sample without labels.
  template <class T>
  void sample(T value) {
    sample(Labels{}, value);
  }

  // The series of the current histogram family for one label set.
  void histogram(Labels labels, const Histogram& h);

  const std::string& text() const noexcept { return out_; }
  std::string take() && { return std::move(out_); }

 private:
  void write_integer(Labels labels, std::int64_t value);
  void write_unsigned(Labels labels, std::uint64_t value);
  void write_sample(Labels labels, std::string_view value, bool negative);
  void write_line(std::string_view suffix, Labels labels, const Label* extra,
                  std::string_view value);
  void reserve_name(std::string name);

  std::string out_;
  std::string current_;  // the current family's name, empty before the first
  MetricType type_ = MetricType::gauge;
  std::unordered_set<std::string> names_;  // series names taken by the families so far
};

}  // namespace antevorta::api
