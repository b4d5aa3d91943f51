#include "antevorta/kalshi/market_directory.hpp"

#include <set>
#include <variant>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace antevorta::kalshi {

namespace asio = boost::asio;

struct MarketDirectory::State {
  State(Clock& c, Logger l, RestClient& r, DirectoryOptions o)
      : clock(c), logger(std::move(l)), rest(r), options(o) {}

  Clock& clock;
  Logger logger;
  RestClient& rest;
  DirectoryOptions options;
  std::map<EventTicker, Event> events;
  std::map<SeriesTicker, Series> series;
  std::set<std::string> in_flight;  // "e:<event>" / "s:<series>"
  bool stopped = false;
};

namespace {

// Runs `fetch` until it succeeds or the attempts run out; nullopt when they did (logged).
template <class T, class Fetch>
asio::awaitable<std::optional<T>> with_retries(std::shared_ptr<MarketDirectory::State> s,
                                               std::string what, Fetch fetch) {
  Duration delay = s->options.retry_delay;
  for (int attempt = 1; attempt <= s->options.max_attempts; ++attempt) {
    auto result = co_await fetch();
    if (s->stopped) co_return std::nullopt;
    if (result) co_return std::move(*result);
    if (attempt == s->options.max_attempts) {
      s->logger->error("directory_fetch_failed what={} attempts={} error={}", what, attempt,
                       log_value(result.error().message));
      break;
    }
    s->logger->warn("directory_fetch_retry what={} attempt={} error={}", what, attempt,
                    log_value(result.error().message));
    co_await async_sleep(s->clock, delay, asio::use_awaitable);
    if (s->stopped) co_return std::nullopt;
    delay *= 2;
  }
  co_return std::nullopt;
}

asio::awaitable<void> load_series(std::shared_ptr<MarketDirectory::State> s, SeriesTicker ticker) {
  const std::string key = "s:" + ticker.str();
  auto series = co_await with_retries<Series>(s, "series " + ticker.str(),
                                              [&] { return s->rest.series(ticker); });
  s->in_flight.erase(key);
  if (series) s->series.insert_or_assign(ticker, std::move(*series));
}

void ensure_series(const std::shared_ptr<MarketDirectory::State>& s, asio::any_io_executor executor,
                   const SeriesTicker& ticker) {
  if (ticker.empty() || s->series.contains(ticker) ||
      !s->in_flight.insert("s:" + ticker.str()).second) {
    return;
  }
  asio::co_spawn(executor, load_series(s, ticker), asio::detached);
}

asio::awaitable<void> load_event(std::shared_ptr<MarketDirectory::State> s, EventTicker ticker) {
  const std::string key = "e:" + ticker.str();
  auto event = co_await with_retries<Event>(s, "event " + ticker.str(),
                                            [&] { return s->rest.event(ticker, false); });
  s->in_flight.erase(key);
  if (!event) co_return;
  const SeriesTicker series = event->series_ticker;
  s->events.insert_or_assign(ticker, std::move(*event));
  ensure_series(s, co_await asio::this_coro::executor, series);
}

}  // namespace

MarketDirectory::MarketDirectory(asio::any_io_executor executor, EventBus& bus, Clock& clock,
                                 Logger logger, RestClient& rest, DirectoryOptions options)
    : executor_(std::move(executor)),
      state_(std::make_shared<State>(clock, std::move(logger), rest, options)),
      subscription_(bus.subscribe<MarketChanged>([this](const MarketChanged& e) {
        if (e.change == MarketChange::listed && e.market) learn(*e.market);
      })) {}

MarketDirectory::~MarketDirectory() { stop(); }

void MarketDirectory::stop() {
  state_->stopped = true;
  subscription_.reset();
}

void MarketDirectory::learn(const Market& market) {
  auto& s = *state_;
  if (s.stopped || market.event_ticker.empty()) return;
  if (auto it = s.events.find(market.event_ticker); it != s.events.end()) {
    ensure_series(state_, executor_, it->second.series_ticker);
    return;
  }
  if (!s.in_flight.insert("e:" + market.event_ticker.str()).second) return;
  asio::co_spawn(executor_, load_event(state_, market.event_ticker), asio::detached);
}

void MarketDirectory::on_message(const WsMessage& message, Timestamp /*at*/) {
  const auto* update = std::get_if<EventFeeUpdate>(&message);
  if (update == nullptr) return;
  auto it = state_->events.find(EventTicker(update->event_ticker));
  if (it == state_->events.end()) return;  // fetched later with the override in it
  Event& e = it->second;
  e.fee_type_override_text = update->fee_type_override_text
                                 ? std::optional<std::string>(*update->fee_type_override_text)
                                 : std::nullopt;
  e.fee_type_override = update->fee_type_override;
  e.fee_multiplier_override = update->fee_multiplier_override;
  state_->logger->info(
      "directory_event_fee_update event={} fee_type={} multiplier={}", e.event_ticker,
      e.fee_type_override_text.value_or("(series)"),
      e.fee_multiplier_override ? e.fee_multiplier_override->to_string() : std::string("(series)"));
}

const Event* MarketDirectory::event(const EventTicker& ticker) const noexcept {
  auto it = state_->events.find(ticker);
  return it == state_->events.end() ? nullptr : &it->second;
}

const Series* MarketDirectory::series(const SeriesTicker& ticker) const noexcept {
  auto it = state_->series.find(ticker);
  return it == state_->series.end() ? nullptr : &it->second;
}

std::optional<FeeSchedule> MarketDirectory::fees(const EventTicker& ticker) const noexcept {
  const Event* e = event(ticker);
  if (e == nullptr) return std::nullopt;
  const Series* s = series(e->series_ticker);
  if (s == nullptr || !s->fee_type || !s->fee_multiplier) return std::nullopt;
  // An override this build cannot read makes the fee unknown, not the series' fee.
  if (e->fee_type_override_text && !e->fee_type_override) return std::nullopt;
  if (*s->fee_type == FeeType::flat || e->fee_type_override == FeeType::flat) return std::nullopt;
  return FeeSchedule::effective(*s->fee_type, *s->fee_multiplier, e->fee_type_override,
                                e->fee_multiplier_override);
}

std::size_t MarketDirectory::pending_fetches() const noexcept { return state_->in_flight.size(); }

}  // namespace antevorta::kalshi
