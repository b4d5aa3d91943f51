// A secret value (API key id, bearer token, LLM key). It never formats as its content:
// logs, errors and summaries see "<redacted>" (or "<unset>" when empty). Only code that
// must use the value (signing, an Authorization header) calls reveal().
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace antevorta {

class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string value) : value_(std::move(value)) {}

  const std::string& reveal() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }
  std::string_view redacted() const noexcept { return value_.empty() ? "<unset>" : "<redacted>"; }

  friend bool operator==(const Secret&, const Secret&) = default;

 private:
  std::string value_;
};

}  // namespace antevorta

template <>
struct fmt::formatter<antevorta::Secret> : fmt::formatter<std::string_view> {
  auto format(const antevorta::Secret& s, fmt::format_context& ctx) const {
    return fmt::formatter<std::string_view>::format(s.redacted(), ctx);
  }
};
