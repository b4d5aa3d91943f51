#include "cli/cli.hpp"

#include <cstdio>
#include <exception>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "antevorta/feeds/index_config.hpp"
#include "antevorta/feeds/source_config.hpp"
#include "antevorta/strategy/registry.hpp"

namespace antevorta::cli {

void report_failure(const std::string& reason) {
  std::fputs(fmt::format("antevorta: {}\n", reason).c_str(), stderr);
}

std::optional<config::AppConfig> load_config_or_report(const CommonOptions& common) {
  config::LoadOptions options;
  options.config_dir = common.config_dir;
  options.environment = config::process_environment();
  auto result = config::load(options);
  if (result.errors.empty() && result.config) {
    // The strategies' own parameters are checked by their plugins, with the same key paths.
    auto created =
        strategy::builtin_registry().create_all(result.config->strategies, &result.config->tree);
    result.errors = std::move(created.errors);
    // So are the sources' (the price feeds and the index).
    for (const auto& [name, source] : result.config->sources) {
      std::vector<config::ConfigError> errors;
      if (name == "index") {
        if (auto r = feeds::read_index_config(source); !r) errors = std::move(r.error());
      } else if (feeds::is_feed_source(name)) {
        if (auto r = feeds::read_feed_source(source); !r) errors = std::move(r.error());
      } else {
        config::ConfigError e;
        e.key_path = "sources." + name;
        e.message = fmt::format(
            "unknown source \"{}\"; known sources: binance, coinbase, index, kraken", name);
        errors.push_back(std::move(e));
      }
      for (auto& e : errors) result.errors.push_back(std::move(e));
    }
    if (result.errors.empty()) return std::move(result.config);
  }
  for (const auto& e : result.errors) std::fputs((e.to_string() + "\n").c_str(), stderr);
  report_failure(fmt::format("configuration in {} is invalid ({} error{})",
                             common.config_dir.string(), result.errors.size(),
                             result.errors.size() == 1 ? "" : "s"));
  return std::nullopt;
}

int main(int argc, char** argv) {
  CLI::App app{"Antevorta: an asynchronous trading daemon for Kalshi prediction markets",
               "antevorta"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Help for every subcommand");

  CommonOptions common;
  InitDbArgs init_db_args;
  CalcFeeArgs fee;
  SimArgs sim_args;
  std::vector<std::pair<CLI::App*, std::function<int()>>> commands;

  commands.emplace_back(
      app.add_subcommand("run", "Run the daemon (sim mode by default) until SIGINT or SIGTERM"),
      [&] { return run_daemon(common); });
  commands.emplace_back(
      app.add_subcommand("validate-config",
                         "Load every configuration layer, report all errors at once (exit 1), "
                         "or print the effective configuration with secrets redacted (exit 0)"),
      [&] { return validate_config(common); });
  auto* init = app.add_subcommand(
      "init-db", "Create the database (or migrate it to this build's schema) and print its path");
  init->add_option("--database", init_db_args.database,
                   "Database file (default: database.path from the configuration)");
  commands.emplace_back(init, [&] { return init_db(common, init_db_args); });

  auto* calc = app.add_subcommand(
      "calc-fee", "Kalshi trading fee, cost and break-even probability for one order");
  calc->add_option("--price", fee.price, "Contract price in dollars, e.g. 0.50")->required();
  calc->add_option("--count", fee.count, "Number of contracts, e.g. 100 or 2.50")->required();
  calc->add_flag("--maker", fee.maker, "Price the maker side (default: taker)");
  calc->add_option("--fee-type", fee.fee_type,
                   "quadratic | quadratic_with_maker_fees | quadratic_with_combo_maker_fees")
      ->capture_default_str();
  calc->add_option("--multiplier", fee.multiplier, "Series or event fee multiplier")
      ->capture_default_str();
  calc->add_flag("--json", fee.json, "Print one JSON object");
  commands.emplace_back(calc, [&] { return calc_fee(fee); });

  auto* sim = app.add_subcommand(
      "sim",
      "Run the Kalshi exchange simulator on its own (REST and WebSocket on one loopback port) "
      "until SIGINT or SIGTERM; prints the URLs and the key settings for a daemon on stdout");
  sim->add_option("--port", sim_args.port, "Port (default: sim.port; 0 = a free port)");
  sim->add_option("--key-id,--api-key-id", sim_args.key_id, "API key id to accept")
      ->capture_default_str();
  sim->add_option("--public-key,--public-key-file", sim_args.public_key,
                  "PEM public key (RSA or Ed25519) for --key-id; without it the simulator uses "
                  "--key-file")
      ->check(CLI::ExistingFile);
  sim->add_option("--key-file", sim_args.key_file,
                  "Private key kept for --key-id, created (Ed25519, mode 0600) when missing")
      ->capture_default_str();
  sim->add_option("--funding", sim_args.funding, "Dollars the account starts with on each shard")
      ->capture_default_str();
  commands.emplace_back(sim, [&] { return run_simulator(common, sim_args); });

  RemoteArgs remote_args;
  KillArgs kill_args;
  auto add_remote_options = [&remote_args](CLI::App* sub) {
    sub->add_option("--url", remote_args.url,
                    "The daemon's API (default: http://<http.listen> of the configuration)");
    sub->add_option("--token", remote_args.token,
                    "API token (default: http.token, else <database dir>/api_token)");
  };
  auto* status = app.add_subcommand("status", "Show the running daemon's status (GET /api/status)");
  add_remote_options(status);
  commands.emplace_back(status, [&] { return remote_status(common, remote_args); });
  auto* kill = app.add_subcommand(
      "kill", "Engage the running daemon's kill switch and cancel every resting order");
  add_remote_options(kill);
  kill->add_option("--reason", kill_args.reason,
                   "Why (kept with the kill switch; required to engage)");
  kill->add_flag("--release", kill_args.release, "Release the kill switch instead");
  commands.emplace_back(kill, [&] { return remote_kill(common, remote_args, kill_args); });
  auto* flatten = app.add_subcommand(
      "flatten", "Close every position of the running daemon with marketable IOC orders");
  add_remote_options(flatten);
  commands.emplace_back(flatten, [&] { return remote_flatten(common, remote_args); });

  commands.emplace_back(app.add_subcommand("version", "Print the version and build"),
                        [] { return print_version(); });

  for (auto& [sub, run] : commands) {
    sub->add_option("--config-dir", common.config_dir, "Configuration directory")
        ->capture_default_str();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }

  try {
    for (auto& [sub, run] : commands) {
      if (sub->parsed()) return run();
    }
  } catch (const std::exception& e) {
    report_failure(e.what());
    return kExitFailure;
  }
  return kExitUsage;
}

}  // namespace antevorta::cli
