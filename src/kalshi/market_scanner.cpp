#include "antevorta/kalshi/market_scanner.hpp"

#include <algorithm>
#include <variant>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>

#include "antevorta/net/periodic_task.hpp"

namespace antevorta::kalshi {

namespace asio = boost::asio;

std::string_view to_string(MarketChange change) noexcept {
  switch (change) {
    case MarketChange::listed:
      return "listed";
    case MarketChange::updated:
      return "updated";
    case MarketChange::closed:
      return "closed";
    case MarketChange::determined:
      return "determined";
    case MarketChange::settled:
      return "settled";
  }
  return "unknown";
}

bool scanner_accepts(const ScannerOptions& o, const Market& m, Timestamp now) {
  if (!o.include_multivariate &&
      (m.mve_collection_ticker.has_value() || m.ticker.str().starts_with("KXMVE"))) {
    return false;
  }
  if (!o.series.empty()) {
    // The series is the event ticker's first segment (the event carries it; markets do not).
    const std::string& event = m.event_ticker.str();
    const auto series = event.substr(0, event.find('-'));
    if (std::none_of(o.series.begin(), o.series.end(),
                     [&](const SeriesTicker& s) { return s.str() == series; })) {
      return false;
    }
  }
  if (o.created_within && (!m.created_time || *m.created_time < now - *o.created_within)) {
    return false;
  }
  if (o.min_time_to_close || o.max_time_to_close) {
    if (!m.close_time) return false;
    const Duration left = *m.close_time - now;
    if (o.min_time_to_close && left < *o.min_time_to_close) return false;
    if (o.max_time_to_close && left > *o.max_time_to_close) return false;
  }
  if (o.min_volume > Count{} && m.volume.value_or(Count{}) < o.min_volume) return false;
  if (o.min_open_interest > Count{} && m.open_interest.value_or(Count{}) < o.min_open_interest) {
    return false;
  }
  return m.grid.has_value();
}

struct MarketScanner::State {
  State(EventBus& b, Clock& c, Logger l, RestClient& r, StreamClient& s, ScannerOptions o)
      : bus(b), clock(c), logger(std::move(l)), rest(r), stream(s), options(std::move(o)) {}

  EventBus& bus;
  Clock& clock;
  Logger logger;
  RestClient& rest;
  StreamClient& stream;
  ScannerOptions options;
  std::map<MarketTicker, Market> markets;
  std::unique_ptr<net::PeriodicTask> close_watch;
  SubKey lifecycle_key = 0;
  bool scanned = false;
  bool stopped = false;

  void publish(MarketChange change, const MarketTicker& ticker) {
    auto it = markets.find(ticker);
    bus.publish(MarketChanged{
        change, ticker, it == markets.end() ? std::nullopt : std::optional<Market>(it->second),
        clock.now()});
  }

  // Adds markets that pass, soonest close first, up to max_markets.
  void add(std::vector<Market> found) {
    const Timestamp now = clock.now();
    std::erase_if(found, [&](const Market& m) {
      return !scanner_accepts(options, m, now) || markets.contains(m.ticker);
    });
    std::sort(found.begin(), found.end(), [](const Market& a, const Market& b) {
      return a.close_time.value_or(Timestamp::max()) < b.close_time.value_or(Timestamp::max());
    });
    std::vector<std::pair<MarketTicker, PriceGrid>> watch;
    for (auto& m : found) {
      if (markets.size() >= options.max_markets) {
        logger->warn("scanner_market_limit max_markets={} skipped={}", options.max_markets,
                     m.ticker);
        break;
      }
      watch.emplace_back(m.ticker, *m.grid);
      const MarketTicker ticker = m.ticker;
      markets.emplace(ticker, std::move(m));
      publish(MarketChange::listed, ticker);
    }
    if (!watch.empty()) stream.watch_books(watch);
  }

  // A followed market trades (and has a book) until the scanner marks it closed or
  // determined.
  static bool trading(const Market& m) {
    return m.status != MarketStatus::closed && m.status != MarketStatus::determined;
  }

  // Trading has ended (closed or determined): the book goes, the metadata stays until the
  // market settles, so settlement can be matched to it.
  void end_trading(std::map<MarketTicker, Market>::iterator it, MarketStatus status,
                   MarketChange why) {
    const bool was_trading = trading(it->second);
    it->second.status = status;
    publish(why, it->first);
    if (was_trading) stream.unwatch_books({it->first});
  }

  void check_closes(Timestamp now) {
    // Kalshi sends no event when a market opens either (initialized → active at open_time).
    for (auto it = markets.begin(); it != markets.end(); ++it) {
      Market& m = it->second;
      if (m.status == MarketStatus::initialized && m.open_time && *m.open_time <= now &&
          (!m.close_time || *m.close_time > now)) {
        m.status = MarketStatus::active;
        publish(MarketChange::updated, it->first);
      }
    }
    for (auto it = markets.begin(); it != markets.end(); ++it) {
      if (!trading(it->second) || !it->second.close_time || *it->second.close_time > now) {
        continue;
      }
      end_trading(it, MarketStatus::closed, MarketChange::closed);
    }
  }

  void settle(const MarketTicker& ticker) {
    auto it = markets.find(ticker);
    if (it == markets.end()) return;
    if (trading(it->second)) stream.unwatch_books({ticker});
    it->second.status = MarketStatus::finalized;
    publish(MarketChange::settled, ticker);
    markets.erase(it);
  }
};

namespace {

asio::awaitable<void> initial_scan(std::shared_ptr<MarketScanner::State> s) {
  std::vector<std::optional<SeriesTicker>> queries;
  if (s->options.series.empty()) {
    queries.emplace_back(std::nullopt);
  } else {
    for (const auto& series : s->options.series) queries.emplace_back(series);
  }
  // Open markets, and those listed but not open yet (they open without an event).
  std::size_t found = 0;
  std::vector<Market> all;
  for (const auto& series : queries) {
    for (auto status : {MarketStatusFilter::open, MarketStatusFilter::unopened}) {
      MarketQuery q;
      q.limit = 1000;
      q.status = status;
      q.series_ticker = series;
      if (!s->options.include_multivariate) q.mve_filter = MveFilter::exclude;
      auto markets = co_await s->rest.all_markets(q);
      if (s->stopped) co_return;
      if (!markets) {
        s->logger->error("scanner_query_failed series={} error={}",
                         series ? series->str() : std::string("*"),
                         log_value(markets.error().message));
        continue;
      }
      found += markets->size();
      for (auto& m : *markets) all.push_back(std::move(m));
    }
  }
  s->add(std::move(all));
  s->check_closes(s->clock.now());
  s->scanned = true;
  s->logger->info("scanner_ready markets_found={} markets_followed={}", found, s->markets.size());
}

asio::awaitable<void> fetch_created(std::shared_ptr<MarketScanner::State> s, MarketTicker ticker) {
  auto market = co_await s->rest.market(ticker);
  if (s->stopped) co_return;
  if (!market) {
    s->logger->warn("scanner_market_fetch_failed ticker={} error={}", ticker,
                    log_value(market.error().message));
    co_return;
  }
  std::vector<Market> one;
  one.push_back(std::move(*market));
  s->add(std::move(one));
}

}  // namespace

MarketScanner::MarketScanner(asio::any_io_executor executor, EventBus& bus, Clock& clock,
                             Logger logger, RestClient& rest, StreamClient& stream,
                             ScannerOptions options)
    : executor_(std::move(executor)),
      state_(std::make_shared<State>(bus, clock, std::move(logger), rest, stream,
                                     std::move(options))) {}

MarketScanner::~MarketScanner() { stop(); }

void MarketScanner::start() {
  SubscriptionSpec lifecycle;
  lifecycle.channel = Channel::market_lifecycle_v2;
  state_->lifecycle_key = state_->stream.subscribe(std::move(lifecycle));
  asio::co_spawn(executor_, initial_scan(state_), asio::detached);
  // Kalshi sends no lifecycle event at close_time; the scanner notices it itself.
  std::weak_ptr<State> weak = state_;
  state_->close_watch = std::make_unique<net::PeriodicTask>(
      executor_, state_->clock, state_->logger, "scanner.close_watch",
      net::PeriodicOptions{state_->options.close_check_interval, 0.0, false, {}},
      [weak]() -> asio::awaitable<void> {
        if (auto s = weak.lock(); s && !s->stopped) s->check_closes(s->clock.now());
        co_return;
      });
  state_->close_watch->start();
}

void MarketScanner::stop() {
  state_->stopped = true;
  if (state_->close_watch) state_->close_watch->stop();
}

void MarketScanner::check_closes() {
  if (!state_->stopped) state_->check_closes(state_->clock.now());
}

void MarketScanner::on_message(const WsMessage& message, Timestamp /*at*/) {
  const auto* event = std::get_if<MarketLifecycle>(&message);
  if (event == nullptr || state_->stopped) return;
  const MarketTicker ticker{event->market_ticker};
  auto& s = *state_;
  switch (event->event_type) {
    case MarketLifecycleEvent::created:
      // Series filter first on what the event says, to avoid a REST call per new market.
      if (!s.options.series.empty() && event->event_ticker) {
        const std::string_view ev = *event->event_ticker;
        const auto series = ev.substr(0, ev.find('-'));
        if (std::none_of(s.options.series.begin(), s.options.series.end(),
                         [&](const SeriesTicker& t) { return t.str() == series; })) {
          return;
        }
      }
      asio::co_spawn(executor_, fetch_created(state_, ticker), asio::detached);
      break;
    case MarketLifecycleEvent::price_level_structure_updated: {
      auto it = s.markets.find(ticker);
      if (it == s.markets.end() || !event->price_ranges) return;
      auto grid = PriceGrid::from_ranges(*event->price_ranges);
      if (!grid) {
        s.logger->warn("scanner_bad_grid ticker={}", ticker);
        return;
      }
      it->second.grid = *grid;
      it->second.price_ranges.assign(event->price_ranges->begin(), event->price_ranges->end());
      s.stream.watch_books({{ticker, *grid}});  // resets the book to the new grid
      s.publish(MarketChange::updated, ticker);
      break;
    }
    case MarketLifecycleEvent::determined:
      if (auto it = s.markets.find(ticker); it != s.markets.end()) {
        if (event->result) it->second.result = parse_market_result(*event->result);
        if (event->settlement_value) it->second.settlement_value = event->settlement_value;
        s.end_trading(it, MarketStatus::determined, MarketChange::determined);
      }
      break;
    case MarketLifecycleEvent::settled:
      s.settle(ticker);
      break;
    case MarketLifecycleEvent::activated:
    case MarketLifecycleEvent::deactivated:
      if (auto it = s.markets.find(ticker); it != s.markets.end() && State::trading(it->second)) {
        const bool paused =
            event->is_deactivated.value_or(event->event_type == MarketLifecycleEvent::deactivated);
        it->second.status = paused ? MarketStatus::inactive : MarketStatus::active;
        s.publish(MarketChange::updated, ticker);
      }
      break;
    case MarketLifecycleEvent::metadata_updated:
      // E.g. a 15-minute crypto window's target ("floor_strike") set when it opens.
      if (auto it = s.markets.find(ticker); it != s.markets.end()) {
        auto& m = it->second;
        if (event->floor_strike) m.floor_strike = event->floor_strike;
        if (event->cap_strike) m.cap_strike = event->cap_strike;
        if (event->yes_sub_title) m.yes_sub_title = std::string(*event->yes_sub_title);
        s.publish(MarketChange::updated, ticker);
      }
      break;
    case MarketLifecycleEvent::close_date_updated:
      if (auto it = s.markets.find(ticker); it != s.markets.end() && event->close_ts_ms) {
        it->second.close_time = from_unix_ms(*event->close_ts_ms);
        s.publish(MarketChange::updated, ticker);
      }
      break;
    default:
      break;
  }
}

const std::map<MarketTicker, Market>& MarketScanner::markets() const noexcept {
  return state_->markets;
}

bool MarketScanner::initial_scan_done() const noexcept { return state_->scanned; }

}  // namespace antevorta::kalshi
