#include "antevorta/sim/catalog.hpp"

#include <array>
#include <random>

#include <fmt/format.h>

#include "antevorta/sim/index_path.hpp"

namespace antevorta::sim {

namespace {

using namespace std::chrono;

constexpr std::array<const char*, 12> kMonths{"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                              "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};

// The UTC instant of `local_hour`:00 local standard/daylight time on the n-th `weekday` of a
// month, given that local time there is UTC + offset.
sys_seconds nth_weekday_utc(year y, month m, weekday wd, unsigned n, hours local_hour,
                            hours offset) {
  const sys_days day{year_month_weekday{y, m, wd[n]}};
  return sys_seconds{day} + local_hour - offset;
}

kalshi::PriceGrid grid_for(std::string_view structure) {
  auto grid = kalshi::PriceGrid::from_structure(structure);
  return grid ? *grid : kalshi::PriceGrid::linear_cent();
}

// "15 mins", "1 min", "60 mins".
std::string window_words(Duration window) {
  const auto mins = std::chrono::duration_cast<minutes>(window).count();
  return mins == 1 ? "1 min" : fmt::format("{} mins", mins);
}

}  // namespace

std::string target_sub_title(const std::optional<Decimal>& target, int decimals) {
  if (!target) return "Target Price: TBD";
  const std::string text = fixed_text(*target, decimals);
  const auto point = text.find('.');
  std::string whole = text.substr(0, point);
  const std::string frac = point == std::string::npos ? "" : text.substr(point);
  const bool negative = !whole.empty() && whole.front() == '-';
  if (negative) whole.erase(0, 1);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(whole[i]);
  }
  return fmt::format("Target Price: {}${}{}", negative ? "-" : "", grouped, frac);
}

std::chrono::hours eastern_utc_offset(Timestamp t) noexcept {
  const auto day = floor<days>(t);
  const year y = year_month_day{day}.year();
  // Daylight time starts 2:00 EST (UTC-5) on the second Sunday of March and ends 2:00 EDT
  // (UTC-4) on the first Sunday of November.
  const auto start = nth_weekday_utc(y, March, Sunday, 2, hours(2), hours(-5));
  const auto end = nth_weekday_utc(y, November, Sunday, 1, hours(2), hours(-4));
  const auto s = floor<seconds>(t);
  return (s >= start && s < end) ? hours(-4) : hours(-5);
}

std::string eastern_ticker_stamp(Timestamp t) {
  const auto local = floor<minutes>(t) + eastern_utc_offset(t);
  const auto day = floor<days>(local);
  const year_month_day ymd{day};
  const hh_mm_ss hms{local - day};
  return fmt::format("{:02}{}{:02}{:02}{:02}", static_cast<int>(ymd.year()) % 100,
                     kMonths[static_cast<unsigned>(ymd.month()) - 1],
                     static_cast<unsigned>(ymd.day()), hms.hours().count(), hms.minutes().count());
}

SimSeries& Catalog::add_series(SimSeries series) {
  auto key = series.ticker;
  return series_[key] = std::move(series);
}

SimEvent& Catalog::add_event(SimEvent event) {
  auto key = event.ticker;
  return events_[key] = std::move(event);
}

SimMarket& Catalog::add_market(SimMarket market) {
  auto key = market.ticker;
  auto [it, inserted] = markets_.insert_or_assign(key, std::move(market));
  if (inserted) order_.push_back(key);
  return it->second;
}

const SimSeries* Catalog::series(const SeriesTicker& ticker) const {
  auto it = series_.find(ticker);
  return it == series_.end() ? nullptr : &it->second;
}

const SimEvent* Catalog::event(const EventTicker& ticker) const {
  auto it = events_.find(ticker);
  return it == events_.end() ? nullptr : &it->second;
}

SimMarket* Catalog::market(const MarketTicker& ticker) {
  auto it = markets_.find(ticker);
  return it == markets_.end() ? nullptr : &it->second;
}

const SimMarket* Catalog::market(const MarketTicker& ticker) const {
  auto it = markets_.find(ticker);
  return it == markets_.end() ? nullptr : &it->second;
}

std::vector<const SimMarket*> Catalog::markets_of(const EventTicker& event) const {
  std::vector<const SimMarket*> out;
  for (const auto& t : order_) {
    const auto& m = markets_.at(t);
    if (m.event == event) out.push_back(&m);
  }
  return out;
}

kalshi::FeeSchedule Catalog::fee_schedule(const SimMarket& market) const {
  const auto* s = series(market.series);
  if (s == nullptr) return kalshi::FeeSchedule{};
  return kalshi::FeeSchedule::effective(s->fee_type, s->fee_multiplier, std::nullopt, std::nullopt);
}

std::vector<MarketTicker> Catalog::add_crypto_windows(const CryptoSeriesSpec& spec, Timestamp now,
                                                      Duration horizon,
                                                      std::optional<Decimal> strike) {
  if (std::find_if(crypto_.begin(), crypto_.end(), [&](const CryptoSeriesSpec& s) {
        return s.series == spec.series;
      }) == crypto_.end()) {
    crypto_.push_back(spec);
  }
  const std::string title =
      fmt::format("{} price up in next {}?", spec.asset_name, window_words(spec.window));
  if (series(spec.series) == nullptr) {
    add_series(SimSeries{spec.series, title, "Crypto",
                         spec.window == minutes(15) ? "fifteen_min" : "custom",
                         kalshi::FeeType::quadratic, kalshi::FeeMultiplier::one(), 2});
  }
  std::vector<MarketTicker> added;
  const Duration window = spec.window;
  // The first window still open at `now`: it closes at the next multiple of the window.
  Timestamp close{(now.time_since_epoch() / window) * window};
  if (close <= now) close += window;
  for (; close <= now + horizon; close += window) {
    const std::string stamp = eastern_ticker_stamp(close);
    const auto local = floor<minutes>(close) + eastern_utc_offset(close);
    const auto minute = hh_mm_ss{local - floor<days>(local)}.minutes().count();
    const EventTicker event_ticker{fmt::format("{}-{}", spec.series.str(), stamp)};
    const MarketTicker ticker{fmt::format("{}-{:02}", event_ticker.str(), minute)};
    if (market(ticker) != nullptr) continue;
    add_event(SimEvent{event_ticker, spec.series, title, "", false, "", 2, close});
    SimMarket m;
    m.ticker = ticker;
    m.event = event_ticker;
    m.series = spec.series;
    m.title = title;
    m.open_time = close - window;
    m.status =
        m.open_time <= now ? kalshi::MarketStatus::active : kalshi::MarketStatus::initialized;
    if (m.status == kalshi::MarketStatus::active && strike) {
      m.floor_strike = round_decimals(*strike, spec.strike_decimals);
    }
    m.yes_sub_title = target_sub_title(m.floor_strike, spec.strike_decimals);
    m.no_sub_title = m.yes_sub_title;
    m.rules_primary = fmt::format(
        "If the simple average of the sixty seconds of CF Benchmarks' {} before the close is at "
        "least the average of the sixty seconds before the open, then the market resolves to "
        "Yes.",
        spec.index_name);
    m.created_time = now;
    m.updated_time = now;
    m.close_time = close;
    m.settlement_timer_seconds = 1;
    m.strike_type = kalshi::StrikeType::greater_or_equal;
    m.price_level_structure = "tapered_deci_cent";
    m.grid = grid_for(m.price_level_structure);
    m.exchange_index = 2;
    m.fair_value = 0.5;
    m.index_id = spec.index_name;
    add_market(std::move(m));
    added.push_back(ticker);
  }
  return added;
}

Catalog Catalog::seeded(Timestamp now, std::uint64_t seed, Duration crypto_window) {
  Catalog c;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> fair(0.2, 0.8);

  // A generic yes/no market on shard 0 with maker fees.
  c.add_series(SimSeries{SeriesTicker{"KXSIMRAIN"}, "Rain in Central Park", "Climate and Weather",
                         "daily", kalshi::FeeType::quadratic_with_maker_fees,
                         kalshi::FeeMultiplier::one(), 0});
  // A mutually exclusive event of three range markets on shard 0, maker-free fees.
  c.add_series(SimSeries{SeriesTicker{"KXSIMTEMP"}, "Highest temperature in NYC",
                         "Climate and Weather", "daily", kalshi::FeeType::quadratic,
                         kalshi::FeeMultiplier::one(), 0});

  const auto day_close = floor<days>(now) + days(1) + hours(21);  // 21:00 UTC tomorrow
  const std::string date = eastern_ticker_stamp(day_close).substr(0, 7);
  {
    const EventTicker ev{"KXSIMRAIN-" + date};
    c.add_event(SimEvent{ev, SeriesTicker{"KXSIMRAIN"}, "Rain in Central Park tomorrow?", "", false,
                         "", 0, day_close});
    SimMarket m;
    m.ticker = MarketTicker{ev.str() + "-T0"};
    m.event = ev;
    m.series = SeriesTicker{"KXSIMRAIN"};
    m.title = "Will it rain in Central Park tomorrow?";
    m.yes_sub_title = "Rain";
    m.no_sub_title = "No rain";
    m.rules_primary = "If measurable rain falls in Central Park, the market resolves to Yes.";
    m.created_time = now;
    m.updated_time = now;
    m.open_time = now - hours(1);
    m.close_time = day_close;
    m.status = kalshi::MarketStatus::active;
    m.strike_type = kalshi::StrikeType::greater;
    m.floor_strike = Decimal::from_integer(0);
    m.price_level_structure = "linear_cent";
    m.grid = grid_for(m.price_level_structure);
    m.fair_value = fair(rng);
    c.add_market(std::move(m));
  }
  {
    const EventTicker ev{"KXSIMTEMP-" + date};
    c.add_event(SimEvent{ev, SeriesTicker{"KXSIMTEMP"}, "Highest temperature in NYC tomorrow?", "",
                         true, "MECNET", 0, day_close});
    const std::array<std::pair<int, int>, 3> bands{{{0, 50}, {50, 60}, {60, 200}}};
    const std::array<double, 3> weights{0.3, 0.45, 0.25};
    for (std::size_t i = 0; i < bands.size(); ++i) {
      SimMarket m;
      m.ticker = MarketTicker{fmt::format("{}-B{}", ev.str(), bands[i].first)};
      m.event = ev;
      m.series = SeriesTicker{"KXSIMTEMP"};
      m.title = "Highest temperature in NYC tomorrow?";
      m.yes_sub_title = fmt::format("{}° to {}°", bands[i].first, bands[i].second - 1);
      m.no_sub_title = m.yes_sub_title;
      m.rules_primary =
          "If the highest temperature is within the range, the market resolves "
          "to Yes.";
      m.created_time = now;
      m.updated_time = now;
      m.open_time = now - hours(1);
      m.close_time = day_close;
      m.status = kalshi::MarketStatus::active;
      m.strike_type = kalshi::StrikeType::between;
      m.floor_strike = Decimal::from_integer(bands[i].first);
      m.cap_strike = Decimal::from_integer(bands[i].second);
      m.price_level_structure = "deci_cent";
      m.grid = grid_for(m.price_level_structure);
      m.fair_value = weights[i];
      c.add_market(std::move(m));
    }
  }
  const CryptoSeriesSpec btc{SeriesTicker{"KXBTC15M"},
                             "BTC",
                             "BRTI",
                             Decimal::parse("98000").value(),
                             2,
                             crypto_window,
                             1.0};
  const CryptoSeriesSpec sol{SeriesTicker{"KXSOL15M"},
                             "SOL",
                             "SOLUSD_RTI",
                             Decimal::parse("140").value(),
                             4,
                             crypto_window,
                             1.6};
  c.add_crypto_windows(btc, now, 2 * crypto_window, btc.start_price);
  c.add_crypto_windows(sol, now, 2 * crypto_window, sol.start_price);
  return c;
}

}  // namespace antevorta::sim
