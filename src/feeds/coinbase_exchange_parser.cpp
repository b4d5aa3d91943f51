// Coinbase Exchange feed (wss://ws-feed.exchange.coinbase.com): flat objects with a `type`.
#include <string>

#include "feeds/parser_core.hpp"

namespace antevorta::feeds {

namespace {

using detail::GapTracker;
namespace od = simdjson::ondemand;

// The fields this parser reads, as tokens into the frame (empty when absent).
struct Fields {
  std::string_view type, product_id, price, best_bid, best_ask, time, sequence, trade_id;
  std::string_view message, reason;  // unescaped
};

class CoinbaseExchangeParser final : public FeedParser {
 public:
  explicit CoinbaseExchangeParser(ParserOptions options)
      : core_(std::move(options), Venue::coinbase) {
    sequence_.resize(core_.symbols().size());
    trades_.resize(core_.symbols().size());
  }

  FrameResult parse(std::string_view frame, Timestamp received_at,
                    std::vector<PriceTick>& out) override {
    FrameResult result;
    od::document doc;
    od::object root;
    if (!core_.open(frame, doc, result) || !core_.root_object(doc, root, result)) return result;
    Fields f;
    for (auto item : root) {
      if (auto e = item.error()) return core_.json_error(e);
      od::field& field = item.value_unsafe();
      const od::raw_json_string key = field.key();
      od::value& v = field.value();
      if (key == "type") {
        f.type = detail::token_of(v);
      } else if (key == "product_id") {
        f.product_id = detail::token_of(v);
      } else if (key == "price") {
        f.price = detail::token_of(v);
      } else if (key == "best_bid") {
        f.best_bid = detail::token_of(v);
      } else if (key == "best_ask") {
        f.best_ask = detail::token_of(v);
      } else if (key == "time") {
        f.time = detail::token_of(v);
      } else if (key == "sequence") {
        f.sequence = detail::token_of(v);
      } else if (key == "trade_id") {
        f.trade_id = detail::token_of(v);
      } else if (key == "message") {
        f.message = detail::string_of(v).value_or("");
      } else if (key == "reason") {
        f.reason = detail::string_of(v).value_or("");
      }
    }
    if (!detail::ParserCore::at_end(doc)) return core_.malformed("content after the JSON object");
    const auto type = detail::string_content(f.type);
    if (!type) return core_.malformed("missing or non-string field", "type");

    if (*type == "ticker") return ticker(f, received_at, out);
    if (*type == "match" || *type == "last_match") {
      return match(f, *type == "last_match", received_at, out);
    }
    if (*type == "heartbeat") return FrameResult{FrameStatus::heartbeat, 0, 0, {}};
    if (*type == "subscriptions") return FrameResult{FrameStatus::subscribed, 0, 0, {}};
    if (*type == "error") {
      std::string text(f.message.empty() ? "error" : f.message);
      if (!f.reason.empty()) text += " (" + std::string(f.reason) + ")";
      return core_.with_text(FrameStatus::error, text);
    }
    return FrameResult{FrameStatus::ignored, 0, 0, {}};
  }

  void reset() noexcept override {
    sequence_.reset();
    trades_.reset();
  }

  Venue venue() const noexcept override { return Venue::coinbase; }

 private:
  // Messages carry the product's sequence; one below what was seen is old (the ticker and
  // the match of one trade share a number, so equal is not old).
  bool is_old(int index, const Fields& f, FrameResult& result) {
    if (f.sequence.empty()) return false;
    const auto seq = detail::int_of(f.sequence);
    if (!seq) {
      result = core_.malformed("bad integer", "sequence");
      return true;
    }
    std::uint32_t ignored = 0;
    if (sequence_.observe(static_cast<std::size_t>(index), *seq, ignored) ==
        GapTracker::Verdict::old) {
      result = FrameResult{FrameStatus::ignored, 0, 0, {}};
      return true;
    }
    return false;
  }

  FrameResult ticker(const Fields& f, Timestamp received_at, std::vector<PriceTick>& out) {
    FrameResult result{FrameStatus::data, 0, 0, {}};
    const int index = core_.symbol_index(f.product_id, "product_id", result);
    if (index < 0) return result;
    if (is_old(index, f, result)) return result;
    std::optional<Decimal> bid, ask, last;
    if (!core_.optional_decimal(f.best_bid, "best_bid", bid, result) ||
        !core_.optional_decimal(f.best_ask, "best_ask", ask, result) ||
        !core_.optional_decimal(f.price, "price", last, result)) {
      return result;
    }
    const Timestamp at = detail::time_or(f.time, received_at);
    result.ticks = core_.quote(out, index, bid, ask, last, at, received_at) ? 1 : 0;
    return result;
  }

  FrameResult match(const Fields& f, bool history, Timestamp received_at,
                    std::vector<PriceTick>& out) {
    FrameResult result{FrameStatus::data, 0, 0, {}};
    const int index = core_.symbol_index(f.product_id, "product_id", result);
    if (index < 0) return result;
    if (is_old(index, f, result)) return result;
    const auto price = detail::decimal_of(f.price);
    if (!price || *price <= Decimal{}) return core_.malformed("bad or missing price", "price");
    if (!f.trade_id.empty()) {
      const auto id = detail::int_of(f.trade_id);
      if (!id) return core_.malformed("bad integer", "trade_id");
      if (trades_.observe(static_cast<std::size_t>(index), *id, result.gaps) ==
          GapTracker::Verdict::old) {
        return FrameResult{FrameStatus::ignored, 0, 0, {}};
      }
    }
    // last_match is the product's previous trade, sent once on subscribing: history.
    if (history) return result;
    core_.trade(out, index, *price, detail::time_or(f.time, received_at), received_at);
    result.ticks = 1;
    return result;
  }

  detail::ParserCore core_;
  GapTracker sequence_;  // per product: the highest `sequence` seen
  GapTracker trades_;    // per product: match trade ids
};

}  // namespace

std::unique_ptr<FeedParser> make_coinbase_exchange_parser(ParserOptions options) {
  return std::make_unique<CoinbaseExchangeParser>(std::move(options));
}

}  // namespace antevorta::feeds
