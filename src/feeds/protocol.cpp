#include "antevorta/feeds/protocol.hpp"

#include <cctype>
#include <string_view>

#include <fmt/format.h>

namespace antevorta::feeds {

namespace {

// Symbols and channel names were validated (letters, digits, '-', '/', '_'): nothing to escape.
std::string json_strings(const std::vector<std::string_view>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    out += items[i];
    out += '"';
  }
  out += ']';
  return out;
}

std::string product_list(const FeedSourceConfig& source) {
  std::vector<std::string_view> items;
  items.reserve(source.symbols.size());
  for (const auto& s : source.symbols) items.emplace_back(s.symbol);
  return json_strings(items);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string upgrade_target(const FeedSourceConfig& source) {
  std::string target = source.endpoint.path.empty() ? std::string("/") : source.endpoint.path;
  if (source.protocol != FeedProtocol::binance) return target;
  if (target.back() != '/') target += '/';
  target += "stream?streams=";
  bool first = true;
  for (const auto& symbol : source.symbols) {
    for (const auto& stream : source.channels) {
      if (!first) target += '/';
      first = false;
      target += lower(symbol.symbol);
      target += '@';
      target += stream;
    }
  }
  if (source.time_unit == TimeUnit::microsecond) target += "&timeUnit=MICROSECOND";
  return target;
}

std::vector<std::string> subscribe_messages(const FeedSourceConfig& source) {
  std::vector<std::string> out;
  const std::string products = product_list(source);
  switch (source.protocol) {
    case FeedProtocol::coinbase_advanced:
      for (const auto& channel : source.channels) {
        out.push_back(fmt::format(R"({{"type":"subscribe","product_ids":{},"channel":"{}"}})",
                                  products, channel));
      }
      // Without heartbeats, quiet channels are closed after 60-90 s (NOTES §2.2).
      out.push_back(fmt::format(R"({{"type":"subscribe","product_ids":{},"channel":"heartbeats"}})",
                                products));
      break;
    case FeedProtocol::coinbase_exchange: {
      std::vector<std::string_view> channels(source.channels.begin(), source.channels.end());
      channels.emplace_back("heartbeat");
      out.push_back(fmt::format(R"({{"type":"subscribe","product_ids":{},"channels":{}}})",
                                products, json_strings(channels)));
      break;
    }
    case FeedProtocol::binance:
      break;
    case FeedProtocol::kraken: {
      std::int64_t req_id = 0;
      for (const auto& channel : source.channels) {
        // The trade snapshot is past trades: not wanted (the parser would drop it anyway).
        const std::string_view extra = channel == "trade" ? R"(,"snapshot":false)" : "";
        out.push_back(fmt::format(
            R"({{"method":"subscribe","params":{{"channel":"{}","symbol":{}{}}},"req_id":{}}})",
            channel, products, extra, ++req_id));
      }
      break;
    }
  }
  return out;
}

std::optional<std::string> keepalive_message(const FeedSourceConfig& source, std::int64_t req_id) {
  if (source.protocol != FeedProtocol::kraken) return std::nullopt;
  return fmt::format(R"({{"method":"ping","req_id":{}}})", req_id);
}

}  // namespace antevorta::feeds
