// Posting to a Discord webhook: one POST of a JSON body, the answer reduced to what the
// notifier needs to decide (delivered, retry, give up, how long to wait).
//
// The webhook URL is a secret (it carries the webhook's token in its path): it is held in a
// Secret, and no error, log line or result produced here contains it or its path. The HTTP
// client only ever logs the endpoint's origin (scheme://host:port), and an HttpError's text
// (which names the request target) is never passed on: only its kind.
//
// Rate limits: a 429 carries `retry_after` (seconds, a JSON number in the body) or a
// Retry-After header; a 2xx with X-RateLimit-Remaining: 0 carries X-RateLimit-Reset-After.
// Either becomes WebhookResult::retry_after (capped at kMaxRetryAfter).
//
// Errors: make_webhook_poster returns an error message (without the URL) for a URL it
// cannot use; the poster never throws for network failures (status 0 + error kind).
// Threading: the io_context thread only; one request at a time per poster is expected.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/expected.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/core/secret.hpp"
#include "antevorta/net/http_client.hpp"

namespace antevorta::api {

inline constexpr Duration kMaxRetryAfter = std::chrono::minutes(15);

struct WebhookResult {
  unsigned status = 0;                  // HTTP status; 0 when no answer came
  std::optional<Duration> retry_after;  // do not post again before this long
  std::string error;                    // the failure kind when status is 0 ("connect", …)

  bool delivered() const noexcept { return status >= 200 && status < 300; }
};

// Posts one JSON body to the webhook.
using WebhookPoster = std::function<boost::asio::awaitable<WebhookResult>(std::string body)>;

// The wait a response asks for (see above); nullopt when it asks for none.
std::optional<Duration> webhook_retry_after(const net::HttpResponse& response);

struct WebhookOptions {
  Duration connect_timeout = std::chrono::seconds(5);
  Duration request_timeout = std::chrono::seconds(10);
};

// A poster for `url`: https:// (the peer is verified: `tls`, or the system trust store when
// null), or http:// for a loopback host (tests). The query, if any (e.g. ?thread_id=…), is
// kept.
Expected<WebhookPoster, std::string> make_webhook_poster(
    boost::asio::any_io_executor executor, Clock& clock, Logger logger, const Secret& url,
    WebhookOptions options = {}, std::shared_ptr<boost::asio::ssl::context> tls = nullptr);

}  // namespace antevorta::api
