#include "antevorta/kalshi/exchange_status.hpp"

#include <stdexcept>

#include "antevorta/net/periodic_task.hpp"

namespace antevorta::kalshi {

namespace asio = boost::asio;

ExchangeStatusMonitor::ExchangeStatusMonitor(asio::any_io_executor executor, EventBus& bus,
                                             Clock& clock, Logger logger, RestClient& rest,
                                             ExchangeStatusOptions options)
    : bus_(bus), clock_(clock), logger_(std::move(logger)), options_(options) {
  poller_ = std::make_unique<net::PeriodicTask>(
      std::move(executor), clock_, logger_, "kalshi.exchange_status",
      net::PeriodicOptions{options_.period, 0.1, true, {}},
      [this, &rest, alive = alive_]() -> asio::awaitable<void> {
        auto status = co_await rest.exchange_status();
        if (!*alive) co_return;  // the monitor went away while the request was in flight
        // A throw makes the periodic task back off and count the failure.
        if (!status) throw std::runtime_error("exchange status: " + status.error().message);
        apply(*status, clock_.now());
      });
}

ExchangeStatusMonitor::~ExchangeStatusMonitor() {
  *alive_ = false;
  stop();
}

void ExchangeStatusMonitor::start() { poller_->start(); }
void ExchangeStatusMonitor::stop() { poller_->stop(); }

void ExchangeStatusMonitor::apply(const ExchangeStatus& status, Timestamp at) {
  set(0, status.exchange_active, status.trading_active, at);
  for (const auto& s : status.exchange_index_statuses) {
    set(s.exchange_index, s.exchange_active, s.trading_active, at);
  }
  last_success_ = at;
}

void ExchangeStatusMonitor::set(int index, bool exchange_active, bool trading_active,
                                Timestamp at) {
  auto [it, added] = shards_.try_emplace(index);
  if (!added && it->second.exchange_active == exchange_active &&
      it->second.trading_active == trading_active) {
    return;
  }
  it->second = Shard{exchange_active, trading_active};
  logger_->info("exchange_status exchange_index={} exchange_active={} trading_active={}", index,
                exchange_active, trading_active);
  bus_.publish(ExchangeStatusChanged{index, exchange_active, trading_active, at});
}

std::optional<bool> ExchangeStatusMonitor::trading_active(int exchange_index) const {
  if (!last_success_ || clock_.now() - *last_success_ > options_.stale_after) return std::nullopt;
  auto it = shards_.find(exchange_index);
  if (it == shards_.end()) return std::nullopt;
  return it->second.exchange_active && it->second.trading_active;
}

}  // namespace antevorta::kalshi
