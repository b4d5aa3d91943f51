// The REST client's V2 order writes: create, cancel, amend, decrease, batches, and the
// resolution of a 409 on create.
#include <algorithm>
#include <cctype>

#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "antevorta/kalshi/rest_client.hpp"

#include "kalshi/rest_internal.hpp"

// GCC 12 reports -Wmismatched-new-delete for Asio's coroutine frames once the write()
// template is inlined into them (awaitable_frame_base has a matching class-specific
// operator new/delete pair; a known false positive of the warning with coroutines).
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace antevorta::kalshi {

namespace asio = boost::asio;
using detail::QueryBuilder;
using detail::url_encode;
using nlohmann::json;

namespace {

constexpr std::string_view kOrdersPath = "/portfolio/events/orders";

RestClient::Call write_call(std::string method, std::string path, std::string query,
                            std::string body) {
  RestClient::Call c;
  c.method = std::move(method);
  c.path = std::move(path);
  c.query = std::move(query);
  c.body = std::move(body);
  c.bucket = BucketKind::write;
  return c;
}

json order_body(const CreateOrderRequest& r) {
  json j;
  j["ticker"] = r.ticker.str();
  if (!r.client_order_id.empty()) j["client_order_id"] = r.client_order_id.str();
  j["side"] = std::string(to_string(r.side));
  j["count"] = r.count.to_string();
  j["price"] = r.price.to_string();
  j["time_in_force"] = std::string(to_string(r.time_in_force));
  j["self_trade_prevention_type"] = std::string(to_string(r.self_trade_prevention));
  j["post_only"] = r.post_only;
  j["reduce_only"] = r.reduce_only;
  j["cancel_order_on_pause"] = r.cancel_order_on_pause;
  if (r.expiration_time) {
    j["expiration_time"] =
        std::chrono::duration_cast<std::chrono::seconds>(r.expiration_time->time_since_epoch())
            .count();
  }
  if (r.exchange_index) j["exchange_index"] = *r.exchange_index;
  if (r.subaccount) j["subaccount"] = *r.subaccount;
  if (r.order_group_id) j["order_group_id"] = *r.order_group_id;
  return j;
}

json cancel_item(const CancelOrderRequest& r) {
  json j;
  j["order_id"] = r.order_id.str();
  if (!r.market_ticker.empty()) j["market_ticker"] = r.market_ticker.str();
  if (r.exchange_index) j["exchange_index"] = *r.exchange_index;
  if (r.subaccount) j["subaccount"] = *r.subaccount;
  return j;
}

bool has_order_id(const json& j) {
  const auto it = j.find("order_id");
  return it != j.end() && it->is_string() && !it->get_ref<const std::string&>().empty();
}

RestError local_rejection(std::string message) {
  return RestError{RestErrorKind::rejected, 0, {}, std::move(message), {}};
}

// The error of an outcome that is not known: the cause stays in the message.
RestError as_unknown(RestError e) {
  if (e.kind != RestErrorKind::unknown_outcome) {
    e.message = fmt::format("{}: {}", to_string(e.kind), e.message);
    e.kind = RestErrorKind::unknown_outcome;
  }
  return e;
}

bool looks_duplicate(const RestError& e) {
  std::string all = e.code + " " + e.message + " " + e.details;
  std::transform(all.begin(), all.end(), all.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return all.find("exist") != std::string::npos || all.find("duplicate") != std::string::npos;
}

// One batch item: an `error` object → rejected, else the ack (no order id → rejected).
template <class Ack, class Parse>
WriteResult<Ack> batch_item(const json& item, Parse parse) {
  WriteResult<Ack> r;
  r.attempts = 1;
  const auto err = item.is_object() ? item.find("error") : item.end();
  if (item.is_object() && err != item.end() && !err->is_null()) {
    RestError e = parse_rest_error(0, json{{"error", *err}}.dump());
    e.kind = RestErrorKind::rejected;
    r.outcome = WriteOutcome::rejected;
    r.error = std::move(e);
    return r;
  }
  if (!item.is_object() || !has_order_id(item)) {
    r.outcome = WriteOutcome::rejected;
    r.error = local_rejection("batch item without order_id: " + item.dump());
    return r;
  }
  auto ack = parse(item);
  if (!ack) {
    r.outcome = WriteOutcome::unknown;
    r.error = RestError{RestErrorKind::unknown_outcome, 0, {}, "bad_response: " + ack.error(), {}};
    return r;
  }
  r.outcome = WriteOutcome::accepted;
  r.ack = std::move(*ack);
  return r;
}

template <class Ack, class Parse>
ModelResult<std::vector<WriteResult<Ack>>> parse_batch(const json& j, Parse parse) {
  const auto orders = j.is_object() ? j.find("orders") : j.end();
  if (!j.is_object() || orders == j.end() || !orders->is_array()) {
    return unexpected(std::string("orders: missing or not an array"));
  }
  std::vector<WriteResult<Ack>> items;
  for (const auto& item : *orders) items.push_back(batch_item<Ack>(item, parse));
  return items;
}

}  // namespace

template <class Ack, class Parse>
asio::awaitable<WriteResult<Ack>> RestClient::write(const Call& call, bool retry_unknown,
                                                    Parse parse) {
  WriteResult<Ack> result;
  auto backoff = make_backoff();
  bool maybe_applied = false;
  for (int attempt = 1;; ++attempt) {
    result.attempts = attempt;
    bool delivered = false;
    auto r = co_await send_once(call, &delivered);
    RestError err;
    bool retry = false;
    unsigned status = 0;
    if (!r) {
      err = r.error();
      if (delivered || err.kind == RestErrorKind::timeout) {
        maybe_applied = true;
        retry = retry_unknown;
      } else {
        retry = true;  // never reached the exchange
      }
    } else if (r->status >= 200 && r->status < 300) {
      note_success();
      const auto j = json::parse(r->body, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) {
        result.outcome = WriteOutcome::unknown;
        result.error = RestError{
            RestErrorKind::unknown_outcome, r->status, {}, "bad_response: body is not JSON", {}};
        co_return result;
      }
      auto ack = parse(j);
      if (!ack) {
        // A 2xx without an order is a soft rejection; one with an order we cannot read is not.
        const bool placed = !j.is_object() || has_order_id(j) || j.contains("orders");
        result.outcome = placed ? WriteOutcome::unknown : WriteOutcome::rejected;
        result.error = RestError{placed ? RestErrorKind::unknown_outcome : RestErrorKind::rejected,
                                 r->status,
                                 {},
                                 "bad_response: " + ack.error(),
                                 {}};
        co_return result;
      }
      result.outcome = WriteOutcome::accepted;
      result.ack = std::move(*ack);
      result.error.reset();
      co_return result;
    } else {
      status = r->status;
      err = parse_rest_error(status, r->body);
      if (status == 429) {
        limiter_.drain(call.bucket);
        retry = true;  // refused before processing
      } else if (status >= 500) {
        maybe_applied = true;
        retry = retry_unknown;
      } else {
        if (err.kind == RestErrorKind::auth) note_auth(err);
        if (err.kind == RestErrorKind::http_status) err.kind = RestErrorKind::rejected;
        result.outcome = maybe_applied ? WriteOutcome::unknown : WriteOutcome::rejected;
        result.error = maybe_applied ? as_unknown(std::move(err)) : std::move(err);
        co_return result;
      }
    }
    result.error = err;
    if (!retry || attempt >= options_.max_write_attempts) break;
    const Duration delay = retry_delay(backoff, call, status);
    logger_->warn("rest_write_retry method={} path={} attempt={} delay_ms={} error={}", call.method,
                  log_value(call.path), attempt,
                  std::chrono::duration_cast<std::chrono::milliseconds>(delay).count(),
                  err.describe());
    co_await async_sleep(clock_, delay, asio::use_awaitable);
  }
  result.outcome = maybe_applied ? WriteOutcome::unknown : WriteOutcome::rejected;
  if (maybe_applied && result.error) result.error = as_unknown(std::move(*result.error));
  logger_->warn("rest_write_failed method={} path={} attempts={} outcome={} error={}", call.method,
                log_value(call.path), result.attempts, to_string(result.outcome),
                result.error ? result.error->describe() : std::string("none"));
  co_return result;
}

asio::awaitable<OrderWriteResult> RestClient::create_order(CreateOrderRequest request) {
  auto call = write_call("POST", std::string(kOrdersPath), {}, order_body(request).dump());
  // Re-sending is safe only when the exchange can deduplicate by client_order_id.
  const bool retry_unknown = !request.client_order_id.empty();
  auto result = co_await write<OrderAck>(call, retry_unknown, parse_order_ack);
  if (!result.accepted() && result.error && result.error->status == 409 && retry_unknown) {
    const bool maybe_placed = result.outcome == WriteOutcome::unknown;
    result = co_await resolve_conflict(request, std::move(result), maybe_placed);
  }
  logger_->info("rest_create_order ticker={} client_order_id={} outcome={} attempts={}{}",
                log_value(request.ticker.str()), log_value(request.client_order_id.str()),
                to_string(result.outcome), result.attempts,
                result.error ? " error=" + result.error->describe() : std::string());
  co_return result;
}

asio::awaitable<OrderWriteResult> RestClient::resolve_conflict(const CreateOrderRequest& request,
                                                               OrderWriteResult result,
                                                               bool maybe_placed) {
  // GET /portfolio/orders has no client_order_id filter: scan the ticker's orders.
  const RestError conflict = *result.error;
  OrderQuery q;
  q.ticker = request.ticker;
  q.limit = 200;
  bool read_failed = false;
  for (int page = 0; page < options_.resolve_max_pages; ++page) {
    auto orders_page = co_await orders(q);
    if (!orders_page) {
      read_failed = true;
      break;
    }
    for (auto& o : orders_page->items) {
      if (o.client_order_id == request.client_order_id) {
        OrderAck ack;
        ack.order_id = o.order_id;
        ack.client_order_id = o.client_order_id;
        ack.fill_count = o.fill_count;
        ack.remaining_count = o.remaining_count;
        result.outcome = WriteOutcome::accepted;
        result.ack = std::move(ack);
        result.already_existed = true;
        result.order = std::move(o);
        result.error.reset();
        co_return result;
      }
    }
    if (orders_page->cursor.empty() || orders_page->cursor == q.cursor) break;
    q.cursor = std::move(orders_page->cursor);
  }
  if (read_failed || maybe_placed || looks_duplicate(conflict)) {
    result.outcome = WriteOutcome::unknown;
    RestError e = conflict;
    e.message += read_failed ? " (409 not resolved: reading orders failed)"
                             : " (409 not resolved: no order with this client_order_id)";
    result.error = as_unknown(std::move(e));
  } else {
    result.outcome = WriteOutcome::rejected;  // e.g. the market closed
  }
  co_return result;
}

asio::awaitable<CancelResult> RestClient::cancel_order(CancelOrderRequest request) {
  QueryBuilder b;
  b.opt("market_ticker", request.market_ticker.str());
  b.opt("exchange_index", request.exchange_index).opt("subaccount", request.subaccount);
  auto call = write_call(
      "DELETE", std::string(kOrdersPath) + "/" + url_encode(request.order_id.str()), b.str(), {});
  auto result = co_await write<CancelAck>(call, /*retry_unknown=*/true, parse_cancel_ack);
  logger_->info("rest_cancel_order order_id={} ticker={} outcome={}",
                log_value(request.order_id.str()), log_value(request.market_ticker.str()),
                to_string(result.outcome));
  co_return result;
}

asio::awaitable<OrderWriteResult> RestClient::amend_order(AmendOrderRequest request) {
  json j;
  j["ticker"] = request.ticker.str();
  j["side"] = std::string(to_string(request.side));
  j["price"] = request.price.to_string();
  j["count"] = request.count.to_string();
  if (request.client_order_id) j["client_order_id"] = request.client_order_id->str();
  if (request.updated_client_order_id) {
    j["updated_client_order_id"] = request.updated_client_order_id->str();
  }
  if (request.exchange_index) j["exchange_index"] = *request.exchange_index;
  QueryBuilder b;
  b.opt("subaccount", request.subaccount);
  auto call = write_call(
      "POST", std::string(kOrdersPath) + "/" + url_encode(request.order_id.str()) + "/amend",
      b.str(), j.dump());
  // Price and total count are absolute: sending the same amend twice changes nothing more.
  co_return co_await write<OrderAck>(call, /*retry_unknown=*/true, parse_order_ack);
}

asio::awaitable<OrderWriteResult> RestClient::decrease_order(DecreaseOrderRequest request) {
  if (request.reduce_by.has_value() == request.reduce_to.has_value()) {
    OrderWriteResult r;
    r.outcome = WriteOutcome::rejected;
    r.error = local_rejection("decrease needs exactly one of reduce_by and reduce_to");
    co_return r;
  }
  json j;
  if (request.reduce_by) j["reduce_by"] = request.reduce_by->to_string();
  if (request.reduce_to) j["reduce_to"] = request.reduce_to->to_string();
  if (!request.market_ticker.empty()) j["market_ticker"] = request.market_ticker.str();
  if (request.exchange_index) j["exchange_index"] = *request.exchange_index;
  QueryBuilder b;
  b.opt("subaccount", request.subaccount);
  auto call = write_call(
      "POST", std::string(kOrdersPath) + "/" + url_encode(request.order_id.str()) + "/decrease",
      b.str(), j.dump());
  co_return co_await write<OrderAck>(call, /*retry_unknown=*/request.reduce_to.has_value(),
                                     parse_order_ack);
}

asio::awaitable<BatchResult<OrderAck>> RestClient::batch_create(
    std::vector<CreateOrderRequest> requests) {
  BatchResult<OrderAck> out;
  const auto cost = limiter_.costs().batch_create_cost(requests.size());
  if (requests.empty() || cost > limiter_.bucket(BucketKind::write).capacity()) {
    out.outcome = WriteOutcome::rejected;
    out.error = local_rejection(
        fmt::format("batch of {} orders costs {} tokens; the write bucket holds {}",
                    requests.size(), cost, limiter_.bucket(BucketKind::write).capacity()));
    co_return out;
  }
  json j;
  j["orders"] = json::array();
  bool all_have_ids = true;
  for (const auto& r : requests) {
    j["orders"].push_back(order_body(r));
    all_have_ids = all_have_ids && !r.client_order_id.empty();
  }
  auto call = write_call("POST", std::string(kOrdersPath) + "/batched", {}, j.dump());
  call.cost = cost;
  auto r = co_await write<std::vector<OrderWriteResult>>(call, all_have_ids, [](const json& body) {
    return parse_batch<OrderAck>(body, parse_order_ack);
  });
  out.outcome = r.outcome;
  out.error = std::move(r.error);
  if (r.ack) out.items = std::move(*r.ack);
  co_return out;
}

asio::awaitable<BatchResult<CancelAck>> RestClient::batch_cancel(
    std::vector<CancelOrderRequest> requests) {
  BatchResult<CancelAck> out;
  const auto cost = limiter_.costs().batch_cancel_cost(requests.size());
  if (requests.empty() || cost > limiter_.bucket(BucketKind::write).capacity()) {
    out.outcome = WriteOutcome::rejected;
    out.error = local_rejection(
        fmt::format("batch of {} cancels costs {} tokens; the write bucket holds {}",
                    requests.size(), cost, limiter_.bucket(BucketKind::write).capacity()));
    co_return out;
  }
  json j;
  j["orders"] = json::array();
  for (const auto& r : requests) j["orders"].push_back(cancel_item(r));
  auto call = write_call("DELETE", std::string(kOrdersPath) + "/batched", {}, j.dump());
  call.cost = cost;
  auto r = co_await write<std::vector<CancelResult>>(
      call, /*retry_unknown=*/true,
      [](const json& body) { return parse_batch<CancelAck>(body, parse_cancel_ack); });
  out.outcome = r.outcome;
  out.error = std::move(r.error);
  if (r.ack) out.items = std::move(*r.ack);
  co_return out;
}

}  // namespace antevorta::kalshi
