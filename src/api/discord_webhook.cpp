#include "antevorta/api/discord_webhook.hpp"

#include <charconv>
#include <cmath>
#include <exception>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "antevorta/net/tls.hpp"
#include "antevorta/net/url.hpp"

namespace antevorta::api {

namespace {

namespace asio = boost::asio;

std::optional<Duration> from_seconds(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return std::nullopt;
  const double capped = std::min(seconds, std::chrono::duration<double>(kMaxRetryAfter).count());
  return Duration(static_cast<Duration::rep>(std::llround(capped * 1e9)));
}

std::optional<Duration> header_seconds(const net::HttpResponse& r, std::string_view name) {
  const std::string* value = r.header(name);
  if (value == nullptr) return std::nullopt;
  double seconds = 0;
  const char* end = value->data() + value->size();
  const auto [ptr, ec] = std::from_chars(value->data(), end, seconds);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return from_seconds(seconds);
}

asio::awaitable<WebhookResult> post(std::shared_ptr<net::HttpClient> client, std::string target,
                                    std::string body) {
  net::HttpRequest request;
  request.method = "POST";
  request.target = std::move(target);
  request.body = std::move(body);
  WebhookResult result;
  try {
    const net::HttpResponse response = co_await client->request(std::move(request));
    result.status = response.status;
    result.retry_after = webhook_retry_after(response);
  } catch (const net::HttpError& e) {
    result.error = std::string(net::to_string(e.kind()));  // never e.what(): it names the path
  } catch (...) {
    result.error = "exception";
  }
  co_return result;
}

}  // namespace

std::optional<Duration> webhook_retry_after(const net::HttpResponse& response) {
  if (response.status == 429) {
    const auto body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object()) {
      const auto it = body.find("retry_after");
      if (it != body.end() && it->is_number()) return from_seconds(it->get<double>());
    }
    if (auto d = header_seconds(response, "Retry-After")) return d;
    return header_seconds(response, "X-RateLimit-Reset-After");
  }
  if (response.status >= 200 && response.status < 300) {
    const std::string* remaining = response.header("X-RateLimit-Remaining");
    if (remaining != nullptr && *remaining == "0") {
      return header_seconds(response, "X-RateLimit-Reset-After");
    }
  }
  return std::nullopt;
}

Expected<WebhookPoster, std::string> make_webhook_poster(asio::any_io_executor executor,
                                                         Clock& clock, Logger logger,
                                                         const Secret& url, WebhookOptions options,
                                                         std::shared_ptr<asio::ssl::context> tls) {
  const std::string& text = url.reveal();
  if (text.empty()) return unexpected(std::string("the webhook URL is empty"));
  if (text.find('#') != std::string::npos) {
    return unexpected(std::string("the webhook URL must not have a fragment"));
  }
  const auto question = text.find('?');
  const std::string_view base = std::string_view(text).substr(0, question);
  auto endpoint = net::parse_endpoint(base);
  if (!endpoint) return unexpected("the webhook URL is not usable: " + endpoint.error());
  if (endpoint->scheme == "http") {
    if (!net::is_loopback_host(endpoint->host)) {
      return unexpected(
          std::string("the webhook URL must use https:// (http:// only for a loopback host)"));
    }
  } else if (endpoint->scheme != "https") {
    return unexpected(std::string("the webhook URL must use https://"));
  }
  std::string target = endpoint->path;
  if (question != std::string::npos) target += text.substr(question);
  if (endpoint->tls() && !tls) {
    try {
      tls = net::make_client_tls_context();
    } catch (const std::exception& e) {
      return unexpected(std::string("cannot set up TLS for the webhook: ") + e.what());
    }
  }
  net::HttpClientOptions http;
  http.connect_timeout = options.connect_timeout;
  http.request_timeout = options.request_timeout;
  http.max_body = 64 * 1024;
  http.max_idle_connections = 1;
  auto client = std::make_shared<net::HttpClient>(std::move(executor), clock, std::move(logger),
                                                  *endpoint, http, std::move(tls));
  return WebhookPoster([client = std::move(client), target = std::move(target)](std::string body) {
    return post(client, target, std::move(body));
  });
}

}  // namespace antevorta::api
