// The `antevorta` command line: one subcommand per file in src/cli/.
//
// Every subcommand takes --config-dir (default "config") and --help. Exit status: 0 on
// success; otherwise non-zero with a one-line reason on stderr (validate-config lists every
// configuration error first).
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "antevorta/config/loader.hpp"

namespace CLI {
class App;
}

namespace antevorta::cli {

int main(int argc, char** argv);

// Exit codes shared by the subcommands.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

struct CommonOptions {
  std::filesystem::path config_dir = "config";
};

// Loads the configuration from the process environment and ./.env. On errors, prints each
// to stderr followed by a summary line and returns std::nullopt.
std::optional<config::AppConfig> load_config_or_report(const CommonOptions& common);

// Prints "antevorta: <reason>" to stderr.
void report_failure(const std::string& reason);

// Subcommand registration: each adds itself to the app and returns the code to run.
struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;
};
Command add_run(CLI::App& parent, CommonOptions& common);
Command add_validate_config(CLI::App& parent, CommonOptions& common);
Command add_init_db(CLI::App& parent, CommonOptions& common);
Command add_calc_fee(CLI::App& parent, CommonOptions& common);
Command add_version(CLI::App& parent, CommonOptions& common);

}  // namespace antevorta::cli
