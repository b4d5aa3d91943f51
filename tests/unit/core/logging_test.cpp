#include "antevorta/core/logging.hpp"

#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <spdlog/sinks/ostream_sink.h>

namespace antevorta {
namespace {

struct Captured {
  std::ostringstream out;
  Logging logging;
  explicit Captured(LoggingOptions o)
      : logging(o, std::make_shared<spdlog::sinks::ostream_sink_mt>(out)) {}
};

TEST(Logging, ParsesLevelsAndFormats) {
  EXPECT_EQ(parse_log_level("warn"), LogLevel::warn);
  EXPECT_EQ(parse_log_level("WARN"), std::nullopt);
  EXPECT_EQ(parse_log_format("json"), LogFormat::json);
  EXPECT_EQ(parse_log_format("xml"), std::nullopt);
  EXPECT_EQ(to_string(LogLevel::critical), "critical");
}

TEST(Logging, TextLineCarriesComponentAndMessage) {
  Captured c({LogLevel::info, LogFormat::text});
  c.logging.make_logger("store")->info("store_opened path={}", log_value("data/a b.db"));
  const std::string line = c.out.str();
  EXPECT_NE(line.find("[store] store_opened path=\"data/a b.db\""), std::string::npos) << line;
  EXPECT_NE(line.find("Z info"), std::string::npos) << line;
}

TEST(Logging, LevelFiltersMessages) {
  Captured c({LogLevel::warn, LogFormat::text});
  auto log = c.logging.make_logger("x");
  log->info("hidden");
  log->warn("shown");
  EXPECT_EQ(c.out.str().find("hidden"), std::string::npos);
  EXPECT_NE(c.out.str().find("shown"), std::string::npos);
}

TEST(Logging, JsonLineSplitsEventAndFields) {
  Captured c({LogLevel::info, LogFormat::json});
  c.logging.make_logger("runtime")->info(
      "runtime_mode_resolved environment=sim execution_mode=paper note={}",
      log_value("say \"hi\" now"));
  const auto j = nlohmann::json::parse(c.out.str());
  EXPECT_EQ(j["component"], "runtime");
  EXPECT_EQ(j["level"], "info");
  EXPECT_EQ(j["event"], "runtime_mode_resolved");
  EXPECT_EQ(j["environment"], "sim");
  EXPECT_EQ(j["execution_mode"], "paper");
  EXPECT_EQ(j["note"], "say \"hi\" now");
  const std::string ts = j["ts"];
  EXPECT_EQ(ts.size(), 24u) << ts;  // 2026-11-21T07:29:51.123Z
  EXPECT_EQ(ts.back(), 'Z');
}

TEST(Logging, JsonFallsBackToMsgForFreeText) {
  Captured c({LogLevel::info, LogFormat::json});
  c.logging.make_logger("x")->info("Free text, with: punctuation");
  const auto j = nlohmann::json::parse(c.out.str());
  EXPECT_EQ(j["msg"], "Free text, with: punctuation");
  EXPECT_FALSE(j.contains("event"));
}

TEST(Logging, LogValueQuotesOnlyWhenNeeded) {
  EXPECT_EQ(log_value("plain"), "plain");
  EXPECT_EQ(log_value("two words"), "\"two words\"");
  EXPECT_EQ(log_value(""), "\"\"");
  EXPECT_EQ(log_value("a\"b"), "\"a\\\"b\"");
  EXPECT_EQ(log_value("line1\nline2"), "\"line1 line2\"");
  EXPECT_EQ(log_value("abcdef", 3), "abc…");
  EXPECT_EQ(log_value("a b c d", 3), "\"a b…\"");
}

}  // namespace
}  // namespace antevorta
