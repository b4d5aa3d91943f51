// The crypto side of the operator surface: GET /api/crypto, GET /api/forecasts and the
// feed / index / settlement / forecast metrics (OperatorBackend, operator_backend.hpp).
#include <chrono>
#include <cmath>

#include "antevorta/api/encode.hpp"
#include "antevorta/feeds/events.hpp"

#include "cli/operator_backend.hpp"

namespace antevorta::cli {

using api::Json;
using api::MetricType;

namespace {

Json optional_decimal(const std::optional<Decimal>& d) {
  return d ? Json(d->to_string()) : Json(nullptr);
}

Json time_or_null(const std::optional<Timestamp>& t) {
  return t ? Json(format_iso8601(*t)) : Json(nullptr);
}

double seconds(Duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

nlohmann::json OperatorBackend::crypto() {
  const Timestamp now = clock_.now();
  Json feed_list = Json::array();
  for (const auto& f : crypto_.feeds()) {
    feed_list.push_back({{"source", f.source},
                         {"url", f.url},
                         {"state", feeds::to_string(f.state)},
                         {"detail", f.detail},
                         {"frames", f.frames},
                         {"ticks", f.ticks},
                         {"bad_frames", f.bad_frames},
                         {"reconnects", f.reconnects},
                         {"last_tick", time_or_null(f.last_tick)}});
  }
  Json indices = Json::array();
  for (const auto& s : crypto_.indices()) {
    const auto& u = s.current;
    indices.push_back(
        {{"asset", s.asset},
         {"status", feeds::to_string(u.status)},
         {"reason", feeds::to_string(u.reason)},
         {"basis", feeds::to_string(u.basis)},
         {"value", u.status == feeds::IndexStatus::ok ? Json(u.value.to_string()) : Json(nullptr)},
         {"median", optional_decimal(u.median)},
         {"reference", optional_decimal(u.reference)},
         {"fresh_sources", u.fresh_sources},
         {"spread_bps", u.spread_bps},
         {"reference_gap_bps", s.reference_gap_bps ? Json(*s.reference_gap_bps) : Json(nullptr)},
         {"divergent", s.divergent},
         {"updated_at", u.at == Timestamp{} ? Json(nullptr) : Json(format_iso8601(u.at))},
         {"unavailable_episodes", s.unavailable_episodes},
         {"divergence_alarms", s.divergence_alarms}});
  }
  Json markets = Json::array();
  for (const auto& p : crypto_.progress()) {
    markets.push_back({{"ticker", p.ticker.str()},
                       {"asset", p.asset},
                       {"target", p.target.to_string()},
                       {"close_time", format_iso8601(p.close_time)},
                       {"index", p.index.to_string()},
                       {"seconds_to_close", seconds(p.close_time - now)},
                       {"running_average", optional_decimal(p.running_average)},
                       {"samples", p.samples},
                       {"implied_outcome", p.implied_yes ? "yes" : "no"}});
  }
  Json checks = Json::array();
  for (const auto& r : crypto_.recent_checks()) {
    const auto& c = r.check;
    checks.push_back({{"ticker", c.ticker.str()},
                      {"asset", c.asset},
                      {"target", r.target.to_string()},
                      {"close_time", format_iso8601(r.close_time)},
                      {"computed_average", optional_decimal(c.computed_average)},
                      {"computed", c.computed_yes ? "yes" : "no"},
                      {"kalshi", c.kalshi_yes ? "yes" : "no"},
                      {"agree", c.agree},
                      {"samples", c.samples},
                      {"from_reference", r.from_reference}});
  }
  Json settlement = nullptr;
  if (const auto s = crypto_.settlement()) {
    settlement = {{"followed", s->followed},     {"checked", s->checked},
                  {"agreed", s->agreed},         {"agreement_rate", s->agreement_rate()},
                  {"incomplete", s->incomplete}, {"from_reference", s->from_reference},
                  {"unobserved", s->unobserved}, {"ignored_results", s->ignored_results}};
  }
  return Json{{"enabled", crypto_.enabled()}, {"feeds", feed_list},       {"indices", indices},
              {"markets", markets},           {"settlement", settlement}, {"checks", checks}};
}

nlohmann::json OperatorBackend::forecasts() {
  Json scores = Json::array();
  for (const auto& s : crypto_.forecast_scores()) {
    scores.push_back({{"model", s.model},
                      {"bucket", s.bucket},
                      {"n", s.n},
                      {"brier", s.brier},
                      {"log_loss", s.log_loss},
                      {"hit_rate", s.hit_rate}});
  }
  return Json{{"scores", scores}};
}

void OperatorBackend::crypto_metrics(api::PrometheusText& out) const {
  if (!crypto_.enabled()) return;
  const Timestamp now = clock_.now();
  const auto feed_list = crypto_.feeds();
  out.family("antevorta_feed_up", MetricType::gauge, "1 while a price feed is live");
  for (const auto& f : feed_list)
    out.sample({{"source", f.source}}, f.state == feeds::FeedState::live);
  out.family("antevorta_feed_messages_received_total", MetricType::counter,
             "Price feed WebSocket frames received");
  for (const auto& f : feed_list) out.sample({{"source", f.source}}, f.frames);
  out.family("antevorta_feed_messages_sent_total", MetricType::counter,
             "Price feed WebSocket messages sent (subscriptions, keepalives)");
  for (const auto& f : feed_list) out.sample({{"source", f.source}}, f.sent);
  out.family("antevorta_feed_ticks_total", MetricType::counter, "Prices published by a feed");
  for (const auto& f : feed_list) out.sample({{"source", f.source}}, f.ticks);
  out.family("antevorta_feed_bad_frames_total", MetricType::counter,
             "Price feed frames that did not parse");
  for (const auto& f : feed_list) out.sample({{"source", f.source}}, f.bad_frames);
  out.family("antevorta_feed_reconnects_total", MetricType::counter, "Price feed reconnects");
  for (const auto& f : feed_list) out.sample({{"source", f.source}}, f.reconnects);
  out.family("antevorta_feed_age_seconds", MetricType::gauge,
             "Seconds since a feed's last price (absent before the first)");
  for (const auto& f : feed_list) {
    if (f.last_tick) out.sample({{"source", f.source}}, seconds(now - *f.last_tick));
  }

  const auto indices = crypto_.indices();
  out.family("antevorta_index_available", MetricType::gauge,
             "1 while an asset's index can be traded on");
  for (const auto& s : indices) {
    out.sample({{"asset", s.asset}}, s.current.status == feeds::IndexStatus::ok);
  }
  out.family("antevorta_index_value", MetricType::gauge, "The aggregated index (when available)");
  for (const auto& s : indices) {
    if (s.current.status == feeds::IndexStatus::ok) {
      out.sample({{"asset", s.asset}, {"basis", std::string(feeds::to_string(s.current.basis))}},
                 s.current.value.to_double());
    }
  }
  out.family("antevorta_index_sources_fresh", MetricType::gauge, "Fresh exchange sources");
  for (const auto& s : indices) out.sample({{"asset", s.asset}}, s.current.fresh_sources);
  out.family("antevorta_index_spread_bps", MetricType::gauge,
             "Spread of the fresh exchange sources, basis points of the median");
  for (const auto& s : indices) out.sample({{"asset", s.asset}}, s.current.spread_bps);
  out.family("antevorta_index_divergence_alarms_total", MetricType::counter,
             "Episodes of exchange sources disagreeing beyond max_divergence_bps");
  for (const auto& s : indices) out.sample({{"asset", s.asset}}, s.divergence_alarms);
  out.family("antevorta_index_unavailable_total", MetricType::counter,
             "Times an index became unavailable");
  for (const auto& s : indices) out.sample({{"asset", s.asset}}, s.unavailable_episodes);

  if (const auto st = crypto_.settlement()) {
    out.family("antevorta_settlement_checks_total", MetricType::counter,
               "Settled 15-minute markets compared with our own computation");
    out.sample(st->checked);
    out.family("antevorta_settlement_agreements_total", MetricType::counter,
               "… where our outcome matched Kalshi's result");
    out.sample(st->agreed);
    out.family("antevorta_settlement_agreement_ratio", MetricType::gauge,
               "agreements / checks (0 before the first check)");
    out.sample(st->agreement_rate());
  }

  const auto scores = crypto_.forecast_scores();
  out.family("antevorta_forecasts_scored", MetricType::gauge,
             "Forecasts joined with their market's outcome");
  for (const auto& s : scores) out.sample({{"model", s.model}, {"bucket", s.bucket}}, s.n);
  out.family("antevorta_forecast_brier_score", MetricType::gauge, "Mean squared error of P(YES)");
  for (const auto& s : scores) out.sample({{"model", s.model}, {"bucket", s.bucket}}, s.brier);
  out.family("antevorta_forecast_log_loss", MetricType::gauge, "Mean log loss of P(YES)");
  for (const auto& s : scores) out.sample({{"model", s.model}, {"bucket", s.bucket}}, s.log_loss);
  out.family("antevorta_forecast_hit_rate", MetricType::gauge,
             "Share of forecasts on the right side of 0.5");
  for (const auto& s : scores) out.sample({{"model", s.model}, {"bucket", s.bucket}}, s.hit_rate);
}

}  // namespace antevorta::cli
