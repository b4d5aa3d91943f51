// Kraken WS v2 (wss://ws.kraken.com/v2): channel messages {channel, type, data:[…]} and method
// responses {method, success, result | error, req_id} without a channel.
#include "feeds/parser_core.hpp"

namespace antevorta::feeds {

namespace {

namespace od = simdjson::ondemand;

enum class Channel : std::uint8_t { none, ticker, trade, heartbeat, status, other };

Channel classify(std::string_view name) noexcept {
  if (name == "ticker") return Channel::ticker;
  if (name == "trade") return Channel::trade;
  if (name == "heartbeat") return Channel::heartbeat;
  if (name == "status") return Channel::status;
  return Channel::other;
}

bool reads_data(Channel c) noexcept {
  return c == Channel::ticker || c == Channel::trade || c == Channel::status;
}

class KrakenParser final : public FeedParser {
 public:
  explicit KrakenParser(ParserOptions options) : core_(std::move(options), Venue::kraken) {
    trades_.resize(core_.symbols().size());
  }

  FrameResult parse(std::string_view frame, Timestamp received_at,
                    std::vector<PriceTick>& out) override {
    FrameResult result;
    od::document doc;
    od::object root;
    if (!core_.open(frame, doc, result) || !core_.root_object(doc, root, result)) return result;
    const std::size_t start = out.size();
    result.status = FrameStatus::data;
    Channel channel = Channel::none;
    std::string_view type, method, success, error;
    bool deferred = false;
    for (auto item : root) {
      if (auto e = item.error()) return detail::drop_ticks(out, start, core_.json_error(e));
      od::field& field = item.value_unsafe();
      const od::raw_json_string key = field.key();
      od::value& v = field.value();
      if (key == "channel") {
        const auto name = detail::string_of(v);
        if (!name)
          return detail::drop_ticks(out, start, core_.malformed("not a string", "channel"));
        channel = classify(*name);
      } else if (key == "data") {
        if (channel == Channel::none) {
          deferred = true;  // read after the pass, once the channel is known
        } else if (reads_data(channel) && !data(v, channel, received_at, out, result)) {
          return detail::drop_ticks(out, start, result);
        }
      } else if (key == "type") {
        type = detail::string_of(v).value_or("");
      } else if (key == "method") {
        method = detail::string_of(v).value_or("");
      } else if (key == "success") {
        success = detail::token_of(v);
      } else if (key == "error") {
        error = detail::string_of(v).value_or("error");
      }
    }
    if (!detail::ParserCore::at_end(doc)) {
      return detail::drop_ticks(out, start, core_.malformed("content after the JSON object"));
    }
    if (channel == Channel::none) return method_response(method, success, error);
    if (deferred && reads_data(channel) && !deferred_data(doc, channel, received_at, out, result)) {
      return detail::drop_ticks(out, start, result);
    }
    switch (channel) {
      case Channel::ticker:
      case Channel::trade:
        // A trade snapshot lists recent trades: history, not a current price. Their ids
        // still set where gap counting starts.
        if (channel == Channel::trade && type == "snapshot") {
          out.erase(out.begin() + static_cast<std::ptrdiff_t>(start), out.end());
          result.gaps = 0;
        }
        result.ticks = out.size() - start;
        return result;
      case Channel::heartbeat:
        return FrameResult{FrameStatus::heartbeat, 0, 0, {}};
      case Channel::status:
        return core_.with_text(FrameStatus::info, system_.empty() ? "status" : system_);
      case Channel::none:
      case Channel::other:
        break;
    }
    return FrameResult{FrameStatus::ignored, 0, 0, {}};
  }

  void reset() noexcept override { trades_.reset(); }
  Venue venue() const noexcept override { return Venue::kraken; }

 private:
  FrameResult method_response(std::string_view method, std::string_view success,
                              std::string_view error) {
    if (method.empty()) {
      if (!error.empty()) return core_.with_text(FrameStatus::error, error);
      return FrameResult{FrameStatus::ignored, 0, 0, {}};
    }
    if (method == "pong") return FrameResult{FrameStatus::heartbeat, 0, 0, {}};
    if (success == "false" || !error.empty()) {
      std::string text(method);
      text += " failed: ";
      text += error.empty() ? std::string_view("no reason given") : error;
      return core_.with_text(FrameStatus::error, text);
    }
    if (method == "subscribe") return FrameResult{FrameStatus::subscribed, 0, 0, {}};
    return FrameResult{FrameStatus::ignored, 0, 0, {}};
  }

  bool deferred_data(od::document& doc, Channel channel, Timestamp received_at,
                     std::vector<PriceTick>& out, FrameResult& result) {
    doc.rewind();
    od::object root;
    if (auto e = doc.get_object().get(root)) return detail::fail(result, core_.json_error(e));
    for (auto item : root) {
      if (auto e = item.error()) return detail::fail(result, core_.json_error(e));
      od::field& field = item.value_unsafe();
      if (field.key() == "data") return data(field.value(), channel, received_at, out, result);
    }
    return true;
  }

  // data:[{…}, …]: ticker items, trade items, or the connection status.
  bool data(od::value& v, Channel channel, Timestamp received_at, std::vector<PriceTick>& out,
            FrameResult& result) {
    system_.clear();
    od::array list;
    if (auto e = v.get_array().get(list)) return detail::fail(result, core_.json_error(e, "data"));
    for (auto element : list) {
      od::object object;
      if (auto e = element.get_object().get(object)) {
        return detail::fail(result, core_.json_error(e, "data[]"));
      }
      std::string_view symbol, bid, ask, last, price, timestamp, trade_id;
      for (auto item : object) {
        if (auto e = item.error()) return detail::fail(result, core_.json_error(e, "data[]"));
        od::field& field = item.value_unsafe();
        const od::raw_json_string key = field.key();
        od::value& value = field.value();
        // Everything else (connection_id beyond int64, volumes, checksums) is skipped unread.
        if (key == "symbol") {
          symbol = detail::token_of(value);
        } else if (key == "bid") {
          bid = detail::token_of(value);
        } else if (key == "ask") {
          ask = detail::token_of(value);
        } else if (key == "last") {
          last = detail::token_of(value);
        } else if (key == "price") {
          price = detail::token_of(value);
        } else if (key == "timestamp") {
          timestamp = detail::token_of(value);
        } else if (key == "trade_id") {
          trade_id = detail::token_of(value);
        } else if (key == "system" && channel == Channel::status) {
          system_ = detail::string_of(value).value_or("");
        }
      }
      if (channel == Channel::status) continue;
      const int index = core_.symbol_index(symbol, "symbol", result);
      if (index == detail::ParserCore::kMalformedSymbol) return false;
      if (index < 0) continue;
      const Timestamp at = detail::time_or(timestamp, received_at);
      if (channel == Channel::ticker) {
        std::optional<Decimal> b, a, l;
        if (!core_.optional_decimal(bid, "bid", b, result) ||
            !core_.optional_decimal(ask, "ask", a, result) ||
            !core_.optional_decimal(last, "last", l, result)) {
          return false;
        }
        core_.quote(out, index, b, a, l, at, received_at);
        continue;
      }
      const auto p = detail::decimal_of(price);
      if (!p || *p <= Decimal{})
        return detail::fail(result, core_.malformed("bad or missing price", "price"));
      if (!trade_id.empty()) {
        const auto id = detail::int_of(trade_id);
        if (!id) return detail::fail(result, core_.malformed("bad integer", "trade_id"));
        if (trades_.observe(static_cast<std::size_t>(index), *id, result.gaps) ==
            detail::GapTracker::Verdict::old) {
          continue;
        }
      }
      core_.trade(out, index, *p, at, received_at);
    }
    return true;
  }

  detail::ParserCore core_;
  detail::GapTracker trades_;  // trade_id is sequential per pair
  std::string system_;         // the last status message's `system`
};

}  // namespace

std::unique_ptr<FeedParser> make_kraken_parser(ParserOptions options) {
  return std::make_unique<KrakenParser>(std::move(options));
}

}  // namespace antevorta::feeds
