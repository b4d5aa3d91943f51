// Small OpenSSL helpers shared by the signer and the verifier (internal).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "antevorta/core/expected.hpp"
#include "antevorta/kalshi/signer.hpp"

namespace antevorta::kalshi::detail {

struct PkeyFree {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const noexcept { BIO_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;

inline constexpr int kMinRsaBits = 2048;

// Errors OpenSSL queues during one of our calls are removed again, so that they never
// surface later in unrelated code on the same thread (Asio's TLS reads the queue).
class ErrorScope {
 public:
  ErrorScope() { ERR_set_mark(); }
  ~ErrorScope() { ERR_pop_to_mark(); }
  ErrorScope(const ErrorScope&) = delete;
  ErrorScope& operator=(const ErrorScope&) = delete;

  // The reason of the last error queued (the outermost failure). Reason strings are static
  // text ("bad base64 decode"); the error's data field, which could echo input, is ignored.
  static std::string reason() {
    const unsigned long code = ERR_peek_last_error();
    const char* text = code == 0 ? nullptr : ERR_reason_error_string(code);
    return text != nullptr ? text : "unknown OpenSSL error";
  }
};

// The signing algorithm a parsed key selects (RSA → RSA-PSS), or nullopt for other types.
inline std::optional<KeyType> supported_key_type(const EVP_PKEY* key) {
  switch (EVP_PKEY_get_id(key)) {
    case EVP_PKEY_RSA:
      return KeyType::rsa;
    case EVP_PKEY_ED25519:
      return KeyType::ed25519;
    default:
      return std::nullopt;
  }
}

inline std::string key_type_name(const EVP_PKEY* key) {
  const char* name = EVP_PKEY_get0_type_name(key);
  return name != nullptr ? name : "unknown";
}

// True when the PEM text has a block whose label satisfies `match`, e.g. "PUBLIC KEY" or
// "ENCRYPTED PRIVATE KEY". Labels are compared as words, so callers never spell out whole
// key-file markers.
template <class Match>
bool pem_has_label(std::string_view pem, Match&& match) {
  constexpr std::string_view kBegin = "-----BEGIN ";
  constexpr std::string_view kDashes = "-----";
  for (std::size_t at = pem.find(kBegin); at != std::string_view::npos;
       at = pem.find(kBegin, at + 1)) {
    const std::size_t start = at + kBegin.size();
    const std::size_t end = pem.find(kDashes, start);
    if (end == std::string_view::npos) return false;
    if (match(pem.substr(start, end - start))) return true;
  }
  return false;
}

inline bool is_private_key_label(std::string_view label) { return label.ends_with("PRIVATE KEY"); }

inline Unexpected<KeyError> key_error(KeyErrorCode code, std::string message) {
  return unexpected(KeyError{code, std::move(message)});
}

}  // namespace antevorta::kalshi::detail
