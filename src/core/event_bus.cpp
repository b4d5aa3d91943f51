#include "antevorta/core/event_bus.hpp"

#include <atomic>

namespace antevorta::detail {

std::size_t next_event_type_index() noexcept {
  // Indexes are process-wide so every bus agrees; only their assignment is shared state.
  static std::atomic<std::size_t> next{0};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace antevorta::detail
