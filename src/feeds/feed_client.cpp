#include "antevorta/feeds/feed_client.hpp"

#include <exception>
#include <utility>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "antevorta/feeds/feed_session.hpp"
#include "antevorta/feeds/protocol.hpp"

namespace antevorta::feeds {

namespace asio = boost::asio;

namespace {

std::int64_t to_ms(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

// First occurrences, then every 1000th: a broken feed must not flood the log.
bool worth_logging(std::uint64_t count) { return count <= 10 || count % 1000 == 0; }

}  // namespace

struct FeedClient::State {
  State(asio::any_io_executor ex, EventBus& b, Clock& c, Logger l, FeedSourceConfig cfg,
        FeedClientOptions o, std::shared_ptr<asio::ssl::context> t)
      : executor(std::move(ex)),
        bus(b),
        clock(c),
        logger(std::move(l)),
        config(std::move(cfg)),
        options(std::move(o)),
        tls(std::move(t)),
        target(upgrade_target(config)),
        subscribe(subscribe_messages(config)),
        parser(make_parser(config)),
        session(config.name, config.stale_after, config.stale_reconnect),
        backoff(options.backoff, std::hash<std::string>{}(config.name + config.url)) {}

  asio::any_io_executor executor;
  EventBus& bus;
  Clock& clock;
  Logger logger;
  FeedSourceConfig config;
  FeedClientOptions options;
  std::shared_ptr<asio::ssl::context> tls;
  std::string target;
  std::vector<std::string> subscribe;
  std::unique_ptr<FeedParser> parser;
  FeedSession session;
  net::Backoff backoff;

  std::vector<PriceTick> ticks;       // reused for every frame
  net::WsConnection* conn = nullptr;  // owned by the loop's frame while connected
  asio::cancellation_signal wake;     // stop(): the backoff wait
  TimerHandle watchdog;
  TimerHandle keepalive;
  std::int64_t keepalive_id = 100;  // Kraken req_ids: 1.. for subscribes, 100.. for pings
  std::string drop_reason;          // why we closed the connection ourselves
  std::string last_error;
  FeedStats stats;
  IngressTap ingress_tap;
  bool running = false;
  bool stopped = false;

  void apply(SessionStep step) {
    if (step.announce) {
      const FeedStateChanged& e = *step.announce;
      if (e.state == FeedState::stale) ++stats.stale;
      logger->info("feed_state source={} state={} detail={}", config.name, to_string(e.state),
                   log_value(e.detail));
      bus.publish(*step.announce);
      arm_watchdog();
    }
    if (step.reconnect && conn != nullptr && drop_reason.empty()) {
      drop_reason = std::move(step.reason);
      logger->warn("feed_reconnecting source={} reason={}", config.name, log_value(drop_reason));
      conn->close(drop_reason);
    }
  }

  void arm_watchdog() {
    const auto next = session.next_check();
    if (!next || stopped) {
      watchdog.cancel();
      return;
    }
    watchdog = clock.call_after(*next - clock.now(), [this] {
      apply(session.check(clock.now()));
      arm_watchdog();
    });
  }

  void arm_keepalive() {
    if (stopped || !keepalive_message(config, 0)) return;
    keepalive = clock.call_after(options.keepalive_interval, [this] {
      if (conn == nullptr) return;
      if (conn->send(*keepalive_message(config, ++keepalive_id))) {
        ++stats.keepalives;
        ++stats.sent;
      }
      arm_keepalive();
    });
  }

  void on_frame(const net::WsIncoming& in) {
    ++stats.frames;
    if (ingress_tap) ingress_tap(in.text, in.received_at);
    ticks.clear();
    const FrameResult result = parser->parse(in.text, in.received_at, ticks);
    stats.gaps += result.gaps;
    if (result.gaps > 0 && worth_logging(stats.gaps)) {
      logger->warn("feed_gap source={} gaps={} total={}", config.name, result.gaps, stats.gaps);
    }
    switch (result.status) {
      case FrameStatus::malformed:
        ++stats.bad_frames;
        if (worth_logging(stats.bad_frames)) {
          logger->warn("feed_bad_frame source={} count={} error={}", config.name, stats.bad_frames,
                       log_value(result.text));
        }
        break;
      case FrameStatus::error:
        ++stats.errors;
        logger->warn("feed_venue_error source={} message={}", config.name, log_value(result.text));
        break;
      case FrameStatus::shutdown:
        logger->info("feed_server_shutdown source={}", config.name);
        break;
      case FrameStatus::subscribed:
        logger->debug("feed_subscribed source={}", config.name);
        break;
      case FrameStatus::info:
        logger->info("feed_status source={} system={}", config.name, log_value(result.text));
        break;
      case FrameStatus::ignored:
        ++stats.ignored;
        break;
      case FrameStatus::data:
      case FrameStatus::heartbeat:
        break;
    }
    // The state change first: a consumer sees "live" before the tick that made it so.
    apply(session.frame(result, in.received_at));
    for (PriceTick& tick : ticks) {
      if (stopped) break;  // a handler stopped the client
      ++stats.ticks;
      stats.last_tick = tick.received_at;
      bus.publish(std::move(tick));
    }
  }

  void connected() {
    ++stats.connects;
    backoff.on_success(clock.now());
    parser->reset();
    drop_reason.clear();
    logger->info("feed_connected source={} url={} target={} subscriptions={}", config.name,
                 config.endpoint.origin(), log_value(target), subscribe.size());
    apply(session.connected(clock.now()));
    for (const auto& message : subscribe) {
      logger->debug("feed_subscribe source={} message={}", config.name, log_value(message));
      if (!conn->send(message)) break;
      ++stats.sent;
    }
    arm_watchdog();
    arm_keepalive();
  }
};

namespace {

asio::awaitable<void> run_loop(std::shared_ptr<FeedClient::State> s) {
  while (!s->stopped) {
    std::unique_ptr<net::WsConnection> conn;
    std::string error;
    try {
      net::HeaderList headers;
      conn =
          co_await net::WsConnection::connect(s->executor, s->clock, s->logger, s->config.endpoint,
                                              s->target, std::move(headers), s->options.ws, s->tls);
    } catch (const std::exception& e) {
      error = e.what();
    }
    if (s->stopped) break;

    if (conn) {
      s->conn = conn.get();
      s->connected();
      try {
        while (!s->stopped) {
          const net::WsIncoming in = co_await conn->read();
          s->on_frame(in);
        }
      } catch (const std::exception& e) {
        error = e.what();
      }
      s->conn = nullptr;
      s->watchdog.cancel();
      s->keepalive.cancel();
      if (s->stopped) break;
      if (!s->drop_reason.empty()) error = std::move(s->drop_reason);
      s->drop_reason.clear();
      s->backoff.on_lost(s->clock.now());
    }

    ++s->stats.reconnects;
    const Duration delay = s->backoff.next_delay().value_or(s->options.backoff.max);
    s->last_error = error;
    s->logger->warn("feed_disconnected source={} url={} retry_in_ms={} error={}", s->config.name,
                    s->config.endpoint.origin(), to_ms(delay), log_value(error));
    s->apply(s->session.failed(s->clock.now(), error));
    if (s->stopped) break;  // a handler of that announcement stopped the client
    co_await async_sleep(
        s->clock, delay,
        asio::bind_cancellation_slot(s->wake.slot(), asio::as_tuple(asio::use_awaitable)));
  }
  s->running = false;
}

}  // namespace

FeedClient::FeedClient(asio::any_io_executor executor, EventBus& bus, Clock& clock, Logger logger,
                       FeedSourceConfig config, FeedClientOptions options,
                       std::shared_ptr<asio::ssl::context> tls)
    : executor_(executor),
      state_(std::make_shared<State>(std::move(executor), bus, clock, std::move(logger),
                                     std::move(config), std::move(options), std::move(tls))) {}

FeedClient::~FeedClient() { stop(); }

void FeedClient::start() {
  auto& s = *state_;
  if (s.running || s.stopped) return;
  s.running = true;
  s.apply(s.session.start(s.clock.now()));
  // No cancellation slot on the spawn: stop() ends the loop through the socket and the
  // backoff wait.
  asio::co_spawn(executor_, run_loop(state_), asio::detached);
}

void FeedClient::stop() {
  auto& s = *state_;
  if (s.stopped) return;
  s.stopped = true;
  s.watchdog.cancel();
  s.keepalive.cancel();
  if (s.conn != nullptr) s.conn->close("stopping");
  s.wake.emit(asio::cancellation_type::terminal);
  s.apply(s.session.stopped(s.clock.now()));
}

void FeedClient::set_ingress_tap(IngressTap tap) { state_->ingress_tap = std::move(tap); }
const FeedSourceConfig& FeedClient::config() const noexcept { return state_->config; }
FeedState FeedClient::state() const noexcept { return state_->session.state(); }
const std::string& FeedClient::last_error() const noexcept { return state_->last_error; }
const FeedStats& FeedClient::stats() const noexcept { return state_->stats; }

}  // namespace antevorta::feeds
