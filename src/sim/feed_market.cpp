// A simulated venue's market: quotes and trades around the index (feed_internal.hpp).
#include <cmath>

#include <fmt/format.h>

#include "feed_internal.hpp"

namespace antevorta::sim::feed {

namespace {

using namespace std::chrono;

std::int64_t pow10(int n) {
  std::int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

Decimal units_to_decimal(std::int64_t units, int decimals) {
  return Decimal::from_scaled(units * pow10(Decimal::kDecimals - decimals));
}

// A size in base units, rounded to 8 decimals.
Decimal size_of(double x) {
  return Decimal::from_scaled(std::max<std::int64_t>(1, std::llround(x * Decimal::kOne)));
}

double size_scale(std::string_view asset) { return asset == "BTC" ? 1.0 : 50.0; }

std::uint64_t splitmix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

VenueMarket::VenueMarket(std::vector<Product> products, double basis_bps) : basis_bps_(basis_bps) {
  for (auto& p : products) {
    ProductState s;
    s.product = std::move(p);
    products_.push_back(std::move(s));
  }
}

ProductState* VenueMarket::find(std::string_view symbol) {
  for (auto& s : products_) {
    if (s.product.symbol == symbol) return &s;
  }
  return nullptr;
}

std::optional<Trade> VenueMarket::step(ProductState& s, Decimal index, Decimal offset,
                                       const FeedOptions& options, std::mt19937_64& rng,
                                       Timestamp now) {
  std::normal_distribution<double> z(0.0, 1.0);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int pd = s.product.price_decimals;
  const double tick = 1.0 / static_cast<double>(pow10(pd));
  const double mid =
      index.to_double() * (1.0 + basis_bps_ / 1e4) * (1.0 + options.noise_bps / 1e4 * z(rng)) +
      offset.to_double();
  const double half = std::max(mid * options.half_spread_bps / 1e4, tick / 2);
  std::int64_t bid_units = std::max<std::int64_t>(1, std::llround(std::floor((mid - half) / tick)));
  std::int64_t ask_units = std::llround(std::ceil((mid + half) / tick));
  if (ask_units <= bid_units) ask_units = bid_units + 1;
  s.bid = units_to_decimal(bid_units, pd);
  s.ask = units_to_decimal(ask_units, pd);
  const double scale = size_scale(s.product.asset);
  s.bid_size = size_of(scale * (0.01 + 2.0 * u(rng)));
  s.ask_size = size_of(scale * (0.01 + 2.0 * u(rng)));
  s.quote_time = now;
  ++s.update_id;
  if (s.open_24h == Decimal{}) {
    s.open_24h = s.low_24h = s.high_24h = s.last = s.bid;
  }
  if (u(rng) >= options.trade_probability) return std::nullopt;
  Trade t;
  t.id = s.next_trade_id++;
  t.taker_buy = u(rng) < 0.5;
  t.price = t.taker_buy ? s.ask : s.bid;
  const double r = u(rng);
  t.size = size_of(scale * (0.00001 + 0.5 * r * r * r));
  t.time = now;
  s.last = t.price;
  s.low_24h = std::min(s.low_24h, t.price);
  s.high_24h = std::max(s.high_24h, t.price);
  s.volume_24h = s.volume_24h + t.size;
  s.notional_24h += t.price.to_double() * t.size.to_double();
  ++s.sequence;
  s.recent.push_back(t);
  if (s.recent.size() > 50) s.recent.pop_front();
  return t;
}

std::string rfc3339(Timestamp t, int digits) {
  const auto secs = floor<seconds>(t);
  const auto day = floor<days>(secs);
  const year_month_day ymd{day};
  const hh_mm_ss hms{secs - day};
  const auto ns = duration_cast<nanoseconds>(t - secs).count();
  const std::int64_t frac = ns / pow10(9 - digits);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:0{}}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     hms.hours().count(), hms.minutes().count(), hms.seconds().count(), frac,
                     digits);
}

std::string go_time(Timestamp t, Duration since_start) {
  std::string text = rfc3339(t, 9);
  text[10] = ' ';
  text.pop_back();  // the 'Z'
  const auto mono = duration_cast<nanoseconds>(since_start).count();
  return fmt::format("{} +0000 UTC m=+{}.{:09}", text, mono / 1'000'000'000, mono % 1'000'000'000);
}

std::string uuid_of(std::uint64_t seed, std::uint64_t n) {
  const std::uint64_t a = splitmix(seed ^ (n * 2 + 1));
  const std::uint64_t b = splitmix(a ^ n);
  return fmt::format("{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}", a >> 32, (a >> 16) & 0xffff, a & 0xfff,
                     0x8000 | ((b >> 48) & 0x3fff), b & 0xffffffffffffULL);
}

}  // namespace antevorta::sim::feed
