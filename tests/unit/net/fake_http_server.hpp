// An in-process HTTP/1.1 server on 127.0.0.1 (plain or TLS) for client tests, with faults:
// each request is answered by a script that may delay, hang, close the connection, or
// send a body of any size. Runs on the test's io_context.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

namespace antevorta::test {

struct FakeRequest {
  std::string method;
  std::string target;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int connection_index = 0;  // 0 for the first accepted connection, 1 for the next, …
  std::string header(std::string_view name) const;
};

struct FakeReply {
  enum class Action { respond, close, hang };
  Action action = Action::respond;
  unsigned status = 200;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};
  bool keep_alive = true;
};

// A self-signed certificate (by default for "localhost" and 127.0.0.1), and its key, as PEM.
struct TestCertificate {
  std::string cert_pem;
  std::string key_pem;
};
TestCertificate make_test_certificate(
    const std::string& subject_alt_names = "DNS:localhost,IP:127.0.0.1");

class FakeHttpServer {
 public:
  using Script = std::function<FakeReply(const FakeRequest&)>;

  // tls: nullptr for plain HTTP.
  FakeHttpServer(boost::asio::io_context& io, Script script,
                 std::shared_ptr<boost::asio::ssl::context> tls = nullptr);
  ~FakeHttpServer();

  std::uint16_t port() const noexcept;
  const std::vector<FakeRequest>& requests() const noexcept;
  int connections_accepted() const noexcept;
  // Closes every open connection (a server restart as clients see it).
  void drop_connections();

  struct State;

 private:
  std::shared_ptr<State> state_;
};

std::shared_ptr<boost::asio::ssl::context> make_server_tls_context(const TestCertificate& cert);

}  // namespace antevorta::test
