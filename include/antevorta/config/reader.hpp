// Strict, typed reading of one mapping of the configuration tree.
//
// A section parser creates a Reader over its mapping, reads every key it knows, checks
// ranges and cross-field rules, then calls finish(), which reports every key present in the
// mapping that was never asked for ("unknown key", with a "did you mean" for a close match).
// Nothing stops at the first problem: every error is appended to the shared error list
// with its source (file/line, environment variable or .env line) and its full key path.
//
// Reading: an absent key or an explicit null leaves `out` unchanged (the default) and
// returns false; a valid value is stored and returns true; an invalid value is reported,
// leaves `out` unchanged and returns false. Scalars are interpreted from their text, so "10"
// and 10 are the same integer; numbers for Count/Money/Price go through their own decimal
// parsers, never through double.
//
// Secrets: read(key, Secret&) marks the key secret; no message this reader produces for that
// key contains its value. Messages passed to error() are the caller's responsibility.
//
// Errors: never throws for bad input. A Reader refers to the tree and the error list it was
// given; both must outlive it.
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "antevorta/config/error.hpp"
#include "antevorta/config/tree.hpp"
#include "antevorta/core/fixed.hpp"
#include "antevorta/core/secret.hpp"

namespace antevorta::config {

class Reader {
 public:
  // `node` is the mapping to read (nullptr or a null node: an empty mapping); `path` is its
  // dotted key path ("" for the root, "strategies.x.params" for a plugin's parameters).
  Reader(const Node* node, std::string path, std::vector<ConfigError>& errors);

  const std::string& path() const noexcept { return path_; }
  // "<path>.<key>" (or "<key>" at the root).
  std::string key_path(std::string_view key) const;

  // True when the key is present with a non-null value. Marks the key as known.
  bool has(std::string_view key);
  // The raw value (nullptr when absent). Marks the key as known; for opaque subtrees.
  const Node* find(std::string_view key);
  // Every key present, in document order, all marked known; for maps of named entries.
  std::vector<std::string> keys();
  // Where the key's value was set; nullopt when absent.
  std::optional<Origin> origin(std::string_view key) const;

  bool read(std::string_view key, bool& out);  // true | false
  bool read(std::string_view key, std::int64_t& out);
  bool read(std::string_view key, std::uint16_t& out);  // 0..65535
  bool read(std::string_view key, std::string& out);    // any scalar, as written
  bool read(std::string_view key, Secret& out);         // like string; value never shown
  bool read(std::string_view key, Count& out);          // "10", "10.50", may be negative
  bool read(std::string_view key, Money& out);          // dollars, "10.50", may be negative
  bool read(std::string_view key, Price& out);          // dollars, 0..1
  bool read(std::string_view key, std::chrono::milliseconds& out);  // integer milliseconds
  bool read(std::string_view key, std::vector<std::string>& out);   // a sequence of scalars

  template <class T>
  bool read(std::string_view key, std::optional<T>& out) {
    T value{};
    if (!read(key, value)) return false;
    out = std::move(value);
    return true;
  }

  // One of the given names → its value; otherwise "must be one of a, b, c; was "x"".
  template <class E>
  bool read_enum(std::string_view key, E& out,
                 std::initializer_list<std::pair<std::string_view, E>> choices) {
    std::vector<std::string_view> names;
    for (const auto& choice : choices) names.push_back(choice.first);
    const auto index = read_choice(key, names);
    if (!index) return false;
    out = (choices.begin() + *index)->second;
    return true;
  }

  // A reader over the mapping at `key`; "expected a mapping" when it is something else (the
  // returned reader is then empty). Call finish() on it too.
  Reader child(std::string_view key);

  // Range checks for a value read from `key`. On failure they report
  // "must be > 0, was -3" (the text as written, or the value when the key is absent; never
  // a secret's value) and return false.
  template <class T>
  bool check_positive(std::string_view key, const T& value) {
    if (value > T{}) return true;
    range_error(key, "must be > 0", display(value));
    return false;
  }
  template <class T>
  bool check_at_least(std::string_view key, const T& value, const T& min) {
    if (value >= min) return true;
    range_error(key, "must be >= " + display(min), display(value));
    return false;
  }
  template <class T>
  bool check_between(std::string_view key, const T& value, const T& lo, const T& hi) {
    if (value >= lo && value <= hi) return true;
    range_error(key, "must be between " + display(lo) + " and " + display(hi), display(value));
    return false;
  }

  // A custom error at `key`: reported at the key's origin, or at this mapping's origin when
  // the key is absent.
  void error(std::string_view key, std::string message);
  // A custom error reported at a given origin (e.g. where the setting that makes `key`
  // required came from).
  void error(const Origin& where, std::string_view key, std::string message);

  // Reports every present key that was never asked for. Call once, after all reads.
  void finish();

  // Marks a key known without reading it (a key another component reads).
  void ignore(std::string_view key);

 private:
  const Node* lookup(std::string_view key);  // marks known; nullptr when absent or null
  const Node* scalar(std::string_view key, std::string_view expected);
  std::optional<std::size_t> read_choice(std::string_view key,
                                         std::span<const std::string_view> names);
  void type_error(std::string_view key, const Node& node, std::string_view expected);
  // Price, Count, Money: parsed from the scalar's text with T::parse, never via double.
  template <class T>
  bool read_fixed(std::string_view key, T& out, std::string_view expected);
  void range_error(std::string_view key, std::string_view requirement, std::string fallback);
  void add(const Origin& where, std::string key_path, std::string message);
  bool is_secret(std::string_view key) const;
  Origin fallback_origin() const;

  template <class T>
  static std::string display(const T& v) {
    if constexpr (std::is_integral_v<T>) {
      return std::to_string(v);
    } else if constexpr (std::is_same_v<T, std::chrono::milliseconds>) {
      return std::to_string(v.count()) + "ms";
    } else {
      return v.to_string();  // Count, Money, Price
    }
  }

  const Node* node_;
  std::string path_;
  std::vector<ConfigError>* errors_;
  std::vector<std::string> known_;
  std::vector<std::string> secret_;
};

// Quotes a value for an error message: "abc", with escapes, shortened when long.
std::string quote(std::string_view text);

}  // namespace antevorta::config
