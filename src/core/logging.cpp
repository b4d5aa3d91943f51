#include "antevorta/core/logging.hpp"

#include <array>
#include <chrono>
#include <utility>

#include <spdlog/details/log_msg.h>
#include <spdlog/formatter.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include "antevorta/core/clock.hpp"

namespace antevorta {

namespace {

constexpr std::array<std::pair<std::string_view, LogLevel>, 7> kLevels{{
    {"trace", LogLevel::trace},
    {"debug", LogLevel::debug},
    {"info", LogLevel::info},
    {"warn", LogLevel::warn},
    {"error", LogLevel::error},
    {"critical", LogLevel::critical},
    {"off", LogLevel::off},
}};

spdlog::level::level_enum to_spdlog(LogLevel level) {
  switch (level) {
    case LogLevel::trace:
      return spdlog::level::trace;
    case LogLevel::debug:
      return spdlog::level::debug;
    case LogLevel::info:
      return spdlog::level::info;
    case LogLevel::warn:
      return spdlog::level::warn;
    case LogLevel::error:
      return spdlog::level::err;
    case LogLevel::critical:
      return spdlog::level::critical;
    case LogLevel::off:
      return spdlog::level::off;
  }
  return spdlog::level::info;
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

void append_json_string(spdlog::memory_buf_t& out, std::string_view s) {
  out.push_back('"');
  for (const char c : s) {
    switch (c) {
      case '"':
        out.append(std::string_view("\\\""));
        break;
      case '\\':
        out.append(std::string_view("\\\\"));
        break;
      case '\n':
        out.append(std::string_view("\\n"));
        break;
      case '\r':
        out.append(std::string_view("\\r"));
        break;
      case '\t':
        out.append(std::string_view("\\t"));
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
}

// Splits `event k=v k2="a b"` into fields. Returns false when the message does not follow
// that shape; the caller then logs it as a plain "msg".
bool split_fields(std::string_view msg, std::string_view& event,
                  std::vector<std::pair<std::string_view, std::string>>& fields) {
  std::size_t i = 0;
  while (i < msg.size() && is_name_char(msg[i])) ++i;
  if (i == 0 || (i < msg.size() && msg[i] != ' ')) return false;
  event = msg.substr(0, i);
  while (i < msg.size()) {
    while (i < msg.size() && msg[i] == ' ') ++i;
    if (i == msg.size()) break;
    const std::size_t key_begin = i;
    while (i < msg.size() && is_name_char(msg[i])) ++i;
    if (i == key_begin || i == msg.size() || msg[i] != '=') return false;
    const std::string_view key = msg.substr(key_begin, i - key_begin);
    ++i;
    std::string value;
    if (i < msg.size() && msg[i] == '"') {
      ++i;
      bool closed = false;
      while (i < msg.size()) {
        if (msg[i] == '\\' && i + 1 < msg.size()) {
          value.push_back(msg[i + 1]);
          i += 2;
        } else if (msg[i] == '"') {
          ++i;
          closed = true;
          break;
        } else {
          value.push_back(msg[i++]);
        }
      }
      if (!closed) return false;
    } else {
      const std::size_t v_begin = i;
      while (i < msg.size() && msg[i] != ' ') ++i;
      value.assign(msg.substr(v_begin, i - v_begin));
    }
    fields.emplace_back(key, std::move(value));
  }
  return true;
}

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto ts = std::chrono::time_point_cast<std::chrono::nanoseconds>(msg.time);
    fmt::format_to(std::back_inserter(dest), "{{\"ts\":\"{}\",\"level\":", format_iso8601(ts));
    append_json_string(dest, to_string(from_spdlog(msg.level)));
    dest.append(std::string_view(",\"component\":"));
    append_json_string(dest, std::string_view(msg.logger_name.data(), msg.logger_name.size()));
    const std::string_view text(msg.payload.data(), msg.payload.size());
    std::string_view event;
    std::vector<std::pair<std::string_view, std::string>> fields;
    if (split_fields(text, event, fields)) {
      dest.append(std::string_view(",\"event\":"));
      append_json_string(dest, event);
      for (const auto& [key, value] : fields) {
        if (key == "ts" || key == "level" || key == "component" || key == "event") continue;
        dest.push_back(',');
        append_json_string(dest, key);
        dest.push_back(':');
        append_json_string(dest, value);
      }
    } else {
      dest.append(std::string_view(",\"msg\":"));
      append_json_string(dest, text);
    }
    dest.append(std::string_view("}\n"));
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>();
  }

 private:
  static LogLevel from_spdlog(spdlog::level::level_enum l) {
    switch (l) {
      case spdlog::level::trace:
        return LogLevel::trace;
      case spdlog::level::debug:
        return LogLevel::debug;
      case spdlog::level::info:
        return LogLevel::info;
      case spdlog::level::warn:
        return LogLevel::warn;
      case spdlog::level::err:
        return LogLevel::error;
      case spdlog::level::critical:
        return LogLevel::critical;
      default:
        return LogLevel::off;
    }
  }
};

std::unique_ptr<spdlog::formatter> make_formatter(LogFormat format) {
  if (format == LogFormat::json) return std::make_unique<JsonFormatter>();
  return std::make_unique<spdlog::pattern_formatter>("%Y-%m-%dT%H:%M:%S.%eZ %-5l [%n] %v",
                                                     spdlog::pattern_time_type::utc);
}

}  // namespace

std::optional<LogLevel> parse_log_level(std::string_view text) noexcept {
  for (const auto& [name, level] : kLevels) {
    if (name == text) return level;
  }
  return std::nullopt;
}

std::optional<LogFormat> parse_log_format(std::string_view text) noexcept {
  if (text == "text") return LogFormat::text;
  if (text == "json") return LogFormat::json;
  return std::nullopt;
}

std::string_view to_string(LogLevel level) noexcept {
  for (const auto& [name, l] : kLevels) {
    if (l == level) return name;
  }
  return "info";
}

std::string_view to_string(LogFormat format) noexcept {
  return format == LogFormat::json ? "json" : "text";
}

std::string log_value(std::string_view value, std::size_t max_len) {
  const bool cut = value.size() > max_len;
  if (cut) value = value.substr(0, max_len);
  const bool plain =
      !value.empty() && value.find_first_of(" \"\\=\n\r\t") == std::string_view::npos;
  if (plain) return cut ? std::string(value) + "…" : std::string(value);
  std::string out = "\"";
  for (const char c : value) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  }
  if (cut) out += "…";
  out.push_back('"');
  return out;
}

Logging::Logging(LoggingOptions options)
    : Logging(options, std::make_shared<spdlog::sinks::stderr_sink_mt>()) {}

Logging::Logging(LoggingOptions options, spdlog::sink_ptr sink) : options_(options) {
  sink->set_formatter(make_formatter(options_.format));
  sinks_.push_back(std::move(sink));
}

Logger Logging::make_logger(std::string component) const {
  auto logger =
      std::make_shared<spdlog::logger>(std::move(component), sinks_.begin(), sinks_.end());
  logger->set_level(to_spdlog(options_.level));
  logger->flush_on(spdlog::level::warn);
  return logger;
}

Logger null_logger(std::string component) {
  auto logger = std::make_shared<spdlog::logger>(std::move(component),
                                                 std::make_shared<spdlog::sinks::null_sink_mt>());
  logger->set_level(spdlog::level::off);
  return logger;
}

}  // namespace antevorta
