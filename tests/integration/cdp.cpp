#include "cdp.hpp"

#include <array>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace antevorta::test {

namespace fs = std::filesystem;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using json = nlohmann::json;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool exited(pid_t pid, std::chrono::milliseconds within) {
  const auto deadline = SteadyClock::now() + within;
  while (true) {
    if (::waitpid(pid, nullptr, WNOHANG) == pid) return true;
    if (SteadyClock::now() >= deadline) return false;
    std::this_thread::sleep_for(20ms);
  }
}

// Starts `op(handler)` and runs `io` until the handler ran or the deadline passed; on the
// deadline the socket's operations are cancelled and std::runtime_error names `what`.
template <class Start>
void run_step(asio::io_context& io, beast::tcp_stream& socket, SteadyClock::time_point deadline,
              const std::string& what, Start start) {
  bool done = false;
  beast::error_code ec;
  start([&](beast::error_code e, auto&&...) {
    ec = e;
    done = true;
  });
  io.restart();
  io.run_until(deadline);
  if (!done) {
    socket.socket().cancel();
    io.restart();
    io.run();
    throw std::runtime_error(what + ": timed out");
  }
  if (ec) throw std::runtime_error(what + ": " + ec.message());
}

std::string base64_decode(std::string_view in) {
  std::array<int, 256> value{};
  value.fill(-1);
  const std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i) {
    value[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  }
  std::string out;
  out.reserve(in.size() * 3 / 4);
  unsigned bits = 0;
  int count = 0;
  for (const char c : in) {
    const int v = value[static_cast<unsigned char>(c)];
    if (v < 0) continue;  // '=' padding and line breaks
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

}  // namespace

std::string http_get(std::uint16_t port, const std::string& target) {
  asio::io_context io{1};
  beast::tcp_stream stream(io);
  const auto deadline = SteadyClock::now() + 10s;
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), port);
  run_step(io, stream, deadline, "connect to DevTools",
           [&](auto h) { stream.async_connect(endpoint, h); });
  http::request<http::empty_body> req(http::verb::get, target, 11);
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  run_step(io, stream, deadline, "GET " + target,
           [&](auto h) { http::async_write(stream, req, h); });
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  run_step(io, stream, deadline, "GET " + target,
           [&](auto h) { http::async_read(stream, buffer, res, h); });
  if (res.result_int() != 200) {
    throw std::runtime_error("GET " + target + ": status " + std::to_string(res.result_int()));
  }
  return res.body();
}

fs::path artifacts_dir() {
  const fs::path dir = fs::read_symlink("/proc/self/exe").parent_path() / "artifacts";
  fs::create_directories(dir);
  return dir;
}

bool write_file(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

// ---- Chromium ----

bool Chromium::available() { return ::access(kPath, X_OK) == 0; }

Chromium::Chromium(fs::path user_data_dir, std::chrono::milliseconds start_timeout)
    : dir_(std::move(user_data_dir)), log_path_(dir_ / "chromium.log") {
  fs::create_directories(dir_);
  std::vector<std::string> args = {
      kPath,
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--remote-debugging-port=0",
      "--user-data-dir=" + dir_.string(),
      "--window-size=1400,1000",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-extensions",
      "--disable-default-apps",
      "--disable-domain-reliability",
      "--disable-client-side-phishing-detection",
      "--disable-features=Translate,OptimizationHints,MediaRouter",
      // Loopback bypasses the proxy; anything else goes to a closed port on 127.0.0.1.
      "--proxy-server=http://127.0.0.1:9",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
      "about:blank",
  };
  // Its home, caches and temporary files (singleton socket, shared memory) in its own dir.
  fs::create_directories(dir_ / "tmp");
  std::vector<std::string> env = {"HOME=" + dir_.string(), "TMPDIR=" + (dir_ / "tmp").string(),
                                  "XDG_CONFIG_HOME=" + (dir_ / "config").string(),
                                  "XDG_CACHE_HOME=" + (dir_ / "cache").string()};
  if (const char* path = std::getenv("PATH")) env.push_back(std::string("PATH=") + path);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    // Its own process group (so its helpers can be found again), and gone with the test.
    ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const int log = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (log < 0 || ::dup2(log, 1) < 0 || ::dup2(log, 2) < 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::setpgid(pid_, pid_);  // also from here, so the group exists whichever runs first

  const auto port_file = dir_ / "DevToolsActivePort";
  const auto deadline = SteadyClock::now() + start_timeout;
  while (true) {
    // "PORT\n/devtools/browser/ID": complete once the first line has its end.
    const std::string content = slurp(port_file);
    if (const auto eol = content.find('\n'); eol != std::string::npos) {
      const int port = std::atoi(content.substr(0, eol).c_str());
      if (port <= 0 || port > 65535) {
        stop();  // no destructor runs for a constructor that throws
        throw std::runtime_error("DevToolsActivePort: " + content);
      }
      port_ = static_cast<std::uint16_t>(port);
      return;
    }
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("chromium exited at start:\n" + log());
    }
    if (SteadyClock::now() >= deadline) {
      stop();
      throw std::runtime_error("chromium wrote no DevToolsActivePort:\n" + log());
    }
    std::this_thread::sleep_for(50ms);
  }
}

Chromium::~Chromium() { stop(); }

void Chromium::stop() {
  if (pid_ <= 0) return;
  const pid_t pid = std::exchange(pid_, -1);
  ::kill(pid, SIGTERM);
  if (!exited(pid, 10s)) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
  // Renderer and utility processes the browser started normally end with it; any left in
  // its process group are ended too.
  if (::kill(-pid, 0) == 0) ::kill(-pid, SIGKILL);
}

std::string Chromium::log() const { return slurp(log_path_); }

// ---- CdpPage ----

std::string js_string(std::string_view s) { return json(std::string(s)).dump(); }

CdpPage::CdpPage(std::uint16_t devtools_port) {
  const json targets = json::parse(http_get(devtools_port, "/json/list"));
  std::string url;
  for (const auto& t : targets) {
    if (t.value("type", "") == "page" && t.contains("webSocketDebuggerUrl")) {
      url = t["webSocketDebuggerUrl"].get<std::string>();
      break;
    }
  }
  if (url.empty()) throw std::runtime_error("no page target in " + targets.dump());
  // ws://127.0.0.1:PORT/devtools/page/ID
  const auto host_at = url.find("//");
  const auto path_at = url.find('/', host_at + 2);
  if (host_at == std::string::npos || path_at == std::string::npos) {
    throw std::runtime_error("unexpected webSocketDebuggerUrl " + url);
  }
  const std::string host = url.substr(host_at + 2, path_at - host_at - 2);
  const std::string path = url.substr(path_at);

  auto& socket = beast::get_lowest_layer(ws_);
  const auto deadline = SteadyClock::now() + 10s;
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), devtools_port);
  run_step(io_, socket, deadline, "connect to the page",
           [&](auto h) { socket.async_connect(endpoint, h); });
  ws_.read_message_max(256u << 20);  // screenshots of the whole page are large
  run_step(io_, socket, deadline, "WebSocket handshake",
           [&](auto h) { ws_.async_handshake(host, path, h); });
}

CdpPage::~CdpPage() {
  beast::error_code ec;
  beast::get_lowest_layer(ws_).socket().close(ec);
}

std::string CdpPage::read_message(SteadyClock::time_point deadline) {
  beast::flat_buffer buffer;
  run_step(io_, beast::get_lowest_layer(ws_), deadline, "CDP read",
           [&](auto h) { ws_.async_read(buffer, h); });
  return beast::buffers_to_string(buffer.data());
}

json CdpPage::call(const std::string& method, json params, Ms timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  const std::int64_t id = next_id_++;
  const std::string request =
      json{{"id", id}, {"method", method}, {"params", std::move(params)}}.dump();
  ws_.text(true);
  run_step(io_, beast::get_lowest_layer(ws_), deadline, method,
           [&](auto h) { ws_.async_write(asio::buffer(request), h); });
  while (true) {
    const json message = json::parse(read_message(deadline));
    if (!message.contains("id") || message["id"] != id) continue;  // an event or a late answer
    if (message.contains("error"))
      throw std::runtime_error(method + ": " + message["error"].dump());
    return message.value("result", json::object());
  }
}

json CdpPage::evaluate(const std::string& expression, Ms timeout) {
  const json result = call("Runtime.evaluate",
                           {{"expression", expression},
                            {"awaitPromise", true},
                            {"returnByValue", true},
                            {"timeout", timeout.count()}},
                           timeout + 1s);
  if (result.contains("exceptionDetails")) {
    const auto& d = result["exceptionDetails"];
    std::string what = d.value("text", "exception");
    if (d.contains("exception") && d["exception"].contains("description")) {
      what += ": " + d["exception"]["description"].get<std::string>();
    }
    throw std::runtime_error("JavaScript " + expression + " threw " + what);
  }
  const auto& r = result["result"];
  return r.contains("value") ? r["value"] : json(nullptr);
}

bool CdpPage::wait_for(const std::string& predicate, Ms timeout) {
  const auto deadline = SteadyClock::now() + timeout;
  const std::string expression =
      "(() => { try { return !!(" + predicate + "); } catch (e) { return false; } })()";
  while (true) {
    if (evaluate(expression) == json(true)) return true;
    if (SteadyClock::now() >= deadline) return false;
    std::this_thread::sleep_for(200ms);
  }
}

void CdpPage::navigate(const std::string& url, Ms timeout) {
  const json r = call("Page.navigate", {{"url", url}}, timeout);
  if (r.contains("errorText")) {
    throw std::runtime_error("navigate to " + url + ": " + r["errorText"].dump());
  }
  if (!wait_for("location.href === " + js_string(url) + " && document.readyState === 'complete'",
                timeout)) {
    throw std::runtime_error("navigate to " + url + ": the page did not load");
  }
}

void CdpPage::type(const std::string& selector, const std::string& text) {
  const json ok = evaluate("(() => { const e = document.querySelector(" + js_string(selector) +
                           "); if (!e) return false; e.focus(); if (e.select) e.select();"
                           " return document.activeElement === e; })()");
  if (ok != json(true)) throw std::runtime_error("cannot type into " + selector);
  call("Input.insertText", {{"text", text}});
}

void CdpPage::click(const std::string& selector) {
  // The centre is measured until it stays put for 100 ms (a page still filling its tables
  // moves its buttons), and a listener notes whether the click reached the element.
  const json at = evaluate(
      "(async () => { const e = document.querySelector(" + js_string(selector) +
      "); if (!e) return {error: 'missing'};"
      " const centre = () => { e.scrollIntoView({block: 'center'});"
      "   const r = e.getBoundingClientRect();"
      "   return {x: r.left + r.width / 2, y: r.top + r.height / 2, w: r.width, h: r.height}; };"
      " let c = centre();"
      " for (let i = 0; i < 20; ++i) {"
      "   await new Promise((done) => setTimeout(done, 100));"
      "   const n = centre(); if (n.x === c.x && n.y === c.y) break; c = n; }"
      " if (c.w === 0 || c.h === 0) return {error: 'not visible'};"
      " const hit = document.elementFromPoint(c.x, c.y);"
      " if (!hit || !(hit === e || e.contains(hit)))"
      "   return {error: 'covered by ' + (hit ? hit.tagName + '#' + hit.id : 'nothing')};"
      " window.__cdpClicked = false;"
      " e.addEventListener('click', () => { window.__cdpClicked = true; },"
      "   {once: true, capture: true});"
      " return {x: c.x, y: c.y}; })()");
  if (!at.is_object() || at.contains("error")) {
    throw std::runtime_error("cannot click " + selector + ": " + at.dump());
  }
  const double x = at["x"].get<double>();
  const double y = at["y"].get<double>();
  call("Input.dispatchMouseEvent", {{"type", "mouseMoved"}, {"x", x}, {"y", y}});
  for (const char* type : {"mousePressed", "mouseReleased"}) {
    call("Input.dispatchMouseEvent",
         {{"type", type}, {"x", x}, {"y", y}, {"button", "left"}, {"clickCount", 1}});
  }
  if (evaluate("window.__cdpClicked") != json(true)) {
    throw std::runtime_error("the click at the centre of " + selector +
                             " did not reach it (the page moved?)");
  }
}

std::string CdpPage::text_of(const std::string& selector) {
  const json t = evaluate("(() => { const e = document.querySelector(" + js_string(selector) +
                          "); return e ? e.textContent : ''; })()");
  return t.is_string() ? t.get<std::string>() : std::string();
}

std::string CdpPage::screenshot_png() {
  // From the top: a page scrolled by earlier clicks would draw its sticky header over the
  // first panels in a full-page capture.
  evaluate("window.scrollTo(0, 0), true");
  const json size = evaluate(
      "({w: Math.max(innerWidth, document.documentElement.scrollWidth),"
      " h: document.documentElement.scrollHeight})");
  const json r = call(
      "Page.captureScreenshot",
      {{"format", "png"},
       {"captureBeyondViewport", true},
       {"clip", {{"x", 0}, {"y", 0}, {"width", size["w"]}, {"height", size["h"]}, {"scale", 1}}}},
      Ms(30000));
  return base64_decode(r.at("data").get<std::string>());
}

}  // namespace antevorta::test
