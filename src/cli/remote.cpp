// `antevorta status`, `antevorta kill`, `antevorta flatten`: scripts talk to the running
// daemon's operator API (http.listen of the same configuration, or --url). The token is
// --token, else http.token, else the api_token file next to the database — the same
// places the daemon reads. Prints the API's JSON answer on stdout; exit 0 on a 2xx, 1
// with the API's message (or the connection error) on stderr otherwise.
#include <chrono>
#include <cstdio>
#include <iostream>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "antevorta/api/auth.hpp"
#include "antevorta/core/clock.hpp"
#include "antevorta/net/http_client.hpp"
#include "antevorta/net/url.hpp"

#include "cli/cli.hpp"

namespace antevorta::cli {

namespace {

namespace asio = boost::asio;

struct Target {
  net::Endpoint endpoint;
  Secret token;
};

std::optional<Target> resolve_target(const CommonOptions& common, const RemoteArgs& args,
                                     bool need_token) {
  Target t;
  std::string url = args.url;
  std::optional<config::AppConfig> cfg;
  if (url.empty() || (need_token && args.token.empty())) {
    cfg = load_config_or_report(common);
    if (!cfg) return std::nullopt;
  }
  if (url.empty()) {
    // A daemon listening on every interface is reached on loopback.
    std::string host = cfg->http.host;
    if (host == "0.0.0.0" || host.empty()) host = "127.0.0.1";
    if (host == "::") host = "::1";
    url = net::Endpoint{"http", host, cfg->http.port, "/"}.origin();
  }
  auto endpoint = net::parse_endpoint(url);
  if (!endpoint) {
    report_failure(fmt::format("--url: {}", endpoint.error()));
    return std::nullopt;
  }
  if (endpoint->tls()) {
    report_failure("--url: the operator API is plain HTTP (put TLS in front of it yourself)");
    return std::nullopt;
  }
  t.endpoint = *endpoint;
  if (!args.token.empty()) {
    t.token = Secret(args.token);
  } else if (need_token) {
    if (!cfg->http.token.empty()) {
      t.token = cfg->http.token;
    } else {
      const auto file = cfg->database.path.parent_path() / api::kTokenFileName;
      auto token = api::read_token_file(file);
      if (!token) {
        report_failure(
            fmt::format("no API token ({}): set http.token or pass --token", token.error()));
        return std::nullopt;
      }
      t.token = token->token;
    }
  }
  return t;
}

int call(const Target& target, const std::string& method, const std::string& path,
         const std::string& body) {
  asio::io_context io(1);
  LiveClock clock(io.get_executor());
  net::HttpClientOptions options;
  options.connect_timeout = std::chrono::seconds(5);
  options.request_timeout = std::chrono::seconds(15);
  net::HttpClient http(io.get_executor(), clock, null_logger("remote"), target.endpoint, options);
  net::HttpRequest request;
  request.method = method;
  request.target = path;
  request.body = body;
  if (!target.token.empty()) {
    request.headers.emplace_back("Authorization", "Bearer " + target.token.reveal());
  }
  auto future = asio::co_spawn(io, http.request(std::move(request)), asio::use_future);
  io.run();
  net::HttpResponse response;
  try {
    response = future.get();
  } catch (const std::exception& e) {
    report_failure(
        fmt::format("cannot reach the daemon at {}: {}", target.endpoint.origin(), e.what()));
    return kExitFailure;
  }
  const auto j = nlohmann::json::parse(response.body, nullptr, false);
  if (response.status / 100 != 2) {
    std::string message = response.body;
    if (!j.is_discarded() && j.is_object() && j.contains("message") && j["message"].is_string()) {
      message = j["message"].get<std::string>();
    }
    report_failure(fmt::format("the daemon answered {}: {}", response.status, message));
    return kExitFailure;
  }
  std::cout << (j.is_discarded() ? response.body : j.dump(2)) << '\n';
  return kExitOk;
}

}  // namespace

int remote_status(const CommonOptions& common, const RemoteArgs& args) {
  auto target = resolve_target(common, args, false);
  if (!target) return kExitFailure;
  return call(*target, "GET", "/api/status", "");
}

int remote_kill(const CommonOptions& common, const RemoteArgs& args, const KillArgs& kill) {
  if (!kill.release && kill.reason.empty()) {
    report_failure("kill needs --reason (it is kept with the kill switch and logged)");
    return kExitUsage;
  }
  auto target = resolve_target(common, args, true);
  if (!target) return kExitFailure;
  const nlohmann::json body{{"engaged", !kill.release}, {"reason", kill.reason}};
  return call(*target, "POST", "/api/kill-switch", body.dump());
}

int remote_flatten(const CommonOptions& common, const RemoteArgs& args) {
  auto target = resolve_target(common, args, true);
  if (!target) return kExitFailure;
  return call(*target, "POST", "/api/flatten", "{}");
}

}  // namespace antevorta::cli
