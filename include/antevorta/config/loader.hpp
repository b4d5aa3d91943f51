// Layered configuration loading and validation (DESIGN.md §4).
//
// Layers, later wins:
//   <dir>/base.yaml (required)
//   <dir>/paper.yaml or <dir>/live.yaml — chosen by kalshi.execution_mode as resolved from
//       base.yaml, the environment and .env; this and every later file may not set a
//       different mode (it would leave the other mode's file unread)
//   <dir>/risk.yaml
//   <dir>/strategies/*.yaml|*.yml, then <dir>/sources/*.yaml|*.yml (each sorted by name)
//   .env (KEY=VALUE, `#` comments, optional `export `, quotes) for variables not set in the
//       environment
//   environment variables ANTEVORTA__SECTION__KEY (`__` = one level down, segments
//       lower-cased; values are YAML scalars, or a flow sequence when starting with `[`)
// Every layer file is a whole-tree fragment (e.g. strategies/x.yaml holds
// `strategies: {x: {...}}`). Mappings merge recursively; scalars and sequences replace.
//
// Errors: load() never throws for bad input (missing files, YAML syntax, wrong types,
// unknown keys, ranges, cross-field rules); it returns every error at once, each with its
// source and key path, and a config only when there are none. No error message, summary or
// log line contains the value of a secret.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "antevorta/config/config.hpp"
#include "antevorta/config/error.hpp"

namespace antevorta::config {

struct LoadOptions {
  std::filesystem::path config_dir = "config";
  // The process environment; tests pass their own. Only ANTEVORTA__* names are used.
  std::map<std::string, std::string> environment;
  // Empty: no .env file. A missing file is not an error.
  std::filesystem::path dotenv_path = ".env";
};

// The current process environment (environ).
std::map<std::string, std::string> process_environment();

struct LoadResult {
  std::optional<AppConfig> config;  // set only when errors is empty
  std::vector<ConfigError> errors;
};

LoadResult load(const LoadOptions& options);

// Multi-line human summary for `antevorta validate-config`: files loaded, every effective
// key with its value and where it was set, strategies and sources with their enabled state.
// Secrets appear as <redacted> or <unset>; strategy/source params show key names only.
std::string summary(const AppConfig& config);

}  // namespace antevorta::config
