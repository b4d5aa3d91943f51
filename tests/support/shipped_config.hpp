// The shipped configuration (config/ in the source tree) as a daemon started there loads it,
// without a .env file, for the tests that check what the project ships.
#pragma once

#include <string>
#include <vector>

#include "antevorta/config/loader.hpp"

#include "support/paths.hpp"

namespace antevorta::test {

inline config::LoadOptions shipped_config_options() {
  config::LoadOptions options;
  options.config_dir = source_dir() / "config";
  options.dotenv_path.clear();
  return options;
}

inline config::LoadResult load_shipped_config() { return config::load(shipped_config_options()); }

// Each error as "<file>: <key.path>: <problem>", for ASSERT_THAT(…, IsEmpty()).
inline std::vector<std::string> error_texts(const config::LoadResult& result) {
  std::vector<std::string> out;
  for (const auto& e : result.errors) out.push_back(e.to_string());
  return out;
}

}  // namespace antevorta::test
