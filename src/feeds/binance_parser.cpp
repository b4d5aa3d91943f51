// Binance spot streams: the combined wrapper {"stream":"btcusdt@trade","data":{…}} or a bare
// payload; control replies {"result":…,"id":N} and errors {"code":N,"msg":"…"}.
#include <string>

#include <fmt/format.h>

#include "feeds/parser_core.hpp"

namespace antevorta::feeds {

namespace {

namespace od = simdjson::ondemand;

// The payload fields this parser reads, as tokens into the frame (empty when absent). The
// one-letter keys mean different things per event type (`a` is the ask of a bookTicker and
// the aggregate id of an aggTrade), so they are interpreted only once the type is known.
struct Payload {
  std::string_view e, event_time, trade_time, s, p, b, a, u, t;
  bool any = false;
};

bool read_payload_field(const od::raw_json_string& key, od::value& v, Payload& p) {
  std::string_view* slot = nullptr;
  if (key == "e") {
    slot = &p.e;
  } else if (key == "E") {
    slot = &p.event_time;
  } else if (key == "T") {
    slot = &p.trade_time;
  } else if (key == "s") {
    slot = &p.s;
  } else if (key == "p") {
    slot = &p.p;
  } else if (key == "b") {
    slot = &p.b;
  } else if (key == "a") {
    slot = &p.a;
  } else if (key == "u") {
    slot = &p.u;
  } else if (key == "t") {
    slot = &p.t;
  } else {
    return false;
  }
  *slot = detail::token_of(v);
  p.any = true;
  return true;
}

class BinanceParser final : public FeedParser {
 public:
  explicit BinanceParser(ParserOptions options) : core_(std::move(options), Venue::binance) {
    // Two id spaces per symbol: trade ids (t) and aggregate trade ids (a).
    ids_.resize(core_.symbols().size() * 2);
  }

  FrameResult parse(std::string_view frame, Timestamp received_at,
                    std::vector<PriceTick>& out) override {
    FrameResult result;
    od::document doc;
    od::object root;
    if (!core_.open(frame, doc, result) || !core_.root_object(doc, root, result)) return result;
    Payload bare, wrapped;
    bool has_data = false, has_result = false, has_id = false;
    std::string_view stream, code, msg;
    for (auto item : root) {
      if (auto e = item.error()) return core_.json_error(e);
      od::field& field = item.value_unsafe();
      const od::raw_json_string key = field.key();
      od::value& v = field.value();
      if (read_payload_field(key, v, bare)) continue;
      if (key == "stream") {
        stream = detail::string_of(v).value_or("");
      } else if (key == "data") {
        od::object data;
        if (auto e = v.get_object().get(data)) return core_.json_error(e, "data");
        for (auto d : data) {
          if (auto e = d.error()) return core_.json_error(e, "data");
          od::field& df = d.value_unsafe();
          read_payload_field(df.key(), df.value(), wrapped);
        }
        has_data = true;
      } else if (key == "result") {
        has_result = true;
      } else if (key == "id") {
        has_id = true;
      } else if (key == "code") {
        code = detail::token_of(v);
      } else if (key == "msg") {
        msg = detail::string_of(v).value_or("");
      }
    }
    if (!detail::ParserCore::at_end(doc)) return core_.malformed("content after the JSON object");

    if (!code.empty() && !has_data) {
      return core_.with_text(FrameStatus::error, fmt::format("code {}: {}", code, msg));
    }
    const Payload& p = has_data ? wrapped : bare;
    const auto type = detail::string_content(p.e);
    if (stream == "!serverShutdown" || (type && *type == "serverShutdown")) {
      return FrameResult{FrameStatus::shutdown, 0, 0, {}};
    }
    if (type && *type == "trade") return trade(p, p.t, 0, received_at, out);
    if (type && *type == "aggTrade") return trade(p, p.a, 1, received_at, out);
    // Spot bookTicker has no `e`: recognised by its stream name or by its fields.
    if (!type &&
        (stream.ends_with("@bookTicker") || (!p.u.empty() && !p.b.empty() && !p.a.empty()))) {
      return book_ticker(p, received_at, out);
    }
    if (!type && !has_data && (has_result || has_id) && !p.any) {
      return FrameResult{FrameStatus::subscribed, 0, 0, {}};
    }
    return FrameResult{FrameStatus::ignored, 0, 0, {}};
  }

  void reset() noexcept override { ids_.reset(); }
  Venue venue() const noexcept override { return Venue::binance; }

 private:
  // E and T in the configured unit; absent or unreadable: received_at.
  Timestamp time_of(std::string_view token, Timestamp fallback) const {
    if (token.empty()) return fallback;
    const auto value = detail::int_of(token);
    const bool micro = core_.options().time_unit == TimeUnit::microsecond;
    const std::int64_t per_second = micro ? 1'000'000 : 1'000;
    if (!value || *value <= 0 || *value / per_second >= detail::kMaxUnixSeconds) return fallback;
    return micro ? Timestamp(std::chrono::microseconds(*value))
                 : Timestamp(std::chrono::milliseconds(*value));
  }

  FrameResult trade(const Payload& p, std::string_view id_token, std::size_t id_space,
                    Timestamp received_at, std::vector<PriceTick>& out) {
    FrameResult result{FrameStatus::data, 0, 0, {}};
    const int index = core_.symbol_index(p.s, "s", result);
    if (index < 0) return result;
    const auto price = detail::decimal_of(p.p);
    if (!price || *price <= Decimal{}) return core_.malformed("bad or missing price", "p");
    if (!id_token.empty()) {
      const auto id = detail::int_of(id_token);
      if (!id) return core_.malformed("bad integer", id_space == 0 ? "t" : "a");
      const auto slot = static_cast<std::size_t>(index) * 2 + id_space;
      if (ids_.observe(slot, *id, result.gaps) == detail::GapTracker::Verdict::old) {
        return FrameResult{FrameStatus::ignored, 0, 0, {}};
      }
    }
    const Timestamp at = time_of(p.trade_time, time_of(p.event_time, received_at));
    core_.trade(out, index, *price, at, received_at);
    result.ticks = 1;
    return result;
  }

  FrameResult book_ticker(const Payload& p, Timestamp received_at, std::vector<PriceTick>& out) {
    FrameResult result{FrameStatus::data, 0, 0, {}};
    const int index = core_.symbol_index(p.s, "s", result);
    if (index < 0) return result;
    const auto bid = detail::decimal_of(p.b);
    if (!bid) return core_.malformed("bad or missing decimal", "b");
    const auto ask = detail::decimal_of(p.a);
    if (!ask) return core_.malformed("bad or missing decimal", "a");
    // Spot carries no time (stamped on arrival); the futures form and some captures add T/E.
    const Timestamp at = time_of(p.trade_time, time_of(p.event_time, received_at));
    result.ticks = core_.quote(out, index, bid, ask, std::nullopt, at, received_at) ? 1 : 0;
    return result;
  }

  detail::ParserCore core_;
  detail::GapTracker ids_;
};

}  // namespace

std::unique_ptr<FeedParser> make_binance_parser(ParserOptions options) {
  return std::make_unique<BinanceParser>(std::move(options));
}

}  // namespace antevorta::feeds
