// One configuration error: where the offending value came from, which key, what is wrong.
//
// Messages never contain the value of a secret key (kalshi.api_key_id, http.token, …).
#pragma once

#include <string>

namespace antevorta::config {

struct ConfigError {
  // The file as given ("config/risk.yaml"), "environment ANTEVORTA__RISK__MAX_ORDER_COUNT",
  // or a .env line (".env:3").
  std::string source;
  // Dotted key path ("risk.max_order_count", "strategies.x.series[1]"); empty for errors
  // about a whole file (missing file, YAML syntax error, malformed .env line).
  std::string key_path;
  std::string message;
  // 1-based line in a YAML source when known, else 0. Not part of `source` so that the
  // printed form starts with `<source>: <key.path>: <message>`.
  int line = 0;

  // "<source>: <key_path>: <message>" (or "<source>: <message>" without a key path),
  // followed by " (line N)" when the line is known.
  std::string to_string() const;

  friend bool operator==(const ConfigError&, const ConfigError&) = default;
};

}  // namespace antevorta::config
