// The `execution` section and each strategy's `exits` mapping.
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "antevorta/config/reader.hpp"

#include "config/internal.hpp"

namespace antevorta::config::detail {
namespace {

constexpr std::size_t kMaxPrefix = 32;

bool valid_prefix(std::string_view prefix) {
  if (prefix.empty() || prefix.size() > kMaxPrefix) return false;
  for (const char c : prefix) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

// Whole seconds: `positive` → > 0, otherwise >= 0. False when absent or invalid.
bool read_seconds(Reader& r, std::string_view key, bool positive, std::chrono::seconds& out) {
  std::int64_t value = 0;
  if (!r.read(key, value)) return false;
  const bool ok =
      positive ? r.check_positive(key, value) : r.check_at_least(key, value, std::int64_t{0});
  if (ok) out = std::chrono::seconds(value);
  return ok;
}

void read_optional_seconds(Reader& r, std::string_view key,
                           std::optional<std::chrono::seconds>& out) {
  std::chrono::seconds value{};
  if (read_seconds(r, key, true, value)) out = value;
}

void read_non_negative(Reader& r, std::string_view key, Money& out) {
  Money value;
  if (r.read(key, value) && r.check_at_least(key, value, Money::zero())) out = value;
}

// Dollars per contract: read as Money (so "0.05" and 0.05 read alike, never via double),
// then held to 0 < x <= 1 (`positive`) or 0 <= x <= 1, the range of a contract's price.
void read_per_contract(Reader& r, std::string_view key, bool positive, std::optional<Price>& out) {
  Money value;
  if (!r.read(key, value)) return;
  if (positive ? !r.check_positive(key, value) : !r.check_at_least(key, value, Money::zero())) {
    return;
  }
  if (value > Money::from_centicents(Price::kOne)) {
    r.error(key, fmt::format("must be at most 1.0000 (dollars per contract), was {}", value));
    return;
  }
  out = Price::of(value.centicents());
}

}  // namespace

void read_execution(Reader r, ExecutionConfig& e) {
  if (r.read("client_order_id_prefix", e.client_order_id_prefix) &&
      !valid_prefix(e.client_order_id_prefix)) {
    r.error("client_order_id_prefix",
            fmt::format("must be 1 to {} characters from A-Z, a-z, 0-9, _ and -, was {}",
                        kMaxPrefix, quote(e.client_order_id_prefix)));
    e.client_order_id_prefix = ExecutionConfig{}.client_order_id_prefix;
  }
  read_optional_seconds(r, "order_timeout_seconds", e.order_timeout);
  read_seconds(r, "reconcile_interval_seconds", true, e.reconcile_interval);
  read_non_negative(r, "paper_starting_balance", e.paper_starting_balance);
  read_non_negative(r, "ledger_drift_tolerance", e.ledger_drift_tolerance);
  read_seconds(r, "reduce_only_before_close_seconds", false, e.reduce_only_before_close);
  read_seconds(r, "cancel_all_before_close_seconds", false, e.cancel_all_before_close);
  // Reported at the key that was written (both may be), naming the other.
  if (e.cancel_all_before_close > e.reduce_only_before_close) {
    const auto reduce = e.reduce_only_before_close.count();
    const auto cancel = e.cancel_all_before_close.count();
    if (r.origin("cancel_all_before_close_seconds") ||
        !r.origin("reduce_only_before_close_seconds")) {
      r.error("cancel_all_before_close_seconds",
              fmt::format("must not exceed {} ({}s): resting orders are cancelled after entries "
                          "stop, not before; was {}s",
                          r.key_path("reduce_only_before_close_seconds"), reduce, cancel));
    } else {
      r.error("reduce_only_before_close_seconds",
              fmt::format("must be at least {} ({}s): resting orders are cancelled after "
                          "entries stop, not before; was {}s",
                          r.key_path("cancel_all_before_close_seconds"), cancel, reduce));
    }
  }
  r.finish();
}

void read_exits(Reader r, ExitConfig& x, const ExecutionConfig& execution) {
  read_per_contract(r, "take_profit", true, x.take_profit);
  read_per_contract(r, "stop_loss", true, x.stop_loss);
  read_per_contract(r, "edge_evaporated", false, x.edge_evaporated);
  read_optional_seconds(r, "max_holding_seconds", x.max_holding);
  read_optional_seconds(r, "flatten_before_close_seconds", x.flatten_before_close);
  if (x.flatten_before_close && *x.flatten_before_close <= execution.cancel_all_before_close) {
    r.error(
        "flatten_before_close_seconds",
        fmt::format("must be greater than execution.cancel_all_before_close_seconds ({}s): "
                    "no order is placed that near the close, so the exit could never be "
                    "sent; was {}s",
                    execution.cancel_all_before_close.count(), x.flatten_before_close->count()));
  }
  r.finish();
}

}  // namespace antevorta::config::detail
