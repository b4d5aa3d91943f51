#include "antevorta/kalshi/signer.hpp"

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "antevorta/core/clock.hpp"
#include "antevorta/kalshi/verifier.hpp"

namespace antevorta::kalshi {
namespace {

namespace fs = std::filesystem;

constexpr std::int64_t kTs = 1703123456789;  // API-NOTES §2.2 examples

// --- OpenSSL helpers, independent of the code under test ------------------------------------

struct PkeyFree {
  void operator()(EVP_PKEY* p) const noexcept { EVP_PKEY_free(p); }
};
struct BioFree {
  void operator()(BIO* p) const noexcept { BIO_free(p); }
};
struct MdCtxFree {
  void operator()(EVP_MD_CTX* p) const noexcept { EVP_MD_CTX_free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;

// "-----BEGIN <label>-----", assembled so the source holds no key-file text.
std::string pem_begin(std::string_view label) {
  return std::string(5, '-') + "BEGIN " + std::string(label) + std::string(5, '-');
}

std::string to_base64(const std::vector<unsigned char>& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes.data(),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::vector<unsigned char> from_base64(std::string_view text) {
  std::vector<unsigned char> out(text.size() / 4 * 3);
  const int n = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  EXPECT_GE(n, 0);
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') ++padding;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++padding;
  out.resize(static_cast<std::size_t>(n) - padding);
  return out;
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

PkeyPtr parse_private(std::string_view pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  EXPECT_TRUE(key);
  return key;
}

enum class Pem { pkcs8, traditional, pkcs8_encrypted, traditional_encrypted };

std::string write_pem(EVP_PKEY* key, Pem format) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  char passphrase[] = "correct horse battery staple";
  int ok = 0;
  switch (format) {
    case Pem::pkcs8:
      ok = PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
      break;
    case Pem::traditional:
      ok = PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr,
                                                nullptr);
      break;
    case Pem::pkcs8_encrypted:
      ok = PEM_write_bio_PKCS8PrivateKey(bio.get(), key, EVP_aes_256_cbc(), nullptr, 0, nullptr,
                                         passphrase);
      break;
    case Pem::traditional_encrypted:
      ok = PEM_write_bio_PrivateKey_traditional(
          bio.get(), key, EVP_aes_256_cbc(), reinterpret_cast<unsigned char*>(passphrase),
          static_cast<int>(sizeof passphrase - 1), nullptr, nullptr);
      break;
  }
  EXPECT_EQ(ok, 1);
  return bio_text(bio.get());
}

// Verifies with OpenSSL directly. For RSA: PSS, SHA-256, MGF1-SHA-256, the given salt length.
bool openssl_verify(std::string_view public_pem, std::string_view message,
                    std::string_view signature_base64, int salt_length = RSA_PSS_SALTLEN_DIGEST) {
  BioPtr bio(BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())));
  PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
  EXPECT_TRUE(key);
  if (!key) return false;
  const bool rsa = EVP_PKEY_get_id(key.get()) == EVP_PKEY_RSA;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  EXPECT_EQ(
      EVP_DigestVerifyInit(ctx.get(), &pctx, rsa ? EVP_sha256() : nullptr, nullptr, key.get()), 1);
  if (rsa) {
    EXPECT_GT(EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING), 0);
    EXPECT_GT(EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()), 0);
    EXPECT_GT(EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, salt_length), 0);
  }
  const auto signature = from_base64(signature_base64);
  const int rc =
      EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                       reinterpret_cast<const unsigned char*>(message.data()), message.size());
  ERR_clear_error();
  return rc == 1;
}

// Keys are slow to generate (RSA): one of each per test program.
const std::string& rsa_pem() {
  static const std::string pem = generate_private_key_pem(KeyType::rsa);
  return pem;
}
const std::string& ed25519_pem() {
  static const std::string pem = generate_private_key_pem(KeyType::ed25519);
  return pem;
}

// No line of the PEM body (base64) may appear in a message.
void expect_no_key_material(std::string_view message, std::string_view pem) {
  std::size_t begin = 0;
  while (begin < pem.size()) {
    auto end = pem.find('\n', begin);
    if (end == std::string_view::npos) end = pem.size();
    const auto line = pem.substr(begin, end - begin);
    if (line.size() >= 16 && line.substr(0, 5) != "-----" && line.find(':') == line.npos) {
      EXPECT_EQ(message.find(line.substr(0, 16)), std::string_view::npos)
          << "message leaks key material: " << message;
    }
    begin = end + 1;
  }
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "antevorta-signer-XXXXXX").string();
    const char* made = ::mkdtemp(pattern.data());
    EXPECT_NE(made, nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_all, fs::perm_options::add, ec);
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  fs::path write(const std::string& name, std::string_view content,
                 fs::perms mode = fs::perms::owner_read | fs::perms::owner_write) const {
    const fs::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << content;
    fs::permissions(file, mode, fs::perm_options::replace);
    return file;
  }
  const fs::path& path() const noexcept { return path_; }

 private:
  fs::path path_;
};

const Secret kKeyId{"a952bcbe-ec3b-4b5b-b8f9-11dae589608c"};

Signer must_load(std::string_view pem) {
  auto signer = Signer::from_pem(pem, kKeyId, "test");
  EXPECT_TRUE(signer.has_value()) << (signer ? "" : signer.error().message);
  return std::move(signer).value();
}

// --- signing_string -------------------------------------------------------------------------

TEST(SignerSigningString, QueryStringIsStripped) {
  EXPECT_EQ(signing_string(kTs, "GET", "/trade-api/v2/portfolio/orders?limit=5"),
            "1703123456789GET/trade-api/v2/portfolio/orders");
  EXPECT_EQ(signing_string(kTs, "GET", "/trade-api/v2/portfolio/balance"),
            "1703123456789GET/trade-api/v2/portfolio/balance");
  EXPECT_EQ(signing_string(kTs, "GET", "/trade-api/v2/markets?"),
            "1703123456789GET/trade-api/v2/markets");
  EXPECT_EQ(signing_string(kTs, "GET", "/trade-api/v2/markets#frag"),
            "1703123456789GET/trade-api/v2/markets");
}

TEST(SignerSigningString, WebSocketHandshake) {
  EXPECT_EQ(signing_string(kTs, "GET", "/trade-api/ws/v2"), "1703123456789GET/trade-api/ws/v2");
  EXPECT_EQ(signing_string(kTs, "GET", "wss://api.elections.kalshi.com/trade-api/ws/v2"),
            "1703123456789GET/trade-api/ws/v2");
}

TEST(SignerSigningString, PathParametersAreSigned) {
  EXPECT_EQ(
      signing_string(kTs, "DELETE",
                     "/trade-api/v2/portfolio/orders/3b23c1c7-2b4e-4d5b-9c1e-6f0d1b2a3c4d"),
      "1703123456789DELETE/trade-api/v2/portfolio/orders/3b23c1c7-2b4e-4d5b-9c1e-6f0d1b2a3c4d");
}

TEST(SignerSigningString, MethodIsUpperCased) {
  EXPECT_EQ(signing_string(kTs, "post", "/trade-api/v2/portfolio/orders"),
            "1703123456789POST/trade-api/v2/portfolio/orders");
  EXPECT_EQ(signing_string(kTs, "Delete", "/trade-api/v2/portfolio/orders/x"),
            "1703123456789DELETE/trade-api/v2/portfolio/orders/x");
}

TEST(SignerSigningString, FullUrlLosesSchemeHostAndQuery) {
  EXPECT_EQ(signing_string(kTs, "GET",
                           "https://external-api.kalshi.com/trade-api/v2/portfolio/orders?limit=5"),
            "1703123456789GET/trade-api/v2/portfolio/orders");
  EXPECT_EQ(signing_string(kTs, "GET", "http://127.0.0.1:8080/trade-api/v2/exchange/status"),
            "1703123456789GET/trade-api/v2/exchange/status");
  EXPECT_EQ(signing_path("https://external-api.kalshi.com"), "/");
  EXPECT_EQ(signing_path("https://external-api.kalshi.com?x=1"), "/");
}

TEST(SignerSigningString, UrlInsideQueryIsNotMistakenForTheTarget) {
  EXPECT_EQ(signing_path("/trade-api/v2/x?next=https://evil.example/y"), "/trade-api/v2/x");
  EXPECT_EQ(signing_path("https://h/trade-api/v2/x?next=https://evil.example/y"),
            "/trade-api/v2/x");
}

TEST(SignerSigningString, PrefixIsNotEnforcedAndBodyIsNeverPartOfIt) {
  EXPECT_EQ(signing_string(0, "PUT", "/other"), "0PUT/other");
  EXPECT_EQ(signing_path(""), "");
}

// --- Ed25519 --------------------------------------------------------------------------------

// Ed25519 is deterministic: the signer's signature must equal the one OpenSSL's one-shot API
// computes for the same freshly generated key, and the public half must be that key's.
std::string openssl_ed25519_sign(EVP_PKEY* key, std::string_view message) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EXPECT_EQ(EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key), 1);
  std::vector<unsigned char> sig(64);
  std::size_t len = sig.size();
  EXPECT_EQ(EVP_DigestSign(ctx.get(), sig.data(), &len,
                           reinterpret_cast<const unsigned char*>(message.data()), message.size()),
            1);
  sig.resize(len);
  return to_base64(sig);
}

TEST(SignerEd25519, MatchesOpenSslOneShotForAGeneratedKey) {
  for (const std::string_view message : {std::string_view(""), std::string_view("r"),
                                         std::string_view("1703123456789GET/trade-api/ws/v2")}) {
    SCOPED_TRACE(message);
    const auto key = parse_private(generate_private_key_pem(KeyType::ed25519));
    const Signer signer = must_load(write_pem(key.get(), Pem::pkcs8));
    EXPECT_EQ(signer.key_type(), KeyType::ed25519);

    const std::string signature = signer.sign_message(message);
    EXPECT_EQ(signature, openssl_ed25519_sign(key.get(), message));
    EXPECT_EQ(from_base64(signature).size(), 64U);

    // The public half is the generated key's.
    const std::string public_pem = signer.public_key_pem();
    BioPtr bio(BIO_new_mem_buf(public_pem.data(), static_cast<int>(public_pem.size())));
    PkeyPtr pub(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    ASSERT_TRUE(pub);
    std::vector<unsigned char> raw(32);
    std::vector<unsigned char> expected(32);
    std::size_t raw_size = raw.size();
    std::size_t expected_size = expected.size();
    ASSERT_EQ(EVP_PKEY_get_raw_public_key(pub.get(), raw.data(), &raw_size), 1);
    ASSERT_EQ(EVP_PKEY_get_raw_public_key(key.get(), expected.data(), &expected_size), 1);
    EXPECT_EQ(raw, expected);
  }
}

TEST(SignerEd25519, RequestSignatureVerifiesWithOpenSsl) {
  const Signer signer = must_load(ed25519_pem());
  const auto headers = signer.sign("GET", "/trade-api/v2/portfolio/balance", from_unix_ms(kTs));
  EXPECT_EQ(headers.signature.size(), 88U);  // 64 bytes
  const auto public_pem = signer.public_key_pem();
  EXPECT_TRUE(openssl_verify(public_pem, "1703123456789GET/trade-api/v2/portfolio/balance",
                             headers.signature));
  EXPECT_FALSE(openssl_verify(public_pem, "1703123456789GET/trade-api/v2/portfolio/balancE",
                              headers.signature));
  // Deterministic (RFC 8032): the same string gives the same signature.
  EXPECT_EQ(signer.sign("GET", "/trade-api/v2/portfolio/balance", from_unix_ms(kTs)).signature,
            headers.signature);
}

// --- RSA-PSS --------------------------------------------------------------------------------

TEST(SignerRsa, Pkcs1AndPkcs8BothLoadAndVerify) {
  const auto key = parse_private(rsa_pem());
  const std::string pkcs1 = write_pem(key.get(), Pem::traditional);
  const std::string pkcs8 = write_pem(key.get(), Pem::pkcs8);
  ASSERT_NE(pkcs1.find(pem_begin("RSA PRIVATE KEY")), std::string::npos);
  ASSERT_NE(pkcs8.find(pem_begin("PRIVATE KEY")), std::string::npos);

  for (const auto* pem : {&pkcs1, &pkcs8}) {
    const Signer signer = must_load(*pem);
    EXPECT_EQ(signer.key_type(), KeyType::rsa);
    EXPECT_EQ(signer.key_bits(), 2048);
    const std::string message = "1703123456789GET/trade-api/v2/portfolio/orders";
    const auto headers =
        signer.sign("GET", "/trade-api/v2/portfolio/orders?limit=5", from_unix_ms(kTs));
    EXPECT_EQ(headers.signature.size(), 344U);  // 256 bytes
    EXPECT_EQ(from_base64(headers.signature).size(), 256U);
    EXPECT_EQ(headers.signature.find('\n'), std::string::npos);

    const auto public_pem = signer.public_key_pem();
    EXPECT_TRUE(openssl_verify(public_pem, message, headers.signature, 32));
    EXPECT_TRUE(openssl_verify(public_pem, message, headers.signature, RSA_PSS_SALTLEN_DIGEST));
    EXPECT_TRUE(openssl_verify(public_pem, message, headers.signature, RSA_PSS_SALTLEN_AUTO));
    EXPECT_FALSE(
        openssl_verify(public_pem, message + "?limit=5", headers.signature, RSA_PSS_SALTLEN_AUTO));
    // Salt 32 exactly: a verifier insisting on another length rejects it.
    EXPECT_FALSE(openssl_verify(public_pem, message, headers.signature, 20));
  }
}

TEST(SignerRsa, SignaturesAreRandomizedButAllVerify) {
  const Signer signer = must_load(rsa_pem());
  const auto a = signer.sign_message("m");
  const auto b = signer.sign_message("m");
  EXPECT_NE(a, b);  // PSS salt is random
  const auto verifier = Verifier::from_public_key_pem(signer.public_key_pem());
  ASSERT_TRUE(verifier.has_value());
  EXPECT_TRUE(verifier->verify("m", a));
  EXPECT_TRUE(verifier->verify("m", b));
}

// --- headers --------------------------------------------------------------------------------

TEST(SignerHeaders, TimestampIsTheClockInMillisecondsAndKeyIsTheId) {
  const ManualClock clock(from_unix_ms(kTs) + std::chrono::microseconds(999));
  const Signer signer = must_load(ed25519_pem());
  const AuthHeaders headers = signer.sign("get", "/trade-api/ws/v2", clock.now());
  EXPECT_EQ(headers.timestamp, "1703123456789");
  EXPECT_EQ(headers.access_key.reveal(), kKeyId.reveal());
  EXPECT_TRUE(verify_signature(signer.public_key_pem(), "1703123456789GET/trade-api/ws/v2",
                               headers.signature));

  const auto fields = headers.fields();
  EXPECT_EQ(fields[0].first, "KALSHI-ACCESS-KEY");
  EXPECT_EQ(fields[0].second, kKeyId.reveal());
  EXPECT_EQ(fields[1].first, "KALSHI-ACCESS-TIMESTAMP");
  EXPECT_EQ(fields[1].second, "1703123456789");
  EXPECT_EQ(fields[2].first, "KALSHI-ACCESS-SIGNATURE");
  EXPECT_EQ(fields[2].second, headers.signature);
}

TEST(SignerHeaders, KeyIdNeverFormats) {
  const Signer signer = must_load(ed25519_pem());
  const auto headers = signer.sign("GET", "/trade-api/v2/x", from_unix_ms(kTs));
  EXPECT_EQ(fmt::format("{}", headers.access_key), "<redacted>");
  EXPECT_EQ(fmt::format("{}", signer.api_key_id()), "<redacted>");
}

TEST(SignerHeaders, MovedSignerStillSigns) {
  Signer first = must_load(ed25519_pem());
  Signer second = std::move(first);
  EXPECT_TRUE(verify_signature(second.public_key_pem(), "x", second.sign_message("x")));
}

TEST(SignerHeaders, ConcurrentSigningFromOneSigner) {
  for (const auto type : {KeyType::ed25519, KeyType::rsa}) {
    SCOPED_TRACE(to_string(type));
    const Signer signer = must_load(type == KeyType::rsa ? rsa_pem() : ed25519_pem());
    const auto verifier = Verifier::from_public_key_pem(signer.public_key_pem());
    ASSERT_TRUE(verifier.has_value());
    const int rounds = type == KeyType::rsa ? 5 : 50;
    std::atomic<int> verified{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&, t] {
        for (int i = 0; i < rounds; ++i) {
          const auto headers =
              signer.sign("GET", fmt::format("/trade-api/v2/t{}/{}", t, i), from_unix_ms(kTs + i));
          if (verifier->verify(
                  signing_string(kTs + i, "GET", fmt::format("/trade-api/v2/t{}/{}", t, i)),
                  headers.signature)) {
            ++verified;
          }
        }
      });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(verified.load(), 4 * rounds);
  }
}

// --- loading from files ---------------------------------------------------------------------

TEST(KeyLoad, PrivateFileLoadsWithoutWarnings) {
  const TempDir dir;
  const auto file =
      dir.write("kalshi.key", write_pem(parse_private(rsa_pem()).get(), Pem::traditional));
  const auto signer = Signer::load(file, kKeyId);
  ASSERT_TRUE(signer.has_value()) << signer.error().message;
  EXPECT_EQ(signer->key_type(), KeyType::rsa);
  EXPECT_EQ(signer->label(), file.string());
  EXPECT_TRUE(signer->warnings().empty());
}

TEST(KeyLoad, WorldReadableFileLoadsWithAWarning) {
  const TempDir dir;
  const auto file = dir.write("kalshi.key", ed25519_pem(),
                              fs::perms::owner_read | fs::perms::owner_write |
                                  fs::perms::group_read | fs::perms::others_read);
  const auto signer = Signer::load(file, kKeyId);
  ASSERT_TRUE(signer.has_value()) << signer.error().message;
  EXPECT_EQ(signer->key_type(), KeyType::ed25519);
  ASSERT_EQ(signer->warnings().size(), 1U);
  const std::string& warning = signer->warnings()[0];
  EXPECT_NE(warning.find(file.string()), std::string::npos) << warning;
  EXPECT_NE(warning.find("0644"), std::string::npos) << warning;
  expect_no_key_material(warning, ed25519_pem());
}

void expect_load_error(const fs::path& file, KeyErrorCode code, std::string_view pem,
                       std::string_view mention = {}) {
  const auto signer = Signer::load(file, kKeyId);
  ASSERT_FALSE(signer.has_value());
  EXPECT_EQ(signer.error().code, code)
      << to_string(signer.error().code) << ": " << signer.error().message;
  EXPECT_NE(signer.error().message.find(file.string()), std::string::npos)
      << signer.error().message;
  if (!mention.empty()) {
    EXPECT_NE(signer.error().message.find(mention), std::string::npos) << signer.error().message;
  }
  EXPECT_EQ(signer.error().message.find('\n'), std::string::npos);
  expect_no_key_material(signer.error().message, pem);
}

TEST(KeyErrors, MissingFile) {
  const TempDir dir;
  expect_load_error(dir.path() / "nope.key", KeyErrorCode::missing_file, {}, "does not exist");
  expect_load_error(dir.path() / "no-dir" / "nope.key", KeyErrorCode::missing_file, {});
}

TEST(KeyErrors, EmptyFile) {
  const TempDir dir;
  expect_load_error(dir.write("empty.key", ""), KeyErrorCode::empty, {}, "empty");
  expect_load_error(dir.write("blank.key", "\n  \n"), KeyErrorCode::empty, {}, "empty");
}

TEST(KeyErrors, Garbage) {
  const TempDir dir;
  expect_load_error(dir.write("garbage.key", "this is not a key\n"), KeyErrorCode::malformed, {});
  // A generated key whose base64 body is damaged in the middle of its first line.
  std::string bad_body = ed25519_pem();
  const std::size_t body = bad_body.find('\n') + 1;
  bad_body.replace(body + 8, 4, "!!!!");
  expect_load_error(dir.write("bad.key", bad_body), KeyErrorCode::malformed, bad_body);
  // A truncated real key.
  const std::string& full = ed25519_pem();
  const std::string truncated = full.substr(0, full.size() / 2);
  expect_load_error(dir.write("truncated.key", truncated), KeyErrorCode::malformed, full);
}

TEST(KeyErrors, PublicKeyInsteadOfPrivate) {
  const TempDir dir;
  const std::string public_pem = must_load(ed25519_pem()).public_key_pem();
  expect_load_error(dir.write("pub.key", public_pem), KeyErrorCode::malformed, public_pem,
                    "public key");
}

TEST(KeyErrors, EncryptedPkcs8NamesTheFile) {
  const TempDir dir;
  const std::string pem = write_pem(parse_private(ed25519_pem()).get(), Pem::pkcs8_encrypted);
  ASSERT_NE(pem.find(pem_begin("ENCRYPTED PRIVATE KEY")), std::string::npos);
  expect_load_error(dir.write("enc.key", pem), KeyErrorCode::encrypted, pem, "openssl pkey -in");
}

TEST(KeyErrors, EncryptedTraditionalRsa) {
  const TempDir dir;
  const std::string pem = write_pem(parse_private(rsa_pem()).get(), Pem::traditional_encrypted);
  ASSERT_NE(pem.find("Proc-Type: 4,ENCRYPTED"), std::string::npos);
  expect_load_error(dir.write("enc.key", pem), KeyErrorCode::encrypted, pem, "encrypted");
}

TEST(KeyErrors, EcKeyIsUnsupported) {
  const TempDir dir;
  PkeyPtr ec(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  ASSERT_TRUE(ec);
  const std::string pem = write_pem(ec.get(), Pem::pkcs8);
  expect_load_error(dir.write("ec.key", pem), KeyErrorCode::unsupported_type, pem, "EC");
}

TEST(KeyErrors, ShortRsaKeyIsRejected) {
  const TempDir dir;
  const std::string pem = generate_private_key_pem(KeyType::rsa, 1024);
  expect_load_error(dir.write("weak.key", pem), KeyErrorCode::weak_key, pem, "1024-bit");
}

TEST(KeyErrors, EmptyKeyId) {
  const auto from_memory = Signer::from_pem(ed25519_pem(), Secret{}, "test");
  ASSERT_FALSE(from_memory.has_value());
  EXPECT_EQ(from_memory.error().code, KeyErrorCode::empty_key_id);
  const TempDir dir;
  const auto file = dir.write("k.key", ed25519_pem());
  const auto from_file = Signer::load(file, Secret{});
  ASSERT_FALSE(from_file.has_value());
  EXPECT_EQ(from_file.error().code, KeyErrorCode::empty_key_id);
  EXPECT_NE(from_file.error().message.find(file.string()), std::string::npos);
}

TEST(KeyErrors, DirectoryIsUnreadable) {
  const TempDir dir;
  fs::create_directory(dir.path() / "key.d");
  expect_load_error(dir.path() / "key.d", KeyErrorCode::unreadable, {}, "not a regular file");
}

TEST(KeyErrors, FileWithoutReadPermission) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  const TempDir dir;
  const auto file = dir.write("locked.key", ed25519_pem(), fs::perms::none);
  expect_load_error(file, KeyErrorCode::unreadable, ed25519_pem(), "Permission denied");
}

TEST(KeyErrors, InMemoryMessagesUseTheLabel) {
  const auto signer = Signer::from_pem("garbage", kKeyId, "vault:kalshi/prod");
  ASSERT_FALSE(signer.has_value());
  EXPECT_EQ(signer.error().code, KeyErrorCode::malformed);
  EXPECT_NE(signer.error().message.find("vault:kalshi/prod"), std::string::npos);
}

TEST(KeyErrors, OversizedInput) {
  const TempDir dir;
  const std::string big(70 * 1024, 'A');
  expect_load_error(dir.write("big.key", big), KeyErrorCode::malformed, {}, "too large");
  EXPECT_EQ(Signer::from_pem(big, kKeyId).error().code, KeyErrorCode::malformed);
}

// --- verifier and key tools -----------------------------------------------------------------

TEST(KeyVerifier, RejectsWrongKeyTamperingAndBadBase64) {
  for (const auto type : {KeyType::ed25519, KeyType::rsa}) {
    SCOPED_TRACE(to_string(type));
    const Signer signer = must_load(type == KeyType::rsa ? rsa_pem() : ed25519_pem());
    const Signer other = must_load(generate_private_key_pem(KeyType::ed25519));
    const auto verifier = Verifier::from_public_key_pem(signer.public_key_pem());
    ASSERT_TRUE(verifier.has_value()) << verifier.error().message;
    EXPECT_EQ(verifier->key_type(), type);

    const std::string signature = signer.sign_message("1703123456789GET/trade-api/ws/v2");
    EXPECT_TRUE(verifier->verify("1703123456789GET/trade-api/ws/v2", signature));
    EXPECT_FALSE(verifier->verify("1703123456790GET/trade-api/ws/v2", signature));
    EXPECT_FALSE(verifier->verify("1703123456789GET/trade-api/ws/v2",
                                  other.sign_message("1703123456789GET/trade-api/ws/v2")));
    std::string flipped = signature;
    flipped[10] = flipped[10] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(verifier->verify("1703123456789GET/trade-api/ws/v2", flipped));
    EXPECT_FALSE(verifier->verify("1703123456789GET/trade-api/ws/v2", ""));
    EXPECT_FALSE(verifier->verify("1703123456789GET/trade-api/ws/v2", "not base64!"));
    std::string unpadded = signature;
    while (!unpadded.empty() && unpadded.back() == '=') unpadded.pop_back();
    EXPECT_FALSE(verifier->verify("1703123456789GET/trade-api/ws/v2", unpadded));
    // The OpenSSL error queue is left clean.
    EXPECT_EQ(ERR_peek_error(), 0UL);
  }
}

TEST(KeyVerifier, BadPublicKeys) {
  EXPECT_EQ(Verifier::from_public_key_pem("").error().code, KeyErrorCode::empty);
  EXPECT_EQ(Verifier::from_public_key_pem("garbage").error().code, KeyErrorCode::malformed);
  EXPECT_EQ(Verifier::from_public_key_pem(ed25519_pem()).error().code, KeyErrorCode::malformed);
  EXPECT_FALSE(verify_signature("garbage", "m", "AAAA"));
}

TEST(KeyTools, PublicKeyPemFromPrivatePem) {
  const auto from_private = public_key_pem(rsa_pem());
  ASSERT_TRUE(from_private.has_value()) << from_private.error().message;
  EXPECT_EQ(*from_private, must_load(rsa_pem()).public_key_pem());
  EXPECT_NE(from_private->find(pem_begin("PUBLIC KEY")), std::string::npos);
  EXPECT_EQ(public_key_pem("garbage").error().code, KeyErrorCode::malformed);
}

TEST(KeyTools, GeneratedKeysArePkcs8) {
  EXPECT_EQ(rsa_pem().rfind(pem_begin("PRIVATE KEY"), 0), 0U);
  EXPECT_EQ(ed25519_pem().rfind(pem_begin("PRIVATE KEY"), 0), 0U);
  EXPECT_EQ(must_load(ed25519_pem()).key_type(), KeyType::ed25519);
}

}  // namespace
}  // namespace antevorta::kalshi
