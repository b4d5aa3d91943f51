// Request signing cost per key type: one Signer::sign() = signing string + signature +
// base64 + the three header values.
#include <cstdlib>
#include <string>
#include <utility>

#include <benchmark/benchmark.h>

#include "antevorta/core/clock.hpp"
#include "antevorta/kalshi/signer.hpp"
#include "antevorta/kalshi/verifier.hpp"

namespace {

using antevorta::Secret;
using antevorta::kalshi::generate_private_key_pem;
using antevorta::kalshi::KeyType;
using antevorta::kalshi::Signer;

Signer make_signer(KeyType type) {
  auto signer = Signer::from_pem(generate_private_key_pem(type),
                                 Secret("a952bcbe-ec3b-4b5b-b8f9-11dae589608c"), "bench");
  if (!signer) std::abort();
  return std::move(signer).value();
}

void sign_request(benchmark::State& state, KeyType type) {
  const Signer signer = make_signer(type);
  auto now = antevorta::from_unix_ms(1'703'123'456'789);
  for (auto _ : state) {
    auto headers = signer.sign("POST", "/trade-api/v2/portfolio/orders", now);
    benchmark::DoNotOptimize(headers);
    now += std::chrono::milliseconds(1);
  }
}

void BM_SignEd25519(benchmark::State& state) { sign_request(state, KeyType::ed25519); }
void BM_SignRsa2048(benchmark::State& state) { sign_request(state, KeyType::rsa); }

void BM_SigningString(benchmark::State& state) {
  for (auto _ : state) {
    auto s = antevorta::kalshi::signing_string(1'703'123'456'789, "GET",
                                               "/trade-api/v2/portfolio/orders?limit=5");
    benchmark::DoNotOptimize(s);
  }
}

BENCHMARK(BM_SignEd25519);
BENCHMARK(BM_SignRsa2048);
BENCHMARK(BM_SigningString);

}  // namespace
