// Internal pieces of the config component shared between its .cpp files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "antevorta/config/config.hpp"
#include "antevorta/config/error.hpp"
#include "antevorta/config/reader.hpp"
#include "antevorta/config/tree.hpp"

namespace antevorta::config::detail {

inline constexpr std::string_view kEnvPrefix = "ANTEVORTA__";

// loader.cpp — reads a whole regular file; false when it cannot.
bool read_text_file(const std::filesystem::path& path, std::string& out);

// tree.cpp — parses a single value (a quoted scalar or a flow sequence) written outside a
// YAML file; every node gets `origin`. On failure returns nullopt and sets `error` to a
// message that does not repeat the input.
std::optional<Node> parse_yaml_value(std::string_view text, const Origin& origin,
                                     std::string& error);

// env.cpp — merges one ANTEVORTA__A__B variable into `tree` as a.b. With `interpret`, the
// value is read as YAML would read a scalar (trimmed; empty, ~ or null = null; quotes
// removed) or, when it starts with `[`, as a flow sequence; without, it is a literal string.
void apply_variable(Node& tree, std::string_view name, std::string_view value, const Origin& origin,
                    bool interpret, std::vector<ConfigError>& errors);

// dotenv.cpp
struct DotenvEntry {
  std::string name;
  std::string value;
  int line = 0;
  bool quoted = false;  // a quoted value is taken literally
};
std::vector<DotenvEntry> parse_dotenv(std::string_view text, const std::string& source,
                                      std::vector<ConfigError>& errors);
// Reads the .env file at `path` when it exists and merges its ANTEVORTA__ entries whose
// names are not set in `environment` into `tree`. Returns whether a file was read.
bool apply_dotenv(const std::filesystem::path& path,
                  const std::map<std::string, std::string>& environment, Node& tree,
                  std::vector<ConfigError>& errors);

// net.cpp — host and URL rules (Boost.URL).
// 127.0.0.0/8, ::1 (also IPv4-mapped), "localhost"; brackets around IPv6 are accepted.
bool is_loopback_host(std::string_view host);
// nullopt when `url` is an absolute URL with scheme `secure`, or `plain` on a loopback host;
// otherwise the reason.
std::optional<std::string> check_url(std::string_view url, std::string_view secure,
                                     std::string_view plain);
struct HostPort {
  std::string host;  // IPv6 without brackets
  std::uint16_t port = 0;
};
// "host:port" or "[v6]:port"; on failure returns nullopt and sets `error`.
std::optional<HostPort> parse_listen(std::string_view text, std::string& error);
// A host as it appears in a URL authority (IPv6 in brackets).
std::string url_host(std::string_view host);

// execution.cpp — the `execution` section, and one strategy's `exits` mapping (checked
// against the execution section read before it).
void read_execution(Reader r, ExecutionConfig& execution);
void read_exits(Reader r, ExitConfig& exits, const ExecutionConfig& execution);

// sections.cpp — validates the merged tree into `config` (all sections and cross rules).
void parse_sections(const Node& tree, AppConfig& config, std::vector<ConfigError>& errors);

}  // namespace antevorta::config::detail
