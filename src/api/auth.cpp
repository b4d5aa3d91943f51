// The operator API's token (auth.hpp).
#include "antevorta/api/auth.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace antevorta::api {

namespace fs = std::filesystem;

namespace {

std::array<unsigned char, SHA256_DIGEST_LENGTH> digest(std::string_view text) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> out{};
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), out.data());
  return out;
}

}  // namespace

Expected<TokenSource, std::string> read_token_file(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) {
    return unexpected(fmt::format("cannot read {}: {}", file.string(), std::strerror(errno)));
  }
  if ((st.st_mode & 077) != 0) {
    return unexpected(fmt::format(
        "{} can be read by other users (mode {:o}); chmod 600 it or delete it to get a new one",
        file.string(), st.st_mode & 0777));
  }
  std::ifstream in(file);
  std::string token;
  std::getline(in, token);
  const auto end = token.find_last_not_of(" \r\n");
  token.resize(end == std::string::npos ? 0 : end + 1);
  if (token.size() < 16) {
    return unexpected(fmt::format("{} holds no token (at least 16 characters)", file.string()));
  }
  // Built field by field: GCC 12 warns falsely when the string is moved in a braced init.
  TokenSource source;
  source.token = Secret(std::move(token));
  source.file = file;
  return source;
}

Expected<TokenSource, std::string> load_or_create_token(const Secret& configured,
                                                        const fs::path& dir) {
  if (!configured.empty()) return TokenSource{configured, {}, false};
  const fs::path file = dir / kTokenFileName;
  std::error_code ec;
  if (fs::exists(file, ec)) return read_token_file(file);
  if (!dir.empty()) {
    fs::create_directories(dir, ec);
    if (ec) return unexpected(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  }

  std::array<unsigned char, 32> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
    return unexpected(std::string("no randomness for the API token (RAND_bytes failed)"));
  }
  constexpr char kHex[] = "0123456789abcdef";
  std::string token;
  token.reserve(bytes.size() * 2);
  for (unsigned char b : bytes) {
    token.push_back(kHex[b >> 4]);
    token.push_back(kHex[b & 0xf]);
  }

  // O_EXCL: a file that appeared meanwhile is not overwritten; 0600 from the start.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return read_token_file(file);
    return unexpected(fmt::format("cannot create {}: {}", file.string(), std::strerror(errno)));
  }
  std::string line = token;
  line.push_back('\n');
  const auto written = ::write(fd, line.data(), line.size());
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size()) || !synced) {
    ::unlink(file.c_str());
    return unexpected(fmt::format("cannot write {}", file.string()));
  }
  return TokenSource{Secret(std::move(token)), file, true};
}

bool bearer_matches(const std::string* authorization, const Secret& token) {
  if (authorization == nullptr || token.empty()) return false;
  std::string_view value = *authorization;
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() < kScheme.size()) return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = value[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != kScheme[i]) return false;
  }
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  const auto given = digest(value);
  const auto expected = digest(token.reveal());
  return CRYPTO_memcmp(given.data(), expected.data(), given.size()) == 0;
}

}  // namespace antevorta::api
