// WsParser internals shared by the ws_parse_*.cpp files: the Impl (buffers, the message being
// built, error state) and the field readers every message parser uses. Not installed.
//
// Conventions of every parse_*_msg: it reads `msg` in one pass (fields in any order),
// assigns into current<T>(), and returns false after storing the reason in `error` (the
// field named as "msg.<key>"). Fields with several wire forms keep a form rank (a small
// integer, 0 = not seen): a higher rank replaces a lower one, a lower one is skipped unread.
// The hot-path readers (strings, integers, prices, counts) are inline here; the rest are in
// ws_parse_fields.cpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <simdjson.h>

#include "antevorta/kalshi/ws_messages.hpp"

namespace antevorta::kalshi::ws_detail {

namespace od = simdjson::ondemand;

enum class Kind : std::uint8_t {
  unknown,
  orderbook_snapshot,
  orderbook_delta,
  subscribed,
  ok,
  unsubscribed,
  error,
  ticker,
  trade,
  fill,
  user_order,
  market_position,
  market_lifecycle,
  multivariate_lifecycle,
  event_lifecycle,
  event_fee_update,
  cfbenchmarks_value,
};

// orderbook_delta first: it is most of the traffic.
inline Kind classify(std::string_view type) noexcept {
  if (type == "orderbook_delta") return Kind::orderbook_delta;
  if (type == "orderbook_snapshot") return Kind::orderbook_snapshot;
  if (type == "ticker") return Kind::ticker;
  if (type == "trade") return Kind::trade;
  if (type == "ok") return Kind::ok;
  if (type == "subscribed") return Kind::subscribed;
  if (type == "unsubscribed") return Kind::unsubscribed;
  if (type == "error") return Kind::error;
  if (type == "fill") return Kind::fill;
  if (type == "user_order") return Kind::user_order;
  if (type == "market_position") return Kind::market_position;
  if (type == "market_lifecycle_v2") return Kind::market_lifecycle;
  if (type == "multivariate_market_lifecycle") return Kind::multivariate_lifecycle;
  if (type == "event_lifecycle") return Kind::event_lifecycle;
  if (type == "event_fee_update") return Kind::event_fee_update;
  if (type == "cfbenchmarks_value") return Kind::cfbenchmarks_value;
  return Kind::unknown;
}

// Wire numbers: core's strict decimal parser, with zero padding up to `max_decimals`.
inline bool parse_fixed(std::string_view text, int decimals, int max_decimals, bool allow_negative,
                        std::int64_t& out, NumberError& error) noexcept {
  const auto v = antevorta::detail::parse_decimal(text, decimals, allow_negative, max_decimals);
  if (!v) {
    error = v.error();
    return false;
  }
  out = *v;
  return true;
}

// The characters between the quotes of a string token, unescaped or not; std::nullopt when
// the token is not a string.
inline std::optional<std::string_view> string_content(std::string_view token) noexcept {
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return std::nullopt;
  return token.substr(1, token.size() - 2);
}

// A scalar token as simdjson reports it runs up to the next structural character; drop the
// whitespace before it.
inline std::string_view trim_token(std::string_view token) noexcept {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                            token.back() == '\t')) {
    token.remove_suffix(1);
  }
  return token;
}

// "-?[1-9][0-9]*|0" within int64, else std::nullopt (simdjson then reports the error).
inline std::optional<std::int64_t> plain_int(std::string_view token) noexcept {
  const bool negative = !token.empty() && token[0] == '-';
  const std::string_view digits = token.substr(negative ? 1 : 0);
  // Up to 18 digits cannot overflow; longer integers (or leading zeros) take the slow path.
  if (digits.empty() || digits.size() > 18 || (digits[0] == '0' && digits.size() > 1)) {
    return std::nullopt;
  }
  std::int64_t value = 0;
  for (const char c : digits) {
    const auto d = static_cast<unsigned char>(c - '0');
    if (d > 9) return std::nullopt;
    value = value * 10 + d;
  }
  return negative ? -value : value;
}

// "2024-12-01T10:00:00Z", "…T10:00:00.123456Z", "…T10:00:00+01:00" -> unix ms (fractions
// past the millisecond are truncated); std::nullopt when malformed.
std::optional<std::int64_t> parse_rfc3339_ms(std::string_view text) noexcept;

// Which array a snapshot side came from; a higher form replaces a lower one.
enum class LevelForm : std::uint8_t { none, cents_int, dollars, dollars_fp };

// Form ranks of market_lifecycle_v2 fields that come at the top level or inside
// additional_metadata.
struct LifecycleRanks {
  std::uint8_t strike_type = 0;
  std::uint8_t floor_strike = 0;
  std::uint8_t cap_strike = 0;
  std::uint8_t custom_strike = 0;
  std::uint8_t yes_sub_title = 0;
};

struct Envelope {
  Kind kind = Kind::unknown;
  bool has_type = false;
  bool has_msg = false;
  std::string_view type;
  std::optional<std::int64_t> id;
  std::optional<std::int64_t> sid;
  std::optional<std::int64_t> seq;
};

}  // namespace antevorta::kalshi::ws_detail

namespace antevorta::kalshi {

struct WsParser::Impl {
  using Kind = ws_detail::Kind;
  using LevelForm = ws_detail::LevelForm;
  using od_value = simdjson::ondemand::value;

  explicit Impl(WsParserOptions o) : options(o) {}

  WsParserOptions options;
  simdjson::ondemand::parser parser;
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;
  std::vector<std::pair<std::int64_t, bool>> sid_flags;

  // Reused output storage (spans and views in messages point here or into `parser`).
  std::vector<BookLevel> levels[2];
  LevelForm level_form[2] = {LevelForm::none, LevelForm::none};
  std::vector<std::string_view> tickers;
  std::vector<WsSubscription> subscriptions;
  std::vector<PriceRange> price_ranges;
  // cfbenchmarks_value carries its upstream frame as a JSON string: a second parser (made on
  // first use) reads it from its own padded copy while the outer document is still open.
  std::unique_ptr<simdjson::ondemand::parser> inner_parser;
  std::unique_ptr<char[]> inner_buffer;
  std::size_t inner_capacity = 0;

  // The message being built, in place (parse() hands out a reference to it).
  WsMessage message;
  FrameError error;

  // Emplaces the message for `kind` and clears the storage it uses.
  void start(Kind kind, std::string_view type) noexcept;
  template <class T>
  T& current() noexcept {
    return *std::get_if<T>(&message);
  }

  bool load(std::string_view frame) noexcept;
  bool require_sid_seq_msg(const ws_detail::Envelope& env) noexcept {
    if (!env.sid) return fail(FrameErrorCode::missing_field, "sid");
    if (!env.seq) return fail(FrameErrorCode::missing_field, "seq");
    if (!env.has_msg) return fail(FrameErrorCode::missing_field, "msg");
    return true;
  }
  bool use_yes_price(std::int64_t sid) const noexcept;
  // A channel message (ticker, fill, …): `sid` and `msg` required; `seq` too when the
  // channel numbers its messages (T::seq is then not optional).
  template <class T>
  bool finish_channel(const ws_detail::Envelope& env) noexcept {
    if (!env.sid) return fail(FrameErrorCode::missing_field, "sid");
    if (!env.has_msg) return fail(FrameErrorCode::missing_field, "msg");
    T& m = current<T>();
    m.sid = *env.sid;
    if constexpr (std::is_same_v<decltype(m.seq), std::int64_t>) {
      if (!env.seq) return fail(FrameErrorCode::missing_field, "seq");
      m.seq = *env.seq;
    } else {
      m.seq = env.seq;
    }
    return true;
  }

  // Each returns false after storing the reason in `error`.
  bool fail(FrameErrorCode code, std::string_view field, std::string_view detail = {}) noexcept {
    error = FrameError{code, field, detail};
    return false;
  }
  FrameError json_error(simdjson::error_code e) noexcept {
    json_fail(e, {});
    return error;
  }
  bool json_fail(simdjson::error_code e, std::string_view field) noexcept {
    switch (e) {
      case simdjson::INCORRECT_TYPE:
        return fail(FrameErrorCode::wrong_type, field, simdjson::error_message(e));
      case simdjson::NUMBER_ERROR:
      case simdjson::NUMBER_OUT_OF_RANGE:
        return fail(FrameErrorCode::bad_number, field, simdjson::error_message(e));
      default:
        return fail(FrameErrorCode::malformed_json, field, simdjson::error_message(e));
    }
  }

  // Calls on_field(key, value) for each field of `object` (an error names `where`); stops at
  // the first false. The message parsers' one field loop.
  template <class OnField>
  bool for_each_field(simdjson::ondemand::object& object, std::string_view where,
                      OnField&& on_field) noexcept {
    for (auto item : object) {
      if (auto e = item.error()) return json_fail(e, where);
      simdjson::ondemand::field& f = item.value_unsafe();
      if (!on_field(f.key(), f.value())) return false;
    }
    return true;
  }

  // ---- Hot-path readers (orderbook_delta) ----

  // Strings without escapes (every ticker, price and count Kalshi sends) are viewed in place
  // in the input buffer; a string with a backslash goes through simdjson's unescaping.
  bool read_string(od_value& v, std::string_view field, std::string_view& out) noexcept {
    const auto content = ws_detail::string_content(ws_detail::trim_token(v.raw_json_token()));
    if (content && content->find('\\') == std::string_view::npos) {
      out = *content;
      return true;
    }
    if (auto e = v.get_string().get(out)) return json_fail(e, field);
    return true;
  }
  // Prices, counts and enums, taken verbatim: an escape in them makes them invalid anyway
  // (Kalshi never escapes these).
  bool read_raw_string(od_value& v, std::string_view field, std::string_view& out) noexcept {
    const auto content = ws_detail::string_content(ws_detail::trim_token(v.raw_json_token()));
    if (!content) return fail(FrameErrorCode::wrong_type, field, "not a string");
    out = *content;
    return true;
  }
  // Plain integers are read from the token; anything else (floats, leading zeros, overflow)
  // goes to simdjson for its exact error.
  bool read_int(od_value& v, std::string_view field, std::int64_t& out) noexcept {
    const std::string_view token = ws_detail::trim_token(v.raw_json_token());
    if (auto fast = ws_detail::plain_int(token)) {
      out = *fast;
      return true;
    }
    if (auto e = v.get_int64().get(out)) return json_fail(e, field);
    return true;
  }
  bool read_optional_int(od_value& v, std::string_view field,
                         std::optional<std::int64_t>& out) noexcept {
    if (is_null(v)) return true;
    std::int64_t i = 0;
    if (!read_int(v, field, i)) return false;
    out = i;
    return true;
  }
  bool read_price_text(od_value& v, std::string_view field, Price& out) noexcept {
    std::string_view text;
    if (!read_raw_string(v, field, text)) return false;
    std::int64_t cc = 0;
    NumberError e{};
    if (!ws_detail::parse_fixed(text, Price::kDecimals, 6, /*allow_negative=*/false, cc, e)) {
      return fail(FrameErrorCode::bad_number, field, to_string(e));
    }
    if (cc > Price::kOne) return fail(FrameErrorCode::bad_number, field, "price above 1");
    out = Price::of(cc);
    return true;
  }
  bool read_price_cents(od_value& v, std::string_view field, Price& out) noexcept {
    std::int64_t cents = 0;
    if (!read_int(v, field, cents)) return false;
    if (cents < 0 || cents > 100)
      return fail(FrameErrorCode::bad_number, field, "cents out of range");
    out = Price::of(cents * 100);
    return true;
  }
  bool read_count_text(od_value& v, std::string_view field, bool allow_negative,
                       Count& out) noexcept {
    std::string_view text;
    if (!read_raw_string(v, field, text)) return false;
    std::int64_t centi = 0;
    NumberError e{};
    if (!ws_detail::parse_fixed(text, Count::kDecimals, 4, allow_negative, centi, e)) {
      return fail(FrameErrorCode::bad_number, field, to_string(e));
    }
    out = Count::from_centi(centi);
    return true;
  }
  bool read_count_int(od_value& v, std::string_view field, bool allow_negative,
                      Count& out) noexcept {
    std::int64_t whole = 0;
    if (!read_int(v, field, whole)) return false;
    std::int64_t centi = 0;
    if (__builtin_mul_overflow(whole, Count::kOne, &centi)) {
      return fail(FrameErrorCode::bad_number, field, "count out of range");
    }
    if (centi < 0 && !allow_negative) return fail(FrameErrorCode::bad_number, field, "negative");
    out = Count::from_centi(centi);
    return true;
  }
  static bool is_null(od_value& v) noexcept {
    return ws_detail::trim_token(v.raw_json_token()) == "null";
  }

  // push_back for the reused output vectors; running out of memory is a rejected frame.
  template <class T>
  bool append(std::vector<T>& out, const T& item, std::string_view field) noexcept {
    try {
      out.push_back(item);
      return true;
    } catch (const std::exception&) {
      return fail(FrameErrorCode::too_large, field, "out of memory");
    }
  }

  // ---- Other readers (ws_parse_fields.cpp) ----

  bool get_msg_object(od_value& v, simdjson::ondemand::object& out) noexcept;
  // null -> absent.
  bool read_optional_string(od_value& v, std::string_view field,
                            std::optional<std::string_view>& out) noexcept;
  bool read_bool(od_value& v, std::string_view field, bool& out) noexcept;
  bool read_optional_bool(od_value& v, std::string_view field, std::optional<bool>& out) noexcept;
  // "yes" / "no", "bid" / "ask", "buy" / "sell"; anything else is bad_value.
  bool read_outcome_side(od_value& v, std::string_view field, OutcomeSide& out) noexcept;
  bool read_book_side(od_value& v, std::string_view field, BookSide& out) noexcept;
  bool read_is_buy(od_value& v, std::string_view field, bool& out) noexcept;
  // Form ranks for fields with several wire forms.
  static constexpr std::uint8_t kLegacy = 1;   // integer cents / contracts / seconds
  static constexpr std::uint8_t kCurrent = 2;  // `*_dollars` / `*_fp` strings, `*_ts_ms`
  // Optional numbers: null and "" -> absent (the rank is left alone then). Form kLegacy
  // reads the integer form (cents, contracts, centi-cents), a higher form the string.
  bool read_optional_price(od_value& v, std::string_view field, std::optional<Price>& out,
                           std::uint8_t& rank, std::uint8_t form) noexcept;
  bool read_optional_count(od_value& v, std::string_view field, bool allow_negative,
                           std::optional<Count>& out, std::uint8_t& rank,
                           std::uint8_t form) noexcept;
  bool read_optional_money(od_value& v, std::string_view field, std::optional<Money>& out,
                           std::uint8_t& rank, std::uint8_t form) noexcept;
  // "-1.2500" dollars (up to six decimals when the extra ones are zeros), or legacy integer
  // centi-cents.
  bool read_money_text(od_value& v, std::string_view field, Money& out) noexcept;
  bool read_money_centicents(od_value& v, std::string_view field, Money& out) noexcept;
  // Form kCurrent: a `*_ts_ms` integer; form kLegacy: a seconds integer, converted to ms.
  bool read_optional_time(od_value& v, std::string_view field, std::optional<std::int64_t>& out,
                          std::uint8_t& rank, std::uint8_t form) noexcept;
  // Integer seconds -> ms.
  bool read_seconds_as_ms(od_value& v, std::string_view field, std::int64_t& out) noexcept;
  // A JSON number (its own text) or a decimal string; never through double.
  bool read_decimal(od_value& v, std::string_view field, Decimal& out) noexcept;
  bool read_rfc3339_ms(od_value& v, std::string_view field, std::int64_t& out) noexcept;
  // Reconciles outcome_side / book_side / legacy side + action into `outcome` (see
  // ws_user_messages.hpp); false when none says the direction.
  struct Direction {
    std::optional<OutcomeSide> outcome;
    std::optional<BookSide> book;
    std::optional<OutcomeSide> legacy_side;
    std::optional<bool> legacy_is_buy;
  };
  bool resolve_direction(const Direction& d, std::string_view book_field,
                         std::optional<OutcomeSide>& out) noexcept;

  // ---- Message parsers (one file per group) ----

  // ws_parse_book.cpp
  bool parse_levels(od_value& v, LevelForm form, std::vector<BookLevel>& out,
                    std::string_view field) noexcept;
  bool parse_snapshot_msg(od_value& v) noexcept;
  bool parse_delta_msg(od_value& v) noexcept;
  // ws_parse_control.cpp
  bool parse_subscribed_msg(od_value& v) noexcept;
  bool parse_ok_msg(od_value& v) noexcept;
  bool parse_error_msg(od_value& v) noexcept;
  // ws_parse_market.cpp
  bool parse_ticker_msg(od_value& v) noexcept;
  bool parse_trade_msg(od_value& v) noexcept;
  bool parse_event_lifecycle_msg(od_value& v) noexcept;
  bool parse_event_fee_update_msg(od_value& v) noexcept;
  // ws_parse_lifecycle.cpp
  bool parse_market_lifecycle_msg(od_value& v) noexcept;
  bool parse_lifecycle_metadata(od_value& v, ws_detail::LifecycleRanks& ranks) noexcept;
  bool read_lifecycle_strike(const simdjson::ondemand::raw_json_string& key, od_value& value,
                             bool nested, ws_detail::LifecycleRanks& ranks, bool& handled) noexcept;
  bool take_string(od_value& v, std::string_view field, std::optional<std::string_view>& out,
                   std::uint8_t& rank, std::uint8_t form) noexcept;
  bool take_decimal(od_value& v, std::string_view field, std::optional<Decimal>& out,
                    std::uint8_t& rank, std::uint8_t form) noexcept;
  bool parse_price_ranges(od_value& v) noexcept;
  // ws_parse_cfbenchmarks.cpp
  bool parse_cfbenchmarks_msg(od_value& v) noexcept;
  bool parse_cfbenchmarks_average(od_value& v, std::string_view field,
                                  CfBenchmarksAverage& out) noexcept;
  bool parse_cfbenchmarks_data(std::string_view data) noexcept;
  // ws_parse_user.cpp
  bool parse_fill_msg(od_value& v) noexcept;
  bool parse_user_order_msg(od_value& v) noexcept;
  bool parse_market_position_msg(od_value& v) noexcept;

  bool parse_msg(Kind kind, od_value& v) noexcept;
};

}  // namespace antevorta::kalshi
