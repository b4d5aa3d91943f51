#include "antevorta/feeds/index_math.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

namespace antevorta::feeds {

namespace {

Decimal to_decimal(detail::int128 scaled) {
  if (scaled > std::numeric_limits<std::int64_t>::max() ||
      scaled < std::numeric_limits<std::int64_t>::min()) {
    throw ArithmeticOverflow("decimal result out of range");
  }
  return Decimal::from_scaled(static_cast<std::int64_t>(scaled));
}

}  // namespace

Decimal divide_half_even(detail::int128 scaled_sum, std::int64_t divisor) {
  assert(divisor > 0);
  // Floor division, so the remainder is in [0, divisor) whatever the sign of the sum.
  detail::int128 q = scaled_sum / divisor;
  detail::int128 r = scaled_sum % divisor;
  if (r < 0) {
    r += divisor;
    --q;
  }
  const detail::int128 twice = r * 2;
  if (twice > divisor || (twice == divisor && (q % 2) != 0)) ++q;
  return to_decimal(q);
}

Decimal median_in_place(std::vector<Decimal>& values) {
  assert(!values.empty());
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  if (n % 2 == 1) return values[n / 2];
  const detail::int128 sum =
      static_cast<detail::int128>(values[n / 2 - 1].scaled()) + values[n / 2].scaled();
  return divide_half_even(sum, 2);
}

std::int64_t spread_bps_ceil(Decimal low, Decimal high, Decimal base) {
  assert(base > Decimal{} && high >= low);
  const detail::int128 num =
      (static_cast<detail::int128>(high.scaled()) - low.scaled()) * detail::int128{10'000};
  return detail::divide(num, base.scaled(), Rounding::up);
}

bool spread_exceeds(Decimal low, Decimal high, Decimal base, std::int64_t limit_bps) {
  const detail::int128 lhs =
      (static_cast<detail::int128>(high.scaled()) - low.scaled()) * detail::int128{10'000};
  const detail::int128 rhs = static_cast<detail::int128>(limit_bps) * base.scaled();
  return lhs > rhs;
}

bool SampleSum::at_least(Decimal target) const {
  assert(count > 0);
  return scaled >= static_cast<detail::int128>(target.scaled()) * count;
}

}  // namespace antevorta::feeds
