#include <cstdio>

#include "cli/cli.hpp"

namespace antevorta::cli {

int validate_config(const CommonOptions& common) {
  const auto cfg = load_config_or_report(common);
  if (!cfg) return kExitFailure;
  std::fputs(config::summary(*cfg).c_str(), stdout);
  std::fputs("configuration is valid\n", stdout);
  return kExitOk;
}

}  // namespace antevorta::cli
