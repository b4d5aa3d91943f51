#include "antevorta/config/tree.hpp"

#include <algorithm>
#include <exception>
#include <string>
#include <utility>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "config/internal.hpp"

namespace antevorta::config {

std::string ConfigError::to_string() const {
  std::string out = source;
  out += ": ";
  if (!key_path.empty()) {
    out += key_path;
    out += ": ";
  }
  out += message;
  if (line > 0) out += fmt::format(" (line {})", line);
  return out;
}

std::string Origin::to_string() const {
  if (source.empty()) return "default";
  if (line > 0) return fmt::format("{}:{}", source, line);
  return source;
}

const Node* Node::find(std::string_view key) const {
  if (kind != Kind::mapping) return nullptr;
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry.value;
  }
  return nullptr;
}

const Node* Node::find_path(std::string_view dotted) const {
  const Node* node = this;
  while (node != nullptr) {
    const auto dot = dotted.find('.');
    node = node->find(dotted.substr(0, dot));
    if (dot == std::string_view::npos) return node;
    dotted.remove_prefix(dot + 1);
  }
  return nullptr;
}

namespace {

// Converts a yaml-cpp node. With `use_marks`, origins carry the YAML line; otherwise every
// node gets `fallback` (values written in the environment).
class Converter {
 public:
  Converter(const std::string& source, bool use_marks, std::vector<ConfigError>& errors)
      : source_(source), use_marks_(use_marks), errors_(errors) {}

  Node convert(const YAML::Node& y, const Origin& fallback, const std::string& path) {
    Node node;
    node.origin = origin_of(y, fallback);
    switch (y.Type()) {
      case YAML::NodeType::Scalar:
        node.kind = Node::Kind::scalar;
        node.text = y.Scalar();
        break;
      case YAML::NodeType::Sequence: {
        node.kind = Node::Kind::sequence;
        std::size_t i = 0;
        for (const auto& item : y) {
          node.items.push_back(convert(item, node.origin, fmt::format("{}[{}]", path, i++)));
        }
        break;
      }
      case YAML::NodeType::Map:
        node.kind = Node::Kind::mapping;
        for (const auto& pair : y) add_entry(node, pair.first, pair.second, path);
        break;
      default:  // Null, Undefined
        node.kind = Node::Kind::null;
        node.origin = fallback;  // yaml-cpp's marks for empty values point past them
        break;
    }
    return node;
  }

 private:
  Origin origin_of(const YAML::Node& y, const Origin& fallback) const {
    if (!use_marks_ || y.Mark().line < 0) return fallback;
    return Origin{source_, y.Mark().line + 1};
  }

  void add_entry(Node& map, const YAML::Node& key, const YAML::Node& value,
                 const std::string& path) {
    const Origin key_origin = origin_of(key, map.origin);
    if (!key.IsScalar()) {
      errors_.push_back({source_, path, "mapping keys must be plain strings", key_origin.line});
      return;
    }
    const std::string child_path = path.empty() ? key.Scalar() : path + "." + key.Scalar();
    if (map.find(key.Scalar()) != nullptr) {
      errors_.push_back({source_, child_path, "duplicate key", key_origin.line});
      return;
    }
    map.entries.push_back({key.Scalar(), key_origin, convert(value, key_origin, child_path)});
  }

  const std::string& source_;
  bool use_marks_;
  std::vector<ConfigError>& errors_;
};

}  // namespace

Node parse_yaml(std::string_view text, const std::string& source,
                std::vector<ConfigError>& errors) {
  YAML::Node doc;
  try {
    doc = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    errors.push_back({source, "",
                      fmt::format("YAML syntax error at line {}, column {}: {}", e.mark.line + 1,
                                  e.mark.column + 1, e.msg)});
    return {};
  } catch (const std::exception& e) {
    errors.push_back({source, "", fmt::format("cannot parse YAML: {}", e.what())});
    return {};
  }
  if (doc.IsNull()) return {};
  if (!doc.IsMap()) {
    errors.push_back({source, "", "expected a mapping of sections at the top of the file",
                      doc.Mark().line >= 0 ? doc.Mark().line + 1 : 0});
    return {};
  }
  Converter converter(source, true, errors);
  return converter.convert(doc, Origin{source, 1}, "");
}

void merge(Node& base, Node layer) {
  if (base.is_mapping() && layer.is_mapping()) {
    for (auto& entry : layer.entries) {
      auto it = std::find_if(base.entries.begin(), base.entries.end(),
                             [&](const Node::Entry& e) { return e.key == entry.key; });
      if (it == base.entries.end()) {
        base.entries.push_back(std::move(entry));
        continue;
      }
      // Unknown-key and type errors should point at the layer that set the effective value.
      if (!(it->value.is_mapping() && (entry.value.is_mapping() || entry.value.is_null()))) {
        it->key_origin = entry.key_origin;
      }
      merge(it->value, std::move(entry.value));
    }
    return;
  }
  if (layer.is_null() && base.is_mapping()) return;
  base = std::move(layer);
}

namespace detail {

std::optional<Node> parse_yaml_value(std::string_view text, const Origin& origin,
                                     std::string& error) {
  try {
    const YAML::Node y = YAML::Load(std::string(text));
    std::vector<ConfigError> errors;
    Converter converter(origin.source, false, errors);
    Node node = converter.convert(y, origin, "");
    if (!errors.empty()) {
      error = errors.front().message;
      return std::nullopt;
    }
    return node;
  } catch (const YAML::Exception& e) {
    error = e.msg;
  } catch (const std::exception& e) {
    error = e.what();
  }
  return std::nullopt;
}

}  // namespace detail
}  // namespace antevorta::config
