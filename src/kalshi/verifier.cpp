#include "antevorta/kalshi/verifier.hpp"

#include <cassert>
#include <cstddef>
#include <vector>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "kalshi/openssl_util.hpp"

namespace antevorta::kalshi {
namespace {

using namespace detail;  // NOLINT: the shared OpenSSL helpers

int refuse_passphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/) { return -1; }

constexpr bool is_base64_char(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/';
}

// Standard, padded, single-line base64 into `out`; false on anything else.
bool decode_base64(std::string_view text, std::vector<unsigned char>& out) {
  if (text.empty() || text.size() % 4 != 0) return false;
  std::size_t padding = 0;
  if (text.back() == '=') ++padding;
  if (text[text.size() - 2] == '=') ++padding;
  for (std::size_t i = 0; i < text.size() - padding; ++i) {
    if (!is_base64_char(text[i])) return false;
  }
  out.resize(text.size() / 4 * 3);
  const int decoded =
      EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                      static_cast<int>(text.size()));
  if (decoded < 0) return false;
  // EVP_DecodeBlock counts the padding as zero bytes.
  out.resize(static_cast<std::size_t>(decoded) - padding);
  return true;
}

}  // namespace

struct Verifier::Impl {
  PkeyPtr key;
  KeyType type = KeyType::rsa;
};

Verifier::Verifier(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Verifier::Verifier(Verifier&&) noexcept = default;
Verifier& Verifier::operator=(Verifier&&) noexcept = default;
Verifier::~Verifier() = default;

Expected<Verifier, KeyError> Verifier::from_public_key_pem(std::string_view pem) {
  if (pem.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    return key_error(KeyErrorCode::empty, "public key is empty");
  }
  // The exchange side never needs a private key; OpenSSL would quietly accept one here.
  if (pem_has_label(pem, is_private_key_label)) {
    return key_error(KeyErrorCode::malformed,
                     "public key PEM holds a private key; pass the public half "
                     "(a SubjectPublicKeyInfo PEM)");
  }
  ErrorScope errors;
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) throw SigningError("verifier: cannot allocate a BIO");
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, refuse_passphrase, nullptr));
  if (!key) {
    return key_error(KeyErrorCode::malformed,
                     fmt::format("public key does not parse as a PEM SubjectPublicKeyInfo "
                                 "(OpenSSL: {})",
                                 ErrorScope::reason()));
  }
  auto impl = std::make_unique<Impl>();
  const auto type = supported_key_type(key.get());
  if (!type) {
    return key_error(
        KeyErrorCode::unsupported_type,
        fmt::format("public key has an unsupported type ({})", key_type_name(key.get())));
  }
  impl->type = *type;
  if (impl->type == KeyType::rsa && EVP_PKEY_get_bits(key.get()) < kMinRsaBits) {
    return key_error(KeyErrorCode::weak_key,
                     fmt::format("public key is a {}-bit RSA key; at least {} bits are required",
                                 EVP_PKEY_get_bits(key.get()), kMinRsaBits));
  }
  impl->key = std::move(key);
  return Verifier(std::move(impl));
}

bool Verifier::verify(std::string_view message, std::string_view signature_base64) const {
  assert(impl_);
  std::vector<unsigned char> signature;
  if (!decode_base64(signature_base64, signature)) return false;

  ErrorScope errors;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  const bool rsa = impl_->type == KeyType::rsa;
  if (!ctx || EVP_DigestVerifyInit_ex(ctx.get(), &pctx, rsa ? "SHA256" : nullptr, nullptr, nullptr,
                                      impl_->key.get(), nullptr) != 1) {
    throw SigningError(fmt::format("verify: cannot set up a context ({})", ErrorScope::reason()));
  }
  // For verification RSA_PSS_SALTLEN_DIGEST means "exactly the digest length", not "any".
  if (rsa && (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
              EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", nullptr) <= 0 ||
              EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) <= 0)) {
    throw SigningError(fmt::format("verify: cannot set PSS parameters ({})", ErrorScope::reason()));
  }
  return EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                          reinterpret_cast<const unsigned char*>(message.data()),
                          message.size()) == 1;
}

KeyType Verifier::key_type() const noexcept { return impl_->type; }

bool verify_signature(std::string_view public_key_pem, std::string_view message,
                      std::string_view signature_base64) {
  const auto verifier = Verifier::from_public_key_pem(public_key_pem);
  return verifier.has_value() && verifier->verify(message, signature_base64);
}

std::string generate_private_key_pem(KeyType type, int rsa_bits) {
  ErrorScope errors;
  PkeyPtr key(type == KeyType::rsa
                  ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<std::size_t>(rsa_bits))
                  : EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
  if (!key) {
    throw SigningError(fmt::format("generate_private_key_pem: {} key generation failed ({})",
                                   to_string(type), ErrorScope::reason()));
  }
  // Secure memory BIO: the PEM text inside OpenSSL is wiped when the BIO is freed.
  BioPtr bio(BIO_new(BIO_s_secmem()));
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    throw SigningError(
        fmt::format("generate_private_key_pem: cannot write PEM ({})", ErrorScope::reason()));
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

Expected<std::string, KeyError> public_key_pem(std::string_view private_key_pem) {
  // The key id is irrelevant here; from_pem only insists that it is set.
  auto signer = Signer::from_pem(private_key_pem, Secret("unused"), "private key");
  if (!signer) return unexpected(signer.error());
  return signer->public_key_pem();
}

}  // namespace antevorta::kalshi
