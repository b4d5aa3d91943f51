// The merged configuration tree: YAML-shaped values that remember where each came from.
//
// Every layer (YAML files, environment variables, .env lines) is turned into a Node tree and
// merged into one. Section parsers read it through config::Reader (reader.hpp); plugins keep
// a subtree (their `params`) and read it later the same way, with the same error reporting.
//
// Errors: nothing here throws for bad input; problems are appended to an error list.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "antevorta/config/error.hpp"

namespace antevorta::config {

// Where a value was set.
struct Origin {
  std::string source;  // see ConfigError::source
  int line = 0;        // 1-based line in a YAML source, 0 when not applicable

  // "config/base.yaml:4", "environment ANTEVORTA__X", ".env:3"; "default" when empty.
  std::string to_string() const;

  friend bool operator==(const Origin&, const Origin&) = default;
};

struct Node {
  enum class Kind { null, scalar, sequence, mapping };
  struct Entry;

  Kind kind = Kind::null;
  std::string text;            // scalar: the text as written (no type interpretation)
  std::vector<Node> items;     // sequence
  std::vector<Entry> entries;  // mapping: document order, unique keys
  Origin origin;

  bool is_null() const noexcept { return kind == Kind::null; }
  bool is_mapping() const noexcept { return kind == Kind::mapping; }
  // The value under `key` of a mapping; nullptr when absent or when this is no mapping.
  const Node* find(std::string_view key) const;
  // The value at a dotted path ("kalshi.environment"); nullptr when absent.
  const Node* find_path(std::string_view dotted) const;
};

struct Node::Entry {
  std::string key;
  Origin key_origin;  // the line of the key itself (a block mapping's value starts below it)
  Node value;
};

// Parses one YAML document. `source` names it in origins and errors. A syntax error (with
// line and column), a non-string key, a duplicate key or a document that is not a mapping
// is reported and yields a null node. An empty document is a null node.
Node parse_yaml(std::string_view text, const std::string& source, std::vector<ConfigError>& errors);

// Merges `layer` into `base`, later wins: mappings merge key by key, recursively; scalars and
// sequences replace. A null replaces a scalar or sequence (back to the default) but merging
// a null into a mapping changes nothing, so an empty section header is harmless.
void merge(Node& base, Node layer);

}  // namespace antevorta::config
