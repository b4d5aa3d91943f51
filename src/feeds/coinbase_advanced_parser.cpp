// Coinbase Advanced Trade (wss://advanced-trade-ws.coinbase.com): an envelope
// {channel, timestamp, sequence_num, events:[…]}; errors are {"type":"error","message"} with no
// channel.
#include "feeds/parser_core.hpp"

namespace antevorta::feeds {

namespace {

namespace od = simdjson::ondemand;

enum class Channel : std::uint8_t { none, ticker, market_trades, heartbeats, subscriptions, other };

Channel classify(std::string_view name) noexcept {
  if (name == "ticker" || name == "ticker_batch") return Channel::ticker;
  if (name == "market_trades") return Channel::market_trades;
  if (name == "heartbeats") return Channel::heartbeats;
  if (name == "subscriptions") return Channel::subscriptions;
  return Channel::other;
}

class CoinbaseAdvancedParser final : public FeedParser {
 public:
  explicit CoinbaseAdvancedParser(ParserOptions options)
      : core_(std::move(options), Venue::coinbase) {
    sequence_.resize(1);
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
    std::string_view type, message, timestamp, sequence;
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
      } else if (key == "events") {
        if (channel == Channel::none) {
          deferred = true;  // read after the pass, once the channel is known
        } else if (!events(v, channel, received_at, out, result)) {
          return detail::drop_ticks(out, start, result);
        }
      } else if (key == "type") {
        type = detail::string_of(v).value_or("");
      } else if (key == "message") {
        message = detail::string_of(v).value_or("");
      } else if (key == "timestamp") {
        timestamp = detail::token_of(v);
      } else if (key == "sequence_num") {
        sequence = detail::token_of(v);
      }
    }
    if (!detail::ParserCore::at_end(doc)) {
      return detail::drop_ticks(out, start, core_.malformed("content after the JSON object"));
    }
    if (channel == Channel::none) {
      if (type == "error")
        return core_.with_text(FrameStatus::error, message.empty() ? "error" : message);
      return FrameResult{FrameStatus::ignored, 0, 0, {}};
    }
    if (deferred && !deferred_events(doc, channel, received_at, out, result)) {
      return detail::drop_ticks(out, start, result);
    }
    if (!sequence.empty()) {
      const auto seq = detail::int_of(sequence);
      if (!seq)
        return detail::drop_ticks(out, start, core_.malformed("bad integer", "sequence_num"));
      sequence_.observe(0, *seq, result.gaps);
    }
    // Tickers carry no time of their own: the envelope's is theirs.
    if (channel == Channel::ticker && !timestamp.empty()) {
      const Timestamp at = detail::time_or(timestamp, received_at);
      for (std::size_t i = start; i < out.size(); ++i) out[i].exchange_time = at;
    }
    switch (channel) {
      case Channel::ticker:
      case Channel::market_trades:
        result.ticks = out.size() - start;
        return result;
      case Channel::heartbeats:
        return FrameResult{FrameStatus::heartbeat, 0, result.gaps, {}};
      case Channel::subscriptions:
        return FrameResult{FrameStatus::subscribed, 0, result.gaps, {}};
      case Channel::none:
      case Channel::other:
        break;
    }
    return FrameResult{FrameStatus::ignored, 0, result.gaps, {}};
  }

  void reset() noexcept override { sequence_.reset(); }
  Venue venue() const noexcept override { return Venue::coinbase; }

 private:
  bool deferred_events(od::document& doc, Channel channel, Timestamp received_at,
                       std::vector<PriceTick>& out, FrameResult& result) {
    if (channel != Channel::ticker && channel != Channel::market_trades) return true;
    doc.rewind();
    od::object root;
    if (auto e = doc.get_object().get(root)) return detail::fail(result, core_.json_error(e));
    for (auto item : root) {
      if (auto e = item.error()) return detail::fail(result, core_.json_error(e));
      od::field& field = item.value_unsafe();
      if (field.key() == "events") return events(field.value(), channel, received_at, out, result);
    }
    return true;
  }

  bool events(od::value& v, Channel channel, Timestamp received_at, std::vector<PriceTick>& out,
              FrameResult& result) {
    if (channel != Channel::ticker && channel != Channel::market_trades) return true;
    od::array list;
    if (auto e = v.get_array().get(list))
      return detail::fail(result, core_.json_error(e, "events"));
    for (auto element : list) {
      od::object event;
      if (auto e = element.get_object().get(event)) {
        return detail::fail(result, core_.json_error(e, "events[]"));
      }
      const std::size_t event_start = out.size();
      std::string_view type;
      for (auto item : event) {
        if (auto e = item.error()) return detail::fail(result, core_.json_error(e, "events[]"));
        od::field& field = item.value_unsafe();
        const od::raw_json_string key = field.key();
        if (key == "type") {
          type = detail::string_of(field.value()).value_or("");
        } else if (channel == Channel::ticker && key == "tickers") {
          if (!items(field.value(), "tickers", received_at, out, result)) return false;
        } else if (channel == Channel::market_trades && key == "trades") {
          if (!items(field.value(), "trades", received_at, out, result)) return false;
        }
      }
      // A market_trades snapshot lists recent trades: history, not a current price.
      if (channel == Channel::market_trades && type == "snapshot") {
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(event_start), out.end());
      }
    }
    return true;
  }

  // events[].tickers[] or events[].trades[]: {product_id, price, best_bid?, best_ask?, time?}.
  bool items(od::value& v, std::string_view what, Timestamp received_at,
             std::vector<PriceTick>& out, FrameResult& result) {
    od::array list;
    if (auto e = v.get_array().get(list)) return detail::fail(result, core_.json_error(e, what));
    const bool trades = what == "trades";
    for (auto element : list) {
      od::object object;
      if (auto e = element.get_object().get(object))
        return detail::fail(result, core_.json_error(e, what));
      std::string_view product_id, price, best_bid, best_ask, time;
      for (auto item : object) {
        if (auto e = item.error()) return detail::fail(result, core_.json_error(e, what));
        od::field& field = item.value_unsafe();
        const od::raw_json_string key = field.key();
        od::value& value = field.value();
        if (key == "product_id") {
          product_id = detail::token_of(value);
        } else if (key == "price") {
          price = detail::token_of(value);
        } else if (key == "best_bid") {
          best_bid = detail::token_of(value);
        } else if (key == "best_ask") {
          best_ask = detail::token_of(value);
        } else if (key == "time") {
          time = detail::token_of(value);
        }
      }
      const int index = core_.symbol_index(product_id, "product_id", result);
      if (index == detail::ParserCore::kMalformedSymbol) return false;
      if (index < 0) continue;
      std::optional<Decimal> last, bid, ask;
      if (!core_.optional_decimal(price, "price", last, result) ||
          !core_.optional_decimal(best_bid, "best_bid", bid, result) ||
          !core_.optional_decimal(best_ask, "best_ask", ask, result)) {
        return false;
      }
      if (trades) {
        if (!last || *last <= Decimal{})
          return detail::fail(result, core_.malformed("bad price", "price"));
        core_.trade(out, index, *last, detail::time_or(time, received_at), received_at);
      } else {
        core_.quote(out, index, bid, ask, last, received_at, received_at);
      }
    }
    return true;
  }

  detail::ParserCore core_;
  detail::GapTracker sequence_;  // sequence_num counts per connection, across channels
};

}  // namespace

std::unique_ptr<FeedParser> make_coinbase_advanced_parser(ParserOptions options) {
  return std::make_unique<CoinbaseAdvancedParser>(std::move(options));
}

}  // namespace antevorta::feeds
