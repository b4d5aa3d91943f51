#include <cctype>
#include <string>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "config/internal.hpp"

namespace antevorta::config::detail {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool valid_name(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  for (const char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

// What may follow a closing quote: nothing, or a comment.
bool only_comment(std::string_view rest) {
  rest = trim(rest);
  return rest.empty() || rest.front() == '#';
}

struct Parsed {
  std::string value;
  bool quoted = false;
  const char* error = nullptr;  // never includes the line's text: it may hold a secret
};

Parsed parse_value(std::string_view v) {
  Parsed out;
  v = trim(v);
  if (v.empty()) return out;
  if (v.front() == '\'') {
    const auto close = v.find('\'', 1);
    if (close == std::string_view::npos) return {{}, false, "unterminated single quote"};
    if (!only_comment(v.substr(close + 1))) return {{}, false, "unexpected text after quote"};
    return {std::string(v.substr(1, close - 1)), true, nullptr};
  }
  if (v.front() == '"') {
    std::string value;
    for (std::size_t i = 1; i < v.size(); ++i) {
      const char c = v[i];
      if (c == '"') {
        if (!only_comment(v.substr(i + 1))) return {{}, false, "unexpected text after quote"};
        return {std::move(value), true, nullptr};
      }
      if (c == '\\' && i + 1 < v.size()) {
        const char e = v[++i];
        value += e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e;
        continue;
      }
      value += c;
    }
    return {{}, false, "unterminated double quote (values cannot span lines)"};
  }
  // Unquoted: a `#` starts a comment only after whitespace, as in shells.
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (v[i] == '#' && is_space(v[i - 1])) {
      v = trim(v.substr(0, i));
      break;
    }
  }
  out.value = std::string(v);
  return out;
}

}  // namespace

std::vector<DotenvEntry> parse_dotenv(std::string_view text, const std::string& source,
                                      std::vector<ConfigError>& errors) {
  std::vector<DotenvEntry> out;
  int line_no = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++line_no;
    if (line_no == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);  // BOM
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    if (line.starts_with("export") && line.size() > 6 && is_space(line[6])) {
      line = trim(line.substr(7));
    }
    const std::string where = fmt::format("{}:{}", source, line_no);
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      errors.push_back({where, "", "expected KEY=VALUE"});
      continue;
    }
    const std::string_view name = trim(line.substr(0, eq));
    if (!valid_name(name)) {
      errors.push_back({where, "", "invalid variable name (letters, digits and _ only)"});
      continue;
    }
    Parsed value = parse_value(line.substr(eq + 1));
    if (value.error != nullptr) {
      errors.push_back({where, "", value.error});
      continue;
    }
    out.push_back({std::string(name), std::move(value.value), line_no, value.quoted});
  }
  return out;
}

bool apply_dotenv(const std::filesystem::path& path,
                  const std::map<std::string, std::string>& environment, Node& tree,
                  std::vector<ConfigError>& errors) {
  if (path.empty()) return false;
  const std::string source = path.generic_string();
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return false;
  std::string text;
  if (!read_text_file(path, text)) {
    errors.push_back({source, "", "cannot read the .env file"});
    return false;
  }
  for (const auto& entry : parse_dotenv(text, source, errors)) {
    if (!entry.name.starts_with(kEnvPrefix) || environment.contains(entry.name)) continue;
    apply_variable(tree, entry.name, entry.value,
                   Origin{fmt::format("{}:{}", source, entry.line), 0}, !entry.quoted, errors);
  }
  return true;
}

}  // namespace antevorta::config::detail
