#include "antevorta/feeds/reference_tick.hpp"

#include <utility>

namespace antevorta::feeds {

namespace {

// floor(t / unit) × unit, also for times before the epoch.
Timestamp floor_to(Timestamp t, Duration unit) noexcept {
  const auto since = t.time_since_epoch();
  auto q = since / unit;
  if (since % unit < Duration::zero()) --q;
  return Timestamp(q * unit);
}

}  // namespace

Timestamp floor_to_second(Timestamp t) noexcept { return floor_to(t, std::chrono::seconds(1)); }

Timestamp quarter_close_of(Timestamp t) noexcept {
  const Timestamp second = floor_to_second(t);
  const Timestamp floor = floor_to(second, kQuarterHour);
  return floor == second ? second : floor + kQuarterHour;
}

ReferenceTick to_reference_tick(const kalshi::CfBenchmarksValue& value, std::string asset,
                                Timestamp received_at) {
  ReferenceTick tick;
  tick.index_id = std::string(value.index_id);
  tick.asset = std::move(asset);
  tick.value = value.value;
  tick.index_time = from_unix_ms(value.time_ms);
  tick.received_at = received_at;
  tick.avg_60s = value.avg_60s.value;
  if (value.last_60s_windowed_average_15min) {
    ReferenceTick::FinalMinute fm;
    fm.value = value.last_60s_windowed_average_15min->value;
    fm.count = value.last_60s_windowed_average_15min->window_size;
    fm.window_end = quarter_close_of(tick.index_time);
    tick.final_minute = fm;
  }
  return tick;
}

}  // namespace antevorta::feeds
