// Field readers for the channel messages (the hot-path ones are inline in
// ws_parser_internal.hpp).
#include <simdjson.h>

#include "antevorta/core/decimal.hpp"
#include "antevorta/kalshi/ws_messages.hpp"

#include "ws_parser_internal.hpp"

namespace antevorta::kalshi {

namespace od = simdjson::ondemand;
using ws_detail::parse_fixed;
using ws_detail::string_content;
using ws_detail::trim_token;

namespace ws_detail {

namespace {

// Reads exactly `n` digits at `pos`; false when any is not a digit.
bool digits(std::string_view text, std::size_t pos, std::size_t n, int& out) noexcept {
  if (pos + n > text.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    const auto d = static_cast<unsigned char>(text[i] - '0');
    if (d > 9) return false;
    out = out * 10 + d;
  }
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t days_from_civil(int y, int m, int d) noexcept {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339_ms(std::string_view text) noexcept {
  // YYYY-MM-DDTHH:MM:SS[.frac](Z|±HH:MM)
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!digits(text, 0, 4, year) || text.size() < 20 || text[4] != '-' ||
      !digits(text, 5, 2, month) || text[7] != '-' || !digits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !digits(text, 11, 2, hour) ||
      text[13] != ':' || !digits(text, 14, 2, minute) || text[16] != ':' ||
      !digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) {
    return std::nullopt;
  }
  std::size_t pos = 19;
  int millis = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t n = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (n < 3) millis = millis * 10 + (text[pos] - '0');
      ++n;
      ++pos;
    }
    if (n == 0) return std::nullopt;
    for (; n < 3; ++n) millis *= 10;
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int oh = 0, om = 0;
    if (!digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !digits(text, pos + 4, 2, om) || oh > 23 || om > 59) {
      return std::nullopt;
    }
    offset_minutes = (text[pos] == '-' ? -1 : 1) * (oh * 60 + om);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const std::int64_t seconds = days_from_civil(year, month, day) * 86400 + hour * 3600 +
                               minute * 60 + second - offset_minutes * 60;
  return seconds * 1000 + millis;
}

}  // namespace ws_detail

bool WsParser::Impl::get_msg_object(od::value& v, od::object& out) noexcept {
  if (auto e = v.get_object().get(out)) return json_fail(e, "msg");
  return true;
}

bool WsParser::Impl::read_optional_string(od::value& v, std::string_view field,
                                          std::optional<std::string_view>& out) noexcept {
  if (is_null(v)) return true;
  std::string_view text;
  if (!read_string(v, field, text)) return false;
  out = text;
  return true;
}

bool WsParser::Impl::read_bool(od::value& v, std::string_view field, bool& out) noexcept {
  if (auto e = v.get_bool().get(out)) return json_fail(e, field);
  return true;
}

bool WsParser::Impl::read_optional_bool(od::value& v, std::string_view field,
                                        std::optional<bool>& out) noexcept {
  if (is_null(v)) return true;
  bool b = false;
  if (!read_bool(v, field, b)) return false;
  out = b;
  return true;
}

bool WsParser::Impl::read_outcome_side(od::value& v, std::string_view field,
                                       OutcomeSide& out) noexcept {
  std::string_view text;
  if (!read_raw_string(v, field, text)) return false;
  if (text == "yes") {
    out = OutcomeSide::yes;
  } else if (text == "no") {
    out = OutcomeSide::no;
  } else {
    return fail(FrameErrorCode::bad_value, field, "not yes or no");
  }
  return true;
}

bool WsParser::Impl::read_book_side(od::value& v, std::string_view field, BookSide& out) noexcept {
  std::string_view text;
  if (!read_raw_string(v, field, text)) return false;
  if (text == "bid") {
    out = BookSide::bid;
  } else if (text == "ask") {
    out = BookSide::ask;
  } else {
    return fail(FrameErrorCode::bad_value, field, "not bid or ask");
  }
  return true;
}

bool WsParser::Impl::read_is_buy(od::value& v, std::string_view field, bool& out) noexcept {
  std::string_view text;
  if (!read_raw_string(v, field, text)) return false;
  if (text == "buy") {
    out = true;
  } else if (text == "sell") {
    out = false;
  } else {
    return fail(FrameErrorCode::bad_value, field, "not buy or sell");
  }
  return true;
}

namespace {
// null, or "" for a number sent as a string: the optional field is absent.
bool is_absent_number(std::string_view token) noexcept {
  return token == "null" || token == "\"\"";
}
}  // namespace

bool WsParser::Impl::read_optional_price(od::value& v, std::string_view field,
                                         std::optional<Price>& out, std::uint8_t& rank,
                                         std::uint8_t form) noexcept {
  if (form <= rank || is_absent_number(trim_token(v.raw_json_token()))) return true;
  Price p;
  if (!(form == kLegacy ? read_price_cents(v, field, p) : read_price_text(v, field, p)))
    return false;
  out = p;
  rank = form;
  return true;
}

bool WsParser::Impl::read_optional_count(od::value& v, std::string_view field, bool allow_negative,
                                         std::optional<Count>& out, std::uint8_t& rank,
                                         std::uint8_t form) noexcept {
  if (form <= rank || is_absent_number(trim_token(v.raw_json_token()))) return true;
  Count c;
  if (!(form == kLegacy ? read_count_int(v, field, allow_negative, c)
                        : read_count_text(v, field, allow_negative, c))) {
    return false;
  }
  out = c;
  rank = form;
  return true;
}

bool WsParser::Impl::read_optional_money(od::value& v, std::string_view field,
                                         std::optional<Money>& out, std::uint8_t& rank,
                                         std::uint8_t form) noexcept {
  if (form <= rank || is_absent_number(trim_token(v.raw_json_token()))) return true;
  Money m;
  if (!(form == kLegacy ? read_money_centicents(v, field, m) : read_money_text(v, field, m))) {
    return false;
  }
  out = m;
  rank = form;
  return true;
}

bool WsParser::Impl::read_money_text(od::value& v, std::string_view field, Money& out) noexcept {
  std::string_view text;
  if (!read_raw_string(v, field, text)) return false;
  std::int64_t cc = 0;
  NumberError e{};
  if (!parse_fixed(text, Money::kDecimals, 6, /*allow_negative=*/true, cc, e)) {
    return fail(FrameErrorCode::bad_number, field, to_string(e));
  }
  out = Money::from_centicents(cc);
  return true;
}

bool WsParser::Impl::read_money_centicents(od::value& v, std::string_view field,
                                           Money& out) noexcept {
  std::int64_t cc = 0;
  if (!read_int(v, field, cc)) return false;
  out = Money::from_centicents(cc);
  return true;
}

bool WsParser::Impl::read_optional_time(od::value& v, std::string_view field,
                                        std::optional<std::int64_t>& out, std::uint8_t& rank,
                                        std::uint8_t form) noexcept {
  if (form <= rank || is_null(v)) return true;
  std::int64_t ms = 0;
  if (!(form == kLegacy ? read_seconds_as_ms(v, field, ms) : read_int(v, field, ms))) {
    return false;
  }
  out = ms;
  rank = form;
  return true;
}

bool WsParser::Impl::read_seconds_as_ms(od::value& v, std::string_view field,
                                        std::int64_t& out) noexcept {
  std::int64_t seconds = 0;
  if (!read_int(v, field, seconds)) return false;
  if (__builtin_mul_overflow(seconds, std::int64_t{1000}, &out)) {
    return fail(FrameErrorCode::bad_number, field, "seconds out of range");
  }
  return true;
}

bool WsParser::Impl::read_decimal(od::value& v, std::string_view field, Decimal& out) noexcept {
  const std::string_view token = trim_token(v.raw_json_token());
  // A JSON number's own text ("78934.67", "4487"), or the content of a string.
  const std::string_view text = token.starts_with('"') ? string_content(token).value_or("") : token;
  if (!token.starts_with('"') && !token.empty() && token[0] != '-' &&
      (token[0] < '0' || token[0] > '9')) {
    return fail(FrameErrorCode::wrong_type, field, "not a number");
  }
  const auto parsed = Decimal::parse(text);
  if (!parsed) return fail(FrameErrorCode::bad_number, field, to_string(parsed.error().code));
  out = *parsed;
  return true;
}

bool WsParser::Impl::read_rfc3339_ms(od::value& v, std::string_view field,
                                     std::int64_t& out) noexcept {
  std::string_view text;
  if (!read_raw_string(v, field, text)) return false;
  const auto ms = ws_detail::parse_rfc3339_ms(text);
  if (!ms) return fail(FrameErrorCode::bad_value, field, "not an RFC 3339 time");
  out = *ms;
  return true;
}

bool WsParser::Impl::resolve_direction(const Direction& d, std::string_view book_field,
                                       std::optional<OutcomeSide>& out) noexcept {
  if (d.outcome && d.book && outcome_side_of(*d.book) != *d.outcome) {
    return fail(FrameErrorCode::bad_value, book_field, "disagrees with outcome_side");
  }
  if (d.outcome) {
    out = d.outcome;
  } else if (d.book) {
    out = outcome_side_of(*d.book);
  } else if (d.legacy_side && d.legacy_is_buy) {
    out = outcome_side_of(*d.legacy_side, *d.legacy_is_buy);
  }
  return true;
}

}  // namespace antevorta::kalshi
