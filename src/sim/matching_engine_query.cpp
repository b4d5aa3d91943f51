// Read-only views of the matching engine's book.
#include "antevorta/sim/matching_engine.hpp"

namespace antevorta::sim {

const Order* MatchingEngine::find(const OrderId& id) const noexcept {
  auto it = orders_.find(id);
  return it == orders_.end() ? nullptr : &it->second.order;
}

const Order* MatchingEngine::find(const AccountId& owner,
                                  const ClientOrderId& client_order_id) const noexcept {
  auto it = by_client_id_.find(client_key(owner, client_order_id));
  return it == by_client_id_.end() ? nullptr : find(it->second);
}

std::vector<Order> MatchingEngine::resting_orders(const AccountId& owner) const {
  std::vector<Order> out;
  for (const auto* book : {&bids_, &asks_}) {
    for (const Level& lv : *book) {
      for (const Order* o : lv.queue) {
        if (o->owner == owner) out.push_back(*o);
      }
    }
  }
  return out;
}

std::optional<Count> MatchingEngine::queue_position(const OrderId& id) const noexcept {
  auto it = orders_.find(id);
  if (it == orders_.end()) return std::nullopt;
  const Entry& entry = it->second;
  Count ahead;
  for (const Order* o : levels(entry.order.side)[entry.level].queue) {
    if (o == &entry.order) break;
    ahead += o->remaining_count;
  }
  return ahead;
}

std::vector<kalshi::BookLevel> MatchingEngine::yes_bids() const {
  std::vector<kalshi::BookLevel> out;
  for (std::uint32_t l = 0; l < bids_.size(); ++l) {
    if (bids_[l].total > 0) {
      out.push_back({grid_.price_at(l), Count::from_centi(bids_[l].total)});
    }
  }
  return out;
}

std::vector<kalshi::BookLevel> MatchingEngine::no_bids() const {
  // Ascending NO prices = descending YES prices of the asks.
  std::vector<kalshi::BookLevel> out;
  for (std::size_t i = asks_.size(); i-- > 0;) {
    if (asks_[i].total > 0) {
      out.push_back({grid_.price_at(static_cast<std::uint32_t>(i)).complement(),
                     Count::from_centi(asks_[i].total)});
    }
  }
  return out;
}

std::optional<kalshi::BookLevel> MatchingEngine::best_bid() const noexcept {
  if (best_bid_ == kNone) return std::nullopt;
  const auto l = static_cast<std::uint32_t>(best_bid_);
  return kalshi::BookLevel{grid_.price_at(l), Count::from_centi(bids_[l].total)};
}

std::optional<kalshi::BookLevel> MatchingEngine::best_ask() const noexcept {
  if (best_ask_ == kNone) return std::nullopt;
  const auto l = static_cast<std::uint32_t>(best_ask_);
  return kalshi::BookLevel{grid_.price_at(l), Count::from_centi(asks_[l].total)};
}

Count MatchingEngine::size_at(BookSide side, Price price) const noexcept {
  const auto level = grid_.level_of(price);
  if (!level) return Count{};
  return Count::from_centi(levels(side)[*level].total);
}

}  // namespace antevorta::sim
