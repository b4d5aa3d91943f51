// Market-data hot path (DESIGN §9): a Kalshi orderbook_delta text frame -> WsParser ->
// OrderBook. Target: <= 300 ns per delta end to end, on one core.
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "antevorta/kalshi/order_book.hpp"
#include "antevorta/kalshi/ws_messages.hpp"

namespace {

using namespace antevorta;
using namespace antevorta::kalshi;

constexpr const char* kTicker = "KXBTC15M-26SEP071415-15";

// A current-format delta as Kalshi sends it (field order and sizes from the 2026-08 demo
// capture). With `with_ts` false it drops the deprecated RFC 3339 `ts` (~200 bytes).
std::string delta_frame(std::int64_t seq, const std::string& price, const std::string& delta,
                        const char* side, bool with_ts) {
  std::string f = R"({"type":"orderbook_delta","sid":7,"seq":)" + std::to_string(seq) +
                  R"(,"msg":{"market_ticker":")" + kTicker +
                  R"(","market_id":"5e0c1a52-7d3e-4a51-9a55-0f3a6b2c9d10","price_dollars":")" +
                  price + R"(","delta_fp":")" + delta + R"(","side":")" + side + '"';
  if (with_ts) f += R"(,"ts":"2026-09-07T18:05:01.250117Z")";
  f += R"(,"ts_ms":)" + std::to_string(1788804301250 + seq) + "}}";
  return f;
}

// 64 frames over 16 levels of both sides: each level gets +x then -x later, so the book
// oscillates around its snapshot and never drifts.
std::vector<std::string> delta_frames(bool with_ts) {
  std::vector<std::string> frames;
  const char* prices[] = {"0.4200", "0.4100", "0.4000", "0.3900",
                          "0.0050", "0.0990", "0.9100", "0.9990"};
  std::int64_t seq = 2;
  for (int phase = 0; phase < 2; ++phase) {
    for (const char* side : {"yes", "no"}) {
      for (const char* price : prices) {
        frames.push_back(delta_frame(seq++, price, phase == 0 ? "12.50" : "-12.50", side, with_ts));
      }
    }
  }
  for (int phase = 0; phase < 2; ++phase) {
    for (const char* side : {"no", "yes"}) {
      for (const char* price : prices) {
        frames.push_back(delta_frame(seq++, price, phase == 0 ? "3.00" : "-3.00", side, with_ts));
      }
    }
  }
  return frames;
}

// A snapshot with `levels_per_side` levels on each side of a tapered_deci_cent book.
std::string snapshot_frame(int levels_per_side) {
  std::string f = R"({"type":"orderbook_snapshot","sid":7,"seq":1,"msg":{"market_ticker":")" +
                  std::string(kTicker) + R"(","market_id":"5e0c1a52-7d3e-4a51-9a55-0f3a6b2c9d10")";
  for (const char* side : {"yes_dollars_fp", "no_dollars_fp"}) {
    f += std::string(",\"") + side + "\":[";
    for (int i = 0; i < levels_per_side; ++i) {
      if (i != 0) f += ',';
      // 0.001 .. 0.050 (sub-penny band), then whole cents 0.11 ..
      const std::int64_t cc = i < 50 ? 10 * (i + 1) : 1000 + 100 * (i - 49);
      f += "[\"" + Price::of(cc).to_string() + "\",\"" + std::to_string(100 + i) + ".00\"]";
    }
    f += "]";
  }
  return f + "}}";
}

OrderBook make_book() {
  OrderBook book(MarketTicker(kTicker), *PriceGrid::from_structure("tapered_deci_cent"));
  WsParser parser;
  const std::string snapshot = snapshot_frame(50);
  auto m = parser.parse(snapshot);
  const auto& s = std::get<OrderbookSnapshot>(*m);
  book.apply_snapshot(s.yes_bids, s.no_bids, Timestamp{});
  return book;
}

std::size_t total_bytes(const std::vector<std::string>& frames) {
  std::size_t n = 0;
  for (const auto& f : frames) n += f.size();
  return n;
}

// Frame -> parsed -> applied to the book: the DESIGN §9 target.
void BM_DeltaFrameToBook(benchmark::State& state) {
  const bool with_ts = state.range(0) != 0;
  const auto frames = delta_frames(with_ts);
  WsParser parser;
  OrderBook book = make_book();
  const Timestamp now{};
  std::size_t i = 0;
  for (auto _ : state) {
    auto m = parser.parse(frames[i++ & 63]);
    const auto& d = std::get<OrderbookDelta>(*m);
    auto r = book.apply_delta(d.side, d.price, d.delta, now);
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total_bytes(frames) / 64));
  state.counters["frame_bytes"] = static_cast<double>(total_bytes(frames)) / 64.0;
  if (book.stale()) state.SkipWithError("book went stale");
}
BENCHMARK(BM_DeltaFrameToBook)->Arg(0)->Arg(1)->ArgName("with_ts");

void BM_DeltaParseOnly(benchmark::State& state) {
  const auto frames = delta_frames(state.range(0) != 0);
  WsParser parser;
  std::size_t i = 0;
  for (auto _ : state) {
    auto m = parser.parse(frames[i++ & 63]);
    benchmark::DoNotOptimize(m);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * total_bytes(frames) / 64));
}
BENCHMARK(BM_DeltaParseOnly)->Arg(0)->Arg(1)->ArgName("with_ts");

void BM_DeltaApplyOnly(benchmark::State& state) {
  const auto frames = delta_frames(false);
  WsParser parser;
  struct Parsed {
    OutcomeSide side;
    Price price;
    Count delta;
  };
  std::vector<Parsed> deltas;
  for (const auto& f : frames) {
    const auto d = std::get<OrderbookDelta>(*parser.parse(f));
    deltas.push_back({d.side, d.price, d.delta});
  }
  OrderBook book = make_book();
  std::size_t i = 0;
  for (auto _ : state) {
    const Parsed& d = deltas[i++ & 63];
    auto r = book.apply_delta(d.side, d.price, d.delta, Timestamp{});
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DeltaApplyOnly);

void BM_BestQuotes(benchmark::State& state) {
  const OrderBook book = make_book();
  for (auto _ : state) {
    auto bid = book.best_yes_bid();
    auto ask = book.best_yes_ask();
    benchmark::DoNotOptimize(bid);
    benchmark::DoNotOptimize(ask);
  }
}
BENCHMARK(BM_BestQuotes);

// A 100-level snapshot (50 levels a side): frame -> parsed -> book rebuilt.
void BM_SnapshotFrameToBook(benchmark::State& state) {
  const std::string frame = snapshot_frame(static_cast<int>(state.range(0)) / 2);
  WsParser parser;
  OrderBook book(MarketTicker(kTicker), *PriceGrid::from_structure("tapered_deci_cent"));
  for (auto _ : state) {
    auto m = parser.parse(frame);
    const auto& s = std::get<OrderbookSnapshot>(*m);
    auto r = book.apply_snapshot(s.yes_bids, s.no_bids, Timestamp{});
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * frame.size()));
  state.counters["frame_bytes"] = static_cast<double>(frame.size());
}
BENCHMARK(BM_SnapshotFrameToBook)->Arg(100)->ArgName("levels");

void BM_SnapshotApplyOnly(benchmark::State& state) {
  const std::string frame = snapshot_frame(50);
  WsParser parser;
  auto m = parser.parse(frame);
  const auto& s = std::get<OrderbookSnapshot>(*m);
  const std::vector<BookLevel> yes(s.yes_bids.begin(), s.yes_bids.end());
  const std::vector<BookLevel> no(s.no_bids.begin(), s.no_bids.end());
  OrderBook book(MarketTicker(kTicker), *PriceGrid::from_structure("tapered_deci_cent"));
  for (auto _ : state) {
    auto r = book.apply_snapshot(yes, no, Timestamp{});
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SnapshotApplyOnly);

}  // namespace
