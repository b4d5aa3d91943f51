// The paper venue: the engine's orders against the PaperExchange, fed by the daemon's own
// observations.
#include "antevorta/execution/paper_venue.hpp"

#include <boost/asio/post.hpp>

namespace antevorta::execution {

namespace {

kalshi::RestError rest_error(const PaperRejection& r) { return r.to_rest_error(); }

}  // namespace

PaperVenue::PaperVenue(boost::asio::any_io_executor executor, Clock& clock, Logger logger,
                       const kalshi::BookStore& books, MarketLookup markets,
                       const kalshi::MarketDirectory& directory, PaperExchange::Options options)
    : executor_(std::move(executor)),
      clock_(clock),
      log_(std::move(logger)),
      books_(books),
      markets_(std::move(markets)),
      directory_(directory),
      exchange_(std::move(options)),
      sinks_(std::make_shared<Sinks>()) {}

PaperVenue::~PaperVenue() {
  // Posted reports check the sinks; clearing them drops reports still queued.
  *sinks_ = Sinks{};
}

void PaperVenue::set_sinks(Sinks sinks) { *sinks_ = std::move(sinks); }

bool PaperVenue::ensure_market(const MarketTicker& ticker, Timestamp now) {
  if (exchange_.book(ticker) != nullptr) return true;
  const kalshi::OrderBook* book = books_.find(ticker.str());
  const kalshi::Market* market = markets_ ? markets_(ticker) : nullptr;
  if (book == nullptr || market == nullptr) return false;
  const auto fees = directory_.fees(market->event_ticker);
  if (!fees) return false;
  if (!exchange_.add_market(ticker, book->grid(), *fees)) return false;
  if (!book->stale()) {
    const auto yes = book->bid_depth(kalshi::OutcomeSide::yes, book->grid().level_count());
    const auto no = book->bid_depth(kalshi::OutcomeSide::no, book->grid().level_count());
    deliver(exchange_.on_snapshot(ticker, yes, no, now));
  }
  log_->info("paper_market_added ticker={} fresh={}", ticker, !book->stale());
  return true;
}

boost::asio::awaitable<kalshi::OrderWriteResult> PaperVenue::create(
    kalshi::CreateOrderRequest request, Count position) {
  const Timestamp now = clock_.now();
  if (!ensure_market(request.ticker, now)) {
    kalshi::OrderWriteResult w;
    w.outcome = kalshi::WriteOutcome::rejected;
    w.attempts = 1;
    w.error = rest_error(PaperRejection{PaperError::market_not_found, {}});
    w.error->message = "paper: market not followed or its fees unknown";
    co_return w;
  }
  auto result = exchange_.submit(request, position, now);
  kalshi::OrderWriteResult answer = write_result(result, now);
  if (result) deliver(std::move(*result));
  co_return answer;
}

boost::asio::awaitable<kalshi::CancelResult> PaperVenue::cancel(OrderId order_id,
                                                                MarketTicker /*ticker*/) {
  const Timestamp now = clock_.now();
  kalshi::CancelResult w;
  w.attempts = 1;
  auto result = exchange_.cancel(order_id, now);
  if (!result) {
    w.outcome = kalshi::WriteOutcome::rejected;
    w.error = rest_error(result.error());
    co_return w;
  }
  w.outcome = kalshi::WriteOutcome::accepted;
  kalshi::CancelAck ack;
  ack.order_id = order_id;
  if (const auto* o = exchange_.find(order_id)) ack.client_order_id = o->client_order_id;
  ack.reduced_by = result->reduced_by;
  ack.ts = now;
  w.ack = ack;
  deliver(std::move(*result));
  co_return w;
}

boost::asio::awaitable<kalshi::OrderWriteResult> PaperVenue::decrease(OrderId order_id,
                                                                      MarketTicker /*ticker*/,
                                                                      Count reduce_to) {
  const Timestamp now = clock_.now();
  kalshi::OrderWriteResult w;
  w.attempts = 1;
  auto result = exchange_.decrease(order_id, reduce_to, now);
  if (!result) {
    w.outcome = kalshi::WriteOutcome::rejected;
    w.error = rest_error(result.error());
    co_return w;
  }
  w.outcome = kalshi::WriteOutcome::accepted;
  kalshi::OrderAck ack;
  ack.order_id = order_id;
  if (result->order) {
    ack.client_order_id = result->order->client_order_id;
    ack.remaining_count = result->order->remaining_count;
    ack.fill_count = result->order->fill_count;
  }
  ack.ts = now;
  w.ack = ack;
  deliver(std::move(*result));
  co_return w;
}

void PaperVenue::on_ws_message(const kalshi::WsMessage& message, Timestamp at) {
  if (const auto* s = std::get_if<kalshi::OrderbookSnapshot>(&message)) {
    const MarketTicker ticker{std::string(s->market_ticker)};
    if (exchange_.book(ticker) != nullptr) {
      deliver(exchange_.on_snapshot(ticker, s->yes_bids, s->no_bids, at));
    }
  } else if (const auto* d = std::get_if<kalshi::OrderbookDelta>(&message)) {
    const MarketTicker ticker{std::string(d->market_ticker)};
    if (exchange_.book(ticker) != nullptr) {
      deliver(exchange_.on_delta(ticker, d->side, d->price, d->delta, at));
    }
  } else if (const auto* t = std::get_if<kalshi::PublicTrade>(&message)) {
    const MarketTicker ticker{std::string(t->market_ticker)};
    if (exchange_.book(ticker) != nullptr) {
      deliver(exchange_.on_trade(ticker, t->yes_price, t->count, t->taker_book_side, at));
    }
  }
}

void PaperVenue::on_book_state(const kalshi::BookStateChanged& change) {
  if (change.stale && exchange_.book(change.ticker) != nullptr) {
    exchange_.mark_stale(change.ticker, change.reason.value_or(kalshi::StaleReason::disconnected));
  }
}

void PaperVenue::on_market_changed(const kalshi::MarketChanged& change) {
  using kalshi::MarketChange;
  if (change.change != MarketChange::closed && change.change != MarketChange::determined &&
      change.change != MarketChange::settled) {
    return;
  }
  if (exchange_.book(change.ticker) == nullptr) return;
  deliver(exchange_.cancel_all(change.ticker, clock_.now()));
}

void PaperVenue::deliver(PaperResult result) {
  if (result.fills.empty() && result.updates.empty()) return;
  boost::asio::post(executor_, [sinks = sinks_, r = std::move(result)] {
    // Updates first: an order's new state, then the fills that the state already counts
    // (the state machine takes either order; this one keeps the logs readable).
    for (const auto& u : r.updates) {
      if (!sinks->order) return;
      const kalshi::Order o = u.to_kalshi();
      sinks->order(exchange_update(o, u.last_update_time), u.client_order_id);
    }
    for (const auto& f : r.fills) {
      if (!sinks->fill) return;
      ExchangeFill ef;
      ef.fill = f.to_kalshi();
      ef.client_order_id = f.client_order_id;
      sinks->fill(ef, f.time);
    }
  });
}

}  // namespace antevorta::execution
