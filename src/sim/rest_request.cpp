// Strict request readers of the simulator's REST API: query parameters, JSON bodies, numbers
// and cursors. Every refusal is an ApiFailure naming the parameter or field.
#include <charconv>

#include <fmt/format.h>

#include "sim/rest_internal.hpp"

namespace antevorta::sim::rest {

json ApiFailure::body() const {
  return json{{"code", code_}, {"message", what()}, {"details", details_}};
}

void bad_request(std::string message) {
  throw ApiFailure(400, "invalid_parameters", std::move(message));
}

void not_found(std::string message) { throw ApiFailure(404, "not_found", std::move(message)); }

void rejected(RejectReason reason, std::string details) {
  throw ApiFailure(static_cast<unsigned>(http_status(reason)),
                   std::string(kalshi_error_code(reason)), std::string(to_string(reason)),
                   std::move(details));
}

net::ServerResponse json_response(unsigned status, const json& body) {
  net::ServerResponse r;
  r.status = status;
  r.body = body.dump();
  return r;
}

net::ServerResponse error_response(unsigned status, std::string_view code, std::string_view message,
                                   std::string_view details) {
  return json_response(
      status, json{{"error", {{"code", code}, {"message", message}, {"details", details}}}});
}

// ---- Query --------------------------------------------------------------------------------

const std::string* Query::get(std::string_view key) const {
  for (const auto& [k, v] : params_) {
    if (k == key) return &v;
  }
  return nullptr;
}

std::vector<std::string> Query::all(std::string_view key) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : params_) {
    if (k == key) out.push_back(v);
  }
  return out;
}

std::vector<std::string> Query::list(std::string_view key) const {
  std::vector<std::string> out;
  for (const auto& value : all(key)) {
    std::size_t start = 0;
    while (start <= value.size()) {
      const auto comma = value.find(',', start);
      const auto end = comma == std::string::npos ? value.size() : comma;
      if (end > start) out.push_back(value.substr(start, end - start));
      start = end + 1;
    }
  }
  return out;
}

std::optional<std::string> Query::text(std::string_view key) const {
  const std::string* v = get(key);
  if (v == nullptr || v->empty()) return std::nullopt;
  return *v;
}

std::optional<std::int64_t> Query::integer(std::string_view key, std::int64_t min,
                                           std::int64_t max) const {
  const std::string* v = get(key);
  if (v == nullptr || v->empty()) return std::nullopt;
  std::int64_t value = 0;
  const char* end = v->data() + v->size();
  const auto [ptr, ec] = std::from_chars(v->data(), end, value);
  if (ec != std::errc{} || ptr != end) {
    bad_request(fmt::format("{}: expected an integer, got \"{}\"", key, *v));
  }
  if (value < min || value > max) {
    bad_request(fmt::format("{}: {} is outside {}..{}", key, value, min, max));
  }
  return value;
}

std::optional<bool> Query::boolean(std::string_view key) const {
  const std::string* v = get(key);
  if (v == nullptr || v->empty()) return std::nullopt;
  if (*v == "true") return true;
  if (*v == "false") return false;
  bad_request(fmt::format("{}: expected true or false, got \"{}\"", key, *v));
}

// ---- Body ---------------------------------------------------------------------------------

namespace {

std::string field_path(std::string_view path, std::string_view key) {
  return path.empty() ? std::string(key) : fmt::format("{}.{}", path, key);
}

const json* field(const json& j, std::string_view key) {
  const auto it = j.find(key);
  if (it == j.end() || it->is_null()) return nullptr;
  return &*it;
}

[[noreturn]] void wrong_type(std::string_view path, std::string_view key, std::string_view want,
                             const json& got) {
  bad_request(fmt::format("{}: expected {}, got {}", field_path(path, key), want, got.type_name()));
}

int decimals_of(std::string_view text) {
  const auto dot = text.find('.');
  return dot == std::string_view::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

}  // namespace

json parse_body_object(std::string_view body) {
  json j = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) bad_request("request body is not valid JSON");
  if (!j.is_object())
    bad_request(fmt::format("request body: expected an object, got {}", j.type_name()));
  return j;
}

std::optional<std::string> opt_string(const json& j, std::string_view key, std::string_view path) {
  const json* v = field(j, key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) wrong_type(path, key, "a string", *v);
  return v->get<std::string>();
}

std::string req_string(const json& j, std::string_view key, std::string_view path) {
  auto v = opt_string(j, key, path);
  if (!v || v->empty()) bad_request(fmt::format("{}: required", field_path(path, key)));
  return std::move(*v);
}

std::optional<bool> opt_bool(const json& j, std::string_view key, std::string_view path) {
  const json* v = field(j, key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) wrong_type(path, key, "a boolean", *v);
  return v->get<bool>();
}

std::optional<std::int64_t> opt_int(const json& j, std::string_view key, std::string_view path) {
  const json* v = field(j, key);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number_integer()) wrong_type(path, key, "an integer", *v);
  return v->get<std::int64_t>();
}

Price price_text(std::string_view text, std::string_view name) {
  const int decimals = decimals_of(text);
  if (decimals < 2 || decimals > 4) {
    bad_request(fmt::format("{}: \"{}\" is not a dollar string with 2 to 4 decimals", name, text));
  }
  auto p = Price::parse(text);
  if (!p) bad_request(fmt::format("{}: {}", name, p.error().message()));
  return *p;
}

Count count_text(std::string_view text, std::string_view name) {
  auto c = Count::parse_non_negative(text);
  if (!c) bad_request(fmt::format("{}: {}", name, c.error().message()));
  return *c;
}

std::optional<Count> opt_count(const json& j, std::string_view key, std::string_view path) {
  const auto text = opt_string(j, key, path);
  if (!text) return std::nullopt;
  return count_text(*text, field_path(path, key));
}

// ---- Cursors ------------------------------------------------------------------------------

namespace {
constexpr std::string_view kHex = "0123456789abcdef";
}

std::string encode_cursor(std::string_view kind, std::string_view position) {
  const std::string plain = fmt::format("{}:{}", kind, position);
  std::string out;
  out.reserve(plain.size() * 2);
  for (unsigned char c : plain) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

std::string decode_cursor(std::string_view kind, std::string_view cursor) {
  auto nibble = [](char c) -> int {
    const auto pos = kHex.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
  };
  std::string plain;
  bool ok = cursor.size() % 2 == 0;
  for (std::size_t i = 0; ok && i < cursor.size(); i += 2) {
    const int hi = nibble(cursor[i]);
    const int lo = nibble(cursor[i + 1]);
    ok = hi >= 0 && lo >= 0;
    plain.push_back(static_cast<char>(hi * 16 + lo));
  }
  const std::string prefix = fmt::format("{}:", kind);
  if (!ok || !plain.starts_with(prefix))
    bad_request(fmt::format("cursor: invalid cursor \"{}\"", cursor));
  return plain.substr(prefix.size());
}

std::string encode_index_cursor(std::string_view kind, std::size_t index) {
  return encode_cursor(kind, std::to_string(index));
}

std::size_t decode_index_cursor(std::string_view kind, std::string_view cursor) {
  const std::string position = decode_cursor(kind, cursor);
  std::size_t value = 0;
  const char* end = position.data() + position.size();
  const auto [ptr, ec] = std::from_chars(position.data(), end, value);
  if (ec != std::errc{} || ptr != end || position.empty()) {
    bad_request(fmt::format("cursor: invalid cursor \"{}\"", cursor));
  }
  return value;
}

}  // namespace antevorta::sim::rest
