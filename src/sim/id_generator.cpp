#include "antevorta/sim/id_generator.hpp"

#include <fmt/format.h>

namespace antevorta::sim {

namespace {
// SplitMix64 finaliser: spreads the seed over all bits.
std::uint64_t mix(std::uint64_t z) noexcept {
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
}  // namespace

IdGenerator::IdGenerator(std::uint64_t seed) noexcept
    : order_prefix_(mix(seed * 2 + 1)), trade_prefix_(mix(seed * 2 + 2)) {}

std::string IdGenerator::make(std::uint64_t prefix, std::uint64_t counter) {
  // xxxxxxxx-xxxx-4xxx-Yxxx-cccccccccccc with Y in 8..b (RFC 4122 variant).
  const auto a = static_cast<std::uint32_t>(prefix >> 32);
  const auto b = static_cast<std::uint32_t>((prefix >> 16) & 0xffff);
  const auto c = static_cast<std::uint32_t>(0x4000 | (prefix & 0x0fff));
  const auto d = static_cast<std::uint32_t>(0x8000 | ((prefix >> 12) & 0x3fff));
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", a, b, c, d,
                     counter & 0xffff'ffff'ffffULL);
}

}  // namespace antevorta::sim
