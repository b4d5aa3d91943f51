// `antevorta sim`: the exchange simulator on its own, for developing against it. It listens
// on sim.host and --port (default sim.port; 0 picks a free port), registers one API key, and
// runs until SIGINT/SIGTERM. The key is either the user's (--key-id with --public-key) or
// one the command keeps in --key-file (created with mode 0600 when missing, reused after),
// so a restart keeps working with the same daemon configuration.
#include <csignal>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <sys/stat.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <fmt/format.h>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/kalshi/signer.hpp"
#include "antevorta/kalshi/verifier.hpp"
#include "antevorta/sim/sim_server.hpp"

#include "cli/cli.hpp"

namespace antevorta::cli {

namespace {

namespace asio = boost::asio;

// The public half of the key to register, or the reason there is none.
Expected<std::string, std::string> read_public_key(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return unexpected(fmt::format("cannot read public key file \"{}\"", file.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Loads --key-file, creating it with a new Ed25519 key when it does not exist.
Expected<std::string, std::string> ensure_key_file(const std::filesystem::path& file,
                                                   const std::string& key_id) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
    const std::string pem = kalshi::generate_private_key_pem(kalshi::KeyType::ed25519);
    const auto old_mask = ::umask(077);
    {
      std::ofstream out(file, std::ios::binary | std::ios::trunc);
      out << pem;
      if (!out) {
        ::umask(old_mask);
        return unexpected(fmt::format("cannot write key file \"{}\"", file.string()));
      }
    }
    ::umask(old_mask);
    std::filesystem::permissions(
        file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write, ec);
  }
  auto signer = kalshi::Signer::load(file, Secret(key_id));
  if (!signer) return unexpected(signer.error().message);
  return signer->public_key_pem();
}

}  // namespace

int run_simulator(const CommonOptions& common, const SimArgs& args) {
  const auto cfg = load_config_or_report(common);
  if (!cfg) return kExitFailure;
  if (args.key_id.empty()) {
    report_failure("--key-id must not be empty");
    return kExitUsage;
  }
  auto public_pem = args.public_key.empty() ? ensure_key_file(args.key_file, args.key_id)
                                            : read_public_key(args.public_key);
  if (!public_pem) {
    report_failure(public_pem.error());
    return kExitFailure;
  }
  auto funding = Money::parse(args.funding);
  if (!funding || *funding <= Money::zero()) {
    report_failure(
        fmt::format("--funding must be a positive dollar amount, was \"{}\"", args.funding));
    return kExitUsage;
  }

  const Logging logging(cfg->logging);
  const auto log = logging.make_logger("sim");
  asio::io_context io{1};
  LiveClock clock(io.get_executor());
  sim::SimServerOptions options;
  options.host = cfg->sim.host;
  options.port = args.port ? *args.port : cfg->sim.port;
  options.seed = static_cast<std::uint64_t>(cfg->sim.seed);
  options.crypto_window = std::chrono::seconds(cfg->sim.crypto_window_seconds);
  options.index_path = cfg->sim.index_path;
  std::unique_ptr<sim::SimServer> owned;
  try {
    owned = std::make_unique<sim::SimServer>(io.get_executor(), clock, logging.make_logger("sim"),
                                             options);
    owned->start();
  } catch (const std::exception& e) {
    report_failure(e.what());
    return kExitFailure;
  }
  sim::SimServer& server = *owned;
  if (auto problem =
          server.add_api_key(args.key_id, *public_pem, sim::AccountId(args.key_id), *funding)) {
    report_failure(*problem);
    server.stop();
    return kExitFailure;
  }

  // Stdout carries exactly what a daemon configuration needs; the log goes to stderr.
  std::printf("rest_url: %s\nws_url: %s\napi_key_id: %s\n", server.rest_url().c_str(),
              server.ws_url().c_str(), args.key_id.c_str());
  if (args.public_key.empty()) {
    std::printf("private_key_path: %s\n", args.key_file.string().c_str());
  }
  // The simulated crypto venues' public feeds (Binance: the base URL of /stream?streams=…).
  for (const char* feed : {"coinbase_advanced", "coinbase_exchange", "binance", "kraken"}) {
    std::printf("%s_url: %s\n", feed, server.feed_url(feed).c_str());
  }
  std::fflush(stdout);
  log->info("sim_listening rest_url={} ws_url={} funding={} seed={}", server.rest_url(),
            server.ws_url(), funding->to_string(), options.seed);

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code ec, int signo) {
    if (ec) return;
    log->info("shutdown_requested signal={}", signo == SIGINT ? "SIGINT" : "SIGTERM");
    server.stop();
    io.stop();
  });
  io.run();
  log->info("sim_stopped");
  return kExitOk;
}

}  // namespace antevorta::cli
