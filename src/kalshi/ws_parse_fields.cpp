// Field readers for the channel messages (the hot-path ones are inline in
// ws_parser_internal.hpp).
#include <simdjson.h>

#include "antevorta/core/decimal.hpp"
#include "antevorta/core/rfc3339.hpp"
#include "antevorta/kalshi/ws_messages.hpp"

#include "ws_parser_internal.hpp"

namespace antevorta::kalshi {

namespace od = simdjson::ondemand;
using ws_detail::parse_fixed;
using ws_detail::string_content;
using ws_detail::trim_token;

namespace ws_detail {

std::optional<std::int64_t> parse_rfc3339_ms(std::string_view text) noexcept {
  const auto t = antevorta::parse_rfc3339(text);
  if (!t) return std::nullopt;
  return to_unix_ms(*t);
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
