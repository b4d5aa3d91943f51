#include <cctype>
#include <string>
#include <string_view>
#include <utility>

#include "config/internal.hpp"

namespace antevorta::config::detail {

namespace {

std::string_view trim(std::string_view s) {
  const auto not_space = [](char c) { return !std::isspace(static_cast<unsigned char>(c)); };
  while (!s.empty() && !not_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && !not_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The lower-cased key path of ANTEVORTA__A__B; empty when a segment is empty.
std::vector<std::string> key_segments(std::string_view name) {
  std::vector<std::string> out;
  std::string_view rest = name.substr(kEnvPrefix.size());
  while (true) {
    const auto sep = rest.find("__");
    const std::string_view segment = rest.substr(0, sep);
    if (segment.empty()) return {};
    out.push_back(lower(segment));
    if (sep == std::string_view::npos) return out;
    rest.remove_prefix(sep + 2);
  }
}

std::string join(const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : segments) {
    if (!out.empty()) out += '.';
    out += s;
  }
  return out;
}

// Plain YAML scalars are taken as written (after trimming) rather than handed to a YAML
// parser: a token such as "*x7" or "!abc" would otherwise become an alias or a tag.
std::optional<Node> interpret_value(std::string_view raw, const Origin& origin,
                                    const std::string& key_path, std::vector<ConfigError>& errors) {
  const std::string_view text = trim(raw);
  Node node;
  node.origin = origin;
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    return node;
  }
  const char first = text.front();
  if (first == '[' || first == '"' || first == '\'') {
    std::string error;
    auto parsed = parse_yaml_value(text, origin, error);
    const bool ok = parsed && (first == '[' ? parsed->kind == Node::Kind::sequence
                                            : parsed->kind == Node::Kind::scalar);
    if (!ok) {
      errors.push_back({origin.source, key_path,
                        first == '[' ? "invalid list: a value starting with [ must be a YAML flow "
                                       "sequence such as [a, b]" +
                                           (error.empty() ? std::string() : " (" + error + ")")
                                     : "invalid quoted value" +
                                           (error.empty() ? std::string() : " (" + error + ")")});
      return std::nullopt;
    }
    return parsed;
  }
  node.kind = Node::Kind::scalar;
  node.text = std::string(text);
  return node;
}

}  // namespace

void apply_variable(Node& tree, std::string_view name, std::string_view value, const Origin& origin,
                    bool interpret, std::vector<ConfigError>& errors) {
  const auto segments = key_segments(name);
  if (segments.empty()) {
    errors.push_back({origin.source, "",
                      "invalid variable name: expected ANTEVORTA__SECTION__KEY with one "
                      "double underscore between non-empty parts"});
    return;
  }
  const std::string key_path = join(segments);
  std::optional<Node> leaf;
  if (interpret) {
    leaf = interpret_value(value, origin, key_path, errors);
    if (!leaf) return;
  } else {
    leaf.emplace();
    leaf->kind = Node::Kind::scalar;
    leaf->text = std::string(value);
    leaf->origin = origin;
  }
  // Wrap the leaf in one mapping per segment and merge it like any other layer.
  Node layer = std::move(*leaf);
  for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
    Node map;
    map.kind = Node::Kind::mapping;
    map.origin = origin;
    map.entries.push_back({*it, origin, std::move(layer)});
    layer = std::move(map);
  }
  merge(tree, std::move(layer));
}

}  // namespace antevorta::config::detail
