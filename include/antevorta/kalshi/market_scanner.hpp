// The market scanner: which markets the daemon follows.
//
// At start it pages through GET /markets (status open, once per configured series, or all
// series when none is configured), keeps the markets that pass the filters (below), and
// hands them to the StreamClient to keep their books. After that it follows
// market_lifecycle_v2: a `created` market of a followed series is fetched over REST and
// added when it passes; `price_level_structure_updated` refreshes the book's grid;
// `deactivated` / `activated` mark a pause. The initial scan takes open and unopened
// markets. Kalshi sends nothing at open_time or close_time, so the scanner checks the clock
// (every close_check_interval): an `initialized` market whose open_time has passed becomes
// `active` (an `updated` change), and a market whose close_time has passed is marked closed.
// Closing and `determined` (with result and settlement value) drop the book but keep the market's
// metadata; `settled` forgets the market. Every change is a MarketChanged bus event: listed,
// updated, closed, determined, settled.
//
// Filters (all optional): series; created within N; closing between min and max time from
// now; minimum volume and open interest; multivariate combos (KXMVE*, or any market with an
// mve_collection_ticker) excluded unless asked for; at most max_markets, soonest close first.
// Threading: io_context thread. Lifetime: bus, clock, REST client and stream client must
// outlive the scanner; it may be destroyed right after stop().
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "antevorta/core/clock.hpp"
#include "antevorta/core/event_bus.hpp"
#include "antevorta/core/logging.hpp"
#include "antevorta/kalshi/models.hpp"
#include "antevorta/kalshi/rest_client.hpp"
#include "antevorta/kalshi/stream_client.hpp"

namespace antevorta::kalshi {

struct ScannerOptions {
  std::vector<SeriesTicker> series;  // empty: every series
  std::optional<Duration> created_within;
  std::optional<Duration> min_time_to_close;
  std::optional<Duration> max_time_to_close;
  Count min_volume;
  Count min_open_interest;
  bool include_multivariate = false;
  std::size_t max_markets = 500;
  Duration close_check_interval = std::chrono::seconds(1);
};

// Does `market` pass the filters at `now`? (Status is not checked here: the REST query asks
// for open markets, and lifecycle events carry the rest.)
bool scanner_accepts(const ScannerOptions& options, const Market& market, Timestamp now);

enum class MarketChange : std::uint8_t { listed, updated, closed, determined, settled };
std::string_view to_string(MarketChange change) noexcept;

struct MarketChanged {
  MarketChange change = MarketChange::listed;
  MarketTicker ticker;
  std::optional<Market> market;  // the current metadata when known
  Timestamp at{};
};

class MarketScanner {
 public:
  MarketScanner(boost::asio::any_io_executor executor, EventBus& bus, Clock& clock, Logger logger,
                RestClient& rest, StreamClient& stream, ScannerOptions options);
  ~MarketScanner();
  MarketScanner(const MarketScanner&) = delete;
  MarketScanner& operator=(const MarketScanner&) = delete;

  // Subscribes to market_lifecycle_v2 and starts the initial scan.
  void start();
  void stop();
  // Feed of the stream client's messages (wire with StreamClient::set_message_tap).
  void on_message(const WsMessage& message, Timestamp at);

  const std::map<MarketTicker, Market>& markets() const noexcept;
  bool initial_scan_done() const noexcept;
  // Marks every followed market whose close_time has passed as closed (also runs every
  // close_check_interval).
  void check_closes();

  struct State;

 private:
  boost::asio::any_io_executor executor_;
  std::shared_ptr<State> state_;
};

}  // namespace antevorta::kalshi
