// Deterministic client order ids (SHA-256 through OpenSSL) and the V2 create request.
#include "antevorta/execution/order_request.hpp"

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>

#include <openssl/evp.h>

namespace antevorta::execution {

namespace {

constexpr std::string_view kBase32 = "abcdefghijklmnopqrstuvwxyz234567";
constexpr std::string_view kCanonicalTag = "antevorta.coid.v1";

bool id_char(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool base32_char(char c) noexcept { return kBase32.find(c) != std::string_view::npos; }

void append_field(std::string& out, std::string_view value) {
  out += std::to_string(value.size());
  out += ':';
  out += value;
}

std::array<unsigned char, 32> sha256(std::string_view text) {
  std::array<unsigned char, 32> digest{};
  unsigned int length = 0;
  // EVP_Digest with SHA-256 cannot fail for in-memory input short of an allocation failure.
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length != digest.size()) {
    throw std::runtime_error("SHA-256 failed");
  }
  return digest;
}

// The first `chars` base32 characters of the digest, 5 bits each, most significant first.
std::string base32(const std::array<unsigned char, 32>& bytes, std::size_t chars) {
  std::string out;
  out.reserve(chars);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5 && out.size() < chars) {
      out.push_back(kBase32[(buffer >> (bits - 5)) & 31u]);
      bits -= 5;
    }
    buffer &= (1u << bits) - 1u;
    if (out.size() == chars) break;
  }
  return out;
}

}  // namespace

std::optional<ClientIdPrefix> ClientIdPrefix::make(std::string_view text) {
  if (text.empty() || text.size() > kMaxLength) return std::nullopt;
  for (char c : text) {
    if (!id_char(c)) return std::nullopt;
  }
  return ClientIdPrefix(std::string(text));
}

bool valid_client_order_id(std::string_view text) noexcept {
  if (text.empty() || text.size() > 64) return false;
  for (char c : text) {
    if (!id_char(c)) return false;
  }
  return true;
}

std::string canonical_intent_text(const strategy::OrderIntent& intent) {
  std::string out(kCanonicalTag);
  out += '\n';
  append_field(out, intent.id.str());
  append_field(out, intent.strategy.str());
  append_field(out, intent.ticker.str());
  append_field(out, kalshi::to_string(intent.side));
  append_field(out, strategy::to_string(intent.action));
  append_field(out, intent.count.to_string());
  append_field(out, intent.limit_price.to_string());
  append_field(out, kalshi::to_string(intent.time_in_force));
  append_field(out, intent.post_only ? "1" : "0");
  append_field(out, intent.reduce_only ? "1" : "0");
  return out;
}

ClientOrderId derive_client_order_id(const strategy::OrderIntent& intent,
                                     const ClientIdPrefix& prefix) {
  return ClientOrderId(prefix.str() +
                       base32(sha256(canonical_intent_text(intent)), kClientIdHashChars));
}

bool is_ours(const ClientOrderId& id, const ClientIdPrefix& prefix) noexcept {
  const std::string_view text = id.str();
  if (text.size() != prefix.str().size() + kClientIdHashChars) return false;
  if (!text.starts_with(prefix.str())) return false;
  for (char c : text.substr(prefix.str().size())) {
    if (!base32_char(c)) return false;
  }
  return true;
}

BookOrder book_order(kalshi::OutcomeSide leg, strategy::Action action, Price leg_price) noexcept {
  // YES is the reference leg: a position change towards YES is a bid, towards NO an ask.
  const bool towards_yes = strategy::position_direction(leg, action) > 0;
  return BookOrder{towards_yes ? kalshi::BookSide::bid : kalshi::BookSide::ask,
                   strategy::yes_price(leg, leg_price)};
}

kalshi::CreateOrderRequest to_create_request(const TrackedOrder& order) {
  const BookOrder book = book_order(order.side, order.action, order.limit_price);
  kalshi::CreateOrderRequest r;
  r.ticker = order.ticker;
  r.client_order_id = order.client_order_id;
  r.side = book.side;
  r.count = order.count;
  r.price = book.yes_price;
  r.time_in_force = order.time_in_force;
  r.self_trade_prevention = kalshi::SelfTradePrevention::taker_at_cross;
  r.post_only = order.post_only;
  r.reduce_only = order.reduce_only;
  return r;
}

}  // namespace antevorta::execution
