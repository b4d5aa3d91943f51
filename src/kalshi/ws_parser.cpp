#include <algorithm>
#include <cstring>
#include <exception>
#include <limits>
#include <new>
#include <type_traits>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "antevorta/kalshi/ws_messages.hpp"

namespace antevorta::kalshi {

namespace od = simdjson::ondemand;

std::string_view to_string(FrameErrorCode code) noexcept {
  switch (code) {
    case FrameErrorCode::malformed_json:
      return "malformed JSON";
    case FrameErrorCode::not_an_object:
      return "not a JSON object";
    case FrameErrorCode::missing_field:
      return "missing field";
    case FrameErrorCode::wrong_type:
      return "wrong type";
    case FrameErrorCode::bad_number:
      return "bad number";
    case FrameErrorCode::bad_value:
      return "unexpected value";
    case FrameErrorCode::too_large:
      return "frame too large";
    case FrameErrorCode::trailing_content:
      return "content after the JSON object";
  }
  return "invalid frame";
}

std::string FrameError::message() const {
  std::string out(to_string(code));
  if (!field.empty()) out += fmt::format(" at {}", field);
  if (!detail.empty()) out += fmt::format(": {}", detail);
  return out;
}

std::optional<std::int64_t> sid_of(const WsMessage& message) noexcept {
  return std::visit(
      [](const auto& m) -> std::optional<std::int64_t> {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, WsError>) {
          return std::nullopt;
        } else {
          return m.sid;
        }
      },
      message);
}

std::optional<std::int64_t> seq_of(const WsMessage& message) noexcept {
  return std::visit(
      [](const auto& m) -> std::optional<std::int64_t> {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, WsError> || std::is_same_v<T, WsSubscribed>) {
          return std::nullopt;
        } else {
          return m.seq;
        }
      },
      message);
}

namespace {

enum class Kind : std::uint8_t {
  unknown,
  orderbook_snapshot,
  orderbook_delta,
  subscribed,
  ok,
  unsubscribed,
  error,
};

Kind classify(std::string_view type) noexcept {
  if (type == "orderbook_delta") return Kind::orderbook_delta;
  if (type == "orderbook_snapshot") return Kind::orderbook_snapshot;
  if (type == "ok") return Kind::ok;
  if (type == "subscribed") return Kind::subscribed;
  if (type == "unsubscribed") return Kind::unsubscribed;
  if (type == "error") return Kind::error;
  return Kind::unknown;
}

// Wire numbers: core's strict decimal parser, with zero padding up to `max_decimals`.
bool parse_fixed(std::string_view text, int decimals, int max_decimals, bool allow_negative,
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
std::optional<std::string_view> string_content(std::string_view token) noexcept {
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return std::nullopt;
  return token.substr(1, token.size() - 2);
}

// A scalar token as simdjson reports it runs up to the next structural character; drop the
// whitespace before it.
std::string_view trim_token(std::string_view token) noexcept {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                            token.back() == '\t')) {
    token.remove_suffix(1);
  }
  return token;
}

// "-?[1-9][0-9]*|0" within int64, else std::nullopt (simdjson then reports the error).
std::optional<std::int64_t> plain_int(std::string_view token) noexcept {
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

// Which array a snapshot side came from; a higher form replaces a lower one.
enum class LevelForm : std::uint8_t { none, cents_int, dollars, dollars_fp };

struct Envelope {
  Kind kind = Kind::unknown;
  bool has_type = false;
  bool has_msg = false;
  std::string_view type;
  std::optional<std::int64_t> id;
  std::optional<std::int64_t> sid;
  std::optional<std::int64_t> seq;
};

}  // namespace

struct WsParser::Impl {
  explicit Impl(WsParserOptions o) : options(o) {}

  WsParserOptions options;
  od::parser parser;
  std::unique_ptr<char[]> buffer;
  std::size_t capacity = 0;
  std::vector<std::pair<std::int64_t, bool>> sid_flags;

  // Reused output storage (spans and views in messages point here or into `parser`).
  std::vector<BookLevel> levels[2];
  LevelForm level_form[2] = {LevelForm::none, LevelForm::none};
  std::vector<std::string_view> tickers;
  std::vector<WsSubscription> subscriptions;

  // The message being built, in place (parse() hands out a reference to it).
  WsMessage message;
  FrameError error;

  // Emplaces the message for `kind` and clears the storage it uses.
  void start(Kind kind, std::string_view type) noexcept {
    switch (kind) {
      case Kind::orderbook_delta:
        // Deltas come in runs: reuse the previous one. Every required field is assigned
        // before a successful parse returns; only the optional ones need clearing.
        if (auto* d = std::get_if<OrderbookDelta>(&message)) {
          d->ts_ms.reset();
          d->client_order_id.reset();
        } else {
          message.emplace<OrderbookDelta>();
        }
        break;
      case Kind::orderbook_snapshot:
        message.emplace<OrderbookSnapshot>();
        levels[0].clear();
        levels[1].clear();
        level_form[0] = level_form[1] = LevelForm::none;
        break;
      case Kind::subscribed:
        message.emplace<WsSubscribed>();
        break;
      case Kind::ok:
        message.emplace<WsOk>();
        tickers.clear();
        subscriptions.clear();
        break;
      case Kind::unsubscribed:
        message.emplace<WsUnsubscribed>();
        break;
      case Kind::error:
        message.emplace<WsError>();
        break;
      case Kind::unknown:
        message.emplace<WsUnknown>().type = type;
        break;
    }
  }
  template <class T>
  T& current() noexcept {
    return *std::get_if<T>(&message);
  }

  bool load(std::string_view frame) noexcept;
  bool require_sid_seq_msg(const Envelope& env) noexcept {
    if (!env.sid) return fail(FrameErrorCode::missing_field, "sid");
    if (!env.seq) return fail(FrameErrorCode::missing_field, "seq");
    if (!env.has_msg) return fail(FrameErrorCode::missing_field, "msg");
    return true;
  }
  bool use_yes_price(std::int64_t sid) const noexcept;

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

  // Strings without escapes (every ticker, price and count Kalshi sends) are viewed in place
  // in the input buffer; a string with a backslash goes through simdjson's unescaping.
  bool read_string(od::value& v, std::string_view field, std::string_view& out) noexcept {
    const auto content = string_content(trim_token(v.raw_json_token()));
    if (content && content->find('\\') == std::string_view::npos) {
      out = *content;
      return true;
    }
    if (auto e = v.get_string().get(out)) return json_fail(e, field);
    return true;
  }
  // Prices, counts and enums, taken verbatim: an escape in them makes them invalid anyway
  // (Kalshi never escapes these).
  bool read_raw_string(od::value& v, std::string_view field, std::string_view& out) noexcept {
    const auto content = string_content(trim_token(v.raw_json_token()));
    if (!content) return fail(FrameErrorCode::wrong_type, field, "not a string");
    out = *content;
    return true;
  }
  // Plain integers are read from the token; anything else (floats, leading zeros, overflow)
  // goes to simdjson for its exact error.
  bool read_int(od::value& v, std::string_view field, std::int64_t& out) noexcept {
    const std::string_view token = trim_token(v.raw_json_token());
    if (auto fast = plain_int(token)) {
      out = *fast;
      return true;
    }
    if (auto e = v.get_int64().get(out)) return json_fail(e, field);
    return true;
  }
  bool read_optional_int(od::value& v, std::string_view field,
                         std::optional<std::int64_t>& out) noexcept {
    if (trim_token(v.raw_json_token()) == "null") return true;
    std::int64_t i = 0;
    if (!read_int(v, field, i)) return false;
    out = i;
    return true;
  }
  bool read_price_text(od::value& v, std::string_view field, Price& out) noexcept {
    std::string_view text;
    if (!read_raw_string(v, field, text)) return false;
    std::int64_t cc = 0;
    NumberError e{};
    if (!parse_fixed(text, Price::kDecimals, 6, /*allow_negative=*/false, cc, e)) {
      return fail(FrameErrorCode::bad_number, field, to_string(e));
    }
    if (cc > Price::kOne) return fail(FrameErrorCode::bad_number, field, "price above 1");
    out = Price::of(cc);
    return true;
  }
  bool read_price_cents(od::value& v, std::string_view field, Price& out) noexcept {
    std::int64_t cents = 0;
    if (!read_int(v, field, cents)) return false;
    if (cents < 0 || cents > 100)
      return fail(FrameErrorCode::bad_number, field, "cents out of range");
    out = Price::of(cents * 100);
    return true;
  }
  bool read_count_text(od::value& v, std::string_view field, bool allow_negative,
                       Count& out) noexcept {
    std::string_view text;
    if (!read_raw_string(v, field, text)) return false;
    std::int64_t centi = 0;
    NumberError e{};
    if (!parse_fixed(text, Count::kDecimals, 4, allow_negative, centi, e)) {
      return fail(FrameErrorCode::bad_number, field, to_string(e));
    }
    out = Count::from_centi(centi);
    return true;
  }
  bool read_count_int(od::value& v, std::string_view field, bool allow_negative,
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

  bool parse_levels(od::value& v, LevelForm form, std::vector<BookLevel>& out,
                    std::string_view field) noexcept;
  bool parse_snapshot_msg(od::value& v) noexcept;
  bool parse_delta_msg(od::value& v) noexcept;
  bool parse_subscribed_msg(od::value& v) noexcept;
  bool parse_ok_msg(od::value& v) noexcept;
  bool parse_error_msg(od::value& v) noexcept;
  bool parse_msg(Kind kind, od::value& v) noexcept;
};

bool WsParser::Impl::load(std::string_view frame) noexcept {
  const std::size_t needed = frame.size() + simdjson::SIMDJSON_PADDING;
  if (needed > capacity) {
    const std::size_t grown = std::max(needed, std::max<std::size_t>(capacity * 2, 4096));
    buffer.reset(new (std::nothrow) char[grown]);
    capacity = buffer ? grown : 0;
    if (!buffer) return false;
  }
  std::memcpy(buffer.get(), frame.data(), frame.size());
  // The padding must not look like JSON (simdjson peeks at it to detect unbalanced input).
  std::memset(buffer.get() + frame.size(), 0, simdjson::SIMDJSON_PADDING);
  return true;
}

bool WsParser::Impl::use_yes_price(std::int64_t sid) const noexcept {
  for (const auto& [s, flag] : sid_flags) {
    if (s == sid) return flag;
  }
  return options.use_yes_price;
}

bool WsParser::Impl::parse_levels(od::value& v, LevelForm form, std::vector<BookLevel>& out,
                                  std::string_view field) noexcept {
  out.clear();
  if (trim_token(v.raw_json_token()) == "null") return true;  // as if absent: empty side
  od::array array;
  if (auto e = v.get_array().get(array)) return json_fail(e, field);
  for (auto item : array) {
    if (auto e = item.error()) return json_fail(e, field);
    od::value& level_value = item.value_unsafe();
    od::array pair;
    if (auto e = level_value.get_array().get(pair)) return json_fail(e, field);
    BookLevel level;
    std::size_t n = 0;
    for (auto element : pair) {
      if (auto e = element.error()) return json_fail(e, field);
      od::value& x = element.value_unsafe();
      if (n == 0) {
        const bool good = form == LevelForm::cents_int ? read_price_cents(x, field, level.price)
                                                       : read_price_text(x, field, level.price);
        if (!good) return false;
      } else if (n == 1) {
        // Counts are strings in *_dollars_fp, integers in the legacy arrays, and either in
        // the transitional *_dollars arrays.
        od::json_type type{};
        if (auto e = x.type().get(type)) return json_fail(e, field);
        const bool good = type == od::json_type::string && form != LevelForm::cents_int
                              ? read_count_text(x, field, /*allow_negative=*/false, level.size)
                          : form != LevelForm::dollars_fp
                              ? read_count_int(x, field, /*allow_negative=*/false, level.size)
                              : fail(FrameErrorCode::wrong_type, field, "count must be a string");
        if (!good) return false;
      }
      // Elements past [price, count] are ignored (room for per-level order counts).
      ++n;
    }
    if (n < 2) return fail(FrameErrorCode::bad_value, field, "level is not [price, count]");
    if (!append(out, level, field)) return false;
  }
  return true;
}

bool WsParser::Impl::parse_snapshot_msg(od::value& v) noexcept {
  OrderbookSnapshot& snapshot = current<OrderbookSnapshot>();
  od::object msg;
  if (auto e = v.get_object().get(msg)) return json_fail(e, "msg");
  bool has_ticker = false;
  for (auto item : msg) {
    if (auto e = item.error()) return json_fail(e, "msg");
    od::field& f = item.value_unsafe();
    const od::raw_json_string key = f.key();
    od::value& value = f.value();
    // Which level array this key is, if any: side 0 = yes, 1 = no.
    struct LevelKey {
      std::string_view key;
      int side;
      LevelForm form;
      std::string_view field;
    };
    static constexpr LevelKey kLevelKeys[] = {
        {"yes_dollars_fp", 0, LevelForm::dollars_fp, "msg.yes_dollars_fp"},
        {"no_dollars_fp", 1, LevelForm::dollars_fp, "msg.no_dollars_fp"},
        {"yes_dollars", 0, LevelForm::dollars, "msg.yes_dollars"},
        {"no_dollars", 1, LevelForm::dollars, "msg.no_dollars"},
        {"yes", 0, LevelForm::cents_int, "msg.yes"},
        {"no", 1, LevelForm::cents_int, "msg.no"},
    };
    int side = -1;
    LevelForm form = LevelForm::none;
    std::string_view field;
    if (key == "market_ticker") {
      if (!read_string(value, "msg.market_ticker", snapshot.market_ticker)) return false;
      has_ticker = true;
    } else if (key == "ts_ms") {
      if (!read_optional_int(value, "msg.ts_ms", snapshot.ts_ms)) return false;
    } else {
      for (const LevelKey& k : kLevelKeys) {
        if (key == k.key) {
          side = k.side;
          form = k.form;
          field = k.field;
          break;
        }
      }
    }
    if (side >= 0 && form > level_form[side]) {
      if (!parse_levels(value, form, levels[side], field)) return false;
      level_form[side] = form;
    }
  }
  if (!has_ticker) return fail(FrameErrorCode::missing_field, "msg.market_ticker");
  return true;
}

bool WsParser::Impl::parse_delta_msg(od::value& v) noexcept {
  OrderbookDelta& delta = current<OrderbookDelta>();
  od::object msg;
  if (auto e = v.get_object().get(msg)) return json_fail(e, "msg");
  bool has_ticker = false;
  bool has_side = false;
  LevelForm price_form = LevelForm::none;  // dollars (string) beats cents_int
  LevelForm delta_form = LevelForm::none;  // dollars_fp (string) beats cents_int
  for (auto item : msg) {
    if (auto e = item.error()) return json_fail(e, "msg");
    od::field& f = item.value_unsafe();
    const od::raw_json_string key = f.key();
    od::value& value = f.value();
    // Dispatch on the first character: at most two comparisons per key.
    switch (key.raw()[0]) {
      case 'm':
        if (key == "market_ticker") {
          if (!read_string(value, "msg.market_ticker", delta.market_ticker)) return false;
          has_ticker = true;
        }
        break;
      case 'p':
        if (key == "price_dollars") {
          if (!read_price_text(value, "msg.price_dollars", delta.price)) return false;
          price_form = LevelForm::dollars;
        } else if (key == "price" && price_form == LevelForm::none) {
          if (!read_price_cents(value, "msg.price", delta.price)) return false;
          price_form = LevelForm::cents_int;
        }
        break;
      case 'd':
        if (key == "delta_fp") {
          if (!read_count_text(value, "msg.delta_fp", /*allow_negative=*/true, delta.delta)) {
            return false;
          }
          delta_form = LevelForm::dollars_fp;
        } else if (key == "delta" && delta_form == LevelForm::none) {
          if (!read_count_int(value, "msg.delta", /*allow_negative=*/true, delta.delta)) {
            return false;
          }
          delta_form = LevelForm::cents_int;
        }
        break;
      case 's':
        if (key == "side") {
          std::string_view side;
          if (!read_raw_string(value, "msg.side", side)) return false;
          if (side == "yes") {
            delta.side = OutcomeSide::yes;
          } else if (side == "no") {
            delta.side = OutcomeSide::no;
          } else {
            return fail(FrameErrorCode::bad_value, "msg.side", "not yes or no");
          }
          has_side = true;
        }
        break;
      case 't':
        if (key == "ts_ms") {
          if (!read_optional_int(value, "msg.ts_ms", delta.ts_ms)) return false;
        }
        break;
      case 'c':
        if (key == "client_order_id") {
          bool null = false;
          if (auto e = value.is_null().get(null)) return json_fail(e, "msg.client_order_id");
          if (!null) {
            std::string_view id;
            if (!read_string(value, "msg.client_order_id", id)) return false;
            delta.client_order_id = id;
          }
        }
        break;
      default:
        break;
    }
  }
  if (!has_ticker) return fail(FrameErrorCode::missing_field, "msg.market_ticker");
  if (!has_side) return fail(FrameErrorCode::missing_field, "msg.side");
  if (price_form == LevelForm::none)
    return fail(FrameErrorCode::missing_field, "msg.price_dollars");
  if (delta_form == LevelForm::none) return fail(FrameErrorCode::missing_field, "msg.delta_fp");
  return true;
}

bool WsParser::Impl::parse_subscribed_msg(od::value& v) noexcept {
  WsSubscribed& subscribed = current<WsSubscribed>();
  od::object msg;
  if (auto e = v.get_object().get(msg)) return json_fail(e, "msg");
  bool has_sid = false;
  bool has_channel = false;
  for (auto item : msg) {
    if (auto e = item.error()) return json_fail(e, "msg");
    od::field& f = item.value_unsafe();
    const od::raw_json_string key = f.key();
    if (key == "sid") {
      if (!read_int(f.value(), "msg.sid", subscribed.sid)) return false;
      has_sid = true;
    } else if (key == "channel") {
      if (!read_string(f.value(), "msg.channel", subscribed.channel)) return false;
      has_channel = true;
    }
  }
  if (!has_sid) return fail(FrameErrorCode::missing_field, "msg.sid");
  if (!has_channel) return fail(FrameErrorCode::missing_field, "msg.channel");
  return true;
}

bool WsParser::Impl::parse_ok_msg(od::value& v) noexcept {
  od::json_type type{};
  if (auto e = v.type().get(type)) return json_fail(e, "msg");
  if (type == od::json_type::array) {  // list_subscriptions: [{"channel":…,"sid":…},…]
    od::array list;
    if (auto e = v.get_array().get(list)) return json_fail(e, "msg");
    for (auto item : list) {
      od::object entry;
      if (auto e = item.get_object().get(entry)) return json_fail(e, "msg[]");
      WsSubscription sub;
      for (auto kv : entry) {
        if (auto e = kv.error()) return json_fail(e, "msg[]");
        od::field& f = kv.value_unsafe();
        if (f.key() == "channel") {
          if (!read_string(f.value(), "msg[].channel", sub.channel)) return false;
        } else if (f.key() == "sid") {
          if (!read_int(f.value(), "msg[].sid", sub.sid)) return false;
        }
      }
      if (!append(subscriptions, sub, "msg[]")) return false;
    }
    return true;
  }
  if (type != od::json_type::object) return true;  // nothing we use
  od::object msg;
  if (auto e = v.get_object().get(msg)) return json_fail(e, "msg");
  for (auto item : msg) {
    if (auto e = item.error()) return json_fail(e, "msg");
    od::field& f = item.value_unsafe();
    if (f.key() != "market_tickers") continue;
    od::array list;
    if (auto e = f.value().get_array().get(list)) return json_fail(e, "msg.market_tickers");
    for (auto t : list) {
      std::string_view ticker;
      if (auto e = t.get_string().get(ticker)) return json_fail(e, "msg.market_tickers[]");
      if (!append(tickers, ticker, "msg.market_tickers[]")) return false;
    }
  }
  return true;
}

bool WsParser::Impl::parse_error_msg(od::value& v) noexcept {
  WsError& error_msg = current<WsError>();
  od::object msg;
  if (auto e = v.get_object().get(msg)) return json_fail(e, "msg");
  bool has_code = false;
  for (auto item : msg) {
    if (auto e = item.error()) return json_fail(e, "msg");
    od::field& f = item.value_unsafe();
    const od::raw_json_string key = f.key();
    if (key == "code") {
      if (!read_int(f.value(), "msg.code", error_msg.code)) return false;
      has_code = true;
    } else if (key == "msg") {
      if (!read_string(f.value(), "msg.msg", error_msg.msg)) return false;
    } else if (key == "market_ticker") {
      std::string_view ticker;
      if (!read_string(f.value(), "msg.market_ticker", ticker)) return false;
      error_msg.market_ticker = ticker;
    }
  }
  if (!has_code) return fail(FrameErrorCode::missing_field, "msg.code");
  return true;
}

bool WsParser::Impl::parse_msg(Kind kind, od::value& v) noexcept {
  switch (kind) {
    case Kind::orderbook_delta:
      return parse_delta_msg(v);
    case Kind::orderbook_snapshot:
      return parse_snapshot_msg(v);
    case Kind::subscribed:
      return parse_subscribed_msg(v);
    case Kind::ok:
      return parse_ok_msg(v);
    case Kind::error:
      return parse_error_msg(v);
    case Kind::unsubscribed:
    case Kind::unknown:
      return true;
  }
  return true;
}

// ---- WsParser ---------------------------------------------------------------------------

WsParser::WsParser(WsParserOptions options) : impl_(std::make_unique<Impl>(options)) {}
WsParser::~WsParser() = default;
WsParser::WsParser(WsParser&&) noexcept = default;
WsParser& WsParser::operator=(WsParser&&) noexcept = default;

void WsParser::set_use_yes_price(std::int64_t sid, bool use_yes_price) {
  for (auto& [s, flag] : impl_->sid_flags) {
    if (s == sid) {
      flag = use_yes_price;
      return;
    }
  }
  impl_->sid_flags.emplace_back(sid, use_yes_price);
}

void WsParser::forget_sid(std::int64_t sid) noexcept {
  std::erase_if(impl_->sid_flags, [sid](const auto& entry) { return entry.first == sid; });
}

bool WsParser::use_yes_price(std::int64_t sid) const noexcept { return impl_->use_yes_price(sid); }

WsParseResult WsParser::parse(std::string_view frame) noexcept {
  Impl& m = *impl_;
  if (frame.size() > m.options.max_frame_bytes) {
    return FrameError{FrameErrorCode::too_large, {}, {}};
  }
  if (!m.load(frame)) return FrameError{FrameErrorCode::too_large, {}, "out of memory"};

  od::document doc;
  if (auto e = m.parser.iterate(m.buffer.get(), frame.size(), m.capacity).get(doc)) {
    return m.json_error(e);
  }
  od::object root;
  if (auto e = doc.get_object().get(root)) {
    // A well-formed scalar or array ("heartbeat", [..]) vs. garbage ("hello").
    od::json_type type{};
    if (e == simdjson::INCORRECT_TYPE) {
      if (!doc.type().get(type)) return FrameError{FrameErrorCode::not_an_object, {}, {}};
      e = simdjson::TAPE_ERROR;
    }
    return m.json_error(e);
  }

  // One pass over the envelope. `msg` is parsed where it stands when `type` came first (as
  // Kalshi sends it); otherwise a second pass after a rewind parses it.
  Envelope env;
  bool msg_deferred = false;
  for (auto item : root) {
    if (auto e = item.error()) return m.json_error(e);
    od::field& f = item.value_unsafe();
    const od::raw_json_string key = f.key();
    od::value& value = f.value();
    bool good = true;
    if (key == "type") {
      good = m.read_string(value, "type", env.type);
      env.kind = classify(env.type);
      env.has_type = true;
      m.start(env.kind, env.type);
    } else if (key == "sid") {
      good = m.read_optional_int(value, "sid", env.sid);
    } else if (key == "seq") {
      good = m.read_optional_int(value, "seq", env.seq);
    } else if (key == "id") {
      good = m.read_optional_int(value, "id", env.id);
    } else if (key == "msg") {
      env.has_msg = true;
      if (env.has_type) {
        good = m.parse_msg(env.kind, value);
      } else {
        msg_deferred = true;
      }
    }
    if (!good) return m.error;
  }
  if (!doc.current_location().error()) {
    return FrameError{FrameErrorCode::trailing_content, {}, {}};
  }
  if (!env.has_type) return FrameError{FrameErrorCode::missing_field, "type", {}};

  if (msg_deferred && env.kind != Kind::unknown && env.kind != Kind::unsubscribed) {
    doc.rewind();
    if (auto e = doc.get_object().get(root)) return m.json_error(e);
    for (auto item : root) {
      if (auto e = item.error()) return m.json_error(e);
      od::field& f = item.value_unsafe();
      if (f.key() != "msg") continue;
      if (!m.parse_msg(env.kind, f.value())) return m.error;
      break;
    }
  }

  switch (env.kind) {
    case Kind::orderbook_delta: {
      if (!m.require_sid_seq_msg(env)) return m.error;
      auto& d = m.current<OrderbookDelta>();
      d.sid = *env.sid;
      d.seq = *env.seq;
      if (d.side == OutcomeSide::no && m.use_yes_price(d.sid)) d.price = d.price.complement();
      break;
    }
    case Kind::orderbook_snapshot: {
      if (!m.require_sid_seq_msg(env)) return m.error;
      auto& s = m.current<OrderbookSnapshot>();
      s.sid = *env.sid;
      s.seq = *env.seq;
      if (m.use_yes_price(s.sid)) {
        for (BookLevel& level : m.levels[1]) level.price = level.price.complement();
      }
      s.yes_bids = m.levels[0];
      s.no_bids = m.levels[1];
      break;
    }
    case Kind::subscribed:
      if (!env.has_msg) return FrameError{FrameErrorCode::missing_field, "msg", {}};
      m.current<WsSubscribed>().id = env.id;
      break;
    case Kind::ok: {
      auto& ok = m.current<WsOk>();
      ok.id = env.id;
      ok.sid = env.sid;
      ok.seq = env.seq;
      ok.market_tickers = m.tickers;
      ok.subscriptions = m.subscriptions;
      break;
    }
    case Kind::unsubscribed:
      m.current<WsUnsubscribed>() = WsUnsubscribed{env.id, env.sid, env.seq};
      break;
    case Kind::error:
      if (!env.has_msg) return FrameError{FrameErrorCode::missing_field, "msg", {}};
      m.current<WsError>().id = env.id;
      break;
    case Kind::unknown: {
      auto& u = m.current<WsUnknown>();
      u.sid = env.sid;
      u.seq = env.seq;
      break;
    }
  }
  return WsParseResult(m.message);
}

}  // namespace antevorta::kalshi
