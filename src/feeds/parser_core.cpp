#include "feeds/parser_core.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <new>

#include <fmt/format.h>

#include "antevorta/core/rfc3339.hpp"

namespace antevorta::feeds {

std::string_view to_string(FrameStatus status) noexcept {
  switch (status) {
    case FrameStatus::data:
      return "data";
    case FrameStatus::subscribed:
      return "subscribed";
    case FrameStatus::heartbeat:
      return "heartbeat";
    case FrameStatus::info:
      return "info";
    case FrameStatus::error:
      return "error";
    case FrameStatus::shutdown:
      return "shutdown";
    case FrameStatus::ignored:
      return "ignored";
    case FrameStatus::malformed:
      return "malformed";
  }
  return "unknown";
}

namespace detail {

std::string_view trim_token(std::string_view token) noexcept {
  while (!token.empty() && (token.back() == ' ' || token.back() == '\n' || token.back() == '\r' ||
                            token.back() == '\t')) {
    token.remove_suffix(1);
  }
  return token;
}

std::string_view token_of(od::value& v) noexcept { return trim_token(v.raw_json_token()); }

std::optional<std::string_view> string_content(std::string_view token) noexcept {
  if (token.size() < 2 || token.front() != '"' || token.back() != '"') return std::nullopt;
  return token.substr(1, token.size() - 2);
}

std::optional<std::string_view> string_of(od::value& v) noexcept {
  const auto content = string_content(token_of(v));
  if (!content) return std::nullopt;
  if (content->find('\\') == std::string_view::npos) return content;
  std::string_view unescaped;
  if (v.get_string().get(unescaped)) return std::nullopt;
  return unescaped;
}

bool is_absent(std::string_view token) noexcept { return token == "null" || token == "\"\""; }

namespace {

bool is_number_start(char c) noexcept { return c == '-' || (c >= '0' && c <= '9'); }

}  // namespace

std::optional<Decimal> decimal_of(std::string_view token) noexcept {
  if (token.empty()) return std::nullopt;
  if (token.front() == '"') {
    const auto content = string_content(token);
    if (!content) return std::nullopt;
    token = *content;
  } else if (!is_number_start(token.front())) {
    return std::nullopt;
  }
  // Zeros past the 8th decimal are accepted ("0.100000000000"), other digits are not.
  const auto scaled = antevorta::detail::parse_decimal(token, Decimal::kDecimals,
                                                       /*allow_negative=*/true,
                                                       /*max_decimals=*/18);
  if (!scaled) return std::nullopt;
  return Decimal::from_scaled(*scaled);
}

std::optional<std::int64_t> int_of(std::string_view token) noexcept {
  if (const auto content = string_content(token)) token = *content;
  if (token.empty() || !is_number_start(token.front())) return std::nullopt;
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
  if (ec != std::errc{} || end != token.data() + token.size()) return std::nullopt;
  return value;
}

std::optional<Timestamp> parse_rfc3339(std::string_view text) noexcept {
  const auto t = antevorta::parse_rfc3339(text);
  if (!t || *t < Timestamp{} || *t >= Timestamp(std::chrono::seconds(kMaxUnixSeconds))) {
    return std::nullopt;
  }
  return t;
}

Timestamp time_or(std::string_view token, Timestamp fallback) noexcept {
  const auto text = string_content(token);
  if (!text) return fallback;
  return parse_rfc3339(*text).value_or(fallback);
}

Decimal mid_of(Decimal bid, Decimal ask) noexcept {
  const antevorta::detail::int128 sum =
      static_cast<antevorta::detail::int128>(bid.scaled()) + ask.scaled();
  return Decimal::from_scaled(static_cast<std::int64_t>(sum / 2));
}

int SymbolTable::find(std::string_view symbol) const noexcept {
  for (std::size_t i = 0; i < symbols_.size(); ++i) {
    if (symbols_[i].symbol == symbol) return static_cast<int>(i);
  }
  return -1;
}

GapTracker::Verdict GapTracker::observe(std::size_t slot, std::int64_t id,
                                        std::uint32_t& gaps) noexcept {
  auto& last = last_[slot];
  // In 128 bits: ids come from the wire and may sit at the ends of the int64 range.
  const antevorta::detail::int128 step =
      last ? static_cast<antevorta::detail::int128>(id) - *last : 1;
  if (step == 0 || step == 1) {
    last = id;
    return Verdict::next;
  }
  if (step < 0) return Verdict::old;
  last = id;
  ++gaps;
  return Verdict::gap;
}

ParserCore::ParserCore(ParserOptions options, Venue venue)
    : options_(std::move(options)), venue_(venue), symbols_(options_.symbols) {}

bool ParserCore::open(std::string_view frame, od::document& doc, FrameResult& result) noexcept {
  if (frame.size() > options_.max_frame_bytes) {
    result = malformed(fmt::format("frame of {} bytes is above the limit", frame.size()));
    return false;
  }
  const std::size_t needed = frame.size() + simdjson::SIMDJSON_PADDING;
  if (needed > capacity_) {
    const std::size_t grown = std::max(needed, std::max<std::size_t>(capacity_ * 2, 4096));
    buffer_.reset(new (std::nothrow) char[grown]);
    capacity_ = buffer_ ? grown : 0;
    if (!buffer_) {
      result = malformed("out of memory");
      return false;
    }
  }
  std::memcpy(buffer_.get(), frame.data(), frame.size());
  // The padding must not look like JSON: simdjson peeks into it.
  std::memset(buffer_.get() + frame.size(), 0, simdjson::SIMDJSON_PADDING);
  if (auto e = json_.iterate(buffer_.get(), frame.size(), capacity_).get(doc)) {
    result = json_error(e);
    return false;
  }
  return true;
}

bool ParserCore::root_object(od::document& doc, od::object& root, FrameResult& result) noexcept {
  od::json_type type{};
  if (auto e = doc.type().get(type)) {
    result = json_error(e);
    return false;
  }
  if (type == od::json_type::array) {
    result = with_text(FrameStatus::ignored, "a JSON array");
    return false;
  }
  if (type != od::json_type::object) {
    result = malformed("not a JSON object");
    return false;
  }
  if (auto e = doc.get_object().get(root)) {
    result = json_error(e);
    return false;
  }
  return true;
}

bool ParserCore::at_end(od::document& doc) noexcept {
  return doc.current_location().error() != simdjson::SUCCESS;
}

int ParserCore::symbol_index(std::string_view token, std::string_view field, FrameResult& result) {
  const auto name = detail::string_content(token);
  if (!name) {
    result = malformed("missing or non-string field", field);
    return kMalformedSymbol;
  }
  return symbols_.find(*name);
}

FrameResult ParserCore::malformed(std::string_view why, std::string_view field) {
  text_.assign(why);
  if (!field.empty()) {
    text_ += " at ";
    text_ += field;
  }
  return FrameResult{FrameStatus::malformed, 0, 0, text_};
}

FrameResult ParserCore::json_error(simdjson::error_code e, std::string_view field) {
  return malformed(fmt::format("invalid JSON ({})", simdjson::error_message(e)), field);
}

FrameResult ParserCore::with_text(FrameStatus status, std::string_view text) {
  text_.assign(text);
  return FrameResult{status, 0, 0, text_};
}

bool ParserCore::optional_decimal(std::string_view token, std::string_view field,
                                  std::optional<Decimal>& out, FrameResult& result) {
  if (token.empty() || is_absent(token)) return true;
  out = decimal_of(token);
  if (!out) return fail(result, malformed("bad decimal", field));
  return true;
}

bool ParserCore::trade(std::vector<PriceTick>& out, int index, Decimal price,
                       Timestamp exchange_time, Timestamp received_at) const {
  if (price <= Decimal{}) return false;
  PriceTick& t = out.emplace_back();
  t.source = options_.source;
  t.venue = venue_;
  t.asset = symbols_.at(index).asset;
  t.kind = TickKind::trade;
  t.price = price;
  t.exchange_time = exchange_time;
  t.received_at = received_at;
  return true;
}

bool ParserCore::quote(std::vector<PriceTick>& out, int index, std::optional<Decimal> bid,
                       std::optional<Decimal> ask, std::optional<Decimal> last,
                       Timestamp exchange_time, Timestamp received_at) const {
  if (bid && ask && *bid > Decimal{} && *bid <= *ask) {
    PriceTick& t = out.emplace_back();
    t.source = options_.source;
    t.venue = venue_;
    t.asset = symbols_.at(index).asset;
    t.kind = TickKind::quote;
    t.price = mid_of(*bid, *ask);
    t.bid = bid;
    t.ask = ask;
    t.exchange_time = exchange_time;
    t.received_at = received_at;
    return true;
  }
  return last && trade(out, index, *last, exchange_time, received_at);
}

}  // namespace detail
}  // namespace antevorta::feeds
