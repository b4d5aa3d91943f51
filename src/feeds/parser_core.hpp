// Internals shared by the feed parsers (not installed): the padded simdjson buffer, token
// readers that keep decimal digits exact, RFC 3339 times, the symbol table, trade-id gap
// tracking, and tick construction.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "antevorta/core/decimal.hpp"
#include "antevorta/feeds/parser.hpp"

namespace antevorta::feeds::detail {

namespace od = simdjson::ondemand;

// The token of a scalar value as written (a string keeps its quotes), without the whitespace
// simdjson may report after it. Tokens point into the padded frame: valid until the next
// parse, and usable after the iteration moved on.
std::string_view token_of(od::value& v) noexcept;
std::string_view trim_token(std::string_view token) noexcept;
// The characters between the quotes of a string token (escapes left as written), or nullopt
// when the token is not a string.
std::optional<std::string_view> string_content(std::string_view token) noexcept;
// The text of a string value, unescaped when it has escapes; nullopt when not a string.
std::optional<std::string_view> string_of(od::value& v) noexcept;
// null or "": an optional field that is absent.
bool is_absent(std::string_view token) noexcept;

// A decimal from a string token ("68900.50") or a JSON number's own text (105944.20), exact.
// nullopt when it is neither, has more than 8 significant decimals, or is out of range.
std::optional<Decimal> decimal_of(std::string_view token) noexcept;
// An integer from a number token or a string of digits ("3049"); nullopt otherwise or
// beyond int64.
std::optional<std::int64_t> int_of(std::string_view token) noexcept;

// Venue times must lie in [1970, 2200): Timestamp counts nanoseconds in an int64, which ends
// in 2262, so anything later (a corrupt field) is refused rather than overflowed.
inline constexpr std::int64_t kMaxUnixSeconds = 7'258'118'400;  // 2200-01-01T00:00:00Z

// "2026-04-07T14:30:00.123456789Z", "…T14:30:00Z", "…+01:00" → UTC; nullopt when malformed
// or outside [1970, 2200). Up to 9 fractional digits are kept; more are truncated.
std::optional<Timestamp> parse_rfc3339(std::string_view text) noexcept;
// A string token holding an RFC 3339 time, or `fallback`.
Timestamp time_or(std::string_view token, Timestamp fallback) noexcept;

// (bid + ask) / 2 rounded toward zero at 1e-8.
Decimal mid_of(Decimal bid, Decimal ask) noexcept;

// Configured symbols: a short flat list, searched linearly (a handful of entries beats a hash).
class SymbolTable {
 public:
  explicit SymbolTable(std::vector<FeedSymbol> symbols) : symbols_(std::move(symbols)) {}
  // The index of `symbol`, or -1 when it is not configured.
  int find(std::string_view symbol) const noexcept;
  const FeedSymbol& at(int index) const noexcept {
    return symbols_[static_cast<std::size_t>(index)];
  }
  std::size_t size() const noexcept { return symbols_.size(); }

 private:
  std::vector<FeedSymbol> symbols_;
};

// The last id seen per slot (symbol × id space); counts ids skipped over.
class GapTracker {
 public:
  enum class Verdict : std::uint8_t { next, gap, old };
  void resize(std::size_t slots) { last_.assign(slots, std::nullopt); }
  void reset() noexcept {
    for (auto& l : last_) l.reset();
  }
  // `id` in `slot`: next (the first, last + 1, or a repeat of last), gap (ids were skipped:
  // one more in `gaps`) or old (below the last; not recorded, the caller may drop it).
  Verdict observe(std::size_t slot, std::int64_t id, std::uint32_t& gaps) noexcept;

 private:
  std::vector<std::optional<std::int64_t>> last_;
};

// Removes the ticks appended since `start` (a frame that turned out malformed) and returns r.
inline FrameResult drop_ticks(std::vector<PriceTick>& out, std::size_t start, FrameResult r) {
  out.erase(out.begin() + static_cast<std::ptrdiff_t>(start), out.end());
  r.ticks = 0;
  return r;
}

// Stores `error` in `result` and returns false (for the bool-returning readers).
inline bool fail(FrameResult& result, FrameResult error) {
  result = error;
  return false;
}

// The state every parser shares: options, the reusable simdjson parser and padded buffer,
// the text storage for FrameResult::text.
class ParserCore {
 public:
  ParserCore(ParserOptions options, Venue venue);

  // Copies `frame` into the padded buffer and starts the document. On failure fills `result`
  // (malformed) and returns false.
  bool open(std::string_view frame, od::document& doc, FrameResult& result) noexcept;
  // The root object of `doc`. A JSON array is `ignored` (Kraken v1 data frames); any other
  // non-object is malformed. Returns false with `result` filled when there is no object.
  bool root_object(od::document& doc, od::object& root, FrameResult& result) noexcept;
  // True when the document has been consumed completely (no trailing content).
  static bool at_end(od::document& doc) noexcept;

  FrameResult malformed(std::string_view why, std::string_view field = {});
  FrameResult json_error(simdjson::error_code e, std::string_view field = {});
  FrameResult with_text(FrameStatus status, std::string_view text);

  // An optional decimal field: absent, null or "" leave `out` empty; anything else must be a
  // decimal, or `result` becomes malformed (naming `field`) and false is returned.
  bool optional_decimal(std::string_view token, std::string_view field, std::optional<Decimal>& out,
                        FrameResult& result);

  // Appends a trade tick for symbol `index`. False (nothing appended) when price <= 0.
  bool trade(std::vector<PriceTick>& out, int index, Decimal price, Timestamp exchange_time,
             Timestamp received_at) const;
  // Appends a quote tick when 0 < bid <= ask, else a trade tick from `last` when it is > 0.
  // Returns whether a tick was appended.
  bool quote(std::vector<PriceTick>& out, int index, std::optional<Decimal> bid,
             std::optional<Decimal> ask, std::optional<Decimal> last, Timestamp exchange_time,
             Timestamp received_at) const;

  // The index of the configured symbol a JSON string token names: -1 when it is not
  // configured; kMalformedSymbol when the token is missing or not a string (then `result` is
  // malformed, naming `field`).
  static constexpr int kMalformedSymbol = -2;
  int symbol_index(std::string_view token, std::string_view field, FrameResult& result);

  const ParserOptions& options() const noexcept { return options_; }
  const SymbolTable& symbols() const noexcept { return symbols_; }
  Venue venue() const noexcept { return venue_; }

 private:
  ParserOptions options_;
  Venue venue_;
  SymbolTable symbols_;
  od::parser json_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::string text_;
};

}  // namespace antevorta::feeds::detail
