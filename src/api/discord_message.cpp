#include "antevorta/api/discord_message.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace antevorta::api::discord {

namespace {

using json = nlohmann::json;

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026, one UTF-16 unit

// The byte length of the UTF-8 sequence starting at text[i] and its UTF-16 length; 0 bytes
// when the sequence is invalid.
struct Char {
  std::size_t bytes;
  std::size_t units;
};
Char char_at(std::string_view text, std::size_t i) {
  const auto b = static_cast<unsigned char>(text[i]);
  std::size_t n = 0;
  std::uint32_t cp = 0;
  if (b < 0x80) return {1, 1};
  if ((b & 0xE0) == 0xC0) {
    n = 2;
    cp = b & 0x1F;
  } else if ((b & 0xF0) == 0xE0) {
    n = 3;
    cp = b & 0x0F;
  } else if ((b & 0xF8) == 0xF0) {
    n = 4;
    cp = b & 0x07;
  } else {
    return {0, 0};
  }
  if (i + n > text.size()) return {0, 0};
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(text[i + k]);
    if ((c & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (c & 0x3F);
  }
  const bool overlong = (n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000);
  if (overlong || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
  return {n, cp >= 0x10000 ? 2u : 1u};
}

// Valid UTF-8: each invalid byte becomes U+FFFD.
std::string sanitize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const Char c = char_at(text, i);
    if (c.bytes == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, c.bytes));
      i += c.bytes;
    }
  }
  return out;
}

// The longest prefix of at most `units` UTF-16 units: {bytes, units}.
Char prefix(std::string_view text, std::size_t units) {
  Char p{0, 0};
  while (p.bytes < text.size()) {
    const Char c = char_at(text, p.bytes);
    const std::size_t step = c.bytes == 0 ? 1 : c.bytes;
    const std::size_t u = c.bytes == 0 ? 1 : c.units;
    if (p.units + u > units) break;
    p.bytes += step;
    p.units += u;
  }
  return p;
}

std::string embed_title(const Alert& a) {
  std::string title = a.title.empty() ? std::string(to_string(a.kind)) : a.title;
  switch (a.severity) {
    case AlertSeverity::critical:
      return "[CRITICAL] " + title;
    case AlertSeverity::warning:
      return "[WARNING] " + title;
    case AlertSeverity::info:
      break;
  }
  return title;
}

}  // namespace

std::size_t text_length(std::string_view utf8) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const Char c = char_at(utf8, i);
    units += c.bytes == 0 ? 1 : c.units;  // an invalid byte becomes U+FFFD
    i += c.bytes == 0 ? 1 : c.bytes;
  }
  return units;
}

std::string truncate_text(std::string_view utf8, std::size_t max) {
  const std::size_t total = text_length(utf8);
  if (total <= max) return std::string(utf8);
  // The suffix's length depends on how much is cut, which depends on the suffix: settle it.
  std::size_t cut = total - max;
  for (int round = 0; round < 4; ++round) {
    const std::string suffix = fmt::format("{} ({} more characters)", kEllipsis, cut);
    const std::size_t suffix_units = text_length(suffix);
    if (suffix_units >= max) break;
    const Char keep = prefix(utf8, max - suffix_units);
    if (total - keep.units == cut) {
      return std::string(utf8.substr(0, keep.bytes)) + suffix;
    }
    cut = total - keep.units;
  }
  if (max == 0) return {};
  const Char keep = prefix(utf8, max - 1);
  return std::string(utf8.substr(0, keep.bytes)) + std::string(kEllipsis);
}

int severity_color(AlertSeverity severity) noexcept {
  switch (severity) {
    case AlertSeverity::critical:
      return 0xE74C3C;  // red
    case AlertSeverity::warning:
      return 0xF1C40F;  // yellow
    case AlertSeverity::info:
      break;
  }
  return 0x3498DB;  // blue
}

std::string build_payload(std::span<const Alert> alerts, const MessageNotes& notes,
                          std::string_view username) {
  assert(!alerts.empty() && alerts.size() <= kMaxEmbeds);
  std::vector<std::string> titles;
  std::vector<std::string> texts;  // sanitized, not yet cut
  std::size_t title_units = 0;
  for (const Alert& a : alerts) {
    titles.push_back(truncate_text(sanitize(embed_title(a)), kMaxTitle));
    title_units += text_length(titles.back());
    texts.push_back(sanitize(a.text));
  }
  // The largest common cap for descriptions that keeps every embed within the total.
  std::size_t cap = kMaxDescription;
  const auto total_with = [&](std::size_t c) {
    std::size_t sum = title_units;
    for (const auto& t : texts) sum += std::min(text_length(t), c);
    return sum;
  };
  if (total_with(cap) > kMaxEmbedsTotal) {
    std::size_t lo = 0;
    std::size_t hi = kMaxDescription;
    while (lo < hi) {
      const std::size_t mid = (lo + hi + 1) / 2;
      if (total_with(mid) <= kMaxEmbedsTotal) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    cap = lo;
  }

  json embeds = json::array();
  for (std::size_t i = 0; i < alerts.size(); ++i) {
    json e = {{"title", titles[i]},
              {"color", severity_color(alerts[i].severity)},
              {"timestamp", format_iso8601(alerts[i].at)}};
    if (!texts[i].empty()) e["description"] = truncate_text(texts[i], cap);
    embeds.push_back(std::move(e));
  }
  json body = {{"username", sanitize(username)},
               {"allowed_mentions", {{"parse", json::array()}}},
               {"embeds", std::move(embeds)}};
  std::string content;
  if (notes.dropped > 0) {
    content = fmt::format("{} alert{} dropped: the queue was full.", notes.dropped,
                          notes.dropped == 1 ? "" : "s");
  }
  if (notes.more_queued > 0) {
    if (!content.empty()) content += ' ';
    content += fmt::format("{} {} more alert{} follow{}.", kEllipsis, notes.more_queued,
                           notes.more_queued == 1 ? "" : "s", notes.more_queued == 1 ? "s" : "");
  }
  if (!content.empty()) body["content"] = truncate_text(content, kMaxContent);
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace antevorta::api::discord
