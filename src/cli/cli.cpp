#include "cli/cli.hpp"

#include <cstdio>
#include <exception>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace antevorta::cli {

void report_failure(const std::string& reason) {
  std::fputs(fmt::format("antevorta: {}\n", reason).c_str(), stderr);
}

std::optional<config::AppConfig> load_config_or_report(const CommonOptions& common) {
  config::LoadOptions options;
  options.config_dir = common.config_dir;
  options.environment = config::process_environment();
  auto result = config::load(options);
  if (result.errors.empty() && result.config) return std::move(result.config);
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
  std::vector<Command> commands;
  commands.push_back(add_run(app, common));
  commands.push_back(add_validate_config(app, common));
  commands.push_back(add_init_db(app, common));
  commands.push_back(add_calc_fee(app, common));
  commands.push_back(add_version(app, common));
  for (auto& c : commands) {
    c.app->add_option("--config-dir", common.config_dir, "Configuration directory")
        ->capture_default_str();
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? kExitOk : kExitUsage;
  }

  try {
    for (auto& c : commands) {
      if (c.app->parsed()) return c.run();
    }
  } catch (const std::exception& e) {
    report_failure(e.what());
    return kExitFailure;
  }
  return kExitUsage;
}

}  // namespace antevorta::cli
