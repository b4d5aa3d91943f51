// The `antevorta` command line: one subcommand per file in src/cli/.
//
// Every subcommand takes --config-dir (default "config") and --help. Exit status: 0 on
// success; otherwise non-zero with a one-line reason on stderr (validate-config lists every
// configuration error first).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "antevorta/config/loader.hpp"

namespace antevorta::cli {

int main(int argc, char** argv);

// Exit codes shared by the subcommands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct CommonOptions {
  std::filesystem::path config_dir = "config";
};

// Loads the configuration from the process environment and ./.env, and checks every
// configured strategy's parameters with its plugin. On errors, prints each to stderr
// followed by a summary line and returns std::nullopt.
std::optional<config::AppConfig> load_config_or_report(const CommonOptions& common);

// Prints "antevorta: <reason>" to stderr.
void report_failure(const std::string& reason);

// The subcommands. Only cli.cpp knows the command-line parser; each command is a plain
// function of its parsed arguments and returns the exit status.
int run_daemon(const CommonOptions& common);
int validate_config(const CommonOptions& common);

struct InitDbArgs {
  std::string database;  // empty: database.path from the configuration
};
int init_db(const CommonOptions& common, const InitDbArgs& args);

struct CalcFeeArgs {
  std::string price;
  std::string count;
  bool maker = false;
  std::string fee_type = "quadratic";
  std::string multiplier = "1";
  bool json = false;
};
int calc_fee(const CalcFeeArgs& args);

int print_version();

struct SimArgs {
  std::optional<std::uint16_t> port;  // unset: sim.port from the configuration
  std::string key_id = "sim-user";
  std::filesystem::path public_key;  // the user's public key; empty: use key_file
  std::filesystem::path key_file = "data/sim_api_key.pem";
  std::string funding = "10000";  // dollars on each shard (0 and 2)
};
int run_simulator(const CommonOptions& common, const SimArgs& args);

// Commands that talk to a running daemon's operator API (remote.cpp).
struct RemoteArgs {
  std::string url;    // empty: http://<http.listen>
  std::string token;  // empty: http.token, else the api_token file next to the database
};
struct KillArgs {
  std::string reason;
  bool release = false;  // release the kill switch instead
};
int remote_status(const CommonOptions& common, const RemoteArgs& args);
int remote_kill(const CommonOptions& common, const RemoteArgs& args, const KillArgs& kill);
int remote_flatten(const CommonOptions& common, const RemoteArgs& args);

}  // namespace antevorta::cli
