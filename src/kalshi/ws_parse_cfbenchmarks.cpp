// cfbenchmarks_value: CF Benchmarks index ticks with their 60-second averages. The upstream
// frame arrives as a JSON string in `data` and is parsed by a second simdjson parser.
#include <algorithm>
#include <cstring>
#include <new>

#include <simdjson.h>

#include "antevorta/kalshi/ws_messages.hpp"

#include "ws_parser_internal.hpp"

namespace antevorta::kalshi {

namespace od = simdjson::ondemand;

namespace {

// Field names (static storage, as FrameError requires) of the two average objects.
struct AverageFields {
  std::string_view object;
  std::string_view value;
  std::string_view window_size;
  std::string_view window_start;
  std::string_view window_end;
};
constexpr AverageFields kAvg60s{
    "msg.avg_60s_data", "msg.avg_60s_data.value", "msg.avg_60s_data.window_size",
    "msg.avg_60s_data.window_start_ts_ms", "msg.avg_60s_data.window_end_ts_exclusive"};
constexpr AverageFields kAvg15m{"msg.last_60s_windowed_average_15min",
                                "msg.last_60s_windowed_average_15min.value",
                                "msg.last_60s_windowed_average_15min.window_size",
                                "msg.last_60s_windowed_average_15min.window_start_ts_ms",
                                "msg.last_60s_windowed_average_15min.window_end_ts_exclusive"};

}  // namespace

bool WsParser::Impl::parse_cfbenchmarks_average(od::value& v, std::string_view which,
                                                CfBenchmarksAverage& out) noexcept {
  const AverageFields& names = which == kAvg60s.object ? kAvg60s : kAvg15m;
  od::object object;
  if (auto e = v.get_object().get(object)) return json_fail(e, names.object);
  int seen = 0;  // bit 0 value, 1 window_size, 2 start, 3 end
  for (auto item : object) {
    if (auto e = item.error()) return json_fail(e, names.object);
    od::field& f = item.value_unsafe();
    const od::raw_json_string key = f.key();
    od::value& value = f.value();
    if (key == "value") {
      if (!read_decimal(value, names.value, out.value)) return false;
      seen |= 1;
    } else if (key == "window_size") {
      if (!read_int(value, names.window_size, out.window_size)) return false;
      seen |= 2;
    } else if (key == "window_start_ts_ms") {
      if (!read_int(value, names.window_start, out.window_start_ts_ms)) return false;
      seen |= 4;
    } else if (key == "window_end_ts_exclusive") {
      if (!read_int(value, names.window_end, out.window_end_ts_exclusive_ms)) return false;
      seen |= 8;
    }
  }
  if (!(seen & 1)) return fail(FrameErrorCode::missing_field, names.value);
  if (!(seen & 2)) return fail(FrameErrorCode::missing_field, names.window_size);
  if (!(seen & 4)) return fail(FrameErrorCode::missing_field, names.window_start);
  if (!(seen & 8)) return fail(FrameErrorCode::missing_field, names.window_end);
  return true;
}

// {"type":"value","id":"BRTI","time":1710000000123,"value":"68000.12"}
bool WsParser::Impl::parse_cfbenchmarks_data(std::string_view data) noexcept {
  constexpr std::string_view field = "msg.data";
  CfBenchmarksValue& cf = current<CfBenchmarksValue>();
  const std::size_t needed = data.size() + simdjson::SIMDJSON_PADDING;
  if (needed > inner_capacity) {
    const std::size_t grown = std::max(needed, std::max<std::size_t>(inner_capacity * 2, 256));
    inner_buffer.reset(new (std::nothrow) char[grown]);
    inner_capacity = inner_buffer ? grown : 0;
    if (!inner_buffer) return fail(FrameErrorCode::too_large, field, "out of memory");
  }
  if (!inner_parser) {
    inner_parser.reset(new (std::nothrow) od::parser());
    if (!inner_parser) return fail(FrameErrorCode::too_large, field, "out of memory");
  }
  std::memcpy(inner_buffer.get(), data.data(), data.size());
  std::memset(inner_buffer.get() + data.size(), 0, simdjson::SIMDJSON_PADDING);

  od::document doc;
  if (auto e = inner_parser->iterate(inner_buffer.get(), data.size(), inner_capacity).get(doc)) {
    return json_fail(e, field);
  }
  od::object object;
  if (auto e = doc.get_object().get(object)) return json_fail(e, field);
  bool has_value = false;
  bool has_time = false;
  for (auto item : object) {
    if (auto e = item.error()) return json_fail(e, field);
    od::field& f = item.value_unsafe();
    const od::raw_json_string key = f.key();
    od::value& value = f.value();
    if (key == "value") {
      if (!read_decimal(value, "msg.data.value", cf.value)) return false;
      has_value = true;
    } else if (key == "time") {
      if (!read_int(value, "msg.data.time", cf.time_ms)) return false;
      has_time = true;
    }
  }
  if (!doc.current_location().error()) {
    return fail(FrameErrorCode::trailing_content, field);
  }
  if (!has_value) return fail(FrameErrorCode::missing_field, "msg.data.value");
  if (!has_time) return fail(FrameErrorCode::missing_field, "msg.data.time");
  return true;
}

bool WsParser::Impl::parse_cfbenchmarks_msg(od::value& v) noexcept {
  CfBenchmarksValue& cf = current<CfBenchmarksValue>();
  od::object msg;
  if (!get_msg_object(v, msg)) return false;
  bool has_index = false;
  bool has_received = false;
  bool has_data = false;
  bool has_avg = false;
  const bool fields_ok = for_each_field(msg, "msg", [&](od::raw_json_string key, od::value& value) {
    bool good = true;
    if (key == "index_id") {
      good = read_string(value, "msg.index_id", cf.index_id);
      has_index = true;
    } else if (key == "received_at") {
      good = read_int(value, "msg.received_at", cf.received_at_ms);
      has_received = true;
    } else if (key == "data") {
      std::string_view data;
      good = read_string(value, "msg.data", data) && parse_cfbenchmarks_data(data);
      has_data = true;
    } else if (key == "avg_60s_data") {
      good = parse_cfbenchmarks_average(value, kAvg60s.object, cf.avg_60s);
      has_avg = true;
    } else if (key == "last_60s_windowed_average_15min") {
      if (!is_null(value)) {
        good = parse_cfbenchmarks_average(value, kAvg15m.object,
                                          cf.last_60s_windowed_average_15min.emplace());
      }
    }
    return good;
  });
  if (!fields_ok) return false;
  if (!has_index) return fail(FrameErrorCode::missing_field, "msg.index_id");
  if (!has_received) return fail(FrameErrorCode::missing_field, "msg.received_at");
  if (!has_data) return fail(FrameErrorCode::missing_field, "msg.data");
  if (!has_avg) return fail(FrameErrorCode::missing_field, "msg.avg_60s_data");
  return true;
}

}  // namespace antevorta::kalshi
