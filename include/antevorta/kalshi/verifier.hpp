// The exchange's side of request signing (API-NOTES §2), for the simulator and tests: check a
// KALSHI-ACCESS-SIGNATURE against a registered public key, and make key pairs.
//
// Verification is strict: RSA signatures must be RSASSA-PSS with SHA-256, MGF1-SHA-256 and a
// 32-byte salt (what every official client sends; whether Kalshi accepts other salt lengths
// is unknown), Ed25519 signatures pure RFC 8032. The signature must be standard, padded,
// single-line base64.
//
// Errors: bad key PEM is a KeyError value; a signature that does not verify (wrong key,
// tampered message, garbage base64) is `false`. Key generation failing inside OpenSSL
// (out of memory) throws SigningError.
//
// Threading: a Verifier is immutable; verify() may be called from several threads at once.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "antevorta/core/expected.hpp"
#include "antevorta/kalshi/signer.hpp"

namespace antevorta::kalshi {

class Verifier {
 public:
  // A SubjectPublicKeyInfo PEM (a "PUBLIC KEY" block), RSA (2048+ bits) or Ed25519.
  static Expected<Verifier, KeyError> from_public_key_pem(std::string_view pem);

  Verifier(Verifier&&) noexcept;
  Verifier& operator=(Verifier&&) noexcept;
  Verifier(const Verifier&) = delete;
  Verifier& operator=(const Verifier&) = delete;
  ~Verifier();

  // True when `signature_base64` is a valid signature of `message` (for a request: the
  // signing_string() of its timestamp header, method and path).
  bool verify(std::string_view message, std::string_view signature_base64) const;

  KeyType key_type() const noexcept;

 private:
  struct Impl;
  explicit Verifier(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;  // null only in a moved-from Verifier
};

// One-shot form of Verifier; false when the public key does not parse either.
bool verify_signature(std::string_view public_key_pem, std::string_view message,
                      std::string_view signature_base64);

// A freshly generated, unencrypted PKCS#8 PEM private key: RSA with `rsa_bits`
// (2048 unless a test wants a weak key) or Ed25519.
std::string generate_private_key_pem(KeyType type, int rsa_bits = 2048);

// The SubjectPublicKeyInfo PEM of an unencrypted private key PEM. Same errors as
// Signer::from_pem (except that there is no key id to check).
Expected<std::string, KeyError> public_key_pem(std::string_view private_key_pem);

}  // namespace antevorta::kalshi
