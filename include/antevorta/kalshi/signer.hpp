// Kalshi request signing (API-NOTES §2): the three KALSHI-ACCESS-* headers on every REST
// request and on the WebSocket upgrade.
//
//   signature = sign(key, timestamp_ms + METHOD + path)
// path is the URL path from the host root with the query string stripped; the body is never
// signed. RSA keys sign with RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt); Ed25519 keys
// sign the string directly (RFC 8032). The key type is detected from the parsed key, never
// from the PEM header: Kalshi's RSA keys are PKCS#1, its Ed25519 keys PKCS#8, and
// self-generated keys may be either.
//
// Secrets: the API key id is a Secret and key material never reaches a log, an error or a
// formatted string. Key file contents are wiped from memory after parsing.
//
// Errors: loading returns Expected<Signer, KeyError> — a missing, unreadable, encrypted,
// malformed, unsupported or weak key is an expected (configuration) outcome, reported with a
// one-line message naming the file. RSA keys shorter than 2048 bits are rejected (an error,
// not a warning: Kalshi would answer every request with 401, better to fail at startup).
// Loose file permissions are only a warning (warnings()). Once loaded, signing cannot fail
// for a reason the caller could act on; an OpenSSL failure while signing (out of memory)
// throws SigningError.
//
// Threading: a Signer is immutable after loading. sign() and sign_message() may be called
// from several threads at once: each call copies a signing context prepared at load time.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/expected.hpp"
#include "antevorta/core/secret.hpp"

namespace antevorta::kalshi {

inline constexpr std::string_view kAccessKeyHeader = "KALSHI-ACCESS-KEY";
inline constexpr std::string_view kAccessTimestampHeader = "KALSHI-ACCESS-TIMESTAMP";
inline constexpr std::string_view kAccessSignatureHeader = "KALSHI-ACCESS-SIGNATURE";

enum class KeyType {
  rsa,      // RSASSA-PSS, SHA-256, MGF1-SHA-256, salt 32; signature 256 bytes for RSA-2048
  ed25519,  // pure Ed25519; signature 64 bytes
};

std::string_view to_string(KeyType type) noexcept;

enum class KeyErrorCode {
  missing_file,      // the key file does not exist
  unreadable,        // exists but cannot be read (permissions, a directory, I/O error)
  empty,             // the file or string is empty (or only whitespace)
  encrypted,         // a passphrase-protected PEM; Kalshi keys are unencrypted
  malformed,         // not a PEM private key, or the PEM does not parse
  unsupported_type,  // a private key, but neither RSA nor Ed25519 (EC, RSA-PSS-only, DSA…)
  weak_key,          // RSA shorter than 2048 bits
  empty_key_id,      // the API key id is empty
};

std::string_view to_string(KeyErrorCode code) noexcept;

struct KeyError {
  KeyErrorCode code;
  // One line naming the file (or the label of an in-memory key) and the problem, e.g.
  // `key file "/etc/antevorta/kalshi.key" does not exist`. Never contains key material.
  std::string message;
};

// Thrown by sign()/sign_message() when OpenSSL fails on a key that loaded fine.
class SigningError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The URL path that is signed: scheme and host removed when `target` is a full URL
// ("https://host/trade-api/v2/x?y" → "/trade-api/v2/x"), and everything from the first '?'
// (or '#') dropped. A target without a path ("https://host") yields "/". Does not enforce the
// "/trade-api/" prefix.
std::string_view signing_path(std::string_view target) noexcept;

// timestamp_ms (decimal) + METHOD (ASCII upper-cased) + signing_path(target), e.g.
// signing_string(1703123456789, "get", "/trade-api/v2/portfolio/orders?limit=5")
//   == "1703123456789GET/trade-api/v2/portfolio/orders".
std::string signing_string(std::int64_t timestamp_ms, std::string_view method,
                           std::string_view target);

// The header values for one request. access_key stays a Secret so that logging the struct
// by accident cannot leak it; the HTTP layer calls access_key.reveal().
struct AuthHeaders {
  Secret access_key;      // KALSHI-ACCESS-KEY
  std::string timestamp;  // KALSHI-ACCESS-TIMESTAMP: Unix time in ms, decimal
  std::string signature;  // KALSHI-ACCESS-SIGNATURE: standard base64, padded, one line

  // (name, value) pairs in a fixed order, for copying onto a request. The views point into
  // this object.
  std::array<std::pair<std::string_view, std::string_view>, 3> fields() const noexcept {
    return {{{kAccessKeyHeader, access_key.reveal()},
             {kAccessTimestampHeader, timestamp},
             {kAccessSignatureHeader, signature}}};
  }
};

class Signer {
 public:
  // Reads an unencrypted PEM private key (PKCS#1 "RSA PRIVATE KEY", PKCS#8 "PRIVATE KEY",
  // RSA or Ed25519). Files larger than 64 KiB are rejected as malformed. A file accessible
  // by group or others loads, with a warning.
  static Expected<Signer, KeyError> load(const std::filesystem::path& key_file, Secret api_key_id);
  // The same from memory (tests, keys from a secret store); `label` names the key in
  // messages.
  static Expected<Signer, KeyError> from_pem(std::string_view pem, Secret api_key_id,
                                             std::string label = "<memory>");

  Signer(Signer&&) noexcept;
  Signer& operator=(Signer&&) noexcept;
  Signer(const Signer&) = delete;
  Signer& operator=(const Signer&) = delete;
  ~Signer();

  // Headers for `method` and `target` (a path, a path with a query, or a full URL) at `now`
  // (from the injected clock; truncated to whole milliseconds).
  AuthHeaders sign(std::string_view method, std::string_view target, Timestamp now) const;
  // The base64 signature of `message` exactly as given. sign() goes through here; tests use
  // it for known-answer vectors.
  std::string sign_message(std::string_view message) const;

  KeyType key_type() const noexcept;
  int key_bits() const noexcept;  // 2048+ for RSA, 256 for Ed25519
  const Secret& api_key_id() const noexcept;
  // The file path for load(), the label for from_pem().
  const std::string& label() const noexcept;
  // Problems that do not stop loading (loose file permissions), one line each, naming the
  // file. The caller logs them.
  const std::vector<std::string>& warnings() const noexcept;
  // The public half as a SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY"), to register with
  // Kalshi or hand to the simulator.
  std::string public_key_pem() const;

 private:
  struct Impl;
  explicit Signer(std::unique_ptr<Impl> impl) noexcept;
  // `subject` names the key in messages (`key file "/path"`, `key "label"`); `file` is the
  // path for the decryption hint, empty for in-memory keys.
  static Expected<Signer, KeyError> parse(std::string_view pem, Secret api_key_id,
                                          std::string label, const std::string& subject,
                                          std::string_view file);
  std::unique_ptr<Impl> impl_;  // null only in a moved-from Signer
};

}  // namespace antevorta::kalshi
