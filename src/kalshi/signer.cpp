#include "antevorta/kalshi/signer.hpp"

#include <cassert>
#include <cerrno>
#include <charconv>
#include <cstddef>
#include <fcntl.h>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "kalshi/openssl_util.hpp"

namespace antevorta::kalshi {
namespace {

using namespace detail;  // NOLINT: the shared OpenSSL helpers

constexpr std::size_t kMaxKeyFileBytes = 64 * 1024;

// Key file contents, wiped when the buffer goes away.
class WipedBuffer {
 public:
  explicit WipedBuffer(std::size_t capacity) : bytes_(capacity) {}
  ~WipedBuffer() { OPENSSL_cleanse(bytes_.data(), bytes_.size()); }
  WipedBuffer(const WipedBuffer&) = delete;
  WipedBuffer& operator=(const WipedBuffer&) = delete;

  char* data() noexcept { return bytes_.data(); }
  std::size_t capacity() const noexcept { return bytes_.size(); }
  std::string_view view(std::size_t size) const noexcept { return {bytes_.data(), size}; }

 private:
  std::vector<char> bytes_;
};

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) noexcept : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

std::string errno_text(int err) { return std::system_category().message(err); }

// Never asks: without a callback OpenSSL would prompt on the terminal for a passphrase.
int refuse_passphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* asked) {
  *static_cast<bool*>(asked) = true;
  return -1;
}

bool is_blank(std::string_view text) noexcept {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

bool looks_encrypted(std::string_view pem) {
  return pem_has_label(pem, [](std::string_view l) { return l == "ENCRYPTED PRIVATE KEY"; }) ||
         pem.find("Proc-Type: 4,ENCRYPTED") != std::string_view::npos;
}

bool holds_public_material_only(std::string_view pem) {
  return !pem_has_label(pem, is_private_key_label) && pem_has_label(pem, [](std::string_view l) {
    return l == "PUBLIC KEY" || l == "RSA PUBLIC KEY" || l == "CERTIFICATE";
  });
}

std::string base64(const unsigned char* bytes, std::size_t size) {
  std::string out(4 * ((size + 2) / 3) + 1, '\0');  // +1: EVP_EncodeBlock writes a NUL
  const int written =
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), bytes, static_cast<int>(size));
  out.resize(static_cast<std::size_t>(written));
  return out;
}

// A DigestSign context holding the key and the padding parameters, copied by every signature
// so that no per-call setup (algorithm fetch, parameter parsing) is repeated.
MdCtxPtr prepare_signing(EVP_PKEY* key, KeyType type) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  if (!ctx) return nullptr;
  // Ed25519 hashes internally: no digest, one-shot EVP_DigestSign only.
  const char* digest = type == KeyType::rsa ? "SHA256" : nullptr;
  if (EVP_DigestSignInit_ex(ctx.get(), &pctx, digest, nullptr, nullptr, key, nullptr) != 1) {
    return nullptr;
  }
  if (type == KeyType::rsa &&
      (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0 ||
       EVP_PKEY_CTX_set_rsa_mgf1_md_name(pctx, "SHA256", nullptr) <= 0 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) <= 0)) {
    return nullptr;
  }
  return ctx;
}

}  // namespace

std::string_view to_string(KeyType type) noexcept {
  switch (type) {
    case KeyType::rsa:
      return "rsa";
    case KeyType::ed25519:
      return "ed25519";
  }
  return "unknown";
}

std::string_view to_string(KeyErrorCode code) noexcept {
  switch (code) {
    case KeyErrorCode::missing_file:
      return "missing_file";
    case KeyErrorCode::unreadable:
      return "unreadable";
    case KeyErrorCode::empty:
      return "empty";
    case KeyErrorCode::encrypted:
      return "encrypted";
    case KeyErrorCode::malformed:
      return "malformed";
    case KeyErrorCode::unsupported_type:
      return "unsupported_type";
    case KeyErrorCode::weak_key:
      return "weak_key";
    case KeyErrorCode::empty_key_id:
      return "empty_key_id";
  }
  return "unknown";
}

std::string_view signing_path(std::string_view target) noexcept {
  constexpr auto npos = std::string_view::npos;
  const auto scheme_end = target.find("://");
  // An absolute URL: "://" comes before any '/', '?' or '#'.
  if (scheme_end != npos && target.find_first_of("/?#") == scheme_end + 1) {
    const auto rest = target.substr(scheme_end + 3);
    const auto path_begin = rest.find_first_of("/?#");
    if (path_begin == npos || rest[path_begin] != '/') return "/";
    target = rest.substr(path_begin);
  }
  return target.substr(0, target.find_first_of("?#"));
}

std::string signing_string(std::int64_t timestamp_ms, std::string_view method,
                           std::string_view target) {
  const std::string_view path = signing_path(target);
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, timestamp_ms);
  assert(ec == std::errc());
  std::string out;
  out.reserve(static_cast<std::size_t>(end - digits) + method.size() + path.size());
  out.append(digits, end);
  for (const char c : method) {
    out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c);
  }
  out.append(path);
  return out;
}

struct Signer::Impl {
  PkeyPtr key;
  MdCtxPtr prototype;  // see prepare_signing()
  KeyType type = KeyType::rsa;
  int bits = 0;
  std::size_t max_signature_size = 0;
  Secret api_key_id;
  std::string label;
  std::vector<std::string> warnings;
};

namespace {

Expected<Signer, KeyError> empty_key_id_error(const std::string& subject) {
  return key_error(KeyErrorCode::empty_key_id,
                   fmt::format("the API key id for {} is empty", subject));
}

}  // namespace

Expected<Signer, KeyError> Signer::parse(std::string_view pem, Secret api_key_id, std::string label,
                                         const std::string& subject, std::string_view file) {
  if (api_key_id.empty()) return empty_key_id_error(subject);
  if (is_blank(pem)) return key_error(KeyErrorCode::empty, fmt::format("{} is empty", subject));
  if (pem.size() > kMaxKeyFileBytes) {
    return key_error(
        KeyErrorCode::malformed,
        fmt::format("{} is too large ({} bytes) to be a private key", subject, pem.size()));
  }
  const auto encrypted_error = [&] {
    return key_error(
        KeyErrorCode::encrypted,
        fmt::format("{} is encrypted; Kalshi keys are unencrypted PEM, decrypt it with "
                    "`openssl pkey -in {} -out <new key file>`",
                    subject, file.empty() ? std::string_view("<key file>") : file));
  };
  if (looks_encrypted(pem)) return encrypted_error();
  if (pem.find("-----BEGIN ") == std::string_view::npos) {
    return key_error(KeyErrorCode::malformed,
                     fmt::format("{} is not a PEM private key (no -----BEGIN line)", subject));
  }
  if (holds_public_material_only(pem)) {
    return key_error(KeyErrorCode::malformed,
                     fmt::format("{} holds a public key or certificate, not a private key "
                                 "(a PKCS#8 or PKCS#1 PEM private key is needed)",
                                 subject));
  }

  ErrorScope errors;
  // A read-only view of the caller's bytes: no copy of the key text to wipe.
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) throw SigningError("key_parse: cannot allocate a BIO");
  bool passphrase_asked = false;
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, refuse_passphrase, &passphrase_asked));
  if (!key) {
    if (passphrase_asked) return encrypted_error();
    return key_error(KeyErrorCode::malformed,
                     fmt::format("{} does not parse as a PEM private key (OpenSSL: {})", subject,
                                 ErrorScope::reason()));
  }

  auto impl = std::make_unique<Impl>();
  const auto type = supported_key_type(key.get());
  if (!type) {
    return key_error(KeyErrorCode::unsupported_type,
                     fmt::format("{} holds an unsupported key type ({}); Kalshi accepts RSA "
                                 "and Ed25519 keys",
                                 subject, key_type_name(key.get())));
  }
  impl->type = *type;
  impl->bits = EVP_PKEY_get_bits(key.get());
  if (impl->type == KeyType::rsa && impl->bits < kMinRsaBits) {
    return key_error(KeyErrorCode::weak_key,
                     fmt::format("{} holds a {}-bit RSA key; at least {} bits are required",
                                 subject, impl->bits, kMinRsaBits));
  }
  impl->prototype = prepare_signing(key.get(), impl->type);
  if (!impl->prototype) {
    return key_error(
        KeyErrorCode::unsupported_type,
        fmt::format("{} cannot be used for {} signing ({})", subject,
                    impl->type == KeyType::rsa ? "RSA-PSS" : "Ed25519", ErrorScope::reason()));
  }
  impl->max_signature_size = static_cast<std::size_t>(EVP_PKEY_get_size(key.get()));
  impl->key = std::move(key);
  impl->api_key_id = std::move(api_key_id);
  impl->label = std::move(label);
  return Signer(std::move(impl));
}

Signer::Signer(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
Signer::Signer(Signer&&) noexcept = default;
Signer& Signer::operator=(Signer&&) noexcept = default;
Signer::~Signer() = default;

Expected<Signer, KeyError> Signer::from_pem(std::string_view pem, Secret api_key_id,
                                            std::string label) {
  const std::string subject = fmt::format("key \"{}\"", label);
  return parse(pem, std::move(api_key_id), std::move(label), subject, {});
}

Expected<Signer, KeyError> Signer::load(const std::filesystem::path& key_file, Secret api_key_id) {
  const std::string path = key_file.string();
  const std::string subject = fmt::format("key file \"{}\"", path);
  if (api_key_id.empty()) return empty_key_id_error(subject);

  // O_NONBLOCK: a FIFO in place of the key must not hang startup; no effect on files.
  const FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) {
      return key_error(KeyErrorCode::missing_file, fmt::format("{} does not exist", subject));
    }
    return key_error(KeyErrorCode::unreadable,
                     fmt::format("cannot open {}: {}", subject, errno_text(err)));
  }
  // Checked on the open descriptor, so the permissions are those of the bytes we read.
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    return key_error(KeyErrorCode::unreadable,
                     fmt::format("cannot stat {}: {}", subject, errno_text(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    return key_error(KeyErrorCode::unreadable, fmt::format("{} is not a regular file", subject));
  }
  if (static_cast<std::size_t>(st.st_size) > kMaxKeyFileBytes) {
    return key_error(KeyErrorCode::malformed,
                     fmt::format("{} is too large ({} bytes) to be a private key", subject,
                                 static_cast<long long>(st.st_size)));
  }

  WipedBuffer buffer(kMaxKeyFileBytes + 1);
  std::size_t size = 0;
  while (size < buffer.capacity()) {
    const ssize_t n = ::read(fd.get(), buffer.data() + size, buffer.capacity() - size);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return key_error(KeyErrorCode::unreadable,
                       fmt::format("cannot read {}: {}", subject, errno_text(errno)));
    }
    size += static_cast<std::size_t>(n);
  }
  if (size > kMaxKeyFileBytes) {  // grew after fstat
    return key_error(KeyErrorCode::malformed,
                     fmt::format("{} is too large to be a private key", subject));
  }

  auto signer = parse(buffer.view(size), std::move(api_key_id), path, subject, path);
  if (signer && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    signer->impl_->warnings.push_back(
        fmt::format("{} is accessible by group or others (mode {:04o}); restrict it with "
                    "`chmod 600`",
                    subject, st.st_mode & 07777));
  }
  return signer;
}

AuthHeaders Signer::sign(std::string_view method, std::string_view target, Timestamp now) const {
  assert(impl_);
  const std::int64_t ms = to_unix_ms(now);
  AuthHeaders headers;
  headers.signature = sign_message(signing_string(ms, method, target));
  headers.timestamp = std::to_string(ms);
  headers.access_key = impl_->api_key_id;
  return headers;
}

std::string Signer::sign_message(std::string_view message) const {
  assert(impl_);
  ErrorScope errors;
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_MD_CTX_copy_ex(ctx.get(), impl_->prototype.get()) != 1) {
    throw SigningError(
        fmt::format("sign: cannot set up a signing context ({})", ErrorScope::reason()));
  }
  std::vector<unsigned char> signature(impl_->max_signature_size);
  std::size_t length = signature.size();
  if (EVP_DigestSign(ctx.get(), signature.data(), &length,
                     reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1) {
    throw SigningError(
        fmt::format("sign: {} signing failed ({})", to_string(impl_->type), ErrorScope::reason()));
  }
  return base64(signature.data(), length);
}

KeyType Signer::key_type() const noexcept { return impl_->type; }
int Signer::key_bits() const noexcept { return impl_->bits; }
const Secret& Signer::api_key_id() const noexcept { return impl_->api_key_id; }
const std::string& Signer::label() const noexcept { return impl_->label; }
const std::vector<std::string>& Signer::warnings() const noexcept { return impl_->warnings; }

std::string Signer::public_key_pem() const {
  assert(impl_);
  ErrorScope errors;
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PUBKEY(bio.get(), impl_->key.get()) != 1) {
    throw SigningError(fmt::format("public_key_pem: {}", ErrorScope::reason()));
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

}  // namespace antevorta::kalshi
