#include "antevorta/strategy/events.hpp"

namespace antevorta::strategy {

std::string_view to_string(OrderState state) noexcept {
  switch (state) {
    case OrderState::pending:
      return "pending";
    case OrderState::resting:
      return "resting";
    case OrderState::filled:
      return "filled";
    case OrderState::canceled:
      return "canceled";
    case OrderState::denied:
      return "denied";
    case OrderState::rejected:
      return "rejected";
    case OrderState::unknown:
      return "unknown";
  }
  return "unknown";
}

std::string_view to_string(StateChangeReason reason) noexcept {
  switch (reason) {
    case StateChangeReason::config:
      return "config";
    case StateChangeReason::operator_request:
      return "operator";
    case StateChangeReason::failed:
      return "failed";
  }
  return "unknown";
}

std::string_view to_string(RepriceOutcome outcome) noexcept {
  switch (outcome) {
    case RepriceOutcome::not_open:
      return "not_open";
    case RepriceOutcome::unchanged:
      return "unchanged";
    case RepriceOutcome::decrease:
      return "decrease";
    case RepriceOutcome::cancel_replace:
      return "cancel_replace";
    case RepriceOutcome::dropped:
      return "dropped";
  }
  return "unknown";
}

}  // namespace antevorta::strategy
