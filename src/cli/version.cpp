#include "antevorta/version.hpp"

#include <cstdio>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/cli.hpp"

namespace antevorta::cli {

Command add_version(CLI::App& parent, CommonOptions& /*common*/) {
  auto* app = parent.add_subcommand("version", "Print the version and build");
  return {app, [] {
            std::fputs(fmt::format("antevorta {} (commit {}, {})\n", build_info::kVersion,
                                   build_info::kGitCommit, build_info::kBuildType)
                           .c_str(),
                       stdout);
            return kExitOk;
          }};
}

}  // namespace antevorta::cli
