// WsParser: the envelope pass, dispatch to the per-type msg parsers (ws_parse_*.cpp), and the
// public entry points.
#include <algorithm>
#include <cstring>
#include <new>
#include <type_traits>

#include <fmt/format.h>
#include <simdjson.h>

#include "antevorta/kalshi/ws_messages.hpp"

#include "ws_parser_internal.hpp"

namespace antevorta::kalshi {

namespace od = simdjson::ondemand;
using ws_detail::Envelope;
using ws_detail::Kind;

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

std::string_view to_string(BookSide side) noexcept { return side == BookSide::bid ? "bid" : "ask"; }

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

// Messages are views: emplacing one (which destroys the previous) must cost nothing.
static_assert(std::is_trivially_destructible_v<WsMessage>);

void WsParser::Impl::start(Kind kind, std::string_view type) noexcept {
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
    case Kind::ticker:
      message.emplace<TickerUpdate>();
      break;
    case Kind::trade:
      message.emplace<PublicTrade>();
      break;
    case Kind::fill:
      message.emplace<FillMessage>();
      break;
    case Kind::user_order:
      message.emplace<UserOrderUpdate>();
      break;
    case Kind::market_position:
      message.emplace<MarketPositionUpdate>();
      break;
    case Kind::market_lifecycle:
    case Kind::multivariate_lifecycle:
      message.emplace<MarketLifecycle>().multivariate = kind == Kind::multivariate_lifecycle;
      price_ranges.clear();
      break;
    case Kind::event_lifecycle:
      message.emplace<EventLifecycle>();
      break;
    case Kind::event_fee_update:
      message.emplace<EventFeeUpdate>();
      break;
    case Kind::cfbenchmarks_value:
      message.emplace<CfBenchmarksValue>();
      break;
    case Kind::unknown:
      message.emplace<WsUnknown>().type = type;
      break;
  }
}

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
    case Kind::ticker:
      return parse_ticker_msg(v);
    case Kind::trade:
      return parse_trade_msg(v);
    case Kind::fill:
      return parse_fill_msg(v);
    case Kind::user_order:
      return parse_user_order_msg(v);
    case Kind::market_position:
      return parse_market_position_msg(v);
    case Kind::market_lifecycle:
    case Kind::multivariate_lifecycle:
      return parse_market_lifecycle_msg(v);
    case Kind::event_lifecycle:
      return parse_event_lifecycle_msg(v);
    case Kind::event_fee_update:
      return parse_event_fee_update_msg(v);
    case Kind::cfbenchmarks_value:
      return parse_cfbenchmarks_msg(v);
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
      env.kind = ws_detail::classify(env.type);
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

  bool good = true;
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
    case Kind::ticker:
      good = m.finish_channel<TickerUpdate>(env);
      break;
    case Kind::trade:
      good = m.finish_channel<PublicTrade>(env);
      break;
    case Kind::fill:
      good = m.finish_channel<FillMessage>(env);
      break;
    case Kind::user_order:
      good = m.finish_channel<UserOrderUpdate>(env);
      break;
    case Kind::market_position:
      good = m.finish_channel<MarketPositionUpdate>(env);
      break;
    case Kind::market_lifecycle:
    case Kind::multivariate_lifecycle:
      good = m.finish_channel<MarketLifecycle>(env);
      break;
    case Kind::event_lifecycle:
      good = m.finish_channel<EventLifecycle>(env);
      break;
    case Kind::event_fee_update:
      good = m.finish_channel<EventFeeUpdate>(env);
      break;
    case Kind::cfbenchmarks_value:
      good = m.finish_channel<CfBenchmarksValue>(env);
      break;
    case Kind::unknown: {
      auto& u = m.current<WsUnknown>();
      u.sid = env.sid;
      u.seq = env.seq;
      break;
    }
  }
  if (!good) return m.error;
  return WsParseResult(m.message);
}

}  // namespace antevorta::kalshi
