// Internal helpers of the REST client: query strings, path encoding, and turning a 2xx
// reply into a model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "antevorta/kalshi/rest_client.hpp"

namespace antevorta::kalshi::detail {

// Percent-encodes everything except RFC 3986 unreserved characters.
std::string url_encode(std::string_view text);

class QueryBuilder {
 public:
  QueryBuilder& add(std::string_view key, std::string_view value);  // always added
  QueryBuilder& opt(std::string_view key, std::string_view value);  // skipped when empty
  template <class T>
  QueryBuilder& opt(std::string_view key, const std::optional<T>& value) {
    if (value) add_value(key, *value);
    return *this;
  }
  const std::string& str() const noexcept { return q_; }

 private:
  void add_value(std::string_view key, std::int64_t v) { add(key, std::to_string(v)); }
  void add_value(std::string_view key, int v) { add(key, std::to_string(v)); }
  void add_value(std::string_view key, bool v) { add(key, v ? "true" : "false"); }
  template <class Tag>
  void add_value(std::string_view key, const Id<Tag>& v) {
    add(key, v.str());
  }
  std::string q_;
};

template <class Tag>
std::string join(const std::vector<Id<Tag>>& ids, char sep = ',') {
  std::string out;
  for (const auto& id : ids) {
    if (!out.empty()) out += sep;
    out += id.str();
  }
  return out;
}

std::string_view to_query(MarketStatusFilter s) noexcept;
std::string_view to_query(MveFilter f) noexcept;

// The body of a 2xx reply parsed with `parse` (a parse_*_response function); a body that is
// not JSON or not the expected model is a bad_response error.
template <class T, class Parse>
RestResult<T> decode(const RestClient::Reply& reply, Parse&& parse) {
  auto j = nlohmann::json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) {
    return unexpected(
        RestError{RestErrorKind::bad_response, reply.status, {}, "response body is not JSON", {}});
  }
  auto model = parse(j);
  if (!model) {
    return unexpected(RestError{RestErrorKind::bad_response, reply.status, {}, model.error(), {}});
  }
  return std::move(*model);
}

}  // namespace antevorta::kalshi::detail
