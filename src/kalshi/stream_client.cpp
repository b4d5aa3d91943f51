#include "antevorta/kalshi/stream_client.hpp"

#include <exception>
#include <type_traits>
#include <variant>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "antevorta/kalshi/rest_client.hpp"

namespace antevorta::kalshi {

namespace asio = boost::asio;

std::string_view to_string(ConnectionState state) noexcept {
  switch (state) {
    case ConnectionState::connecting:
      return "connecting";
    case ConnectionState::connected:
      return "connected";
    case ConnectionState::disconnected:
      return "disconnected";
    case ConnectionState::auth_failed:
      return "auth_failed";
    case ConnectionState::stopped:
      return "stopped";
  }
  return "unknown";
}

namespace {

// The exchange's reason for a refused upgrade, read like a REST error body.
std::string refusal_message(const net::WsError& e) {
  const RestError error = parse_rest_error(e.http_status(), e.http_body());
  std::string message = error.message.empty() ? error.code : error.message;
  if (message.size() > 200) message.resize(200);
  return fmt::format("HTTP {} {}", e.http_status(), message);
}

constexpr Duration kAuthParked = std::chrono::hours(24);

}  // namespace

struct StreamClient::State {
  State(asio::any_io_executor ex, EventBus& b, Clock& c, Logger l, net::Endpoint e,
        const Signer* sg, BookStore& bs, StreamOptions o, std::shared_ptr<asio::ssl::context> t)
      : executor(std::move(ex)),
        bus(b),
        clock(c),
        logger(std::move(l)),
        endpoint(std::move(e)),
        signer(sg),
        books(bs),
        options(std::move(o)),
        tls(std::move(t)),
        backoff(options.backoff, std::hash<std::string>{}(endpoint.origin())) {}

  asio::any_io_executor executor;
  EventBus& bus;
  Clock& clock;
  Logger logger;
  net::Endpoint endpoint;
  const Signer* signer;
  BookStore& books;
  StreamOptions options;
  std::shared_ptr<asio::ssl::context> tls;

  WsSession session;
  WsParser parser;
  net::Backoff backoff;
  SessionActions frame_actions;
  net::WsConnection* conn = nullptr;  // owned by the loop's frame while connected
  asio::cancellation_signal wake;     // reconnect(): the backoff wait
  SubKey book_key = 0;
  ConnectionState state = ConnectionState::disconnected;
  std::string last_error;
  StreamStats stats;
  IngressTap ingress_tap;
  MessageTap message_tap;
  int auth_failures = 0;
  int attempt = 0;
  bool running = false;
  bool stopped = false;
  bool reconnect_now = false;
  bool announced_live = false;

  void set_state(ConnectionState next, std::string detail) {
    state = next;
    if (!detail.empty()) last_error = detail;
    bus.publish(StreamStateChanged{next, std::move(detail), attempt, clock.now()});
  }

  // A book gone stale by a fault of its own (a sequence gap, a bad level) is logged at info,
  // and so is its resync; a disconnect, a first snapshot or a new grid concern every book
  // and are logged per connection instead (debug here).
  static bool own_fault(std::optional<StaleReason> reason) noexcept {
    return reason && *reason != StaleReason::no_snapshot && *reason != StaleReason::disconnected &&
           *reason != StaleReason::grid_changed;
  }

  void book_stale(OrderBook& book, StaleReason reason, Timestamp at) {
    const bool was_stale = book.stale();
    book.mark_stale(reason);
    if (!was_stale) {
      announced_live = false;
      logger->log(own_fault(reason) ? spdlog::level::info : spdlog::level::debug,
                  "book_stale ticker={} reason={}", book.ticker(), to_string(reason));
      bus.publish(BookStateChanged{book.ticker(), true, reason, at});
    }
  }

  void book_fresh(OrderBook& book, std::optional<StaleReason> was, Timestamp at) {
    logger->log(own_fault(was) ? spdlog::level::info : spdlog::level::debug,
                "book_resynced ticker={} levels={} was={}", book.ticker(),
                book.bid_level_count(OutcomeSide::yes) + book.bid_level_count(OutcomeSide::no),
                was ? to_string(*was) : "fresh");
    bus.publish(BookStateChanged{book.ticker(), false, std::nullopt, at});
    if (!announced_live) {
      const auto markets = session.book_markets();
      std::size_t fresh = 0;
      for (const auto& t : markets) {
        const auto* b = books.find(t.str());
        fresh += b != nullptr && !b->stale();
      }
      if (fresh == markets.size()) {
        announced_live = true;
        logger->info("kalshi_ws_books_live books={} snapshots={} deltas={}", fresh, stats.snapshots,
                     stats.deltas);
      }
    }
  }

  // Carries out what the session decided.
  void execute(SessionActions& actions) {
    const Timestamp now = clock.now();
    for (const auto& [sid, yes] : actions.yes_price_sids) parser.set_use_yes_price(sid, yes);
    for (auto sid : actions.forget_sids) parser.forget_sid(sid);
    for (const auto& stale : actions.stale_books) {
      if (auto* book = books.find(stale.ticker.str())) book_stale(*book, stale.reason, now);
    }
    for (const auto& issue : actions.issues) {
      logger->warn("kalshi_ws_issue kind={} code={} detail={}", to_string(issue.kind), issue.code,
                   log_value(issue.detail));
    }
    for (auto& command : actions.commands) {
      if (conn == nullptr) break;  // replayed on the next connect
      logger->debug("kalshi_ws_command {}", log_value(command));
      if (!conn->send(std::move(command))) {
        // A full outbox means the socket is not draining: start over on a new one.
        logger->warn("kalshi_ws_outbox_full queued={}", conn->outbox_size());
        conn->close("outbox full");
        break;
      }
      ++stats.commands_sent;
    }
    actions.clear();
  }

  void on_frame(const net::WsIncoming& in) {
    ++stats.frames;
    if (ingress_tap) ingress_tap(in.text, in.received_at);
    auto parsed = parser.parse(in.text);
    if (!parsed) {
      ++stats.bad_frames;
      if (stats.bad_frames <= 10 || stats.bad_frames % 1000 == 0) {
        logger->warn("kalshi_ws_bad_frame count={} error={}", stats.bad_frames,
                     log_value(parsed.error().message()));
      }
      return;
    }
    SessionActions& actions = frame_actions;
    const Timestamp at = in.received_at;
    const bool deliver = std::visit(
        [&](const auto& m) -> bool {
          using T = std::decay_t<decltype(m)>;
          if constexpr (std::is_same_v<T, OrderbookSnapshot>) {
            if (!accept(session.on_data(m.sid, m.seq, actions))) return false;
            on_snapshot(m, at);
            return true;
          } else if constexpr (std::is_same_v<T, OrderbookDelta>) {
            if (!accept(session.on_data(m.sid, m.seq, actions))) return false;
            on_delta(m, at);
            return true;
          } else if constexpr (std::is_same_v<T, WsSubscribed>) {
            logger->info("kalshi_ws_subscribed channel={} sid={}", m.channel, m.sid);
            session.on_subscribed(m.id, m.sid, m.channel, actions);
            return false;
          } else if constexpr (std::is_same_v<T, WsOk>) {
            return accept(session.on_ok(m.id, m.sid, m.seq, actions));
          } else if constexpr (std::is_same_v<T, WsUnsubscribed>) {
            session.on_unsubscribed(m.id, m.sid, m.seq, actions);
            return false;
          } else if constexpr (std::is_same_v<T, WsError>) {
            logger->warn("kalshi_ws_error code={} message={}", m.code, log_value(m.msg));
            session.on_error(m.id, std::nullopt, m.code, m.msg, actions);
            return false;
          } else {
            const auto sid = sid_of(parsed.value());
            if (!sid) return true;
            return accept(session.on_data(*sid, seq_of(parsed.value()), actions));
          }
        },
        *parsed);
    if (!actions.empty()) execute(actions);
    if (deliver && message_tap) message_tap(*parsed, at);
  }

  bool accept(SeqVerdict verdict) {
    switch (verdict) {
      case SeqVerdict::accept:
        return true;
      case SeqVerdict::ignore:
        ++stats.ignored;
        return false;
      case SeqVerdict::gap:
        ++stats.gaps;
        return false;
    }
    return false;
  }

  void on_snapshot(const OrderbookSnapshot& m, Timestamp at) {
    auto* book = books.find(m.market_ticker);
    if (book == nullptr) {
      logger->debug("kalshi_ws_unwatched_book ticker={}", m.market_ticker);
      return;
    }
    ++stats.snapshots;
    const auto was = book->stale_reason();
    const auto result = book->apply_snapshot(m.yes_bids, m.no_bids, at);
    if (!result.ok()) {
      logger->warn("book_snapshot_rejected ticker={} off_grid={} overflow={}", book->ticker(),
                   result.off_grid, result.overflow);
    }
    bus.publish(BookUpdated{book, at, true});
    if (was && !book->stale()) book_fresh(*book, was, at);
  }

  void on_delta(const OrderbookDelta& m, Timestamp at) {
    auto* book = books.find(m.market_ticker);
    if (book == nullptr) return;
    ++stats.deltas;
    const bool was_stale = book->stale();
    const DeltaResult result = book->apply_delta(m.side, m.price, m.delta, at);
    if (result != DeltaResult::ok) {
      ++stats.bad_deltas;
      logger->warn("book_delta_rejected ticker={} result={} price={} delta={}", book->ticker(),
                   to_string(result), m.price, m.delta);
      if (!was_stale) {
        announced_live = false;
        bus.publish(BookStateChanged{book->ticker(), true, book->stale_reason(), at});
      }
      // The book no longer matches the exchange: ask for a fresh snapshot.
      session.request_snapshot(book_key, {book->ticker()}, frame_actions);
    }
    bus.publish(BookUpdated{book, at, false});
  }
};

namespace {

asio::awaitable<void> run_loop(std::shared_ptr<StreamClient::State> s) {
  while (!s->stopped) {
    s->set_state(ConnectionState::connecting, {});
    std::unique_ptr<net::WsConnection> conn;
    bool refused = false;
    std::string error;
    try {
      net::HeaderList headers;
      if (s->signer != nullptr) {
        const AuthHeaders auth = s->signer->sign("GET", s->endpoint.path, s->clock.now());
        for (const auto& [name, value] : auth.fields()) headers.emplace_back(name, value);
      }
      conn = co_await net::WsConnection::connect(s->executor, s->clock, s->logger, s->endpoint,
                                                 s->endpoint.path, std::move(headers),
                                                 s->options.ws, s->tls);
    } catch (const net::WsError& e) {
      refused = e.kind() == net::WsErrorKind::rejected &&
                (e.http_status() == 401 || e.http_status() == 403);
      error = refused ? refusal_message(e) : std::string(e.what());
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (s->stopped) break;

    if (conn) {
      s->conn = conn.get();
      s->auth_failures = 0;
      s->attempt = 0;
      s->announced_live = false;
      ++s->stats.connects;
      s->backoff.on_success(s->clock.now());
      s->logger->info("kalshi_client_connected client=ws url={} subscriptions={}",
                      s->endpoint.origin(), s->session.subscriptions().size());
      s->set_state(ConnectionState::connected, {});
      SessionActions actions;
      s->session.on_connected(actions);
      s->execute(actions);
      try {
        while (!s->stopped) {
          const net::WsIncoming in = co_await conn->read();
          s->on_frame(in);
        }
      } catch (const net::WsError& e) {
        error = e.what();
      } catch (const std::exception& e) {
        error = e.what();
      }
      s->conn = nullptr;
      if (s->stopped) break;
      s->backoff.on_lost(s->clock.now());
      SessionActions lost;
      s->session.on_disconnected(lost);
      s->execute(lost);
    }

    ++s->attempt;
    Duration delay = s->backoff.next_delay().value_or(s->options.backoff.max);
    if (refused) {
      ++s->auth_failures;
      const bool parked = s->auth_failures >= s->options.max_auth_failures;
      s->logger->error("kalshi_ws_auth_failed url={} failures={} error={}{}", s->endpoint.origin(),
                       s->auth_failures, log_value(error),
                       parked ? " retrying=no (fix the key, then reconnect or restart)" : "");
      s->set_state(ConnectionState::auth_failed, error);
      if (parked) delay = kAuthParked;
    } else {
      s->logger->warn("kalshi_ws_disconnected url={} attempt={} retry_in_ms={} error={}",
                      s->endpoint.origin(), s->attempt,
                      std::chrono::duration_cast<std::chrono::milliseconds>(delay).count(),
                      log_value(error));
      s->set_state(ConnectionState::disconnected, error);
    }
    if (s->reconnect_now) {
      s->reconnect_now = false;
      continue;
    }
    co_await async_sleep(
        s->clock, delay,
        asio::bind_cancellation_slot(s->wake.slot(), asio::as_tuple(asio::use_awaitable)));
    s->reconnect_now = false;
  }
  s->running = false;
}

}  // namespace

StreamClient::StreamClient(asio::any_io_executor executor, EventBus& bus, Clock& clock,
                           Logger logger, net::Endpoint endpoint, const Signer* signer,
                           BookStore& books, StreamOptions options,
                           std::shared_ptr<asio::ssl::context> tls)
    : executor_(executor),
      state_(std::make_shared<State>(std::move(executor), bus, clock, std::move(logger),
                                     std::move(endpoint), signer, books, std::move(options),
                                     std::move(tls))) {}

StreamClient::~StreamClient() { stop(); }

void StreamClient::start() {
  auto& s = *state_;
  if (s.running || s.stopped) return;
  s.running = true;
  // No cancellation slot on the spawn: stop() ends the loop through the socket and the
  // backoff wait (co_spawn's own cancellation forwarding would outlive a finished frame).
  asio::co_spawn(executor_, run_loop(state_), asio::detached);
}

void StreamClient::stop() {
  auto& s = *state_;
  if (s.stopped) return;
  s.stopped = true;
  if (s.conn != nullptr) s.conn->close("stopping");
  s.wake.emit(asio::cancellation_type::terminal);
  if (s.running) {
    s.state = ConnectionState::stopped;
    s.bus.publish(StreamStateChanged{ConnectionState::stopped, {}, s.attempt, s.clock.now()});
  }
}

void StreamClient::reconnect() {
  auto& s = *state_;
  if (s.stopped) return;
  s.auth_failures = 0;
  s.backoff.reset();
  s.reconnect_now = true;
  if (s.conn != nullptr) {
    s.conn->close("reconnect requested");
  } else {
    s.wake.emit(asio::cancellation_type::terminal);
  }
}

void StreamClient::watch_books(const std::vector<std::pair<MarketTicker, PriceGrid>>& markets) {
  auto& s = *state_;
  std::vector<MarketTicker> tickers;
  tickers.reserve(markets.size());
  for (const auto& [ticker, grid] : markets) {
    s.books.ensure(ticker, grid);
    tickers.push_back(ticker);
  }
  if (tickers.empty()) return;
  SessionActions actions;
  if (s.book_key == 0 || s.session.find(s.book_key) == nullptr) {
    SubscriptionSpec spec;
    spec.channel = Channel::orderbook_delta;
    spec.market_tickers = std::move(tickers);
    spec.use_yes_price = s.options.use_yes_price;
    s.book_key = s.session.subscribe(std::move(spec), actions);
  } else {
    s.session.add_markets(s.book_key, tickers, actions);
  }
  s.announced_live = false;
  s.execute(actions);
}

void StreamClient::unwatch_books(const std::vector<MarketTicker>& markets) {
  auto& s = *state_;
  if (s.book_key == 0) return;
  SessionActions actions;
  s.session.remove_markets(s.book_key, markets, actions);
  for (const auto& t : markets) {
    s.books.retire(t.str());
  }
  s.execute(actions);
}

SubKey StreamClient::subscribe(SubscriptionSpec spec) {
  auto& s = *state_;
  SessionActions actions;
  const SubKey key = s.session.subscribe(std::move(spec), actions);
  s.execute(actions);
  return key;
}

void StreamClient::unsubscribe(SubKey key) {
  auto& s = *state_;
  SessionActions actions;
  s.session.unsubscribe(key, actions);
  s.execute(actions);
}

void StreamClient::set_ingress_tap(IngressTap tap) { state_->ingress_tap = std::move(tap); }
void StreamClient::set_message_tap(MessageTap tap) { state_->message_tap = std::move(tap); }
ConnectionState StreamClient::state() const noexcept { return state_->state; }
const std::string& StreamClient::last_error() const noexcept { return state_->last_error; }
const StreamStats& StreamClient::stats() const noexcept { return state_->stats; }
const WsSession& StreamClient::session() const noexcept { return state_->session; }

}  // namespace antevorta::kalshi
