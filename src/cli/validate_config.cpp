#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/cli.hpp"

namespace antevorta::cli {

Command add_validate_config(CLI::App& parent, CommonOptions& common) {
  auto* app = parent.add_subcommand(
      "validate-config",
      "Load every configuration layer, report all errors at once (exit 1), or print the "
      "effective configuration with secrets redacted (exit 0)");
  return {app, [&common] {
            const auto cfg = load_config_or_report(common);
            if (!cfg) return kExitFailure;
            std::fputs(config::summary(*cfg).c_str(), stdout);
            std::fputs("configuration is valid\n", stdout);
            return kExitOk;
          }};
}

}  // namespace antevorta::cli
