// The Discord message body: shape, severity, Discord's limits with honest truncation, and
// text that is not valid UTF-8.
#include "antevorta/api/discord_message.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace antevorta::api::discord {
namespace {

using json = nlohmann::json;

std::string repeat(std::string_view unit, std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n; ++i) out += unit;
  return out;
}

// `head` followed by the truncation suffix for `cut` characters.
std::string cut_text(std::string head, std::size_t cut) {
  head.append("\xE2\x80\xA6 (").append(std::to_string(cut)).append(" more characters)");
  return head;
}

Alert alert(AlertSeverity severity, std::string title, std::string text = "detail") {
  return Alert{severity, AlertKind::kill_switch, std::move(title), std::move(text),
               from_unix_ms(1'767'225'600'123)};
}

TEST(DiscordText, LengthCountsUtf16Units) {
  EXPECT_EQ(text_length("abc"), 3u);
  EXPECT_EQ(text_length("\xC3\xA9"), 1u);          // é: 2 bytes, 1 unit
  EXPECT_EQ(text_length("\xE2\x80\xA6"), 1u);      // …: 3 bytes, 1 unit
  EXPECT_EQ(text_length("\xF0\x9F\x98\x80"), 2u);  // 😀: 4 bytes, a surrogate pair
}

TEST(DiscordText, ShortTextIsUnchanged) {
  EXPECT_EQ(truncate_text("hello", 5), "hello");
  EXPECT_EQ(truncate_text("", 0), "");
}

TEST(DiscordText, LongTextEndsWithHowMuchWasCut) {
  // 5000 characters into 4096: the suffix "… (927 more characters)" is 1 + 2 + 3 + 17 = 23
  // units, so 4096 − 23 = 4073 are kept and 5000 − 4073 = 927 are cut.
  const std::string out = truncate_text(std::string(5000, 'a'), 4096);
  EXPECT_EQ(out, cut_text(std::string(4073, 'a'), 927));
  EXPECT_EQ(text_length(out), 4096u);
}

TEST(DiscordText, CutsOnCharacterBoundaries) {
  // 300 × é (1 unit each) into 256: suffix "… (66 more characters)" is 22 units; keep 234.
  const std::string e = truncate_text(repeat("\xC3\xA9", 300), 256);
  EXPECT_EQ(e, cut_text(repeat("\xC3\xA9", 234), 66));
  // 200 × 😀 (2 units each) into 256: a 3-digit suffix is 23 units, leaving 233, so 116
  // emoji (232 units) are kept; 400 − 232 = 168 units cut; 232 + 23 = 255 <= 256.
  const std::string emoji = truncate_text(repeat("\xF0\x9F\x98\x80", 200), 256);
  EXPECT_EQ(emoji, cut_text(repeat("\xF0\x9F\x98\x80", 116), 168));
  EXPECT_EQ(text_length(emoji), 255u);
}

TEST(DiscordText, TinyLimitGetsAPlainEllipsis) {
  EXPECT_EQ(truncate_text("abcdefghij", 4), "abc\xE2\x80\xA6");
}

TEST(DiscordPayload, OneEmbedPerAlertWithSeverity) {
  const std::vector<Alert> alerts{alert(AlertSeverity::critical, "Kill switch engaged"),
                                  alert(AlertSeverity::warning, "Connection lost: kalshi_ws"),
                                  alert(AlertSeverity::info, "Order placed", "")};
  const json body = json::parse(build_payload(alerts, {}, "Antevorta"));
  EXPECT_EQ(body["username"], "Antevorta");
  EXPECT_EQ(body["allowed_mentions"], json({{"parse", json::array()}}));
  EXPECT_FALSE(body.contains("content"));
  ASSERT_EQ(body["embeds"].size(), 3u);
  EXPECT_EQ(body["embeds"][0]["title"], "[CRITICAL] Kill switch engaged");
  EXPECT_EQ(body["embeds"][0]["color"], 0xE74C3C);
  EXPECT_EQ(body["embeds"][0]["description"], "detail");
  EXPECT_EQ(body["embeds"][0]["timestamp"], "2026-01-01T00:00:00.123Z");
  EXPECT_EQ(body["embeds"][1]["title"], "[WARNING] Connection lost: kalshi_ws");
  EXPECT_EQ(body["embeds"][1]["color"], 0xF1C40F);
  EXPECT_EQ(body["embeds"][2]["title"], "Order placed");
  EXPECT_EQ(body["embeds"][2]["color"], 0x3498DB);
  EXPECT_FALSE(body["embeds"][2].contains("description"));  // empty text
}

TEST(DiscordPayload, NotesSayWhatWasDroppedAndWhatFollows) {
  const std::vector<Alert> alerts{alert(AlertSeverity::info, "x")};
  const json body = json::parse(build_payload(alerts, {.dropped = 3, .more_queued = 2}, "A"));
  EXPECT_EQ(body["content"],
            "3 alerts dropped: the queue was full. \xE2\x80\xA6 2 more alerts follow.");
  const json one = json::parse(build_payload(alerts, {.dropped = 1, .more_queued = 1}, "A"));
  EXPECT_EQ(one["content"],
            "1 alert dropped: the queue was full. \xE2\x80\xA6 1 more alert follows.");
}

TEST(DiscordPayload, LongTitleAndDescriptionAreCut) {
  const std::vector<Alert> alerts{
      alert(AlertSeverity::info, std::string(300, 't'), std::string(5000, 'd'))};
  const json body = json::parse(build_payload(alerts, {}, "A"));
  const std::string title = body["embeds"][0]["title"];
  const std::string description = body["embeds"][0]["description"];
  // Title (info: no prefix): 300 into 256; "… (66 more characters)" is 22 units, so 234 are
  // kept and 300 − 234 = 66 cut.
  EXPECT_EQ(title, cut_text(std::string(234, 't'), 66));
  EXPECT_EQ(text_length(description), kMaxDescription);
}

TEST(DiscordPayload, AllEmbedsTogetherStayWithin6000) {
  std::vector<Alert> alerts;
  for (int i = 0; i < 10; ++i) {
    alerts.push_back(
        alert(AlertSeverity::info, "Alert " + std::to_string(i), std::string(4096, 'x')));
  }
  const json body = json::parse(build_payload(alerts, {}, "A"));
  ASSERT_EQ(body["embeds"].size(), kMaxEmbeds);
  // Titles: 10 × 7 = 70 units; 6000 − 70 = 5930 for descriptions: 593 each. Each keeps
  // 593 − 24 = 569 ("… (3527 more characters)" is 24 units) and cuts 4096 − 569 = 3527.
  std::size_t total = 0;
  for (const auto& e : body["embeds"]) {
    const std::string d = e["description"];
    EXPECT_EQ(d, cut_text(std::string(569, 'x'), 3527));
    total += text_length(e["title"].get<std::string>()) + text_length(d);
  }
  EXPECT_EQ(total, 6000u);
}

TEST(DiscordPayload, InvalidUtf8IsReplacedNotThrown) {
  const std::vector<Alert> alerts{alert(AlertSeverity::info, "t", "bad \xFF byte")};
  const json body = json::parse(build_payload(alerts, {}, "A"));
  EXPECT_EQ(body["embeds"][0]["description"], "bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace antevorta::api::discord
