#include "antevorta/store/trading_rows.hpp"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

namespace antevorta::store {

bool is_open_order_state(std::string_view state) noexcept {
  return std::find(kOpenOrderStates.begin(), kOpenOrderStates.end(), state) !=
         kOpenOrderStates.end();
}

std::string utc_date(std::int64_t unix_ns) {
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_time<nanoseconds>(nanoseconds(unix_ns)));
  const year_month_day ymd(day);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

}  // namespace antevorta::store
