// GET /metrics for `run` (OperatorBackend::metrics): the Prometheus text exposition of the
// daemon's counters and gauges, read from the components at scrape time (nothing is
// computed on the hot path for it). Names and labels are the README's "Metrics" table.
#include <chrono>

#include "antevorta/api/prometheus.hpp"
#include "antevorta/execution/order.hpp"
#include "antevorta/version.hpp"

#include "cli/operator_backend.hpp"

namespace antevorta::cli {

using api::MetricType;

std::string OperatorBackend::metrics() {
  const Timestamp now = clock_.now();
  auto& engine = trading_.engine();
  const auto& risk = trading_.risk();
  const auto& stats = engine.stats();
  api::PrometheusText out;

  crypto_metrics(out);
  out.family("antevorta_up", MetricType::gauge, "1 while the daemon answers");
  out.sample(1);
  out.family("antevorta_build_info", MetricType::gauge, "The running version");
  out.sample({{"version", build_info::kVersion}}, 1);
  out.family("antevorta_uptime_seconds", MetricType::gauge, "Seconds since the daemon started");
  out.sample(std::chrono::duration_cast<std::chrono::seconds>(now - started_at_).count());
  out.family("antevorta_ready", MetricType::gauge, "1 when /readyz answers 200");
  out.sample(readiness().empty());

  // Connections and the Kalshi stream.
  auto& stream = link_.stream();
  const auto& ws = stream.stats();
  out.family("antevorta_connection_up", MetricType::gauge, "1 while the connection is up");
  out.sample({{"connection", "kalshi_ws"}}, stream.state() == kalshi::ConnectionState::connected);
  out.sample({{"connection", "kalshi_rest"}}, rest_health(link_.rest()).up);
  out.family("antevorta_ws_messages_received_total", MetricType::counter,
             "WebSocket data frames received");
  out.sample({{"source", "kalshi"}}, ws.frames);
  out.family("antevorta_ws_messages_sent_total", MetricType::counter, "WebSocket commands sent");
  out.sample({{"source", "kalshi"}}, ws.commands_sent);
  out.family("antevorta_ws_bad_frames_total", MetricType::counter, "Frames that did not parse");
  out.sample({{"source", "kalshi"}}, ws.bad_frames);
  out.family("antevorta_reconnects_total", MetricType::counter,
             "Successful connects after the first");
  out.sample({{"source", "kalshi"}}, ws.connects > 0 ? ws.connects - 1 : 0);
  out.family("antevorta_seq_gaps_total", MetricType::counter, "Order book sequence gaps");
  out.sample({{"source", "kalshi"}}, ws.gaps);

  const auto& books = link_.books();
  out.family("antevorta_books", MetricType::gauge, "Order books followed, by state");
  out.sample({{"state", "fresh"}}, books.fresh_count());
  out.sample({{"state", "stale"}}, books.size() - books.fresh_count());
  Duration oldest{0};
  for (const auto* book : books.all()) {
    if (book->last_update() != Timestamp{} && now - book->last_update() > oldest) {
      oldest = now - book->last_update();
    }
  }
  out.family("antevorta_book_age_seconds_max", MetricType::gauge,
             "Time since the least recently updated book changed");
  out.sample(std::chrono::duration<double>(oldest).count());

  // REST.
  auto& rest = link_.rest();
  const auto& rs = rest.stats();
  out.family("antevorta_rest_request_duration_seconds", MetricType::histogram,
             "One HTTP exchange with Kalshi REST (connect, write, read)");
  for (const auto& e : rs.endpoints()) {
    out.histogram({{"method", e.method}, {"endpoint", e.endpoint}}, e.latency);
  }
  out.family("antevorta_rest_responses_total", MetricType::counter,
             "Kalshi REST answers by HTTP status (transport_error, timeout: no answer)");
  for (const auto& [status, n] : rs.responses_by_status()) {
    out.sample({{"status", std::to_string(status)}}, n);
  }
  out.sample({{"status", "transport_error"}}, rs.transport_errors());
  out.sample({{"status", "timeout"}}, rs.timeouts());
  out.family("antevorta_rate_limit_tokens", MetricType::gauge,
             "Tokens left in our Kalshi rate-limit buckets");
  out.sample({{"bucket", "read"}}, rest.limiter().bucket(kalshi::BucketKind::read).tokens(now));
  out.sample({{"bucket", "write"}}, rest.limiter().bucket(kalshi::BucketKind::write).tokens(now));

  // Decisions and orders.
  out.family("antevorta_intents_total", MetricType::counter, "Intents submitted to execution");
  out.sample(stats.intents);
  out.family("antevorta_intents_approved_total", MetricType::counter, "Intents approved");
  out.sample(stats.approved);
  out.family("antevorta_risk_denials_total", MetricType::counter,
             "Intents denied by the risk manager, by reason");
  for (std::size_t i = 0; i < risk::kDenyReasonCount; ++i) {
    const auto reason = static_cast<risk::DenyReason>(i);
    out.sample({{"reason", risk::to_string(reason)}}, risk.denial_count(reason));
  }
  out.family("antevorta_orders", MetricType::gauge, "Orders execution tracks, by state");
  for (auto state : {execution::OrderState::pending, execution::OrderState::resting,
                     execution::OrderState::partially_filled, execution::OrderState::unknown,
                     execution::OrderState::filled, execution::OrderState::canceled,
                     execution::OrderState::rejected}) {
    out.sample({{"state", execution::to_string(state)}}, engine.orders().in_state(state).size());
  }
  out.family("antevorta_orders_sent_total", MetricType::counter, "Create requests sent");
  out.sample(stats.creates_sent);
  out.family("antevorta_orders_rejected_total", MetricType::counter, "Orders the venue refused");
  out.sample(stats.rejected);
  out.family("antevorta_order_unknown_outcomes_total", MetricType::counter,
             "Creates whose outcome was unknown (timeout, 5xx)");
  out.sample(stats.unknown_outcomes);
  out.family("antevorta_cancels_sent_total", MetricType::counter, "Cancel requests sent");
  out.sample(stats.cancels_sent);

  // Money.
  const auto& ledger = engine.ledger();
  const auto totals = ledger.totals();
  out.family("antevorta_fills_total", MetricType::counter, "Fills applied to the ledger");
  out.sample(stats.fills);
  out.family("antevorta_fees_dollars_total", MetricType::counter, "Fees paid");
  out.sample(totals.fees_paid);
  const auto day = ledger.day(execution::utc_day(now));
  out.family("antevorta_pnl_today_dollars", MetricType::gauge, "P&L of the UTC day");
  out.sample({{"kind", "realized"}}, day.realized_before_fees);
  out.sample({{"kind", "fees"}}, day.fees_paid);
  out.sample({{"kind", "net"}}, day.realized_after_fees());
  out.family("antevorta_exposure_dollars", MetricType::gauge, "Money at risk in positions");
  out.sample(exposure());
  out.family("antevorta_balance_dollars", MetricType::gauge, "Cash, all shards");
  out.sample(ledger.cash());
  if (auto equity = engine.view().equity()) {
    out.family("antevorta_equity_dollars", MetricType::gauge, "Cash plus positions at the bid");
    out.sample(*equity);
  }
  out.family("antevorta_positions_known", MetricType::gauge,
             "1 once reconciliation has confirmed the positions");
  out.sample(engine.positions_known());

  // Latches and reconciliation.
  const auto& state = risk.state();
  out.family("antevorta_kill_switch_engaged", MetricType::gauge, "1 while the kill switch is on");
  out.sample(state.kill_switch.engaged);
  out.family("antevorta_circuit_breaker_engaged", MetricType::gauge,
             "1 while the circuit breaker is tripped");
  out.sample(state.circuit_breaker.engaged);
  out.family("antevorta_reconciliations_total", MetricType::counter,
             "Successful reconciliation rounds");
  out.sample(stats.reconciliations);
  out.family("antevorta_ledger_corrections_total", MetricType::counter,
             "Corrections reconciliation applied to the ledger");
  out.sample(stats.corrections);
  out.family("antevorta_ledger_drift", MetricType::gauge,
             "1 while the kill switch is engaged for ledger drift");
  out.sample(state.kill_switch.engaged &&
             state.kill_switch.reason == risk::LatchReason::ledger_drift);
  return std::move(out).take();
}

}  // namespace antevorta::cli
