// The operator API's backend for `run` (api/backend.hpp): reads and commands over the
// started KalshiLink and Trading. Manual orders are intents of strategy "manual" through the
// engine's normal path (expiry gate, risk, durable before send); flatten sends, for every
// non-zero position, an IOC sell of the held leg at its bid less risk.price_band (snapped
// down to the market's grid) with purpose flatten, which passes the kill switch and the
// circuit breaker but nothing else.
// Threading: the io_context thread. Lifetime: the link, trading and store outlive it.
#pragma once

#include <memory>
#include <string>

#include "antevorta/api/backend.hpp"
#include "antevorta/api/equity_history.hpp"
#include "antevorta/api/prometheus.hpp"
#include "antevorta/config/config.hpp"
#include "antevorta/core/clock.hpp"

#include "cli/crypto_link.hpp"
#include "cli/kalshi_link.hpp"
#include "cli/trading.hpp"

namespace antevorta::cli {

class OperatorBackend final : public api::Backend {
 public:
  OperatorBackend(const config::AppConfig& cfg, Clock& clock, KalshiLink& link, Trading& trading,
                  CryptoLink& crypto);

  nlohmann::json status() override;
  std::vector<api::NotReady> readiness() override;
  std::string metrics() override;  // operator_metrics.cpp
  nlohmann::json markets() override;
  std::optional<nlohmann::json> book(std::string_view ticker) override;
  nlohmann::json positions() override;
  nlohmann::json orders(const api::OrderListQuery& query) override;
  nlohmann::json fills(std::size_t limit) override;
  nlohmann::json signals(std::size_t limit) override;
  nlohmann::json decisions(std::size_t limit) override;
  nlohmann::json crypto() override;     // operator_crypto.cpp
  nlohmann::json forecasts() override;  // operator_crypto.cpp
  nlohmann::json equity() override;
  // Samples the equity for the curve (EquityHistory) once the daemon is ready (/readyz).
  void sample_equity();

  api::SubmitOutcome submit_order(const api::ManualOrder& order) override;
  api::CancelOutcome cancel_order(std::string_view client_order_id) override;
  nlohmann::json set_kill_switch(const api::KillSwitchRequest& request) override;
  nlohmann::json flatten(const std::string& reason) override;
  nlohmann::json reset_circuit_breaker(const std::string& reason) override;
  std::optional<bool> set_strategy(std::string_view name, bool enabled) override;

 private:
  strategy::IntentId next_intent_id(std::string_view kind);
  Money exposure() const;  // money at risk in positions (status and metrics)
  void crypto_metrics(api::PrometheusText& out) const;  // operator_crypto.cpp

  const config::AppConfig& cfg_;
  Clock& clock_;
  KalshiLink& link_;
  Trading& trading_;
  CryptoLink& crypto_;
  Timestamp started_at_;
  std::uint64_t sequence_ = 0;
  api::EquityHistory equity_history_;
};

}  // namespace antevorta::cli
