// The REST client's core: error bodies, one send (pace, sign, send), the read retry loop.
#include "antevorta/kalshi/rest_client.hpp"

#include <algorithm>

#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "kalshi/rest_internal.hpp"

namespace antevorta::kalshi {

namespace asio = boost::asio;
using nlohmann::json;

std::string_view to_string(RestErrorKind kind) noexcept {
  switch (kind) {
    case RestErrorKind::transport:
      return "transport";
    case RestErrorKind::timeout:
      return "timeout";
    case RestErrorKind::http_status:
      return "http_status";
    case RestErrorKind::rate_limited:
      return "rate_limited";
    case RestErrorKind::auth:
      return "auth";
    case RestErrorKind::not_found:
      return "not_found";
    case RestErrorKind::conflict:
      return "conflict";
    case RestErrorKind::bad_response:
      return "bad_response";
    case RestErrorKind::rejected:
      return "rejected";
    case RestErrorKind::unknown_outcome:
      return "unknown_outcome";
  }
  return "unknown";
}

std::string_view to_string(WriteOutcome outcome) noexcept {
  switch (outcome) {
    case WriteOutcome::accepted:
      return "accepted";
    case WriteOutcome::rejected:
      return "rejected";
    case WriteOutcome::unknown:
      break;
  }
  return "unknown";
}

std::string RestError::describe() const {
  std::string out(to_string(kind));
  if (status != 0) out += fmt::format(" status={}", status);
  if (!code.empty()) out += " code=" + log_value(code, 128);
  if (!message.empty()) out += " message=" + log_value(message, 512);
  if (!details.empty()) out += " details=" + log_value(details, 512);
  return out;
}

RestErrorKind kind_for_status(unsigned status) noexcept {
  switch (status) {
    case 401:
    case 403:
      return RestErrorKind::auth;
    case 404:
      return RestErrorKind::not_found;
    case 409:
      return RestErrorKind::conflict;
    case 429:
      return RestErrorKind::rate_limited;
    default:
      return RestErrorKind::http_status;
  }
}

namespace {

std::string text_of(const json& j, const char* key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

void fill_from_object(RestError& e, const json& o) {
  e.code = text_of(o, "code");
  e.message = text_of(o, "message");
  e.details = text_of(o, "details");
}

}  // namespace

RestError parse_rest_error(unsigned status, std::string_view body) {
  RestError e;
  e.kind = kind_for_status(status);
  e.status = status;
  const auto j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_object()) {
    const auto err = j.find("error");
    if (err != j.end() && err->is_object()) {
      fill_from_object(e, *err);
      return e;
    }
    if (err != j.end() && err->is_string()) {  // {"error":"too many requests"}
      e.message = err->get<std::string>();
      return e;
    }
    if (j.contains("code") || j.contains("message")) {
      fill_from_object(e, j);
      return e;
    }
  }
  e.message = std::string(body.substr(0, 512));
  return e;
}

namespace detail {

std::string url_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

QueryBuilder& QueryBuilder::add(std::string_view key, std::string_view value) {
  if (!q_.empty()) q_ += '&';
  q_ += url_encode(key);
  q_ += '=';
  q_ += url_encode(value);
  return *this;
}

QueryBuilder& QueryBuilder::opt(std::string_view key, std::string_view value) {
  if (!value.empty()) add(key, value);
  return *this;
}

std::string_view to_query(MarketStatusFilter s) noexcept {
  switch (s) {
    case MarketStatusFilter::unopened:
      return "unopened";
    case MarketStatusFilter::open:
      return "open";
    case MarketStatusFilter::paused:
      return "paused";
    case MarketStatusFilter::closed:
      return "closed";
    case MarketStatusFilter::settled:
      return "settled";
  }
  return "open";
}

std::string_view to_query(MveFilter f) noexcept {
  return f == MveFilter::only ? "only" : "exclude";
}

}  // namespace detail

RestOptions rest_options_for(const net::Endpoint& rest_url, RestOptions defaults) {
  defaults.base_path = rest_url.path == "/" ? std::string() : rest_url.path;
  return defaults;
}

RestClient::RestClient(asio::any_io_executor executor, Clock& clock, Logger logger,
                       net::HttpClient& http, const Signer* signer, RestOptions options)
    : executor_(std::move(executor)),
      clock_(clock),
      logger_(std::move(logger)),
      http_(http),
      signer_(signer),
      options_(std::move(options)),
      limiter_(clock) {
  while (options_.base_path.size() > 1 && options_.base_path.back() == '/') {
    options_.base_path.pop_back();
  }
  if (options_.base_path == "/") options_.base_path.clear();
  options_.max_read_attempts = std::max(1, options_.max_read_attempts);
  options_.max_write_attempts = std::max(1, options_.max_write_attempts);
  options_.backoff.max_attempts = 0;  // the attempt limits above decide
}

void RestClient::configure_limits(const AccountLimits& limits) {
  limiter_.configure(limits);
  logger_->info(
      "rest_limits_configured tier={} read_rate={} read_capacity={} write_rate={} "
      "write_capacity={}",
      log_value(limits.usage_tier), limits.read.refill_rate, limits.read.bucket_capacity,
      limits.write.refill_rate, limits.write.bucket_capacity);
}

net::Backoff RestClient::make_backoff() {
  return net::Backoff(options_.backoff, options_.backoff_seed + backoff_counter_++);
}

Duration RestClient::retry_delay(net::Backoff& backoff, const Call& call, unsigned status) {
  Duration d = backoff.next_delay().value_or(options_.backoff.max);
  if (status == 429) {
    // No Retry-After from Kalshi: at least the time our bucket needs to cover the request.
    const auto cost = call.cost > 0 ? call.cost : limiter_.costs().cost(call.method, call.path);
    d = std::max(d, limiter_.bucket(call.bucket).wait_time(cost, clock_.now()));
  }
  return d;
}

void RestClient::note_auth(const RestError& error) {
  if (!auth_failure_) {
    logger_->error("rest_auth_failed {}", error.describe());
  }
  auth_failure_ = error;
}

void RestClient::note_success() {
  if (signer_ != nullptr && auth_failure_) {
    logger_->info("rest_auth_recovered");
    auth_failure_.reset();
  }
}

asio::awaitable<RestResult<RestClient::Reply>> RestClient::send_once(const Call& call,
                                                                     bool* maybe_delivered) {
  if (maybe_delivered != nullptr) *maybe_delivered = false;
  const auto cost = call.cost > 0 ? call.cost : limiter_.costs().cost(call.method, call.path);
  co_await limiter_.acquire(call.bucket, cost);

  net::HttpRequest req;
  req.method = call.method;
  req.target = options_.base_path + call.path;
  if (!call.query.empty()) req.target += "?" + call.query;
  req.body = call.body;
  if (signer_ != nullptr) {
    // Signed immediately before sending: the timestamp must be fresh.
    const auto auth = signer_->sign(req.method, req.target, clock_.now());
    for (const auto& [name, value] : auth.fields()) {
      req.headers.emplace_back(std::string(name), std::string(value));
    }
  }
  RestError failure;
  const Timestamp started = clock_.now();
  try {
    auto res = co_await http_.request(std::move(req));
    stats_.record_response(call.method, call.path, clock_.now() - started, res.status);
    Reply reply{res.status, std::move(res.body), res.received_at};
    if (ingress_) ingress_(call, reply);
    co_return reply;
  } catch (const net::HttpError& e) {
    if (maybe_delivered != nullptr) *maybe_delivered = e.maybe_delivered();
    const bool timeout = e.kind() == net::HttpErrorKind::timeout;
    stats_.record_failure(call.method, call.path, clock_.now() - started, timeout);
    failure.kind = timeout ? RestErrorKind::timeout : RestErrorKind::transport;
    failure.message = e.what();
  }
  co_return unexpected(std::move(failure));
}

asio::awaitable<RestResult<RestClient::Reply>> RestClient::read(const Call& call) {
  auto backoff = make_backoff();
  RestError last;
  for (int attempt = 1;; ++attempt) {
    auto r = co_await send_once(call, nullptr);
    unsigned status = 0;
    if (r) {
      status = r->status;
      if (status >= 200 && status < 300) {
        note_success();
        co_return std::move(*r);
      }
      last = parse_rest_error(status, r->body);
      if (last.kind == RestErrorKind::auth) {
        note_auth(last);
        co_return unexpected(std::move(last));
      }
      if (status == 429) limiter_.drain(call.bucket);
      if (status != 429 && status < 500) co_return unexpected(std::move(last));
    } else {
      last = r.error();
    }
    if (attempt >= options_.max_read_attempts) break;
    const Duration delay = retry_delay(backoff, call, status);
    logger_->warn("rest_retry method={} path={} attempt={} delay_ms={} error={}", call.method,
                  log_value(call.path), attempt,
                  std::chrono::duration_cast<std::chrono::milliseconds>(delay).count(),
                  last.describe());
    co_await async_sleep(clock_, delay, asio::use_awaitable);
  }
  logger_->warn("rest_read_failed method={} path={} attempts={} error={}", call.method,
                log_value(call.path), options_.max_read_attempts, last.describe());
  co_return unexpected(std::move(last));
}

}  // namespace antevorta::kalshi
