#include "antevorta/config/reader.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <limits>

#include <fmt/format.h>

namespace antevorta::config {

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// YAML integers as people write them: optional sign, decimal digits. No 0x/0o/underscores.
std::optional<std::int64_t> parse_integer(std::string_view text) {
  if (text.size() > 1 && text.front() == '+' && std::isdigit(static_cast<unsigned char>(text[1]))) {
    text.remove_prefix(1);
  }
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string describe(const Node& node) {
  switch (node.kind) {
    case Node::Kind::sequence:
      return "a list";
    case Node::Kind::mapping:
      return "a mapping";
    case Node::Kind::null:
      return "empty";
    case Node::Kind::scalar:
      break;
  }
  return quote(node.text);
}

std::string fixed_expectation(const ParseError& e, std::string_view what, int decimals) {
  if (e.code == NumberError::too_many_decimals) {
    return fmt::format("{} with at most {} decimal places", what, decimals);
  }
  if (e.code == NumberError::out_of_range) return fmt::format("{} in range", what);
  return std::string(what);
}

}  // namespace

std::string quote(std::string_view text) {
  constexpr std::size_t kMax = 80;
  std::string out = "\"";
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == kMax) {
      out += "...";
      break;
    }
    const char c = text[i];
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  out += '"';
  return out;
}

Reader::Reader(const Node* node, std::string path, std::vector<ConfigError>& errors)
    : node_(node), path_(std::move(path)), errors_(&errors) {}

std::string Reader::key_path(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  return fmt::format("{}.{}", path_, key);
}

const Node* Reader::lookup(std::string_view key) {
  if (std::find(known_.begin(), known_.end(), key) == known_.end()) known_.emplace_back(key);
  if (node_ == nullptr) return nullptr;
  const Node* value = node_->find(key);
  return value == nullptr || value->is_null() ? nullptr : value;
}

bool Reader::has(std::string_view key) { return lookup(key) != nullptr; }

const Node* Reader::find(std::string_view key) {
  lookup(key);
  return node_ == nullptr ? nullptr : node_->find(key);
}

void Reader::ignore(std::string_view key) { lookup(key); }

std::vector<std::string> Reader::keys() {
  std::vector<std::string> out;
  if (node_ == nullptr) return out;
  for (const auto& entry : node_->entries) {
    lookup(entry.key);
    out.push_back(entry.key);
  }
  return out;
}

std::optional<Origin> Reader::origin(std::string_view key) const {
  if (node_ == nullptr) return std::nullopt;
  const Node* value = node_->find(key);
  if (value == nullptr) return std::nullopt;
  return value->origin;
}

Origin Reader::fallback_origin() const {
  if (node_ != nullptr && !node_->origin.source.empty()) return node_->origin;
  return Origin{"defaults", 0};
}

bool Reader::is_secret(std::string_view key) const {
  return std::find(secret_.begin(), secret_.end(), key) != secret_.end();
}

void Reader::add(const Origin& where, std::string key_path, std::string message) {
  errors_->push_back({where.source, std::move(key_path), std::move(message), where.line});
}

void Reader::type_error(std::string_view key, const Node& node, std::string_view expected) {
  std::string message = fmt::format("expected {}", expected);
  if (!is_secret(key)) message += ", was " + describe(node);
  add(node.origin, key_path(key), std::move(message));
}

const Node* Reader::scalar(std::string_view key, std::string_view expected) {
  const Node* value = lookup(key);
  if (value == nullptr) return nullptr;
  if (value->kind != Node::Kind::scalar) {
    type_error(key, *value, expected);
    return nullptr;
  }
  return value;
}

bool Reader::read(std::string_view key, bool& out) {
  const Node* value = scalar(key, "true or false");
  if (value == nullptr) return false;
  const std::string text = lower(value->text);
  if (text == "true" || text == "false") {
    out = text == "true";
    return true;
  }
  type_error(key, *value, "true or false");
  return false;
}

bool Reader::read(std::string_view key, std::int64_t& out) {
  const Node* value = scalar(key, "an integer");
  if (value == nullptr) return false;
  const auto parsed = parse_integer(value->text);
  if (!parsed) {
    type_error(key, *value, "an integer");
    return false;
  }
  out = *parsed;
  return true;
}

bool Reader::read(std::string_view key, std::uint16_t& out) {
  constexpr std::string_view kExpected = "an integer between 0 and 65535";
  const Node* value = scalar(key, kExpected);
  if (value == nullptr) return false;
  const auto parsed = parse_integer(value->text);
  if (!parsed || *parsed < 0 || *parsed > std::numeric_limits<std::uint16_t>::max()) {
    type_error(key, *value, kExpected);
    return false;
  }
  out = static_cast<std::uint16_t>(*parsed);
  return true;
}

bool Reader::read(std::string_view key, std::string& out) {
  const Node* value = scalar(key, "a string");
  if (value == nullptr) return false;
  out = value->text;
  return true;
}

bool Reader::read(std::string_view key, Secret& out) {
  if (!is_secret(key)) secret_.emplace_back(key);
  std::string text;
  if (!read(key, text)) return false;
  out = Secret(std::move(text));
  return true;
}

template <class T>
bool Reader::read_fixed(std::string_view key, T& out, std::string_view expected) {
  const Node* value = scalar(key, expected);
  if (value == nullptr) return false;
  auto parsed = T::parse(value->text);
  if (!parsed) {
    type_error(key, *value, fixed_expectation(parsed.error(), expected, T::kDecimals));
    return false;
  }
  out = *parsed;
  return true;
}

bool Reader::read(std::string_view key, Count& out) {
  return read_fixed(key, out, "a number of contracts");
}

bool Reader::read(std::string_view key, Money& out) {
  return read_fixed(key, out, "an amount in dollars");
}

bool Reader::read(std::string_view key, Price& out) {
  return read_fixed(key, out, "a price in dollars between 0 and 1");
}

bool Reader::read(std::string_view key, std::chrono::milliseconds& out) {
  const Node* value = scalar(key, "an integer number of milliseconds");
  if (value == nullptr) return false;
  const auto parsed = parse_integer(value->text);
  if (!parsed) {
    type_error(key, *value, "an integer number of milliseconds");
    return false;
  }
  out = std::chrono::milliseconds(*parsed);
  return true;
}

bool Reader::read(std::string_view key, std::vector<std::string>& out) {
  const Node* value = lookup(key);
  if (value == nullptr) return false;
  if (value->kind != Node::Kind::sequence) {
    type_error(key, *value, "a list of strings, such as [a, b]");
    return false;
  }
  std::vector<std::string> items;
  bool ok = true;
  for (std::size_t i = 0; i < value->items.size(); ++i) {
    const Node& item = value->items[i];
    if (item.kind != Node::Kind::scalar) {
      add(item.origin, fmt::format("{}[{}]", key_path(key), i),
          "expected a string, was " + describe(item));
      ok = false;
      continue;
    }
    items.push_back(item.text);
  }
  if (ok) out = std::move(items);
  return ok;
}

std::optional<std::size_t> Reader::read_choice(std::string_view key,
                                               std::span<const std::string_view> names) {
  const Node* value = lookup(key);
  if (value == nullptr) return std::nullopt;
  if (value->kind == Node::Kind::scalar) {
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == value->text) return i;
    }
  }
  std::string message = fmt::format("must be one of {}", fmt::join(names, ", "));
  if (!is_secret(key)) message += "; was " + describe(*value);
  add(value->origin, key_path(key), std::move(message));
  return std::nullopt;
}

Reader Reader::child(std::string_view key) {
  const Node* value = lookup(key);
  if (value != nullptr && !value->is_mapping()) {
    type_error(key, *value, "a mapping");
    value = nullptr;
  }
  // An absent section still gets its origin-less reader so defaults apply.
  return Reader(value, key_path(key), *errors_);
}

void Reader::range_error(std::string_view key, std::string_view requirement, std::string fallback) {
  const Node* value = node_ == nullptr ? nullptr : node_->find(key);
  std::string message(requirement);
  if (!is_secret(key)) {
    message += ", was ";
    message += value != nullptr && value->kind == Node::Kind::scalar ? value->text : fallback;
  }
  add(value != nullptr ? value->origin : fallback_origin(), key_path(key), std::move(message));
}

void Reader::error(std::string_view key, std::string message) {
  const auto where = origin(key);
  add(where ? *where : fallback_origin(), key_path(key), std::move(message));
}

void Reader::error(const Origin& where, std::string_view key, std::string message) {
  add(where, key_path(key), std::move(message));
}

void Reader::finish() {
  if (node_ == nullptr) return;
  for (const auto& entry : node_->entries) {
    if (std::find(known_.begin(), known_.end(), entry.key) != known_.end()) continue;
    std::string message = "unknown key";
    const std::string wanted = lower(entry.key);
    const std::string* best = nullptr;
    std::size_t best_distance = std::max<std::size_t>(2, wanted.size() / 3) + 1;
    for (const auto& candidate : known_) {
      const std::size_t d = edit_distance(wanted, candidate);
      if (d < best_distance) {
        best_distance = d;
        best = &candidate;
      }
    }
    if (best != nullptr) message += fmt::format("; did you mean \"{}\"?", *best);
    add(entry.key_origin, key_path(entry.key), std::move(message));
  }
}

}  // namespace antevorta::config
