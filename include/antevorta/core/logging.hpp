// Logging: spdlog, one named logger per component, text or JSON lines.
//
// Messages follow `event_name key=value key2="value with spaces"`. In JSON format each line
// is one object: {"ts":…,"level":…,"component":…,"event":…,"key":"value",…}.
// A Logging object owns the sinks; components receive their logger from make_logger() in
// their constructor. Thread-safe sinks (the store's writer thread logs too).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/logger.h>
#include <spdlog/sinks/sink.h>

namespace antevorta {

enum class LogLevel { trace, debug, info, warn, error, critical, off };
enum class LogFormat { text, json };

std::optional<LogLevel> parse_log_level(std::string_view text) noexcept;
std::optional<LogFormat> parse_log_format(std::string_view text) noexcept;
std::string_view to_string(LogLevel level) noexcept;
std::string_view to_string(LogFormat format) noexcept;

struct LoggingOptions {
  LogLevel level = LogLevel::info;
  LogFormat format = LogFormat::text;
};

using Logger = std::shared_ptr<spdlog::logger>;

class Logging {
 public:
  // Logs to stderr.
  explicit Logging(LoggingOptions options);
  // Logs to the given sink (tests capture output this way).
  Logging(LoggingOptions options, spdlog::sink_ptr sink);

  // A logger named after the component ("kalshi.rest", "store", …) sharing this object's
  // sinks, level and format. Not registered in spdlog's global registry.
  Logger make_logger(std::string component) const;

  const LoggingOptions& options() const noexcept { return options_; }

 private:
  LoggingOptions options_;
  std::vector<spdlog::sink_ptr> sinks_;
};

// Formats a value for a `key=value` field: unchanged when it is a plain token, otherwise
// double-quoted with `"` and `\` escaped (so the JSON formatter can split it back) and line
// breaks turned into spaces. Values longer than max_len are cut and end in "…".
std::string log_value(std::string_view value, std::size_t max_len = 1024);

// A logger that discards everything, for components constructed in tests.
Logger null_logger(std::string component = "null");

}  // namespace antevorta
