#include <fmt/format.h>

#include "risk/rules.hpp"

namespace antevorta::risk::detail {

namespace {
template <class T, class Fetch>
const T* cached(bool& fetched, std::optional<T>& value, Fetch fetch) {
  if (!fetched) {
    value = fetch();
    fetched = true;
  }
  return value ? &*value : nullptr;
}
}  // namespace

const MarketInfo* Context::market() {
  return cached(market_.fetched, market_.value, [&] { return view.market(intent.ticker); });
}

const OpenOrders* Context::open_orders() {
  return cached(open_orders_.fetched, open_orders_.value, [&] { return view.open_orders(); });
}

const BookTop* Context::book() {
  return cached(book_.fetched, book_.value, [&] { return view.book(intent.ticker); });
}

const Money* Context::equity() {
  return cached(equity_.fetched, equity_.value, [&] { return view.equity(); });
}

const IntentCost* Context::cost() {
  return cached(cost_.fetched, cost_.value, [&]() -> std::optional<IntentCost> {
    const MarketInfo* info = market();
    if (info == nullptr || !info->fees) return std::nullopt;
    return intent_cost(intent, position.position, *info->fees);
  });
}

RiskDecision unknown(std::string_view rule, std::string_view missing, std::string_view about) {
  return RiskDecision::unknown(
      std::string(rule), std::string(missing),
      fmt::format("{} is unknown ({}), so {} cannot be checked", missing, about, rule));
}

std::string seconds_text(Duration d) {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  return antevorta::detail::format_decimal(ms, 3) + "s";
}

std::string micros_text(std::int64_t micro_dollars) {
  return antevorta::detail::format_decimal(micro_dollars, 6);
}

std::string integer_text(std::int64_t v) { return std::to_string(v); }

}  // namespace antevorta::risk::detail
