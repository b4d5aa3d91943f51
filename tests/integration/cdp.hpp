// Headless Chromium driven over the Chrome DevTools Protocol (CDP), for the dashboard tests.
//
// - Chromium starts /usr/bin/chromium --headless --no-sandbox --disable-gpu
//   --remote-debugging-port=0 with its own user-data-dir and reads the DevTools port from
//   <user-data-dir>/DevToolsActivePort. Every request to a host other than loopback goes to a
//   dead proxy on 127.0.0.1 and host names do not resolve, so nothing leaves 127.0.0.1. The
//   destructor ends the browser it started, by its pid (SIGTERM, SIGKILL after 10 s), then any
//   helper process left in the process group the browser was started in.
// - CdpPage is a synchronous CDP client over one WebSocket (Boost.Beast) attached to the
//   browser's first page target. Events are read and ignored; only answers are returned.
//
// Errors: a browser that does not start, a call that fails or passes its deadline, and
// JavaScript that throws raise std::runtime_error naming the step and the reason (the test
// reports it). Threading: the test's thread only; each call runs the client's own io_context
// until the answer or the deadline.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <sys/types.h>

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>
#include <nlohmann/json.hpp>

namespace antevorta::test {

class Chromium {
 public:
  static constexpr const char* kPath = "/usr/bin/chromium";
  static bool available();

  // Starts the browser (window 1400×1000) and waits for its DevTools port.
  Chromium(std::filesystem::path user_data_dir, std::chrono::milliseconds start_timeout);
  ~Chromium();
  Chromium(const Chromium&) = delete;
  Chromium& operator=(const Chromium&) = delete;

  std::uint16_t devtools_port() const noexcept { return port_; }
  std::string log() const;  // the browser's stdout and stderr

 private:
  void stop();

  std::filesystem::path dir_;
  std::filesystem::path log_path_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
};

// GET http://127.0.0.1:<port><target> (10 s deadline); the body of a 200 answer, else throws.
std::string http_get(std::uint16_t port, const std::string& target);

// <directory of the test binary>/artifacts (created): where the tests keep screenshots.
std::filesystem::path artifacts_dir();

// Writes `bytes` to `path` (binary); false when it cannot.
bool write_file(const std::filesystem::path& path, const std::string& bytes);

// A string as a JavaScript string literal (JSON quoting), for building expressions.
std::string js_string(std::string_view s);

class CdpPage {
 public:
  using Ms = std::chrono::milliseconds;

  // Attaches to the first "page" target listed at http://127.0.0.1:<port>/json/list.
  explicit CdpPage(std::uint16_t devtools_port);
  ~CdpPage();
  CdpPage(const CdpPage&) = delete;
  CdpPage& operator=(const CdpPage&) = delete;

  // One CDP command; its "result" object.
  nlohmann::json call(const std::string& method, nlohmann::json params = nlohmann::json::object(),
                      Ms timeout = Ms(15000));
  // Runtime.evaluate with awaitPromise and returnByValue: the expression's value (null for
  // undefined).
  nlohmann::json evaluate(const std::string& expression, Ms timeout = Ms(15000));
  // Polls the JavaScript `predicate` every 200 ms until it is true; false at the deadline.
  bool wait_for(const std::string& predicate, Ms timeout);
  // Page.navigate, then waits until the document at `url` has loaded.
  void navigate(const std::string& url, Ms timeout = Ms(30000));
  // Focuses the element, selects its content and types `text` (Input.insertText).
  void type(const std::string& selector, const std::string& text);
  // Scrolls the element into view, waits (up to 2 s) until its centre stays put for 100 ms,
  // and clicks there with mouse events. Throws if the element is missing, has no size,
  // another element covers its centre, or the click did not reach it.
  void click(const std::string& selector);
  // textContent of the element ("" when it is missing).
  std::string text_of(const std::string& selector);
  // The whole page as PNG bytes.
  std::string screenshot_png();

 private:
  std::string read_message(std::chrono::steady_clock::time_point deadline);

  boost::asio::io_context io_{1};
  boost::beast::websocket::stream<boost::beast::tcp_stream> ws_{io_};
  std::int64_t next_id_ = 1;
};

}  // namespace antevorta::test
