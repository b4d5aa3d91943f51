// Strong identifier types. Each is a distinct type so a ticker can never be passed where
// an order id is expected; all compare, hash and format like their string value.
#pragma once

#include <compare>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace antevorta {

template <class Tag>
class Id {
 public:
  Id() = default;
  explicit Id(std::string value) : value_(std::move(value)) {}
  explicit Id(std::string_view value) : value_(value) {}
  explicit Id(const char* value) : value_(value) {}

  const std::string& str() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }

  friend auto operator<=>(const Id&, const Id&) = default;
  friend bool operator==(const Id&, const Id&) = default;

 private:
  std::string value_;
};

struct MarketTickerTag {};
struct EventTickerTag {};
struct SeriesTickerTag {};
struct ClientOrderIdTag {};
struct OrderIdTag {};
struct TradeIdTag {};

using MarketTicker = Id<MarketTickerTag>;
using EventTicker = Id<EventTickerTag>;
using SeriesTicker = Id<SeriesTickerTag>;
using ClientOrderId = Id<ClientOrderIdTag>;
using OrderId = Id<OrderIdTag>;
using TradeId = Id<TradeIdTag>;

}  // namespace antevorta

template <class Tag>
struct std::hash<antevorta::Id<Tag>> {
  std::size_t operator()(const antevorta::Id<Tag>& id) const noexcept {
    return std::hash<std::string>{}(id.str());
  }
};

template <class Tag>
struct fmt::formatter<antevorta::Id<Tag>> : fmt::formatter<std::string_view> {
  auto format(const antevorta::Id<Tag>& id, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(id.str(), ctx);
  }
};
