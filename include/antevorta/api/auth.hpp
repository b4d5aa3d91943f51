// The operator API's bearer token: where it comes from and how a request is checked.
//
// The token is `http.token` when configured. Otherwise the daemon keeps one in a file next
// to its database (`api_token`): created at first start with 32 random bytes as 64 hex
// characters, mode 0600 (created so, never widened), and read back at later starts so
// scripts keep working across restarts. The token itself is never logged; the file's path is.
//
// Checking: `Authorization: Bearer <token>` compared in constant time (both sides hashed
// with SHA-256, then compared with CRYPTO_memcmp, so neither the content nor the length of
// the token leaks through timing).
//
// Errors: load_or_create_token returns the reason as a value (unreadable file, a file that
// others can read, no randomness). Threading: any.
#pragma once

#include <filesystem>
#include <string>

#include "antevorta/core/expected.hpp"
#include "antevorta/core/secret.hpp"

namespace antevorta::api {

inline constexpr const char* kTokenFileName = "api_token";

struct TokenSource {
  Secret token;
  std::filesystem::path file;  // empty when the token came from the configuration
  bool created = false;        // the file was created now
};

// The configured token, or the one in `dir`/api_token (created when absent).
Expected<TokenSource, std::string> load_or_create_token(const Secret& configured,
                                                        const std::filesystem::path& dir);

// The token kept in `file` (the api_token file): refused when other users can read the file,
// or when it holds fewer than 16 characters. For clients of the API (antevorta kill, …).
Expected<TokenSource, std::string> read_token_file(const std::filesystem::path& file);

// Whether an Authorization header value carries `token` ("Bearer <token>", scheme
// case-insensitive). A null header or an empty token never matches.
bool bearer_matches(const std::string* authorization, const Secret& token);

}  // namespace antevorta::api
