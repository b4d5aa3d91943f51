#include "antevorta/version.hpp"

#include <cstdio>

#include <fmt/format.h>

#include "cli/cli.hpp"

namespace antevorta::cli {

int print_version() {
  std::fputs(fmt::format("antevorta {} (commit {}, {})\n", build_info::kVersion,
                         build_info::kGitCommit, build_info::kBuildType)
                 .c_str(),
             stdout);
  return kExitOk;
}

}  // namespace antevorta::cli
