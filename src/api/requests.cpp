// Strict parsing of the operator API's request bodies (requests.hpp).
#include "antevorta/api/requests.hpp"

#include <charconv>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace antevorta::api {

namespace {

using Json = nlohmann::json;

// The body as a JSON object whose keys are all in `allowed` (an empty body is `{}` when
// `empty_ok`).
Parsed<Json> object_of(std::string_view body, std::initializer_list<std::string_view> allowed,
                       bool empty_ok) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    if (empty_ok) return Json::object();
    return unexpected(std::string("the request needs a JSON object body"));
  }
  // A key twice in one object is refused: the parser would keep the last one silently, and
  // {"engaged":true,"engaged":false} must not mean whichever came last.
  std::vector<std::set<std::string, std::less<>>> keys;  // one per open object
  std::optional<std::string> duplicate;
  const Json::parser_callback_t watch = [&](int, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start) {
      keys.emplace_back();
    } else if (event == Json::parse_event_t::object_end && !keys.empty()) {
      keys.pop_back();
    } else if (event == Json::parse_event_t::key && !keys.empty() && parsed.is_string()) {
      if (!keys.back().insert(parsed.get<std::string>()).second && !duplicate) {
        duplicate = parsed.get<std::string>();
      }
    }
    return true;
  };
  Json j = Json::parse(body, watch, /*allow_exceptions=*/false);
  if (j.is_discarded()) return unexpected(std::string("the body is not valid JSON"));
  if (duplicate) return unexpected(fmt::format("field \"{}\" appears twice", *duplicate));
  if (!j.is_object()) return unexpected(std::string("the body must be a JSON object"));
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (auto a : allowed) known = known || key == a;
    if (!known) return unexpected(fmt::format("unknown field \"{}\"", key));
  }
  return j;
}

Parsed<std::string> string_field(const Json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return unexpected(fmt::format("missing field \"{}\"", name));
  if (!it->is_string()) return unexpected(fmt::format("field \"{}\" must be a string", name));
  return it->get<std::string>();
}

Parsed<bool> bool_field(const Json& j, const char* name, std::optional<bool> fallback) {
  auto it = j.find(name);
  if (it == j.end()) {
    if (fallback) return *fallback;
    return unexpected(fmt::format("missing field \"{}\"", name));
  }
  if (!it->is_boolean()) return unexpected(fmt::format("field \"{}\" must be true or false", name));
  return it->get<bool>();
}

bool valid_ticker(std::string_view t) {
  if (t.empty() || t.size() > 100) return false;
  for (char c : t) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.' || c == '_';
    if (!ok) return false;
  }
  return true;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex_digit(s[i + 1]) >= 0 &&
               hex_digit(s[i + 2]) >= 0) {
      out += static_cast<char>(hex_digit(s[i + 1]) * 16 + hex_digit(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

Parsed<ManualOrder> parse_manual_order(std::string_view body) {
  auto obj = object_of(
      body,
      {"ticker", "side", "action", "count", "price", "time_in_force", "post_only", "reduce_only"},
      false);
  if (!obj) return unexpected(obj.error());
  const Json& j = *obj;
  ManualOrder order;

  auto ticker = string_field(j, "ticker");
  if (!ticker) return unexpected(ticker.error());
  if (!valid_ticker(*ticker)) {
    return unexpected(std::string("field \"ticker\" must be a market ticker ([A-Za-z0-9._-])"));
  }
  order.ticker = MarketTicker(*ticker);

  auto side = string_field(j, "side");
  if (!side) return unexpected(side.error());
  if (*side == "yes") {
    order.side = kalshi::OutcomeSide::yes;
  } else if (*side == "no") {
    order.side = kalshi::OutcomeSide::no;
  } else {
    return unexpected(fmt::format("field \"side\" must be \"yes\" or \"no\", was \"{}\"", *side));
  }

  auto action = string_field(j, "action");
  if (!action) return unexpected(action.error());
  auto parsed_action = strategy::parse_action(*action);
  if (!parsed_action) {
    return unexpected(
        fmt::format("field \"action\" must be \"buy\" or \"sell\", was \"{}\"", *action));
  }
  order.action = *parsed_action;

  auto count_text = string_field(j, "count");
  if (!count_text) return unexpected(count_text.error());
  auto count = Count::parse(*count_text);
  if (!count) return unexpected("field \"count\": " + count.error().message());
  if (count->centi() <= 0) {
    return unexpected(fmt::format("field \"count\" must be positive, was \"{}\"", *count_text));
  }
  order.count = *count;

  auto price_text = string_field(j, "price");
  if (!price_text) return unexpected(price_text.error());
  auto price = Price::parse(*price_text);
  if (!price) return unexpected("field \"price\": " + price.error().message());
  if (price->centicents() <= 0 || price->centicents() >= 10000) {
    return unexpected(fmt::format("field \"price\" must be between 0 and 1 (exclusive), was \"{}\"",
                                  *price_text));
  }
  order.price = *price;

  if (j.contains("time_in_force")) {
    auto tif = string_field(j, "time_in_force");
    if (!tif) return unexpected(tif.error());
    bool found = false;
    for (auto t : {kalshi::TimeInForce::good_till_canceled,
                   kalshi::TimeInForce::immediate_or_cancel, kalshi::TimeInForce::fill_or_kill}) {
      if (kalshi::to_string(t) == *tif) {
        order.time_in_force = t;
        found = true;
      }
    }
    if (!found) {
      return unexpected(
          fmt::format("field \"time_in_force\" must be good_till_canceled, immediate_or_cancel or "
                      "fill_or_kill, was \"{}\"",
                      *tif));
    }
  }
  auto post_only = bool_field(j, "post_only", false);
  if (!post_only) return unexpected(post_only.error());
  order.post_only = *post_only;
  auto reduce_only = bool_field(j, "reduce_only", false);
  if (!reduce_only) return unexpected(reduce_only.error());
  order.reduce_only = *reduce_only;
  if (order.post_only && order.time_in_force != kalshi::TimeInForce::good_till_canceled) {
    return unexpected(std::string("post_only needs time_in_force good_till_canceled"));
  }
  return order;
}

Parsed<KillSwitchRequest> parse_kill_switch(std::string_view body) {
  auto obj = object_of(body, {"engaged", "reason"}, false);
  if (!obj) return unexpected(obj.error());
  KillSwitchRequest r;
  auto engaged = bool_field(*obj, "engaged", std::nullopt);
  if (!engaged) return unexpected(engaged.error());
  r.engaged = *engaged;
  if (obj->contains("reason")) {
    auto reason = string_field(*obj, "reason");
    if (!reason) return unexpected(reason.error());
    if (reason->size() > 500) return unexpected(std::string("field \"reason\" is longer than 500"));
    r.reason = *reason;
  }
  return r;
}

Parsed<StrategyToggle> parse_strategy_toggle(std::string_view body) {
  auto obj = object_of(body, {"enabled"}, false);
  if (!obj) return unexpected(obj.error());
  auto enabled = bool_field(*obj, "enabled", std::nullopt);
  if (!enabled) return unexpected(enabled.error());
  return StrategyToggle{*enabled};
}

Parsed<std::string> parse_optional_reason(std::string_view body) {
  auto obj = object_of(body, {"reason"}, true);
  if (!obj) return unexpected(obj.error());
  if (!obj->contains("reason")) return std::string();
  auto reason = string_field(*obj, "reason");
  if (!reason) return unexpected(reason.error());
  if (reason->size() > 500) return unexpected(std::string("field \"reason\" is longer than 500"));
  return *reason;
}

std::optional<std::string> query_value(std::string_view query, std::string_view name) {
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto part = query.substr(0, amp);
    const auto eq = part.find('=');
    if (percent_decode(part.substr(0, eq)) == name) {
      return eq == std::string_view::npos ? std::string() : percent_decode(part.substr(eq + 1));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return std::nullopt;
}

Parsed<std::size_t> parse_limit(std::string_view query, std::size_t default_limit,
                                std::size_t max_limit) {
  const auto text = query_value(query, "limit");
  if (!text) return default_limit;
  std::size_t value = 0;
  const auto* end = text->data() + text->size();
  const auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (text->empty() || ec != std::errc() || ptr != end || value < 1 || value > max_limit) {
    return unexpected(fmt::format(
        "query parameter \"limit\" must be an integer from 1 to {}, was \"{}\"", max_limit, *text));
  }
  return value;
}

}  // namespace antevorta::api
