#include "antevorta/api/prometheus.hpp"

#include <cassert>
#include <charconv>
#include <cmath>
#include <cstddef>

#include <fmt/format.h>

namespace antevorta::api {

namespace {

bool is_name_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// `frac` < 10^digits, written as ".ddd" without trailing zeros; nothing when zero.
void append_fraction(std::string& out, std::uint64_t frac, int digits) {
  if (frac == 0) return;
  char buf[20];
  for (int i = digits - 1; i >= 0; --i) {
    buf[i] = static_cast<char>('0' + frac % 10);
    frac /= 10;
  }
  int len = digits;
  while (buf[len - 1] == '0') --len;
  out += '.';
  out.append(buf, static_cast<std::size_t>(len));
}

template <class T>
std::string_view integer_text(char (&buf)[24], T value) {
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  assert(ec == std::errc());
  (void)ec;
  return {buf, static_cast<std::size_t>(end - buf)};
}

void append_label_value(std::string& out, std::string_view value) {
  for (const char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
}

void append_help(std::string& out, std::string_view help) {
  for (const char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
}

}  // namespace

std::string_view to_string(MetricType type) noexcept {
  switch (type) {
    case MetricType::counter:
      return "counter";
    case MetricType::gauge:
      return "gauge";
    case MetricType::histogram:
      return "histogram";
  }
  return "untyped";
}

bool valid_metric_name(std::string_view name) noexcept {
  if (name.empty() || is_digit(name[0])) return false;
  for (const char c : name) {
    if (!is_name_char(c) && !is_digit(c) && c != ':') return false;
  }
  return true;
}

bool valid_label_name(std::string_view name) noexcept {
  if (name.empty() || is_digit(name[0]) || name.starts_with("__")) return false;
  for (const char c : name) {
    if (!is_name_char(c) && !is_digit(c)) return false;
  }
  return true;
}

std::string dollars_text(Money value) {
  const std::int64_t cc = value.centicents();
  // Unsigned, so that the most negative value has a magnitude too.
  const std::uint64_t magnitude =
      cc < 0 ? 0 - static_cast<std::uint64_t>(cc) : static_cast<std::uint64_t>(cc);
  const auto per_dollar = static_cast<std::uint64_t>(Money::kDollar);
  std::string out = cc < 0 ? "-" : "";
  out += std::to_string(magnitude / per_dollar);
  append_fraction(out, magnitude % per_dollar, Money::kDecimals);
  return out;
}

std::string seconds_text(Duration value) {
  assert(value >= Duration::zero());
  constexpr std::uint64_t kPerSecond = 1'000'000'000;
  const auto ns = static_cast<std::uint64_t>(value.count());
  std::string out = std::to_string(ns / kPerSecond);
  append_fraction(out, ns % kPerSecond, 9);
  return out;
}

void PrometheusText::reserve_name(std::string name) {
  [[maybe_unused]] const bool fresh = names_.insert(std::move(name)).second;
  assert(fresh && "a metric family is written once and its series names are its own");
}

void PrometheusText::family(std::string_view name, MetricType type, std::string_view help) {
  assert(valid_metric_name(name) && "metric name");
  assert((type != MetricType::counter || name.ends_with("_total")) &&
         "a counter's name ends in _total");
  reserve_name(std::string(name));
  if (type == MetricType::histogram) {
    for (const std::string_view suffix : {"_bucket", "_sum", "_count"}) {
      reserve_name(std::string(name) + std::string(suffix));
    }
  }
  current_ = name;
  type_ = type;
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  append_help(out_, help);
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += to_string(type);
  out_ += '\n';
}

void PrometheusText::write_line(std::string_view suffix, Labels labels, const Label* extra,
                                std::string_view value) {
  out_ += current_;
  out_ += suffix;
  const auto items = labels.items();
  if (!items.empty() || extra != nullptr) {
    out_ += '{';
    for (std::size_t i = 0; i < items.size(); ++i) {
      const Label& l = items[i];
      assert(valid_label_name(l.name) && l.name != "le" && "label name");
      for ([[maybe_unused]] const Label& earlier : items.first(i)) {
        assert(earlier.name != l.name && "a label name once per sample");
      }
      out_ += l.name;
      out_ += "=\"";
      append_label_value(out_, l.value);
      out_ += "\",";
    }
    if (extra != nullptr) {
      out_ += extra->name;
      out_ += "=\"";
      append_label_value(out_, extra->value);
      out_ += "\",";
    }
    out_.back() = '}';
  }
  out_ += ' ';
  out_ += value;
  out_ += '\n';
}

void PrometheusText::write_sample(Labels labels, std::string_view value,
                                  [[maybe_unused]] bool negative) {
  assert(!current_.empty() && "family() before its samples");
  assert(type_ != MetricType::histogram && "histogram() writes a histogram's samples");
  assert(!(type_ == MetricType::counter && negative) && "a counter is not negative");
  write_line({}, labels, nullptr, value);
}

void PrometheusText::write_integer(Labels labels, std::int64_t value) {
  char buf[24];
  write_sample(labels, integer_text(buf, value), value < 0);
}

void PrometheusText::write_unsigned(Labels labels, std::uint64_t value) {
  char buf[24];
  write_sample(labels, integer_text(buf, value), false);
}

void PrometheusText::sample(Labels labels, double value) {
  if (std::isnan(value)) {
    write_sample(labels, "NaN", false);
  } else if (std::isinf(value)) {
    write_sample(labels, value > 0 ? "+Inf" : "-Inf", value < 0);
  } else {
    write_sample(labels, fmt::format("{}", value), value < 0);
  }
}

void PrometheusText::sample(Labels labels, Money value) {
  write_sample(labels, dollars_text(value), value < Money::zero());
}

void PrometheusText::histogram(Labels labels, const Histogram& h) {
  assert(!current_.empty() && type_ == MetricType::histogram && "a histogram family first");
  char buf[24];
  std::uint64_t cumulative = 0;
  const auto bounds = h.bounds();
  const auto counts = h.counts();
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    cumulative += counts[i];
    const std::string le_text = seconds_text(bounds[i]);
    const Label le{"le", le_text};
    write_line("_bucket", labels, &le, integer_text(buf, cumulative));
  }
  const Label inf{"le", "+Inf"};
  write_line("_bucket", labels, &inf, integer_text(buf, h.count()));
  write_line("_sum", labels, nullptr, seconds_text(h.sum()));
  write_line("_count", labels, nullptr, integer_text(buf, h.count()));
}

}  // namespace antevorta::api
