// The JSON body of one Discord webhook message carrying a batch of alerts (pure; no I/O).
//
// Shape: {"username":…,"allowed_mentions":{"parse":[]},"content":…,"embeds":[…]} with one
// embed per alert: {"title","description","color","timestamp"}. allowed_mentions is empty
// so that alert text can never ping @everyone or a role. "content" is present only when
// there is something to say about the batch itself: alerts dropped because the queue was
// full, and alerts still queued for the next message ("… N more alerts follow").
//
// Discord's limits, all honoured (lengths are counted as Discord does, in UTF-16 code units,
// so an astral character counts 2): content ≤ 2000, ≤ 10 embeds, title ≤ 256, description
// ≤ 4096, and the titles and descriptions of all embeds together ≤ 6000. A text that is too
// long is cut honestly: it ends in "… (N more characters)". When the embeds together are too
// long, the longest descriptions are cut first, to a common length.
//
// Errors: a broken invariant (more than kMaxEmbeds alerts) asserts. Invalid UTF-8 in alert
// text is replaced, never an exception. Threading: pure functions.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "antevorta/api/alert.hpp"

namespace antevorta::api::discord {

inline constexpr std::size_t kMaxContent = 2000;
inline constexpr std::size_t kMaxEmbeds = 10;
inline constexpr std::size_t kMaxTitle = 256;
inline constexpr std::size_t kMaxDescription = 4096;
inline constexpr std::size_t kMaxEmbedsTotal = 6000;

// Length as Discord counts it: UTF-16 code units of the UTF-8 text.
std::size_t text_length(std::string_view utf8);

// `utf8` when it fits in `max`; otherwise its longest prefix (on a character boundary) that
// leaves room for "… (N more characters)", then that suffix (N counts the characters cut).
// A `max` too small even for the suffix yields a plain prefix ending in "…".
std::string truncate_text(std::string_view utf8, std::size_t max);

// Embed colours (RGB) by severity.
int severity_color(AlertSeverity severity) noexcept;

struct MessageNotes {
  std::size_t dropped = 0;      // alerts dropped since the last delivered message
  std::size_t more_queued = 0;  // alerts waiting for the next message
};

// 1..kMaxEmbeds alerts, in the order they are shown.
std::string build_payload(std::span<const Alert> alerts, const MessageNotes& notes,
                          std::string_view username);

}  // namespace antevorta::api::discord
