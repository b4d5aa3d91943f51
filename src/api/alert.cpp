#include "antevorta/api/alert.hpp"

#include <array>
#include <cstddef>

namespace antevorta::api {

namespace {

constexpr std::array<std::string_view, 3> kSeverityNames{"info", "warning", "critical"};
constexpr std::array<std::string_view, 10> kKindNames{
    "order_placed", "order_filled", "denial_rate",     "kill_switch",         "circuit_breaker",
    "ledger_drift", "auth_failure", "connection_lost", "connection_restored", "daily_summary"};

template <class E, std::size_t N>
std::optional<E> parse_name(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return static_cast<E>(i);
  }
  return std::nullopt;
}

}  // namespace

std::string_view to_string(AlertSeverity severity) noexcept {
  const auto i = static_cast<std::size_t>(severity);
  return i < kSeverityNames.size() ? kSeverityNames[i] : "info";
}

std::optional<AlertSeverity> parse_alert_severity(std::string_view text) noexcept {
  return parse_name<AlertSeverity>(kSeverityNames, text);
}

std::string_view to_string(AlertKind kind) noexcept {
  const auto i = static_cast<std::size_t>(kind);
  return i < kKindNames.size() ? kKindNames[i] : "unknown";
}

std::optional<AlertKind> parse_alert_kind(std::string_view text) noexcept {
  return parse_name<AlertKind>(kKindNames, text);
}

}  // namespace antevorta::api
