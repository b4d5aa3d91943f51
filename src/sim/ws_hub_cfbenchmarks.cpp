// The cfbenchmarks_value channel of the simulator's WebSocket hub: index subscriptions and
// the one-second ticks with their 60-second averages (asyncapi `cfbenchmarks_value`).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "antevorta/sim/ws_hub.hpp"

namespace antevorta::sim {

using nlohmann::json;

namespace {

json average_json(const IndexAverageText& a) {
  return json{{"value", a.value},
              {"window_size", a.window_size},
              {"window_start_ts_ms", a.window_start_ts_ms},
              {"window_end_ts_exclusive", a.window_end_ts_exclusive}};
}

}  // namespace

void WsHub::add_indices(Sub& sub, const json& index_ids) {
  for (const auto& v : index_ids) {
    if (!v.is_string()) continue;
    const std::string id = v.get<std::string>();
    if (id == "all") {
      sub.all_indices = true;
    } else {
      sub.indices.insert(id);
    }
  }
}

void WsHub::update_indices(Connection& c, std::optional<std::int64_t> id, Sub& sub,
                           const std::string& action, const json& params) {
  const auto reply = [&](json message) {
    message["sid"] = sub.sid;
    message["seq"] = ++sub.seq;
    if (id) message["id"] = *id;
    c.send(message.dump());
  };
  if (action == "indexlist") {
    json ids = json::array();
    if (source_.index_ids) {
      for (const auto& i : source_.index_ids()) ids.push_back(i);
    }
    return reply(
        json{{"type", "cfbenchmarks_value_indexlist"}, {"msg", {{"index_ids", std::move(ids)}}}});
  }
  if (action != "subscribe_indices" && action != "unsubscribe_indices") {
    return reply_error(c, id, 13, "Unsupported action");
  }
  if (!params.contains("index_ids") || !params["index_ids"].is_array() ||
      params["index_ids"].empty()) {
    return reply_error(c, id, 24, "Index IDs required");
  }
  if (action == "subscribe_indices") {
    add_indices(sub, params["index_ids"]);
  } else {
    for (const auto& v : params["index_ids"]) {
      if (!v.is_string()) continue;
      if (v.get<std::string>() == "all") {
        sub.all_indices = false;
        sub.indices.clear();
      } else {
        sub.indices.erase(v.get<std::string>());
      }
    }
  }
  json ids = json::array();
  if (sub.all_indices) ids.push_back("all");
  for (const auto& i : sub.indices) ids.push_back(i);
  reply(json{{"type", "ok"}, {"msg", {{"index_ids", std::move(ids)}}}});
}

void WsHub::index_value(const IndexTick& tick) {
  // The upstream frame, in CF Benchmarks' own field order.
  const std::string data = fmt::format(R"({{"type":"value","id":"{}","time":{},"value":"{}"}})",
                                       tick.index_id, tick.time_ms, tick.value);
  json msg{{"index_id", tick.index_id},
           {"received_at", tick.received_at_ms},
           {"data", data},
           {"avg_60s_data", average_json(tick.avg_60s)}};
  if (tick.final_minute) msg["last_60s_windowed_average_15min"] = average_json(*tick.final_minute);
  for (auto& [cid, c] : connections_) {
    for (auto& [sid, sub] : c.subs) {
      if (sub.channel != "cfbenchmarks_value") continue;
      if (!sub.all_indices && !sub.indices.contains(tick.index_id)) continue;
      c.send(json{{"type", "cfbenchmarks_value"}, {"sid", sid}, {"seq", ++sub.seq}, {"msg", msg}}
                 .dump());
    }
  }
}

}  // namespace antevorta::sim
