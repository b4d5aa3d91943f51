// ExchangeStatusMonitor: whether each exchange shard is trading now, from GET
// /exchange/status polled every `period` (the weekly maintenance window and exchange pauses
// stop trading; API-NOTES §8). The top-level fields describe shard 0; exchange_index_statuses
// the others.
//
// trading_active(shard) is nullopt until the first successful poll, for a shard the exchange
// did not report, and when the last successful poll is older than `stale_after` (risk treats
// unknown as "do not trade"). Each change of a shard's state is an ExchangeStatusChanged bus
// event and a log line; a failed poll is retried by the periodic task's backoff.
// Threading: io_context thread. Lifetime: bus, clock and REST client outlive the monitor
// (and any poll still in flight); the monitor may be destroyed while a poll is pending.
#pragma once

#include <map>
#include <memory>
#include <optional>

#include <boost/asio/any_io_executor.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/kalshi/rest_client.hpp"

namespace antevorta::net {
class PeriodicTask;
}

namespace antevorta::kalshi {

struct ExchangeStatusChanged {
  int exchange_index = 0;
  bool exchange_active = false;
  bool trading_active = false;
  Timestamp at{};
};

struct ExchangeStatusOptions {
  Duration period = std::chrono::seconds(30);
  Duration stale_after = std::chrono::seconds(120);
};

class ExchangeStatusMonitor {
 public:
  ExchangeStatusMonitor(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock,
                        Logger logger, RestClient& rest, ExchangeStatusOptions options = {});
  ~ExchangeStatusMonitor();
  ExchangeStatusMonitor(const ExchangeStatusMonitor&) = delete;
  ExchangeStatusMonitor& operator=(const ExchangeStatusMonitor&) = delete;

  void start();
  void stop();
  // Applies one status answer (the poller's path; tests call it directly).
  void apply(const ExchangeStatus& status, Timestamp at);

  std::optional<bool> trading_active(int exchange_index) const;
  std::optional<Timestamp> last_success() const noexcept { return last_success_; }

 private:
  struct Shard {
    bool exchange_active = false;
    bool trading_active = false;
  };
  void set(int index, bool exchange_active, bool trading_active, Timestamp at);

  EventBus& bus_;
  Clock& clock_;
  Logger logger_;
  ExchangeStatusOptions options_;
  std::map<int, Shard> shards_;
  std::optional<Timestamp> last_success_;
  // Shared with the poll body, which may resume after the monitor is gone.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  std::unique_ptr<net::PeriodicTask> poller_;
};

}  // namespace antevorta::kalshi
