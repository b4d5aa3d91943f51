#include "antevorta/feeds/events.hpp"

namespace antevorta::feeds {

std::string_view to_string(Venue venue) noexcept {
  switch (venue) {
    case Venue::coinbase:
      return "coinbase";
    case Venue::binance:
      return "binance";
    case Venue::kraken:
      return "kraken";
    case Venue::cfbenchmarks:
      return "cfbenchmarks";
  }
  return "unknown";
}

std::string_view to_string(TickKind kind) noexcept {
  switch (kind) {
    case TickKind::trade:
      return "trade";
    case TickKind::quote:
      return "quote";
  }
  return "unknown";
}

std::string_view to_string(FeedState state) noexcept {
  switch (state) {
    case FeedState::connecting:
      return "connecting";
    case FeedState::live:
      return "live";
    case FeedState::stale:
      return "stale";
    case FeedState::down:
      return "down";
  }
  return "unknown";
}

std::string_view to_string(IndexStatus status) noexcept {
  switch (status) {
    case IndexStatus::ok:
      return "ok";
    case IndexStatus::unavailable:
      return "unavailable";
  }
  return "unknown";
}

std::string_view to_string(IndexUnavailableReason reason) noexcept {
  switch (reason) {
    case IndexUnavailableReason::none:
      return "none";
    case IndexUnavailableReason::too_few_sources:
      return "too_few_sources";
    case IndexUnavailableReason::divergent:
      return "divergent";
  }
  return "unknown";
}

std::string_view to_string(IndexBasis basis) noexcept {
  switch (basis) {
    case IndexBasis::reference:
      return "reference";
    case IndexBasis::median:
      return "median";
  }
  return "unknown";
}

}  // namespace antevorta::feeds
