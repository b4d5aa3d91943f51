// The Reader API that section parsers and plugins use.
#include "antevorta/config/reader.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "antevorta/config/loader.hpp"

#include "unit/config/config_fixture.hpp"

namespace antevorta::config::testing {
namespace {

using ::testing::HasSubstr;

Node yaml(std::string_view text) {
  std::vector<ConfigError> errors;
  Node node = parse_yaml(text, "t.yaml", errors);
  EXPECT_TRUE(errors.empty());
  return node;
}

enum class Color { red, green };

TEST(Reader, TypedReads) {
  const Node tree = yaml(
      "b: true\ni: -42\np: 65535\ns: 12\nsecret: hunter2\nc: 1.5\nm: \"-0.0175\"\npr: 0.56\n"
      "d: 250\nl: [a, 'b c']\ncolor: green\nnothing: ~\n");
  std::vector<ConfigError> errors;
  Reader r(&tree, "", errors);
  bool b = false;
  std::int64_t i = 0;
  std::uint16_t p = 0;
  std::string s;
  Secret secret;
  Count c;
  Money m;
  Price pr;
  std::chrono::milliseconds d{0};
  std::vector<std::string> l;
  Color color = Color::red;
  std::int64_t nothing = 7;
  std::optional<std::int64_t> absent;
  EXPECT_TRUE(r.read("b", b));
  EXPECT_TRUE(r.read("i", i));
  EXPECT_TRUE(r.read("p", p));
  EXPECT_TRUE(r.read("s", s));
  EXPECT_TRUE(r.read("secret", secret));
  EXPECT_TRUE(r.read("c", c));
  EXPECT_TRUE(r.read("m", m));
  EXPECT_TRUE(r.read("pr", pr));
  EXPECT_TRUE(r.read("d", d));
  EXPECT_TRUE(r.read("l", l));
  EXPECT_TRUE(r.read_enum("color", color, {{"red", Color::red}, {"green", Color::green}}));
  EXPECT_FALSE(r.read("nothing", nothing));  // null keeps the default
  EXPECT_FALSE(r.read("absent", absent));
  r.finish();
  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(b);
  EXPECT_EQ(i, -42);
  EXPECT_EQ(p, 65535);
  EXPECT_EQ(s, "12");
  EXPECT_EQ(secret.reveal(), "hunter2");
  EXPECT_EQ(c, Count::from_centi(150));
  EXPECT_EQ(m, Money::from_centicents(-175));
  EXPECT_EQ(pr, Price::of(5600));
  EXPECT_EQ(d, std::chrono::milliseconds(250));
  EXPECT_EQ(l, (std::vector<std::string>{"a", "b c"}));
  EXPECT_EQ(color, Color::green);
  EXPECT_EQ(nothing, 7);
  EXPECT_FALSE(absent);
}

TEST(Reader, InvalidValuesKeepDefaultsAndAreAllReported) {
  const Node tree = yaml("p: 70000\npr: 1.5\ncolor: blue\nsecret: [x]\nsub:\n  n: 0\n  typo: 1\n");
  std::vector<ConfigError> errors;
  Reader r(&tree, "plugin", errors);
  std::uint16_t p = 1;
  Price pr;
  Color color = Color::red;
  Secret secret;
  EXPECT_FALSE(r.read("p", p));
  EXPECT_FALSE(r.read("pr", pr));
  EXPECT_FALSE(r.read_enum("color", color, {{"red", Color::red}, {"green", Color::green}}));
  EXPECT_FALSE(r.read("secret", secret));
  Reader sub = r.child("sub");
  std::int64_t n = 5;
  EXPECT_TRUE(sub.read("n", n));
  EXPECT_FALSE(sub.check_between("n", n, std::int64_t{1}, std::int64_t{10}));
  sub.error("missing", "custom message");
  sub.finish();
  r.finish();
  EXPECT_EQ(p, 1);
  EXPECT_EQ(color, Color::red);
  std::vector<std::string> got;
  for (const auto& e : errors) got.push_back(e.to_string());
  EXPECT_EQ(got, (std::vector<std::string>{
                     "t.yaml: plugin.p: expected an integer between 0 and 65535, was \"70000\" "
                     "(line 1)",
                     "t.yaml: plugin.pr: expected a price in dollars between 0 and 1 in range, "
                     "was \"1.5\" (line 2)",
                     "t.yaml: plugin.color: must be one of red, green; was \"blue\" (line 3)",
                     "t.yaml: plugin.secret: expected a string (line 4)",
                     "t.yaml: plugin.sub.n: must be between 1 and 10, was 0 (line 6)",
                     "t.yaml: plugin.sub.missing: custom message (line 6)",
                     "t.yaml: plugin.sub.typo: unknown key (line 7)",
                 }));
}

TEST(Reader, FinishSuggestsTheClosestKnownKey) {
  const Node tree = yaml("Enabled: true\nmax_ordr_count: 1\nzzz: 1\n");
  std::vector<ConfigError> errors;
  Reader r(&tree, "x", errors);
  bool enabled = false;
  Count count;
  r.read("enabled", enabled);
  r.read("max_order_count", count);
  r.finish();
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].message, "unknown key; did you mean \"enabled\"?");
  EXPECT_EQ(errors[1].message, "unknown key; did you mean \"max_order_count\"?");
  EXPECT_EQ(errors[2].message, "unknown key");
}

TEST(Reader, RangeChecksReportAbsentKeysWithTheValue) {
  std::vector<ConfigError> errors;
  Reader r(nullptr, "plugin", errors);  // no mapping at all: every key is absent
  EXPECT_TRUE(r.check_at_least("n", 5, 5));
  EXPECT_FALSE(r.check_at_least("n", 3, 5));
  EXPECT_FALSE(r.check_positive("cost", Money::zero()));
  EXPECT_FALSE(r.check_positive("wait", std::chrono::milliseconds(0)));
  r.finish();
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0].to_string(), "defaults: plugin.n: must be >= 5, was 3");
  EXPECT_EQ(errors[1].message, "must be > 0, was 0.0000");
  EXPECT_EQ(errors[2].message, "must be > 0, was 0ms");
}

TEST(Reader, QuoteEscapesAndShortens) {
  EXPECT_EQ(quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(quote(std::string(100, 'x')), "\"" + std::string(80, 'x') + "...\"");
}

// A plugin reads its own params later with the same reader; errors name file, line and path.
TEST_F(ConfigTest, PluginParamsKeepTheirOrigins) {
  file("base.yaml", "");
  file("strategies/crypto.yaml",
       "strategies:\n  crypto_digital:\n    enabled: true\n    params:\n      min_edge: 0.03\n"
       "      window_ms: soon\n");
  const AppConfig c =
      load_ok({{"ANTEVORTA__STRATEGIES__CRYPTO_DIGITAL__PARAMS__MAX_SPREAD", "0.1"}});
  const StrategyConfig& s = c.strategies.at("crypto_digital");
  EXPECT_TRUE(s.enabled);

  std::vector<ConfigError> errors;
  Reader params(&s.params, "strategies.crypto_digital.params", errors);
  Price min_edge;
  Price max_spread;
  std::chrono::milliseconds window{1000};
  EXPECT_TRUE(params.read("min_edge", min_edge));
  EXPECT_TRUE(params.read("max_spread", max_spread));
  EXPECT_FALSE(params.read("window_ms", window));
  params.finish();
  EXPECT_EQ(min_edge, Price::of(300));
  EXPECT_EQ(max_spread, Price::of(1000));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].to_string(),
            source("strategies/crypto.yaml") +
                ": strategies.crypto_digital.params.window_ms: expected an integer number of "
                "milliseconds, was \"soon\" (line 6)");
}

TEST_F(ConfigTest, PluginNamesMustBeLowerCase) {
  file("base.yaml", "sources:\n  Coinbase:\n    enabled: false\n  kraken:\n    enabled: false\n");
  const LoadResult r = load_with();
  ASSERT_EQ(r.errors.size(), 1u) << all(r);
  EXPECT_EQ(r.errors[0].key_path, "sources.Coinbase");
  EXPECT_THAT(r.errors[0].message, HasSubstr("lower-case"));

  file("base.yaml", "sources:\n  kraken: {params: {depth: 10}}\n  coinbase:\n");
  const AppConfig c = load_ok();
  EXPECT_TRUE(c.sources.at("kraken").enabled);  // sources default to enabled
  EXPECT_TRUE(c.sources.at("coinbase").enabled);
  EXPECT_EQ(c.sources.at("kraken").params.find("depth")->text, "10");
}

}  // namespace
}  // namespace antevorta::config::testing
