// The crypto windows of the simulated exchange under a ManualClock: targets announced at
// open from the previous minute's average, settlement by the rule at the window edges,
// and the liquidity providers quoting the digital value.
#include <algorithm>
#include <chrono>
#include <functional>
#include <variant>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "antevorta/kalshi/ws_messages.hpp"
#include "antevorta/sim/crypto_model.hpp"
#include "antevorta/sim/sim_exchange.hpp"

namespace antevorta::sim {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;

Decimal D(const char* text) { return Decimal::parse(text).value(); }

// 2026-01-01T00:00:00Z: a multiple of 60 s and of 900 s since the epoch.
Timestamp t0() { return from_unix_ms(1'767'225'600'000); }

CryptoSeriesSpec btc_spec(Duration window) {
  return CryptoSeriesSpec{SeriesTicker{"KXBTC15M"}, "BTC", "BRTI", D("98000"), 2, window, 1.0};
}

SimExchangeOptions flat_index(bool liquidity) {
  SimExchangeOptions o;
  o.liquidity = liquidity;
  o.index.regime_vols = {0.0, 0.0, 0.0};  // the index moves only when a test jumps it
  o.crypto_quote_noise = 0.0;
  return o;
}

// The market of the window closing at `close`.
const SimMarket* window_closing(const SimExchange& ex, Timestamp close) {
  for (const auto& t : ex.catalog().market_order()) {
    const SimMarket* m = ex.catalog().market(t);
    if (!m->index_id.empty() && m->close_time == close) return m;
  }
  return nullptr;
}

class CryptoWindows : public ::testing::Test {
 protected:
  explicit CryptoWindows(Timestamp start = t0(), Duration window = 60s,
                         SimExchangeOptions options = flat_index(false))
      : clock(start), ex(clock, null_logger("sim"), catalog(start, window), options) {
    hub_id = ex.hub().open(AccountId("watcher"), [this](std::string text) {
      frames.push_back(json::parse(text));
      raw.push_back(std::move(text));
      return true;
    });
  }

  static Catalog catalog(Timestamp start, Duration window) {
    Catalog c;
    c.add_crypto_windows(btc_spec(window), start, 2 * window, D("98000"));
    return c;
  }

  // The index takes `value` from second `second` (after t0) on.
  void set_from(int second, const char* value) {
    clock.advance_to(t0() + std::chrono::seconds(second - 1));
    ex.tick();
    ex.indices().by_id("BRTI")->jump_to(D(value));
  }
  void tick_at(int second) {
    clock.advance_to(t0() + std::chrono::seconds(second));
    ex.tick();
  }
  void command(const std::string& text) { ex.hub().on_command(hub_id, text); }
  std::vector<json> of_type(std::string_view type) const {
    std::vector<json> out;
    for (const auto& f : frames) {
      if (f.value("type", "") == type) out.push_back(f);
    }
    return out;
  }

  ManualClock clock;
  SimExchange ex;
  // The raw frame of type `type` for which `pred` holds (empty when none).
  std::string raw_where(std::string_view type, const std::function<bool(const json&)>& pred) const {
    for (std::size_t i = 0; i < frames.size(); ++i) {
      if (frames[i].value("type", "") == type && pred(frames[i])) return raw[i];
    }
    return {};
  }

  WsHub::ConnectionId hub_id = 0;
  std::vector<json> frames;
  std::vector<std::string> raw;
};

TEST_F(CryptoWindows, TargetsAndResultsFollowTheSixtySecondAverages) {
  command(R"({"id":1,"cmd":"subscribe","params":{"channels":["market_lifecycle_v2"]}})");
  const SimMarket* w1 = window_closing(ex, t0() + 60s);
  const SimMarket* w2 = window_closing(ex, t0() + 120s);
  ASSERT_NE(w1, nullptr);
  ASSERT_NE(w2, nullptr);
  // W1 was open at the start: its target is where the index starts.
  EXPECT_EQ(w1->floor_strike, D("98000"));
  EXPECT_EQ(w1->yes_sub_title, "Target Price: $98,000.00");
  // W2 is listed but not open: no target yet.
  EXPECT_EQ(w2->status, kalshi::MarketStatus::initialized);
  EXPECT_FALSE(w2->floor_strike.has_value());
  EXPECT_EQ(w2->yes_sub_title, "Target Price: TBD");

  // Seconds 1..59 at 98000.00, second 60 (W1's close) at 98060.00:
  // W1 = (59 · 98000 + 98060) / 60 = 5880060 / 60 = 98001.00 ≥ 98000 → YES.
  set_from(60, "98060.00");
  set_from(61, "98000.00");  // ticks at 60: W1 closes, W2 opens
  EXPECT_EQ(w1->status, kalshi::MarketStatus::closed);
  EXPECT_EQ(w2->status, kalshi::MarketStatus::active);
  // W2's target: the same seconds 1..60 → 98001.00.
  EXPECT_EQ(w2->floor_strike, D("98001.00"));
  EXPECT_EQ(w2->yes_sub_title, "Target Price: $98,001.00");
  const auto updates = of_type("market_lifecycle_v2");
  const auto meta = std::find_if(updates.begin(), updates.end(), [&](const json& f) {
    return f["msg"]["event_type"] == "metadata_updated" &&
           f["msg"]["market_ticker"] == w2->ticker.str();
  });
  ASSERT_NE(meta, updates.end());
  EXPECT_EQ((*meta)["msg"]["floor_strike"].get<double>(), 98001.0);
  EXPECT_EQ((*meta)["msg"]["yes_sub_title"], "Target Price: $98,001.00");
  EXPECT_EQ((*meta)["msg"]["strike_type"], "greater_or_equal");
  // The daemon's parser takes the target from it.
  const std::string meta_raw = raw_where("market_lifecycle_v2", [&](const json& f) {
    return f["msg"]["event_type"] == "metadata_updated";
  });
  kalshi::WsParser parser;
  const auto parsed = parser.parse(meta_raw);
  ASSERT_TRUE(parsed) << parsed.error().message();
  const auto* lc = std::get_if<kalshi::MarketLifecycle>(&*parsed);
  ASSERT_NE(lc, nullptr);
  EXPECT_EQ(lc->event_type, kalshi::MarketLifecycleEvent::metadata_updated);
  EXPECT_EQ(lc->floor_strike, D("98001"));
  EXPECT_EQ(lc->yes_sub_title, "Target Price: $98,001.00");

  tick_at(61);  // W1 determined
  EXPECT_EQ(w1->result, kalshi::MarketResult::yes);
  EXPECT_EQ(w1->expiration_value, "98001.00000000");

  // W2: seconds 61..119 at 98000.00, second 120 at 98059.99:
  // (59 · 98000 + 98059.99) / 60 = 5880059.99 / 60 = 98000.99983333 < 98001.00 → NO.
  // (Had second 60 counted instead of 120: (98060 + 59 · 98000) / 60 = 98001.00, a YES.)
  set_from(120, "98059.99");
  set_from(121, "98000.00");
  tick_at(121);
  EXPECT_EQ(w2->result, kalshi::MarketResult::no);
  EXPECT_EQ(w2->expiration_value, "98000.99983333");
  const IndexAverage w2_avg = settlement_average(*ex.indices().by_id("BRTI"), 1'767'225'600 + 120);
  EXPECT_EQ(w2_avg.count, 60);
  EXPECT_EQ(w2_avg.value, D("98000.99983333"));

  // W3's target: W2's average rounded to cents, 98001.00. Seconds 121..179 at 98000.00 and
  // 180 at 98060.00 average exactly 98001.00: a tie, which is YES.
  const SimMarket* w3 = window_closing(ex, t0() + 180s);
  ASSERT_NE(w3, nullptr);
  EXPECT_EQ(w3->floor_strike, D("98001.00"));
  set_from(180, "98060.00");
  tick_at(180);
  tick_at(181);
  EXPECT_EQ(w3->expiration_value, "98001.00000000");
  EXPECT_EQ(w3->result, kalshi::MarketResult::yes);
}

TEST_F(CryptoWindows, CfBenchmarksSubscriptionsAndIndexList) {
  // No index_ids: subscribed, but no ticks until indices are added.
  command(R"({"id":1,"cmd":"subscribe","params":{"channels":["cfbenchmarks_value"]}})");
  ASSERT_EQ(of_type("subscribed").size(), 1u);
  const std::int64_t sid = of_type("subscribed")[0]["msg"]["sid"];
  tick_at(3);
  EXPECT_TRUE(of_type("cfbenchmarks_value").empty());

  command(R"({"id":2,"cmd":"update_subscription","params":{"sid":)" + std::to_string(sid) +
          R"(,"action":"subscribe_indices"}})");
  auto errors = of_type("error");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0]["msg"]["code"], 24);
  EXPECT_EQ(errors[0]["msg"]["msg"], "Index IDs required");
  EXPECT_EQ(errors[0]["id"], 2);

  command(R"({"id":3,"cmd":"update_subscription","params":{"sids":[)" + std::to_string(sid) +
          R"(],"action":"subscribe_indices","index_ids":["BRTI"]}})");
  auto oks = of_type("ok");
  ASSERT_EQ(oks.size(), 1u);
  EXPECT_EQ(oks[0]["msg"]["index_ids"], json::array({"BRTI"}));
  EXPECT_EQ(oks[0]["seq"], 1);

  command(R"({"id":4,"cmd":"update_subscription","params":{"sid":)" + std::to_string(sid) +
          R"(,"action":"indexlist"}})");
  const auto lists = of_type("cfbenchmarks_value_indexlist");
  ASSERT_EQ(lists.size(), 1u);
  EXPECT_EQ(lists[0]["msg"]["index_ids"], json::array({"BRTI"}));
  EXPECT_EQ(lists[0]["id"], 4);
  EXPECT_EQ(lists[0]["sid"], sid);
  EXPECT_EQ(lists[0]["seq"], 2);

  tick_at(5);  // seconds 4 and 5
  auto ticks = of_type("cfbenchmarks_value");
  ASSERT_EQ(ticks.size(), 2u);
  EXPECT_EQ(ticks[0]["seq"], 3);
  EXPECT_EQ(ticks[1]["seq"], 4);
  const json& msg = ticks[1]["msg"];
  EXPECT_EQ(msg["index_id"], "BRTI");
  EXPECT_EQ(msg["received_at"], 1'767'225'605'000);
  const json data = json::parse(msg["data"].get<std::string>());
  EXPECT_EQ(data["type"], "value");
  EXPECT_EQ(data["id"], "BRTI");
  EXPECT_EQ(data["time"], 1'767'225'605'000);
  EXPECT_EQ(data["value"], "98000.00");
  // Trailing [t − 60 s, t): the prior seconds 0..4 in the history.
  EXPECT_EQ(msg["avg_60s_data"]["value"], "98000.00000000");
  EXPECT_EQ(msg["avg_60s_data"]["window_size"], 5);
  EXPECT_EQ(msg["avg_60s_data"]["window_start_ts_ms"], 1'767'225'545'000);
  EXPECT_EQ(msg["avg_60s_data"]["window_end_ts_exclusive"], 1'767'225'605'000);
  // One-minute windows: every second is in a final minute; second 5 is the fifth.
  EXPECT_EQ(msg["last_60s_windowed_average_15min"]["window_size"], 5);
  EXPECT_EQ(msg["last_60s_windowed_average_15min"]["window_start_ts_ms"], 1'767'225'600'000);
  EXPECT_EQ(msg["last_60s_windowed_average_15min"]["window_end_ts_exclusive"], 1'767'225'660'000);

  command(R"({"id":5,"cmd":"update_subscription","params":{"sid":)" + std::to_string(sid) +
          R"(,"action":"unsubscribe_indices","index_ids":["BRTI"]}})");
  EXPECT_EQ(of_type("ok").back()["seq"], 5);
  EXPECT_EQ(of_type("ok").back()["msg"]["index_ids"], json::array());
  tick_at(7);
  EXPECT_EQ(of_type("cfbenchmarks_value").size(), 2u);  // nothing more

  command(R"({"id":6,"cmd":"update_subscription","params":{"sid":)" + std::to_string(sid) +
          R"(,"action":"subscribe_indices","index_ids":["all"]}})");
  tick_at(8);
  ticks = of_type("cfbenchmarks_value");
  ASSERT_EQ(ticks.size(), 3u);
  EXPECT_EQ(ticks.back()["seq"], 7);  // ok = 6, then the tick
  // Ten minutes without a tick: only the last minute is relayed, seconds 548..608 (61).
  tick_at(608);
  EXPECT_EQ(of_type("cfbenchmarks_value").size(), 3u + 61u);

  command(R"({"id":7,"cmd":"update_subscription","params":{"sid":)" + std::to_string(sid) +
          R"(,"action":"add_markets","market_tickers":["X"]}})");
  EXPECT_EQ(of_type("error").back()["msg"]["code"], 13);
}

// A recorded path (sim.index_path) drives the index: recorded at +0 s 50000.10, from +30 s
// 50000.70 (relative to the recording's start, which is the simulator's start).
SimExchangeOptions recorded() {
  SimExchangeOptions o = flat_index(false);
  o.recorded_index = {{1'700'000'000'000, "BTC", D("50000.10")},
                      {1'700'000'030'000, "BTC", D("50000.70")},
                      {1'700'000'000'000, "SOL", D("140")}};
  return o;
}

class RecordedWindows : public CryptoWindows {
 protected:
  RecordedWindows() : CryptoWindows(t0(), 60s, recorded()) {}
};

TEST_F(RecordedWindows, TheRecordingSetsTargetsAndResults) {
  const SimMarket* w1 = window_closing(ex, t0() + 60s);
  ASSERT_NE(w1, nullptr);
  EXPECT_EQ(w1->floor_strike, D("50000.10"));  // the recording's first value
  tick_at(60);
  tick_at(61);
  // Seconds 1..29 at 50000.10, 30..60 at 50000.70:
  // (29 · 50000.10 + 31 · 50000.70) / 60 = (1450002.9 + 1550021.7) / 60 = 50000.41 → YES.
  EXPECT_EQ(w1->expiration_value, "50000.41000000");
  EXPECT_EQ(w1->result, kalshi::MarketResult::yes);
  EXPECT_EQ(window_closing(ex, t0() + 120s)->floor_strike, D("50000.41"));
}

class FifteenMinuteWindows : public CryptoWindows {
 protected:
  // 14 minutes into the window closing at t0 + 900 s, two seconds before its final minute.
  FifteenMinuteWindows() : CryptoWindows(t0() + 838s, 900s) {}
};

TEST_F(FifteenMinuteWindows, FinalMinuteAverageOnlyInTheLastMinuteWithCountsOneToSixty) {
  command(
      R"({"id":1,"cmd":"subscribe","params":{"channels":["cfbenchmarks_value"],"index_ids":["BRTI"]}})");
  for (int s = 839; s <= 902; ++s) tick_at(s);
  const auto ticks = of_type("cfbenchmarks_value");
  ASSERT_EQ(ticks.size(), 64u);  // seconds 839..902
  for (const auto& t : ticks) {
    const std::int64_t second =
        json::parse(t["msg"]["data"].get<std::string>())["time"].get<std::int64_t>() / 1000 -
        1'767'225'600;
    const bool in_final_minute = second >= 841 && second <= 900;
    ASSERT_EQ(t["msg"].contains("last_60s_windowed_average_15min"), in_final_minute) << second;
    if (!in_final_minute) continue;
    const json& f = t["msg"]["last_60s_windowed_average_15min"];
    EXPECT_EQ(f["window_size"], second - 840);  // :01 → 1 … the close → 60
    EXPECT_EQ(f["value"], "98000.00000000");
    EXPECT_EQ(f["window_start_ts_ms"], (1'767'225'600 + 840) * 1000LL);
    EXPECT_EQ(f["window_end_ts_exclusive"], (1'767'225'600 + 900) * 1000LL);
  }
  // seq counts 1, 2, … per sid.
  EXPECT_EQ(ticks.front()["seq"], 1);
  EXPECT_EQ(ticks.back()["seq"], 64);

  // The daemon's own parser reads the close tick: the window (close − 60 s, close] full.
  const std::string close_tick = raw_where("cfbenchmarks_value", [](const json& f) {
    return f["msg"].contains("last_60s_windowed_average_15min") &&
           f["msg"]["last_60s_windowed_average_15min"]["window_size"] == 60;
  });
  ASSERT_FALSE(close_tick.empty());
  kalshi::WsParser parser;
  const auto parsed = parser.parse(close_tick);
  ASSERT_TRUE(parsed) << parsed.error().message();
  const auto* cf = std::get_if<kalshi::CfBenchmarksValue>(&*parsed);
  ASSERT_NE(cf, nullptr);
  EXPECT_EQ(cf->index_id, "BRTI");
  EXPECT_EQ(cf->value, D("98000"));
  EXPECT_EQ(cf->time_ms, (1'767'225'600 + 900) * 1000LL);
  ASSERT_TRUE(cf->last_60s_windowed_average_15min.has_value());
  EXPECT_EQ(*cf->last_60s_windowed_average_15min,
            (kalshi::CfBenchmarksAverage{D("98000"), 60, (1'767'225'600 + 840) * 1000LL,
                                         (1'767'225'600 + 900) * 1000LL}));
}

// Liquidity providers on, quoting the digital value without mispricing, on an index with
// BTC's normal volatility (0.5 a year) and no regime switches.
SimExchangeOptions quoted() {
  SimExchangeOptions o;
  o.index.switch_probability = 0.0;
  o.crypto_quote_noise = 0.0;
  return o;
}

class QuotedWindows : public CryptoWindows {
 protected:
  QuotedWindows() : CryptoWindows(t0() + 60s, 900s, quoted()) {}
  const SimMarket& open_window() { return *window_closing(ex, t0() + 900s); }
  std::optional<kalshi::BookLevel> best_bid() {
    return ex.core().market(open_window().ticker)->engine->best_bid();
  }
  std::optional<kalshi::BookLevel> best_ask() {
    return ex.core().market(open_window().ticker)->engine->best_ask();
  }
};

TEST_F(QuotedWindows, LiquidityProvidersQuoteTheDigitalValue) {
  const SimMarket& m = open_window();
  ASSERT_TRUE(m.floor_strike.has_value());
  EXPECT_EQ(*m.floor_strike, D("98000"));  // the index at the start
  // At the money with 14 minutes left: about one half, the quotes straddle it.
  ex.indices().by_id("BRTI")->jump_to(D("98000"));
  tick_at(61);
  ASSERT_TRUE(m.digital_value.has_value());
  EXPECT_GT(*m.digital_value, 0.4);
  EXPECT_LT(*m.digital_value, 0.6);
  EXPECT_EQ(m.fair_value, *m.digital_value);  // no mispricing configured
  ASSERT_TRUE(best_bid().has_value());
  ASSERT_TRUE(best_ask().has_value());
  EXPECT_GE(best_bid()->price, Price::of(3500));
  EXPECT_LE(best_ask()->price, Price::of(6500));
  EXPECT_LT(best_bid()->price, best_ask()->price);
  // 1 % below the target (about −3.8 standard deviations): the digital is near 0 and the
  // LPs quote at the floor of 0.01 (asks from 0.02, no bid above 0.01).
  ex.indices().by_id("BRTI")->jump_to(D("97020"));
  tick_at(62);
  EXPECT_LT(*m.digital_value, 0.001);
  ASSERT_TRUE(best_ask().has_value());
  EXPECT_LE(best_ask()->price, Price::of(300));
  EXPECT_FALSE(best_bid().has_value() && best_bid()->price > Price::of(100));
  // 1 % above: near 1, bids from 0.98 and no ask below 0.99.
  ex.indices().by_id("BRTI")->jump_to(D("98980"));
  tick_at(63);
  EXPECT_GT(*m.digital_value, 0.999);
  ASSERT_TRUE(best_bid().has_value());
  EXPECT_GE(best_bid()->price, Price::of(9700));
  EXPECT_FALSE(best_ask().has_value() && best_ask()->price < Price::of(9900));
}

}  // namespace
}  // namespace antevorta::sim
