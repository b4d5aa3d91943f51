// The operator API's token file and bearer check (api/auth.hpp).
#include "antevorta/api/auth.hpp"

#include <filesystem>
#include <fstream>
#include <sys/stat.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace antevorta::api {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct TempDir {
  fs::path path;
  TempDir() {
    char tmpl[] = "/tmp/antevorta-auth-XXXXXX";
    path = ::mkdtemp(tmpl);
  }
  ~TempDir() { fs::remove_all(path); }
};

unsigned mode_of(const fs::path& p) {
  struct stat st {};
  ::stat(p.c_str(), &st);
  return st.st_mode & 0777;
}

TEST(Token, ConfiguredTokenWinsAndNoFileIsMade) {
  TempDir dir;
  auto source = load_or_create_token(Secret("configured-token-123"), dir.path / "data");
  ASSERT_TRUE(source);
  EXPECT_EQ(source->token.reveal(), "configured-token-123");
  EXPECT_TRUE(source->file.empty());
  EXPECT_FALSE(fs::exists(dir.path / "data" / kTokenFileName));
}

TEST(Token, CreatedOnceWithMode0600AndReadBackLater) {
  TempDir dir;
  const auto data = dir.path / "data";  // does not exist yet
  auto first = load_or_create_token(Secret(), data);
  ASSERT_TRUE(first) << first.error();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->file, data / kTokenFileName);
  EXPECT_EQ(first->token.reveal().size(), 64u);  // 32 random bytes in hex
  EXPECT_EQ(mode_of(first->file), 0600u);
  auto second = load_or_create_token(Secret(), data);
  ASSERT_TRUE(second) << second.error();
  EXPECT_FALSE(second->created);
  EXPECT_EQ(second->token, first->token);
  // Another directory gets another token.
  auto other = load_or_create_token(Secret(), dir.path / "other");
  ASSERT_TRUE(other);
  EXPECT_NE(other->token, first->token);
}

TEST(Token, AFileOthersCanReadIsRefused) {
  TempDir dir;
  auto first = load_or_create_token(Secret(), dir.path);
  ASSERT_TRUE(first);
  ::chmod(first->file.c_str(), 0644);
  auto again = load_or_create_token(Secret(), dir.path);
  ASSERT_FALSE(again);
  EXPECT_THAT(again.error(), HasSubstr("can be read by other users"));
  EXPECT_THAT(again.error(), ::testing::Not(HasSubstr(first->token.reveal())));
}

TEST(Token, AnEmptyFileIsAnError) {
  TempDir dir;
  { std::ofstream(dir.path / kTokenFileName) << "\n"; }
  ::chmod((dir.path / kTokenFileName).c_str(), 0600);
  auto t = load_or_create_token(Secret(), dir.path);
  ASSERT_FALSE(t);
  EXPECT_THAT(t.error(), HasSubstr("holds no token"));
}

TEST(Bearer, MatchesOnlyTheExactToken) {
  const Secret token("0123456789abcdef0123");
  const std::string good = "Bearer 0123456789abcdef0123";
  const std::string lower = "bearer 0123456789abcdef0123";
  const std::string padded = "Bearer   0123456789abcdef0123 ";
  const std::string prefix = "Bearer 0123456789abcdef012";
  const std::string longer = "Bearer 0123456789abcdef01234";
  const std::string basic = "Basic 0123456789abcdef0123";
  const std::string bare = "0123456789abcdef0123";
  const std::string empty = "Bearer ";
  EXPECT_TRUE(bearer_matches(&good, token));
  EXPECT_TRUE(bearer_matches(&lower, token));
  EXPECT_TRUE(bearer_matches(&padded, token));
  EXPECT_FALSE(bearer_matches(&prefix, token));
  EXPECT_FALSE(bearer_matches(&longer, token));
  EXPECT_FALSE(bearer_matches(&basic, token));
  EXPECT_FALSE(bearer_matches(&bare, token));
  EXPECT_FALSE(bearer_matches(&empty, token));
  EXPECT_FALSE(bearer_matches(nullptr, token));
  EXPECT_FALSE(bearer_matches(&good, Secret()));  // no token: nothing matches
}

}  // namespace
}  // namespace antevorta::api
