// The Kalshi Trade API v2 REST client (API-NOTES §4, §5, §7): typed reads and V2 order
// writes over net::HttpClient, signed, paced by token buckets, retried with jittered backoff.
//
// Every request: acquire tokens from the read or write bucket (endpoint cost), sign right
// before sending (when a Signer is given: the path including the base path, without the
// query), send, classify the answer.
//
// Errors are values (RestResult<T> = Expected<T, RestError>); nothing throws to the caller
// except cancellation of the calling coroutine. Error policy:
// - Reads: 429, 5xx, timeouts and transport errors are retried with backoff (jitter) up to
//   RestOptions::max_read_attempts sends; then the last error is returned. A 429 also drains
//   our bucket (the exchange's is empty) and waits at least cost / refill_rate.
// - 401/403: kind auth, never retried. The client remembers the failure (auth_failed(),
//   auth_failure()) until a later signed request succeeds.
// - Order writes return WriteResult: accepted, rejected (4xx, or a 2xx without order_id),
//   or unknown (timeout, 5xx, a transport error after the request may have been delivered,
//   an unreadable 2xx). A create is re-sent only with the same client_order_id (never
//   without one), at most max_write_attempts times, on 429 / 5xx / transport errors. A 409
//   on create is resolved by reading the orders of the ticker and matching client_order_id:
//   found → accepted (already_existed), not found → unknown (or rejected when no earlier
//   attempt can have placed it and the 409 is not a duplicate-id conflict).
// - Rate limits on shard-scoped write buckets (exchange_index >= 1) are not modelled: all
//   writes pace on the one write bucket.
//
// Metrics: stats() counts every HTTP exchange per endpoint template (see rest_stats.hpp).
//
// Lifetimes: the Clock, HttpClient and Signer must outlive the client, and the client every
// call in flight. Threading: one io_context thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/expected.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/kalshi/rate_limiter.hpp"
#include "antevorta/kalshi/rest_stats.hpp"
#include "antevorta/kalshi/signer.hpp"
#include "antevorta/net/backoff.hpp"
#include "antevorta/net/http_client.hpp"

namespace antevorta::kalshi {

enum class RestErrorKind : std::uint8_t {
  transport,        // connect/TLS/read/write failure (HttpError)
  timeout,          // the request deadline passed
  http_status,      // another non-2xx status (400 on a read, 5xx after retries, …)
  rate_limited,     // 429 after retries
  auth,             // 401 / 403
  not_found,        // 404
  conflict,         // 409
  bad_response,     // a 2xx whose body does not parse as the expected model
  rejected,         // an order write the exchange refused
  unknown_outcome,  // an order write whose fate is unknown: reconcile
};
std::string_view to_string(RestErrorKind kind) noexcept;

struct RestError {
  RestErrorKind kind = RestErrorKind::transport;
  unsigned status = 0;  // HTTP status, 0 without one
  std::string code;     // the exchange's `code` (e.g. "invalid_order"), when sent
  std::string message;
  std::string details;
  // One line: `rejected status=400 code=invalid_order message="…" details="…"`.
  std::string describe() const;
};

template <class T>
using RestResult = Expected<T, RestError>;

// Error bodies: {"error":{"code","message","details"}}, {"code","message","details"} and
// {"error":"too many requests"}; anything else leaves code empty and keeps the body text
// (truncated) as the message.
RestError parse_rest_error(unsigned status, std::string_view body);
// The kind for a non-2xx status of a read (401/403 auth, 404, 409, 429, else http_status).
RestErrorKind kind_for_status(unsigned status) noexcept;

struct RestOptions {
  std::string base_path = "/trade-api/v2";  // the path of kalshi.rest_url
  int max_read_attempts = 4;                // sends per read, first included
  int max_write_attempts = 3;               // sends per order write, first included
  net::BackoffOptions backoff{.initial = std::chrono::milliseconds(200),
                              .max = std::chrono::seconds(5),
                              .multiplier = 2.0,
                              .jitter = 0.5};
  std::uint64_t backoff_seed = 0x6b616c736869;
  int max_pages = 10'000;      // all_*(): a guard against a server that never ends
  int resolve_max_pages = 20;  // 409 resolution: pages of orders to scan
};

// The options for a configured kalshi.rest_url: its path is the base path.
RestOptions rest_options_for(const net::Endpoint& rest_url, RestOptions defaults = {});

// ---- Queries (unset fields are not sent) --------------------------------------------------

enum class MarketStatusFilter : std::uint8_t { unopened, open, paused, closed, settled };
enum class MveFilter : std::uint8_t { only, exclude };

struct MarketQuery {
  std::optional<int> limit;  // 1..1000
  std::string cursor;
  std::optional<EventTicker> event_ticker;
  std::optional<SeriesTicker> series_ticker;
  std::vector<MarketTicker> tickers;  // comma-joined
  std::optional<MarketStatusFilter> status;
  std::optional<MveFilter> mve_filter;
  std::optional<std::int64_t> min_created_ts, max_created_ts;  // Unix seconds
  std::optional<std::int64_t> min_close_ts, max_close_ts;
  std::optional<std::int64_t> min_settled_ts, max_settled_ts;
  std::optional<std::int64_t> min_updated_ts;
};

struct EventQuery {
  std::optional<int> limit;  // 1..200
  std::string cursor;
  bool with_nested_markets = false;
  std::optional<MarketStatusFilter> status;  // not paused
  std::optional<SeriesTicker> series_ticker;
  std::vector<EventTicker> tickers;
  std::optional<std::int64_t> min_close_ts;
  std::optional<std::int64_t> min_updated_ts;
};

struct TradeQuery {
  std::optional<MarketTicker> ticker;
  std::optional<std::int64_t> min_ts, max_ts;
  std::optional<int> limit;
  std::string cursor;
  std::optional<bool> is_block_trade;
};

struct PositionQuery {
  std::optional<int> limit;
  std::string cursor;
  std::string count_filter;  // "position", "total_traded" or both comma-joined
  std::optional<MarketTicker> ticker;
  std::optional<EventTicker> event_ticker;
  std::optional<int> subaccount;
  std::optional<int> exchange_index;
};

struct OrderQuery {
  std::optional<MarketTicker> ticker;
  std::vector<EventTicker> event_tickers;  // at most 10
  std::optional<std::int64_t> min_ts, max_ts;
  std::optional<OrderStatus> status;  // resting | canceled | executed
  std::optional<int> limit;
  std::string cursor;
  std::optional<int> subaccount;
  std::optional<int> exchange_index;
};

struct FillQuery {
  std::optional<MarketTicker> ticker;
  std::optional<OrderId> order_id;
  std::optional<std::int64_t> min_ts, max_ts;
  std::optional<int> limit;
  std::string cursor;
  std::optional<int> subaccount;
  std::optional<int> exchange_index;
};

struct SettlementQuery {
  std::optional<int> limit;
  std::string cursor;
  std::optional<MarketTicker> ticker;
  std::optional<EventTicker> event_ticker;
  std::optional<std::int64_t> min_ts, max_ts;
  std::optional<int> subaccount;
};

// ---- Order writes (V2) --------------------------------------------------------------------

struct CreateOrderRequest {
  MarketTicker ticker;
  ClientOrderId client_order_id;  // strongly recommended: without one nothing is retried
  BookSide side = BookSide::bid;  // bid = buy YES, ask = sell YES (= buy NO at 1 − price)
  Count count;
  Price price;  // always the YES price, on the market's grid
  TimeInForce time_in_force = TimeInForce::good_till_canceled;
  SelfTradePrevention self_trade_prevention = SelfTradePrevention::taker_at_cross;
  bool post_only = false;
  bool reduce_only = false;
  bool cancel_order_on_pause = false;
  std::optional<Timestamp> expiration_time;  // sent as Unix seconds
  std::optional<int> exchange_index;
  std::optional<int> subaccount;
  std::optional<std::string> order_group_id;
};

struct AmendOrderRequest {
  OrderId order_id;
  MarketTicker ticker;
  BookSide side = BookSide::bid;
  Price price;  // the new YES price
  Count count;  // the new total: already filled + desired resting remainder
  std::optional<ClientOrderId> client_order_id;
  std::optional<ClientOrderId> updated_client_order_id;
  std::optional<int> exchange_index;
  std::optional<int> subaccount;
};

struct DecreaseOrderRequest {
  OrderId order_id;
  MarketTicker market_ticker;      // routes to the right shard
  std::optional<Count> reduce_by;  // exactly one of reduce_by / reduce_to
  std::optional<Count> reduce_to;
  std::optional<int> exchange_index;
  std::optional<int> subaccount;
};

struct CancelOrderRequest {
  OrderId order_id;
  MarketTicker market_ticker;  // always sent, so shard-2 orders are found
  std::optional<int> exchange_index;
  std::optional<int> subaccount;
};

enum class WriteOutcome : std::uint8_t { accepted, rejected, unknown };
std::string_view to_string(WriteOutcome outcome) noexcept;

template <class Ack>
struct WriteResult {
  WriteOutcome outcome = WriteOutcome::unknown;
  std::optional<Ack> ack;          // accepted
  std::optional<RestError> error;  // rejected / unknown: what happened last
  int attempts = 0;                // sends made
  bool already_existed = false;    // create: a 409 resolved to an order placed earlier
  std::optional<Order> order;      // create after a 409: the order found by reading

  bool accepted() const noexcept { return outcome == WriteOutcome::accepted; }
};

using OrderWriteResult = WriteResult<OrderAck>;
using CancelResult = WriteResult<CancelAck>;

// A batch: the HTTP call's outcome, and when it was answered, one result per item in the
// order the exchange listed them (items with an `error` are rejected).
template <class Ack>
struct BatchResult {
  WriteOutcome outcome = WriteOutcome::unknown;
  std::optional<RestError> error;
  std::vector<WriteResult<Ack>> items;
};

// ---- The client ---------------------------------------------------------------------------

class RestClient {
 public:
  // signer may be null: requests go unsigned (public market data only).
  RestClient(boost::asio::any_io_executor executor, Clock& clock, Logger logger,
             net::HttpClient& http, const Signer* signer, RestOptions options = {});
  RestClient(const RestClient&) = delete;
  RestClient& operator=(const RestClient&) = delete;

  // Pacing.
  void configure_limits(const AccountLimits& limits);
  // GET /account/limits, then configure_limits() with the answer.
  boost::asio::awaitable<RestResult<AccountLimits>> load_account_limits();
  // GET /account/endpoint_costs, then uses the table for pacing.
  boost::asio::awaitable<RestResult<EndpointCostsInfo>> load_endpoint_costs();
  RateLimiter& limiter() noexcept { return limiter_; }

  // Ingress: called with every HTTP answer (any status) as it arrives, stamped with its
  // receive time from the clock, before it is parsed (for the recorder). Not re-entrant:
  // the hook must not call the client.
  struct Call;
  struct Reply;
  using IngressHook = std::function<void(const Call&, const Reply&)>;
  void set_ingress_hook(IngressHook hook) { ingress_ = std::move(hook); }

  // Latency and answers of every HTTP exchange, per endpoint template.
  const RestStats& stats() const noexcept { return stats_; }

  bool auth_failed() const noexcept { return auth_failure_.has_value(); }
  const std::optional<RestError>& auth_failure() const noexcept { return auth_failure_; }

  // Market data.
  boost::asio::awaitable<RestResult<ExchangeStatus>> exchange_status();
  boost::asio::awaitable<RestResult<Page<Market>>> markets(MarketQuery query);
  // Every page from query.cursor to the end (empty cursor); a repeating cursor is an error.
  boost::asio::awaitable<RestResult<std::vector<Market>>> all_markets(MarketQuery query);
  boost::asio::awaitable<RestResult<Market>> market(MarketTicker ticker);
  // depth 0 = all levels.
  boost::asio::awaitable<RestResult<RestOrderbook>> orderbook(MarketTicker ticker, int depth = 0);
  // GET /markets/orderbooks, 100 tickers per call (more are split into several calls).
  boost::asio::awaitable<RestResult<std::vector<RestOrderbook>>> orderbooks(
      std::vector<MarketTicker> tickers);
  boost::asio::awaitable<RestResult<Page<Event>>> events(EventQuery query);
  boost::asio::awaitable<RestResult<Event>> event(EventTicker ticker, bool with_nested_markets);
  boost::asio::awaitable<RestResult<Series>> series(SeriesTicker ticker);
  boost::asio::awaitable<RestResult<Page<Trade>>> trades(TradeQuery query);

  // Account and portfolio (signed).
  boost::asio::awaitable<RestResult<AccountLimits>> account_limits();
  boost::asio::awaitable<RestResult<Balance>> balance(std::optional<int> exchange_index = {});
  boost::asio::awaitable<RestResult<PositionsPage>> positions(PositionQuery query);
  boost::asio::awaitable<RestResult<PositionsPage>> all_positions(PositionQuery query);
  boost::asio::awaitable<RestResult<Page<Order>>> orders(OrderQuery query);
  boost::asio::awaitable<RestResult<std::vector<Order>>> all_orders(OrderQuery query);
  boost::asio::awaitable<RestResult<Order>> order(OrderId order_id);
  boost::asio::awaitable<RestResult<Page<Fill>>> fills(FillQuery query);
  boost::asio::awaitable<RestResult<std::vector<Fill>>> all_fills(FillQuery query);
  boost::asio::awaitable<RestResult<Page<Settlement>>> settlements(SettlementQuery query);

  // Order writes (V2, signed, write bucket).
  boost::asio::awaitable<OrderWriteResult> create_order(CreateOrderRequest request);
  boost::asio::awaitable<CancelResult> cancel_order(CancelOrderRequest request);
  boost::asio::awaitable<OrderWriteResult> amend_order(AmendOrderRequest request);
  // A decrease by reduce_by is not idempotent: it is never re-sent after an unknown outcome.
  boost::asio::awaitable<OrderWriteResult> decrease_order(DecreaseOrderRequest request);
  // Rejected locally (no request) when the batch costs more than the write bucket holds.
  boost::asio::awaitable<BatchResult<OrderAck>> batch_create(
      std::vector<CreateOrderRequest> requests);
  boost::asio::awaitable<BatchResult<CancelAck>> batch_cancel(
      std::vector<CancelOrderRequest> requests);

  // The raw exchange of one request (also used by the typed calls). `path` is relative to
  // the base path ("/markets"), `query` without '?' ("limit=5&cursor=x").
  struct Call {
    std::string method = "GET";
    std::string path;
    std::string query;
    std::string body;
    BucketKind bucket = BucketKind::read;
    std::int64_t cost = 0;  // 0 = from the cost table
  };
  struct Reply {
    unsigned status = 0;
    std::string body;
    Timestamp received_at{};
  };
  // One send: pace, sign, send. A transport failure is an error value; any HTTP status is
  // a Reply. `maybe_delivered` is set when a failed request may have reached the exchange.
  boost::asio::awaitable<RestResult<Reply>> send_once(const Call& call, bool* maybe_delivered);
  // A read with the retry policy above; a 2xx Reply or the error.
  boost::asio::awaitable<RestResult<Reply>> read(const Call& call);

 private:
  template <class Ack, class Parse>
  boost::asio::awaitable<WriteResult<Ack>> write(const Call& call, bool retry_unknown, Parse parse);
  boost::asio::awaitable<OrderWriteResult> resolve_conflict(const CreateOrderRequest& request,
                                                            OrderWriteResult result,
                                                            bool maybe_placed);
  void note_auth(const RestError& error);
  void note_success();
  Duration retry_delay(net::Backoff& backoff, const Call& call, unsigned status);
  net::Backoff make_backoff();

  boost::asio::any_io_executor executor_;
  Clock& clock_;
  Logger logger_;
  net::HttpClient& http_;
  const Signer* signer_;
  RestOptions options_;
  RateLimiter limiter_;
  std::optional<RestError> auth_failure_;
  IngressHook ingress_;
  RestStats stats_;
  std::uint64_t backoff_counter_ = 0;
};

}  // namespace antevorta::kalshi
